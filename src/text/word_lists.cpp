#include "text/word_lists.h"

#include <algorithm>
#include <unordered_set>

namespace voxmark::text::detail {

namespace {

bool IsForeignStarterWord(std::string_view lower, std::string_view language) {
  // clang-format off
  static const std::unordered_set<std::string_view> kFrench = {
      "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "le", "la", "les", "un",
      "une", "des", "ce", "cette", "ces", "mais", "et", "ou", "donc", "puis", "ensuite", "alors",
      "cependant", "pourtant", "enfin", "aujourd", "hier", "demain", "dans", "en", "au", "aux",
      "selon", "pour", "quand", "si", "comme", "c", "l", "d", "qu"};
  static const std::unordered_set<std::string_view> kGerman = {
      "ich", "du", "er", "sie", "es", "wir", "ihr", "man", "der", "die", "das", "den", "dem",
      "ein", "eine", "einen", "dies", "diese", "dieser", "aber", "und", "oder", "doch", "dann",
      "danach", "jedoch", "trotzdem", "heute", "gestern", "morgen", "im", "am", "in", "nach",
      "seit", "wenn", "als", "wie", "auch", "so", "nun", "dort", "hier", "bitte", "sonst",
      "außerdem", "deshalb", "daher", "dabei", "damit", "zudem", "mein", "unser"};
  static const std::unordered_set<std::string_view> kSpanish = {
      "yo", "tú", "él", "ella", "nosotros", "vosotros", "ellos", "ellas", "usted", "el", "la",
      "los", "las", "un", "una", "este", "esta", "estos", "pero", "y", "o", "luego", "después",
      "entonces", "sin", "embargo", "hoy", "ayer", "mañana", "en", "para", "cuando", "si",
      "como", "también", "allí", "aquí"};
  // clang-format on
  if (language == "fr") return kFrench.count(lower) != 0;
  if (language == "de") return kGerman.count(lower) != 0;
  if (language == "es") return kSpanish.count(lower) != 0;
  return false;
}

}  // namespace

bool IsStarterWord(std::string_view lower, std::string_view language) {
  if (language != "en" && IsForeignStarterWord(lower, language)) return true;
  // clang-format off
  static const std::unordered_set<std::string_view> kStarters = {
      "i", "you", "he", "she", "it", "we", "they", "me", "us", "him", "them", "this", "that",
      "these", "those", "there", "here", "the", "a", "an", "my", "your", "his", "her", "its", "our",
      "their", "but", "and", "or", "nor", "so", "yet", "then", "now", "also", "still", "however",
      "therefore", "thus", "hence", "meanwhile", "moreover", "furthermore", "nevertheless",
      "nonetheless", "instead", "otherwise", "indeed", "finally", "first", "second", "third",
      "next", "later", "afterwards", "afterward", "today", "yesterday", "tomorrow", "tonight",
      "besides", "consequently", "accordingly", "similarly", "likewise", "overall", "anyway",
      "unfortunately", "fortunately", "sadly", "luckily", "clearly", "obviously", "actually", "oh",
      "well", "yes", "no", "not", "please", "let", "thanks", "thank", "when", "where", "why", "how",
      "what", "who", "whom", "whose", "which", "whatever", "whoever", "whenever", "wherever",
      "while", "whilst", "if", "although", "though", "because", "since", "as", "after", "before",
      "once", "until", "unless", "whether", "in", "on", "at", "by", "for", "from", "with",
      "without", "to", "of", "during", "despite", "under", "over", "into", "through", "among",
      "between", "against", "about", "above", "below", "across", "along", "around", "behind",
      "beyond", "like", "unlike", "upon", "within", "throughout", "near", "is", "are", "was",
      "were", "am", "be", "been", "being", "do", "does", "did", "don", "doesn", "didn", "can",
      "could", "will", "would", "shall", "should", "may", "might", "must", "has", "have", "had",
      "isn", "aren", "wasn", "weren", "won", "wouldn", "couldn", "shouldn", "haven", "hasn", "hadn",
      "some", "many", "most", "all", "each", "every", "any", "both", "either", "neither", "none",
      "several", "such", "only", "even", "just", "perhaps", "maybe", "sometimes", "often", "never",
      "always", "usually", "nothing", "everything", "something", "anything", "anyone", "everyone",
      "someone", "nobody", "everybody", "somebody", "other", "others", "another", "one", "two",
      "three", "few", "more", "much", "less"};
  // clang-format on
  return kStarters.count(lower) != 0;
}

bool IsTimeWord(std::string_view lower) {
  // clang-format off
  static const std::unordered_set<std::string_view> kTimeWords = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
      "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "january", "february", "march",
      "april", "may", "june", "july", "august", "september", "october", "november", "december",
      "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "est",
      "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "akst", "hst", "gmt", "utc", "bst", "cet",
      "cest", "eet", "ist", "jst", "aest", "et", "ct", "mt", "pt", "eastern", "central", "pacific",
      "mountain", "atlantic", "greenwich"};
  // clang-format on
  return kTimeWords.count(lower) != 0;
}

