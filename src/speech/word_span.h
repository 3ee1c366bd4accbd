// Where a word eSpeak NG reports lies in the written text. eSpeak NG gives a word's position
// in code points and a length that covers only what it says first ("1," of "1,300", "NATO" of
// "NATO-Russia"); these turn that into the byte range of the whole written word, without the
// white space and unspoken punctuation around it, for word timings (highlighting, subtitles).
// Pure functions of their arguments; any thread.
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace voxmark::speech {

// Byte offset of each code point of `text`, plus text.size() at the end.
std::vector<std::size_t> code_point_offsets(std::string_view text);

// Extends `end` (a byte offset in `text`) over the rest of the written word: letters and
// digits, and joiners between them ("1,300", "12.5", "NATO-led", "Russia's"), but not across
// ideographs, which are words on their own.
std::size_t extend_word_end(std::string_view text, std::size_t end);

// Shrinks [begin, end) of `text` to drop white space, and unspoken punctuation ("2010," ->
// "2010") when something else remains; symbols eSpeak NG reads out ("%", "&", "#") stay.
std::pair<std::size_t, std::size_t> trim_word(std::string_view text, std::size_t begin,
                                              std::size_t end);

}  // namespace voxmark::speech
