#include "player/resume_place.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>
#include <vector>

namespace voxmark::player {
namespace {

// How far from the old position (scaled to the new length) a look-alike is searched for.
constexpr std::size_t kSimilarWindow = 2000;
// The share of words two versions of a sentence have in common (Dice coefficient) for them
// to count as one sentence edited: a changed word in a sentence of ten keeps 0.9.
constexpr double kMinSimilarity = 0.6;

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      word.push_back(static_cast<char>(std::tolower(u)));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  std::sort(words.begin(), words.end());
  return words;
}

double similarity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  std::size_t common = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) {
      ++common, ++i, ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return 2.0 * static_cast<double>(common) / static_cast<double>(a.size() + b.size());
}

std::size_t distance(std::size_t a, std::size_t b) { return a > b ? a - b : b - a; }

}  // namespace

std::optional<FoundPlace> find_place(const document::Document& doc, const SavedPlace& saved) {
  const std::size_t n = doc.sentences.size();
  if (n == 0) return std::nullopt;
  if (saved.content_hash == sentences_hash(doc) && saved.sentence < n) {
    return FoundPlace{saved.sentence, FoundPlace::How::unchanged};
  }
  // Where the old position would be if the edits were spread evenly.
  const std::size_t expected = saved.sentence_count > 0
                                   ? std::min(n - 1, saved.sentence * n / saved.sentence_count)
                                   : std::min(n - 1, saved.sentence);
  const auto text = [&](std::size_t i) -> std::string_view {
    return i < n ? std::string_view(doc.sentences[i].text) : std::string_view();
  };
  // Neighbours that are still there; an empty one (the document's ends) proves nothing.
  const auto neighbours = [&](std::size_t i) {
    int score = 0;
    if (!saved.before.empty() && i > 0 && text(i - 1) == saved.before) ++score;
    if (!saved.after.empty() && text(i + 1) == saved.after) ++score;
    return score;
  };
  struct Best {
    std::optional<std::size_t> sentence;
    double score = 0;
    void offer(std::size_t i, double s, std::size_t expected) {
      if (!sentence || s > score ||
          (s == score && distance(i, expected) < distance(*sentence, expected))) {
        sentence = i;
        score = s;
      }
    }
  };

  if (!saved.text.empty()) {
    Best best;
    for (std::size_t i = 0; i < n; ++i) {
      if (text(i) == saved.text) best.offer(i, neighbours(i), expected);
    }
    if (best.sentence) return FoundPlace{*best.sentence, FoundPlace::How::same_text};
  }

  {
    Best best;
    for (std::size_t i = 0; i < n; ++i) {
      const int score = neighbours(i);
      if (score > 0) best.offer(i, score, expected);
    }
    if (best.sentence) return FoundPlace{*best.sentence, FoundPlace::How::neighbours};
  }

  const std::vector<std::string> wanted = words_of(saved.text);
  if (!wanted.empty()) {
    Best best;
    const std::size_t first = expected > kSimilarWindow ? expected - kSimilarWindow : 0;
    const std::size_t end = std::min(n, expected + kSimilarWindow + 1);
    for (std::size_t i = first; i < end; ++i) {
      const double s = similarity(wanted, words_of(text(i)));
      if (s >= kMinSimilarity) best.offer(i, s, expected);
    }
    if (best.sentence) return FoundPlace{*best.sentence, FoundPlace::How::similar_text};
  }
  return std::nullopt;
}

}  // namespace voxmark::player
