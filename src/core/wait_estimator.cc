#include "core/wait_estimator.h"

#include <algorithm>
#include <cmath>

namespace switchyard::core {
namespace {
constexpr double kAhtAlpha = 1.0 / 32.0;    // EWMA weight of a new handle time
constexpr double kHistoryAlpha = 0.25;      // EWMA weight of a new wait sample
constexpr double kErrorAlpha = 1.0 / 32.0;  // EWMA weight of a new error sample
constexpr double kPriorDepartures = 2.0;    // weight of the staffing prior, in departures
constexpr double kMaxEwtMs = 86'400'000.0;  // estimates beyond a day are reported as a day

int32_t clamp_ms(double ms) { return static_cast<int32_t>(std::llround(std::clamp(ms, 0.0, kMaxEwtMs))); }
}  // namespace

void WaitEstimator::observe_time(int64_t now_ms, uint32_t waiting_before, int64_t tau_ms) {
  if (!started_) {
    started_ = true;
    last_ms_ = now_ms;
    return;
  }
  int64_t dt = now_ms - last_ms_;
  last_ms_ = now_ms;
  if (dt <= 0 || waiting_before == 0) return;
  double tau = static_cast<double>(tau_ms);
  double decay = std::exp(-static_cast<double>(dt) / tau);
  departures_ *= decay;
  busy_ms_ = busy_ms_ * decay + tau * (1.0 - decay);
}

void WaitEstimator::on_departure(int64_t now_ms, uint32_t waiting_before, int64_t tau_ms, int64_t wait_ms,
                                 uint32_t ahead_at_entry, bool served, const Predictions& made) {
  observe_time(now_ms, waiting_before, tau_ms);
  if (wait_ms > 0) departures_ += 1.0;
  if (!served) return;
  double w = static_cast<double>(std::max<int64_t>(wait_ms, 0));
  double place = w / (static_cast<double>(ahead_at_entry) + 1.0);
  if (!served_seen_) {
    served_seen_ = true;
    per_place_ms_ = place;
    recent_ms_ = w;
  } else {
    per_place_ms_ += kHistoryAlpha * (place - per_place_ms_);
    recent_ms_ += kHistoryAlpha * (w - recent_ms_);
  }
  // Judge the predictors only where they are used: contacts that had to wait.
  if (wait_ms <= 0) return;
  for (int i = 0; i < kPredictors; ++i) {
    if (made[i] < 0) continue;
    double err = std::abs(static_cast<double>(made[i]) - w);
    error_ms_[i] = error_ms_[i] < 0 ? err : error_ms_[i] + kErrorAlpha * (err - error_ms_[i]);
  }
}

void WaitEstimator::on_answer(int64_t wait_ms) { holdtime_ms_ = (3 * holdtime_ms_ + wait_ms) / 4; }

void WaitEstimator::on_handled(int64_t handle_ms) {
  double h = static_cast<double>(handle_ms);
  aht_ms_ = aht_ms_ == 0.0 ? h : aht_ms_ + kAhtAlpha * (h - aht_ms_);
}

WaitEstimator::Predictions WaitEstimator::predict(uint32_t ahead, uint32_t staffed_capacity) const {
  Predictions p{-1, -1, -1};
  if (staffed_capacity == 0) return p;  // nobody will answer, whatever the past says
  double n = static_cast<double>(ahead) + 1.0;
  if (served_seen_) {
    p[kPlace] = clamp_ms(n * per_place_ms_);
    p[kRecent] = clamp_ms(recent_ms_);
  }
  double prior = aht_ms_ > 0 ? staffed_capacity / aht_ms_ : 0.0;
  double rate = -1;
  if (prior > 0) rate = (departures_ + kPriorDepartures) / (busy_ms_ + kPriorDepartures / prior);
  else if (busy_ms_ > 0 && departures_ > 0) rate = departures_ / busy_ms_;
  if (rate > 0) p[kRate] = clamp_ms(n * std::pow(1.0 - 1.0 / (9.0 * n), 3.0) / rate);
  return p;
}

WaitEstimator::Predictor WaitEstimator::best() const {
  // Unjudged predictors rank after judged ones; among unjudged, kRate first
  // (it is built on the queue's own capacity), then kPlace.
  static constexpr Predictor kOrder[] = {kRate, kPlace, kRecent};
  Predictor best = kRate;
  double best_err = -1;
  for (Predictor p : kOrder)
    if (error_ms_[p] >= 0 && (best_err < 0 || error_ms_[p] < best_err)) {
      best = p;
      best_err = error_ms_[p];
    }
  return best;
}

int64_t WaitEstimator::estimate_ms(uint32_t ahead, uint32_t staffed_capacity) const {
  Predictions p = predict(ahead, staffed_capacity);
  if (p[best()] >= 0) return p[best()];
  for (Predictor q : {kRate, kPlace, kRecent})
    if (p[q] >= 0) return p[q];
  return -1;
}

WaitEstimator::State WaitEstimator::state() const {
  State s;
  s.departures = departures_;
  s.busy_ms = busy_ms_;
  s.aht_ms = aht_ms_;
  s.per_place_ms = per_place_ms_;
  s.recent_ms = recent_ms_;
  s.last_ms = last_ms_;
  s.holdtime_ms = holdtime_ms_;
  s.started = started_;
  s.served_seen = served_seen_;
  s.error_ms = error_ms_;
  return s;
}

void WaitEstimator::restore(const State& s) {
  departures_ = s.departures;
  busy_ms_ = s.busy_ms;
  aht_ms_ = s.aht_ms;
  per_place_ms_ = s.per_place_ms;
  recent_ms_ = s.recent_ms;
  last_ms_ = s.last_ms;
  holdtime_ms_ = s.holdtime_ms;
  started_ = s.started;
  served_seen_ = s.served_seen;
  error_ms_ = s.error_ms;
}

}  // namespace switchyard::core
