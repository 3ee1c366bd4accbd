// What each fuzz target does with one input, and the invariants it checks.
//
// Header-only on purpose: the libFuzzer targets (fuzz_target.cpp) and the unit test that
// replays every committed corpus file (tests/unit/fuzz_corpus_test.cpp) include the same
// code, so a crash once found and added to tests/fuzz/corpus/ stays a regression test in
// the ordinary build, without clang or libFuzzer.
//
// A check reports a broken invariant by throwing CheckFailed. Any other exception that
// escapes is a bug too (the one expected exception, voxmark::Error from parse_preset, is
// caught where it is expected). Crashes and undefined behaviour are left to ASan and UBSan.
#pragma once

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/error.h"
#include "document/document.h"
#include "document/source.h"
#include "markdown/markdown_reader.h"
#include "player/command.h"
#include "player/navigation.h"
#include "speech/espeak_engine.h"
#include "speech/lexicon.h"
#include "speech/voice_preset.h"
#include "text/sentence_splitter.h"
#include "tui/key_bindings.h"
#include "tui/keys.h"

namespace voxmark::fuzz {

// An invariant that does not hold: a bug in the code under test (or in the check).
class CheckFailed : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

#define VOXMARK_FUZZ_REQUIRE(condition, message)                                                \
  do {                                                                                          \
    if (!(condition)) {                                                                         \
      throw ::voxmark::fuzz::CheckFailed(std::string(__FILE__ ":") + std::to_string(__LINE__) + \
                                         ": " #condition ": " + (message));                     \
    }                                                                                           \
  } while (false)

namespace detail {

inline std::string at(std::size_t index) { return "at index " + std::to_string(index); }

// The splitter's notion of white space (sentence_splitter.h: ranges are trimmed of it).
inline bool is_space(UChar32 c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  return u_isUWhiteSpace(c);
}

inline bool is_valid_utf8(std::string_view s) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto length = static_cast<std::int32_t>(s.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

inline bool is_code_point_boundary(std::string_view s, std::size_t offset) {
  return offset == 0 || offset >= s.size() ||
         (static_cast<unsigned char>(s[offset]) & 0xC0) != 0x80;
}

// Text printed to the listener's terminal (errors and warnings) must be one line and must not
// carry terminal control sequences from a document or a file: no C0 or C1 controls, no DEL.
inline bool is_printable_line(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x20 || b == 0x7f) return false;
    if (b == 0xC2 && i + 1 < s.size()) {
      const auto next = static_cast<unsigned char>(s[i + 1]);
      if (next >= 0x80 && next <= 0x9F) return false;  // U+0080..U+009F
    }
  }
  return true;
}

inline void check_warnings(const std::vector<Warning>& warnings) {
  for (const Warning& w : warnings) {
    VOXMARK_FUZZ_REQUIRE(is_printable_line(w.where) && is_printable_line(w.message),
                         "warning is not one printable line: " + w.where + ": " + w.message);
    VOXMARK_FUZZ_REQUIRE(!w.message.empty(), "empty warning at " + w.where);
  }
}

// [begin, end) of `text` and a few bytes around it, escaped, for a failure message.
inline std::string show_range(std::string_view text, std::size_t begin, std::size_t end) {
  const std::size_t from = begin > 8 ? begin - 8 : 0;
  const std::size_t to = std::min(text.size(), end + 8);
  std::string shown;
  for (std::size_t k = from; k < to; ++k) {
    if (k == begin) shown += "[";
    if (k == end) shown += ")";
    char hex[8];
    std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(text[k]));
    shown += hex;
  }
  if (end >= to) shown += ")";
  return "[" + std::to_string(begin) + ", " + std::to_string(end) + ") in " + shown;
}

// Lines as CommonMark (and so cmark's line numbers) counts them: LF, CR LF, or a lone CR.
inline std::size_t line_count(std::string_view text) {
  std::size_t lines = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
      ++lines;
    }
  }
  return lines;
}

inline std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    lines.push_back(text.substr(0, newline));
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
  }
  return lines;
}

