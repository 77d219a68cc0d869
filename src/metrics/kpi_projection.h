#pragma once
// Live KPIs in the server: the KpiCollector (kpi_collector.h) fed by the
// projection host with committed events, for today (from the center's local
// midnight, metrics::Calendar) and for rolling windows of the last 15 and 60
// minutes, per center, queue, channel, customer group, agent, team and
// site. Formulas in
// docs/kpis.md; the same counting rules as the rollups, so today's live
// counts equal the sum of today's rollup rows.
//
// - Today: contacts that arrived since local midnight, with their outcomes
//   so far; agent time since midnight, open states counted up to "now".
// - Rolling windows: contacts that arrived in the last N whole minutes
//   (the current minute included), with their outcomes so far; agent time
//   in those minutes.
// - In memory: at start it replays the log from the first event of today;
//   the queue and agent configurations (service-level targets, skills,
//   teams, sites) are seeded by the caller from the engine. An agent logged
//   in before a restart counts from its next state change.
// - FCR: repeats of contacts from earlier days count today, so start()
//   also reads the FCR window's days before today (plus a day for contacts
//   still open at its start) into the collector's customer memory without
//   counting, and each new day's collector takes over the memory of the
//   day before. FCR of today's contacts is provisional: a repeat in the
//   coming window can still mark them unresolved.
// - Published as an immutable snapshot at most every `publish_ms` after
//   events, and on the host's tick (so windows move and open agent time
//   grows when no events come); each publication goes to `on_publish`.
//
// Threading: start()/apply()/tick() on the projection thread; today() from
// any thread.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "eventlog/projection.h"
#include "metrics/calendar.h"
#include "metrics/kpi_collector.h"

namespace switchyard::metrics {

struct KpiEntry {
  Dim dim = Dim::kCenter;
  uint32_t id = 0;   // queue / agent / team / site id, Channel value, 0 for the center
  std::string name;  // queues (for /metrics labels) and customer groups (their id is per process)
  uint32_t team = core::kNoId;  // agents only: the agent's team (for scoping)
  KpiFigures today, last_15m, last_60m;
  bool operator==(const KpiEntry&) const = default;
};

struct TodayKpis {
  int64_t day_start_ms = 0;  // local midnight, as epoch ms
  int64_t time_ms = 0;       // "now" of the figures (wall clock at publication)
  uint64_t seq = 0;          // the last event reflected
  KpiFigures overall;        // the center today
  std::vector<KpiEntry> entries;  // sorted by (dim, id)
  const KpiEntry* find(Dim d, uint32_t id) const;
};

class KpiProjection final : public eventlog::Projection, private KpiBins {
 public:
  struct Options {
    KpiOptions kpi;
    int64_t publish_ms = 250;  // at most one publication per this many ms after events (0: every apply)
    // Paces publications (real time, not the figures' clock); default: the
    // monotonic clock.
    std::function<int64_t()> pace_ms;
  };
  // `config_events`: QueueConfigured / AgentConfigured events describing
  // the current configuration (they seed every new day's collector).
  KpiProjection(Calendar calendar, std::vector<core::Event> config_events, const Clock& clock,
                Options options);
  KpiProjection(Calendar calendar, std::vector<core::Event> config_events, const Clock& clock)
      : KpiProjection(std::move(calendar), std::move(config_events), clock, Options{}) {}
  ~KpiProjection() override;

  std::string_view name() const override { return "kpis"; }
  Result<uint64_t> start(storage::SqlDriver& db, eventlog::EventLog& log) override;
  Result<void> apply(storage::SqlDriver& db, std::span<const core::Event> events) override;
  void tick() override;

  std::shared_ptr<const TodayKpis> today() const;
  // Called on the projection thread with every publication (set before start).
  void on_publish(std::function<void(std::shared_ptr<const TodayKpis>)> f) { on_publish_ = std::move(f); }

 private:
  struct Cell {
    KpiCounters today;
    std::map<int64_t, KpiCounters> minutes;  // by minute start
  };
  void bins(Dim d, uint32_t id, int64_t arrival_ms, KpiTargets& out) override;
  void agent_time(Dim d, uint32_t id, core::AgentState s, int64_t from_ms, int64_t to_ms) override;
  Cell& cell(Dim d, uint32_t id);
  void new_day(int64_t day_start_ms);
  void publish();

  Calendar calendar_;
  const Clock& clock_;
  Options options_;
  ConfigEvents configs_;
  std::unique_ptr<KpiCollector> collector_;
  std::unordered_map<uint64_t, Cell> cells_;  // by (dim << 32 | id)
  int64_t day_start_ms_ = 0;
  int64_t next_day_ms_ = 0;
  uint64_t seq_ = 0;
  int64_t last_publish_ms_ = INT64_MIN;  // figures' clock
  int64_t last_pace_ms_ = INT64_MIN / 2;  // pace clock
  bool dirty_ = true;
  std::function<void(std::shared_ptr<const TodayKpis>)> on_publish_;
  mutable std::mutex mu_;
  std::shared_ptr<const TodayKpis> today_;  // guarded by mu_
};

}  // namespace switchyard::metrics
