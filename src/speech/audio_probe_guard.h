// Keeps eSpeak NG 1.51's audio-device probe away from the user's sound server.
//
// Why: espeak_ng_InitializeOutput() in 1.51 creates a libpcaudio device even in synchronous
// mode, where it never plays (later versions only do so for ENOUTPUT_MODE_SPEAK_AUDIO).
// libpcaudio checks for PulseAudio by opening a test playback stream, so every speech process
// connected to the user's sound server (which can start one, on a machine where none runs),
// stalled until its start deadline when that server did not answer, and under `ulimit -f`
// libpulse printed "ftruncate() failed" lines of its own before voxmark's one-line message.
//
// While an AudioProbeGuard lives, libpulse is pointed at a socket that cannot exist, so the
// probe fails at once without connecting anywhere, and anything printed to stderr is dropped.
// Synthesis needs no device. The previous PULSE_SERVER and stderr come back when it ends.
//
// Threads: it changes the environment and file descriptor 2 of the whole process, so it is
// for the one call in ensure_initialized(), which runs once per process while eSpeak NG's lock
// is held, in speech processes that run no other thread of voxmark's.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace voxmark::speech {

class AudioProbeGuard {
 public:
  AudioProbeGuard() {
    if (const char* value = std::getenv("PULSE_SERVER")) saved_server_ = value;
    ::setenv("PULSE_SERVER", kNowhere, 1);
    saved_stderr_fd_ = ::dup(STDERR_FILENO);
    const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved_stderr_fd_ >= 0 && null_fd >= 0) ::dup2(null_fd, STDERR_FILENO);
    if (null_fd >= 0) ::close(null_fd);
  }
  ~AudioProbeGuard() {
    if (saved_stderr_fd_ >= 0) {
      ::dup2(saved_stderr_fd_, STDERR_FILENO);
      ::close(saved_stderr_fd_);
    }
    if (saved_server_) {
      ::setenv("PULSE_SERVER", saved_server_->c_str(), 1);
    } else {
      ::unsetenv("PULSE_SERVER");
    }
  }
  AudioProbeGuard(const AudioProbeGuard&) = delete;
  AudioProbeGuard& operator=(const AudioProbeGuard&) = delete;

  // A path no one can create a socket at (a file under /dev/null is never possible).
  static constexpr const char* kNowhere = "unix:/dev/null/voxmark-no-sound-server";

 private:
  std::optional<std::string> saved_server_;
  int saved_stderr_fd_ = -1;
};

}  // namespace voxmark::speech
