#include "player/player.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "audio/earcon.h"
#include "audio/gain.h"
#include "common/error.h"
#include "common/interrupt.h"
#include "player/navigation.h"
#include "speech/time_stretch.h"

namespace voxmark::player {
namespace {

using Clock = std::chrono::steady_clock;

// What the audio thread played: ring positions [first, first + count) reached the listener
// from dac_time_s on. Written by the audio thread, read by the player thread.
struct PlayedReport {
  std::uint64_t first = 0;
  std::uint32_t count = 0;
  double dac_time_s = 0;
};

// A lock-free single-producer / single-consumer queue of reports (the audio thread cannot
// lock). When full, reports are dropped: the next one still says where playback is.
class ReportQueue {
 public:
  bool push(const PlayedReport& r) {
    const auto h = head_.load(std::memory_order_relaxed);
    if (h - tail_.load(std::memory_order_acquire) >= kSize) return false;
    items_[h % kSize] = r;
    head_.store(h + 1, std::memory_order_release);
    return true;
  }
  bool pop(PlayedReport& r) {
    const auto t = tail_.load(std::memory_order_relaxed);
    if (t == head_.load(std::memory_order_acquire)) return false;
    r = items_[t % kSize];
    tail_.store(t + 1, std::memory_order_release);
    return true;
  }

 private:
  static constexpr std::size_t kSize = 1024;
  PlayedReport items_[kSize];
  std::atomic<std::uint64_t> head_{0};
  std::atomic<std::uint64_t> tail_{0};
};

// A piece of a sentence's audio from the synthesis thread.
struct Chunk {
  std::uint64_t generation = 0;
  std::size_t sentence = 0;
  std::vector<std::int16_t> samples;  // at speed 1
  std::vector<speech::WordTiming> words;
  bool last = false;  // the sentence is complete after this
  std::string error;  // not empty: the sentence could not be synthesized (and is skipped)
};

// Everything the synthesis thread touches, owned jointly by the player and that thread: when
// the engine is stuck (a stopped or hung speech process) the player leaves without joining
// the thread, which then keeps what it uses alive until it returns, if ever (at process exit
// it simply ends). After `stop` is set the thread touches nothing outside this.
struct SynthShared {
  explicit SynthShared(std::unique_ptr<speech::Engine> engine) : engine(std::move(engine)) {}
  std::unique_ptr<speech::Engine> engine;  // interrupt() from any thread; the rest its own
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<Chunk> chunks;
  std::uint64_t generation = 0;
  std::size_t next = 0;
  std::size_t feed_sentence = 0;
  bool stop = false;
  bool exited = false;  // the thread has returned (mutex)
};

// A sample times a gain, saturating: above 100% a loud sample clips instead of wrapping round.
inline std::int16_t scaled(std::int16_t sample, float gain) {
  return audio::apply_gain_saturating(sample, gain);
}

// Something waiting to be heard: a sentence or word start, or a command's first audio.
struct Marker {
  enum class Kind { sentence, word, command };
  Marker(Kind kind, std::uint64_t position, std::size_t sentence = 0)
      : kind(kind), position(position), sentence(sentence) {}
  Kind kind;
  std::uint64_t position = 0;  // ring position of its first sample
  std::size_t sentence = 0;
  std::size_t word = 0;  // for words: index into the sentence's words
  std::size_t word_begin = 0, word_length = 0;
  nlohmann::ordered_json event;  // for commands: the event to emit, latency added
  double received_s = 0;         // for commands: when the command arrived (sink clock)
  bool needs_audio = false;      // reached only when audio plays (a resume), not on a
                                 // report of the paused device's silence
};

}  // namespace

struct Player::Impl {
  Impl(const document::Document& doc, std::unique_ptr<speech::Engine> engine,
       std::unique_ptr<audio::AudioSink> sink, PlayerSettings settings, EventListener events)
      : doc(doc),
        synth(std::make_shared<SynthShared>(std::move(engine))),
        sink(std::move(sink)),
        settings(settings),
        events(std::move(events)),
        rate(synth->engine->sample_rate_hz()),
        ring(static_cast<std::size_t>(rate)),  // one second of room; only ring_ms is used
        stretch(rate) {
    speed = std::clamp(settings.speed_factor, kMinSpeed, kMaxSpeed);
    volume = std::clamp(settings.volume_percent, 0, kMaxVolumePercent);
    volume_gain.store(volume / 100.0f);
    stretch.set_speed(speed);
    fade_samples =
        std::max<std::size_t>(1, static_cast<std::size_t>(rate * settings.fade_ms / 1000));
    target_fill = static_cast<std::size_t>(rate * settings.ring_ms / 1000);
    heard_sentence = std::min(settings.start_sentence, doc.sentences.size() - 1);
    earcon_dead_end = audio::render_earcon(audio::Earcon::dead_end, rate);
    earcon_end = audio::render_earcon(audio::Earcon::end_of_document, rate);
  }
  ~Impl() { stop_synthesis(); }

