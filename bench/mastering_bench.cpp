// The limiter alone (export/loudness.h's Mastering) over a WAV file read with libsndfile:
// prints the time it took per sample and a checksum of its output, so that a change to the
// limiter can be timed and shown to give the same samples (docs/performance.md, section 2).
// Usage: voxmark_mastering_bench FILE.wav GAIN_DB [CEILING_DB] [ROUNDS]
#include <sndfile.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "export/loudness.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: voxmark_mastering_bench FILE.wav GAIN_DB [CEILING_DB] [ROUNDS]\n");
    return 2;
  }
  SF_INFO info{};
  SNDFILE* file = sf_open(argv[1], SFM_READ, &info);
  if (!file || info.channels != 1) {
    std::fprintf(stderr, "voxmark_mastering_bench: %s: not a mono sound file\n", argv[1]);
    return 1;
  }
  std::vector<std::int16_t> in(static_cast<std::size_t>(info.frames));
  in.resize(static_cast<std::size_t>(sf_read_short(file, in.data(), info.frames)));
  sf_close(file);
  const double gain_db = std::atof(argv[2]);
  const double ceiling_db = argc > 3 ? std::atof(argv[3]) : -3.0;
  const int rounds = argc > 4 ? std::atoi(argv[4]) : 5;
  std::vector<double> ns_per_sample;
  std::uint64_t checksum = 0;
  std::vector<std::int16_t> out;
  for (int round = 0; round < rounds; ++round) {
    out.clear();
    out.reserve(in.size() + 4096);
    const auto start = std::chrono::steady_clock::now();
    voxmark::audiobook::Mastering m(info.samplerate, gain_db, ceiling_db);
    constexpr std::size_t kBlock = 32768;  // as the exporter reads the spool
    for (std::size_t at = 0; at < in.size(); at += kBlock) {
      m.process({in.data() + at, std::min(kBlock, in.size() - at)}, out);
    }
    m.flush(out);
    const std::chrono::duration<double, std::nano> took = std::chrono::steady_clock::now() - start;
    ns_per_sample.push_back(took.count() / static_cast<double>(in.size()));
    checksum = 1469598103934665603ull;  // FNV-1a over the output samples
    for (const std::int16_t s : out) {
      checksum = (checksum ^ static_cast<std::uint16_t>(s)) * 1099511628211ull;
    }
  }
  std::sort(ns_per_sample.begin(), ns_per_sample.end());
  std::printf(
      "%zu samples, gain %+.3f dB, ceiling %.1f dBTP: median %.2f ns a sample (min %.2f) over %d "
      "rounds; output %zu samples, FNV-1a %016llx\n",
      in.size(), gain_db, ceiling_db, ns_per_sample[ns_per_sample.size() / 2],
      ns_per_sample.front(), rounds, out.size(), static_cast<unsigned long long>(checksum));
  return 0;
}
