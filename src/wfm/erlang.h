#pragma once
// Erlang B / C / A queueing formulas for staffing (see docs/kpis.md).
// Pure functions, no I/O, safe to call from any thread. Numerically stable from 1 to 100,000
// agents: no factorials; Erlang B by its recurrence, Erlang A by sums over queue positions (or,
// where those would overflow, log-space regularized incomplete gamma functions).
#include <cstdint>
#include <optional>

#include "core/result.h"

namespace switchyard::wfm {

// Largest agent count evaluate() accepts and required_agents() searches to.
inline constexpr int kMaxAgents = 10'000'000;

// One interval's workload.
struct Workload {
  double calls = 0;          // contacts offered in the interval
  double interval_s = 1800;  // interval length (s)
  double aht_s = 180;        // average handle time (s)
  double target_s = 20;      // service-level threshold T (s)
  double patience_s = 0;     // mean patience (s); 0 = infinitely patient (Erlang C)
};

// Figures of a queue with `agents` agents (Erlang C, or Erlang A with patience).
struct QueueFigures {
  int agents = 0;
  double traffic_erlangs = 0;  // offered load A = lambda * AHT
  double p_wait = 0;           // probability an arriving contact waits (> 0 s)
  double service_level = 0;    // share of offered contacts answered within T
  double asa_s = 0;            // mean wait of answered contacts (s)
  double occupancy = 0;        // carried load / agents
  double abandon_rate = 0;     // share of offered contacts that abandon (0 under Erlang C)
  double mean_wait_s = 0;      // mean wait over all offered contacts, abandoned included
  double p_wait_le_t = 0;      // P(wait <= T) counting abandons before T as within T
  bool stable = true;          // Erlang C: agents > traffic; always true with patience
};

// Erlang B blocking probability with n servers and `traffic` Erlangs.
// 1 for n == 0; NaN for n < 0 or traffic < 0 / NaN.
double erlang_b(int n, double traffic);
// Erlang C probability of waiting (1 when n <= traffic).
// NaN for n < 0 or traffic < 0 / NaN.
double erlang_c(int n, double traffic);

// Evaluates the queue with `agents` agents. Errors name the bad field
// ("calls", "interval_s", "aht_s", "target_s", "patience_s", "agents").
// An unstable Erlang C queue (agents <= traffic) is not an error: it yields
// stable = false, p_wait 1, service level 0, infinite ASA and mean wait,
// occupancy 1.
Result<QueueFigures> evaluate(const Workload& w, int agents);

// What the staffing search must reach, besides the occupancy cap.
enum class StaffingTarget : uint8_t {
  kServiceLevel,  // service_level >= target_sl
  kAsa,           // asa_s (mean wait of answered contacts) <= target_asa_s
  kAbandonRate,   // abandon_rate <= target_abandon; Erlang A only (patience_s > 0)
};

// Fields after `shrinkage` were added later: designated initialisers of the
// first three keep working, and the default target is the service level.
struct StaffingGoal {
  double target_sl = 0.8;      // required service level (0..1]; kServiceLevel only
  double max_occupancy = 1.0;  // occupancy cap (0..1]
  double shrinkage = 0.0;      // share of paid time not on the phones [0..1)
  StaffingTarget target = StaffingTarget::kServiceLevel;
  double target_asa_s = 20;      // kAsa: ASA bound (s), finite and > 0
  double target_abandon = 0.05;  // kAbandonRate: abandonment bound, in (0, 1)
};

// Input checks used by evaluate() and required_agents(); the error is
// kInvalidArgument and names the bad field. Exposed for callers that report
// against a goal without searching.
Result<void> validate(const Workload& w);
Result<void> validate(const StaffingGoal& goal);

struct Staffing {
  QueueFigures figures;      // at the required number of agents
  int scheduled_agents = 0;  // ceil(agents / (1 - shrinkage))
};

// True when `f` is stable and meets the goal's target (service level, ASA or
// abandonment, by goal.target) and occupancy cap, compared with a relative
// slack of 1e-12 so that exact ties (occupancy 8.5 / 10 against a 0.85 cap)
// count as met despite rounding. An ASA target needs `f.asa_s` (evaluate()
// computes it).
bool meets_goal(const QueueFigures& f, const StaffingGoal& goal);

// The fewest agents (>= 1) meeting the goal (its target and the occupancy
// cap). Errors name the bad field (the Workload fields, "target_sl",
// "target_asa_s", "target_abandon", "max_occupancy", "shrinkage"); an
// unreachable goal (target_sl 1 with calls > 0, or more than kMaxAgents
// agents) is kInvalidArgument too, and so is an abandonment target without
// patience (field "patience_s": Erlang C has no abandonment).
//
// `hint` (> 0) is where the search starts, e.g. the previous interval's
// answer; the answer does not depend on it, only the cost. Cost: Erlang C
// steps n up from max(floor(A) + 1, A / max_occupancy) by Erlang B's
// recurrence, O(answer) multiplications and one exp per step tried (~1 us
// at 100 Erlangs); Erlang A gallops and bisects from the hint, one pass over
// the queue positions per agent count tried (about 9 sqrt(lambda patience)
// terms) whatever the target, plus one Erlang B recurrence (O(answer)).
Result<Staffing> required_agents(const Workload& w, const StaffingGoal& goal, int hint = 0);
// Scheduled agents for `agents` on the phones after shrinkage:
// ceil(agents / (1 - shrinkage)), where a quotient within a relative 1e-9 of
// an integer counts as that integer (so 7 / (1 - 0.3) is 10, not 11).
// Preconditions: agents >= 0, 0 <= shrinkage < 1; saturates at INT_MAX.
int scheduled_agents(int agents, double shrinkage);

// log P(a, z) where P is the regularized lower incomplete gamma function,
// a > 0, z >= 0 (-inf for z == 0). Accurate where P itself underflows
// (z << a). NaN for bad arguments. Exposed for tests.
double log_gamma_p(double a, double z);

// The two ways of computing the Erlang A figures (docs/kpis.md, "Numerics").
enum class ErlangAMethod : uint8_t {
  kQueuePositions,   // sums over queue positions, one pass; evaluate() uses it where it applies
  kIncompleteGamma,  // incomplete-gamma closed forms and the ASA integral; the fallback
};
// evaluate() under Erlang A by the given method; nullopt unless the workload
// is valid with patience_s > 0 and calls > 0 and 1 <= agents <= kMaxAgents,
// or where the method does not apply (the queue-position sums overflow when
// lambda patience is far above agents * patience / aht) or fails. Exposed for
// tests.
std::optional<QueueFigures> erlang_a_by(ErlangAMethod method, const Workload& w, int agents);

}  // namespace switchyard::wfm