  // ---- the synthesis thread -------------------------------------------------------------

  // Runs on its own thread with only `shared` and the sentence texts (read before `stop`).
  static void synthesis_loop(const std::shared_ptr<SynthShared>& shared,
                             const document::Document& doc) {
    SynthShared& sh = *shared;
    std::unique_lock lock(sh.mutex);
    for (;;) {
      sh.wake.wait(lock, [&] {
        return sh.stop || (sh.next < doc.sentences.size() && sh.next <= sh.feed_sentence + kAhead);
      });
      if (sh.stop) break;
      const std::uint64_t generation = sh.generation;
      const std::size_t index = sh.next;
      const std::string text = doc.sentences[index].text;
      lock.unlock();
      bool complete = true;
      std::string error;
      try {
        complete = sh.engine->synthesize(text, [&](std::span<const std::int16_t> samples,
                                                   std::span<const speech::WordTiming> words) {
          std::lock_guard guard(sh.mutex);
          if (sh.stop || generation != sh.generation) return false;  // a jump: stop now
          sh.chunks.push_back({generation,
                               index,
                               {samples.begin(), samples.end()},
                               {words.begin(), words.end()},
                               false,
                               {}});
          return true;
        });
      } catch (const std::exception& e) {
        // One sentence fails (an engine crash, a stall past its deadline): it is reported and
        // skipped, and the next one is tried (the engine restarts its worker).
        error = e.what();
        if (error.empty()) error = "speech synthesis failed";
      }
      lock.lock();
      if (generation == sh.generation && (complete || !error.empty())) {
        sh.chunks.push_back({generation, index, {}, {}, true, error});
        ++sh.next;
      }
    }
    sh.exited = true;
    sh.wake.notify_all();
  }

  // Restarts synthesis at `sentence`, dropping what was made for the old position.
  void restart_synthesis(std::size_t sentence) {
    std::lock_guard guard(synth->mutex);
    ++synth->generation;
    synth->next = sentence;
    synth->feed_sentence = sentence;
    synth->chunks.clear();
    synth->wake.notify_all();
  }

  // ---- the audio thread -----------------------------------------------------------------

  std::size_t render(std::int16_t* out, std::size_t frames, double dac_time_s) {
    std::size_t produced = 0;
    std::size_t real = 0;
    // A jump: fade out what is playing over a few ms, then skip to the new audio.
    const std::uint64_t flush = flush_sequence.load(std::memory_order_acquire);
    if (flush != flush_seen) {
      flush_seen = flush;
      const std::uint64_t to = flush_position.load(std::memory_order_acquire);
      const std::uint64_t from = ring.read_position();
      // Paused and already silent: the jump moves the position without a sound.
      const bool silent = paused_flag.load(std::memory_order_acquire) && pause_gain <= 0.0f;
      const std::size_t fade = silent ? 0
                                      : static_cast<std::size_t>(std::min<std::uint64_t>(
                                            {fade_samples, to > from ? to - from : 0, frames}));
      const std::size_t got = ring.read({out, fade});
      for (std::size_t i = 0; i < got; ++i) {
        out[i] = scaled(out[i], apply_gain() * pause_gain * (1.0f - float(i + 1) / float(got)));
      }
      if (got > 0) reports.push({from, static_cast<std::uint32_t>(got), dac_time_s});
      produced = real = got;
      ring.skip_to(to);
    }
    const bool want_paused = paused_flag.load(std::memory_order_acquire);
    const std::uint64_t start = ring.read_position();
    std::size_t consumed = 0;
    while (produced < frames) {
      if (want_paused && pause_gain <= 0.0f) break;  // silent and holding the position
      std::int16_t sample = 0;
      if (ring.read({&sample, 1}) == 0) break;  // nothing queued: an underrun, or the end
      ++consumed;
      // Fades at pause and resume: the gain walks to its target over fade_samples.
      const float step = 1.0f / static_cast<float>(fade_samples);
      pause_gain =
          want_paused ? std::max(0.0f, pause_gain - step) : std::min(1.0f, pause_gain + step);
      const float gain = apply_gain() * pause_gain;
      out[produced++] = gain == 1.0f ? sample : scaled(sample, gain);
    }
    if (consumed > 0 || want_paused) {
      reports.push({start, static_cast<std::uint32_t>(consumed),
                    dac_time_s + static_cast<double>(real) / rate});
    }
    real += consumed;
    std::fill(out + produced, out + frames, std::int16_t{0});
    mix_earcon(out, frames);
    return real;
  }