// The document model's structural contract (document/document.h, docs/architecture.md).
inline void check_document(const document::Document& doc, std::size_t source_lines) {
  using document::BlockKind;
  using document::Section;
  const auto& sections = doc.sections;
  const auto& blocks = doc.blocks;
  const auto& sentences = doc.sentences;
  check_warnings(doc.warnings);
  for (const std::string* field :
       {&doc.metadata.title, &doc.metadata.author, &doc.metadata.source, &doc.metadata.language}) {
    VOXMARK_FUZZ_REQUIRE(is_printable_line(*field), "control character in metadata: " + *field);
  }
  if (!sentences.empty()) VOXMARK_FUZZ_REQUIRE(!sections.empty(), "sentences without a section");

  // Sections tile the blocks and the sentences, in order.
  std::size_t next_block = 0;
  std::size_t next_sentence = 0;
  for (std::size_t i = 0; i < sections.size(); ++i) {
    const Section& s = sections[i];
    VOXMARK_FUZZ_REQUIRE(s.first_block == next_block, "section blocks not contiguous " + at(i));
    VOXMARK_FUZZ_REQUIRE(s.first_sentence == next_sentence,
                         "section sentences not contiguous " + at(i));
    next_block += s.block_count;
    next_sentence += s.sentence_count;
    // Headings 1-6; a run-in heading one below its section, so up to 7.
    VOXMARK_FUZZ_REQUIRE(s.level >= 0 && s.level <= 7, "section level " + std::to_string(s.level));
    VOXMARK_FUZZ_REQUIRE(s.level > 0 || i == 0 || s.kind == document::SectionKind::continuation,
                         "a preamble that is not first " + at(i));
    VOXMARK_FUZZ_REQUIRE((s.kind == document::SectionKind::continuation) == (s.continues != Section::npos) ||
                             (s.kind == document::SectionKind::continuation && s.continues == Section::npos),
                         "continues set on a section that is not a continuation " + at(i));
    if (s.continues != Section::npos) {
      VOXMARK_FUZZ_REQUIRE(s.continues < i && sections[s.continues].level == s.level,
                           "a continuation of a later section or another level " + at(i));
    }
    VOXMARK_FUZZ_REQUIRE(s.kind != document::SectionKind::run_in || !s.title.empty(),
                         "a run-in heading without a title " + at(i));
    VOXMARK_FUZZ_REQUIRE(s.source_line >= 1, "section source line < 1 " + at(i));
    VOXMARK_FUZZ_REQUIRE(is_printable_line(s.title), "control character in title " + at(i));
    if (s.parent != Section::npos) {
      VOXMARK_FUZZ_REQUIRE(s.parent < i, "parent is not earlier " + at(i));
      VOXMARK_FUZZ_REQUIRE(sections[s.parent].level > 0 && sections[s.parent].level < s.level,
                           "parent level not lower " + at(i));
    }
    const std::size_t end = doc.section_end_sentence(i);
    VOXMARK_FUZZ_REQUIRE(end >= s.first_sentence + s.sentence_count && end <= sentences.size(),
                         "section_end_sentence out of range " + at(i));
  }
  VOXMARK_FUZZ_REQUIRE(next_block == blocks.size(), "sections do not cover every block");
  VOXMARK_FUZZ_REQUIRE(next_sentence == sentences.size(), "sections do not cover every sentence");

  // Blocks tile the sentences; each has at least one and lies in its section.
  next_sentence = 0;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const document::Block& b = blocks[i];
    VOXMARK_FUZZ_REQUIRE(b.first_sentence == next_sentence,
                         "block sentences not contiguous " + at(i));
    VOXMARK_FUZZ_REQUIRE(b.sentence_count >= 1, "empty block " + at(i));
    next_sentence += b.sentence_count;
    VOXMARK_FUZZ_REQUIRE(b.section_index < sections.size(), "block section out of range " + at(i));
    const Section& s = sections[b.section_index];
    VOXMARK_FUZZ_REQUIRE(i >= s.first_block && i < s.first_block + s.block_count,
                         "block outside its section " + at(i));
    VOXMARK_FUZZ_REQUIRE((b.kind == BlockKind::heading) == (b.heading_level > 0),
                         "heading level and kind disagree " + at(i));
    VOXMARK_FUZZ_REQUIRE(b.heading_level >= 0 && b.heading_level <= 6, "heading level " + at(i));
    VOXMARK_FUZZ_REQUIRE(b.source_line >= 1, "block source line < 1 " + at(i));
  }
  VOXMARK_FUZZ_REQUIRE(next_sentence == sentences.size(), "blocks do not cover every sentence");

  // Units: inside the document, each starting with its announcement, nested or apart.
  for (std::size_t i = 0; i < doc.units.size(); ++i) {
    const document::Unit& u = doc.units[i];
    VOXMARK_FUZZ_REQUIRE(u.sentence_count >= 1 && u.first_sentence + u.sentence_count <= sentences.size(),
                         "unit out of range " + at(i));
    if (i > 0) {
      VOXMARK_FUZZ_REQUIRE(u.first_sentence >= doc.units[i - 1].first_sentence, "units out of order " + at(i));
    }
    for (std::size_t k = 0; k < i; ++k) {
      const document::Unit& o = doc.units[k];
      const std::size_t o_end = o.first_sentence + o.sentence_count;
      const std::size_t u_end = u.first_sentence + u.sentence_count;
      VOXMARK_FUZZ_REQUIRE(u.first_sentence >= o_end || u_end <= o_end, "units overlap " + at(i));
      if (k + 64 < i) k = i - 64;  // bounded: nesting is checked against the latest units
    }
  }

  // Sentences: non-empty spoken text, in their block and section, in source order.
  int previous_line = 1;
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    const document::Sentence& s = sentences[i];
    VOXMARK_FUZZ_REQUIRE(!s.text.empty(), "empty sentence " + at(i));
    VOXMARK_FUZZ_REQUIRE(is_valid_utf8(s.text), "sentence is not UTF-8 " + at(i));
    VOXMARK_FUZZ_REQUIRE(is_printable_line(s.text), "control character in sentence " + at(i));
    VOXMARK_FUZZ_REQUIRE(s.text.front() != ' ' && s.text.back() != ' ',
                         "sentence not trimmed " + at(i));
    VOXMARK_FUZZ_REQUIRE(s.block_index < blocks.size(), "sentence block out of range " + at(i));
    const document::Block& b = blocks[s.block_index];
    VOXMARK_FUZZ_REQUIRE(i >= b.first_sentence && i < b.first_sentence + b.sentence_count,
                         "sentence outside its block " + at(i));
    VOXMARK_FUZZ_REQUIRE(s.section_index == b.section_index,
                         "sentence and block sections differ " + at(i));
    VOXMARK_FUZZ_REQUIRE(s.source_line >= 1, "sentence source line < 1 " + at(i));
    VOXMARK_FUZZ_REQUIRE(static_cast<std::size_t>(s.source_line) <= source_lines,
                         "sentence source line " + std::to_string(s.source_line) +
                             " past the end of the text (" + std::to_string(source_lines) +
                             " lines) " + at(i));
    // Notes are read at the end of the section that refers to them, from their definition
    // further down: the one place where lines go back.
    if (b.kind != BlockKind::note) {
      VOXMARK_FUZZ_REQUIRE(s.source_line >= previous_line,
                           "sentence source lines go backwards " + at(i));
      previous_line = s.source_line;
    }
    VOXMARK_FUZZ_REQUIRE(s.word_count == document::count_words(s.text), "word count " + at(i));
  }
}

}  // namespace detail

