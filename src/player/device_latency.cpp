#include "player/device_latency.h"

#include <chrono>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "player/position_store.h"

namespace voxmark::player {
namespace {

nlohmann::json read_all() {
  std::ifstream in(device_latency_file());
  if (!in) return nlohmann::json::object();
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  return j.is_object() ? j : nlohmann::json::object();
}

}  // namespace

std::filesystem::path device_latency_file() {
  return positions_file().parent_path() / "devices.json";
}

std::optional<double> load_device_latency(const std::string& device) {
  const nlohmann::json all = read_all();
  const auto it = all.find(device);
  if (it == all.end() || !it->is_object()) return std::nullopt;
  const auto ms = it->find("latency_ms");
  if (ms == it->end() || !ms->is_number()) return std::nullopt;
  const double latency_s = ms->get<double>() / 1000.0;
  if (!(latency_s >= 0.001 && latency_s <= 1.0)) return std::nullopt;
  return latency_s;
}

bool save_device_latency(const std::string& device, double latency_s) {
  try {
    nlohmann::json all = read_all();
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    all[device] = {{"latency_ms", std::round(latency_s * 10000) / 10},
                   {"saved_unix_s", std::chrono::duration_cast<std::chrono::seconds>(now).count()}};
    return write_state_file(
        device_latency_file(),
        all.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  } catch (...) {
    return false;
  }
}

}  // namespace voxmark::player
