// The read-along page: one self-contained HTML file (style and script inline, no external
// resource) beside its audio file.
#pragma once

#include <string>
#include <vector>

#include "document/document.h"
#include "export/talkingbook/markup.h"

namespace voxmark::audiobook::talkingbook {

// The page for `doc`, playing `audio_href` (a relative URL: the MP3's file name), sentences
// timed by `times` (one per document sentence, ms in that file). Starts with
// kReadAlongPageFirstLine (talking_book.h). A Content-Security-Policy allows only the page's
// own script and style (by hash) and media from beside it.
std::string render_read_along_page(const document::Document& doc,
                                   const std::vector<SentenceMs>& times,
                                   const std::string& audio_href, const std::string& language,
                                   const std::string& title);

// The script and stylesheet, as put in the page (exposed for the tests).
const std::string& read_along_script();
const std::string& read_along_style();

}  // namespace voxmark::audiobook::talkingbook
