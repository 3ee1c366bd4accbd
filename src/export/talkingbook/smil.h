// Media Overlays (EPUB 3): one SMIL document per content document, a <par> per sentence.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "export/talkingbook/markup.h"

namespace voxmark::audiobook::talkingbook {

struct Overlay {
  std::string text;           // the SMIL document
  std::uint64_t duration_ms;  // the sum of its clips: its media:duration
};

// The overlay for sentences [part.first_sentence, part.end_sentence): each <par> points at
// `xhtml_href`#sN and plays `audio_href` from clipBegin to clipEnd (times[i], ms).
// Clip times are the same milliseconds as the subtitles' (sample_to_ms).
Overlay render_overlay(const ContentPart& part, const std::vector<SentenceMs>& times,
                       const std::string& xhtml_href, const std::string& audio_href);

}  // namespace voxmark::audiobook::talkingbook
