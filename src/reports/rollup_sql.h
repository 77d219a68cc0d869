#pragma once
// Internal to the reports module: the rollup counter columns (one list, in
// the order of every statement below) and the statements, written once for
// both databases.
#include <string>

#include "metrics/kpi_collector.h"
#include "storage/sql_driver.h"

namespace switchyard::reports::sql {

// X(column) for every stored counter of metrics::KpiCounters. The gauge
// `waiting` and the simulator's baseline EWT are not stored. The columns of
// migration 1 (frozen), then those added later.
#define SY_ROLLUP_COUNTERS_V1(X)                                                                          \
  X(offered) X(answered) X(answered_in_sl) X(abandoned) X(short_abandoned) X(expired) X(moved_out)         \
  X(refused) X(transferred) X(overflowed) X(callbacks) X(waited) X(handled) X(held) X(offers)              \
  X(missed_offers) X(wait_answered_ms) X(wait_abandoned_ms) X(max_wait_ms) X(talk_ms) X(hold_ms) X(acw_ms) \
  X(ewt_samples) X(ewt_abs_err_ms) X(busy_ms) X(idle_ms) X(not_ready_ms)
#define SY_ROLLUP_COUNTERS(X)                                                                    \
  SY_ROLLUP_COUNTERS_V1(X) X(survey_answers) X(survey_satisfied) X(survey_score_sum) X(fcr_eligible) \
  X(repeats) X(unresolved)

#define SY_COUNT(c) +1
inline constexpr int kCounterCount = 0 SY_ROLLUP_COUNTERS(SY_COUNT);
#undef SY_COUNT

// INSERT of one row (grain, dim, id, start_ms, counters...) adding to an
// existing one (max_wait_ms: the larger).
const storage::Statement& upsert_rollup();
// SELECT id, start_ms, counters... for (dim, grain, from, to), by id and start.
const storage::Statement& select_rollups();
// The same restricted to one id ($5).
const storage::Statement& select_rollups_of();

inline constexpr storage::Statement kCheckpoint{
    "SELECT version, seq, low_seq, time_zone, fcr_topic, fcr_window_ms FROM rollup_checkpoint WHERE id = 1"};
inline constexpr storage::Statement kSetCheckpoint{
    "UPDATE rollup_checkpoint SET version = $1, seq = $2, low_seq = $3, time_zone = $4, fcr_topic = $5, "
    "fcr_window_ms = $6 WHERE id = 1"};
inline constexpr storage::Statement kClearRollups{"DELETE FROM rollups"};
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
