// Replays every file of tests/fuzz/corpus/<target>/ through that fuzz target's checks, so the
// seeds and every crash the fuzzers ever found (each is added to the corpus) are regression
// tests in every build, including ones without clang or libFuzzer.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../fuzz/fuzz_checks.h"

namespace voxmark::fuzz {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpusDir = fs::path(VOXMARK_SOURCE_DIR) / "tests" / "fuzz" / "corpus";

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

// Failures name the target, not the bytes of its table entry.
void PrintTo(const Target& target, std::ostream* os) { *os << target.name; }

namespace {

class FuzzCorpus : public testing::TestWithParam<Target> {};

TEST_P(FuzzCorpus, EveryFileKeepsTheInvariants) {
  const fs::path dir = kCorpusDir / GetParam().name;
  ASSERT_TRUE(fs::is_directory(dir)) << dir << " is missing";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  EXPECT_GE(files.size(), 3u) << "a corpus needs seeds: " << dir;
  for (const fs::path& file : files) {
    try {
      GetParam().check(read_bytes(file));
    } catch (const std::exception& e) {
      ADD_FAILURE() << file.filename().string() << ": " << e.what();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzCorpus, testing::ValuesIn(kTargets),
                         [](const testing::TestParamInfo<Target>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace voxmark::fuzz
