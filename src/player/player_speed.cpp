// A speed change heard at once. The audio queued ahead of the listener (the ring, and the
// device's own buffer, up to 400 ms after underruns) was stretched at the old speed; letting it
// play out would delay the change by all of it. So it is dropped, like a jump's, and what the
// listener has not heard yet is fed again through the time-stretcher at the new speed, from the
// point being heard: the sentence goes on where it was, nothing skipped, at most a few
// milliseconds said twice.
#include <algorithm>
#include <cmath>

#include "player/player_impl.h"

namespace voxmark::player {

std::uint64_t Player::Impl::heard_position() const {
  const std::uint64_t read = ring.read_position();
  const std::uint64_t high = std::max(read, last_cut);
  // Paused and faded out: where the audio thread holds (a pause that dropped the device's
  // queue moved it back to what was heard). Until the audio thread meets the pause, the device
  // is still playing: estimated below.
  if (paused) {
    if (const std::uint64_t at = paused_at.load(std::memory_order_acquire); at != kNotPaused) {
      return std::clamp(at, last_cut, high);
    }
  }
  // A sink that keeps what it was given plays all of it.
  if (!sink->drops_queued()) return high;
  // Nothing reported since the last cut: the listener has not heard past it yet.
  if (last_report.first + last_report.count <= last_cut) return last_cut;
  // The latest report says when its first sample is heard; the device plays at `rate`.
  const double at = static_cast<double>(last_report.first) +
                    (sink->now_s() - last_report.dac_time_s) * static_cast<double>(rate);
  const std::uint64_t estimate = at <= 0 ? 0 : static_cast<std::uint64_t>(std::llround(at));
  return std::clamp(estimate, last_cut, high);
}

std::uint64_t Player::Impl::restretch_from_heard(double old_speed) {
  collect_reports();  // the latest word on what the device plays
  if (refeed_pause_left) {
    // Changed again before the last cut's audio was fed: nothing after that cut was heard, so
    // it is cut again (dropping any of its silence already queued) and starts the same way.
    const std::uint64_t cut = cut_queue();
    for (Marker& m : markers) {
      if (m.position >= last_cut) m.position = cut;  // only commands wait there
    }
    last_cut = cut;
    pending_silence = static_cast<std::size_t>(std::llround(*refeed_pause_left / speed));
    return cut;
  }
  const std::uint64_t heard = heard_position();
  // The first fed sentence not heard to its end.
  std::size_t k = 0;
  while (k < fed.size() && fed[k].ring_end && *fed[k].ring_end <= heard) ++k;
  std::optional<std::size_t> resume_at;  // a sentence sample of fed[k] to go on from
  double pause_left = 0;                 // samples at speed 1 of silence before what is fed
  if (k < fed.size()) {
    const FedSentence& f = fed[k];
    if (heard >= f.ring_begin) {
      // Inside it. Sonic keeps the time scale only to within a pitch period: going back 10 ms
      // says a few milliseconds twice rather than skip any.
      const double at = static_cast<double>(f.first_sample) +
                        static_cast<double>(heard - f.ring_begin) * f.speed - rate / 100.0;
      resume_at = std::clamp<std::size_t>(at <= 0 ? 0 : static_cast<std::size_t>(at),
                                          f.first_sample, f.first_sample + f.samples.size());
    } else {
      pause_left = static_cast<double>(f.ring_begin - heard) * old_speed;  // the pause before it
    }
  } else if (!fed.empty() && fed.back().complete &&
             fed.back().sentence + 1 < doc.sentences.size()) {
    // In the pause after the last fed sentence (the next one is not fed yet): the rest of it.
    const FedSentence& f = fed.back();
    const double pause = static_cast<double>(pause_samples(f.sentence, f.sentence + 1, 1.0));
    pause_left = std::max(0.0, pause - static_cast<double>(heard - *f.ring_end) * old_speed);
  } else {
    // Nothing fed since the last jump (the new speed applies as it is fed), or the end of the
    // document is already queued: nothing to stretch again.
    return ring.write_position();
  }

  // Cut: the audio thread drops the ring up to here and the device's queue (player_render.cpp).
  const std::uint64_t cut = cut_queue();
  last_cut = cut;
  // Read past the heard point was not heard: it is heard again at the new positions.
  if (played_until > heard) {
    heard_samples -= std::min<std::uint64_t>(heard_samples, played_until - heard);
  }
  // What was fed beyond the heard point is fed again: its sentence and word markers with it,
  // and the commands waiting there wait for the new audio. A marker at the heard point stays
  // (it is told at the first report after the cut).
  for (auto it = markers.begin(); it != markers.end();) {
    if (it->position <= heard) {
      ++it;
    } else if (it->kind == Marker::Kind::command) {
      it->position = cut;
      ++it;
    } else {
      it = markers.erase(it);
    }
  }
  std::vector<Chunk> again;
  for (std::size_t i = k; i < fed.size(); ++i) {
    const FedSentence& f = fed[i];
    const std::size_t from = i == k && resume_at ? *resume_at : f.first_sample;
    Chunk c;
    c.generation = generation;
    c.sentence = f.sentence;
    c.samples.assign(f.samples.begin() + static_cast<std::ptrdiff_t>(from - f.first_sample),
                     f.samples.end());
    for (const auto& w : f.words) {
      if (w.sample_offset >= from) c.words.push_back(w);
    }
    c.last = f.complete;
    c.error = f.error;
    c.first_sample = from;
    // Its start is told already (or its error said): by the kept marker at or before the
    // heard point, or before an earlier cut (a remainder fed again).
    c.resumed = (i == k && heard >= f.ring_begin) || f.first_sample > 0 || !f.error.empty();
    again.push_back(std::move(c));
  }
  fed.erase(fed.begin() + static_cast<std::ptrdiff_t>(k), fed.end());
  {
    std::lock_guard guard(synth->mutex);
    for (auto it = again.rbegin(); it != again.rend(); ++it) {
      synth->chunks.push_front(std::move(*it));
    }
  }
  feeding = std::nullopt;
  sentence_complete = false;
  end_position.reset();
  stretched.clear();
  stretch.reset();
  base_samples_pushed = 0;
  pending_silence = static_cast<std::size_t>(std::llround(pause_left / speed));
  refeed_pause_left = pause_left;
  fade_in_left = fade_samples;
  return cut;
}

}  // namespace voxmark::player