// --- markdown_to_sentences: bytes -> sanitize_utf8 -> read_markdown ------------------------

inline void check_markdown_to_sentences(std::string_view data) {
  const document::SourceText source = document::sanitize_utf8("fuzz.md", data);
  VOXMARK_FUZZ_REQUIRE(detail::is_valid_utf8(source.bytes), "sanitize_utf8 left invalid UTF-8");
  VOXMARK_FUZZ_REQUIRE(source.bytes.find('\0') == std::string::npos, "sanitize_utf8 left a NUL");
  detail::check_warnings(source.warnings);
  const std::size_t lines = detail::line_count(source.bytes);
  for (const bool read_code : {false, true}) {
    const document::Document doc =
        markdown::read_markdown(source, markdown::ReadOptions{.read_code_blocks = read_code});
    detail::check_document(doc, lines);
  }
}

// --- sentence_splitter: SentenceSplitter::split on sanitized text --------------------------

inline void check_sentence_splitter(std::string_view data) {
  // One splitter for the process, as the reader keeps one per document: building ICU's
  // iterator costs far more than a split, and reuse is what could leak state between calls.
  static const text::SentenceSplitter splitter("en");
  const std::string text = document::sanitize_utf8("fuzz.txt", data).bytes;
  const std::vector<text::ByteRange> ranges = splitter.split(text);

  // Whatever lies between sentences is white space only: no text is lost.
  auto check_gap = [&](std::size_t begin, std::size_t end, const std::string& where) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    for (auto k = static_cast<std::int32_t>(begin); k < static_cast<std::int32_t>(end);) {
      UChar32 c = 0;
      U8_NEXT(bytes, k, static_cast<std::int32_t>(end), c);
      VOXMARK_FUZZ_REQUIRE(detail::is_space(c), "text dropped " + where);
    }
  };
  std::size_t covered_to = 0;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    const text::ByteRange r = ranges[i];
    VOXMARK_FUZZ_REQUIRE(r.begin < r.end, "empty range " + detail::at(i));
    VOXMARK_FUZZ_REQUIRE(r.end <= text.size(), "range past the end " + detail::at(i));
    VOXMARK_FUZZ_REQUIRE(r.begin >= covered_to, "ranges overlap or go backwards " + detail::at(i));
    VOXMARK_FUZZ_REQUIRE(detail::is_code_point_boundary(text, r.begin) &&
                             detail::is_code_point_boundary(text, r.end),
                         "range splits a character " + detail::at(i) + ": " +
                             detail::show_range(text, r.begin, r.end));
    const std::string_view sentence(text.data() + r.begin, r.end - r.begin);
    VOXMARK_FUZZ_REQUIRE(sentence.find('\n') == std::string_view::npos,
                         "a line feed inside a sentence " + detail::at(i));
    UChar32 first = 0, last = 0;
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(sentence.data());
    const auto length = static_cast<std::int32_t>(sentence.size());
    std::int32_t offset = 0;
    U8_NEXT(bytes, offset, length, first);
    offset = length;
    U8_PREV(bytes, 0, offset, last);
    VOXMARK_FUZZ_REQUIRE(!detail::is_space(first) && !detail::is_space(last),
                         "sentence not trimmed " + detail::at(i));
    check_gap(covered_to, r.begin, "before " + detail::at(i));
    covered_to = r.end;
  }
  check_gap(covered_to, text.size(), "at the end");
  // The same splitter gives the same answer twice: no state survives a call.
  const std::vector<text::ByteRange> again = splitter.split(text);
  VOXMARK_FUZZ_REQUIRE(again.size() == ranges.size(), "a second split differs");
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    VOXMARK_FUZZ_REQUIRE(again[i].begin == ranges[i].begin && again[i].end == ranges[i].end,
                         "a second split differs " + detail::at(i));
  }
}

