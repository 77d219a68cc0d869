#pragma once
// RollupProjection: maintains the rollups (rollups.h) from committed events,
// incrementally, on the projection thread. A metrics::KpiCollector applies
// the counting rules of docs/kpis.md (the same code the simulator and the
// live figures use); this class is its KpiBins: it collects each apply's
// changes per 15 min bucket in memory, then adds them to the 15 min, hour,
// day, month and year rows in one transaction with the checkpoint.
//
// Restart: the collector's memory (contacts still open, agents' states, the
// customers' latest handled contacts for FCR) is not in the rows. The
// checkpoint keeps the creation seq of the oldest contact still open
// (low_seq), a table keeps each agent's state and another the latest
// handled contact per (customer, topic), all written in the transaction of
// the checkpoint; start() restores the agents and the customers and replays
// low_seq..checkpoint without counting ("shadow" replay), so every
// contact's later outcomes land in the bucket where it arrived and nothing
// counts twice. A failed write is recovered the same way before the next
// apply. The version, the time zone or the FCR settings (topic, window)
// changing clears the rows and rebuilds them from the log.
//
// Customer groups (metrics::Dim::kGroup) are live only: their ids are not
// durable, so the rollups keep no group rows.
//
// Threading: start()/apply() on the projection thread only.
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "eventlog/projection.h"
#include "metrics/calendar.h"
#include "metrics/kpi_collector.h"

namespace switchyard::reports {

class RollupProjection final : public eventlog::Projection, private metrics::KpiBins {
 public:
  // Bump when the counting rules change: the rows are then rebuilt.
  // 2: FCR counters.
  static constexpr int kVersion = 2;

  // `config_events`: QueueConfigured / AgentConfigured events of the current
  // configuration (service-level targets, agents' teams and sites) for the
  // shadow replay; events in the log update them.
  RollupProjection(metrics::Calendar calendar, std::vector<core::Event> config_events,
                   metrics::KpiOptions options = {});
  ~RollupProjection() override;

  std::string_view name() const override { return "rollups"; }
  Result<uint64_t> start(storage::SqlDriver& db, eventlog::EventLog& log) override;
  Result<void> apply(storage::SqlDriver& db, std::span<const core::Event> events) override;

  const metrics::Calendar& calendar() const { return calendar_; }

 private:
  struct Key {
    uint8_t dim;
    uint32_t id;
    int64_t start_ms;  // 15 min bucket
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      return std::hash<int64_t>()(k.start_ms * 1'000'003 + (static_cast<int64_t>(k.id) << 3) + k.dim);
    }
  };

  void bins(metrics::Dim d, uint32_t id, int64_t arrival_ms, metrics::KpiTargets& out) override;
  void agent_time(metrics::Dim d, uint32_t id, core::AgentState s, int64_t from_ms, int64_t to_ms) override;

  struct Checkpoint {
    int64_t version = 0;
    uint64_t seq = 0;
    uint64_t low_seq = 0;  // creation seq of the oldest contact open at seq; 0 = none
    std::string zone;
    std::string fcr_topic;  // metrics::to_string(FcrTopic)
    int64_t fcr_window_ms = 0;
    // The rows were counted by these rules.
    bool current(const metrics::Calendar& cal, const metrics::KpiOptions& o) const;
  };
  static Result<Checkpoint> read_checkpoint(storage::SqlDriver& db);
  // A fresh collector at the checkpoint: agents and customers restored,
  // low_seq..seq replayed without counting.
  Result<void> recover(storage::SqlDriver& db, const Checkpoint& cp);
  void new_collector();
  // Writes the dirty buckets, the changed agents' states and customers, and
  // the checkpoint.
  Result<void> flush(storage::SqlDriver& db, uint64_t seq, std::vector<core::AgentId>& agents);

  metrics::Calendar calendar_;
  metrics::KpiOptions options_;
  metrics::ConfigEvents configs_;
  std::unique_ptr<metrics::KpiCollector> collector_;
  eventlog::EventLog* log_ = nullptr;  // the host's, from start()
  bool shadow_ = false;                // replaying: count nothing
  bool broken_ = false;                // a write failed: recover before the next apply
  uint64_t checkpoint_ = 0;
  metrics::KpiCounters discard_;
  std::unordered_map<Key, metrics::KpiCounters, KeyHash> dirty_;

  // The day, month and year rows (rollups_coarse, whose counters are one
  // text the database cannot add to) as stored, a bucket (grain, dim,
  // start) at a time: read whole when a flush first touches the bucket,
  // then kept, so a flush adds in memory and writes the sums. Cleared with
  // the collector (a failed write leaves memory ahead of the rows); trimmed
  // to the buckets of the latest flush past kCoarseBuckets.
  struct Bucket {
    uint8_t grain;
    uint8_t dim;
    int64_t start_ms;
    auto operator<=>(const Bucket&) const = default;
  };
  using BucketRows = std::unordered_map<uint32_t, metrics::KpiCounters>;  // by id
  static constexpr size_t kCoarseBuckets = 1024;
  Result<BucketRows*> coarse_bucket(storage::SqlDriver& db, const Bucket& b);
  std::map<Bucket, BucketRows> coarse_;
};

}  // namespace switchyard::reports
