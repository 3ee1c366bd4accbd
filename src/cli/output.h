// Small helpers shared by the commands: loading the document they name, printing
// warnings, and formatting durations.
#pragma once

#include <string>

#include "common/format.h"
#include "document/document.h"
#include "markdown/markdown_reader.h"

namespace voxmark::cli {

// Loads and reads the document named on the command line ("" = the bundled op-ed,
// "-" = standard input), prints its warnings, and refuses one with nothing to say.
// With `with_key`, also sets Document::key (a hash of the whole file, for saved positions).
// Throws Error.
document::Document load_document(const std::string& path, const markdown::ReadOptions& options,
                                 bool with_key = false);

void print_warnings(const std::vector<Warning>& warnings);

// The default speaking rate, for listening-time estimates.
inline constexpr double kDefaultRateWpm = 175.0;

}  // namespace voxmark::cli
