// The document as HTML that is also well-formed XHTML (the EPUB's content documents and the
// read-along page share it): escaping, sentence ids, the body of blocks and units, the split
// into content documents and the nested table of contents.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "document/document.h"
#include "export/file_plan.h"

namespace voxmark::audiobook::talkingbook {

// Text for element content: & < > escaped; invalid UTF-8 becomes U+FFFD; characters XML 1.0
// forbids or HTML calls control characters (C0 but tab and line feed, DEL, C1, U+FFFE, U+FFFF)
// are dropped, so whatever a document holds, the result is well-formed and inert.
std::string escape_text(std::string_view utf8);
// The same, for a double- or single-quoted attribute value (" and ' escaped too).
std::string escape_attribute(std::string_view utf8);

// "s12" for sentence index 11: stable for the same document text.
std::string sentence_id(std::size_t sentence_index);

// Milliseconds as a SMIL full clock value, "H:MM:SS.mmm" (EPUB Media Overlays 3.3, "clock
// values"; also the form of media:duration).
std::string smil_clock(std::uint64_t ms);
// Milliseconds as seconds with three decimals, "12.345" (the page's data attributes).
std::string seconds_text(std::uint64_t ms);

// Sentence timing for the page's spans: begin and end in ms, per document sentence.
struct SentenceMs {
  std::uint64_t begin_ms = 0;
  std::uint64_t end_ms = 0;
};

// The blocks whose sentences are in [first_sentence, end_sentence), in order: headings as
// <h1>-<h6>, paragraphs as <p>, list items as <li> in a <ul>, quotes as <blockquote>, code as
// <pre>, notes as <aside>, each unit (list, quote, table, code) in a <div> that starts with its
// announcement; every sentence a <span id="sN" class="vx-s">. With `times` (one per document
// sentence) each span also carries data-b / data-e (seconds) and data-k / data-c (its block
// and section index), which the page's script reads.
std::string render_body(const document::Document& doc, std::size_t first_sentence,
                        std::size_t end_sentence, const std::vector<SentenceMs>* times);

// A content document: sentences [first, end) of the document, whole sections.
struct ContentPart {
  std::size_t first_sentence = 0;
  std::size_t end_sentence = 0;
  std::string title;  // its first section's label (file_plan.h section_label)
};
// One part per top-level section: the highest heading level that occurs at least twice (else
// the level below the highest), text before it in a part of its own. Never an empty part.
std::vector<ContentPart> split_parts(const document::Document& doc);

// The sections (with sentences) as a nested <ol> of links, `href(sentence_index)` giving a
// link's target: the navigation document's table of contents.
std::string toc_list(const document::Document& doc,
                     const std::function<std::string(std::size_t)>& href);

}  // namespace voxmark::audiobook::talkingbook
