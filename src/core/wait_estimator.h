#pragma once
// Estimated wait time (EWT) for a contact joining or waiting in a queue.
//
// Method: three predictors, and each queue uses whichever has been most
// accurate there lately (no single one wins everywhere):
//  - kPlace, position-scaled delay history: each contact served after
//    waiting tells how long one place in line took lately, wait / (places
//    ahead at entry + 1); EWT = (k+1) x the exponential average (weight 1/4)
//    of that. Best where waits grow with the line (one queue, own agents).
//  - kRecent, recent waits: the exponential average (weight 1/4) of the waits
//    of served contacts. Best in pooled multi-skill centers, where agents pick
//    the oldest contact across many queues, so a queue's own line length says
//    little and the pool's current state says much.
//  - kRate, queue-length predictor: the line's measured departure rate r
//    (departures per ms of time the line was non-empty, forgotten over
//    `tau_ms` of such time), pulled toward the staffing rate (capacity / AHT,
//    the M/M/N rate N*mu) with the weight of two departures; EWT = the median
//    of the Erlang(k+1, r) wait, (k+1)(1 - 1/(9(k+1)))^3 / r. The only one
//    available before anything was served.
// Every contact carries the three predictions made when it entered; when it
// is served after waiting, each predictor's mean absolute error (exponential
// average, weight 1/32) is updated with |prediction - wait|.
//
// The baseline (Asterisk app_queue): holdtime = (3*holdtime + wait)/4 over the
// waits of answered contacts, announced as the EWT of every arrival.
#include <array>
#include <cstdint>

namespace switchyard::core {

struct WaitEstimate {
  uint32_t position = 0;  // 1-based
  int64_t ewt_ms = -1;    // -1 = unknown
};

class WaitEstimator {
 public:
  enum Predictor { kPlace, kRecent, kRate, kPredictors };
  using Predictions = std::array<int32_t, kPredictors>;  // ms, -1 = unknown

  // Time passes at `now_ms`; `waiting` is the queue length just before now.
  void observe_time(int64_t now_ms, uint32_t waiting_before, int64_t tau_ms);
  // A contact left the line after waiting `wait_ms`, having entered with
  // `ahead_at_entry` contacts ahead and the predictions `made`. `served`: it
  // left to an agent (else abandoned, moved, expired).
  void on_departure(int64_t now_ms, uint32_t waiting_before, int64_t tau_ms, int64_t wait_ms,
                    uint32_t ahead_at_entry, bool served, const Predictions& made);
  // A contact was answered after waiting `wait_ms` (feeds the baseline).
  void on_answer(int64_t wait_ms);
  // A contact was handled for `handle_ms` (talk + hold + ACW).
  void on_handled(int64_t handle_ms);

  // Every predictor's EWT for a contact with `ahead` contacts in front of it,
  // given the staffed capacity (agents x per-agent channel capacity).
  Predictions predict(uint32_t ahead, uint32_t staffed_capacity) const;
  // The EWT announced: the predictor with the lowest recent error. -1
  // (unknown) when nobody is staffed; at most one day.
  int64_t estimate_ms(uint32_t ahead, uint32_t staffed_capacity) const;
  Predictor best() const;
  int64_t baseline_ms() const { return holdtime_ms_; }
  int64_t aht_ms() const { return static_cast<int64_t>(aht_ms_); }

  // Plain state, for dumps, equality checks and snapshots.
  struct State {
    double departures = 0, busy_ms = 0, aht_ms = 0, per_place_ms = 0, recent_ms = 0;
    int64_t last_ms = 0, holdtime_ms = 0;
    bool started = false, served_seen = false;
    std::array<double, kPredictors> error_ms{};  // -1 = not yet judged
  };
  State state() const;
  void restore(const State& s);

 private:
  double departures_ = 0.0;  // exponentially weighted count
  double busy_ms_ = 0.0;     // exponentially weighted non-empty time
  int64_t last_ms_ = 0;
  bool started_ = false;
  double aht_ms_ = 0.0;      // EWMA of handle time, 0 = unknown
  int64_t holdtime_ms_ = 0;  // Asterisk-style baseline
  double per_place_ms_ = 0.0;  // EWMA of wait / (places ahead + 1)
  double recent_ms_ = 0.0;     // EWMA of served waits
  bool served_seen_ = false;
  std::array<double, kPredictors> error_ms_{-1, -1, -1};
};

}  // namespace switchyard::core
