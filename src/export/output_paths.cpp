#include "export/output_paths.h"

#include <fstream>
#include <string>
#include <string_view>

#include "common/error.h"
#include "common/printable.h"
#include "export/talkingbook/talking_book.h"

namespace voxmark::audiobook {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kSniffBytes = 64;

std::string first_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string head(kSniffBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount())));
  return head;
}

bool looks_like_audio(std::string_view h) {
  const auto at = [&](std::size_t offset, std::string_view magic) {
    return h.size() >= offset + magic.size() && h.substr(offset, magic.size()) == magic;
  };
  if ((at(0, "RIFF") || at(0, "RF64")) && at(8, "WAVE")) return true;
  if (at(0, "fLaC") || at(0, "OggS") || at(0, "ID3") || at(4, "ftyp")) return true;
  // An MPEG audio frame: 11 sync bits.
  return h.size() >= 2 && static_cast<unsigned char>(h[0]) == 0xFF &&
         (static_cast<unsigned char>(h[1]) & 0xE0) == 0xE0;
}

bool looks_like_subtitles(std::string_view h) {
  if (h.starts_with("\xEF\xBB\xBF")) h.remove_prefix(3);
  if (h.starts_with("WEBVTT")) return true;
  // SubRip: a cue number, then a time line "00:00:00,000 --> ...".
  const auto digits_end = h.find_first_not_of("0123456789");
  if (digits_end == 0 || digits_end == std::string_view::npos) return false;
  std::string_view rest = h.substr(digits_end);
  if (rest.starts_with("\r")) rest.remove_prefix(1);
  return rest.starts_with("\n") && rest.size() > 3 && rest[1] >= '0' && rest[1] <= '9' &&
         rest.substr(1).find(':') != std::string_view::npos;
}

std::string_view kind_name(OutputKind kind) {
  switch (kind) {
    case OutputKind::audio:
      return "an audio file";
    case OutputKind::subtitles:
      return "a subtitle file";
    case OutputKind::playlist:
      return "a playlist";
    case OutputKind::epub:
      return "an EPUB publication";
    case OutputKind::page:
      return "a read-along page voxmark wrote";
  }
  return "";
}

}  // namespace

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  const bool same = fs::equivalent(a, b, ec);
  return !ec && same;
}

bool holds(const fs::path& file, OutputKind kind) {
  const std::string head = first_bytes(file);
  if (head.empty()) return true;
  switch (kind) {
    case OutputKind::audio:
      return looks_like_audio(head);
    case OutputKind::subtitles:
      return looks_like_subtitles(head);
    case OutputKind::playlist:
      return head.starts_with("#EXTM3U");
    case OutputKind::epub:  // OCF: the first local header (30 bytes) names the stored mimetype
      return head.starts_with("PK\x03\x04") &&
             head.substr(30, 28) == "mimetypeapplication/epub+zip";
    case OutputKind::page:  // the first line voxmark writes in a page (read_along.cpp)
      return head.starts_with(kReadAlongPageFirstLine);
  }
  return false;
}

fs::path checked_output_file(const fs::path& output, OutputKind kind, const fs::path& input,
                             const std::vector<fs::path>& taken) {
  const std::string shown = printable(output.string());
  if (!input.empty() && same_file(output, input)) {
    throw Error(ExitCode::cant_create,
                shown +
                    ": is the document being read; name another file "
                    "for the " +
                    std::string(kind == OutputKind::subtitles ? "subtitles" : "audio"));
  }
  for (const fs::path& other : taken) {
    if (same_file(output, other) || output.lexically_normal() == other.lexically_normal()) {
      throw Error(ExitCode::cant_create,
                  shown + ": is also the output for the audio; give the subtitles another name");
    }
  }
  std::error_code ec;
  fs::path target = output;
  if (fs::is_symlink(fs::symlink_status(output, ec))) {
    // Follow the link so that the file it leads to is replaced and the link itself stays.
    const fs::path resolved = fs::weakly_canonical(output, ec);
    if (ec) {
      throw Error(ExitCode::cant_create, shown + ": is a link that cannot be followed (" +
                                             ec.message() + "); name a file");
    }
    target = resolved;
  }
  const fs::file_status status = fs::status(target, ec);
  if (fs::is_regular_file(status) && !holds(target, kind)) {
    throw Error(ExitCode::cant_create,
                shown + ": exists and is not " + std::string(kind_name(kind)) +
                    "; voxmark replaces only a file it could have written, so move it away or "
                    "name another file");
  }
  if (fs::exists(status) && !fs::is_regular_file(status) && !fs::is_directory(status)) {
    throw Error(ExitCode::cant_create,
                shown + ": is not a regular file (a device or a pipe); name a file to write");
  }
  return target;
}

}  // namespace voxmark::audiobook
