#pragma once
// Today's KPIs in the server: the KpiCollector (kpi_collector.h) fed by the
// projection host with committed events, from the start of the center's day
// (local midnight, `day_offset_ms` east of UTC, as the engine's settings
// say), reset at the next midnight. Per queue and overall; formulas in
// docs/kpis.md.
//
// In memory: at start it replays the log from the first event of today
// (EventLog::first_seq_at); the queue and agent configurations it needs
// (service-level targets, skills) are seeded by the caller from the engine.
// Contacts count on the day they arrived; agent time is integrated from the
// first state change seen today (an agent logged in before a restart counts
// from its next change).
//
// Threading: start()/apply() on the projection thread; figures() and
// applied_seq() from any thread (an immutable snapshot).
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "eventlog/projection.h"
#include "metrics/kpi_collector.h"

namespace switchyard::metrics {

struct QueueKpis {
  core::QueueId queue = core::kNoId;
  std::string name;
  KpiFigures figures;
};

struct TodayKpis {
  int64_t day_start_ms = 0;  // local midnight, as epoch ms
  uint64_t seq = 0;          // the last event reflected
  KpiFigures overall;
  std::vector<QueueKpis> queues;  // by queue id
};

class KpiProjection final : public eventlog::Projection {
 public:
  // `config_events`: QueueConfigured / AgentConfigured events describing
  // the current configuration (they seed every new day's collector).
  KpiProjection(int64_t day_offset_ms, std::vector<core::Event> config_events, KpiOptions options = {});

  std::string_view name() const override { return "kpis"; }
  Result<uint64_t> start(storage::SqlDriver& db, eventlog::EventLog& log) override;
  Result<void> apply(storage::SqlDriver& db, std::span<const core::Event> events) override;

  std::shared_ptr<const TodayKpis> today() const;

 private:
  int64_t day_start(int64_t t_ms) const;
  void new_day(int64_t day_start_ms);
  void publish(uint64_t seq);

  int64_t day_offset_ms_;
  KpiOptions options_;
  std::map<std::pair<int, uint32_t>, core::Event> configs_;  // (type, id) -> latest config event
  std::unique_ptr<KpiCollector> collector_;
  int64_t day_start_ms_ = 0;
  mutable std::mutex mu_;
  std::shared_ptr<const TodayKpis> today_;  // guarded by mu_
};

}  // namespace switchyard::metrics
