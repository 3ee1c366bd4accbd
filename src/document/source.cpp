#include "document/source.h"

#include <unicode/utf8.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "voxmark/embedded.h"

namespace voxmark::document {
namespace {

constexpr std::size_t kBinarySniffBytes = 8000;
// Larger inputs are refused rather than risking the machine's memory; 1 GiB of Markdown is
// about a thousand books.
constexpr std::uintmax_t kMaxDocumentBytes = std::uintmax_t{1} << 30;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Reads in large blocks: an istreambuf_iterator costs a call per byte, and a string grown a
// byte at a time is copied again at every doubling.
std::string read_stream(std::istream& in, const std::string& name, std::size_t size_hint = 0) {
  constexpr std::size_t kBlockBytes = std::size_t{1} << 16;
  std::string bytes;
  bytes.reserve(size_hint + kBlockBytes);  // the last read asks for a whole block
  while (in) {
    const std::size_t at = bytes.size();
    bytes.resize(at + kBlockBytes);
    in.read(bytes.data() + at, static_cast<std::streamsize>(kBlockBytes));
    bytes.resize(at + static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    throw Error(ExitCode::io, name + ": reading failed part-way; check the file or device");
  }
  return bytes;
}

}  // namespace

bool is_clean_utf8(std::string_view raw) {
  if (raw.starts_with("\xEF\xBB\xBF")) return false;
  const auto* s = reinterpret_cast<const uint8_t*>(raw.data());
  const auto length = static_cast<int32_t>(std::min<std::size_t>(raw.size(), INT32_MAX));
  if (static_cast<std::size_t>(length) != raw.size()) return false;
  for (int32_t i = 0; i < length;) {
    if (s[i] != 0 && s[i] < 0x80) {
      ++i;
      continue;
    }
    if (s[i] == 0) return false;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

namespace {

// sanitize_utf8 for bytes the caller gives up: clean text (nearly every document) is moved,
// not copied.
SourceText sanitize_owned(std::string name, std::string raw) {
  if (!is_clean_utf8(raw)) return sanitize_utf8(std::move(name), raw);
  SourceText out;
  out.name = std::move(name);
  out.bytes = std::move(raw);
  return out;
}

}  // namespace

bool looks_binary(std::string_view raw) {
  const std::string_view head = raw.substr(0, kBinarySniffBytes);
  for (std::string_view magic :
       {std::string_view("\x7f"
                         "ELF"),
        std::string_view("\x89PNG"), std::string_view("PK\x03\x04"), std::string_view("\x1f\x8b"),
        std::string_view("%PDF-"), std::string_view("GIF8"), std::string_view("\xFF\xD8\xFF"),
        std::string_view("RIFF")}) {
    if (head.starts_with(magic)) return true;
  }
  // Text has almost no control characters; binary formats are full of them.
  std::size_t control = 0;
  for (unsigned char c : head) {
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b) {
      ++control;
    }
  }
  return !head.empty() && control * 10 > head.size();
}

SourceText sanitize_utf8(std::string name, std::string_view raw) {
  SourceText out;
  out.name = std::move(name);
  if (raw.starts_with("\xEF\xBB\xBF")) raw.remove_prefix(3);  // a byte-order mark is not text
  out.bytes.reserve(raw.size());

  const auto* s = reinterpret_cast<const uint8_t*>(raw.data());
  const auto length = static_cast<int32_t>(std::min<std::size_t>(raw.size(), INT32_MAX));
  int line = 1;
  bool reported_utf8 = false;
  bool reported_nul = false;
  int32_t i = 0;
  std::size_t invalid_count = 0;
  std::size_t nul_count = 0;
  int first_invalid_line = 0;
  int first_nul_line = 0;
  while (i < length) {
    // Plain ASCII runs are copied without decoding: most documents are mostly ASCII.
    int32_t run = i;
    while (run < length && s[run] < 0x80 && s[run] != 0) {
      if (s[run] == '\n') ++line;
      ++run;
    }
    out.bytes.append(raw.data() + i, raw.data() + run);
    i = run;
    if (i >= length) break;
    if (s[i] == 0) {
      out.bytes.append(kReplacement);
      ++nul_count;
      if (!reported_nul) first_nul_line = line, reported_nul = true;
      ++i;
      continue;
    }
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);  // advances past the maximal ill-formed subpart when invalid
    if (c < 0) {
      out.bytes.append(kReplacement);
      ++invalid_count;
      if (!reported_utf8) first_invalid_line = line, reported_utf8 = true;
    } else {
      out.bytes.append(raw.data() + start, raw.data() + i);
    }
  }
  if (invalid_count > 0) {
    out.warnings.push_back({out.name + ":" + std::to_string(first_invalid_line),
                            "invalid UTF-8 (" + std::to_string(invalid_count) +
                                " sequence(s) from this line on) replaced with U+FFFD; save "
                                "the file as UTF-8 to fix it"});
  }
  if (nul_count > 0) {
    out.warnings.push_back(
        {out.name + ":" + std::to_string(first_nul_line),
         std::to_string(nul_count) + " NUL byte(s) from this line on replaced with U+FFFD"});
  }
  return out;
}

SourceText load_source(const std::string& path_or_dash) {
  if (path_or_dash.empty()) {
    return sanitize_utf8("(bundled)", embedded::bundled_document);
  }
  std::string raw;
  std::string name = path_or_dash;
  if (path_or_dash == "-") {
    raw = read_stream(std::cin, "standard input");
    name = "(stdin)";
  } else {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto status = fs::status(path_or_dash, ec);
    if (ec || !fs::exists(status)) {
      throw Error(
          ExitCode::no_input,
          path_or_dash + ": no such file; check the path, or give - to read standard input");
    }
    if (fs::is_directory(status)) {
      throw Error(ExitCode::no_input,
                  path_or_dash + ": is a directory; name a Markdown file in it");
    }
    std::uintmax_t size_bytes = 0;  // 0 when unknown (a pipe, a device): read to the end
    if (fs::is_regular_file(status)) {
      size_bytes = fs::file_size(path_or_dash, ec);
      if (ec) size_bytes = 0;
    }
    if (size_bytes > kMaxDocumentBytes) {
      throw Error(ExitCode::data, path_or_dash + ": larger than 1 GiB; split the document");
    }
    std::ifstream in(path_or_dash, std::ios::binary);
    if (!in) {
      throw Error(ExitCode::no_input, path_or_dash + ": cannot be opened (" + std::strerror(errno) +
                                          "); check its permissions");
    }
    raw = read_stream(in, path_or_dash, static_cast<std::size_t>(size_bytes));
  }
  if (looks_binary(raw)) {
    throw Error(ExitCode::data,
                name + ": looks like a binary file, not Markdown text; name a .md or text file");
  }
  return sanitize_owned(std::move(name), std::move(raw));
}

}  // namespace voxmark::document
