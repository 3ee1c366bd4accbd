// The player thread applying commands: pause, speed, volume, and navigation (jumps).
#include <algorithm>
#include <cmath>

#include "player/navigation.h"
#include "player/player_impl.h"

namespace voxmark::player {

void Player::Impl::apply_commands() {
  std::vector<Request> pending;
  {
    std::lock_guard guard(command_mutex);
    pending.swap(commands);
  }
  std::optional<std::size_t> jump;
  std::vector<std::pair<nlohmann::ordered_json, double>> jump_events;
  const double speed_before = speed;
  std::vector<std::pair<nlohmann::ordered_json, double>> speed_events;
  for (auto& [command, received, reader_event] : pending) {
    if (stopping) break;
    if (reader_event) {  // a line that was not a command: answered here, in order
      emit(std::move(*reader_event));
      continue;
    }
    // A command that arrived before the device started has no time on its clock yet.
    if (received <= 0) received = sink->now_s();
    const std::string name(spec_of(command.id).name);
    nlohmann::ordered_json event;
    switch (command.id) {
      case CommandId::quit:
        stopping = true;  // after the jumps before it: "goto-sentence 6, quit" saves 6
        stop_reason = "quit";
        break;
      case CommandId::pause:
      case CommandId::resume:
      case CommandId::toggle: {
        const bool pause = command.id == CommandId::pause    ? true
                           : command.id == CommandId::resume ? false
                                                             : !paused;
        if (pause == paused) {
          emit({{"event", "ignored"},
                {"command", name},
                {"reason", paused ? "already paused" : "not paused"}});
          continue;
        }
        paused = pause;
        paused_flag.store(pause, std::memory_order_release);
        event = {{"event", pause ? "paused" : "resumed"},
                 {"command", name},
                 {"sentence", heard_sentence + 1}};
        add_command_marker(ring.read_position(), std::move(event), received,
                           /*needs_audio=*/!pause);
        continue;
      }
      case CommandId::faster:
      case CommandId::slower:
      case CommandId::normal_speed:
      case CommandId::speed: {
        const double wanted = command.id == CommandId::faster   ? speed + kSpeedStep
                              : command.id == CommandId::slower ? speed - kSpeedStep
                              : command.id == CommandId::speed  ? command.value
                                                                : 1.0;
        const double next_speed = std::clamp(std::round(wanted * 100) / 100, kMinSpeed, kMaxSpeed);
        if (next_speed == speed) {
          const std::string reason = next_speed == kMaxSpeed   ? "already at the fastest speed"
                                     : next_speed == kMinSpeed ? "already at the slowest speed"
                                                               : "already at that speed";
          emit({{"event", "ignored"}, {"command", name}, {"reason", reason}, {"speed", speed}});
          cue(audio::Earcon::dead_end, reason);
          continue;
        }
        speed = next_speed;
        stretch.set_speed(speed);
        // Heard where the queued audio is cut, after this batch of commands (below).
        speed_events.push_back(
            {{{"event", "speed"}, {"command", name}, {"speed", speed}}, received});
        continue;
      }
      case CommandId::volume_up:
      case CommandId::volume_down:
      case CommandId::volume: {
        const int next_volume =
            std::clamp(command.id == CommandId::volume_up     ? volume + kVolumeStepPercent
                       : command.id == CommandId::volume_down ? volume - kVolumeStepPercent
                                                              : static_cast<int>(command.value),
                       0, kMaxVolumePercent);
        if (next_volume == volume) {
          const std::string reason = next_volume == kMaxVolumePercent ? "already at the loudest"
                                     : next_volume == 0               ? "already silent"
                                                                      : "already at that volume";
          emit({{"event", "ignored"}, {"command", name}, {"reason", reason}, {"volume", volume}});
          cue(audio::Earcon::dead_end, reason);
          continue;
        }
        volume = next_volume;
        volume_gain.store(static_cast<float>(volume) / 100.0f, std::memory_order_relaxed);
        event = {{"event", "volume"}, {"command", name}, {"volume", volume}};
        add_command_marker(ring.read_position(), std::move(event), received);
        continue;
      }
      case CommandId::outline:
      case CommandId::help:
        // The terminal screen handles these itself; on stdin they have nothing to show.
        emit({{"event", "ignored"}, {"command", name}, {"reason", "only at a terminal"}});
        continue;
      default:
        break;
    }
    if (stopping) break;
    const std::size_t from = jump.value_or(heard_sentence);
    const std::optional<std::size_t> to = command.id == CommandId::goto_saved
                                              ? settings.saved_sentence
                                              : navigate(doc, from, command);
    if (!to) {
      const auto number = static_cast<std::size_t>(command.value);
      const std::string reason =
          command.id == CommandId::goto_section
              ? "no section " + std::to_string(number) + " (the document has " +
                    std::to_string(doc.sections.size()) + ")"
          : command.id == CommandId::goto_sentence
              ? "no sentence " + std::to_string(number) + " (the document has " +
                    std::to_string(doc.sentences.size()) + ")"
          : command.id == CommandId::goto_saved ? "no saved place for this document"
                                                : "nothing further that way";
      emit({{"event", "ignored"}, {"command", name}, {"reason", reason}});
      cue(audio::Earcon::dead_end, reason);
      continue;
    }
    jump = *to;
    // End: the listener went there on purpose, so the end waits for them (with a cue)
    // instead of quitting; any other jump lets the document end as usual.
    hold_at_end = command.id == CommandId::go_end;
    jump_events.push_back(
        {{{"event", "jump"}, {"command", name}, {"from", from + 1}, {"to", *to + 1}}, received});
  }
  if (jump) {
    // The jump cuts the queue anyway: the new speed starts with the new sentence.
    jump_events.insert(jump_events.begin(), speed_events.begin(), speed_events.end());
    start_from(*jump, jump_events);
  } else if (!speed_events.empty()) {
    const std::uint64_t at =
        speed != speed_before ? restretch_from_heard(speed_before) : ring.write_position();
    for (auto& [event, received] : speed_events) add_command_marker(at, std::move(event), received);
  }
}

void Player::Impl::add_command_marker(std::uint64_t position, nlohmann::ordered_json event,
                                      double received, bool needs_audio) {
  Marker m{Marker::Kind::command, position};
  m.event = std::move(event);
  m.received_s = received;
  m.needs_audio = needs_audio;
  // Before a sentence or word marker at the same place: "resumed" comes before the
  // sentence it lets be heard.
  const auto at = std::find_if(markers.begin(), markers.end(), [&](const Marker& other) {
    return other.position > position ||
           (other.position == position && other.kind != Marker::Kind::command);
  });
  markers.insert(at, std::move(m));
  publish();
}

void Player::Impl::start_from(std::size_t sentence,
                              std::vector<std::pair<nlohmann::ordered_json, double>>& jump_events) {
  waiting_at_end = false;
  restart_synthesis(sentence);
  const std::uint64_t cut = cut_queue();
  std::erase_if(markers, [](const Marker& m) { return m.kind != Marker::Kind::command; });
  last_cut = cut;
  fed.clear();
  last_announced.reset();
  generation = synth_generation_snapshot();
  feeding = std::nullopt;
  pending_silence = 0;
  stretched.clear();
  stretch.reset();
  fade_in_left = fade_samples;
  heard_sentence = sentence;  // the screen follows the jump at once
  for (auto& [event, received] : jump_events) add_command_marker(cut, std::move(event), received);
  publish();
}
}  // namespace voxmark::player
