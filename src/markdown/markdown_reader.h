// Markdown -> document model: cmark-gfm parses (with GitHub's extensions: tables,
// strikethrough, autolinks, task lists, footnotes, tag filter), this walks the tree and
// decides what is spoken. docs/guide.md ("What is spoken") lists every rule for listeners.
#pragma once

#include <string>

#include "document/document.h"
#include "document/source.h"
#include "markdown/spoken_forms.h"

namespace voxmark::markdown {

// Which structure makes sections (docs/guide.md, "Sections").
//   full: headings, run-in headings (bold lead-ins), thematic breaks, and continuations.
//   headings: Markdown headings only, for documents whose bold lead-ins are not headings.
enum class StructureMode { full, headings };

struct ReadOptions {
  // Code blocks are announced ("Code block, python, 12 lines.") and, with this set, then read
  // line by line with every symbol named.
  bool read_code_blocks = false;
  PunctuationLevel punctuation = PunctuationLevel::some;  // for prose; code is always spelled
  UrlMode urls = UrlMode::host;
  StructureMode structure = StructureMode::full;
  // The language of the voice that will read the document (a BCP 47 tag: "fr", "en-GB"; empty:
  // English). A document whose front matter states no language is taken to be in it, so that
  // dates, money, units and versions are said in English words only for an English voice.
  std::string voice_language;
};

// What is spoken:
// - prose without markup; entities decoded; emoji by name; punctuation by `punctuation`;
// - inline code (and <kbd> keys) as one unit with every symbol named, never cut in two;
// - links as their text; bare URLs and autolinks by `urls`; e-mail addresses as addresses;
// - images as "(image: ALT)"; strikethrough as "(struck out: TEXT)"; task items start with
//   "Done:" or "Not done:";
// - inline HTML: tags silent, <br> a sentence break, comments silent;
// - HTML blocks (html_text.h): their text, tags and attributes silent, entities decoded;
//   block-level tags start a new block, <br> and table cells a new sentence; <img> as
//   "(image: ALT)", without alt nothing; comments, <script>, <style>, <!DOCTYPE> and
//   processing instructions silent; <h1>..<h6> are headings, sections exactly as "#".."######";
// - tables: "Table, 2 columns, 3 rows: Name, Age." then one block a row, each cell with its
//   column's header: "Name: Alice." "Age: 30."; an empty cell is "blank";
// - footnotes: the reference as "(note 1)"; the notes themselves ("Note 1: ...") as blocks at
//   the end of the section that first refers to them, never in the middle of a paragraph;
// - headings as their own sentence; code blocks as above;
// - lists, block quotes, tables and code blocks are units (Document::units) whose first
//   sentence says what they are and how long: "List, 3 items.", "Quote, 2 paragraphs.";
// - sections start at headings and, with StructureMode::full, at run-in headings (run_in.h),
//   thematic breaks, and where a list of run-ins ends (a continuation); the document's title
//   is its front matter's, else its first level-1 heading's.
// Never throws for any input text; an input with nothing to say gives a Document with no
// sentences (callers decide whether that is an error). Throws Error(data) only for a malformed
// user abbreviation file (text/sentence_splitter.h), which is configuration, not input.
document::Document read_markdown(const document::SourceText& source,
                                 const ReadOptions& options = {});

}  // namespace voxmark::markdown
