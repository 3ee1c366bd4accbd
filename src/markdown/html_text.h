// The text a listener hears in one Markdown HTML block (cmark-gfm's CMARK_NODE_HTML_BLOCK),
// parsed with libxml2's HTML parser: tags and attributes removed, character references
// decoded, comments, <script>, <style>, <!DOCTYPE> and processing instructions dropped.
// Block-level elements (p, div, li, tr, summary, headings ...) start a new piece; inline ones
// (i, b, a, span ...) do not; <br>, <td> and <th> end a sentence inside a piece; an <img>
// with alt text is "(image: ALT)", without it nothing. <h1>..<h6> give heading pieces.
// Pure: no Builder state, safe on any bytes (the caller passes valid UTF-8). libxml2 stops
// reading markup nested deeper than 256 elements: a block's text ends there.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace voxmark::markdown {

struct HtmlSpan {
  enum class Kind {
    prose,           // document text; punctuation rules apply
    literal,         // voxmark's words ("(image: ", ")"), said as given
    code,            // the text of <code>, <kbd>, <samp>: spelled as inline code
    sentence_break,  // <br>, a table cell's end
    line_break,      // a line feed in the source: the text after it is on the next line
  };
  Kind kind;
  std::string text;  // empty for the breaks
};

struct HtmlPiece {
  int heading_level = 0;  // 1..6 for <h1>..<h6>, else 0
  int line = 1;           // 1-based line within the block where the piece's text starts
  std::vector<HtmlSpan> spans;
};

// The pieces of `html` in order; pieces with nothing to say are left out, so a block of
// markup only (a comment, an image without alt) gives none.
std::vector<HtmlPiece> html_block_pieces(std::string_view html);

}  // namespace voxmark::markdown
