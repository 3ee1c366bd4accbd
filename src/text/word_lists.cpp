#include "text/word_lists.h"

#include <algorithm>
#include <unordered_set>

namespace voxmark::text::detail {

bool IsStarterWord(std::string_view lower) {
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
}  // namespace voxmark::text::detail