  // Mixes the earcon asked for (if any) over whatever plays, at the listener's volume, paused
  // or not: a key that cannot move is answered at once, not after the queued speech.
  void mix_earcon(std::int16_t* out, std::size_t frames) {
    if (const int wanted = earcon_request.exchange(0, std::memory_order_acq_rel); wanted != 0) {
      earcon_playing = wanted == 1 ? &earcon_dead_end : &earcon_end;
      earcon_position = 0;
    }
    if (earcon_playing == nullptr) return;
    const float gain = volume_gain.load(std::memory_order_relaxed);
    const std::vector<std::int16_t>& tone = *earcon_playing;
    for (std::size_t i = 0; i < frames && earcon_position < tone.size(); ++i) {
      const float mixed =
          static_cast<float>(out[i]) + static_cast<float>(tone[earcon_position++]) * gain;
      out[i] = static_cast<std::int16_t>(std::clamp(mixed, -32768.0f, 32767.0f));
    }
    if (earcon_position >= tone.size()) earcon_playing = nullptr;
  }

  // Asks the audio thread for an earcon, and tells the screen (a line in --ui plain).
  void cue(audio::Earcon earcon, const std::string& reason) {
    earcon_request.store(earcon == audio::Earcon::dead_end ? 1 : 2, std::memory_order_release);
    ++cues;
    cue_reason = reason;
    publish();
  }

  // Volume moves smoothly toward its target: a jump would click.
  float apply_gain() {
    const float target = volume_gain.load(std::memory_order_relaxed);
    if (current_gain != target) {
      const float step = 1.0f / static_cast<float>(fade_samples);
      current_gain = current_gain < target ? std::min(target, current_gain + step)
                                           : std::max(target, current_gain - step);
    }
    return current_gain;
  }

  // ---- the player thread ----------------------------------------------------------------

  double elapsed_ms() const {
    return std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  }

  void emit(nlohmann::ordered_json event) {
    nlohmann::ordered_json out;
    out["event"] = event["event"];
    out["t_ms"] = std::round(elapsed_ms() * 10) / 10;
    for (auto it = event.begin(); it != event.end(); ++it) {
      if (it.key() != "event") out[it.key()] = it.value();
    }
    if (events) events(out);
  }

  nlohmann::ordered_json sentence_event(std::size_t index) const {
    const auto& s = doc.sentences[index];
    return {{"event", "sentence"},
            {"index", index + 1},
            {"section", s.section_index + 1},
            {"block", s.block_index + 1},
            {"text", s.text}};
  }

