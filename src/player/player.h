// The player: speaks a document through an AudioSink, taking commands while it plays.
//
// Threads (each owns what it touches; the audio thread never waits on anyone):
// - the synthesis thread owns the Engine and works ahead of what is heard (at least the
//   next two sentences), handing audio over in chunks of a few tens of milliseconds;
// - the player thread (the one calling run()) applies commands, time-stretches with
//   libsonic at the current speed, inserts pauses and fills a small ring buffer;
// - the sink's audio thread reads the ring (render()), applies volume and pause fades, and
//   reports what it played and when (stream clock) through a lock-free queue.
// submit() and snapshot() may be called from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "audio/ring_buffer.h"
#include "audio/sink.h"
#include "document/document.h"
#include "player/command.h"
#include "speech/engine.h"
#include "speech/voice_preset.h"

namespace voxmark::player {

struct PlayerSettings {
  std::size_t start_sentence = 0;  // 0-based
  // Where the listener left this document last time (0-based), for goto-saved; none: ignored.
  std::optional<std::size_t> saved_sentence;
  double speed_factor = 1.0;  // 0.5..6, applied by time-stretching (pitch kept)
  int volume_percent = 100;   // 0..200
  speech::PausesMs pauses;    // silence between sentences, blocks and sections, at speed 1
  double ring_ms = 40;        // audio queued ahead of the device: the command latency floor
  double fade_ms = 5;         // fades at cuts, pauses and resumes (no clicks)
};

// What the screen shows. Copied out under a lock; `version` changes whenever anything does.
struct PlayerSnapshot {
  std::uint64_t version = 0;
  std::size_t sentence = 0;         // heard now (0-based)
  std::size_t word_begin_byte = 0;  // the word heard now, within the sentence text
  std::size_t word_length_bytes = 0;
  bool paused = false;
  bool finished = false;
  double speed_factor = 1.0;
  int volume_percent = 100;
  double heard_seconds = 0;          // audio played so far (device time)
  std::size_t sentences_failed = 0;  // sentences skipped because synthesis failed
  std::uint64_t underruns = 0;       // times the device ran dry (see AudioSink::underruns)
  double device_latency_s = 0;       // the device's output latency now (grows after underruns)
  std::uint64_t cues = 0;            // earcons played for keys that could not move (and the end)
  std::string cue_reason;            // why the last one: "nothing further that way", ...
  bool waiting_at_end = false;       // End was pressed and the end reached: waiting for a key
};

// One JSON Lines event (see docs/commands.md): an object with "event" and "t_ms".
using EventListener = std::function<void(const nlohmann::ordered_json& event)>;

class Player {
 public:
  // The document must outlive the player; the engine is used only on the synthesis thread.
  Player(const document::Document& doc, std::unique_ptr<speech::Engine> engine,
         std::unique_ptr<audio::AudioSink> sink, PlayerSettings settings, EventListener events);
  ~Player();
  Player(const Player&) = delete;
  Player& operator=(const Player&) = delete;

  // Records a request; the player thread applies it (repeats merge: three "next" in a row
  // are one jump of three). Any thread.
  void submit(const Command& command);
  // Emits `event` (an object with "event"; t_ms is added) on the player thread, in order with
  // the commands submitted around it: for the answers to lines that were not commands. Any thread.
  void submit_event(nlohmann::ordered_json event);
  // Stops at the next step, as quit does (for signals, a closed event reader, the screen's own
  // quit). `reason` goes into the closing `stopped` event. Any thread.
  void request_stop(const std::string& reason = "stopped");

  // No command will come any more (stdin closed): the end of the document then finishes
  // playback even after End, instead of waiting for a key. Any thread.
  void input_ended();
  // Plays until the document ends, quit, or request_stop(). Returns the sentence to resume
  // from. Throws Error when the device fails. A sentence whose synthesis fails is skipped
  // with an `error` event. Never waits on a stuck speech engine: on stop it interrupts the
  // engine and, if the synthesis thread does not return within ~100 ms, leaves it behind.
  // Events: every command gets one answer (an event when it is heard, `ignored` with a
  // reason, or the reader's `error`); the last event is `finished` or `stopped` (with why).
  std::size_t run();

  PlayerSnapshot snapshot() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace voxmark::player