// --- voice_preset: parse_preset; voxmark::Error(data) is the expected failure ---------------

inline void check_voice_preset(std::string_view data) {
  std::vector<Warning> warnings;
  std::optional<speech::VoicePreset> preset;
  try {
    preset = speech::parse_preset(data, "fuzz.toml", warnings);
  } catch (const Error& e) {
    VOXMARK_FUZZ_REQUIRE(e.code() == ExitCode::data,
                         "parse_preset threw a code other than data: " + std::string(e.what()));
    VOXMARK_FUZZ_REQUIRE(detail::is_printable_line(e.what()) && *e.what() != '\0',
                         "error is not one printable line: " + std::string(e.what()));
    return;
  }
  detail::check_warnings(warnings);
  VOXMARK_FUZZ_REQUIRE(!preset->name.empty(), "a preset without a name");
  const auto& p = preset->pauses;
  for (const int ms : {p.sentence_ms, p.block_ms, p.section_ms}) {
    VOXMARK_FUZZ_REQUIRE(ms >= 0 && ms <= 10000, "pause out of range: " + std::to_string(ms));
  }
  // A preset that parses is one the engine takes: configure() must not refuse it later.
  try {
    speech::validate_voice_settings(speech::to_voice_settings(*preset));
  } catch (const Error& e) {
    throw CheckFailed(std::string("parse_preset accepted settings the engine refuses: ") +
                      e.what());
  }
}

