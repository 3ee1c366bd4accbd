#include "speech/lexicon.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace voxmark::speech {
namespace {

constexpr std::size_t kMaxWordsPerEntry = 8;
constexpr std::size_t kMaxRespellingBytes = 200;

struct Token {
  std::size_t begin = 0;  // bytes
  std::size_t end = 0;
};

bool is_word_char(UChar32 c) {
  return u_hasBinaryProperty(c, UCHAR_ALPHABETIC) || u_isdigit(c) ||
         (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

// Calls f(code_point, begin_byte, end_byte) for each code point; invalid bytes give c < 0.
template <typename F>
void for_each_code_point(std::string_view s, F&& f) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  const auto length = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t begin = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    f(c, static_cast<std::size_t>(begin), static_cast<std::size_t>(i));
  }
}

std::vector<Token> word_tokens(std::string_view s) {
  std::vector<Token> tokens;
  bool in_word = false;
  for_each_code_point(s, [&](UChar32 c, std::size_t begin, std::size_t end) {
    if (c >= 0 && is_word_char(c)) {
      if (!in_word) tokens.push_back({begin, end});
      tokens.back().end = end;
      in_word = true;
    } else {
      in_word = false;
    }
  });
  return tokens;
}

std::string fold_case(std::string_view s) {
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  std::string out;
  u.foldCase().toUTF8String(out);
  return out;
}

// Trims and turns every run of white space into one space, so "Anders\nFogh" matches
// "Anders Fogh".
std::string collapse_space(std::string_view s) {
  std::string out;
  bool pending_space = false;
  for_each_code_point(s, [&](UChar32 c, std::size_t begin, std::size_t end) {
    if (c >= 0 && u_isUWhiteSpace(c)) {
      pending_space = !out.empty();
      return;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out.append(s.substr(begin, end - begin));
  });
  return out;
}

bool is_all_capitals(std::string_view word) {
  bool has_upper = false;
  bool has_lower = false;
  for_each_code_point(word, [&](UChar32 c, std::size_t, std::size_t) {
    if (c < 0) return;
    if (u_isUUppercase(c)) has_upper = true;
    if (u_isULowercase(c) || u_istitle(c)) has_lower = true;
  });
  return has_upper && !has_lower;
}

bool is_valid_utf8(std::string_view s) {
  bool valid = true;
  for_each_code_point(s, [&](UChar32 c, std::size_t, std::size_t) {
    if (c < 0) valid = false;
  });
  return valid;
}

bool has_control_chars(std::string_view s) {
  bool found = false;
  for_each_code_point(s, [&](UChar32 c, std::size_t, std::size_t) {
    if (c >= 0 && u_iscntrl(c)) found = true;
  });
  return found;
}

std::string_view trim(std::string_view s) {
  const auto not_space = [](char c) { return c != ' ' && c != '\t' && c != '\r'; };
  const auto first = std::find_if(s.begin(), s.end(), not_space);
  const auto last = std::find_if(s.rbegin(), s.rend(), not_space).base();
  return first < last ? std::string_view(&*first, static_cast<std::size_t>(last - first))
                      : std::string_view();
}

}  // namespace

std::pair<std::size_t, std::size_t> Respelled::to_original(std::size_t begin,
                                                           std::size_t end) const {
  // Outside replacements, offsets shift by the size change of the replacements before them.
  const auto map_begin = [this](std::size_t x) {
    std::size_t shifted = x;
    for (const Replacement& r : replacements) {
      if (x < r.text_begin) break;
      if (x < r.text_end) return r.original_begin;
      shifted = x - r.text_end + r.original_end;
    }
    return shifted;
  };
  const auto map_end = [this](std::size_t x) {
    std::size_t shifted = x;
    for (const Replacement& r : replacements) {
      if (x <= r.text_begin) break;
      if (x <= r.text_end) return r.original_end;
      shifted = x - r.text_end + r.original_end;
    }
    return shifted;
  };
  const std::size_t b = map_begin(begin);
  return {b, std::max(b, map_end(end))};
}

std::string Lexicon::check(std::string_view word, std::string_view say_as) {
  if (word.empty()) return "the word is empty; write WORD<TAB>HOW TO SAY IT";
  if (say_as.empty()) return "no respelling after the tab; write WORD<TAB>HOW TO SAY IT";
  if (!is_valid_utf8(word) || !is_valid_utf8(say_as)) return "not valid UTF-8; save it as UTF-8";
  if (has_control_chars(word) || has_control_chars(say_as)) {
    return "contains control characters; remove them";
  }
  const std::vector<Token> tokens = word_tokens(word);
  if (tokens.empty() || tokens.front().begin != 0 || tokens.back().end != word.size()) {
    return "the word must begin and end with a letter or digit (matching is by whole words)";
  }
  if (tokens.size() > kMaxWordsPerEntry) return "more than 8 words in one entry; shorten it";
  if (say_as.find("[[") != std::string_view::npos) {
    return "the respelling looks like eSpeak phoneme codes ([[...]]); voxmark speaks plain text "
           "only, so spell how it sounds (e.g. Rassmoossen)";
  }
  if (say_as.size() > kMaxRespellingBytes) return "the respelling is over 200 bytes; shorten it";
  return {};
}

void Lexicon::add_checked(std::string_view word_in, std::string_view say_as) {
  Entry entry;
  entry.word = collapse_space(word_in);
  entry.folded = fold_case(entry.word);
  entry.say_as = collapse_space(say_as);
  entry.exact_case = is_all_capitals(entry.word);
  const std::vector<Token> tokens = word_tokens(entry.word);
  entry.word_count = tokens.size();

  for (Entry& existing : entries_) {
    // Two entries are the same when they match the same words.
    if (existing.exact_case == entry.exact_case &&
        (entry.exact_case ? existing.word == entry.word : existing.folded == entry.folded)) {
      existing.say_as = entry.say_as;
      return;
    }
  }
  const std::string key =
      fold_case(std::string_view(entry.word).substr(0, tokens.front().end - tokens.front().begin));
  entries_.push_back(std::move(entry));
  std::vector<std::size_t>& candidates = by_first_word_[key];
  candidates.push_back(entries_.size() - 1);
  // Longest first, so "Anders Fogh" wins over "Anders"; exact-case entries before the others.
  std::stable_sort(candidates.begin(), candidates.end(), [this](std::size_t a, std::size_t b) {
    if (entries_[a].word_count != entries_[b].word_count) {
      return entries_[a].word_count > entries_[b].word_count;
    }
    return entries_[a].exact_case && !entries_[b].exact_case;
  });
}

void Lexicon::add(std::string_view word, std::string_view say_as) {
  word = trim(word);
  say_as = trim(say_as);
  const std::string problem = check(word, say_as);
  if (!problem.empty()) {
    throw Error(ExitCode::usage, "lexicon entry '" + std::string(word) + "': " + problem);
  }
  add_checked(word, say_as);
}

void Lexicon::merge(const Lexicon& later) {
  for (const Entry& e : later.entries_) add_checked(e.word, e.say_as);
}

Lexicon Lexicon::parse(std::string_view content, const std::string& source_name,
                       std::vector<Warning>& warnings) {
  Lexicon lexicon;
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);  // a byte-order mark
  std::size_t line_number = 0;
  std::unordered_map<std::string, std::size_t> first_line;  // word -> line, for duplicates
  while (!content.empty()) {
    ++line_number;
    const std::size_t newline = content.find('\n');
    std::string_view line = content.substr(0, newline);
    content.remove_prefix(newline == std::string_view::npos ? content.size() : newline + 1);

    const std::string_view trimmed = trim(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    const std::string where = source_name + ":" + std::to_string(line_number);
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      warnings.push_back({where,
                          "no tab between the word and how to say it; write "
                          "WORD<TAB>HOW TO SAY IT (line skipped)"});
      continue;
    }
    const std::string_view word = trim(line.substr(0, tab));
    const std::string_view say_as = trim(line.substr(tab + 1));
    const std::string problem = check(word, say_as);
    if (!problem.empty()) {
      warnings.push_back({where, problem + " (line skipped)"});
      continue;
    }
    const std::string shown = collapse_space(word);
    const std::string key = is_all_capitals(shown) ? shown : "\x01" + fold_case(shown);
    const auto [it, inserted] = first_line.emplace(key, line_number);
    if (!inserted) {
      warnings.push_back({where, "'" + shown + "' is also on line " + std::to_string(it->second) +
                                     "; this later line wins"});
    }
    lexicon.add_checked(word, say_as);
  }
  return lexicon;
}

