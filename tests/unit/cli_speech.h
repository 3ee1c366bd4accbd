// Real speech for the audio tests: a sentence said by eSpeak NG's own command line (not
// voxmark's engine), read back with libsndfile. Mono, 16-bit, 22,050 Hz; empty when espeak-ng
// cannot run.
#pragma once

#include <sndfile.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

extern char** environ;

namespace voxmark::test {

inline std::vector<std::int16_t> cli_speech(const std::string& text) {
  namespace fs = std::filesystem;
  const fs::path wav =
      fs::temp_directory_path() / ("voxmark-cli-speech-" + std::to_string(::getpid()) + ".wav");
  std::vector<std::string> args = {"espeak-ng", "-v", "en-us",      "-s",
                                   "175",       "-w", wav.string(), text};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, "espeak-ng", nullptr, nullptr, argv.data(), environ) != 0) return {};
  int status = 0;
  waitpid(pid, &status, 0);
  SF_INFO info{};
  SNDFILE* f = sf_open(wav.c_str(), SFM_READ, &info);
  std::vector<std::int16_t> samples;
  if (f) {
    samples.resize(static_cast<std::size_t>(info.frames * info.channels));
    samples.resize(static_cast<std::size_t>(
        sf_read_short(f, samples.data(), static_cast<sf_count_t>(samples.size()))));
    sf_close(f);
  }
  fs::remove(wav);
  return samples;
}

}  // namespace voxmark::test