// --- lexicon: Lexicon::parse + apply; to_original stays inside the original ----------------

inline void check_respelled(const speech::Respelled& r, std::string_view sentence) {
  const std::string& text = r.text;
  // Replacements are in order, disjoint, inside both strings; the text between them is the
  // original's, unchanged.
  std::size_t original_at = 0, text_at = 0;
  for (std::size_t i = 0; i < r.replacements.size(); ++i) {
    const auto& x = r.replacements[i];
    VOXMARK_FUZZ_REQUIRE(x.original_begin >= original_at && x.original_begin < x.original_end &&
                             x.original_end <= sentence.size(),
                         "replacement's original range " + detail::at(i));
    VOXMARK_FUZZ_REQUIRE(
        x.text_begin >= text_at && x.text_begin <= x.text_end && x.text_end <= text.size(),
        "replacement's text range " + detail::at(i));
    VOXMARK_FUZZ_REQUIRE(sentence.substr(original_at, x.original_begin - original_at) ==
                             std::string_view(text).substr(text_at, x.text_begin - text_at),
                         "text between replacements changed " + detail::at(i));
    original_at = x.original_end;
    text_at = x.text_end;
  }
  VOXMARK_FUZZ_REQUIRE(sentence.substr(original_at) == std::string_view(text).substr(text_at),
                       "text after the last replacement changed");

  // to_original maps every range inside the original; a range that touches no respelling maps
  // to the same bytes. Bounded so that a long input costs linear time.
  const std::size_t n = text.size();
  const std::size_t step = n > 2048 ? n / 512 : 1;
  auto touches_replacement = [&](std::size_t b, std::size_t e) {
    for (const auto& x : r.replacements) {
      if (b < x.text_end && e > x.text_begin) return true;  // overlaps
      if (b > x.text_begin && b < x.text_end) return true;  // starts inside
      if (e > x.text_begin && e < x.text_end) return true;  // ends inside
    }
    return false;
  };
  for (std::size_t b = 0; b <= n; b += step) {
    for (const std::size_t e : {b, std::min(n, b + 1), std::min(n, b + 7), n}) {
      const auto [ob, oe] = r.to_original(b, e);
      VOXMARK_FUZZ_REQUIRE(ob <= oe && oe <= sentence.size(),
                           "to_original(" + std::to_string(b) + ", " + std::to_string(e) + ") = [" +
                               std::to_string(ob) + ", " + std::to_string(oe) +
                               ") outside the original of " + std::to_string(sentence.size()) +
                               " bytes");
      if (!touches_replacement(b, e)) {
        VOXMARK_FUZZ_REQUIRE(
            sentence.substr(ob, oe - ob) == std::string_view(text).substr(b, e - b),
            "to_original(" + std::to_string(b) + ", " + std::to_string(e) +
                ") maps plain text to other bytes");
      }
    }
  }
}

