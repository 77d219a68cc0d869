#pragma once
// Estimated wait time (EWT) for a contact joining or waiting in a queue.
//
// Method ("queue-length predictor with a measured departure rate"): a contact
// with k contacts ahead of it leaves the line after k+1 departures from the
// head of the queue. The engine measures the queue's departure rate r (offers,
// abandons, moves per ms of time the queue was non-empty, exponentially
// forgotten over `tau_ms` of such time), so EWT = (k+1)/r. Until departures
// have been seen, r falls back to staffed capacity / AHT (the M/M/N rate
// N*mu). Shared agents, abandonment and overflow all show up in r.
//
// The baseline (Asterisk app_queue): holdtime = (3*holdtime + wait)/4 over the
// waits of answered contacts, announced as the EWT of every arrival.
#include <cstdint>

namespace switchyard::core {

struct WaitEstimate {
  uint32_t position = 0;  // 1-based
  int64_t ewt_ms = -1;    // -1 = unknown
};

class WaitEstimator {
 public:
  // Time passes at `now_ms`; `waiting` is the queue length just before now.
  void observe_time(int64_t now_ms, uint32_t waiting_before, int64_t tau_ms);
  // A contact left the line (offered, abandoned, moved, expired). Only
  // contacts that waited (`waited` true) count: one routed at once says
  // nothing about how fast the line moves.
  void on_departure(int64_t now_ms, uint32_t waiting_before, int64_t tau_ms, bool waited);
  // A contact was answered after waiting `wait_ms` (feeds the baseline).
  void on_answer(int64_t wait_ms);
  // A contact was handled for `handle_ms` (talk + hold + ACW).
  void on_handled(int64_t handle_ms);

  // EWT for a contact with `ahead` contacts in front of it, given the
  // currently staffed capacity (agents x per-agent channel capacity).
  int64_t estimate_ms(uint32_t ahead, uint32_t staffed_capacity) const;
  int64_t baseline_ms() const { return holdtime_ms_; }
  int64_t aht_ms() const { return static_cast<int64_t>(aht_ms_); }

  // For state dumps, equality checks and snapshots.
  double departures() const { return departures_; }
  double busy_ms() const { return busy_ms_; }
  int64_t last_ms() const { return last_ms_; }
  bool started() const { return started_; }
  double aht_exact_ms() const { return aht_ms_; }
  void restore(double departures, double busy_ms, int64_t last_ms, bool started, double aht_ms,
               int64_t holdtime_ms) {
    departures_ = departures;
    busy_ms_ = busy_ms;
    last_ms_ = last_ms;
    started_ = started;
    aht_ms_ = aht_ms;
    holdtime_ms_ = holdtime_ms;
  }

 private:
  double departures_ = 0.0;  // exponentially weighted count
  double busy_ms_ = 0.0;     // exponentially weighted non-empty time
  int64_t last_ms_ = 0;
  bool started_ = false;
  double aht_ms_ = 0.0;      // EWMA of handle time, 0 = unknown
  int64_t holdtime_ms_ = 0;  // Asterisk-style baseline
};

}  // namespace switchyard::core
