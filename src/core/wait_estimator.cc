#include "core/wait_estimator.h"

#include <cmath>

namespace switchyard::core {
namespace {
constexpr double kAhtAlpha = 1.0 / 32.0;  // EWMA weight of a new handle time
constexpr double kPriorMs = 60'000.0;     // weight of the staffing prior, in busy ms
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

void WaitEstimator::on_departure(int64_t now_ms, uint32_t waiting_before, int64_t tau_ms,
                                 bool waited) {
  observe_time(now_ms, waiting_before, tau_ms);
  if (waited) departures_ += 1.0;
}

void WaitEstimator::on_answer(int64_t wait_ms) { holdtime_ms_ = (3 * holdtime_ms_ + wait_ms) / 4; }

void WaitEstimator::on_handled(int64_t handle_ms) {
  double h = static_cast<double>(handle_ms);
  aht_ms_ = aht_ms_ == 0.0 ? h : aht_ms_ + kAhtAlpha * (h - aht_ms_);
}

int64_t WaitEstimator::estimate_ms(uint32_t ahead, uint32_t staffed_capacity) const {
  // Departures per ms: the measured rate, pulled toward the staffing prior
  // (capacity / AHT) while little busy time has been seen.
  double prior = aht_ms_ > 0 && staffed_capacity > 0 ? staffed_capacity / aht_ms_ : 0.0;
  double rate;
  if (prior > 0) rate = (departures_ + prior * kPriorMs) / (busy_ms_ + kPriorMs);
  else if (busy_ms_ > 0 && departures_ > 0) rate = departures_ / busy_ms_;
  else return -1;
  if (!(rate > 0)) return -1;
  return static_cast<int64_t>(std::llround((static_cast<double>(ahead) + 1.0) / rate));
}

}  // namespace switchyard::core
