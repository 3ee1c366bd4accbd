// The speech engine interface: text in, 16-bit mono samples and word timings out.
// The player and the exporter share it; EspeakEngine (espeak_engine.h) is the real one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace voxmark::speech {

// How to speak. Units are in the names; ranges are checked by validate_voice_settings().
struct VoiceSettings {
  std::string espeak_voice = "en";  // an eSpeak NG voice name or language, e.g. "en-gb"
  int rate_wpm = 175;               // the preset's speaking rate, 80..450
  double speed_factor = 1.0;        // multiplies rate_wpm; 0.5..6 (sonic above eSpeak's range)
  int pitch = 50;                   // 0..100
  int pitch_range = 50;             // 0..100
  int volume = 100;                 // 0..200 (percent)
};

// Where a word starts in the audio and in the sentence text.
struct WordTiming {
  std::size_t sample_offset = 0;      // from the start of the utterance's samples
  std::size_t text_begin_byte = 0;    // into the UTF-8 sentence text given to synthesize()
  std::size_t text_length_bytes = 0;
};

// One sentence's audio.
struct Utterance {
  std::vector<int16_t> samples;  // mono, at Engine::sample_rate_hz(); leading and trailing
                                 // silence trimmed, so pauses are only those voxmark inserts
  std::vector<WordTiming> words; // in order
};

// Receives audio as it is made. `samples` continue the utterance; `words` are the words that
// start within them (sample offsets counted from the utterance's start). Return false to stop
// synthesis early (the call then returns false). Called on the synthesizing thread.
using ChunkSink =
    std::function<bool(std::span<const int16_t> samples, std::span<const WordTiming> words)>;

// Threads: an Engine is not thread-safe; one caller thread at a time. EspeakEngine is also
// one per process (eSpeak NG keeps global state): parallel synthesis uses processes.
class Engine {
 public:
  virtual ~Engine() = default;
  virtual int sample_rate_hz() const = 0;
  // Applies settings for the next synthesize() calls. Throws Error(usage) when out of range.
  virtual void configure(const VoiceSettings& settings) = 0;
  // Speaks `text` as plain text (never as markup), handing audio to `sink` in pieces of a few
  // tens of milliseconds, so a player can start before the sentence is done. Deterministic:
  // the same text and settings give the same samples. Returns false when the sink stopped it.
  // Throws Error on engine failure.
  virtual bool synthesize(std::string_view text, const ChunkSink& sink) = 0;
  // Makes a synthesize() in progress on another thread return false soon (within tens of
  // milliseconds), even when the engine itself is stuck; the engine stays usable for later
  // calls. Thread-safe: the one method that may be called from any thread at any time, for
  // quitting and signals. The default does nothing (an in-process engine stops only at its
  // next chunk, when the sink returns false).
  virtual void interrupt() noexcept {}

  // The whole sentence at once (built on the streaming call).
  Utterance synthesize(std::string_view text) {
    Utterance u;
    synthesize(text, [&u](std::span<const int16_t> samples, std::span<const WordTiming> words) {
      u.samples.insert(u.samples.end(), samples.begin(), samples.end());
      u.words.insert(u.words.end(), words.begin(), words.end());
      return true;
    });
    return u;
  }
};

}  // namespace voxmark::speech
