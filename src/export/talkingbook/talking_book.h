// Talking books: the document's text with its speech, synchronised sentence by sentence, in
// the two forms made for reading along (issue 15).
//
//  - EPUB 3 with Media Overlays (`-o book.epub`): one XHTML content document per top-level
//    section (epub.cpp, markup.cpp), every spoken sentence in a <span id="sN"> (N: the
//    sentence's 1-based number in the document, stable across exports of the same text), a
//    navigation document with the table of contents, one SMIL overlay per content document
//    with a <par> per sentence (smil.cpp), the book's audio as one MP3, the accessibility
//    metadata, zipped with libzip per OCF (the "mimetype" entry first and stored).
//  - A read-along web page (`-o page.html`, read_along.cpp): the same markup, the audio in
//    page.mp3 beside it, and a small inline script that marks the sentence being spoken
//    (aria-current="true"; outline and underline, not colour alone), plays from a clicked
//    sentence, follows voxmark's keys, and honours `page.html#t=SECONDS`. No external resource.
//
// Timing: the audio is written by export_audiobook (exporter.h) in one file, and every clip
// time comes from ExportSummary::sentence_samples (the values the subtitles are cut from),
// converted with sample_to_ms (subtitles.h): SMIL, page and subtitles agree to the millisecond.
//
// Text safety: document text only ever reaches the output through escape_text /
// escape_attribute (markup.h); no document text is placed in a script or a style.
//
// Files: what export_audiobook promises (output_paths.h) holds here too. The EPUB replaces
// only an EPUB; the page only a page voxmark wrote (its first line, kReadAlongPageFirstLine);
// page.mp3 only audio. Everything is checked before synthesis; the EPUB appears whole or not
// at all; on failure no temporary is left. Threads: the calling thread (synthesis workers as
// in exporter.h). Errors: Error with the exit codes of docs/cli.md.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>

#include "document/document.h"
#include "export/exporter.h"

namespace voxmark::audiobook {

enum class TalkingBookKind { epub, page };

// What a read-along page's first bytes are: how voxmark recognises a page it may replace.
inline constexpr std::string_view kReadAlongPageFirstLine =
    "<!DOCTYPE html>\n<!-- voxmark read-along page";

// `--format` name ("epub", "html") or, when empty, the output's extension (.epub, .html,
// .htm, .xhtml: any case) -> the kind; nullopt: an audio format.
std::optional<TalkingBookKind> talking_book_kind(std::string_view format_name,
                                                 const std::filesystem::path& output);

// The page's audio file: OUTPUT with the extension .mp3 (page.html -> page.mp3).
std::filesystem::path read_along_audio_path(const std::filesystem::path& page);

// Writes the talking book. `options`: as for export_audiobook; format, split and profile
// rules are set here (one MP3), `output` is the .epub or .html, `subtitles` (optional) is
// timed against the talking book's audio. `language`: BCP 47, for lang attributes.
// Returns the summary of the audio with `files` = what the user now has.
ExportSummary export_talking_book(const document::Document& doc, TalkingBookKind kind,
                                  ExportOptions options, const std::string& language,
                                  EngineFactory engine_factory,
                                  const std::function<void(const ExportProgress&)>& on_progress);

}  // namespace voxmark::audiobook
