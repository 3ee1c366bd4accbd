// The device buffer each sound device needed, remembered between sessions: after underruns
// the PortAudio sink doubles its buffer (up to 400 ms); the next session on the same device
// starts with that buffer instead of dropping out again while it relearns it.
//
// Stored as JSON in $XDG_STATE_HOME/voxmark/devices.json (beside positions.json, default
// ~/.local/state), one entry per device, keyed by AudioSink::description() (the device's
// name and host API), written atomically (write_state_file, position_store.h).
// Threads: any; the file is the shared state (last writer wins). Never throws: a missing,
// unreadable or malformed file or entry means "nothing learned".
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace voxmark::player {

std::filesystem::path device_latency_file();

// The latency learned for `device`, in seconds (within 0.001..1), if any.
std::optional<double> load_device_latency(const std::string& device);

// Remembers `latency_s` for `device`; false when the file could not be written.
bool save_device_latency(const std::string& device, double latency_s);

}  // namespace voxmark::player