  // Applies the queued commands. Navigation merges: each jump starts from the last target.
  void apply_commands() {
    std::vector<Request> pending;
    {
      std::lock_guard guard(command_mutex);
      pending.swap(commands);
    }
    std::optional<std::size_t> jump;
    std::vector<std::pair<nlohmann::ordered_json, double>> jump_events;
    for (auto& [command, received, reader_event] : pending) {
      if (stopping) break;
      if (reader_event) {  // a line that was not a command: answered here, in order
        emit(std::move(*reader_event));
        continue;
      }
      // A command that arrived before the device started has no time on its clock yet.
      if (received <= 0) received = sink->now_s();
      const std::string name(spec_of(command.id).name);
      nlohmann::ordered_json event;
      switch (command.id) {
        case CommandId::quit:
          stopping = true;  // after the jumps before it: "goto-sentence 6, quit" saves 6
          stop_reason = "quit";
          break;
        case CommandId::pause:
        case CommandId::resume:
        case CommandId::toggle: {
          const bool pause = command.id == CommandId::pause    ? true
                             : command.id == CommandId::resume ? false
                                                               : !paused;
          if (pause == paused) {
            emit({{"event", "ignored"},
                  {"command", name},
                  {"reason", paused ? "already paused" : "not paused"}});
            continue;
          }
          paused = pause;
          paused_flag.store(pause, std::memory_order_release);
          event = {{"event", pause ? "paused" : "resumed"},
                   {"command", name},
                   {"sentence", heard_sentence + 1}};
          add_command_marker(ring.read_position(), std::move(event), received,
                             /*needs_audio=*/!pause);
          continue;
        }
        case CommandId::faster:
        case CommandId::slower:
        case CommandId::normal_speed:
        case CommandId::speed: {
          const double wanted = command.id == CommandId::faster   ? speed + kSpeedStep
                                : command.id == CommandId::slower ? speed - kSpeedStep
                                : command.id == CommandId::speed  ? command.value
                                                                  : 1.0;
          const double next_speed =
              std::clamp(std::round(wanted * 100) / 100, kMinSpeed, kMaxSpeed);
          if (next_speed == speed) {
            const std::string reason = next_speed == kMaxSpeed   ? "already at the fastest speed"
                                       : next_speed == kMinSpeed ? "already at the slowest speed"
                                                                 : "already at that speed";
            emit({{"event", "ignored"}, {"command", name}, {"reason", reason}, {"speed", speed}});
            cue(audio::Earcon::dead_end, reason);
            continue;
          }
          speed = next_speed;
          stretch.set_speed(speed);
          event = {{"event", "speed"}, {"command", name}, {"speed", speed}};
          // Heard from the next sample written; what is queued (ring_ms) plays out first.
          add_command_marker(ring.write_position(), std::move(event), received);
          continue;
        }
        case CommandId::volume_up:
        case CommandId::volume_down:
        case CommandId::volume: {
          const int next_volume =
              std::clamp(command.id == CommandId::volume_up     ? volume + kVolumeStepPercent
                         : command.id == CommandId::volume_down ? volume - kVolumeStepPercent
                                                                : static_cast<int>(command.value),
                         0, kMaxVolumePercent);
          if (next_volume == volume) {
            const std::string reason = next_volume == kMaxVolumePercent ? "already at the loudest"
                                       : next_volume == 0               ? "already silent"
                                                                        : "already at that volume";
            emit({{"event", "ignored"}, {"command", name}, {"reason", reason}, {"volume", volume}});
            cue(audio::Earcon::dead_end, reason);
            continue;
          }
          volume = next_volume;
          volume_gain.store(static_cast<float>(volume) / 100.0f, std::memory_order_relaxed);
          event = {{"event", "volume"}, {"command", name}, {"volume", volume}};
          add_command_marker(ring.read_position(), std::move(event), received);
          continue;
        }
        case CommandId::outline:
        case CommandId::help:
          // The terminal screen handles these itself; on stdin they have nothing to show.
          emit({{"event", "ignored"}, {"command", name}, {"reason", "only at a terminal"}});
          continue;
        default:
          break;
      }
      if (stopping) break;
      const std::size_t from = jump.value_or(heard_sentence);
      const std::optional<std::size_t> to = command.id == CommandId::goto_saved
                                                ? settings.saved_sentence
                                                : navigate(doc, from, command);
      if (!to) {
        const auto number = static_cast<std::size_t>(command.value);
        const std::string reason =
            command.id == CommandId::goto_section
                ? "no section " + std::to_string(number) + " (the document has " +
                      std::to_string(doc.sections.size()) + ")"
            : command.id == CommandId::goto_sentence
                ? "no sentence " + std::to_string(number) + " (the document has " +
                      std::to_string(doc.sentences.size()) + ")"
            : command.id == CommandId::goto_saved ? "no saved place for this document"
                                                  : "nothing further that way";
        emit({{"event", "ignored"}, {"command", name}, {"reason", reason}});
        cue(audio::Earcon::dead_end, reason);
        continue;
      }
      jump = *to;
      // End: the listener went there on purpose, so the end waits for them (with a cue)
      // instead of quitting; any other jump lets the document end as usual.
      hold_at_end = command.id == CommandId::go_end;
      jump_events.push_back(
          {{{"event", "jump"}, {"command", name}, {"from", from + 1}, {"to", *to + 1}}, received});
    }
    if (jump) start_from(*jump, jump_events);
  }

