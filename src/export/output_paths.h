// Where an export may write. Every check runs before any work, so a refusal (Error
// cant_create, exit 73, one line) leaves everything as it was. What voxmark promises about
// the user's files (docs/cli.md, "Your files"):
// - the output is never the document being read, whatever path leads there (a symlink, a
//   hard link, "./", "..");
// - an existing file is replaced only when it holds what voxmark would write there (audio
//   where audio goes, subtitles where subtitles go, or nothing at all), so a mistyped -o never
//   overwrites a document, a picture or a spreadsheet;
// - a symlink as output is followed: the file it points to is replaced, the link stays;
// - with --split sections, see split_folder.h.
#pragma once

#include <filesystem>
#include <vector>

namespace voxmark::audiobook {

// epub: a zip whose first entry is the stored "mimetype" application/epub+zip (any EPUB);
// page: a read-along page voxmark wrote (its generator meta, talkingbook/talking_book.h).
enum class OutputKind { audio, subtitles, playlist, epub, page };

// The path to write for `output`: itself, or the file a symlink there leads to. Throws
// Error(cant_create) when it is (or leads to) `input` or one of `taken` (other outputs of
// the same export), or an existing file that is not of `kind`. `input` is empty when the
// document is not a file (standard input, the bundled op-ed).
std::filesystem::path checked_output_file(const std::filesystem::path& output, OutputKind kind,
                                          const std::filesystem::path& input,
                                          const std::vector<std::filesystem::path>& taken = {});

// Whether two paths lead to the same file (symlinks followed, hard links included); false
// when either does not exist.
bool same_file(const std::filesystem::path& a, const std::filesystem::path& b);

// Whether an existing file holds what voxmark writes as `kind`, judged by its first bytes:
// audio (RIFF/RF64 WAVE, FLAC, Ogg, MP3 with or without ID3, MP4/M4A/M4B), WebVTT or
// SubRip subtitles, an M3U playlist. An empty file counts as any kind (nothing to lose).
bool holds(const std::filesystem::path& file, OutputKind kind);

}  // namespace voxmark::audiobook
