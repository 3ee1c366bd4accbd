#include "markdown/run_in.h"

#include <algorithm>
#include <memory>
#include <string_view>

#include "common/printable.h"
#include "document/document.h"
#include "markdown/spoken_text.h"

namespace voxmark::markdown {
namespace {

constexpr std::size_t kMaxWords = 8;
constexpr std::size_t kMaxBytes = 80;

// Labels that start an aside rather than a part of the document (compared in lower case,
// without the closing mark).
constexpr std::string_view kAdmonitions[] = {
    "note",      "notes",  "nb",   "n.b",        "warning", "caution", "danger",   "attention",
    "important", "tip",    "tips", "hint",       "info",    "example", "e.g",      "todo",
    "fixme",     "update", "edit", "disclaimer", "ps",      "p.s",     "remember", "see also"};

// The text inside `node` (text and code only), as written.
std::string text_of(cmark_node* node) {
  std::string out;
  struct IterDeleter {
    void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
  };
  std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(node));
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    cmark_node* n = cmark_iter_get_node(iter.get());
    if (ev != CMARK_EVENT_ENTER) continue;
    const cmark_node_type type = cmark_node_get_type(n);
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
      const char* literal = cmark_node_get_literal(n);
      if (literal) out += literal;
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
      out += ' ';
    }
  }
  return out;
}

bool is_closing_mark(char c) { return c == '.' || c == ':' || c == '?'; }

}  // namespace

std::string run_in_title(cmark_node* paragraph) {
  cmark_node* strong = cmark_node_first_child(paragraph);
  if (!strong || cmark_node_get_type(strong) != CMARK_NODE_STRONG) return {};
  cmark_node* after = cmark_node_next(strong);
  // Text must follow: the rest of the paragraph, after white space.
  std::string rest;
  for (cmark_node* n = after; n && rest.find_first_not_of(" \t\n") == std::string::npos;
       n = cmark_node_next(n)) {
    const cmark_node_type type = cmark_node_get_type(n);
    if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) continue;
    rest += type == CMARK_NODE_TEXT ? text_of(n) : std::string("x");
  }
  const std::size_t rest_begin = rest.find_first_not_of(" \t\n");
  if (rest_begin == std::string::npos) return {};  // the whole paragraph is bold

  std::string title = fold_white_space(text_of(strong));
  controls_to_spaces(title);
  bool closed = !title.empty() && is_closing_mark(title.back());
  // "**Method**: we ..." closes right after the bold text.
  const bool closed_after = is_closing_mark(rest[rest_begin]) &&
                            (rest_begin + 1 == rest.size() || rest[rest_begin + 1] == ' ');
  if (!closed && !closed_after) return {};
  if (closed_after && rest.find_first_not_of(" \t\n", rest_begin + 1) == std::string::npos) {
    return {};  // "**Bold**." is the whole paragraph
  }
  while (!title.empty() && is_closing_mark(title.back())) title.pop_back();
  title = fold_white_space(title);
  if (title.empty() || title.size() > kMaxBytes || document::count_words(title) > kMaxWords ||
      document::count_words(title) == 0) {
    return {};
  }
  std::string lower = title;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (std::find(std::begin(kAdmonitions), std::end(kAdmonitions), lower) !=
      std::end(kAdmonitions)) {
    return {};
  }
  return title;
}

}  // namespace voxmark::markdown
