// Small formatting shared by the command line and the terminal screen.
#pragma once

#include <cstdint>
#include <string>

namespace voxmark {

// A duration as a listener reads it: "4:05", or "1:02:03" from an hour on. Rounds to the
// second; negative durations show as 0:00.
std::string format_duration(double seconds);

// A media timestamp "HH:MM:SS.mmm" of `ms` milliseconds, with `decimal_separator` before the
// milliseconds: '.' for WebVTT and chapter comments, ',' for SRT.
std::string format_timestamp(std::uint64_t ms, char decimal_separator);

}  // namespace voxmark
