// src/media/media.h: where the FFmpeg module is looked for, and the linked copy's table.
#include <gtest/gtest.h>

#include "media/media.h"

extern "C" {
#include <libavutil/avutil.h>
}

namespace voxmark::media {
namespace {
namespace fs = std::filesystem;

TEST(FfmpegModule, LookedForBesideTheProgramThenRelativeToItThenInTheConfiguredLibdir) {
  const std::vector<fs::path> paths =
      module_candidates("/opt/vm/bin/voxmark", "/usr/lib/x86_64-linux-gnu/voxmark");
  ASSERT_EQ(paths.size(), 3u);
  EXPECT_EQ(paths[0], fs::path("/opt/vm/bin/voxmark-ffmpeg.so"));
  // Relative to the program: an installed prefix moved elsewhere still finds its module.
  EXPECT_EQ(paths[1].parent_path().filename(), "voxmark");
  EXPECT_TRUE(paths[1].string().starts_with("/opt/vm/")) << paths[1];
  EXPECT_EQ(paths[1].filename(), "voxmark-ffmpeg.so");
  EXPECT_EQ(paths[2], fs::path("/usr/lib/x86_64-linux-gnu/voxmark/voxmark-ffmpeg.so"));
}

TEST(FfmpegModule, APlaceIsTriedOnceAndAnUnknownProgramPathSkipsTheRelativePlaces) {
  // A build installed into its own prefix: the relative and the configured place coincide.
  const fs::path exe = "/usr/bin/voxmark";
  const fs::path libdir = (exe.parent_path() / VOXMARK_TEST_MODULE_FROM_BIN).lexically_normal();
  EXPECT_EQ(module_candidates(exe, libdir).size(), 2u);
  const std::vector<fs::path> unknown = module_candidates("", "/usr/lib/voxmark");
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0], fs::path("/usr/lib/voxmark/voxmark-ffmpeg.so"));
}

TEST(FfmpegModule, TheLinkedCopyIsUsedWithoutLoadingAndIsThisBuilds) {
  const FfmpegApi& api = ffmpeg();
  EXPECT_STREQ(api.build, ffmpeg_api_build());
  EXPECT_STREQ(api.version(), av_version_info());
  EXPECT_EQ(&ffmpeg(), &api);  // loaded once
}

TEST(FfmpegModule, APictureThatIsNotOneIsReportedAsSuch) {
  EXPECT_FALSE(ffmpeg().probe_picture("/nonexistent/cover.png").has_value());
  const auto bundled = ffmpeg().probe_picture(VOXMARK_SOURCE_DIR "/CMakeLists.txt");
  EXPECT_TRUE(!bundled || !bundled->jpeg_or_png);
}

}  // namespace
}  // namespace voxmark::media
