// The FFmpeg module's entry (the contract is src/media/media.h): its table of functions, the
// picture probe and the version.
extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
}

#include <mutex>
#include <string>

#include "media/ffmpeg/ffmpeg_parts.h"

namespace voxmark::media::ffmpeg_module {
namespace {

std::optional<PictureInfo> probe_picture(const std::filesystem::path& file) {
  AVFormatContext* probe = nullptr;
  std::string url = "file:";  // appended: GCC 12 warns falsely on "literal" + string
  url += file.string();
  std::optional<PictureInfo> info;
  if (avformat_open_input(&probe, url.c_str(), nullptr, nullptr) == 0 &&
      avformat_find_stream_info(probe, nullptr) >= 0 && probe->nb_streams > 0) {
    const AVCodecParameters* p = probe->streams[0]->codecpar;
    info = PictureInfo{p->codec_id == AV_CODEC_ID_MJPEG || p->codec_id == AV_CODEC_ID_PNG, p->width,
                       p->height};
  }
  avformat_close_input(&probe);
  return info;
}

const char* version() { return av_version_info(); }

}  // namespace
}  // namespace voxmark::media::ffmpeg_module

extern "C" __attribute__((visibility("default"))) const voxmark::media::FfmpegApi*
voxmark_ffmpeg_api() {
  namespace parts = voxmark::media::ffmpeg_module;
  // libav* print to stderr by default; voxmark reports errors itself, in one line.
  static std::once_flag quiet;
  std::call_once(quiet, [] { av_log_set_level(AV_LOG_QUIET); });
  static const voxmark::media::FfmpegApi api{voxmark::media::ffmpeg_api_build(), parts::open_writer,
                                             parts::probe_picture, parts::version};
  return &api;
}
