// The speech core seen from the command line (issue 10): both ways of resetting eSpeak NG give
// the same file, and the slower fallback is announced once with --verbose.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "run_process.h"

namespace voxmark::test {
namespace {

constexpr const char* kBook = R"(# A chapter

The committee met on Tuesday. Nobody expected the vote to pass, and yet it did.
Rain fell all night over the quiet harbour; the boats knocked against the pier.

## Later

He said Здравствуйте to everyone. The committee met on Tuesday.
)";

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

TEST(SpeechCore, SnapshotAndForkFallbackWriteTheSameFileAndOnlyTheFallbackIsAnnounced) {
  TempDir dir;
  const std::string doc = dir.write("book.md", kBook);
  const ProcessResult fast = run_process({voxmark_binary(), "export", doc, "-o",
                                          dir.file("fast.wav"), "-q", "--jobs", "2", "--verbose"});
  ASSERT_EQ(fast.exit_code, 0) << fast.err;
  // --verbose says how the book was levelled; of the speech core, nothing (it is the fast path).
  EXPECT_EQ(count(fast.err, "speech:"), 0u) << fast.err;

  ProcessOptions forced;
  forced.env["VOXMARK_SPEECH_RESET"] = "fork";
  const ProcessResult fallback =
      run_process({voxmark_binary(), "export", doc, "-o", dir.file("fork.wav"), "-q", "--jobs", "2",
                   "--verbose"},
                  forced);
  ASSERT_EQ(fallback.exit_code, 0) << fallback.err;
  // Once, though two workers started.
  EXPECT_EQ(count(fallback.err, "every sentence is synthesized in a fresh process"), 1u)
      << fallback.err;
  EXPECT_EQ(count(fallback.err, "speech:"), 1u) << fallback.err;

  const ProcessResult quiet = run_process(
      {voxmark_binary(), "export", doc, "-o", dir.file("quiet.wav"), "-q", "--jobs", "1"}, forced);
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.err, "");

  const std::string bytes = read_file(dir.file("fast.wav"));
  EXPECT_GT(bytes.size(), 100000u);
  EXPECT_TRUE(bytes == read_file(dir.file("fork.wav")));
  EXPECT_TRUE(bytes == read_file(dir.file("quiet.wav")));
}

// A Unix socket listening where PULSE_SERVER points: a process that connects to "the sound
// server" leaves a connection waiting in its queue.
class FakeSoundServer {
 public:
  explicit FakeSoundServer(const std::string& path) : path_(path) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
    ok_ = fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
          ::listen(fd_, 16) == 0;
  }
  ~FakeSoundServer() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return ok_; }
  std::string address() const { return "unix:" + path_; }
  // Connections made so far (each accepted and closed).
  int connections() {
    int n = 0;
    for (int client; (client = ::accept(fd_, nullptr, nullptr)) >= 0; ++n) ::close(client);
    return n;
  }

 private:
  std::string path_;
  int fd_ = -1;
  bool ok_ = false;
};

TEST(SpeechCore, SpeechProcessesNeverContactTheSoundServer) {
  // eSpeak NG 1.51 probes PulseAudio when it starts, even though voxmark never lets it play.
  TempDir dir;
  const std::string doc = dir.write("book.md", kBook);
  FakeSoundServer server(dir.file("native"));
  ASSERT_TRUE(server.ok()) << std::strerror(errno);
  ProcessOptions options;
  isolate_home(options, dir);
  options.env["PULSE_SERVER"] = server.address();
  const ProcessResult exported = run_process(
      {voxmark_binary(), "export", doc, "-o", dir.file("book.wav"), "-q", "--jobs", "2"}, options);
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(server.connections(), 0) << "export's speech processes connected";
  const ProcessResult forked = [&] {
    ProcessOptions fork_path = options;
    fork_path.env["VOXMARK_SPEECH_RESET"] = "fork";
    return run_process({voxmark_binary(), "export", doc, "-o", dir.file("forked.wav"), "-q"},
                       fork_path);
  }();
  ASSERT_EQ(forked.exit_code, 0) << forked.err;
  EXPECT_EQ(server.connections(), 0) << "the fork fallback's speech processes connected";
  const ProcessResult played =
      run_process({voxmark_binary(), "play", doc, "--sink", "null", "--events", "json"}, options);
  ASSERT_EQ(played.exit_code, 0) << played.err;
  EXPECT_EQ(server.connections(), 0) << "play's speech process connected";
}

}  // namespace
}  // namespace voxmark::test
