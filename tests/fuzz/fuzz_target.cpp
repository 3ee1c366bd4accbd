// The libFuzzer entry point of one target; CMake builds this file once per target with
// VOXMARK_FUZZ_CHECK naming its check function (fuzz_checks.h).
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "fuzz_checks.h"

#ifndef VOXMARK_FUZZ_CHECK
#error "define VOXMARK_FUZZ_CHECK to a check function of fuzz_checks.h"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    VOXMARK_FUZZ_CHECK(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const std::exception& e) {
    // A broken invariant or an exception nobody expected: abort, so libFuzzer saves the input
    // as a crash and prints the reason just above its own report.
    std::fprintf(stderr, "voxmark fuzz check failed: %s\n", e.what());
    std::abort();
  }
  return 0;
}