bool IsPreposition(std::string_view lower) {
  // clang-format off
  static const std::unordered_set<std::string_view> kPrepositions = {
      "at", "by", "before", "after", "around", "until", "till", "from", "since", "on", "about",
      "near", "in", "during", "past", "circa", "within", "for", "across", "inside", "outside",
      "through", "throughout", "towards"};
  // clang-format on
  return kPrepositions.count(lower) != 0;
}

bool IsRomanNumeral(std::string_view word) {  // "IV", "XII"; a lone "I" is the pronoun
  if (word.size() < 2 || word.size() > 7) return false;
  return std::all_of(word.begin(), word.end(), [](char c) {
    return c == 'I' || c == 'V' || c == 'X' || c == 'L' || c == 'C' || c == 'D' || c == 'M';
  });
}
bool IsLowerCaseStarter(std::string_view word) {
  if (word.empty() || !(word[0] >= 'a' && word[0] <= 'z')) return false;
  for (std::size_t i = 1; i < word.size(); ++i) {
    if (word[i] >= 'A' && word[i] <= 'Z') return true;  // "eSpeak", "iPhone", "macOS"
  }
  // clang-format off
  static const std::unordered_set<std::string_view> kCommands = {
      "npm", "npx", "pnpm", "yarn", "git", "pip", "pipx", "curl", "wget", "cargo", "rustc",
      "rustup", "cmake", "gcc", "clang", "sudo", "ssh", "scp", "rsync", "apt", "dnf", "brew",
      "docker", "kubectl", "systemctl", "journalctl", "grep", "sed", "awk", "vim", "emacs",
      "bash", "zsh", "ffmpeg", "sox", "espeak", "gdb", "valgrind", "ctest", "gpg", "openssl"};
  // clang-format on
  return kCommands.count(word) != 0;
}

bool IsFiniteVerb(std::string_view word) {
  // clang-format off
  static const std::unordered_set<std::string_view> kAuxiliaries = {
      "is", "are", "was", "were", "has", "have", "had", "can", "could", "will", "would", "shall",
      "should", "may", "might", "must", "does", "did", "do", "cannot", "isn", "aren", "wasn",
      "doesn", "didn", "won", "couldn", "wouldn", "shouldn", "hasn", "haven"};
  // clang-format on
  if (kAuxiliaries.count(word) != 0) return true;
  // "chooses", "supports", "works"; not "class", "status", "this" (nor "its": too short).
  if (word.size() < 4 || word.back() != 's') return false;
  const char before = word[word.size() - 2];
  return before != 's' && before != 'u' && before != 'i';
}

bool IsPreVerbAdverb(std::string_view word) {
  // clang-format off
  static const std::unordered_set<std::string_view> kAdverbs = {
      "also", "now", "still", "always", "never", "only", "often", "usually", "already", "even",
      "currently", "then", "automatically", "generally", "typically", "just", "simply",
      "probably", "really", "actually"};
  // clang-format on
  return kAdverbs.count(word) != 0;
}

bool IsSpeechVerb(std::string_view word) {
  // clang-format off
  static const std::unordered_set<std::string_view> kVerbs = {
      "said", "asked", "cried", "shouted", "whispered", "replied", "answered", "screamed",
      "called", "muttered", "exclaimed", "yelled", "added", "continued", "demanded", "insisted",
      "murmured", "sighed", "snapped", "laughed", "began", "wondered", "repeated", "protested",
      "gasped", "groaned", "explained", "admitted", "agreed", "declared", "inquired", "enquired",
      "pleaded", "roared", "hissed", "breathed", "shrieked", "sobbed", "stammered", "growled",
      "says", "asks", "cries", "shouts", "whispers", "replies", "answers", "calls", "adds"};
  // clang-format on
  return kVerbs.count(word) != 0;
}

}  // namespace voxmark::text::detail
