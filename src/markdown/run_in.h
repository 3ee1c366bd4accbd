// Run-in headings: a paragraph or list item that opens with a short bold phrase ending in
// `.`, `:` or `?` ("**Fighting terrorism.** Because terrorism ...") is a heading in all but
// name. The rules (docs/guide.md, "Sections"):
// - the paragraph's first inline is strong emphasis, and text follows it in the paragraph
//   (a paragraph that is bold as a whole is emphasis, not a heading);
// - the bold text ends in `.`, `:` or `?`, or the text right after it starts with one;
// - it is short: at most 8 words and 80 bytes (a bold sentence is not a heading);
// - it is not an admonition label such as "Note:", "Warning:" or "Tip:", which introduce
//   the sentence they start rather than a part of the document.
#pragma once

#include <cmark-gfm.h>

#include <string>

namespace voxmark::markdown {

// The run-in heading's title (its bold text without the closing mark, white space folded),
// or "" when `paragraph` does not open with one.
std::string run_in_title(cmark_node* paragraph);

}  // namespace voxmark::markdown
