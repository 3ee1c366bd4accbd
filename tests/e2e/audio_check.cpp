#include "audio_check.h"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>

#include "cli/voice_options.h"
#include "speech/speech_process.h"

namespace voxmark::test {

Audio read_audio(const std::string& path) {
  SF_INFO info{};
  SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
  Audio audio;
  if (!file) {
    ADD_FAILURE() << path << ": libsndfile cannot read it: " << sf_strerror(nullptr);
    return audio;
  }
  audio.sample_rate_hz = info.samplerate;
  audio.channels = info.channels;
  audio.samples.resize(static_cast<std::size_t>(info.frames * info.channels));
  const sf_count_t got =
      sf_read_short(file, audio.samples.data(), static_cast<sf_count_t>(audio.samples.size()));
  audio.samples.resize(static_cast<std::size_t>(std::max<sf_count_t>(got, 0)));
  sf_close(file);
  return audio;
}

std::vector<speech::Utterance> reference_utterances(const std::vector<std::string>& texts) {
  const cli::ResolvedVoice voice = cli::resolve_voice({});
  speech::SpeechProcess engine([&voice] {
    auto espeak = std::make_unique<speech::EspeakEngine>(voice.lexicon);
    espeak->configure(voice.settings);
    return espeak;
  });
  std::vector<speech::Utterance> out;
  for (const auto& text : texts) out.push_back(engine.synthesize(text));
  return out;
}

std::vector<std::vector<std::int16_t>> reference_audio(const std::vector<std::string>& texts) {
  std::vector<std::vector<std::int16_t>> out;
  for (auto& u : reference_utterances(texts)) out.push_back(std::move(u.samples));
  return out;
}

std::size_t pause_samples(int ms, int sample_rate_hz) {
  return static_cast<std::size_t>(std::llround(ms * sample_rate_hz / 1000.0));
}

std::string alsa_file_device_config(const std::string& raw_path) {
  return "pcm.!default {\n  type file\n  slave.pcm \"null\"\n  file \"" + raw_path +
         "\"\n  format \"raw\"\n}\n";
}

std::vector<std::int16_t> read_recording(const std::string& raw_path) {
  std::ifstream in(raw_path, std::ios::binary);
  const std::string raw{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::vector<std::int16_t> samples(raw.size() / 2);
  std::memcpy(samples.data(), raw.data(), samples.size() * 2);
  return without_zeros(samples);
}

std::vector<std::int16_t> without_zeros(const std::vector<std::int16_t>& samples) {
  std::vector<std::int16_t> out;
  out.reserve(samples.size());
  std::copy_if(samples.begin(), samples.end(), std::back_inserter(out),
               [](std::int16_t s) { return s != 0; });
  return out;
}

std::size_t find_samples(const std::vector<std::int16_t>& haystack,
                         const std::vector<std::int16_t>& needle, std::size_t from) {
  if (needle.empty() || from > haystack.size()) return std::string::npos;
  const auto it = std::search(haystack.begin() + static_cast<long>(from), haystack.end(),
                              needle.begin(), needle.end());
  return it == haystack.end() ? std::string::npos : static_cast<std::size_t>(it - haystack.begin());
}

}  // namespace voxmark::test