  void add_command_marker(std::uint64_t position, nlohmann::ordered_json event, double received,
                          bool needs_audio = false) {
    Marker m{Marker::Kind::command, position};
    m.event = std::move(event);
    m.received_s = received;
    m.needs_audio = needs_audio;
    // Before a sentence or word marker at the same place: "resumed" comes before the
    // sentence it lets be heard.
    const auto at = std::find_if(markers.begin(), markers.end(), [&](const Marker& other) {
      return other.position > position ||
             (other.position == position && other.kind != Marker::Kind::command);
    });
    markers.insert(at, std::move(m));
    publish();
  }

  // A jump: drop queued audio (the audio thread fades it out) and start `sentence` at once.
  void start_from(std::size_t sentence,
                  std::vector<std::pair<nlohmann::ordered_json, double>>& jump_events) {
    waiting_at_end = false;
    restart_synthesis(sentence);
    const std::uint64_t cut = ring.write_position();
    flush_position.store(cut, std::memory_order_release);
    flush_sequence.fetch_add(1, std::memory_order_acq_rel);
    std::erase_if(markers, [](const Marker& m) { return m.kind != Marker::Kind::command; });
    generation = synth_generation_snapshot();
    feeding = std::nullopt;
    pending_silence = 0;
    stretched.clear();
    stretch.reset();
    fade_in_left = fade_samples;
    heard_sentence = sentence;  // the screen follows the jump at once
    for (auto& [event, received] : jump_events) add_command_marker(cut, std::move(event), received);
    publish();
  }

  std::uint64_t synth_generation_snapshot() {
    std::lock_guard guard(synth->mutex);
    return synth->generation;
  }

  // Moves audio from the synthesis queue through the time-stretcher into the ring until
  // ring_ms are queued.
  void feed() {
    while (ring.available() < target_fill) {
      if (pending_silence > 0) {
        static const std::vector<std::int16_t> zeros(4096, 0);
        const std::size_t room = target_fill - ring.available();
        const std::size_t n = std::min({pending_silence, room, zeros.size()});
        ring.write({zeros.data(), n});
        pending_silence -= n;
        continue;
      }
      if (!stretched.empty()) {
        if (!start_marker_written) {
          markers.emplace_back(Marker::Kind::sentence, ring.write_position(), *feeding);
          markers.back().needs_audio = true;  // told when heard, never during a pause
          start_marker_written = true;
        }
        if (fade_in_left > 0) {  // the first milliseconds after a cut rise from silence
          for (std::size_t i = 0; i < stretched.size() && fade_in_left > 0; ++i, --fade_in_left) {
            stretched[i] = static_cast<std::int16_t>(
                stretched[i] * (1.0f - float(fade_in_left) / float(fade_samples)));
          }
        }
        const std::size_t room = target_fill - ring.available();
        const std::size_t n = ring.write({stretched.data(), std::min(room, stretched.size())});
        stretched.erase(stretched.begin(), stretched.begin() + static_cast<long>(n));
        if (n == 0) return;
        continue;
      }
      if (sentence_complete) {
        // The sentence is all in the ring: queue the pause before the next one.
        sentence_complete = false;
        const std::size_t done = *feeding;
        feeding = std::nullopt;
        if (done + 1 >= doc.sentences.size()) {
          end_position = ring.write_position();
          return;
        }
        pending_silence = pause_samples(done, done + 1);
        continue;
      }
      Chunk chunk;
      {
        std::lock_guard guard(synth->mutex);
        auto& chunks = synth->chunks;
        while (!chunks.empty() && chunks.front().generation != generation) chunks.pop_front();
        if (chunks.empty()) return;  // synthesis is behind: try again shortly
        chunk = std::move(chunks.front());
        chunks.pop_front();
        if (!feeding || chunk.sentence != *feeding) {
          synth->feed_sentence = chunk.sentence;
          synth->wake.notify_all();
        }
      }
      if (!feeding || chunk.sentence != *feeding) {
        feeding = chunk.sentence;
        start_marker_written = false;
        base_samples_pushed = 0;
        end_position.reset();
      }
      if (base_samples_pushed == 0) sentence_origin = ring.write_position() + stretched.size();
      // Words: where they will land in the ring at the current speed (close enough to
      // highlight; sonic's few milliseconds of look-back are ignored).
      for (const auto& w : chunk.words) {
        Marker m{Marker::Kind::word,
                 sentence_origin +
                     static_cast<std::uint64_t>(static_cast<double>(w.sample_offset) / speed),
                 chunk.sentence};
        m.needs_audio = true;
        m.word_begin = w.text_begin_byte;
        m.word_length = w.text_length_bytes;
        markers.push_back(std::move(m));
      }
      if (!chunk.error.empty()) {
        // Skipped: said at once (nothing of it will be heard), then the pause and the next one.
        emit({{"event", "error"},
              {"sentence", chunk.sentence + 1},
              {"message", "sentence " + std::to_string(chunk.sentence + 1) +
                              " could not be spoken (" + chunk.error + "); skipped"}});
        ++sentences_failed;
        stretch.flush();
        stretch.pull(stretched);
        sentence_complete = true;
        continue;
      }
      base_samples_pushed += chunk.samples.size();
      stretch.push(chunk.samples);
      if (chunk.last) {
        stretch.flush();
        sentence_complete = true;
      }
      stretch.pull(stretched);
    }
  }

