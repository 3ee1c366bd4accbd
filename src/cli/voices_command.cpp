// voxmark voices: the voice presets and the installed eSpeak NG voices.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/voice_options.h"
#include "tui/text_layout.h"

namespace voxmark::cli {
namespace {

int run_voices(bool json) {
  std::vector<Warning> warnings;
  const auto presets = all_presets(warnings);
  print_warnings(warnings);
  const auto installed = speech::list_installed_voices();
  if (json) {
    nlohmann::ordered_json out;
    out["presets"] = nlohmann::ordered_json::array();
    for (const auto& p : presets) {
      out["presets"].push_back({{"name", p.name},
                                {"description", p.description},
                                {"espeak_voice", p.espeak_voice},
                                {"language", p.language},
                                {"rate_wpm", p.rate_wpm},
                                {"speed_factor", p.speed_factor},
                                {"source", p.source}});
    }
    out["espeak_voices"] = nlohmann::ordered_json::array();
    for (const auto& v : installed) {
      out["espeak_voices"].push_back({{"identifier", v.identifier}, {"name", v.name}, {"languages", v.languages}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << "Voice presets (--voice NAME):\n";
  for (const auto& p : presets) {
    std::cout << "  " << p.name << ": " << p.description << " (" << p.espeak_voice << ", "
              << p.rate_wpm << " words per minute"
              << (p.speed_factor != 1.0 ? ", at " + tui::format_speed(p.speed_factor) : "")
              << ")\n";
  }
  std::cout << "\neSpeak NG voices (--voice LANGUAGE or IDENTIFIER), " << installed.size() << " installed:\n";
  for (const auto& v : installed) {
    std::cout << "  " << (v.languages.empty() ? v.identifier : v.languages.front()) << ": " << v.name
              << " (" << v.identifier << ")\n";
  }
  return 0;
}

}  // namespace

void register_voices(CLI::App& app, Action& action) {
  auto json = std::make_shared<bool>(false);
  CLI::App* command = app.add_subcommand("voices", "List the voice presets and installed eSpeak NG voices");
  command->add_flag("--json", *json, "Print JSON for machines");
  command->callback([json, &action] { action = [json] { return run_voices(*json); }; });
}

}  // namespace voxmark::cli
