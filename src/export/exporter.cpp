#include "export/exporter.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>

#include "common/error.h"
#include "common/interrupt.h"
#include "export/output_paths.h"
#include "export/split_folder.h"

namespace voxmark::audiobook {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxTitleBytes = 60;

std::string section_label(const document::Document& doc, std::size_t section_index) {
  const document::Section& section = doc.sections[section_index];
  if (!section.title.empty()) return section.title;
  if (section.level == 0 && !doc.metadata.title.empty()) return doc.metadata.title;
  return section.level == 0 ? "Introduction" : "Section " + std::to_string(section_index + 1);
}

// Writes small text files (subtitles, playlist) whole or not at all.
void write_text_file(PendingPath& pending, const std::string& text) {
  {
    std::ofstream out(pending.temporary(), std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      throw Error(ExitCode::io, pending.target().string() +
                                    ": writing failed; free some space or choose another folder");
    }
  }
  pending.commit();
}

void write_text_file(const fs::path& target, const std::string& text) {
  PendingPath pending(target, PendingPath::Kind::file);
  write_text_file(pending, text);
}

// Every file a split export writes, in order: each section's audio, then its subtitles.
std::vector<std::string> split_file_names(const document::Document& doc, AudioFormat format,
                                          const std::optional<SubtitleFormat>& subtitles) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < doc.sentences.size(); ++i) {
    const std::size_t section = doc.sentences[i].section_index;
    if (i > 0 && section == doc.sentences[i - 1].section_index) continue;
    const std::string name = section_file_name(section + 1, doc.sections.size(),
                                               section_label(doc, section), extension_of(format));
    names.push_back(name);
    if (subtitles) {
      names.push_back(fs::path(name).replace_extension(extension_of(*subtitles)).string());
    }
  }
  return names;
}

// One audio file being written, with its subtitle cues.
struct OpenFile {
  std::unique_ptr<AudioWriter> writer;
  std::vector<SubtitleCue> cues;
  std::optional<fs::path> subtitles;
  std::string title;
};

}  // namespace

std::string section_file_name(std::size_t number, std::size_t count, std::string_view title,
                              std::string_view extension) {
  std::string safe;
  for (unsigned char c : title) {
    if (c < 0x20 || c == 0x7f || std::string_view("/\\:*?\"<>|").find(static_cast<char>(c)) !=
                                     std::string_view::npos) {
      if (!safe.empty() && safe.back() != ' ') safe.push_back(' ');
    } else {
      safe.push_back(static_cast<char>(c));
    }
  }
  // Trim, drop leading dots (hidden files, ".."), and cut at a character boundary.
  const auto first = safe.find_first_not_of(" .");
  safe = first == std::string::npos ? "" : safe.substr(first);
  if (safe.size() > kMaxTitleBytes) {
    std::size_t cut = kMaxTitleBytes;
    while (cut > 0 && (static_cast<unsigned char>(safe[cut]) & 0xC0) == 0x80) --cut;
    safe.resize(cut);
  }
  while (!safe.empty() && (safe.back() == ' ' || safe.back() == '.')) safe.pop_back();
  if (safe.empty()) safe = "Section";
  const std::size_t width = std::max<std::size_t>(2, std::to_string(count).size());
  std::string prefix = std::to_string(number);
  prefix.insert(0, width - std::min(width, prefix.size()), '0');
  return prefix + " - " + safe + "." + std::string(extension);
}