  std::size_t pause_samples(std::size_t before, std::size_t after) const {
    const auto& a = doc.sentences[before];
    const auto& b = doc.sentences[after];
    const int ms = a.section_index != b.section_index ? settings.pauses.section_ms
                   : a.block_index != b.block_index   ? settings.pauses.block_ms
                                                      : settings.pauses.sentence_ms;
    return static_cast<std::size_t>(std::lround(ms / speed * rate / 1000.0));
  }

  // Reads what the audio thread played and emits the events whose audio has been heard.
  void collect_reports() {
    PlayedReport r;
    bool changed = false;
    while (reports.pop(r)) {
      played_until = std::max(played_until, r.first + r.count);
      heard_samples += r.count;
      for (auto it = markers.begin(); it != markers.end();) {
        const bool played = it->position < r.first + r.count;
        const bool paused_here = r.count == 0 && it->position <= r.first && !it->needs_audio;
        if (!played && !paused_here) {
          ++it;
          continue;
        }
        const double dac =
            r.dac_time_s +
            static_cast<double>(it->position > r.first ? it->position - r.first : 0) / rate;
        reached(*it, dac);
        changed = true;
        it = markers.erase(it);
      }
    }
    if (changed) publish();
  }

  void reached(Marker& m, double dac_time_s) {
    switch (m.kind) {
      case Marker::Kind::sentence: {
        heard_sentence = m.sentence;
        word_begin = word_length = 0;
        emit(sentence_event(m.sentence));
        break;
      }
      case Marker::Kind::word:
        word_begin = m.word_begin;
        word_length = m.word_length;
        break;
      case Marker::Kind::command: {
        m.event["latency_ms"] = std::round(std::max(0.0, dac_time_s - m.received_s) * 10000) / 10;
        emit(std::move(m.event));
        break;
      }
    }
  }

  void publish() {
    std::lock_guard guard(snapshot_mutex);
    ++shared.version;
    shared.sentence = heard_sentence;
    shared.word_begin_byte = word_begin;
    shared.word_length_bytes = word_length;
    shared.paused = paused;
    shared.finished = finished;
    shared.speed_factor = speed;
    shared.volume_percent = volume;
    shared.heard_seconds = static_cast<double>(heard_samples) / rate;
    shared.sentences_failed = sentences_failed;
    shared.underruns = underruns_seen;
    shared.cues = cues;
    shared.cue_reason = cue_reason;
    shared.waiting_at_end = waiting_at_end;
  }

