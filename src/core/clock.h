#pragma once
// Time is injected (docs/conventions.md, section 3). The core never reads a system
// clock; it asks a Clock. Times are integer milliseconds since the Unix epoch
// (or since the start of a simulation for ManualClock).
#include <atomic>
#include <cstdint>

namespace switchyard {

class Clock {
 public:
  virtual ~Clock() = default;
  // Current time in ms. Must be monotonic non-decreasing for one Clock.
  virtual int64_t now_ms() const = 0;
};

// Wall clock for production: the only place that reads the system clock.
class SystemClock final : public Clock {
 public:
  int64_t now_ms() const override;
};

// Nanoseconds from a monotonic clock, for measuring durations (latency
// metrics, timeouts). Never for domain time: that comes from a Clock.
int64_t monotonic_ns();

// A clock that moves only when told to. For tests and the simulator.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_ms = 0) : now_ms_(start_ms) {}
  int64_t now_ms() const override { return now_ms_.load(std::memory_order_relaxed); }
  // Moves time to `t_ms`; earlier values are ignored (time never goes back).
  void set_ms(int64_t t_ms) {
    if (t_ms > now_ms()) now_ms_.store(t_ms, std::memory_order_relaxed);
  }
  void advance_ms(int64_t delta_ms) {
    if (delta_ms > 0) now_ms_.fetch_add(delta_ms, std::memory_order_relaxed);
  }

 private:
  // Atomic: a test moves it while service threads (projections) read it.
  std::atomic<int64_t> now_ms_;
};

}  // namespace switchyard
