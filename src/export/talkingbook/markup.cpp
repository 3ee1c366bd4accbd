#include "export/talkingbook/markup.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace voxmark::audiobook::talkingbook {

namespace {

// Length of the valid UTF-8 sequence at `s[i]` and its code point; 0 when invalid.
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  std::size_t n = 0;
  char32_t min = 0;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    n = 2, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  // Overlong forms, surrogates and values past Unicode are not characters.
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool allowed(char32_t cp) {
  if (cp == '\t' || cp == '\n') return true;
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return false;
  return cp != 0xFFFE && cp != 0xFFFF;
}

std::string escape(std::string_view utf8, bool attribute) {
  std::string out;
  out.reserve(utf8.size() + utf8.size() / 8);
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = 0;
    const std::size_t n = utf8_sequence(utf8, i, cp);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for a byte that starts no character
      ++i;
      continue;
    }
    if (allowed(cp)) {
      switch (cp) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += attribute ? "&quot;" : "\"";
          break;
        case '\'':
          out += attribute ? "&#39;" : "'";
          break;
        case '\n':
          out += attribute ? "&#10;" : "\n";
          break;
        default:
          out.append(utf8.substr(i, n));
      }
    }
    i += n;
  }
  return out;
}

std::string spans(const document::Document& doc, const document::Block& b,
                  const std::vector<SentenceMs>* times, const char* separator) {
  std::string out;
  for (std::size_t i = b.first_sentence; i < b.first_sentence + b.sentence_count; ++i) {
    if (i > b.first_sentence) out += separator;
    out += "<span id=\"" + sentence_id(i) + "\" class=\"vx-s\"";
    if (times) {
      const SentenceMs& t = (*times)[i];
      out += " data-b=\"" + seconds_text(t.begin_ms) + "\" data-e=\"" + seconds_text(t.end_ms) +
             "\" data-k=\"" + std::to_string(b.first_sentence) + "\" data-c=\"" +
             std::to_string(doc.sentences[i].section_index) + "\"";
    }
    out += ">" + escape_text(doc.sentences[i].text) + "</span>";
  }
  return out;
}

}  // namespace

std::string escape_text(std::string_view utf8) { return escape(utf8, false); }
std::string escape_attribute(std::string_view utf8) { return escape(utf8, true); }

std::string sentence_id(std::size_t sentence_index) {
  return "s" + std::to_string(sentence_index + 1);
}

std::string smil_clock(std::uint64_t ms) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%llu:%02llu:%02llu.%03llu",
                static_cast<unsigned long long>(ms / 3600000),
                static_cast<unsigned long long>(ms / 60000 % 60),
                static_cast<unsigned long long>(ms / 1000 % 60),
                static_cast<unsigned long long>(ms % 1000));
  return buffer;
}

std::string seconds_text(std::uint64_t ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%llu.%03llu", static_cast<unsigned long long>(ms / 1000),
                static_cast<unsigned long long>(ms % 1000));
  return buffer;
}

