#include "markdown/spoken_text.h"

#include <algorithm>
#include <climits>

#include "common/printable.h"

namespace voxmark::markdown {

namespace {
// The white space fold_white_space folds. (string_view::find_first_of with a set of six
// characters calls memchr on the set for every byte of the text.)
constexpr bool is_fold_space(char c) {
  return static_cast<unsigned char>(c) <= ' ' &&  // one test for nearly every byte
         (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n');
}
}  // namespace

std::string fold_white_space(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  // Whole runs of text are appended at once: this runs over every byte of the document.
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p < end) {
    while (p < end && is_fold_space(*p)) ++p;
    if (p == end) break;
    const char* const run = p;
    while (p < end && !is_fold_space(*p)) ++p;
    if (!out.empty()) out.push_back(' ');
    out.append(run, static_cast<std::size_t>(p - run));
  }
  return out;
}

void SpokenText::start(int line, bool english_number_words) {
  english_number_words_ = english_number_words;
  text_.clear();
  literals_.clear();
  line_starts_.assign(1, {0, line});
  has_prose_ = false;
}

void SpokenText::prose(std::string_view text) {
  const std::size_t from = text_.size();
  text_.append(text);
  // Control characters, raw or from entities such as &#27;, become spaces (printable.h).
  controls_to_spaces(text_, from);
  if (!has_prose_) {
    has_prose_ = text_.find_first_not_of(" \t\r\n\f\v", from) != std::string::npos;
  }
}

void SpokenText::literal(std::string_view text, bool unit) {
  if (text.empty()) return;
  const std::size_t from = text_.size();
  text_.append(text);
  controls_to_spaces(text_, from);
  literals_.push_back({from, text_.size(), unit});
}

void SpokenText::literal_before_end_punctuation(std::string_view text) {
  std::size_t at = text_.size();
  while (at > 0 && (text_[at - 1] == '.' || text_[at - 1] == '!' || text_[at - 1] == '?')) --at;
  // Only after document text: punctuation inside a literal (spelled code, a URL) stays whole.
  const bool after_prose =
      at > 0 && (literals_.empty() || literals_.back().end <= at) && !is_fold_space(text_[at - 1]);
  if (at == text_.size() || !after_prose || text.empty()) {
    literal(text, true);
    return;
  }
  std::string piece(text);
  controls_to_spaces(piece, 0);
  text_.insert(at, piece);
  literals_.push_back({at, at + piece.size(), true});
  for (auto& start : line_starts_) {
    if (start.first > at) start.first += piece.size();
  }
}

void SpokenText::line_break(char separator, bool next_source_line) {
  text_.push_back(separator);
  if (next_source_line) line_starts_.emplace_back(text_.size(), line_starts_.back().second + 1);
}

int SpokenText::line_at(std::size_t offset) const {
  auto it =
      std::upper_bound(line_starts_.begin(), line_starts_.end(), std::make_pair(offset, INT_MAX));
  return std::prev(it)->second;
}

std::string SpokenText::render(std::size_t begin, std::size_t end, PunctuationLevel level) const {
  const std::string_view range = std::string_view(text_).substr(begin, end - begin);
  if (literals_.empty() && !prose_needs_rewrite(range, level)) {
    return fold_white_space(range);  // most sentences: plain prose, nothing to rewrite
  }
  std::string out;
  out.reserve(end - begin + 16);
  std::size_t at = begin;
  auto first = std::lower_bound(literals_.begin(), literals_.end(), begin,
                                [](const Literal& l, std::size_t b) { return l.end <= b; });
  for (auto it = first; it != literals_.end() && it->begin < end; ++it) {
    const std::size_t lit_begin = std::max(it->begin, begin);
    const std::size_t lit_end = std::min(it->end, end);
    if (lit_begin > at)
      speak_prose(std::string_view(text_).substr(at, lit_begin - at), level, english_number_words_,
                  out);
    out.append(text_, lit_begin, lit_end - lit_begin);
    at = lit_end;
  }
  if (at < end) {
    speak_prose(std::string_view(text_).substr(at, end - at), level, english_number_words_, out);
  }
  return fold_white_space(out);
}

std::string SpokenText::whole(PunctuationLevel level) const {
  return render(0, text_.size(), level);
}

void SpokenText::sentences(const text::SentenceSplitter& splitter, PunctuationLevel level,
                           const std::function<void(std::string, int)>& emit) const {
  // Units are masked with a capitalised word of the same length, so that the splitter sees
  // a name where the code or URL was: no cut inside it, and none from the symbols in it.
  std::string masked;
  const bool any_unit =
      std::any_of(literals_.begin(), literals_.end(), [](const Literal& l) { return l.unit; });
  if (any_unit) {
    masked = text_;
    for (const Literal& l : literals_) {
      if (!l.unit) continue;
      for (std::size_t i = l.begin; i < l.end; ++i) masked[i] = i == l.begin ? 'X' : 'x';
    }
  }
  for (const text::ByteRange& range : splitter.split(any_unit ? masked : text_)) {
    std::string spoken = render(range.begin, range.end, level);
    if (!spoken.empty()) emit(std::move(spoken), line_at(range.begin));
  }
}

}  // namespace voxmark::markdown
