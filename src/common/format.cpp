#include "common/format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace voxmark {

std::string format_duration(double seconds) {
  const long total = std::lround(std::max(0.0, seconds));
  char buffer[32];
  if (total >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60,
                  total % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld", total / 60, total % 60);
  }
  return buffer;
}

std::string format_timestamp(std::uint64_t ms, char decimal_separator) {
  char text[48];
  std::snprintf(text, sizeof text, "%02llu:%02llu:%02llu%c%03llu",
                static_cast<unsigned long long>(ms / 3600000),
                static_cast<unsigned long long>(ms / 60000 % 60),
                static_cast<unsigned long long>(ms / 1000 % 60), decimal_separator,
                static_cast<unsigned long long>(ms % 1000));
  return text;
}

}  // namespace voxmark
