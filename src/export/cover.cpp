#include "export/cover.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "common/error.h"
#include "common/printable.h"
#include "markdown/front_matter.h"
#include "media/media.h"

namespace voxmark::audiobook {
namespace fs = std::filesystem;

namespace {
constexpr std::uintmax_t kMaxCoverBytes = 16u << 20;  // players reject larger covers anyway
}

Cover load_cover(const fs::path& file, std::string_view origin) {
  const std::string shown = std::string(origin) + " " + printable(file.string());
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    throw Error(ExitCode::no_input, shown + ": no such file; name a JPEG or PNG picture");
  }
  if (!fs::is_regular_file(file, ec)) {
    throw Error(ExitCode::no_input, shown + ": not a file; name a JPEG or PNG picture");
  }
  if (fs::file_size(file, ec) > kMaxCoverBytes) {
    throw Error(ExitCode::data, shown +
                                    ": larger than 16 MB; players want a picture of a few "
                                    "hundred kilobytes (a JPEG of 1400x1400 pixels or so)");
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in && !in.eof()) {
    throw Error(ExitCode::no_input, shown + ": cannot be read; check its permissions");
  }
  Cover cover{bytes.str(), ""};
  if (cover.bytes.starts_with("\xFF\xD8\xFF")) {
    cover.mime_type = "image/jpeg";
  } else if (cover.bytes.starts_with("\x89PNG\r\n\x1A\n")) {
    cover.mime_type = "image/png";
  } else {
    throw Error(ExitCode::data,
                shown + ": is not a JPEG or PNG picture; convert it to one of those");
  }
  // FFmpeg reads the picture's header: a damaged picture is refused now, not by a player later,
  // and the size is what containers record beside it.
  const std::optional<media::PictureInfo> picture = media::ffmpeg().probe_picture(file);
  const bool readable =
      picture && picture->jpeg_or_png && picture->width_px > 0 && picture->height_px > 0;
  if (readable) {
    cover.width_px = picture->width_px;
    cover.height_px = picture->height_px;
  }
  if (!readable) {
    throw Error(ExitCode::data,
                shown + ": the picture is damaged or not a JPEG or PNG; convert it again");
  }
  return cover;
}

std::optional<std::string> front_matter_cover(std::string_view document_text) {
  // The front matter's extent is the Markdown reader's decision: ask it, then read one key.
  std::vector<Warning> ignored;  // the reader reports them when it reads the document
  const markdown::FrontMatter front = markdown::read_front_matter(document_text, "", ignored);
  if (front.length_bytes == 0) return std::nullopt;
  std::string_view yaml = document_text.substr(0, front.length_bytes);
  yaml.remove_prefix(std::min(yaml.find('\n') + 1, yaml.size()));  // the opening "---"
  yaml = yaml.substr(0, yaml.rfind("\n", yaml.size() >= 2 ? yaml.size() - 2 : 0) + 1);
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    const YAML::Node cover = root.IsMap() ? root["cover"] : YAML::Node();
    if (cover && cover.IsScalar() && !cover.as<std::string>().empty())
      return cover.as<std::string>();
  } catch (const YAML::Exception&) {
  }
  return std::nullopt;
}

}  // namespace voxmark::audiobook
