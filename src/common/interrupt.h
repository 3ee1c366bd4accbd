// Ctrl-C, SIGTERM and SIGHUP as a request to stop: long-running work polls interrupted()
// and unwinds normally, so temporary files are removed and the terminal is restored.
#pragma once

namespace voxmark {

// Installs the handlers (idempotent). Also ignores SIGPIPE and SIGXFSZ, so that a closed
// pipe or a file-size limit (ulimit -f) shows up as a write error, not a silent death.
void install_interrupt_handlers();

// True once SIGINT, SIGTERM or SIGHUP arrived. Async-signal-safe to read.
bool interrupted();

// The signal that interrupted (0 when none); the exit code is 128 + it.
int interrupt_signal();

// For child processes: SIGINT, SIGTERM and SIGHUP back to their default actions. SIGPIPE and
// SIGXFSZ stay ignored, so a child too sees a failed write instead of dying silently (eSpeak
// NG's audio library, for one, writes a shared-memory file when it starts).
void reset_signal_handlers();

}  // namespace voxmark