// Input: a lexicon file, then optionally a NUL byte and a sentence to respell. Without a NUL,
// the lexicon respells its own text, which is sure to contain its words.
inline void check_lexicon(std::string_view data) {
  const std::size_t nul = data.find('\0');
  const std::string_view file = data.substr(0, nul);
  const std::string sentence =
      document::sanitize_utf8("fuzz", nul == std::string_view::npos ? data : data.substr(nul + 1))
          .bytes;
  std::vector<Warning> warnings;
  const speech::Lexicon lexicon = speech::Lexicon::parse(file, "fuzz.lexicon", warnings);
  detail::check_warnings(warnings);
  const speech::Respelled respelled = lexicon.apply(sentence);
  check_respelled(respelled, sentence);
  // Merging a lexicon into a copy of itself changes nothing it says.
  speech::Lexicon twice = lexicon;
  twice.merge(lexicon);
  VOXMARK_FUZZ_REQUIRE(twice.size() == lexicon.size(), "merge with itself added entries");
  VOXMARK_FUZZ_REQUIRE(twice.apply(sentence).text == respelled.text,
                       "merge with itself changed the respelling");
}

// --- key_bindings: the key file parser, and the terminal key decoder -----------------------

inline void check_key(const tui::Key& key) {
  using tui::KeyCode;
  if (key.code == KeyCode::character) {
    const char32_t c = key.character;
    VOXMARK_FUZZ_REQUIRE(c > 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xA0) && c <= 0x10FFFF &&
                             !(c >= 0xD800 && c <= 0xDFFF),
                         "a character key that is not a printable character: " +
                             std::to_string(static_cast<std::uint32_t>(c)));
  } else {
    VOXMARK_FUZZ_REQUIRE(key.character == 0, "a named key with a character");
  }
  if (key.code != KeyCode::unknown) {
    const std::optional<tui::Key> back = tui::parse_key_name(tui::key_name(key));
    VOXMARK_FUZZ_REQUIRE(back && *back == key,
                         "key_name does not parse back: " + tui::key_name(key));
  }
}

inline std::vector<tui::Key> decode_keys(std::string_view bytes, std::size_t split_at) {
  tui::KeyDecoder decoder;
  std::vector<tui::Key> keys = decoder.feed(bytes.substr(0, split_at));
  for (const tui::Key& k : decoder.feed(bytes.substr(split_at))) keys.push_back(k);
  for (const tui::Key& k : decoder.flush()) keys.push_back(k);
  VOXMARK_FUZZ_REQUIRE(!decoder.has_pending(), "bytes pending after flush()");
  return keys;
}

inline void check_key_bindings(std::string_view data) {
  // The key file, on top of the defaults as load_key_bindings() does it.
  std::vector<Warning> warnings;
  tui::KeyBindings bindings = tui::default_key_bindings(warnings);
  VOXMARK_FUZZ_REQUIRE(warnings.empty(), "the default key file has warnings");
  tui::parse_key_bindings(data, "fuzz.conf", bindings, warnings);
  detail::check_warnings(warnings);
  for (const tui::Binding& b : bindings.all()) {
    VOXMARK_FUZZ_REQUIRE(bindings.find(b.key) == &b, "a key bound twice: " + tui::key_name(b.key));
    VOXMARK_FUZZ_REQUIRE(b.key.code != tui::KeyCode::unknown, "the unknown key is bound");
    check_key(b.key);
    const auto parsed = player::parse_command(b.command_text);
    const auto* command = std::get_if<player::Command>(&parsed);
    VOXMARK_FUZZ_REQUIRE(command != nullptr && command->id == b.command.id &&
                             std::abs(command->value - b.command.value) <=
                                 1e-5 * std::max(1.0, std::abs(b.command.value)),
                         "command text does not parse back: " + b.command_text);
    VOXMARK_FUZZ_REQUIRE(detail::is_printable_line(b.description),
                         "description is not one printable line: " + b.description);
  }
  (void)tui::help_lines(bindings);
  (void)tui::keys_markdown(bindings);

  // The same bytes as terminal input: every key well-formed; and while the bytes fit the
  // decoder's buffer, how reads split them must not change the keys.
  const std::vector<tui::Key> keys = decode_keys(data, data.size());
  VOXMARK_FUZZ_REQUIRE(keys.size() <= data.size() + 1, "more keys than bytes");
  for (const tui::Key& k : keys) check_key(k);
  if (data.size() <= 64) {
    for (std::size_t split = 0; split < data.size(); ++split) {
      VOXMARK_FUZZ_REQUIRE(decode_keys(data, split) == keys,
                           "keys depend on where the read split: at " + std::to_string(split));
    }
  }
}

