// Private to the player: the state shared by the player's four files and the hand-over types
// between its threads. player.h keeps the contract; this header says who touches what.
//
// The files, by responsibility (each method is defined in one of them):
// - player.cpp: construction, the run loop (events, underruns, the end), the snapshot, stop;
// - player_commands.cpp: applying commands (pause, speed, volume, navigation and jumps);
// - player_feed.cpp: the synthesis thread and the feeder that moves its audio through the
//   time-stretcher into the ring, and the reports of what was heard;
// - player_render.cpp: the audio thread's side (render, fades, earcons);
// - player_speed.cpp: a speed change heard at once (what is queued is stretched again from
//   the point being heard).
#pragma once

#include <chrono>

#include "audio/earcon.h"
#include "player/player.h"
#include "speech/time_stretch.h"

namespace voxmark::player::detail {

using Clock = std::chrono::steady_clock;

// What the audio thread played: ring positions [first, first + count) reached the listener
// from dac_time_s on. Written by the audio thread, read by the player thread.
struct PlayedReport {
  std::uint64_t first = 0;
  std::uint32_t count = 0;
  double dac_time_s = 0;
  // A pause dropped what the device held and moved the read position back to `first`: what
  // was reported past it was not heard (count is 0).
  bool rewound = false;
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
  // A sentence fed again after a speed change (player_speed.cpp): its samples start at this
  // sample of the sentence's audio, and `resumed` says its start was already fed (no new
  // sentence event). Chunks from the synthesis thread leave both as they are.
  std::size_t first_sample = 0;
  bool resumed = false;
};

// A sentence's audio as it was fed into the ring, kept by the player thread until it has been
// heard, so that a speed change can stretch again what is still to be heard.
struct FedSentence {
  std::size_t sentence = 0;
  std::size_t first_sample = 0;           // the sentence's sample that samples[0] is
  std::vector<std::int16_t> samples;      // at speed 1, as fed so far
  std::vector<speech::WordTiming> words;  // offsets from the sentence's start
  bool complete = false;                  // samples reach the sentence's end
  std::string error;                      // not empty: it could not be spoken (no samples)
  // Ring position ring_begin holds sentence sample first_sample; each ring sample after it
  // advances `speed` sentence samples (sonic keeps the time scale, within a pitch period).
  std::uint64_t ring_begin = 0;
  double speed = 1.0;
  std::optional<std::uint64_t> ring_end;  // one past its last ring sample, once all written
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

}  // namespace voxmark::player::detail

namespace voxmark::player {

using detail::Chunk;
using detail::Clock;
using detail::FedSentence;
using detail::Marker;
using detail::PlayedReport;
using detail::ReportQueue;
using detail::SynthShared;

struct Player::Impl {
  // The engine is used only on the synthesis thread; see Player::Player.
  Impl(const document::Document& doc, std::unique_ptr<speech::Engine> engine,
       std::unique_ptr<audio::AudioSink> sink, PlayerSettings settings, EventListener events);
  ~Impl() { stop_synthesis(); }

  // ---- the synthesis thread -------------------------------------------------------------

  // Runs on its own thread with only `shared` and the sentence texts (read before `stop`).
  static void synthesis_loop(const std::shared_ptr<SynthShared>& shared,
                             const document::Document& doc);

  // Restarts synthesis at `sentence`, dropping what was made for the old position.
  void restart_synthesis(std::size_t sentence);

  // ---- the audio thread -----------------------------------------------------------------

  std::size_t render(std::int16_t* out, std::size_t frames, double dac_time_s);

  // Mixes the earcon asked for (if any) over whatever plays, at the listener's volume, paused
  // or not: a key that cannot move is answered at once, not after the queued speech.
  void mix_earcon(std::int16_t* out, std::size_t frames);

  // Asks the audio thread for an earcon, and tells the screen (a line in --ui plain).
  void cue(audio::Earcon earcon, const std::string& reason);

  // Volume moves smoothly toward its target: a jump would click.
  float apply_gain();

  // ---- the player thread ----------------------------------------------------------------

  double elapsed_ms() const;

