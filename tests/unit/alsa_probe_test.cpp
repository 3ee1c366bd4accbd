// The narrowed device probe (audio/alsa_probe.h), on ALSA's real configuration parser: what
// `pcm.default` needs stays, the rest goes, and a default chosen elsewhere narrows nothing.
// Each test loads its own configuration through ALSA_CONFIG_PATH and leaves none loaded.
// clang-format off
#include <cstdarg>  // alsa/conf.h uses va_list without including it
#include <alsa/asoundlib.h>
// clang-format on
#include "audio/alsa_probe.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace voxmark::audio {
namespace {
namespace fs = std::filesystem;

class AlsaProbe : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("voxmark-alsa-probe-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    if (const char* old = std::getenv("ALSA_CONFIG_PATH")) old_path_ = old;
    snd_config_update_free_global();
  }
  void TearDown() override {
    snd_config_update_free_global();
    if (old_path_) {
      ::setenv("ALSA_CONFIG_PATH", old_path_->c_str(), 1);
    } else {
      ::unsetenv("ALSA_CONFIG_PATH");
    }
    fs::remove_all(dir_);
  }
  // Makes `text` the whole of ALSA's configuration.
  void use_configuration(const std::string& text) {
    const fs::path file = dir_ / "asound.conf";
    std::ofstream(file) << text;
    ::setenv("ALSA_CONFIG_PATH", file.c_str(), 1);
  }
  // The `pcm` definitions ALSA holds now.
  static std::vector<std::string> loaded_pcms() {
    std::vector<std::string> ids;
    snd_config_t* pcms = nullptr;
    if (!snd_config || snd_config_search(snd_config, "pcm", &pcms) < 0) return ids;
    snd_config_iterator_t i, next;
    snd_config_for_each(i, next, pcms) {
      const char* id = nullptr;
      snd_config_get_id(snd_config_iterator_entry(i), &id);
      ids.emplace_back(id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  static std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  }

  fs::path dir_;
  std::optional<std::string> old_path_;
};

TEST_F(AlsaProbe, KeepsWhatTheDefaultReachesAndDropsTheRest) {
  // A user's equaliser in front of a file device (one named with arguments, as "dmix:0"
  // is), beside devices a probe would open for nothing.
  use_configuration(R"(
pcm.!default { type plug slave.pcm "equaliser" }
pcm.equaliser { type plug slave { pcm "recorder:1" } }
pcm.recorder { @args [ N ] @args.N { type integer } type null }
pcm.a52 { type null }
pcm.lavrate { type null }
pcm.jack { type null }
)");
  EXPECT_EQ(sorted(narrow_alsa_configuration_to_default()),
            (std::vector<std::string>{"a52", "jack", "lavrate"}));
  EXPECT_EQ(loaded_pcms(), (std::vector<std::string>{"default", "equaliser", "recorder"}));
  // The default still opens, through what was kept.
  snd_pcm_t* pcm = nullptr;
  ASSERT_EQ(snd_pcm_open(&pcm, "default", SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK), 0);
  snd_pcm_close(pcm);
  // Restoring drops the narrowed copy: the next use reads every definition again.
  restore_full_alsa_configuration();
  EXPECT_FALSE(snd_config);
  ASSERT_GE(snd_config_update(), 0);
  EXPECT_EQ(loaded_pcms().size(), 6u);
}

TEST_F(AlsaProbe, ADefaultChosenByTheSoundCardsConfigurationNarrowsNothing) {
  // As alsa.conf does on a system without a sound server: the definitions the card's own
  // configuration needs are not named here.
  use_configuration(R"(
pcm.!default cards.pcm.default
pcm.dmix { type null }
pcm.a52 { type null }
)");
  EXPECT_TRUE(narrow_alsa_configuration_to_default().empty());
  EXPECT_EQ(loaded_pcms(), (std::vector<std::string>{"a52", "default", "dmix"}));
}

TEST_F(AlsaProbe, NoDefaultDefinitionNarrowsNothing) {
  use_configuration("pcm.a52 { type null }\npcm.jack { type null }\n");
  EXPECT_TRUE(narrow_alsa_configuration_to_default().empty());
  EXPECT_EQ(loaded_pcms(), (std::vector<std::string>{"a52", "jack"}));
}

}  // namespace
}  // namespace voxmark::audio