  std::size_t run() {
    started = Clock::now();
    restart_synthesis(heard_sentence);
    generation = synth_generation_snapshot();
    synth_thread = std::thread([shared = synth, &doc = doc] { synthesis_loop(shared, doc); });
    try {
      sink->start(rate, [this](std::int16_t* out, std::size_t frames, double dac) {
        return render(out, frames, dac);
      });
    } catch (...) {
      stop_synthesis();
      throw;
    }
    publish();
    while (!stopping && !stop_requested.load() && !interrupted()) {
      apply_commands();
      if (stopping) break;
      feed();
      collect_reports();
      if (sink->failed()) {
        sink->stop();
        stop_synthesis();
        emit({{"event", "error"}, {"message", "the audio device failed"}});
        emit({{"event", "stopped"}, {"reason", "device failed"}, {"sentence", heard_sentence + 1}});
        throw Error(ExitCode::io, "the audio device stopped working; position saved at sentence " +
                                      std::to_string(heard_sentence + 1));
      }
      if (const std::uint64_t underruns = sink->underruns(); underruns != underruns_seen) {
        // The device ran dry (PortAudio's output-underflow flag): say so, and give it more
        // room, so that it does not happen again on this machine.
        underruns_seen = underruns;
        const double latency_s = sink->raise_latency();
        publish();
        emit({{"event", "underrun"},
              {"count", underruns},
              {"latency_ms", std::round(latency_s * 10000) / 10}});
      }
      if (end_position && played_until >= *end_position && markers.empty() && hold_at_end &&
          !no_more_input.load(std::memory_order_acquire)) {
        if (!waiting_at_end) {
          waiting_at_end = true;
          cue(audio::Earcon::end_of_document, "end of the document, waiting for a key");
          emit({{"event", "end"},
                {"sentence", doc.sentences.size()},
                {"waiting", true},
                {"reason", "end pressed: waiting for a key"}});
        }
      } else if (end_position && played_until >= *end_position && markers.empty()) {
        finished = true;
        publish();
        emit({{"event", "finished"}, {"sentences", doc.sentences.size()}});
        break;
      }
      std::unique_lock lock(command_mutex);
      command_wake.wait_for(lock, std::chrono::milliseconds(2), [&] { return !commands.empty(); });
    }
    if (!finished) {
      // Commands whose audio was never heard (quit came first, or a pause) still get their
      // answer, without a latency.
      for (Marker& m : markers) {
        if (m.kind == Marker::Kind::command) emit(std::move(m.event));
      }
      markers.clear();
      // How playback ended, as the last event: quit, a signal, or the caller's request.
      nlohmann::ordered_json event{{"event", "stopped"}};
      if (stopping) {
        event["reason"] = stop_reason;
        if (stop_reason == "quit") event["command"] = "quit";
      } else if (interrupted()) {
        event["reason"] = "signal";
        event["signal"] = interrupt_signal();
      } else {
        std::lock_guard guard(command_mutex);
        event["reason"] = requested_reason.empty() ? "stopped" : requested_reason;
      }
      event["sentence"] = heard_sentence + 1;
      emit(std::move(event));
    }
    sink->stop();
    stop_synthesis();
    return finished ? 0 : heard_sentence;
  }

  // Stops the synthesis thread without ever waiting on a stuck engine: the engine is asked to
  // interrupt, and a thread that has not returned soon after is left behind (it owns what it
  // uses; see SynthShared), so quit and signals end voxmark within a fraction of a second.
  void stop_synthesis() {
    if (!synth_thread.joinable()) return;
    std::unique_lock lock(synth->mutex);
    synth->stop = true;
    synth->wake.notify_all();
    lock.unlock();
    synth->engine->interrupt();
    lock.lock();
    const bool exited = synth->wake.wait_for(lock, std::chrono::milliseconds(kStopWaitMs),
                                             [&] { return synth->exited; });
    lock.unlock();
    if (exited) {
      synth_thread.join();
    } else {
      synth_thread.detach();
      abandoned_synthesis = true;
    }
  }

  static constexpr int kStopWaitMs = 100;   // for the synthesis thread to return on stop
  static constexpr std::size_t kAhead = 2;  // sentences synthesized beyond the one fed

  const document::Document& doc;
  std::shared_ptr<SynthShared> synth;  // the synthesis hand-over, shared with its thread
  std::unique_ptr<audio::AudioSink> sink;
  PlayerSettings settings;
  EventListener events;
  const int rate;
  std::thread synth_thread;
  bool abandoned_synthesis = false;  // stop_synthesis() left a stuck thread behind

