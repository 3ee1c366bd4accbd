// The spoken text of one paragraph, heading, table row or note as the reader collects it, and
// its split into sentences. Document text ("prose") gets the punctuation rules when it is cut
// into sentences; voxmark's own words and spelled-out code are kept as given ("literal"), and a
// literal "unit" (a code span, a URL, a key, a note cue) is never cut into two sentences.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "markdown/spoken_forms.h"
#include "text/sentence_splitter.h"

namespace voxmark::markdown {

class SpokenText {
 public:
  // Starts a new piece of text whose first byte comes from 1-based source line `line`.
  // `english_number_words`: dates, ranges and money are said in English words ("15 January
  // 2024", "10 to 12", "20 dollars"): only for a document in English, since the voice reads
  // them in the document's language.
  void start(int line, bool english_number_words);

  // Document text: control characters become spaces; punctuation rules apply later.
  void prose(std::string_view text);
  // voxmark's words or spelled-out code, said as given. A `unit` is never split.
  void literal(std::string_view text, bool unit);
  // A literal unit said before the punctuation that ends the text so far, if it ends with
  // ".", "!" or "?" (a note cue after "claim." is said "claim (note 1)." and stays with the
  // sentence it belongs to); otherwise appended as literal(text, true).
  void literal_before_end_punctuation(std::string_view text);
  // A soft break (' ') or a hard one ('\n', which always ends a sentence). With
  // `next_source_line`, the text after it comes from the next source line.
  void line_break(char separator, bool next_source_line);

  // True until document text (not only voxmark's words or white space) has been added.
  bool has_prose() const { return has_prose_; }
  // The text so far, trimmed, as collected (for the bold lead-in rule).
  std::string_view raw() const { return text_; }

  // The whole text as one sentence (headings, table headers): rules applied, white space
  // folded; empty when there is nothing to say.
  std::string whole(PunctuationLevel level) const;

  // Cuts the text into sentences with `splitter` (literal units masked, so no cut falls
  // inside one), applies the rules, folds white space, and calls `emit(sentence, line)` for
  // every non-empty sentence in order.
  void sentences(const text::SentenceSplitter& splitter, PunctuationLevel level,
                 const std::function<void(std::string, int)>& emit) const;

 private:
  struct Literal {
    std::size_t begin = 0;  // byte range in text_
    std::size_t end = 0;
    bool unit = false;
  };
  int line_at(std::size_t offset) const;
  // [begin, end) of text_ with prose rules applied to the prose and literals copied.
  std::string render(std::size_t begin, std::size_t end, PunctuationLevel level) const;

  std::string text_;
  std::vector<Literal> literals_;                         // in order, not overlapping
  std::vector<std::pair<std::size_t, int>> line_starts_;  // (byte offset in text_, line)
  bool has_prose_ = false;
  bool english_number_words_ = true;
};

// Folds white space runs (including line feeds) to one space and trims.
std::string fold_white_space(std::string_view text);

}  // namespace voxmark::markdown
