#include "export/talkingbook/talking_book.h"

#include <algorithm>
#include <cctype>
#include <fstream>

#include "common/error.h"
#include "common/interrupt.h"
#include "common/printable.h"
#include "export/output_paths.h"
#include "export/pending_file.h"
#include "export/talkingbook/epub.h"
#include "export/talkingbook/read_along.h"

namespace voxmark::audiobook {
namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::vector<talkingbook::SentenceMs> sentence_ms(const ExportSummary& summary) {
  std::vector<talkingbook::SentenceMs> times;
  times.reserve(summary.sentence_samples.size());
  for (const SentenceInFile& s : summary.sentence_samples) {
    times.push_back({sample_to_ms(s.start_sample, summary.sample_rate_hz),
                     sample_to_ms(s.end_sample, summary.sample_rate_hz)});
  }
  return times;
}

std::string book_title(const document::Document& doc, const ExportOptions& options) {
  if (!doc.metadata.title.empty()) return doc.metadata.title;
  return (options.input.empty() ? options.output : options.input).stem().string();
}

// A file name as a relative URL: everything but unreserved characters percent-encoded, so
// that "#", "?", "%" or spaces in the name cannot change what the page loads.
std::string url_path(const std::string& name) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : name) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', hex[c >> 4], hex[c & 15]};
    }
  }
  return out;
}

}  // namespace

std::optional<TalkingBookKind> talking_book_kind(std::string_view format_name,
                                                 const fs::path& output) {
  const std::string name =
      format_name.empty() ? lower(output.extension().string()) : "." + std::string(format_name);
  if (name == ".epub") return TalkingBookKind::epub;
  if (name == ".html" || name == ".htm" || name == ".xhtml") return TalkingBookKind::page;
  return std::nullopt;
}

fs::path read_along_audio_path(const fs::path& page) {
  return fs::path(page).replace_extension(".mp3");
}

ExportSummary export_talking_book(const document::Document& doc, TalkingBookKind kind,
                                  ExportOptions options, const std::string& language,
                                  EngineFactory engine_factory,
                                  const std::function<void(const ExportProgress&)>& on_progress) {
  const fs::path shown = options.output;
  if (doc.sentences.empty()) {
    throw Error(ExitCode::data, printable(doc.name) +
                                    ": has no text to read; a talking book needs at least one "
                                    "sentence");
  }
  options.format = AudioFormat::mp3;
  options.split_sections = false;
  const std::string title = book_title(doc, options);
  const OutputKind output_kind =
      kind == TalkingBookKind::epub ? OutputKind::epub : OutputKind::page;
  // Every refusal before any synthesis: the book or page, its audio, the subtitles.
  const fs::path target = checked_output_file(shown, output_kind, options.input);
  if (options.subtitles) {
    checked_output_file(*options.subtitles, OutputKind::subtitles, options.input, {shown, target});
  }
  PendingPath result(target, PendingPath::Kind::file);

  if (kind == TalkingBookKind::epub) {
    // The audio goes into the zip: made in a hidden folder beside the book, never kept.
    PendingPath work(target.parent_path() / (target.filename().string() + ".audio"),
                     PendingPath::Kind::directory);
    options.output = work.temporary() / "book.mp3";
    ExportSummary summary = export_audiobook(doc, options, engine_factory, on_progress);
    talkingbook::EpubInput input;
    input.doc = &doc;
    input.times = sentence_ms(summary);
    input.audio = options.output;
    input.language = language;
    input.title = title;
    talkingbook::write_epub(result.temporary(), shown, input);
    result.commit();
    summary.files.front() = shown;
    return summary;
  }

  const fs::path audio = read_along_audio_path(shown);
  if (same_file(audio, target)) {
    throw Error(ExitCode::cant_create,
                printable(audio.string()) + ": is the page itself; name the page .html");
  }
  options.output = audio;
  ExportSummary summary = export_audiobook(doc, options, engine_factory, on_progress);
  {
    std::ofstream out(result.temporary(), std::ios::binary | std::ios::trunc);
    out << talkingbook::render_read_along_page(
        doc, sentence_ms(summary), url_path(audio.filename().string()), language, title);
    out.flush();
    if (!out) {
      throw Error(ExitCode::io, printable(shown.string()) +
                                    ": writing failed; free some space or choose another folder");
    }
  }
  result.commit();
  summary.files.insert(summary.files.begin(), shown);
  return summary;
}

}  // namespace voxmark::audiobook
