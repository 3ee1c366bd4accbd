#include "export/talkingbook/smil.h"

namespace voxmark::audiobook::talkingbook {

Overlay render_overlay(const ContentPart& part, const std::vector<SentenceMs>& times,
                       const std::string& xhtml_href, const std::string& audio_href) {
  Overlay overlay{"", 0};
  std::string& out = overlay.text;
  out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<smil xmlns=\"http://www.w3.org/ns/SMIL\" xmlns:epub=\"http://www.idpf.org/2007/ops\" "
      "version=\"3.0\">\n<body>\n";
  for (std::size_t i = part.first_sentence; i < part.end_sentence; ++i) {
    const SentenceMs& t = times[i];
    const std::string id = sentence_id(i);
    out += "<par id=\"p" + id + "\"><text src=\"" + escape_attribute(xhtml_href) + "#" + id +
           "\"/><audio src=\"" + escape_attribute(audio_href) + "\" clipBegin=\"" +
           smil_clock(t.begin_ms) + "\" clipEnd=\"" + smil_clock(t.end_ms) + "\"/></par>\n";
    overlay.duration_ms += t.end_ms - t.begin_ms;
  }
  out += "</body>\n</smil>\n";
  return overlay;
}

}  // namespace voxmark::audiobook::talkingbook
