// html_block_pieces: libxml2's HTML parser builds the tree (recovering from any markup, with
// HTML's character references), and an iterative walk collects what is said.
#include "markdown/html_text.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <mutex>
#include <string>

namespace voxmark::markdown {
namespace {

struct XmlDocDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
struct HtmlCtxtDeleter {
  void operator()(htmlParserCtxt* ctxt) const { htmlFreeParserCtxt(ctxt); }
};
struct XmlCharDeleter {
  void operator()(xmlChar* text) const { xmlFree(text); }
};
using XmlText = std::unique_ptr<xmlChar, XmlCharDeleter>;

std::string_view name_of(const xmlNode* node) {
  return node->name ? reinterpret_cast<const char*>(node->name) : "";
}

// True when every child of `node` is text (or an entity or CDATA), no element.
bool holds_only_text(const xmlNode* node) {
  for (const xmlNode* child = node->children; child; child = child->next) {
    if (child->type != XML_TEXT_NODE && child->type != XML_CDATA_SECTION_NODE &&
        child->type != XML_ENTITY_REF_NODE) {
      return false;
    }
  }
  return true;
}

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Elements whose content is never heard: scripts, styles, templates, the document head.
bool is_silent(std::string_view name) {
  return is_one_of(name, {"script", "style", "template", "head", "title"});
}

// Elements that start a new piece (a block of the document) where they open and close.
bool is_block(std::string_view name) {
  return is_one_of(
      name,
      {"address", "article", "aside",  "blockquote", "body", "caption",  "center",     "dd",
       "details", "dialog",  "div",    "dl",         "dt",   "fieldset", "figcaption", "figure",
       "footer",  "form",    "header", "hgroup",     "hr",   "html",     "legend",     "li",
       "main",    "menu",    "nav",    "ol",         "p",    "pre",      "section",    "summary",
       "table",   "tbody",   "tfoot",  "thead",      "tr",   "ul"});
}

// <h1>..<h6>: the level, else 0.
int heading_level(std::string_view name) {
  if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') return name[1] - '0';
  return 0;
}

bool is_space(std::string_view text) {
  return text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
}

// Blanks (keeping line feeds) the comments, processing instructions, CDATA sections and
// declarations (<!DOCTYPE ...>) as CommonMark delimits them (its HTML block kinds 2 to 5).
// libxml2's HTML 4 parser would read some as text: "<!ELEMENT x>", "<![CDATA[ ]]>", the end
// of "<?php a > b ?>"; and an empty comment "<!-->" would swallow what follows it.
std::string without_markup_declarations(std::string_view html) {
  std::string out(html);
  const auto blank = [&out](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end && i < out.size(); ++i) {
      if (out[i] != '\n') out[i] = ' ';
    }
  };
  const auto end_of = [&html](std::size_t from, std::string_view close) {
    const std::size_t at = html.find(close, from);
    return at == std::string_view::npos ? html.size() : at + close.size();
  };
  for (std::size_t i = html.find('<'); i != std::string_view::npos && i + 1 < html.size();
       i = html.find('<', i + 1)) {
    const std::string_view rest = html.substr(i);
    std::size_t end = i;
    if (rest.starts_with("<!--")) {
      const std::string_view text = rest.substr(4);
      end = text.starts_with(">") ? i + 5 : text.starts_with("->") ? i + 6 : end_of(i + 4, "-->");
    } else if (rest.starts_with("<?")) {
      end = end_of(i + 2, "?>");
    } else if (rest.starts_with("<![CDATA[")) {
      end = end_of(i + 9, "]]>");
    } else if (rest.size() > 2 && rest[1] == '!' &&
               std::isalpha(static_cast<unsigned char>(rest[2]))) {
      end = end_of(i + 2, ">");
    } else {
      continue;
    }
    blank(i, end);
    i = end - 1;
  }
  return out;
}

class Walk {
 public:
  std::vector<HtmlPiece> run(xmlDoc* doc) {
    xmlNode* const top = reinterpret_cast<xmlNode*>(doc);
    // Depth-first without recursion, so that the stack never depends on the markup.
    for (xmlNode* node = doc->children; node;) {
      if (enter(node) && node->children) {
        node = node->children;
        continue;
      }
      while (node && !node->next) {
        node = node->parent;
        if (node == top || !node) return finish();
        leave(node);
      }
      if (node) node = node->next;  // a parent is left once its last child is done (above)
    }
    return finish();
  }

