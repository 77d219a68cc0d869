#include "reports/rollup_projection.h"

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <tuple>

#include "reports/rollup_sql.h"
#include "reports/rollups.h"
#include "storage/sql_util.h"

namespace switchyard::reports {

namespace {

using metrics::Grain;
using metrics::KpiCounters;
using metrics::keep_config;
using storage::SqlValue;
using storage::Transaction;

constexpr int64_t k15MinMs = 900'000;


}  // namespace

RollupProjection::RollupProjection(metrics::Calendar calendar, std::vector<core::Event> config_events,
                                   metrics::KpiOptions options)
    : calendar_(std::move(calendar)), options_(options) {
  options_.durable = true;
  options_.interval_ms = 0;
  options_.per_queue_intervals = false;
  for (const core::Event& e : config_events) keep_config(configs_, e);
}

RollupProjection::~RollupProjection() = default;

void RollupProjection::new_collector() {
  collector_ = std::make_unique<metrics::KpiCollector>(options_, static_cast<metrics::KpiBins*>(this));
  for (const auto& [key, e] : configs_) collector_->on_event(e);
  dirty_.clear();
  coarse_.clear();
}

void RollupProjection::bins(metrics::Dim d, uint32_t id, int64_t arrival_ms, metrics::KpiTargets& out) {
  if (shadow_ || d == metrics::Dim::kGroup) {  // groups are live only (the class comment)
    out.add(&discard_);
    return;
  }
  out.add(&dirty_[Key{static_cast<uint8_t>(d), id, calendar_.floor(Grain::k15Min, arrival_ms)}]);
}

void RollupProjection::agent_time(metrics::Dim d, uint32_t id, core::AgentState s, int64_t from_ms, int64_t to_ms) {
  if (shadow_) return;
  for (int64_t t = from_ms; t < to_ms;) {
    const int64_t b = calendar_.floor(Grain::k15Min, t);
    const int64_t end = std::min(to_ms, b + k15MinMs);
    metrics::add_state_time(dirty_[Key{static_cast<uint8_t>(d), id, b}], s, end - t);
    t = end;
  }
}

Result<uint64_t> RollupProjection::start(storage::SqlDriver& db, eventlog::EventLog& log) {
  log_ = &log;
  auto cp = read_checkpoint(db);
  if (!cp) return std::unexpected(std::move(cp.error()));
  if (cp->current(calendar_, options_)) {
    if (auto rec = recover(db, *cp); !rec) return std::unexpected(std::move(rec.error()));
    return checkpoint_;
  }
  // Other rules, another time zone or other FCR settings: rebuild from the log.
  Transaction tx;
  tx.add(sql::kClearRollups, {});
  tx.add(sql::kClearCoarse, {});
  tx.add(sql::kClearAgents, {});
  tx.add(sql::kClearCustomers, {});
  tx.add(sql::kSetCheckpoint, {int64_t{kVersion}, int64_t{0}, int64_t{0}, calendar_.zone(),
                               metrics::to_string(options_.fcr_topic), options_.fcr_window_ms});
  if (auto c = tx.run(db); !c) return std::unexpected(std::move(c.error()));
  checkpoint_ = 0;
  broken_ = false;
  new_collector();
  return 0;
}

Result<RollupProjection::Checkpoint> RollupProjection::read_checkpoint(storage::SqlDriver& db) {
  std::optional<Checkpoint> cp;
  auto r = db.query(sql::kCheckpoint, {}, [&](const storage::RowReader& row) {
    cp = Checkpoint{row.int64(0),
                    static_cast<uint64_t>(row.int64(1)),
                    static_cast<uint64_t>(row.int64(2)),
                    std::string(row.text(3)),
                    std::string(row.text(4)),
                    row.int64(5)};
    return false;
  });
  if (!r) return std::unexpected(std::move(r.error()));
  if (!cp) return make_error(ErrorCode::kInternal, "rollup checkpoint row missing (reports migration 1 not applied?)");
  return std::move(*cp);
}

Result<void> RollupProjection::recover(storage::SqlDriver& db, const Checkpoint& cp) {
  new_collector();
  struct Agent {
    core::AgentId agent;
    core::AgentState state;
    int64_t since_ms;
  };
  std::vector<Agent> agents;
  auto r = db.query(sql::kSelectAgents, {}, [&](const storage::RowReader& row) {
    agents.push_back({static_cast<core::AgentId>(row.int64(0)), static_cast<core::AgentState>(row.int64(1)),
                      row.int64(2)});
    return true;
  });
  if (!r) return std::unexpected(std::move(r.error()));
  for (const Agent& a : agents) collector_->restore_agent(a.agent, a.state, a.since_ms);
  metrics::CustomerMemory& customers = collector_->customers();
  r = db.query(sql::kSelectCustomers, {}, [&](const storage::RowReader& row) {
    metrics::HandledContact h;
    h.arrival_ms = row.int64(2);
    h.end_ms = row.int64(3);
    h.queue = static_cast<core::QueueId>(row.int64(4));
    h.agent = static_cast<core::AgentId>(row.int64(5));
    h.team = static_cast<core::TeamId>(row.int64(6));
    h.site = static_cast<core::SiteId>(row.int64(7));
    h.channel = static_cast<core::Channel>(row.int64(8));
    h.group = customers.intern_group(row.text(9));
    customers.restore(row.text(0), row.text(1), h);
    return true;
  });
  if (!r) return std::unexpected(std::move(r.error()));
  if (cp.low_seq > 0 && cp.low_seq <= cp.seq) {
    shadow_ = true;
    auto l = log_->load(
        cp.low_seq - 1,
        [&](core::Event&& e) {
          keep_config(configs_, e);
          collector_->on_event(e);
          return true;
        },
        cp.seq);
    shadow_ = false;
    if (!l) return std::unexpected(std::move(l.error()));
  }
  checkpoint_ = cp.seq;
  broken_ = false;
  return {};
}

Result<void> RollupProjection::apply(storage::SqlDriver& db, std::span<const core::Event> events) {
  if (broken_) {
    auto cp = read_checkpoint(db);
    if (!cp) return std::unexpected(std::move(cp.error()));
    if (auto r = recover(db, *cp); !r) return r;
  }
  std::vector<core::AgentId> agents;  // whose state changed
  uint64_t last = checkpoint_;
  for (const core::Event& e : events) {
    if (e.seq <= checkpoint_) continue;  // already counted
    keep_config(configs_, e);
    collector_->on_event(e);
    if (auto* s = e.as<core::ev::AgentStateChanged>()) agents.push_back(s->agent);
    last = e.seq;
  }
  if (last == checkpoint_) return {};
  auto r = flush(db, last, agents);
  dirty_.clear();
  if (!r) {
    broken_ = true;  // memory is ahead of the rows
    return r;
  }
  checkpoint_ = last;
  return {};
}

Result<void> RollupProjection::flush(storage::SqlDriver& db, uint64_t seq, std::vector<core::AgentId>& agents) {
  // Each 15 min delta adds to the row of every grain that contains it.
  std::map<std::tuple<int, int, uint32_t, int64_t>, KpiCounters> rows;  // (grain, dim, id, start)
  std::unordered_map<int64_t, std::array<int64_t, metrics::kGrainCount>> starts;
  for (const auto& [k, c] : dirty_) {
    auto [it, fresh] = starts.try_emplace(k.start_ms);
    if (fresh)
      for (int g = 0; g < metrics::kGrainCount; ++g) it->second[g] = calendar_.floor(static_cast<Grain>(g), k.start_ms);
    for (int g = 0; g < metrics::kGrainCount; ++g) metrics::merge(rows[{g, k.dim, k.id, it->second[g]}], c);
  }
  // 15 min and hour rows add in the database; day, month and year rows in
  // memory (coarse_), written whole.
  Transaction tx;
  std::vector<SqlValue> fine;
  std::vector<SqlValue> coarse;
  std::set<Bucket> touched;
  fine.reserve(rows.size() * (4 + sql::kCounterCount));
  for (const auto& [key, c] : rows) {
    const auto [grain, dim, id, start] = key;
    if (!sql::is_coarse(static_cast<Grain>(grain))) {
      fine.push_back(int64_t{grain});
      fine.push_back(int64_t{dim});
      fine.push_back(int64_t{id});
      fine.push_back(start);
#define SY_PARAM(f) fine.push_back(static_cast<int64_t>(c.f));
      SY_ROLLUP_COUNTERS(SY_PARAM)
#undef SY_PARAM
      continue;
    }
    const Bucket b{static_cast<uint8_t>(grain), static_cast<uint8_t>(dim), start};
    auto bucket = coarse_bucket(db, b);
    if (!bucket) {
      coarse_.clear();
      return std::unexpected(std::move(bucket.error()));
    }
    touched.insert(b);
    KpiCounters& row = (**bucket)[id];
    metrics::merge(row, c);
    coarse.insert(coarse.end(), {int64_t{grain}, int64_t{dim}, int64_t{id}, start, tx.keep(sql::format_counters(row))});
  }
  sql::upsert_rollups().add(tx, fine);
  sql::put_coarse().add(tx, coarse);
  std::sort(agents.begin(), agents.end());
  agents.erase(std::unique(agents.begin(), agents.end()), agents.end());
  for (core::AgentId a : agents) {
    const auto [state, since] = collector_->agent_state(a);
    tx.add(sql::kUpsertAgent, {int64_t{a}, int64_t{static_cast<int>(state)}, since});
  }
  metrics::CustomerMemory& customers = collector_->customers();
  if (auto before = customers.take_pruned_before()) tx.add(sql::kPruneCustomers, {*before});
  for (const auto& [customer, topic] : customers.take_changed()) {
    const metrics::HandledContact& h = *customers.latest(customer, topic);
    tx.add(sql::kUpsertCustomer, {tx.keep(customer), tx.keep(topic), h.arrival_ms, h.end_ms, int64_t{h.queue},
                                  int64_t{h.agent}, int64_t{h.team}, int64_t{h.site},
                                  int64_t{static_cast<int>(h.channel)}, customers.group_name(h.group)});
  }
  tx.add(sql::kSetCheckpoint, {int64_t{kVersion}, static_cast<int64_t>(seq),
                               static_cast<int64_t>(collector_->oldest_live_seq()), calendar_.zone(),
                               metrics::to_string(options_.fcr_topic), options_.fcr_window_ms});
  if (auto r = tx.run(db); !r) {
    coarse_.clear();  // ahead of the rows
    return r;
  }
  if (coarse_.size() > kCoarseBuckets)
    std::erase_if(coarse_, [&](const auto& kv) { return !touched.contains(kv.first); });
  return {};
}

Result<RollupProjection::BucketRows*> RollupProjection::coarse_bucket(storage::SqlDriver& db, const Bucket& b) {
  if (auto it = coarse_.find(b); it != coarse_.end()) return &it->second;
  BucketRows rows;
  bool bad = false;
  const SqlValue params[] = {int64_t{b.dim}, int64_t{b.grain}, b.start_ms};
  auto r = db.query(sql::kSelectCoarseBucket, params, [&](const storage::RowReader& row) {
    bad = !sql::parse_counters(row.text(1), rows[static_cast<uint32_t>(row.int64(0))]);
    return !bad;
  });
  if (!r) return std::unexpected(std::move(r.error()));
  if (bad) return make_error(ErrorCode::kInternal, "rollups_coarse holds a counters text that is not a list of counts");
  return &coarse_.emplace(b, std::move(rows)).first->second;
}

bool RollupProjection::Checkpoint::current(const metrics::Calendar& cal, const metrics::KpiOptions& o) const {
  return version == kVersion && zone == cal.zone() && fcr_topic == metrics::to_string(o.fcr_topic) &&
         fcr_window_ms == o.fcr_window_ms;
}

}  // namespace switchyard::reports
