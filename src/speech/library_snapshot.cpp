#include "speech/library_snapshot.h"

#include <elf.h>
#include <espeak-ng/speak_lib.h>
#include <fcntl.h>
#include <link.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace voxmark::speech {
namespace {

// The library version the snapshot was verified on; others fall back to forking.
constexpr std::string_view kVerifiedVersion = "1.51";

struct Loaded {
  std::string path;
  ElfW(Addr) base = 0;
  const ElfW(Phdr) * phdr = nullptr;
  ElfW(Half) phnum = 0;
};

int find_espeak(dl_phdr_info* info, std::size_t, void* data) {
  const std::string_view name = info->dlpi_name != nullptr ? info->dlpi_name : "";
  if (name.find("/libespeak-ng.so") == std::string_view::npos) return 0;
  auto* loaded = static_cast<Loaded*>(data);
  loaded->path = std::string(name);
  loaded->base = info->dlpi_addr;
  loaded->phdr = info->dlpi_phdr;
  loaded->phnum = info->dlpi_phnum;
  return 1;
}

bool read_at(int fd, void* out, std::size_t size, off_t offset) {
  auto* p = static_cast<char*>(out);
  while (size > 0) {
    const ssize_t got = ::pread(fd, p, size, offset);
    if (got <= 0) return false;
    p += got;
    size -= static_cast<std::size_t>(got);
    offset += got;
  }
  return true;
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::optional<LibrarySnapshot> LibrarySnapshot::find(std::string& why_not) {
  const char* path = nullptr;
  const char* version = espeak_Info(&path);
  if (version == nullptr || std::string_view(version) != kVerifiedVersion) {
    why_not = "eSpeak NG " + std::string(version != nullptr ? version : "?") +
              " is not the version its state reset was verified on (" +
              std::string(kVerifiedVersion) + ")";
    return std::nullopt;
  }
  Loaded lib;
  if (::dl_iterate_phdr(&find_espeak, &lib) == 0 || lib.path.empty()) {
    why_not = "libespeak-ng is not loaded as a shared library";
    return std::nullopt;
  }
  const Fd fd(::open(lib.path.c_str(), O_RDONLY | O_CLOEXEC));
  ElfW(Ehdr) header{};
  if (fd.get() < 0 || !read_at(fd.get(), &header, sizeof header, 0) ||
      std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 ||
      header.e_shentsize != sizeof(ElfW(Shdr)) || header.e_shnum == 0 ||
      header.e_shstrndx >= header.e_shnum) {
    why_not = "cannot read the section headers of " + lib.path;
    return std::nullopt;
  }
  std::vector<ElfW(Shdr)> sections(header.e_shnum);
  if (!read_at(fd.get(), sections.data(), sections.size() * sizeof(ElfW(Shdr)),
               static_cast<off_t>(header.e_shoff))) {
    why_not = "cannot read the section headers of " + lib.path;
    return std::nullopt;
  }
  const ElfW(Shdr)& names_section = sections[header.e_shstrndx];
  std::string names(names_section.sh_size, '\0');
  if (!read_at(fd.get(), names.data(), names.size(), static_cast<off_t>(names_section.sh_offset))) {
    why_not = "cannot read the section names of " + lib.path;
    return std::nullopt;
  }
  auto name_of = [&](const ElfW(Shdr) & s) -> std::string_view {
    if (s.sh_name >= names.size()) return {};
    return std::string_view(names.c_str() + s.sh_name);
  };
  const ElfW(Shdr)* data = nullptr;
  const ElfW(Shdr)* bss = nullptr;
  for (const ElfW(Shdr) & s : sections) {
    if (name_of(s) == ".data") data = &s;
    if (name_of(s) == ".bss") bss = &s;
  }
  if (data == nullptr || bss == nullptr || bss->sh_addr < data->sh_addr) {
    why_not = lib.path + " has no .data and .bss sections in the expected order";
    return std::nullopt;
  }
  const ElfW(Addr) begin = data->sh_addr;
  const ElfW(Addr) end = bss->sh_addr + bss->sh_size;
  // Never touch the GOT (function pointers resolved at load time) or the RELRO part.
  for (const ElfW(Shdr) & s : sections) {
    const std::string_view n = name_of(s);
    if ((n == ".got" || n == ".got.plt" || n == ".data.rel.ro" || n == ".dynamic") &&
        s.sh_addr < end && s.sh_addr + s.sh_size > begin) {
      why_not = std::string(n) + " lies inside the writable data of " + lib.path;
      return std::nullopt;
    }
  }
  bool in_writable_load = false;
  for (ElfW(Half) i = 0; i < lib.phnum; ++i) {
    const ElfW(Phdr)& p = lib.phdr[i];
    const bool overlaps = p.p_vaddr < end && p.p_vaddr + p.p_memsz > begin;
    if (p.p_type == PT_GNU_RELRO && overlaps) {
      why_not = "the writable data of " + lib.path + " overlaps its read-only-after-load part";
      return std::nullopt;
    }
    if (p.p_type == PT_LOAD && (p.p_flags & PF_W) != 0 && p.p_vaddr <= begin &&
        p.p_vaddr + p.p_memsz >= end) {
      in_writable_load = true;
    }
  }
  if (!in_writable_load) {
    why_not = "the writable data of " + lib.path + " is not in one writable segment";
    return std::nullopt;
  }
  return LibrarySnapshot(reinterpret_cast<unsigned char*>(lib.base + begin), end - begin);
}

void LibrarySnapshot::take() {
  std::memcpy(saved_.data(), begin_, saved_.size());
  taken_ = true;
}

void LibrarySnapshot::restore() const {
  if (!taken_) std::abort();  // a programming error: restoring nothing would hide the drift
  // Only the words that changed are written back. espeak_Initialize starts the library's queue
  // thread even in synchronous mode, which never uses it: it waits in pthread_cond_wait on a
  // condition variable in this data for the whole life of the process. Rewriting those bytes,
  // even with the values they hold, would race with that thread (ThreadSanitizer reports it);
  // bytes that did not change are left alone, and so are the pages they lie on.
  const unsigned char* from = saved_.data();
  unsigned char* to = begin_;
  std::size_t left = saved_.size();
  for (; left >= sizeof(std::uint64_t); left -= sizeof(std::uint64_t)) {
    std::uint64_t was;
    std::uint64_t is;
    std::memcpy(&was, from, sizeof was);
    std::memcpy(&is, to, sizeof is);
    if (was != is) std::memcpy(to, &was, sizeof was);
    from += sizeof was;
    to += sizeof was;
  }
  for (; left > 0; --left, ++from, ++to) {
    if (*to != *from) *to = *from;
  }
  std::srand(1);  // breath voices draw on rand()
}

}  // namespace voxmark::speech
