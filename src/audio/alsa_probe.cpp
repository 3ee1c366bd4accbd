#include "audio/alsa_probe.h"

// clang-format off
#include <cstdarg>  // alsa/conf.h uses va_list without including it
#include <alsa/asoundlib.h>
// clang-format on

#include <cstring>
#include <set>

namespace voxmark::audio {
namespace {

// Every string below `node` (values of leaves, at any depth) that may name another definition:
// not a plugin's `type` ("pulse" is a type and a definition's name) nor a `hint` (text shown
// in device lists).
void collect_strings(snd_config_t* node, std::vector<std::string>& out) {
  if (snd_config_get_type(node) == SND_CONFIG_TYPE_COMPOUND) {
    snd_config_iterator_t i, next;
    snd_config_for_each(i, next, node) {
      snd_config_t* child = snd_config_iterator_entry(i);
      const char* id = nullptr;
      if (snd_config_get_id(child, &id) >= 0 && id &&
          (std::strcmp(id, "type") == 0 || std::strcmp(id, "hint") == 0)) {
        continue;
      }
      collect_strings(child, out);
    }
    return;
  }
  const char* value = nullptr;
  if (snd_config_get_type(node) == SND_CONFIG_TYPE_STRING &&
      snd_config_get_string(node, &value) >= 0 && value) {
    out.emplace_back(value);
  }
}

}  // namespace

std::vector<std::string> narrow_alsa_configuration_to_default() {
  if (snd_config_update() < 0 || !snd_config) return {};
  snd_config_t* pcms = nullptr;
  snd_config_t* default_pcm = nullptr;
  if (snd_config_search(snd_config, "pcm", &pcms) < 0 ||
      snd_config_search(pcms, "default", &default_pcm) < 0) {
    return {};
  }
  // The definitions `default` reaches: a string naming one ("pulse", "dmix:CARD=0", a user's
  // "equalizer") keeps it, and what that one names in turn.
  std::set<std::string> keep{"default"};
  std::vector<snd_config_t*> to_visit{default_pcm};
  while (!to_visit.empty()) {
    snd_config_t* node = to_visit.back();
    to_visit.pop_back();
    std::vector<std::string> strings;
    collect_strings(node, strings);
    for (const std::string& s : strings) {
      // Chosen by the sound card's own configuration: which definitions that needs is not in
      // this tree. Leave the probe as it is.
      if (s.rfind("cards.", 0) == 0) return {};
      const std::string name = s.substr(0, s.find(':'));
      snd_config_t* named = nullptr;
      if (!name.empty() && keep.count(name) == 0 &&
          snd_config_search(pcms, name.c_str(), &named) >= 0) {
        keep.insert(name);
        to_visit.push_back(named);
      }
    }
  }
  std::vector<snd_config_t*> doomed;
  std::vector<std::string> removed;
  snd_config_iterator_t i, next;
  snd_config_for_each(i, next, pcms) {
    snd_config_t* node = snd_config_iterator_entry(i);
    const char* id = nullptr;
    if (snd_config_get_id(node, &id) < 0 || !id || keep.count(id) > 0) continue;
    doomed.push_back(node);
    removed.emplace_back(id);
  }
  for (snd_config_t* node : doomed) snd_config_delete(node);
  return removed;
}

void restore_full_alsa_configuration() { snd_config_update_free_global(); }

}  // namespace voxmark::audio
