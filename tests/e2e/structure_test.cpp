// The op-ed's structure as a listener uses it: the outline, Page Down (next-section) through
// its parts, a labelled chapter per part in the export, --from an area's name, and skip-past
// a list, all through the real binary.
#include <gtest/gtest.h>
#include <sndfile.h>

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "audio_check.h"
#include "run_process.h"

namespace voxmark::test {
namespace {

ProcessResult voxmark(std::vector<std::string> args, ProcessOptions options = {}) {
  args.insert(args.begin(), voxmark_binary());
  return run_process(args, options);
}

std::vector<nlohmann::json> json_lines(const std::string& out) {
  std::vector<nlohmann::json> all;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) all.push_back(nlohmann::json::parse(line));
  return all;
}

// Section number (1-based) -> its first sentence (1-based), from `voxmark sentences --json`.
std::map<int, int> section_starts() {
  std::map<int, int> starts;
  for (const auto& s : json_lines(voxmark({"sentences", "--json"}).out)) {
    starts.try_emplace(s["section"].get<int>(), s["index"].get<int>());
  }
  return starts;
}

class OpEdStructure : public testing::Test {
 protected:
  ProcessResult play(std::vector<std::string> args, const std::string& commands) {
    args.insert(args.begin(), {voxmark_binary(), "play", "--sink", "null", "--events", "json"});
    ProcessOptions options;
    options.stdin_text = commands;
    isolate_home(options, dir_);
    return run_process(args, options);
  }
  std::vector<nlohmann::json> events(const ProcessResult& r, const std::string& kind) {
    std::vector<nlohmann::json> out;
    for (const auto& e : json_lines(r.out)) {
      if (e["event"] == kind) out.push_back(e);
    }
    return out;
  }
  TempDir dir_;
};

TEST_F(OpEdStructure, OutlineShowsItsPartsWithTheAreasByName) {
  const auto text = voxmark({"outline"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  for (const char* line :
       {"1. A new beginning for NATO and Russia  [level 1,",
        "  3. Fighting terrorism  [run-in, level 2,",
        "  4. Preventing proliferation  [run-in, level 2,",
        "  5. Stabilising Afghanistan  [run-in, level 2,",
        "6. Beyond increasing our practical collaboration, we ...  [continues 2, level 1,",
        "7. To read the op-ed in full, ...  [break, level 1,"}) {
    EXPECT_NE(text.out.find(line), std::string::npos) << line << "\n" << text.out;
  }
  const auto json = nlohmann::json::parse(voxmark({"outline", "--json"}).out);
  ASSERT_EQ(json["sections"].size(), 7u);
  const char* kinds[] = {"heading", "break", "run-in", "run-in", "run-in", "continuation", "break"};
  const int levels[] = {1, 1, 2, 2, 2, 1, 1};
  for (std::size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(json["sections"][i]["kind"], kinds[i]) << i;
    EXPECT_EQ(json["sections"][i]["level"], levels[i]) << i;
  }
  EXPECT_EQ(json["sections"][5]["continues"], 2);
  EXPECT_EQ(json["sections"][2]["parent"], 2);
  // --structure headings: the heading only.
  const auto headings =
      nlohmann::json::parse(voxmark({"outline", "--json", "--structure", "headings"}).out);
  EXPECT_EQ(headings["sections"].size(), 1u);
}

TEST_F(OpEdStructure, NextSectionWalksEveryPartInOrder) {
  const auto starts = section_starts();
  ASSERT_EQ(starts.size(), 7u);
  std::string commands;
  for (int i = 0; i < 6; ++i) commands += "next-section\n";
  const auto r = play({}, commands);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto jumps = events(r, "jump");
  ASSERT_EQ(jumps.size(), 6u) << r.out;
  for (int i = 0; i < 6; ++i) EXPECT_EQ(jumps[i]["to"], starts.at(i + 2)) << "jump " << i + 1;
}

TEST_F(OpEdStructure, FromAnAreaByNameStartsThere) {
  const auto starts = section_starts();
  const auto r = play({"--from", "Stabilising Afghanistan"}, "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto heard = events(r, "sentence");
  ASSERT_FALSE(heard.empty()) << r.out;
  EXPECT_EQ(heard.front()["index"], starts.at(5));
  EXPECT_EQ(heard.front()["text"], "Stabilising Afghanistan.");
}

TEST_F(OpEdStructure, SkipPastTheListLandsOnTheConclusion) {
  const auto starts = section_starts();
  const auto list = starts.at(3) - 1;  // "List, 3 items.", just before the first area
  const auto r = play({}, "goto-sentence " + std::to_string(list) + "\nskip-past\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto jumps = events(r, "jump");
  ASSERT_EQ(jumps.size(), 2u) << r.out;
  EXPECT_EQ(jumps[1]["command"], "skip-past");
  EXPECT_EQ(jumps[1]["to"], starts.at(6));  // "Beyond increasing ...": past the three areas
}

TEST_F(OpEdStructure, ExportHasALabelledChapterPerPart) {
  ASSERT_EQ(voxmark({"export", "-q", "-o", dir_.file("oped.wav")}).exit_code, 0);
  SF_INFO info{};
  SNDFILE* file = sf_open(dir_.file("oped.wav").c_str(), SFM_READ, &info);
  ASSERT_NE(file, nullptr);
  SF_CUES cues{};
  ASSERT_EQ(sf_command(file, SFC_GET_CUE, &cues, sizeof cues), SF_TRUE);
  sf_close(file);
  ASSERT_EQ(cues.cue_count, 7u);
  EXPECT_STREQ(cues.cue_points[0].name, "A new beginning for NATO and Russia");
  EXPECT_STREQ(cues.cue_points[2].name, "Fighting terrorism");
  EXPECT_STREQ(cues.cue_points[3].name, "Preventing proliferation");
  EXPECT_STREQ(cues.cue_points[4].name, "Stabilising Afghanistan");
  for (std::size_t i = 1; i < 7; ++i) {
    EXPECT_GT(cues.cue_points[i].sample_offset, cues.cue_points[i - 1].sample_offset) << i;
  }
}

}  // namespace
}  // namespace voxmark::test