Lexicon Lexicon::load(const std::filesystem::path& file, std::vector<Warning>& warnings) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw Error(ExitCode::no_input, file.string() + ": cannot read the lexicon (" +
                                        std::strerror(errno) + "); check the path");
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) {
    throw Error(ExitCode::io, file.string() + ": reading the lexicon failed part-way");
  }
  return parse(content.str(), file.string(), warnings);
}

Respelled Lexicon::apply(std::string_view sentence) const {
  Respelled out;
  if (entries_.empty()) {
    out.text = std::string(sentence);
    return out;
  }
  const std::vector<Token> tokens = word_tokens(sentence);
  std::size_t copied = 0;  // bytes of `sentence` already in out.text
  for (std::size_t i = 0; i < tokens.size();) {
    const auto found = by_first_word_.find(
        fold_case(sentence.substr(tokens[i].begin, tokens[i].end - tokens[i].begin)));
    const Entry* match = nullptr;
    std::size_t match_end = 0;
    if (found != by_first_word_.end()) {
      for (const std::size_t index : found->second) {
        const Entry& e = entries_[index];
        if (i + e.word_count > tokens.size()) continue;
        const std::size_t end = tokens[i + e.word_count - 1].end;
        const std::string text =
            collapse_space(sentence.substr(tokens[i].begin, end - tokens[i].begin));
        if (e.exact_case ? text == e.word : fold_case(text) == e.folded) {
          match = &e;
          match_end = end;
          break;
        }
      }
    }
    if (match == nullptr) {
      ++i;
      continue;
    }
    out.text.append(sentence.substr(copied, tokens[i].begin - copied));
    Respelled::Replacement r;
    r.original_begin = tokens[i].begin;
    r.original_end = match_end;
    r.text_begin = out.text.size();
    out.text += match->say_as;
    r.text_end = out.text.size();
    out.replacements.push_back(r);
    copied = match_end;
    i += match->word_count;
  }
  out.text.append(sentence.substr(copied));
  return out;
}

}  // namespace voxmark::speech