ExportSummary export_audiobook(const document::Document& doc, const ExportOptions& options,
                               EngineFactory engine_factory,
                               const std::function<void(const ExportProgress&)>& on_progress) {
  std::vector<std::string> texts;
  texts.reserve(doc.sentences.size());
  for (const auto& s : doc.sentences) texts.push_back(s.text);

  const std::optional<SubtitleFormat> subtitle_format =
      options.subtitles ? std::optional(subtitle_format_from(*options.subtitles)) : std::nullopt;
  // Output locations are checked before any synthesis starts: a refusal touches nothing.
  std::unique_ptr<SplitFolder> folder;
  fs::path audio_target = options.output;
  std::unique_ptr<PendingPath> subtitles_file;  // without --split
  if (options.split_sections) {
    folder = std::make_unique<SplitFolder>(
        options.output, split_file_names(doc, options.format, subtitle_format), options.input);
  } else {
    audio_target = checked_output_file(options.output, OutputKind::audio, options.input);
    if (options.subtitles) {
      subtitles_file = std::make_unique<PendingPath>(
          checked_output_file(*options.subtitles, OutputKind::subtitles, options.input,
                              {options.output, audio_target}),
          PendingPath::Kind::file);
    }
  }

  SynthesisPool pool(texts, options.jobs, engine_factory);
  const int rate = pool.sample_rate_hz();
  const double speed = options.speed_factor > 0 ? options.speed_factor : 1.0;
  auto silence = [&](int ms) {
    return static_cast<std::uint64_t>(std::llround(ms / speed * rate / 1000.0));
  };

  AudioMetadata metadata{doc.metadata.title, doc.metadata.author, doc.metadata.source};
  ExportSummary summary;
  summary.sample_rate_hz = rate;
  OpenFile file;
  std::vector<std::pair<std::string, double>> playlist;  // (file name, seconds)
  std::vector<std::pair<fs::path, std::string>> subtitle_files;

  auto close_file = [&] {
    if (!file.writer) return;
    file.writer->finish();
    summary.samples_written += file.writer->samples_written();
    if (file.subtitles) {
      subtitle_files.emplace_back(*file.subtitles, render_subtitles(*subtitle_format, file.cues, rate));
    }
    playlist.emplace_back(file.title, static_cast<double>(file.writer->samples_written()) / rate);
    file = OpenFile{};
  };

  if (!options.split_sections) {
    file.writer = std::make_unique<AudioWriter>(audio_target, options.format, rate, metadata);
    if (subtitles_file) file.subtitles = subtitles_file->target();
    file.title = options.output.filename().string();
  }
  const std::size_t section_count = doc.sections.size();
  std::size_t previous = 0;
  speech::Utterance utterance;
  ExportProgress progress{0, texts.size(), 0, rate};
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (!pool.next(utterance)) break;
    const document::Sentence& s = doc.sentences[i];
    const bool new_section = i == 0 || s.section_index != doc.sentences[previous].section_index;
    if (new_section && options.split_sections) {
      close_file();
      const std::string name = section_file_name(s.section_index + 1, section_count,
                                                 section_label(doc, s.section_index),
                                                 extension_of(options.format));
      AudioMetadata section_metadata = metadata;
      section_metadata.title = section_label(doc, s.section_index);
      file.writer = std::make_unique<AudioWriter>(folder->staging_path(name), options.format, rate,
                                                  section_metadata);
      file.title = name;
      if (subtitle_format) {
        file.subtitles = folder->staging_path(
            fs::path(name).replace_extension(extension_of(*subtitle_format)).string());
      }
    } else if (i > 0) {
      const auto& prev = doc.sentences[previous];
      const int pause_ms = new_section ? options.pauses.section_ms
                           : s.block_index != prev.block_index ? options.pauses.block_ms
                                                                : options.pauses.sentence_ms;
      file.writer->write_silence(silence(pause_ms));
    }
    if (new_section && !options.split_sections) {
      file.writer->add_chapter(section_label(doc, s.section_index));
      ++summary.chapters;
    }
    const std::uint64_t start = file.writer->samples_written();
    file.writer->write(utterance.samples);
    file.cues.push_back({start, file.writer->samples_written(), s.text});
    previous = i;
    progress.sentences_done = i + 1;
    progress.samples_written = summary.samples_written + file.writer->samples_written();
    if (on_progress) on_progress(progress);
  }
  if (interrupted()) {
    throw Error(static_cast<ExitCode>(128 + interrupt_signal()),
                "interrupted; " + options.output.string() +
                    " is untouched and no temporary file is left");
  }
  close_file();
  if (options.split_sections) {
    summary.chapters = playlist.size();
    std::string m3u;
    for (const auto& [name, seconds] : playlist) {
      std::string title = fs::path(name).stem().string();
      m3u += "#EXTINF:" + std::to_string(std::lround(seconds)) + "," + title + "\n" + name + "\n";
    }
    for (const auto& [path, text] : subtitle_files) write_text_file(path, text);
    SplitFolder::Result result = folder->commit(m3u);
    summary.files = std::move(result.written);
    summary.removed = std::move(result.removed);
  } else {
    summary.files.push_back(options.output);
    for (const auto& [path, text] : subtitle_files) {
      write_text_file(*subtitles_file, text);
      summary.files.push_back(*options.subtitles);
    }
  }
  return summary;
}

}  // namespace voxmark::audiobook
