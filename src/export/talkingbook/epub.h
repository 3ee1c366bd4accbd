// The EPUB 3 publication: package document, navigation document, content documents, overlays,
// stylesheet and audio, zipped per OCF with libzip.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "document/document.h"
#include "export/talkingbook/markup.h"

namespace voxmark::audiobook::talkingbook {

// The class reading systems put on the element being read (media:active-class); book.css
// styles it as the read-along page styles aria-current.
inline constexpr const char* kActiveClass = "vx-active";

struct EpubInput {
  const document::Document* doc = nullptr;
  std::vector<SentenceMs> times;  // one per document sentence, ms in `audio`
  std::filesystem::path audio;    // the MP3 to put in the book (read when the zip is closed)
  std::string language;           // BCP 47
  std::string title;              // the book's
};

// Writes the zip to `path` (a temporary that the caller moves into place); `shown` names the
// output in messages. Throws Error(io) when writing fails.
void write_epub(const std::filesystem::path& path, const std::filesystem::path& shown,
                const EpubInput& input);

}  // namespace voxmark::audiobook::talkingbook
