#include "voice/media/mixer.h"

#include <algorithm>
#include <limits>

namespace switchyard::voice::media {
namespace {

JitterConfig clamped(JitterConfig c) {
  c.capacity = std::clamp<int64_t>(c.capacity, kFrameSamples, 10 * kMixSampleRateHz);
  c.target_delay = std::clamp<int64_t>(c.target_delay, 0, c.capacity / 2);
  c.gap = std::max<int64_t>(c.gap, 1);
  c.adapt_window = std::max<int64_t>(c.adapt_window, 1);
  c.excess = std::max<int64_t>(c.excess, 0);
  c.max_skip = std::max<int64_t>(c.max_skip, 0);
  c.max_pull_lateness = std::max<int64_t>(c.max_pull_lateness, 0);
  return c;
}

}  // namespace

JitterBuffer::JitterBuffer(JitterConfig config)
    : config_(clamped(config)),
      samples_(static_cast<size_t>(config_.capacity)),
      present_(static_cast<size_t>(config_.capacity)) {}

size_t JitterBuffer::slot(int64_t position) const {
  const int64_t r = position % config_.capacity;
  return static_cast<size_t>(r < 0 ? r + config_.capacity : r);
}

int64_t JitterBuffer::buffered() const {
  return state_ == State::kIdle ? 0 : std::max<int64_t>(0, end_ - cursor_);
}

void JitterBuffer::reset() {
  state_ = State::kIdle;
  clock_.reset();
  dry_samples_ = 0;
}

// Starts the timeline afresh on this packet: nothing buffered, its first
// sample at the current cursor, played target_delay after its arrival.
void JitterBuffer::anchor(uint32_t rtp_timestamp, int64_t arrival) {
  std::fill(present_.begin(), present_.end(), uint8_t{0});
  clock_.emplace(rtp_timestamp, cursor_);
  end_ = cursor_;
  state_ = State::kWaiting;
  due_ = arrival + config_.target_delay;
  last_pull_.reset();
  wait_is_underrun_ = false;
}

void JitterBuffer::skip(int64_t samples, uint64_t& counter) {
  if (samples <= 0) return;
  const int64_t clear = std::min(samples, config_.capacity);
  for (int64_t p = cursor_; p < cursor_ + clear; ++p) present_[slot(p)] = 0;
  cursor_ += samples;
  counter += static_cast<uint64_t>(samples);
}

void JitterBuffer::push(uint32_t rtp_timestamp, std::span<const int16_t> pcm, int64_t arrival) {
  ++stats_.pushed;
  if (pcm.empty()) return;
  if (state_ == State::kIdle) {
    anchor(rtp_timestamp, arrival);
  } else if (arrival - last_arrival_ > config_.gap) {
    dry_samples_ = 0;  // the source paused: its silence was no underrun
    anchor(rtp_timestamp, arrival);
    ++stats_.reanchors;
  } else {
    stats_.underrun_samples += dry_samples_;
    dry_samples_ = 0;
  }
  last_arrival_ = std::max(last_arrival_, arrival);

  int64_t pos = clock_->position(rtp_timestamp);
  const bool dry = state_ == State::kPlaying && end_ <= cursor_;
  if (dry && (pos < cursor_ || pos - cursor_ >= config_.capacity)) {
    // Running dry and then late (source slow, delay up) or far ahead
    // (timestamp jump): start again from this packet with the full delay.
    anchor(rtp_timestamp, arrival);
    wait_is_underrun_ = true;
    ++stats_.reanchors;
    pos = cursor_;
  }
  if (state_ == State::kWaiting && pos < cursor_) {
    // Reordered at the start: play it first if it is still due in the future
    // with the anchor's timing and the ring can hold it with the rest.
    const int64_t due = due_ - (cursor_ - pos);
    if (due >= arrival && (!last_pull_ || due > *last_pull_) && end_ - pos <= config_.capacity) {
      cursor_ = pos;
      due_ = due;
    }
  }
  if (state_ == State::kPlaying) {
    const int64_t lead = pos - cursor_;
    window_min_lead_ = window_has_push_ ? std::min(window_min_lead_, lead) : lead;
    window_has_push_ = true;
  }

  int64_t len = std::min<int64_t>(static_cast<int64_t>(pcm.size()), config_.capacity);
  if (pos < cursor_) {
    ++stats_.late;
    if (pos + len <= cursor_) return;
    pcm = pcm.subspan(static_cast<size_t>(cursor_ - pos));
    len -= cursor_ - pos;
    pos = cursor_;
  }
  int64_t room = cursor_ + config_.capacity - pos;
  if (len > room && arrival > due_) {
    // The caller is behind with its pulls (stopped, or never started): the
    // oldest audio makes room, as much as the caller is behind at most (what
    // its next pull would skip anyway), so the newest audio is kept.
    const int64_t drop = std::min(len - room, arrival - due_);
    skip(drop, stats_.dropped_overflow);
    due_ += drop;
    room += drop;
  }
  if (len > room) {
    stats_.dropped_overflow += static_cast<uint64_t>(len - std::max<int64_t>(room, 0));
    if (room <= 0) return;
    len = room;
  }
  bool all_present = true;
  for (int64_t i = 0; i < len && all_present; ++i) all_present = present_[slot(pos + i)] != 0;
  if (all_present) {
    ++stats_.duplicates;
    return;
  }
  for (int64_t i = 0; i < len; ++i) {
    const size_t s = slot(pos + i);
    samples_[s] = pcm[static_cast<size_t>(i)];
    present_[s] = 1;
  }
  end_ = std::max(end_, pos + len);
}

void JitterBuffer::pull(std::span<int16_t> out, int64_t now) {
  const auto n = static_cast<int64_t>(out.size());
  if (state_ == State::kIdle || (state_ == State::kWaiting && now < due_)) {
    std::fill(out.begin(), out.end(), int16_t{0});
    if (state_ == State::kWaiting) {
      last_pull_ = now;
      if (wait_is_underrun_) stats_.underrun_samples += out.size();
    }
    return;
  }
  if (state_ == State::kWaiting) {
    state_ = State::kPlaying;
    window_played_ = 0;
    window_has_push_ = false;
  }

  // The caller stopped pulling for a while (or started late): what was due
  // meanwhile is gone. A tick late by less plays on where the last ended.
  if (now - due_ > config_.max_pull_lateness) skip(now - due_, stats_.skipped_samples);
  due_ = std::max(now, due_) + n;

  window_played_ += n;
  if (window_played_ >= config_.adapt_window) {
    if (window_has_push_ && window_min_lead_ > config_.target_delay + config_.excess) {
      skip(std::min(window_min_lead_ - config_.target_delay, config_.max_skip),
           stats_.skipped_samples);
    }
    window_played_ = 0;
    window_has_push_ = false;
  }

  for (int64_t i = 0; i < n; ++i) {
    const int64_t p = cursor_ + i;
    const size_t s = slot(p);
    if (present_[s]) {
      out[static_cast<size_t>(i)] = samples_[s];
      present_[s] = 0;
    } else {
      out[static_cast<size_t>(i)] = 0;
      if (p >= end_) {
        ++dry_samples_;
      } else {
        ++stats_.underrun_samples;
      }
    }
  }
  cursor_ += n;
}

void mix_into(std::span<int16_t> out, std::span<const std::span<const int16_t>> sources) {
  for (size_t i = 0; i < out.size(); ++i) {
    int64_t sum = 0;
    for (const auto& source : sources) {
      if (i < source.size()) sum += source[i];
    }
    out[i] = static_cast<int16_t>(std::clamp<int64_t>(sum, std::numeric_limits<int16_t>::min(),
                                                      std::numeric_limits<int16_t>::max()));
  }
}

HearsMatrix supervisor_hears(SupervisorMode mode) {
  HearsMatrix h{};
  h[kCustomerParty][kAgentParty] = true;
  h[kAgentParty][kCustomerParty] = true;
  h[kLeadParty][kCustomerParty] = true;
  h[kLeadParty][kAgentParty] = true;
  if (mode == SupervisorMode::kWhisper || mode == SupervisorMode::kBarge) {
    h[kAgentParty][kLeadParty] = true;
  }
  if (mode == SupervisorMode::kBarge) h[kCustomerParty][kLeadParty] = true;
  return h;
}

Conference::Conference(size_t parties, JitterConfig config) {
  parties = std::clamp<size_t>(parties, 1, kMaxParties);
  buffers_.reserve(parties);
  for (size_t i = 0; i < parties; ++i) buffers_.emplace_back(config);
}

void Conference::set_hears(const HearsMatrix& hears) {
  for (size_t d = 0; d < kMaxParties; ++d) {
    for (size_t s = 0; s < kMaxParties; ++s) {
      hears_[d][s] = hears[d][s] && d != s && d < parties() && s < parties();
    }
  }
}

size_t Conference::heard_by(size_t dst) const {
  if (dst >= parties()) return 0;
  return static_cast<size_t>(std::count(hears_[dst].begin(), hears_[dst].end(), true));
}

void Conference::push(size_t party, uint32_t rtp_timestamp, std::span<const int16_t> pcm,
                      int64_t arrival) {
  if (party < parties()) buffers_[party].push(rtp_timestamp, pcm, arrival);
}

void Conference::tick(int64_t now) {
  for (size_t p = 0; p < parties(); ++p) buffers_[p].pull(pulled_[p], now);
  for (size_t d = 0; d < parties(); ++d) {
    std::array<std::span<const int16_t>, kMaxParties> heard{};
    size_t count = 0;
    for (size_t s = 0; s < parties(); ++s) {
      if (hears_[d][s]) heard[count++] = pulled_[s];
    }
    mix_into(mixed_[d], std::span<const std::span<const int16_t>>(heard.data(), count));
  }
}

std::span<const int16_t> Conference::frame(size_t dst) const {
  if (dst >= parties()) return {};
  return mixed_[dst];
}

}  // namespace switchyard::voice::media
