// The synthesis thread, and the player thread feeding its audio through the time-stretcher
// into the ring, then reading back what was heard.
#include <algorithm>
#include <cmath>

#include "player/player_impl.h"

namespace voxmark::player {

void Player::Impl::synthesis_loop(const std::shared_ptr<SynthShared>& shared,
                                  const document::Document& doc) {
  SynthShared& sh = *shared;
  std::unique_lock lock(sh.mutex);
  for (;;) {
    sh.wake.wait(lock, [&] {
      return sh.stop || (sh.next < doc.sentences.size() && sh.next <= sh.feed_sentence + kAhead);
    });
    if (sh.stop) break;
    const std::uint64_t generation = sh.generation;
    const std::size_t index = sh.next;
    const std::string text = doc.sentences[index].text;
    lock.unlock();
    bool complete = true;
    std::string error;
    try {
      complete = sh.engine->synthesize(text, [&](std::span<const std::int16_t> samples,
                                                 std::span<const speech::WordTiming> words) {
        std::lock_guard guard(sh.mutex);
        if (sh.stop || generation != sh.generation) return false;  // a jump: stop now
        sh.chunks.push_back({generation,
                             index,
                             {samples.begin(), samples.end()},
                             {words.begin(), words.end()},
                             false,
                             {}});
        return true;
      });
    } catch (const std::exception& e) {
      // One sentence fails (an engine crash, a stall past its deadline): it is reported and
      // skipped, and the next one is tried (the engine restarts its worker).
      error = e.what();
      if (error.empty()) error = "speech synthesis failed";
    }
    lock.lock();
    if (generation == sh.generation && (complete || !error.empty())) {
      sh.chunks.push_back({generation, index, {}, {}, true, error});
      ++sh.next;
    }
  }
  sh.exited = true;
  sh.wake.notify_all();
}

void Player::Impl::restart_synthesis(std::size_t sentence) {
  std::lock_guard guard(synth->mutex);
  ++synth->generation;
  synth->next = sentence;
  synth->feed_sentence = sentence;
  synth->chunks.clear();
  synth->wake.notify_all();
}

std::uint64_t Player::Impl::synth_generation_snapshot() {
  std::lock_guard guard(synth->mutex);
  return synth->generation;
}

void Player::Impl::feed() {
  for (;;) {
    // Read once: a pause's rewind on the audio thread can make it grow at any time.
    const std::size_t queued = ring.available();
    if (queued >= target_fill) return;
    const std::size_t room = target_fill - queued;
    if (pending_silence > 0) {
      static const std::vector<std::int16_t> zeros(4096, 0);
      const std::size_t n = std::min({pending_silence, room, zeros.size()});
      ring.write({zeros.data(), n});
      pending_silence -= n;
      continue;
    }
    if (!stretched.empty()) {
      if (!start_marker_written) {
        markers.emplace_back(Marker::Kind::sentence, ring.write_position(), *feeding);
        markers.back().needs_audio = true;  // told when heard, never during a pause
        start_marker_written = true;
      }
      if (fade_in_left > 0) {  // the first milliseconds after a cut rise from silence
        for (std::size_t i = 0; i < stretched.size() && fade_in_left > 0; ++i, --fade_in_left) {
          stretched[i] = static_cast<std::int16_t>(
              stretched[i] * (1.0f - float(fade_in_left) / float(fade_samples)));
        }
      }
      const std::size_t n = ring.write({stretched.data(), std::min(room, stretched.size())});
      stretched.erase(stretched.begin(), stretched.begin() + static_cast<long>(n));
      if (n == 0) return;
      continue;
    }
    if (sentence_complete) {
      // The sentence is all in the ring: queue the pause before the next one.
      sentence_complete = false;
      const std::size_t done = *feeding;
      feeding = std::nullopt;
      if (!fed.empty() && fed.back().sentence == done) fed.back().ring_end = ring.write_position();
      if (done + 1 >= doc.sentences.size()) {
        end_position = ring.write_position();
        return;
      }
      pending_silence = pause_samples(done, done + 1);
      continue;
    }
    Chunk chunk;
    {
      std::lock_guard guard(synth->mutex);
      auto& chunks = synth->chunks;
      while (!chunks.empty() && chunks.front().generation != generation) chunks.pop_front();
      if (chunks.empty()) return;  // synthesis is behind: try again shortly
      chunk = std::move(chunks.front());
      chunks.pop_front();
      refeed_pause_left.reset();  // what a speed cut queued again is being fed
      if (!feeding || chunk.sentence != *feeding) {
        synth->feed_sentence = chunk.sentence;
        synth->wake.notify_all();
      }
    }
    if (!feeding || chunk.sentence != *feeding) {
      feeding = chunk.sentence;
      // A sentence whose start was already fed (and told) is not told again when a speed
      // change feeds it again.
      start_marker_written = chunk.resumed || (last_announced && chunk.sentence <= *last_announced);
      base_samples_pushed = 0;
      sentence_first_sample = chunk.first_sample;
      end_position.reset();
      fed.push_back({chunk.sentence, chunk.first_sample, {}, {}, false, {}, 0, speed, {}});
    }
    if (base_samples_pushed == 0) {
      sentence_origin = ring.write_position() + stretched.size();
      if (!fed.empty() && fed.back().sentence == chunk.sentence) {
        fed.back().ring_begin = sentence_origin;
      }
    }
    // Words: where they will land in the ring at the current speed (close enough to
    // highlight; sonic's few milliseconds of look-back are ignored).
    for (const auto& w : chunk.words) {
      if (w.sample_offset < sentence_first_sample) continue;  // heard before a speed change
      Marker m{Marker::Kind::word,
               sentence_origin +
                   static_cast<std::uint64_t>(
                       static_cast<double>(w.sample_offset - sentence_first_sample) / speed),
               chunk.sentence};
      m.needs_audio = true;
      m.word_begin = w.text_begin_byte;
      m.word_length = w.text_length_bytes;
      markers.push_back(std::move(m));
    }
    if (!chunk.error.empty()) {
      // Skipped: said at once (nothing of it will be heard), then the pause and the next one;
      // said once, also when a speed change feeds it again.
      if (!chunk.resumed) {
        emit({{"event", "error"},
              {"sentence", chunk.sentence + 1},
              {"message", "sentence " + std::to_string(chunk.sentence + 1) +
                              " could not be spoken (" + chunk.error + "); skipped"}});
        ++sentences_failed;
      }
      if (!fed.empty() && fed.back().sentence == chunk.sentence) {
        fed.back().complete = true;
        fed.back().error = chunk.error;
      }
      stretch.flush();
      stretch.pull(stretched);
      sentence_complete = true;
      continue;
    }
    base_samples_pushed += chunk.samples.size();
    stretch.push(chunk.samples);
    if (!fed.empty() && fed.back().sentence == chunk.sentence) {
      FedSentence& kept = fed.back();  // for a speed change while it is still to be heard
      kept.samples.insert(kept.samples.end(), chunk.samples.begin(), chunk.samples.end());
      kept.words.insert(kept.words.end(), chunk.words.begin(), chunk.words.end());
      kept.complete = chunk.last;
    }
    if (chunk.last) {
      stretch.flush();
      sentence_complete = true;
    }
    stretch.pull(stretched);
  }
}

std::size_t Player::Impl::pause_samples(std::size_t before, std::size_t after,
                                        double speed_factor) const {
  const auto& a = doc.sentences[before];
  const auto& b = doc.sentences[after];
  const int ms = a.section_index != b.section_index ? settings.pauses.section_ms
                 : a.block_index != b.block_index   ? settings.pauses.block_ms
                                                    : settings.pauses.sentence_ms;
  return static_cast<std::size_t>(std::lround(ms / speed_factor * rate / 1000.0));
}

void Player::Impl::collect_reports() {
  PlayedReport r;
  bool changed = false;
  while (reports.pop(r)) {
    last_report = r;
    if (r.rewound) {
      take_back_unheard(r);
      continue;
    }
    // Heard: positions not reported before (a pause reads again what the device dropped).
    if (r.first + r.count > played_until) {
      heard_samples += r.first + r.count - std::max(played_until, r.first);
    }
    played_until = std::max(played_until, r.first + r.count);
    for (auto it = markers.begin(); it != markers.end();) {
      const bool played = it->position < r.first + r.count;
      const bool paused_here = r.count == 0 && it->position <= r.first && !it->needs_audio;
      if (!played && !paused_here) {
        ++it;
        continue;
      }
      const double dac =
          r.dac_time_s +
          static_cast<double>(it->position > r.first ? it->position - r.first : 0) / rate;
      reached(*it, dac);
      changed = true;
      it = markers.erase(it);
    }
  }
  if (changed) publish();
  // Sentences heard to their end, the device's buffer and a margin ago, are not kept.
  const auto kept_s = sink->output_latency_s() + 0.25;
  const auto read = ring.read_position();
  const auto keep_from = read - std::min<std::uint64_t>(read, std::llround(kept_s * rate));
  while (fed.size() > 1 && fed.front().ring_end && *fed.front().ring_end < keep_from) {
    fed.pop_front();
  }
}

void Player::Impl::take_back_unheard(const PlayedReport& rewound) {
  const std::uint64_t at = rewound.first;
  const std::uint64_t read_until = std::max(played_until, at);
  if (played_until > at) {
    heard_samples -= std::min<std::uint64_t>(heard_samples, played_until - at);
    for (const FedSentence& f : fed) {
      // A sentence whose start was read but not heard is told again when it is heard.
      if (f.first_sample == 0 && f.error.empty() && f.ring_begin >= at &&
          f.ring_begin < played_until) {
        Marker m{Marker::Kind::sentence, f.ring_begin, f.sentence};
        m.needs_audio = true;
        const auto before = std::find_if(markers.begin(), markers.end(), [&](const Marker& other) {
          return other.position > f.ring_begin;
        });
        markers.insert(before, std::move(m));
      }
      // The sentence the listener is in: the last one that starts at or before `at`.
      if (f.ring_begin <= at) heard_sentence = f.sentence;
    }
    last_announced = heard_sentence;
    word_begin = word_length = 0;
    played_until = at;
  }
  // The commands the pause itself answers (its `paused` event, with the sentence where the
  // listener stopped) are heard now.
  for (auto it = markers.begin(); it != markers.end();) {
    if (it->kind == Marker::Kind::command && !it->needs_audio && it->position <= read_until) {
      if (it->event.contains("sentence")) it->event["sentence"] = heard_sentence + 1;
      reached(*it, rewound.dac_time_s);
      it = markers.erase(it);
    } else {
      ++it;
    }
  }
  publish();
}

void Player::Impl::reached(Marker& m, double dac_time_s) {
  switch (m.kind) {
    case Marker::Kind::sentence: {
      heard_sentence = m.sentence;
      last_announced = m.sentence;
      word_begin = word_length = 0;
      emit(sentence_event(m.sentence));
      break;
    }
    case Marker::Kind::word:
      word_begin = m.word_begin;
      word_length = m.word_length;
      break;
    case Marker::Kind::command: {
      m.event["latency_ms"] = std::round(std::max(0.0, dac_time_s - m.received_s) * 10000) / 10;
      emit(std::move(m.event));
      break;
    }
  }
}
}  // namespace voxmark::player