 private:
  // Returns true when the node's children are to be walked; a childless element is left
  // here at once.
  bool enter(xmlNode* node) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      if (node->content) text(reinterpret_cast<const char*>(node->content), HtmlSpan::Kind::prose);
      return false;
    }
    if (node->type != XML_ELEMENT_NODE) return false;  // comments, PIs, DOCTYPE: silent
    // An element's line (where its start tag ends) corrects the count of line feeds seen,
    // which misses those inside tags and comments.
    if (const long line = xmlGetLineNo(node); line > line_ && line < INT_MAX) {
      line_ = static_cast<int>(line);
    }
    const std::string_view name = name_of(node);
    if (is_silent(name)) return false;
    if (name == "img") {
      image(node);
      return false;
    }
    // Spelled like inline code when it holds only text: a <kbd> used as a box around an image,
    // links and a sentence (fzf's README) is read as what it holds.
    if (is_one_of(name, {"code", "kbd", "samp", "tt"}) && holds_only_text(node)) {
      const XmlText content(xmlNodeGetContent(node));
      if (content) text(reinterpret_cast<const char*>(content.get()), HtmlSpan::Kind::code);
      return false;
    }
    if (name == "br") {
      sentence_break();
      return false;
    }
    if (const int level = heading_level(name); level > 0 && !heading_) {
      flush();
      piece_.heading_level = level;
      heading_ = node;
    } else {
      boundary(name);
    }
    if (!node->children) {
      leave(node);
      return false;
    }
    return true;
  }

  void leave(xmlNode* node) {
    if (node->type != XML_ELEMENT_NODE) return;
    if (node == heading_) {
      flush();
      heading_ = nullptr;
      return;
    }
    boundary(name_of(node));
  }

  // Where a block opens or closes a new piece starts; inside a heading (one sentence) it is a
  // space. A table cell ends a sentence.
  void boundary(std::string_view name) {
    if (is_block(name)) {
      if (heading_) {
        add(HtmlSpan::Kind::prose, " ");
      } else {
        flush();
      }
    } else if (name == "td" || name == "th") {
      sentence_break();
    }
  }

  void image(const xmlNode* node) {
    const XmlText alt(xmlGetNoNsProp(node, reinterpret_cast<const xmlChar*>("alt")));
    if (!alt) return;
    const std::string_view text(reinterpret_cast<const char*>(alt.get()));
    if (is_space(text)) return;  // decorative, as HTML means an empty alt
    add(HtmlSpan::Kind::literal, "(image: ");
    add(HtmlSpan::Kind::prose, text);
    add(HtmlSpan::Kind::literal, ")");
  }

  // Text, with each line feed passed on so that sentence lines stay right.
  void text(std::string_view content, HtmlSpan::Kind kind) {
    for (;;) {
      const std::size_t feed = content.find('\n');
      add(kind, content.substr(0, feed));
      if (feed == std::string_view::npos) return;
      ++line_;
      if (started_) piece_.spans.push_back({HtmlSpan::Kind::line_break, {}});
      content.remove_prefix(feed + 1);
    }
  }

  void add(HtmlSpan::Kind kind, std::string_view text) {
    if (text.empty()) return;
    if (!started_) {
      if (kind != HtmlSpan::Kind::literal && is_space(text)) return;  // nothing said yet
      started_ = true;
      piece_.line = line_;
    }
    if (!piece_.spans.empty() && piece_.spans.back().kind == kind && kind != HtmlSpan::Kind::code) {
      piece_.spans.back().text.append(text);
    } else {
      piece_.spans.push_back({kind, std::string(text)});
    }
  }

  void sentence_break() {
    if (started_) piece_.spans.push_back({HtmlSpan::Kind::sentence_break, {}});
  }

  void flush() {
    if (started_) pieces_.push_back(std::move(piece_));
    piece_ = HtmlPiece{};
    started_ = false;
  }

  std::vector<HtmlPiece> finish() {
    flush();
    return std::move(pieces_);
  }

  std::vector<HtmlPiece> pieces_;
  HtmlPiece piece_;
  bool started_ = false;        // the current piece has something to say
  xmlNode* heading_ = nullptr;  // the <hN> being read, if any
  int line_ = 1;
};

}  // namespace

std::vector<HtmlPiece> html_block_pieces(std::string_view html) {
  if (html.empty() || html.size() > INT_MAX) return {};
  // libxml2's global tables are set up once per process, before any thread parses.
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
  const std::unique_ptr<htmlParserCtxt, HtmlCtxtDeleter> ctxt(htmlNewParserCtxt());
  if (!ctxt) return {};
  // The text is UTF-8 already (document/source.h): a <meta charset> must not re-decode it.
  // Errors are recovered from silently: a document's HTML is often loose.
  const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                      HTML_PARSE_NONET | HTML_PARSE_NODEFDTD | HTML_PARSE_IGNORE_ENC;
  const std::string text = without_markup_declarations(html);
  const std::unique_ptr<xmlDoc, XmlDocDeleter> doc(htmlCtxtReadMemory(
      ctxt.get(), text.data(), static_cast<int>(text.size()), nullptr, "UTF-8", options));
  if (!doc) return {};
  return Walk().run(doc.get());
}

}  // namespace voxmark::markdown