std::string render_body(const document::Document& doc, std::size_t first_sentence,
                        std::size_t end_sentence, const std::vector<SentenceMs>* times) {
  using document::BlockKind;
  using document::UnitKind;
  std::string out;
  struct Open {
    std::size_t end_sentence;
    const char* close;
  };
  std::vector<Open> open;  // unit wrappers, innermost last
  bool list_open = false;  // a <ul> of consecutive list items
  const auto close_list = [&] {
    if (list_open) out += "</ul>\n";
    list_open = false;
  };
  std::size_t next_unit = 0;
  for (const document::Block& b : doc.blocks) {
    if (b.sentence_count == 0 || b.first_sentence < first_sentence ||
        b.first_sentence >= end_sentence) {
      continue;
    }
    const std::size_t at = b.first_sentence;
    while (!open.empty() && at >= open.back().end_sentence) {
      close_list();
      out += open.back().close;
      open.pop_back();
    }
    while (next_unit < doc.units.size() && doc.units[next_unit].first_sentence <= at) {
      const document::Unit& u = doc.units[next_unit++];
      if (u.first_sentence < first_sentence || u.sentence_count == 0 ||
          u.first_sentence + u.sentence_count <= at) {
        continue;  // another part's, or over already
      }
      close_list();
      switch (u.kind) {
        case UnitKind::list:
          out += "<div class=\"vx-list\">\n";
          open.push_back({u.first_sentence + u.sentence_count, "</div>\n"});
          break;
        case UnitKind::block_quote:
          out += "<blockquote>\n";
          open.push_back({u.first_sentence + u.sentence_count, "</blockquote>\n"});
          break;
        case UnitKind::table:
          out += "<div class=\"vx-table\">\n";
          open.push_back({u.first_sentence + u.sentence_count, "</div>\n"});
          break;
        case UnitKind::code_block:
          out += "<div class=\"vx-code\">\n";
          open.push_back({u.first_sentence + u.sentence_count, "</div>\n"});
          break;
      }
    }
    if (b.kind != BlockKind::list_item) close_list();
    switch (b.kind) {
      case BlockKind::heading: {
        const int level = std::clamp(b.heading_level > 0 ? b.heading_level : 1, 1, 6);
        const std::string tag = "h" + std::to_string(level);
        out += "<" + tag + " dir=\"auto\">" + spans(doc, b, times, " ") + "</" + tag + ">\n";
        break;
      }
      case BlockKind::list_item:
        if (!list_open) out += "<ul>\n";
        list_open = true;
        out += "<li dir=\"auto\">" + spans(doc, b, times, " ") + "</li>\n";
        break;
      case BlockKind::code_block:
        out += "<pre dir=\"ltr\">" + spans(doc, b, times, "\n") + "</pre>\n";
        break;
      case BlockKind::note:
        out += "<aside class=\"vx-note\"><p dir=\"auto\">" + spans(doc, b, times, " ") +
               "</p></aside>\n";
        break;
      case BlockKind::table:
      case BlockKind::list:
      case BlockKind::quote:
        out += "<p class=\"vx-announce\" dir=\"auto\">" + spans(doc, b, times, " ") + "</p>\n";
        break;
      case BlockKind::table_row:
        out += "<p class=\"vx-row\" dir=\"auto\">" + spans(doc, b, times, " ") + "</p>\n";
        break;
      case BlockKind::paragraph:
      case BlockKind::block_quote:
        out += "<p dir=\"auto\">" + spans(doc, b, times, " ") + "</p>\n";
        break;
    }
  }
  close_list();
  while (!open.empty()) {
    out += open.back().close;
    open.pop_back();
  }
  return out;
}

std::vector<ContentPart> split_parts(const document::Document& doc) {
  std::array<int, 8> count{};
  for (const auto& s : doc.sections) {
    if (s.kind == document::SectionKind::heading && s.level >= 1 && s.level <= 6) ++count[s.level];
  }
  int split_level = 0;
  for (int level = 1; level <= 6 && split_level == 0; ++level) {
    if (count[level] >= 2) split_level = level;
  }
  for (int level = 1; level <= 6 && split_level == 0; ++level) {
    if (count[level] >= 1) split_level = level;
  }
  const std::vector<std::string> labels = section_labels(doc);
  std::vector<ContentPart> parts;
  for (std::size_t i = 0; i < doc.sentences.size(); ++i) {
    const std::size_t section = doc.sentences[i].section_index;
    const bool starts = i == 0 || (section != doc.sentences[i - 1].section_index &&
                                   doc.sections[section].kind == document::SectionKind::heading &&
                                   doc.sections[section].level <= split_level);
    if (starts) {
      if (!parts.empty()) parts.back().end_sentence = i;
      parts.push_back({i, doc.sentences.size(), labels[section]});
    }
  }
  return parts;
}

std::string toc_list(const document::Document& doc,
                     const std::function<std::string(std::size_t)>& href) {
  struct Level {
    int level;
    bool child_list;
  };
  std::vector<Level> stack;  // the open <li>s, outermost first
  const std::vector<std::string> labels = section_labels(doc);
  std::string out = "<ol>\n";
  for (std::size_t k = 0; k < doc.sections.size(); ++k) {
    const document::Section& s = doc.sections[k];
    if (s.sentence_count == 0) continue;
    // The preamble (level 0) is a sibling of the first headings, not their parent.
    const int level = std::max(s.level, 1);
    while (!stack.empty() && stack.back().level >= level) {
      out += "</li>\n";
      stack.pop_back();
      if (!stack.empty() && stack.back().level >= level) {
        out += "</ol>\n";
        stack.back().child_list = false;
      }
    }
    if (!stack.empty() && !stack.back().child_list) {
      out += "<ol>\n";
      stack.back().child_list = true;
    }
    out += "<li><a href=\"" + escape_attribute(href(s.first_sentence)) + "\">" +
           escape_text(labels[k]) + "</a>";
    stack.push_back({level, false});
  }
  while (!stack.empty()) {
    out += "</li>\n";
    stack.pop_back();
    if (!stack.empty()) out += "</ol>\n";
  }
  return out + "</ol>\n";
}

}  // namespace voxmark::audiobook::talkingbook
