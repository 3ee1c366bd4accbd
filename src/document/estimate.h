// Listening time estimated from what will be spoken: a model of how long eSpeak NG takes to
// say a sentence, plus the pauses voxmark inserts between sentences, blocks and sections.
// The model's coefficients were fitted on exported audio of technical and prose documents
// (docs/performance.md, "Listening-time estimates"; bench/estimate_bench.sh re-checks them).
#pragma once

#include <cstddef>
#include <string_view>

#include "document/document.h"

namespace voxmark::document {

// The silence between sentences, as the default voice preset inserts it (voices/default.toml).
struct PauseTimesMs {
  int sentence_ms = 250;
  int block_ms = 500;
  int section_ms = 900;
};

// Seconds eSpeak NG takes to say `sentence` (UTF-8, as spoken) at `rate_wpm`.
double estimate_speech_seconds(std::string_view sentence, double rate_wpm);

// Seconds of audio for sentences [first, end) of `doc`: their speech and the pauses between
// them (the pause before `first` is not counted).
double estimate_seconds(const Document& doc, std::size_t first, std::size_t end, double rate_wpm,
                        const PauseTimesMs& pauses = {});

}  // namespace voxmark::document
