#include "metrics/kpi_projection.h"

namespace switchyard::metrics {

namespace {
constexpr int64_t kDayMs = 86'400'000;

int64_t floor_div(int64_t a, int64_t b) { return a / b - (a % b < 0 ? 1 : 0); }
}  // namespace

KpiProjection::KpiProjection(int64_t day_offset_ms, std::vector<core::Event> config_events, KpiOptions options)
    : day_offset_ms_(day_offset_ms), options_(options) {
  for (core::Event& e : config_events) {
    if (auto* q = e.as<core::ev::QueueConfigured>()) configs_.insert_or_assign({0, q->queue}, e);
    else if (auto* a = e.as<core::ev::AgentConfigured>()) configs_.insert_or_assign({1, a->agent}, e);
  }
}

int64_t KpiProjection::day_start(int64_t t_ms) const {
  return floor_div(t_ms + day_offset_ms_, kDayMs) * kDayMs - day_offset_ms_;
}

void KpiProjection::new_day(int64_t day_start_ms) {
  day_start_ms_ = day_start_ms;
  KpiOptions o = options_;
  o.stats_from_ms = day_start_ms;
  collector_ = std::make_unique<KpiCollector>(o);
  for (const auto& [key, e] : configs_) collector_->on_event(e);
}

Result<uint64_t> KpiProjection::start(storage::SqlDriver&, eventlog::EventLog& log) {
  auto last = log.last_seq();
  if (!last) return std::unexpected(last.error());
  // Start of today: of the last event's day (the log's clock), else none yet.
  int64_t now_day = 0;
  if (*last > 0) {
    uint64_t at = 0;
    int64_t t = 0;
    auto r = log.load(*last - 1, [&](core::Event&& e) {
      at = e.seq;
      t = e.time_ms;
      return false;
    });
    if (!r) return std::unexpected(r.error());
    if (at) now_day = day_start(t);
  }
  new_day(now_day);
  auto first = log.first_seq_at(now_day);
  if (!first) return std::unexpected(first.error());
  uint64_t from = *first ? **first - 1 : *last;
  publish(from);
  return from;
}

Result<void> KpiProjection::apply(storage::SqlDriver&, std::span<const core::Event> events) {
  for (const core::Event& e : events) {
    if (e.time_ms >= day_start_ms_ + kDayMs) new_day(day_start(e.time_ms));
    if (auto* q = e.as<core::ev::QueueConfigured>()) configs_.insert_or_assign({0, q->queue}, e);
    else if (auto* a = e.as<core::ev::AgentConfigured>()) configs_.insert_or_assign({1, a->agent}, e);
    collector_->on_event(e);
  }
  if (!events.empty()) publish(events.back().seq);
  return {};
}

void KpiProjection::publish(uint64_t seq) {
  auto t = std::make_shared<TodayKpis>();
  t->day_start_ms = day_start_ms_;
  t->seq = seq;
  t->overall = derive(collector_->overall());
  for (core::QueueId q = 0; q < collector_->queue_count(); ++q)
    t->queues.push_back({q, std::string(collector_->queue_name(q)), derive(collector_->queue(q))});
  std::lock_guard lk(mu_);
  today_ = std::move(t);
}

std::shared_ptr<const TodayKpis> KpiProjection::today() const {
  std::lock_guard lk(mu_);
  return today_;
}

}  // namespace switchyard::metrics
