// Reading audio back and making the reference audio tests compare against.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "speech/engine.h"

namespace voxmark::test {

struct Audio {
  int sample_rate_hz = 0;
  int channels = 0;
  std::vector<std::int16_t> samples;
};

// Reads any format libsndfile reads (WAV, FLAC, Ogg, MP3). Fails the test when it cannot.
Audio read_audio(const std::string& path);

// What the engine makes for each text with the default voice (as `voxmark export` resolves
// it), each from the same pristine engine state.
std::vector<std::vector<std::int16_t>> reference_audio(const std::vector<std::string>& texts);

// The same, with the engine's word timings (sample offsets and byte ranges of each text).
std::vector<speech::Utterance> reference_utterances(const std::vector<std::string>& texts);

// Samples of silence voxmark inserts for `ms` at 22050 Hz and speed 1.
std::size_t pause_samples(int ms, int sample_rate_hz);

// An ~/.asoundrc that points ALSA's default device at `raw_path`: the real PortAudio -> ALSA
// path, with what is played written there as raw 16-bit samples (the handbook's testing.md).
std::string alsa_file_device_config(const std::string& raw_path);

// What that device played, with its silence dropped (see without_zeros).
std::vector<std::int16_t> read_recording(const std::string& raw_path);

// Drops every zero sample: the silence a device plays while nothing is queued.
std::vector<std::int16_t> without_zeros(const std::vector<std::int16_t>& samples);

// Where `needle` occurs in `haystack` from `from` on, or npos.
std::size_t find_samples(const std::vector<std::int16_t>& haystack,
                         const std::vector<std::int16_t>& needle, std::size_t from = 0);

}  // namespace voxmark::test