  void emit(nlohmann::ordered_json event);

  nlohmann::ordered_json sentence_event(std::size_t index) const;

  // Applies the queued commands. Navigation merges: each jump starts from the last target.
  void apply_commands();

  void add_command_marker(std::uint64_t position, nlohmann::ordered_json event, double received,
                          bool needs_audio = false);

  // A jump: drop queued audio (the audio thread fades it out) and start `sentence` at once.
  void start_from(std::size_t sentence,
                  std::vector<std::pair<nlohmann::ordered_json, double>>& jump_events);

  std::uint64_t synth_generation_snapshot();

  // Moves audio from the synthesis queue through the time-stretcher into the ring until
  // ring_ms are queued.
  void feed();

  // The pause between two sentences, in samples at `speed_factor`.
  std::size_t pause_samples(std::size_t before, std::size_t after, double speed_factor) const;
  std::size_t pause_samples(std::size_t before, std::size_t after) const {
    return pause_samples(before, after, speed);
  }

  // Feeder thread. Tells the audio thread to drop everything queued before the ring's write
  // position (the ring and the device's buffer: player_render.cpp) and returns that position.
  // Publishes flush_position (release) before bumping flush_sequence (acq_rel), so the audio
  // thread that sees the new sequence reads the new position. The caller moves the markers and
  // sets last_cut.
  std::uint64_t cut_queue() {
    const std::uint64_t cut = ring.write_position();
    flush_position.store(cut, std::memory_order_release);
    flush_sequence.fetch_add(1, std::memory_order_acq_rel);
    return cut;
  }

  // The ring position the listener hears now: estimated from the latest report where the sink
  // can drop its queue, else everything the audio thread has read (all of it will be heard).
  std::uint64_t heard_position() const;

  // After a speed change (from old_speed to `speed`): drops what is queued (the ring and the
  // device's buffer, stretched at the old speed) and feeds again, at the new speed, from the
  // point being heard; nothing is skipped. Returns the ring position where the new speed
  // starts (for the command's marker).
  std::uint64_t restretch_from_heard(double old_speed);

  // Reads what the audio thread played and emits the events whose audio has been heard.
  void collect_reports();

  // A pause dropped what the device held and the audio thread reads again from `at`: what was
  // counted as heard past it was not. The sentence heard goes back to the one holding `at`
  // (so quit saves it), and sentences that start past it are told again when heard.
  void take_back_unheard(const PlayedReport& rewound);

  void reached(Marker& m, double dac_time_s);

  void publish();

  std::size_t run();

  // Stops the synthesis thread without ever waiting on a stuck engine: the engine is asked to
  // interrupt, and a thread that has not returned soon after is left behind (it owns what it
  // uses; see SynthShared), so quit and signals end voxmark within a fraction of a second.
  void stop_synthesis();

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
  // Paused and faded out: the ring position where the audio thread holds (kNotPaused while
  // playing). Written by the audio thread, read by the player thread.
  static constexpr std::uint64_t kNotPaused = ~std::uint64_t{0};
  std::atomic<std::uint64_t> paused_at{kNotPaused};
  // Audio-thread only.
  std::uint64_t flush_seen = 0;
  std::uint64_t cut_floor = 0;  // the last jump's ring position: nothing before it is read again
  bool pause_dropped = false;   // this pause has dropped the device's queue
  std::uint64_t silence_since_read = 0;  // frames rendered as silence after the last ring sample
  static constexpr double kPauseRewindMarginS = 0.01;
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
  std::size_t sentence_first_sample = 0;      // the fed sentence's sample at sentence_origin
  std::deque<FedSentence> fed;                // fed sentences not yet known to be heard
  std::optional<std::size_t> last_announced;  // the last sentence event since the last jump
  PlayedReport last_report;                   // the latest report of what the device plays
  std::uint64_t last_cut = 0;                 // ring position of the last jump or speed cut
  // After a speed cut, until the feeder takes the first chunk fed again: the silence (samples
  // at speed 1) it starts with, so a second change before then cuts the same way.
  std::optional<double> refeed_pause_left;
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

}  // namespace voxmark::player
