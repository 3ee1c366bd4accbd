// Small formatting shared by the command line and the terminal screen.
#pragma once

#include <string>

namespace voxmark {

// A duration as a listener reads it: "4:05", or "1:02:03" from an hour on. Rounds to the
// second; negative durations show as 0:00.
std::string format_duration(double seconds);

}  // namespace voxmark
