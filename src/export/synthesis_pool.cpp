#include "export/synthesis_pool.h"

#include <algorithm>
#include <chrono>

#include "common/interrupt.h"

namespace voxmark::audiobook {

SynthesisPool::SynthesisPool(const std::vector<std::string>& texts, int jobs,
                             const EngineFactory& factory)
    : texts_(texts) {
  // More processes than sentences would only wait; two sentences a worker keep it busy.
  const std::size_t count = std::clamp<std::size_t>(static_cast<std::size_t>(std::max(jobs, 1)), 1,
                                                    std::max<std::size_t>(texts.size(), 1));
  // An export waits for whole sentences: big pieces (~0.7 s of audio) mean fewer system calls.
  speech::SpeechProcessOptions options;
  options.chunk_samples = 16384;
  for (std::size_t i = 0; i < count; ++i) {
    processes_.push_back(std::make_unique<speech::SpeechProcess>(factory, options));
  }
  sample_rate_hz_ = processes_.front()->sample_rate_hz();
  window_ = 2 * count;
  slots_.resize(window_);
  for (std::size_t i = 0; i < count; ++i) threads_.emplace_back([this, i] { work(i); });
}

SynthesisPool::~SynthesisPool() {
  {
    std::lock_guard guard(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void SynthesisPool::work(std::size_t worker) {
  speech::SpeechProcess& process = *processes_[worker];
  // Grown to the longest sentence so far, so that most sentences need no reallocation.
  std::size_t typical_samples = 0;
  for (std::size_t i = worker; i < texts_.size(); i += processes_.size()) {
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || i < next_index_ + window_; });
      if (stopping_) return;
    }
    speech::Utterance u;
    u.samples.reserve(typical_samples);
    try {
      const bool complete = process.synthesize(
          texts_[i],
          [&](std::span<const std::int16_t> samples, std::span<const speech::WordTiming> words) {
            u.samples.insert(u.samples.end(), samples.begin(), samples.end());
            u.words.insert(u.words.end(), words.begin(), words.end());
            return !interrupted() && !stopping_;
          });
      if (!complete) return;
    } catch (...) {
      std::lock_guard guard(mutex_);
      if (!failure_) failure_ = std::current_exception();
      changed_.notify_all();
      return;
    }
    typical_samples = std::max(typical_samples, u.samples.size());
    std::lock_guard guard(mutex_);
    slots_[i % window_] = std::move(u);
    changed_.notify_all();
  }
}

bool SynthesisPool::next(speech::Utterance& out) {
  std::unique_lock lock(mutex_);
  if (next_index_ >= texts_.size()) return false;
  auto& slot = slots_[next_index_ % window_];
  // Waits in short steps so that a stop signal is noticed even while nothing arrives.
  while (!slot && !failure_ && !interrupted()) {
    changed_.wait_for(lock, std::chrono::milliseconds(50));
  }
  if (failure_) std::rethrow_exception(failure_);
  if (!slot) return false;  // interrupted
  out = std::move(*slot);
  slot.reset();
  ++next_index_;
  changed_.notify_all();
  return true;
}

}  // namespace voxmark::audiobook
