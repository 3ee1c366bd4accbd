// voxmark devices: the sound devices voxmark can play on.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "audio/sink.h"
#include "cli/commands.h"

namespace voxmark::cli {
namespace {

struct DevicesOptions {
  bool json = false;
  bool check = false;
};

int run_devices(const DevicesOptions& options) {
  std::vector<audio::OutputDevice> devices;
  try {
    devices = audio::list_output_devices();
  } catch (const Error&) {
    if (!options.check) throw;
  }
  const bool has_default = std::any_of(devices.begin(), devices.end(), [](const auto& d) { return d.is_default; });
  if (options.check) {
    // For scripts: exit 0 when there is a default device to play on, 69 when there is none.
    return has_default ? 0 : static_cast<int>(ExitCode::unavailable);
  }
  if (options.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& d : devices) {
      out.push_back({{"device", d.index}, {"name", d.name}, {"host_api", d.host_api},
                     {"default", d.is_default}, {"latency_ms", d.default_low_latency_s * 1000}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (devices.empty()) {
    std::cout << "No output devices. voxmark export -o book.wav writes an audiobook instead.\n";
    return 0;
  }
  for (const auto& d : devices) {
    std::cout << d.index << ". " << d.name << " (" << d.host_api << ")"
              << (d.is_default ? ", the default" : "") << "\n";
  }
  return 0;
}

}  // namespace

void register_devices(CLI::App& app, Action& action) {
  auto options = std::make_shared<DevicesOptions>();
  CLI::App* command = app.add_subcommand("devices", "List the sound output devices");
  command->add_flag("--json", options->json, "Print JSON for machines");
  command->add_flag("--check", options->check,
                    "Print nothing; exit 0 when a default device exists, 69 when none");
  command->callback([options, &action] { action = [options] { return run_devices(*options); }; });
}

}  // namespace voxmark::cli
