#pragma once
// Internal to the reports module: the rollup counter columns (one list, in
// the order of every statement below) and the statements, written once for
// both databases.
#include <string>

#include "metrics/kpi_collector.h"
#include "storage/sql_driver.h"
#include "storage/sql_util.h"

namespace switchyard::reports::sql {

// X(column) for every stored counter of metrics::KpiCounters. The gauge
// `waiting` and the simulator's baseline EWT are not stored. The columns of
// migration 1 (frozen), then those added later.
#define SY_ROLLUP_COUNTERS_V1(X)                                                                          \
  X(offered) X(answered) X(answered_in_sl) X(abandoned) X(short_abandoned) X(expired) X(moved_out)         \
  X(refused) X(transferred) X(overflowed) X(callbacks) X(waited) X(handled) X(held) X(offers)              \
  X(missed_offers) X(wait_answered_ms) X(wait_abandoned_ms) X(max_wait_ms) X(talk_ms) X(hold_ms) X(acw_ms) \
  X(ewt_samples) X(ewt_abs_err_ms) X(busy_ms) X(idle_ms) X(not_ready_ms)
// The counters of migration 5 (frozen): the order of the comma-separated
// `counters` text of rollups_coarse.
#define SY_ROLLUP_COUNTERS_V5(X)                                                                 \
  SY_ROLLUP_COUNTERS_V1(X) X(survey_answers) X(survey_satisfied) X(survey_score_sum) X(fcr_eligible) \
  X(repeats) X(unresolved)
// Every counter, in storage order. A counter added later goes at the end:
// a column of `rollups` and a field appended to `counters` (text written
// before it has fewer fields; the missing ones read as 0).
#define SY_ROLLUP_COUNTERS(X) SY_ROLLUP_COUNTERS_V5(X)

#define SY_COUNT(c) +1
inline constexpr int kCounterCount = 0 SY_ROLLUP_COUNTERS(SY_COUNT);
#undef SY_COUNT

// Two tables (reports migration 5): `rollups` holds the 15 min and hour
// rows, a BIGINT column per counter, and `rollups_coarse` the day, month
// and year rows with the counters as one text of comma-separated decimals
// in SY_ROLLUP_COUNTERS order. A year of days for 200 queues is then 73,000
// values of one column to send and read instead of 2.4 million (the
// PostgreSQL read was most of the report's time; bench/RESULTS.md).
inline bool is_coarse(metrics::Grain g) { return g >= metrics::Grain::kDay; }

// INSERT of rows (grain, dim, id, start_ms, counters...) into `rollups`,
// adding to existing ones (max_wait_ms: the larger).
const storage::BatchInsert& upsert_rollups();
// INSERT of rows (grain, dim, id, start_ms, counters text) into
// `rollups_coarse`, replacing the text of existing ones (the projection
// adds in memory: rollup_projection.cc).
const storage::BatchInsert& put_coarse();
// SELECT id, start_ms, counters... for (dim, grain, from, to), by id and
// start; the same restricted to one id ($5). From `rollups` or, for a
// coarse grain, `rollups_coarse` (counters as one text column).
const storage::Statement& select_rollups(bool coarse);
const storage::Statement& select_rollups_of(bool coarse);
// SELECT id, counters FROM rollups_coarse for (dim, grain, start_ms).
inline constexpr storage::Statement kSelectCoarseBucket{
    "SELECT id, counters FROM rollups_coarse WHERE dim = $1 AND grain = $2 AND start_ms = $3"};

// The `counters` text of rollups_coarse.
std::string format_counters(const metrics::KpiCounters& c);
// Parses it; false (c unspecified) when it is not such a text.
bool parse_counters(std::string_view text, metrics::KpiCounters& c);

inline constexpr storage::Statement kCheckpoint{
    "SELECT version, seq, low_seq, time_zone, fcr_topic, fcr_window_ms FROM rollup_checkpoint WHERE id = 1"};
inline constexpr storage::Statement kSetCheckpoint{
    "UPDATE rollup_checkpoint SET version = $1, seq = $2, low_seq = $3, time_zone = $4, fcr_topic = $5, "
    "fcr_window_ms = $6 WHERE id = 1"};
inline constexpr storage::Statement kClearRollups{"DELETE FROM rollups"};
inline constexpr storage::Statement kClearCoarse{"DELETE FROM rollups_coarse"};
inline constexpr storage::Statement kClearAgents{"DELETE FROM rollup_agents"};
// The FCR memory (metrics::CustomerMemory): the latest handled contact per
// (customer, topic) at the checkpoint. Group by name (its id is per process).
inline constexpr storage::Statement kClearCustomers{"DELETE FROM rollup_customers"};
inline constexpr storage::Statement kUpsertCustomer{
    "INSERT INTO rollup_customers (customer, topic, arrival_ms, end_ms, queue, agent, team, site, channel, "
    "customer_group) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (customer, topic) DO UPDATE SET "
    "arrival_ms = excluded.arrival_ms, end_ms = excluded.end_ms, queue = excluded.queue, agent = excluded.agent, "
    "team = excluded.team, site = excluded.site, channel = excluded.channel, "
    "customer_group = excluded.customer_group"};
inline constexpr storage::Statement kPruneCustomers{"DELETE FROM rollup_customers WHERE end_ms < $1"};
inline constexpr storage::Statement kSelectCustomers{
    "SELECT customer, topic, arrival_ms, end_ms, queue, agent, team, site, channel, customer_group "
    "FROM rollup_customers"};
inline constexpr storage::Statement kUpsertAgent{
    "INSERT INTO rollup_agents (agent, state, since_ms) VALUES ($1, $2, $3) "
    "ON CONFLICT (agent) DO UPDATE SET state = excluded.state, since_ms = excluded.since_ms"};
inline constexpr storage::Statement kSelectAgents{"SELECT agent, state, since_ms FROM rollup_agents"};

}  // namespace switchyard::reports::sql
