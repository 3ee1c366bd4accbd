// A copy of libespeak-ng's writable data (.data through .bss), to put eSpeak NG back into the
// exact state it had when the copy was taken, in a few microseconds.
//
// Why: eSpeak NG 1.51 keeps hidden state between syntheses (pitch-flutter phase, roughness
// phase, a stale pause on the last clause's pause entries: ../shared/handbook/facts.md), so the
// same sentence said twice in one process differs. Restoring this copy (and srand(1), which
// breath voices draw on) before each sentence makes every sentence start from one state, like a
// fork of a pristine process does, at a thousandth of the cost.
//
// Contract:
// - find() locates libespeak-ng.so.1 among the loaded objects (dl_iterate_phdr), reads its ELF
//   section headers from the file on disk and checks that .data..bss lies in one writable
//   PT_LOAD segment outside RELRO, with .got/.got.plt not inside it, and that the library is the
//   version this was verified on (1.51). When anything is off it returns nullopt and says why:
//   the caller then falls back to forking per sentence.
// - take() only after one synthesis ran with the final voice and parameters (a queued voice
//   change holds a heap pointer; restoring a copy taken before it double-frees). After a voice
//   or parameter change: restore(), change, synthesize ".", take() again; never restore an older
//   copy.
// - Threads: nothing else may call into eSpeak NG or rand() in the process while restore() runs
//   or between restore() and the synthesis it prepares. Meant for a speech worker process.
// - Heap that eSpeak NG allocated after take() and that the restored data no longer points to
//   is leaked (text that switches language makes a second translator: 64-183 KB a sentence), so
//   a worker process is recycled after a memory budget (speech_process.h).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace voxmark::speech {

class LibrarySnapshot {
 public:
  // Finds eSpeak NG's writable data in this process. nullopt, with the reason in `why_not`,
  // when it cannot be snapshotted safely.
  static std::optional<LibrarySnapshot> find(std::string& why_not);

  void take();
  // Copies the saved bytes back, writing only those that changed, and calls srand(1). take()
  // must have run.
  void restore() const;

  std::size_t size_bytes() const { return saved_.size(); }
  // Where the library's writable data starts in this process (size_bytes() long).
  const unsigned char* data_begin() const { return begin_; }

 private:
  LibrarySnapshot(unsigned char* begin, std::size_t size) : begin_(begin), saved_(size) {}

  unsigned char* begin_ = nullptr;  // start of .data in this process
  std::vector<unsigned char> saved_;
  bool taken_ = false;
};

}  // namespace voxmark::speech