  // Commands (command_mutex); the time each arrived is on the sink's clock.
  std::mutex command_mutex;
  std::condition_variable command_wake;
  struct Request {
    Command command;
    double received = 0;                          // on the sink's clock
    std::optional<nlohmann::ordered_json> event;  // instead of a command: emit this
  };
  std::vector<Request> commands;
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> no_more_input{false};  // input_ended(): nothing to wait for at the end
  std::string requested_reason;            // why request_stop() was called (command_mutex)

  // Shared with the audio thread, lock-free.
  audio::SampleRing ring;
  ReportQueue reports;
  std::atomic<std::uint64_t> flush_sequence{0};
  std::atomic<std::uint64_t> flush_position{0};
  std::atomic<bool> paused_flag{false};
  std::atomic<float> volume_gain{1.0f};
  // Audio-thread only.
  std::uint64_t flush_seen = 0;
  float pause_gain = 1.0f;
  float current_gain = 1.0f;
  const std::vector<std::int16_t>* earcon_playing = nullptr;
  std::size_t earcon_position = 0;
  // Earcons, rendered once at the engine's rate. The player thread asks for one through
  // earcon_request (1: dead end, 2: end of document; 0: none); the audio thread takes it.
  std::vector<std::int16_t> earcon_dead_end, earcon_end;
  std::atomic<int> earcon_request{0};

  // Player-thread only.
  speech::TimeStretch stretch;
  std::vector<std::int16_t> stretched;  // stretched audio not yet in the ring
  std::deque<Marker> markers;
  std::optional<std::size_t> feeding;  // the sentence being fed into the ring
  bool start_marker_written = false;
  bool sentence_complete = false;
  std::size_t base_samples_pushed = 0;
  std::uint64_t sentence_origin = 0;  // ring position of the fed sentence's first sample
  std::size_t pending_silence = 0;
  std::size_t fade_in_left = 0;
  std::size_t fade_samples = 0;
  std::size_t target_fill = 0;
  std::uint64_t generation = 0;
  std::optional<std::uint64_t> end_position;
  std::uint64_t played_until = 0;
  std::uint64_t heard_samples = 0;
  std::size_t heard_sentence = 0;
  std::size_t word_begin = 0, word_length = 0;
  double speed = 1.0;
  int volume = 100;
  bool paused = false;
  bool finished = false;
  bool stopping = false;
  std::string stop_reason;  // with `stopping`: what asked for it
  std::size_t sentences_failed = 0;
  std::uint64_t underruns_seen = 0;
  bool hold_at_end = false;     // End was the last jump: the end waits instead of finishing
  bool waiting_at_end = false;  // ... and has been reached (the end cue played)
  std::uint64_t cues = 0;       // earcons asked for
  std::string cue_reason;       // why the last one
  Clock::time_point started;

  mutable std::mutex snapshot_mutex;
  PlayerSnapshot shared;
};

Player::Player(const document::Document& doc, std::unique_ptr<speech::Engine> engine,
               std::unique_ptr<audio::AudioSink> sink, PlayerSettings settings,
               EventListener events)
    : impl_(std::make_unique<Impl>(doc, std::move(engine), std::move(sink), settings,
                                   std::move(events))) {}

Player::~Player() = default;

void Player::submit(const Command& command) {
  const double received = impl_->sink->now_s();
  std::lock_guard guard(impl_->command_mutex);
  impl_->commands.push_back({command, received, std::nullopt});
  impl_->command_wake.notify_all();
}

void Player::submit_event(nlohmann::ordered_json event) {
  std::lock_guard guard(impl_->command_mutex);
  impl_->commands.push_back({Command{}, 0, std::move(event)});
  impl_->command_wake.notify_all();
}

void Player::request_stop(const std::string& reason) {
  {
    std::lock_guard guard(impl_->command_mutex);
    if (impl_->requested_reason.empty()) impl_->requested_reason = reason;
  }
  impl_->stop_requested = true;
  impl_->command_wake.notify_all();
}

void Player::input_ended() {
  impl_->no_more_input = true;
  impl_->command_wake.notify_all();
}

std::size_t Player::run() { return impl_->run(); }

PlayerSnapshot Player::snapshot() const {
  std::lock_guard guard(impl_->snapshot_mutex);
  return impl_->shared;
}

}  // namespace voxmark::player
