// The Engine on eSpeak NG 1.51: plain-text synthesis, word timings, silence trimming, and
// libsonic for the speed factor.
//
// Contract (besides engine.h):
// - One EspeakEngine per process at a time: eSpeak NG keeps all its state in globals, so a
//   second construction while one exists throws Error(software). Parallel synthesis uses
//   processes (a child forked from a process that has an engine may make its own).
// - Every call into eSpeak NG (synthesize, configure, list_installed_voices) is serialized by
//   one process-wide mutex, so calls from two threads wait for each other rather than crash.
//   A ChunkSink must not call back into the engine (that throws Error(software)).
// - eSpeak NG is initialized once per process and never terminated (re-initializing 1.51
//   after espeak_ng_Terminate can hang). Its switch of LC_CTYPE is undone; it runs under a
//   thread-local C.UTF-8 LC_CTYPE instead, so it reads non-ASCII letters the same whatever the
//   process locale.
// - Document text is always spoken as plain text (espeakCHARS_UTF8, never espeakSSML or
//   espeakPHONEMES): "<audio src=...>" is read out and opens nothing, "[[...]]" is not taken as
//   phonemes. Control characters are replaced by spaces first, because eSpeak NG reads
//   U+0001 followed by e.g. "20A" or "80S" as an embedded command even in plain text, and the
//   change outlasts the call.
// - Determinism: the same process state and the same text give the same samples (so the same
//   export run twice gives the same file). eSpeak NG 1.51 keeps hidden state between calls
//   (pitch flutter phase, pause state left by the previous text), so the same text spoken again
//   later in one process can differ slightly: in our measurements up to ~1.5% in length
//   (about 20 ms at a comma) and in the waveform, with the same words and word order.
// - Speed: eSpeak NG speaks at the preset rate (clamped to 80..400 wpm, where its rate is
//   clean); everything else, including the whole speed_factor, is done by libsonic. eSpeak's own
//   rate does not scale pauses and short words linearly (350 wpm is 1.93x..2.26x as fast as
//   175 depending on the sentence), while sonic is exact (2.000x), and the player's instant
//   speed change (TimeStretch on audio already made) then matches re-synthesized audio.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "speech/engine.h"
#include "speech/lexicon.h"

namespace voxmark::speech {

// An eSpeak NG voice installed on this machine.
struct InstalledVoice {
  std::string name;                    // "English (Great Britain)"
  std::string identifier;              // "gmw/en": what eSpeak NG loads
  std::vector<std::string> languages;  // "en-gb", "en": the languages it speaks, preferred first
};

// Checks every field of `settings`; throws Error(usage) naming the field and its range.
void validate_voice_settings(const VoiceSettings& settings);

// True when `name` may be handed to eSpeak NG as a voice name: letters, digits and
// "-_+/ ()", at most 40 bytes, no "..", not an absolute path (eSpeak NG builds a file path from
// it).
bool is_valid_espeak_voice_name(std::string_view name);

// The installed eSpeak NG voices, sorted as eSpeak NG lists them (by language).
// Works with or without an EspeakEngine; serialized with it. Empty when eSpeak NG finds no data.
std::vector<InstalledVoice> list_installed_voices();

// How a speaking rate is split between eSpeak NG and libsonic.
struct RatePlan {
  int espeak_rate_wpm = 175;  // what eSpeak NG is asked for, 80..400
  double stretch_factor = 1;  // libsonic speed on top (1 = untouched)
};
// espeak_rate_wpm = clamp(rate_wpm, 80, 400); stretch_factor = rate_wpm * speed_factor / that.
RatePlan plan_rate(int rate_wpm, double speed_factor);

class EspeakEngine final : public Engine {
 public:
  // Samples quieter than this (absolute value) at either end of a sentence are trimmed.
  static constexpr int kSilenceThreshold = 32;

  // `lexicon` respells words before eSpeak NG sees them (see lexicon.h); timings still point
  // into the original text. `data_dir` is an espeak-ng-data folder, "" for the system's.
  // Configures the default VoiceSettings. Throws Error(software) when another EspeakEngine
  // exists in this process, Error(unavailable) when eSpeak NG cannot start (missing data).
  explicit EspeakEngine(Lexicon lexicon = {}, const std::string& data_dir = {});
  ~EspeakEngine() override;
  EspeakEngine(const EspeakEngine&) = delete;
  EspeakEngine& operator=(const EspeakEngine&) = delete;

  int sample_rate_hz() const override { return sample_rate_hz_; }

  // Selects the voice (an eSpeak NG voice name, identifier or language such as "en-gb",
  // optionally with "+variant") and the rate, pitch, range and volume.
  // Throws Error(usage) for out-of-range settings or a voice eSpeak NG does not have.
  void configure(const VoiceSettings& settings) override;
  const VoiceSettings& settings() const noexcept { return settings_; }

  // See engine.h. Word sample offsets are in the trimmed, stretched audio; text offsets are in
  // `text` as given (before the lexicon). Words that have no audio of their own at the very end
  // are dropped. Throws Error(software) when called from inside a ChunkSink or when eSpeak NG
  // fails; exceptions thrown by the sink stop synthesis and propagate.
  bool synthesize(std::string_view text, const ChunkSink& sink) override;
  using Engine::synthesize;

  // Replaces the lexicon for the next synthesize() calls.
  void set_lexicon(Lexicon lexicon);

 private:
  void apply_parameters();  // needs the eSpeak mutex held

  Lexicon lexicon_;
  VoiceSettings settings_;
  RatePlan rate_plan_;
  int sample_rate_hz_ = 0;
};

}  // namespace voxmark::speech
