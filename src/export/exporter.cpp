#include "export/exporter.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <memory>

#include "common/error.h"
#include "common/interrupt.h"
#include "export/file_plan.h"
#include "export/levelling.h"
#include "export/output_paths.h"
#include "export/split_folder.h"
#include "export/spool.h"

namespace voxmark::audiobook {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxTitleBytes = 60;
constexpr std::size_t kBlockSamples = 1 << 15;

// Lossy encoders overshoot the peaks they are given by a fraction of a decibel (the coding
// noise adds to them), so for them the limiter aims lower: the decoded file must still keep
// under the ceiling.
double codec_headroom_db(AudioFormat format) {
  switch (format) {
    case AudioFormat::wav:
    case AudioFormat::flac:
      return 0.2;  // the limiter's own margin: its detector interpolates 4x
    default:
      return 2.0;  // AAC, MP3, Opus, Vorbis: measured up to 1.6 dB over on the limited op-ed
  }
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

std::string subtitle_name(const std::string& audio_name, SubtitleFormat format) {
  return fs::path(audio_name).replace_extension(extension_of(format)).string();
}

}  // namespace

std::string section_file_name(std::size_t number, std::size_t count, std::string_view title,
                              std::string_view extension) {
  std::string safe;
  for (unsigned char c : title) {
    if (c < 0x20 || c == 0x7f ||
        std::string_view("/\\:*?\"<>|").find(static_cast<char>(c)) != std::string_view::npos) {
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
  const std::string_view extension = extension_of(options.format);

  const std::optional<SubtitleFormat> subtitle_format =
      options.subtitles ? std::optional(subtitle_format_from(*options.subtitles)) : std::nullopt;
  const auto with_subtitles = [&](const std::vector<std::string>& audio_names) {
    std::vector<std::string> names;
    for (const auto& name : audio_names) {
      names.push_back(name);
      if (subtitle_format) names.push_back(subtitle_name(name, *subtitle_format));
    }
    return names;
  };

  // Output locations are checked, and their temporaries made, before any synthesis starts:
  // a refusal touches nothing.
  std::unique_ptr<SplitFolder> folder;
  std::unique_ptr<PendingPath> audio_file;      // without --split
  std::unique_ptr<PendingPath> subtitles_file;  // without --split
  std::unique_ptr<SampleSpool> spool;
  if (options.split_sections) {
    folder = std::make_unique<SplitFolder>(
        options.output, with_subtitles(section_file_names(doc, extension)), options.input);
    spool = std::make_unique<SampleSpool>(folder->staging_path("book"), options.output);
  } else {
    const fs::path target = checked_output_file(options.output, OutputKind::audio, options.input);
    if (options.subtitles) {
      subtitles_file = std::make_unique<PendingPath>(
          checked_output_file(*options.subtitles, OutputKind::subtitles, options.input,
                              {options.output, target}),
          PendingPath::Kind::file);
    }
    audio_file = std::make_unique<PendingPath>(target, PendingPath::Kind::file);
    spool = std::make_unique<SampleSpool>(target, options.output);
  }

  // Pass 1: synthesis into the spool, measured as it goes.
  SynthesisPool pool(texts, options.jobs, engine_factory);
  const int rate = pool.sample_rate_hz();
  const double speed = options.speed_factor > 0 ? options.speed_factor : 1.0;
  auto silence = [&](int ms) {
    return static_cast<std::uint64_t>(std::llround(ms / speed * rate / 1000.0));
  };
  LoudnessMeter meter(rate);
  const bool levelled = options.loudness.measure != LoudnessTarget::Measure::off;
  std::vector<SpooledSentence> spooled;
  std::vector<std::vector<speech::WordTiming>> words;  // with subtitles only
  spooled.reserve(texts.size());
  speech::Utterance utterance;
  ExportProgress progress{ExportProgress::Stage::synthesis, 0, texts.size(), 0, 0, rate};
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (!pool.next(utterance)) break;
    const document::Sentence& s = doc.sentences[i];
    if (i > 0) {
      const auto& prev = doc.sentences[i - 1];
      const int pause_ms = s.section_index != prev.section_index ? options.pauses.section_ms
                           : s.block_index != prev.block_index   ? options.pauses.block_ms
                                                                 : options.pauses.sentence_ms;
      spool->append_silence(silence(pause_ms));
      if (levelled) {
        static const std::vector<std::int16_t> zeros(kBlockSamples, 0);
        for (std::uint64_t left = silence(pause_ms); left > 0;) {
          const std::size_t n =
              static_cast<std::size_t>(std::min<std::uint64_t>(left, zeros.size()));
          meter.add({zeros.data(), n});
          left -= n;
        }
      }
    }
    SpooledSentence entry;
    entry.start_sample = spool->size();
    spool->append(utterance.samples);
    entry.end_sample = spool->size();
    if (levelled) meter.add(utterance.samples);
    spooled.push_back(entry);
    if (subtitle_format) words.push_back(std::move(utterance.words));
    progress.sentences_done = i + 1;
    progress.samples_written = spool->size();
    if (on_progress) on_progress(progress);
  }
  if (interrupted() || spooled.size() < texts.size()) throw_interrupted(options.output);
  spool->finish_appending();

  // The plan: which files, their ranges, chapters and levels.
  ExportSummary summary;
  summary.sample_rate_hz = rate;
  summary.gain_db = gain_to_target_db(options.loudness, meter);
  if (levelled) {
    summary.measured_db = options.loudness.measure == LoudnessTarget::Measure::rms_db
                              ? rms_db(meter.sum_of_squares(), meter.samples())
                              : meter.integrated_lufs();
  }
  const ExportProfile& rules = options.rules;
  PlanRules plan_rules;
  plan_rules.split_sections = options.split_sections;
  plan_rules.head_samples =
      static_cast<std::uint64_t>(std::llround(rules.head_silence_ms * rate / 1000.0));
  plan_rules.tail_samples =
      static_cast<std::uint64_t>(std::llround(rules.tail_silence_ms * rate / 1000.0));
  plan_rules.max_file_samples =
      static_cast<std::uint64_t>(std::llround(rules.max_file_minutes * 60.0 * rate));
  std::vector<PlannedFile> files = plan_files(doc, spooled, spool->size(), plan_rules, extension);
  const double ceiling_db =
      options.loudness.true_peak_ceiling_db - codec_headroom_db(options.format);
  if (folder) {
    std::vector<std::string> names;
    for (const auto& f : files) names.push_back(f.name);
    folder->set_names(with_subtitles(names));  // parts of long sections: checked now
  }

  // Pass 2: the spool levelled, limited and encoded, file by file.
  std::string book_title = doc.metadata.title;
  if (book_title.empty()) {
    book_title = (options.input.empty() ? options.output : options.input).stem().string();
  }
  std::unique_ptr<FormatWriter> writer;
  std::size_t current = 0;                               // the file being written (or next)
  std::uint64_t emitted = 0;                             // mastered samples routed so far
  std::vector<std::pair<std::string, double>> playlist;  // (file name, seconds)
  std::vector<std::pair<fs::path, std::string>> subtitle_texts;
  static const std::vector<std::int16_t> zeros(kBlockSamples, 0);
  const auto write_silence = [&](std::uint64_t count) {
    while (count > 0) {
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(count, zeros.size()));
      writer->write({zeros.data(), n});
      count -= n;
    }
  };
  const auto audio_path = [&](const PlannedFile& f) {
    return folder ? folder->staging_path(f.name) : audio_file->temporary();
  };
  const auto open_file = [&](const PlannedFile& f) {
    FileSpec spec;
    spec.path = audio_path(f);
    spec.shown = folder ? options.output / f.name : options.output;
    spec.sample_rate_hz = rate;
    spec.total_samples =
        plan_rules.head_samples + (f.end_sample - f.begin_sample) + plan_rules.tail_samples;
    spec.tags.title = folder ? f.title : book_title;
    spec.tags.artist = doc.metadata.author;
    spec.tags.album = book_title;
    spec.tags.comment = doc.metadata.source;
    spec.tags.genre = "Audiobook";
    spec.tags.track_number = f.track_number;
    spec.tags.track_total = folder ? static_cast<int>(files.size()) : 0;
    spec.chapters = f.chapters;
    if (holds_cover(options.format)) spec.cover = options.cover;
    spec.encoding = rules.encoding;
    writer = open_writer(options.format, spec);
    write_silence(plan_rules.head_samples);
  };
  const auto close_file = [&](const PlannedFile& f) {
    write_silence(plan_rules.tail_samples);
    writer->finish();
    writer.reset();
    const std::uint64_t length =
        plan_rules.head_samples + (f.end_sample - f.begin_sample) + plan_rules.tail_samples;
    summary.samples_written += length;
    playlist.emplace_back(folder ? f.name : options.output.filename().string(),
                          static_cast<double>(length) / rate);
    if (subtitle_format) {
      std::vector<SubtitleCue> cues;
      for (std::size_t i = f.first_sentence; i < f.end_sentence; ++i) {
        const SentenceInFile at = sentence_in_file(f, spooled[i], plan_rules);
        const auto sentence =
            sentence_cues({doc.sentences[i].text, at.start_sample, at.end_sample, words[i]});
        cues.insert(cues.end(), sentence.begin(), sentence.end());
      }
      const fs::path target = folder ? folder->staging_path(subtitle_name(f.name, *subtitle_format))
                                     : subtitles_file->target();
      subtitle_texts.emplace_back(target, render_subtitles(*subtitle_format, cues, rate));
    }
  };
  // Routes mastered samples (the next ones after `emitted`) to the files whose ranges they are in.
  const auto route = [&](std::span<const std::int16_t> block) {
    std::size_t i = 0;
    while (i < block.size() && current < files.size()) {
      const PlannedFile& f = files[current];
      const std::uint64_t at = emitted + i;
      if (at < f.begin_sample) {
        i += static_cast<std::size_t>(
            std::min<std::uint64_t>(f.begin_sample - at, block.size() - i));
        continue;
      }
      if (!writer) open_file(f);
      const std::size_t n =
          static_cast<std::size_t>(std::min<std::uint64_t>(f.end_sample - at, block.size() - i));
      writer->write(block.subspan(i, n));
      i += n;
      if (at + n == f.end_sample) close_file(files[current++]);
    }
    emitted += block.size();
  };

  // Writes every file from the spool at `gain_db`; `measure`: measured as written, on a second
  // thread (master_and_measure). A pass after the first writes the same temporaries again.
  const auto write_book = [&](double gain_db, bool measure) {
    current = 0;
    emitted = 0;
    playlist.clear();
    subtitle_texts.clear();
    summary.samples_written = 0;
    progress.stage = ExportProgress::Stage::encoding;
    progress.samples_total = spool->size();
    const SampleSink sink = [&](std::span<const std::int16_t> block) {
      route(block);
      progress.samples_written = emitted;
      if (on_progress) on_progress(progress);
    };
    WrittenLevels written;
    if (measure) {
      written = master_and_measure(*spool, files, rate, gain_db, ceiling_db, options.output, sink);
    } else {
      written.largest_reduction_db = master_range(*spool, files, rate, gain_db, ceiling_db,
                                                  levelled, 0, spool->size(), options.output, sink);
    }
    while (current < files.size()) {  // files of no audio at all (an empty sentence)
      open_file(files[current]);
      close_file(files[current++]);
    }
    return written;
  };

  // Levelling: the gain that brings the limited book to the target. Where the files are cheap
  // to write (WAV, FLAC) and no file gets a gain of its own (a profile's RMS window), each
  // whole-book pass writes them as it measures, so the last pass leaves the book written;
  // otherwise the passes only measure, and the files are written after.
  const bool file_windows = rules.file_rms_min_db || rules.file_rms_max_db;
  const bool written_while_measured =
      levelled && !file_windows &&
      (options.format == AudioFormat::wav || options.format == AudioFormat::flac);
  WrittenLevels last_written;
  if (levelled) {
    progress.stage = ExportProgress::Stage::levelling;
    const auto started = std::chrono::steady_clock::now();
    WholeBookPass pass;
    if (written_while_measured) {
      pass = [&](double gain_db) {
        last_written = write_book(gain_db, true);
        return last_written.levels;
      };
    }
    const BookLevel found = find_book_level(
        *spool, spooled, files, rate, summary.gain_db, ceiling_db, options.loudness, options.output,
        [&] {
          if (on_progress) on_progress(progress);
        },
        pass);
    summary.levelling_wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    summary.gain_db = found.gain_db;
    summary.levelling_passes = found.passes;
    summary.levelling_sample_passes = found.sample_passes;
    summary.levelling_sample_sentences = found.sample_sentences;
    summary.levelling_split = found.split;
    summary.levelling_written = written_while_measured;
    const MasteredLevels& levels = found.levels;
    // A profile's window for each file's RMS (head and tail silence included): a file the
    // book's level leaves outside it gets its own gain, aimed inside the window's edge since
    // the limiter takes a little off again.
    for (std::size_t k = 0; k < files.size(); ++k) {
      const PlannedFile& f = files[k];
      const double rms =
          rms_db(levels.file_sum_of_squares[k],
                 f.end_sample - f.begin_sample + plan_rules.head_samples + plan_rules.tail_samples);
      if (!std::isfinite(rms)) continue;
      if (rules.file_rms_min_db && rms < *rules.file_rms_min_db + 0.5) {
        files[k].gain_adjust_db = *rules.file_rms_min_db + 1.0 - rms;
      }
      if (rules.file_rms_max_db && rms > *rules.file_rms_max_db - 0.5) {
        files[k].gain_adjust_db = *rules.file_rms_max_db - 1.0 - rms;
      }
    }
  }
  summary.largest_limit_db =
      written_while_measured
          ? last_written.largest_reduction_db
          : write_book(levelled ? summary.gain_db : 0.0, false).largest_reduction_db;
  spool.reset();  // before the folder moves into place: it must not go along

  summary.chapters = folder ? files.size() : (files.empty() ? 0 : files.front().chapters.size());
  if (folder) {
    std::string m3u;
    for (const auto& [name, seconds] : playlist) {
      m3u += "#EXTINF:" + std::to_string(std::lround(seconds)) + "," +
             fs::path(name).stem().string() + "\n" + name + "\n";
    }
    for (const auto& [path, text] : subtitle_texts) write_text_file(path, text);
    SplitFolder::Result result = folder->commit(m3u);
    summary.files = std::move(result.written);
    summary.removed = std::move(result.removed);
  } else {
    audio_file->commit();
    summary.files.push_back(options.output);
    for (const PlannedFile& f : files) {
      for (std::size_t i = f.first_sentence; i < f.end_sentence; ++i) {
        summary.sentence_samples.push_back(sentence_in_file(f, spooled[i], plan_rules));
      }
    }
    for (const auto& [path, text] : subtitle_texts) {
      write_text_file(*subtitles_file, text);
      summary.files.push_back(*options.subtitles);
    }
  }
  return summary;
}

}  // namespace voxmark::audiobook
