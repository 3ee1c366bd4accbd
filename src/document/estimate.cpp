#include "document/estimate.h"

namespace voxmark::document {
namespace {

// Seconds at 175 words per minute, by least squares over 3,484 sentences of eight documents
// (the op-ed; espeak-ng's guide, dictionary, phonemes, languages and voices docs; Node.js's
// BUILDING.md and CHANGELOG_V21.md): a fixed cost per sentence, then per vowel group (about a
// syllable), digit (numbers are said in words), letter of an all-capitals word (spelled out),
// clause mark, word, and letter of a word with digits in it (commit ids: spelled out).
constexpr double kReferenceRateWpm = 175;
constexpr double kPerSentence = 0.3686;
constexpr double kPerVowelGroup = 0.0924;
constexpr double kPerDigit = 0.4687;
constexpr double kPerCapitalLetter = 0.0421;
constexpr double kPerClauseMark = 0.2230;
constexpr double kPerWord = 0.1392;
constexpr double kPerMixedLetter = 0.0198;

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_vowel(char c) {
  switch (c | 0x20) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
    case 'y':
      return true;
    default:
      return false;
  }
}

}  // namespace

double estimate_speech_seconds(std::string_view s, double rate_wpm) {
  std::size_t vowel_groups = 0, digits = 0, capitals = 0, clause_marks = 0, words = 0;
  std::size_t mixed_letters = 0;  // letters of a token that also has digits ("d68d0eacaa")
  std::size_t token_letters = 0;
  bool token_digits = false;
  const auto end_token = [&] {
    if (token_digits) mixed_letters += token_letters;
    token_letters = 0;
    token_digits = false;
  };
  std::size_t other_letters = 0;  // non-ASCII letter bytes: about three make a syllable
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (is_ascii_letter(c)) {
      // A word: letters joined by apostrophes or hyphens.
      const std::size_t begin = i;
      bool all_upper = true;
      while (i < s.size() &&
             (is_ascii_letter(s[i]) ||
              ((s[i] == '\'' || s[i] == '-') && i + 1 < s.size() && is_ascii_letter(s[i + 1])))) {
        if (is_vowel(s[i]) && (i == begin || !is_vowel(s[i - 1]))) ++vowel_groups;
        all_upper = all_upper && (is_upper(s[i]) || !is_ascii_letter(s[i]));
        ++i;
      }
      ++words;
      if (all_upper && i - begin >= 2) capitals += i - begin;
      token_letters += i - begin;
      continue;
    }
    if (c >= '0' && c <= '9') {
      ++digits;
      token_digits = true;
    } else {
      end_token();
    }
    if (c == ',' || c == ';' || c == ':') ++clause_marks;
    if (static_cast<unsigned char>(c) >= 0xC0)
      ++other_letters;  // a non-ASCII character's lead byte
    ++i;
  }
  end_token();
  const double seconds =
      kPerSentence + kPerVowelGroup * static_cast<double>(vowel_groups + other_letters / 3) +
      kPerDigit * static_cast<double>(digits) + kPerCapitalLetter * static_cast<double>(capitals) +
      kPerClauseMark * static_cast<double>(clause_marks) + kPerWord * static_cast<double>(words) +
      kPerMixedLetter * static_cast<double>(mixed_letters);
  return seconds * kReferenceRateWpm / (rate_wpm > 0 ? rate_wpm : kReferenceRateWpm);
}

double estimate_seconds(const Document& doc, std::size_t first, std::size_t end, double rate_wpm,
                        const PauseTimesMs& pauses) {
  double seconds = 0;
  for (std::size_t i = first; i < end && i < doc.sentences.size(); ++i) {
    const Sentence& s = doc.sentences[i];
    seconds += estimate_speech_seconds(s.text, rate_wpm);
    if (i == first) continue;
    const Sentence& previous = doc.sentences[i - 1];
    const int ms = s.section_index != previous.section_index ? pauses.section_ms
                   : s.block_index != previous.block_index   ? pauses.block_ms
                                                             : pauses.sentence_ms;
    seconds += ms / 1000.0;
  }
  return seconds;
}

}  // namespace voxmark::document
