#include "player/player.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "common/error.h"
#include "common/interrupt.h"
#include "player/player_impl.h"

namespace voxmark::player {

Player::Impl::Impl(const document::Document& doc, std::unique_ptr<speech::Engine> engine,
                   std::unique_ptr<audio::AudioSink> sink, PlayerSettings settings,
                   EventListener events)
    : doc(doc),
      synth(std::make_shared<SynthShared>(std::move(engine))),
      sink(std::move(sink)),
      settings(settings),
      events(std::move(events)),
      rate(synth->engine->sample_rate_hz()),
      ring(static_cast<std::size_t>(rate)),  // one second of room; only ring_ms is used
      stretch(rate) {
  speed = std::clamp(settings.speed_factor, kMinSpeed, kMaxSpeed);
  volume = std::clamp(settings.volume_percent, 0, kMaxVolumePercent);
  volume_gain.store(volume / 100.0f);
  stretch.set_speed(speed);
  fade_samples = std::max<std::size_t>(1, static_cast<std::size_t>(rate * settings.fade_ms / 1000));
  target_fill = static_cast<std::size_t>(rate * settings.ring_ms / 1000);
  heard_sentence = std::min(settings.start_sentence, doc.sentences.size() - 1);
  earcon_dead_end = audio::render_earcon(audio::Earcon::dead_end, rate);
  earcon_end = audio::render_earcon(audio::Earcon::end_of_document, rate);
}

double Player::Impl::elapsed_ms() const {
  return std::chrono::duration<double, std::milli>(Clock::now() - started).count();
}

void Player::Impl::emit(nlohmann::ordered_json event) {
  nlohmann::ordered_json out;
  out["event"] = event["event"];
  out["t_ms"] = std::round(elapsed_ms() * 10) / 10;
  for (auto it = event.begin(); it != event.end(); ++it) {
    if (it.key() != "event") out[it.key()] = it.value();
  }
  if (events) events(out);
}

nlohmann::ordered_json Player::Impl::sentence_event(std::size_t index) const {
  const auto& s = doc.sentences[index];
  return {{"event", "sentence"},
          {"index", index + 1},
          {"section", s.section_index + 1},
          {"block", s.block_index + 1},
          {"text", s.text}};
}

void Player::Impl::publish() {
  std::lock_guard guard(snapshot_mutex);
  ++shared.version;
  shared.sentence = heard_sentence;
  shared.word_begin_byte = word_begin;
  shared.word_length_bytes = word_length;
  shared.paused = paused;
  shared.finished = finished;
  shared.speed_factor = speed;
  shared.volume_percent = volume;
  shared.heard_seconds = static_cast<double>(heard_samples) / rate;
  shared.sentences_failed = sentences_failed;
  shared.underruns = underruns_seen;
  shared.device_latency_s = sink->output_latency_s();
  shared.cues = cues;
  shared.cue_reason = cue_reason;
  shared.waiting_at_end = waiting_at_end;
}

std::size_t Player::Impl::run() {
  started = Clock::now();
  restart_synthesis(heard_sentence);
  generation = synth_generation_snapshot();
  synth_thread = std::thread([shared = synth, &doc = doc] { synthesis_loop(shared, doc); });
  try {
    sink->start(rate, [this](std::int16_t* out, std::size_t frames, double dac) {
      return render(out, frames, dac);
    });
  } catch (...) {
    stop_synthesis();
    throw;
  }
  publish();
  while (!stopping && !stop_requested.load() && !interrupted()) {
    apply_commands();
    if (stopping) break;
    feed();
    collect_reports();
    if (sink->failed()) {
      sink->stop();
      stop_synthesis();
      emit({{"event", "error"}, {"message", "the audio device failed"}});
      emit({{"event", "stopped"}, {"reason", "device failed"}, {"sentence", heard_sentence + 1}});
      throw Error(ExitCode::io, "the audio device stopped working; position saved at sentence " +
                                    std::to_string(heard_sentence + 1));
    }
    if (const std::uint64_t underruns = sink->underruns(); underruns != underruns_seen) {
      // The device ran dry (PortAudio's output-underflow flag): say so, and give it more
      // room, so that it does not happen again on this machine.
      underruns_seen = underruns;
      const double latency_s = sink->raise_latency();
      publish();
      emit({{"event", "underrun"},
            {"count", underruns},
            {"latency_ms", std::round(latency_s * 10000) / 10}});
    }
    if (end_position && played_until >= *end_position && markers.empty() && hold_at_end &&
        !no_more_input.load(std::memory_order_acquire)) {
      if (!waiting_at_end) {
        waiting_at_end = true;
        cue(audio::Earcon::end_of_document, "end of the document, waiting for a key");
        emit({{"event", "end"},
              {"sentence", doc.sentences.size()},
              {"waiting", true},
              {"reason", "end pressed: waiting for a key"}});
      }
    } else if (end_position && played_until >= *end_position && markers.empty()) {
      finished = true;
      publish();
      emit({{"event", "finished"}, {"sentences", doc.sentences.size()}});
      break;
    }
    std::unique_lock lock(command_mutex);
    command_wake.wait_for(lock, std::chrono::milliseconds(2), [&] { return !commands.empty(); });
  }
  if (!finished) {
    // Commands whose audio was never heard (quit came first, or a pause) still get their
    // answer, without a latency.
    for (Marker& m : markers) {
      if (m.kind == Marker::Kind::command) emit(std::move(m.event));
    }
    markers.clear();
    // How playback ended, as the last event: quit, a signal, or the caller's request.
    nlohmann::ordered_json event{{"event", "stopped"}};
    if (stopping) {
      event["reason"] = stop_reason;
      if (stop_reason == "quit") event["command"] = "quit";
    } else if (interrupted()) {
      event["reason"] = "signal";
      event["signal"] = interrupt_signal();
    } else {
      std::lock_guard guard(command_mutex);
      event["reason"] = requested_reason.empty() ? "stopped" : requested_reason;
    }
    event["sentence"] = heard_sentence + 1;
    emit(std::move(event));
  }
  sink->stop();
  stop_synthesis();
  return finished ? 0 : heard_sentence;
}

void Player::Impl::stop_synthesis() {
  if (!synth_thread.joinable()) return;
  std::unique_lock lock(synth->mutex);
  synth->stop = true;
  synth->wake.notify_all();
  lock.unlock();
  synth->engine->interrupt();
  lock.lock();
  const bool exited = synth->wake.wait_for(lock, std::chrono::milliseconds(kStopWaitMs),
                                           [&] { return synth->exited; });
  lock.unlock();
  if (exited) {
    synth_thread.join();
  } else {
    synth_thread.detach();
    abandoned_synthesis = true;
  }
}
Player::Player(const document::Document& doc, std::unique_ptr<speech::Engine> engine,
               std::unique_ptr<audio::AudioSink> sink, PlayerSettings settings,
               EventListener events)
    : impl_(std::make_unique<Impl>(doc, std::move(engine), std::move(sink), settings,
                                   std::move(events))) {}

Player::~Player() = default;

void Player::submit(const Command& command) {
  const double received = impl_->sink->now_s();
  std::lock_guard guard(impl_->command_mutex);
  impl_->commands.push_back({command, received, std::nullopt});
  impl_->command_wake.notify_all();
}

void Player::submit_event(nlohmann::ordered_json event) {
  std::lock_guard guard(impl_->command_mutex);
  impl_->commands.push_back({Command{}, 0, std::move(event)});
  impl_->command_wake.notify_all();
}

void Player::request_stop(const std::string& reason) {
  {
    std::lock_guard guard(impl_->command_mutex);
    if (impl_->requested_reason.empty()) impl_->requested_reason = reason;
  }
  impl_->stop_requested = true;
  impl_->command_wake.notify_all();
}

void Player::input_ended() {
  impl_->no_more_input = true;
  impl_->command_wake.notify_all();
}

std::size_t Player::run() { return impl_->run(); }

PlayerSnapshot Player::snapshot() const {
  std::lock_guard guard(impl_->snapshot_mutex);
  return impl_->shared;
}

}  // namespace voxmark::player