// --- command: parse_command, and navigate on a small fixed document ------------------------

inline const std::vector<document::Document>& navigation_documents() {
  static const std::vector<document::Document> documents = [] {
    const char* texts[] = {
        "",
        "Only one sentence.",
        "Preamble one. Preamble two.\n\n"
        "# One\n\nFirst paragraph. It has two sentences.\n\n- item a\n- item b\n\n"
        "## One point one\n\nText here.\n\n```\ncode\n```\n\n"
        "### Deep\n\n> Quoted. Twice.\n\n"
        "#\n\n"  // an empty heading: a section with no sentences
        "# Two\n\nLast words.\n",
    };
    std::vector<document::Document> out;
    for (const char* text : texts) {
      out.push_back(markdown::read_markdown(document::sanitize_utf8("nav.md", text)));
    }
    return out;
  }();
  return documents;
}

inline void check_navigation(const document::Document& doc, const player::Command& command) {
  const std::size_t n = doc.sentences.size();
  for (std::size_t current = 0; current <= n + 1; ++current) {
    const std::optional<std::size_t> to = player::navigate(doc, current, command);
    if (!to) continue;
    VOXMARK_FUZZ_REQUIRE(*to < n, "navigate went past the last sentence from " +
                                      std::to_string(current) + " by " +
                                      std::string(player::spec_of(command.id).name));
  }
  (void)player::navigate(doc, std::numeric_limits<std::size_t>::max(), command);
}

inline void check_command(std::string_view data) {
  const auto& documents = navigation_documents();
  for (const std::string_view line : detail::lines_of(data)) {
    const auto parsed = player::parse_command(line);
    if (const auto* message = std::get_if<std::string>(&parsed)) {
      VOXMARK_FUZZ_REQUIRE(!message->empty(), "an empty error message");
    } else {
      const player::Command command = std::get<player::Command>(parsed);
      const player::CommandSpec& spec = player::spec_of(command.id);
      VOXMARK_FUZZ_REQUIRE(spec.id == command.id, "spec_of finds another command");
      if (spec.argument == player::ArgumentKind::none) {
        VOXMARK_FUZZ_REQUIRE(command.value == 0, "a value for a command without argument");
      } else {
        VOXMARK_FUZZ_REQUIRE(command.value >= spec.min_value && command.value <= spec.max_value,
                             "argument out of range: " + std::string(line));
        if (spec.argument == player::ArgumentKind::integer) {
          VOXMARK_FUZZ_REQUIRE(command.value == std::floor(command.value),
                               "a fraction for a whole-number argument: " + std::string(line));
        }
      }
      for (const document::Document& doc : documents) check_navigation(doc, command);
    }
    // The same line as a section name or number (the outline's "go to section").
    for (const document::Document& doc : documents) {
      const std::optional<std::size_t> section = player::find_section(doc, line);
      VOXMARK_FUZZ_REQUIRE(!section || *section < doc.sections.size(), "find_section out of range");
    }
  }
}

// --- The table both the fuzzers and the corpus replay test use -------------------------------

struct Target {
  std::string_view name;  // also the corpus folder: tests/fuzz/corpus/<name>/
  void (*check)(std::string_view data);
};

inline constexpr Target kTargets[] = {
    {"markdown_to_sentences", check_markdown_to_sentences},
    {"sentence_splitter", check_sentence_splitter},
    {"voice_preset", check_voice_preset},
    {"lexicon", check_lexicon},
    {"key_bindings", check_key_bindings},
    {"command", check_command},
};

}  // namespace voxmark::fuzz
