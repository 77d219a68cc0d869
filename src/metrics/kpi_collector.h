#pragma once
// KpiCollector: contact-center KPIs computed from the routing core's events.
//
// Consumes core::Event (it is an EventSink) and keeps raw counters per queue,
// overall, and optionally per arrival interval. Figures (service level, ASA,
// AHT, occupancy, ...) are derived from the counters on demand by derive().
// Formulas: docs/simulator.md ("KPIs") and docs/kpis.md.
//
// Attribution rules:
// - A contact is "offered" to a queue when it is created in it or transferred
//   or moved into it. Overall offered = created (refused contacts are counted
//   as `refused`, never as offered).
// - Per queue, answered / abandoned / expired / moved-out are counted in the
//   queue the contact was in; waits are the wait in that queue (the event's wait_ms).
// - Overall, each contact counts once: answered at its first acceptance, with
//   its wait summed over all queues it waited in; abandoned / expired only
//   when it was never answered.
// - Contacts created before `stats_from_ms` (warm-up) are ignored for their
//   whole life; agent-state time is only integrated from `stats_from_ms` on.
// - Occupancy = (busy + wrap-up) / (busy + wrap-up + available + reserved)
//   agent time, integrated from kAgentStateChanged. Per queue: over the
//   agents eligible for the queue's base skills (their latest configuration);
//   computed by close_time().
// - Interval rollups attribute a contact's outcomes to its arrival interval;
//   agent time is split at interval boundaries.
// - Customer groups (Dim::kGroup): each contact once, by its
//   ContactSpec::customer_group, like the center and the channel.
// - FCR (docs/kpis.md, "FCR and repeat contacts"): a contact with a
//   customer id takes part when it completes (ContactCompleted: its work is
//   over); its topic is the queue it was handled in or the disposition of
//   its last wrap-up (KpiOptions::fcr_topic). It is `fcr_eligible`; it is a
//   `repeat` when the customer's previous completed contact on the topic
//   ended at most fcr_window_ms before it arrived, and that previous contact
//   is then `unresolved` -- counted in the previous contact's own counter
//   sets (its arrival bucket, queue, channel, group, agent, team, site).
//   Contacts that arrived before stats_from_ms are remembered but not
//   counted. The memory is a CustomerMemory (customer_memory.h).
//
// Cost: O(1) per event, no allocation per event once tables have grown
// (tables are indexed by the dense ids of the core), except the FCR
// memory's hash-map entries for contacts with a customer id.
//
// Threading: not thread-safe; call from the engine's thread (it is a sink).
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/config.h"
#include "core/event.h"
#include "core/types.h"
#include "metrics/customer_memory.h"

namespace switchyard::metrics {

// What "the same topic" of a repeat contact is (docs/kpis.md, "FCR").
enum class FcrTopic : uint8_t {
  kQueue,        // the queue the contact was handled in
  kDisposition,  // the disposition of its last wrap-up (contacts without one take no part)
};
std::string_view to_string(FcrTopic t);  // "queue", "disposition"
std::optional<FcrTopic> fcr_topic_from_string(std::string_view s);

inline constexpr int64_t kDefaultFcrWindowMs = 7 * 86'400'000LL;

struct KpiOptions {
  int64_t short_abandon_ms = 5'000;        // abandons shorter than this leave the SL
  int64_t default_sl_target_ms = 20'000;   // T when the queue config is unknown
  int64_t stats_from_ms = 0;               // warm-up end: earlier arrivals are ignored
  int64_t interval_ms = 0;                 // rollup interval (e.g. 900'000); 0 = none
  bool per_queue_intervals = false;        // also roll up each queue per interval
  // Keep what a durable projection needs: oldest_live_seq() and the
  // changes of customers() (CustomerMemory::take_changed()).
  bool durable = false;
  FcrTopic fcr_topic = FcrTopic::kQueue;
  int64_t fcr_window_ms = kDefaultFcrWindowMs;  // a repeat arrives at most this long after the end (> 0)
};

// The dimensions figures are broken down by (docs/kpis.md, "Dimensions").
// Contact outcomes count per queue (each queue the contact entered), per
// center, channel and customer group (each contact once); agent outcomes
// (offers, answers, handling, transfers) and agent time per agent and the
// agent's team and site. Group ids are CustomerMemory's (kept in memory
// only, in order of first appearance: use the name).
enum class Dim : uint8_t { kCenter, kQueue, kChannel, kAgent, kTeam, kSite, kGroup };
inline constexpr int kDimCount = 7;
std::string_view to_string(Dim d);  // "center", "queue", "channel", "agent", "team", "site", "group"


// Raw sums. All times in ms. Counts are contacts unless stated.
struct KpiCounters {
  uint64_t offered = 0;
  uint64_t answered = 0;
  uint64_t answered_in_sl = 0;     // answered with wait <= T
  uint64_t abandoned = 0;
  uint64_t short_abandoned = 0;    // abandoned with wait < short_abandon_ms
  uint64_t expired = 0;            // max wait reached, exit action "end"
  uint64_t moved_out = 0;          // left by the exit action "overflow"
  uint64_t refused = 0;            // never queued (queue full or closed)
  uint64_t transferred = 0;        // answered here, then transferred away
  uint64_t overflowed = 0;         // passed the overflow threshold
  uint64_t callbacks = 0;          // became callbacks
  uint64_t waited = 0;             // answered or abandoned with wait > 0
  uint64_t handled = 0;            // interactions whose work is over
  uint64_t held = 0;               // handled with hold > 0
  uint64_t offers = 0;             // offers made (agent dimensions)
  uint64_t missed_offers = 0;      // offers rejected or timed out (agent dimensions)
  uint64_t survey_answers = 0;     // post-contact survey answers (counted when answered)
  uint64_t survey_satisfied = 0;   // ... with a rating of 4 or 5
  uint64_t survey_score_sum = 0;   // sum of the ratings (1..5)
  uint64_t fcr_eligible = 0;       // completed contacts with a customer id (and a topic)
  uint64_t repeats = 0;            // ... that repeat the customer's previous one on the topic
  uint64_t unresolved = 0;         // ... that a later contact repeated (not resolved at first contact)
  int64_t waiting = 0;             // gauge: offered here, not yet answered or gone
  int64_t wait_answered_ms = 0;
  int64_t wait_abandoned_ms = 0;
  int64_t max_wait_ms = 0;         // longest wait of an answered or abandoned contact
  int64_t talk_ms = 0;
  int64_t hold_ms = 0;
  int64_t acw_ms = 0;
  uint64_t ewt_samples = 0;        // answered contacts with our prediction
  int64_t ewt_abs_err_ms = 0;      // sum |min(predicted, 24 h) - real wait|
  uint64_t ewt_baseline_samples = 0;
  int64_t ewt_baseline_abs_err_ms = 0;
  int64_t busy_ms = 0;             // agent time busy or in wrap-up
  int64_t idle_ms = 0;             // agent time available or reserved
  int64_t not_ready_ms = 0;        // agent time logged in, not ready
};

// Figures derived from KpiCounters. Ratios are 0 when their denominator is 0.
struct KpiFigures {
  uint64_t offered = 0, answered = 0, abandoned = 0, short_abandoned = 0;
  uint64_t refused = 0, expired = 0, handled = 0, transferred = 0;
  uint64_t callbacks = 0;  // waiting contacts that became callbacks
  uint64_t offers = 0, missed_offers = 0;
  uint64_t survey_answers = 0;
  uint64_t fcr_eligible = 0, repeats = 0, unresolved = 0;
  double fcr = 0;             // (fcr_eligible - unresolved) / fcr_eligible, 0..1 (provisional for a window)
  double repeat_rate = 0;     // repeats / fcr_eligible, 0..1
  double csat = 0;            // survey_satisfied / survey_answers, 0..1
  double csat_mean = 0;       // survey_score_sum / survey_answers, 1..5 (0: none)
  int64_t waiting = 0;
  double service_level = 0;   // answered_in_sl / (offered - short_abandoned), 0..1
  double asa_s = 0;           // wait of answered / answered
  double avg_wait_s = 0;      // wait of answered + abandoned / (answered + abandoned)
  double max_wait_s = 0;
  double aht_s = 0;           // (talk + hold + acw) / handled
  double avg_talk_s = 0;      // talk / handled
  double avg_hold_s = 0;      // hold / handled (so aht = talk + hold + acw averages)
  double avg_acw_s = 0;       // acw / handled
  double p_wait = 0;          // waited / (answered + abandoned)
  double abandon_rate = 0;    // abandoned / offered
  double transfer_rate = 0;   // transferred / answered
  double occupancy = 0;       // busy / (busy + idle)
  double utilisation = 0;     // (busy + idle) / (busy + idle + not ready)
  double ewt_mae_s = 0;       // mean |EWT - wait| over answered with a prediction
  double ewt_baseline_mae_s = 0;
  uint64_t ewt_samples = 0;
  bool operator==(const KpiFigures&) const = default;
};

KpiFigures derive(const KpiCounters& c);

// Adds `d` to `into` (sums; max_wait_ms is the larger of the two).
void merge(KpiCounters& into, const KpiCounters& d);

// The counter sets one outcome updates. The most any outcome needs: the
// collector's own (overall, interval, queue, queue interval: 4) and its
// bins, at most 2 for each dimension (an outcome touches a dimension at
// most once) = 4 + 2 * kDimCount = 18; an FCR count touches them all
// (tested: KpiCollectorTest.TheLargestFanOutFitsKpiTargets).
struct KpiTargets {
  static constexpr int kMax = 4 + 2 * kDimCount;
  KpiCounters* c[kMax];
  int n = 0;
  void add(KpiCounters* p) {
    if (n < kMax) c[n++] = p;
  }
};

// Where the collector's counts go besides its own tables: rollup intervals
// (reports/rollup_projection.h) or live windows (metrics/live_kpis.h).
class KpiBins {
 public:
  virtual ~KpiBins() = default;
  // Adds to `out` the counter sets (at most 2) taking an outcome of `id` in
  // dimension `d` for a contact that arrived at `arrival_ms`. The pointers
  // must stay valid while further bins() calls are made for the same
  // outcome (use node-based maps).
  virtual void bins(Dim d, uint32_t id, int64_t arrival_ms, KpiTargets& out) = 0;
  // Agent time in state `s` over [from_ms, to_ms) for `id` in `d`
  // (kCenter, kAgent, kTeam, kSite); split over buckets by the bins.
  virtual void agent_time(Dim d, uint32_t id, core::AgentState s, int64_t from_ms, int64_t to_ms) = 0;
};

// The latest QueueConfigured / AgentConfigured event per queue and agent:
// what a new collector is seeded with (the projections keep one).
using ConfigEvents = std::map<std::pair<int, uint32_t>, core::Event>;
// Keeps `e` in `configs` if it is a queue or agent configuration.
void keep_config(ConfigEvents& configs, const core::Event& e);

// Adds agent time in state `s` to the busy / idle / not-ready sums of `c`.
void add_state_time(KpiCounters& c, core::AgentState s, int64_t ms);

class KpiCollector final : public core::EventSink {
 public:
  explicit KpiCollector(KpiOptions opts = {}, KpiBins* bins = nullptr);

  void on_event(const core::Event& e) override;
  // Feeds only the customer memory (open contacts, handled contacts per
  // customer and topic, groups) with an event from before stats_from_ms,
  // counting nothing: how the live projection learns the days before today.
  void learn(const core::Event& e);

  // The FCR memory; a new collector can take over an old one's
  // (set_customers(std::move(old.customers()))).
  CustomerMemory& customers() { return customers_; }
  void set_customers(CustomerMemory m);
  std::string_view group_name(uint32_t id) const { return customers_.group_name(id); }

  // Integrates every agent's current state up to `now_ms` and recomputes the
  // per-queue occupancy. Call before reading occupancy; events may follow.
  void close_time(int64_t now_ms);

  const KpiOptions& options() const { return opts_; }
  const KpiCounters& overall() const { return overall_; }
  // Queues are indexed by core::QueueId; unknown ids give empty counters.
  size_t queue_count() const { return queues_.size(); }
  const KpiCounters& queue(core::QueueId q) const;
  std::string_view queue_name(core::QueueId q) const;
  int64_t sl_target_ms(core::QueueId q) const;

  // Interval rollups (arrival interval i covers [i*interval_ms, (i+1)*interval_ms)).
  size_t interval_count() const { return intervals_.size(); }
  const KpiCounters& interval(size_t i) const { return intervals_[i]; }
  // Per queue and interval (only with per_queue_intervals; else empty).
  const KpiCounters& queue_interval(core::QueueId q, size_t i) const;

  // Agent time per AgentState (ms, from stats_from_ms up to the last event or
  // close_time()).
  size_t agent_count() const { return agents_.size(); }
  int64_t agent_state_ms(core::AgentId a, core::AgentState s) const;

  uint64_t events_seen() const { return events_; }

  // The creation seq of the oldest contact still tracked (not yet completed,
  // abandoned or expired); 0 when none. Only with `durable`.
  uint64_t oldest_live_seq() const { return live_seqs_.empty() ? 0 : *live_seqs_.begin(); }
  // An agent's current state and since when (for a durable projection to
  // keep across restarts), and its restoration before events follow.
  std::pair<core::AgentState, int64_t> agent_state(core::AgentId a) const;
  void restore_agent(core::AgentId a, core::AgentState s, int64_t since_ms);
  // Agent configuration the collector knows (team / site; kNoId if none).
  core::TeamId agent_team(core::AgentId a) const;
  core::SiteId agent_site(core::AgentId a) const;

 private:
  struct ContactRec {
    uint32_t gen = 0;                  // contact id high bits; 0 = free slot
    core::QueueId queue = core::kNoId; // current queue
    core::QueueId origin = core::kNoId;
    uint32_t interval = 0;             // arrival interval
    int64_t entered_ms = 0;            // entered the current queue
    int64_t prior_wait_ms = 0;         // wait in earlier queues (before answer)
    int64_t ewt_ms = -1;
    int64_t baseline_ms = -1;
    int64_t pending_talk_ms = 0;       // of an ended interaction still in ACW
    int64_t pending_hold_ms = 0;
    core::QueueId pending_queue = core::kNoId;
    core::AgentId pending_agent = core::kNoId;
    int64_t arrival_ms = 0;            // created
    uint64_t created_seq = 0;
    core::Channel channel = core::Channel::kVoice;
    uint32_t group = core::kNoId;      // customer group (CustomerMemory id)
    bool answered = false;             // ever answered
    bool waiting = false;              // counted in queue(queue).waiting
    bool pending = false;              // kContactEnded seen, work not yet counted
  };
  struct QueueRec {
    std::string name;
    int64_t sl_target_ms = 0;
    std::vector<core::SkillRequirement> skills;
    bool configured = false;
  };
  struct AgentRec {
    int64_t since_ms = 0;
    int64_t state_ms[core::kAgentStateCount] = {};
    core::AgentState state = core::AgentState::kLoggedOut;
    core::TeamId team = core::kNoId;
    core::SiteId site = core::kNoId;
  };
  using Targets = KpiTargets;

  ContactRec* find(core::ContactId id);
  ContactRec& create(core::ContactId id);
  void release(core::ContactId id);
  QueueRec& queue_rec(core::QueueId q);
  KpiCounters& qc(core::QueueId q);
  KpiCounters& interval_rec(uint32_t i);
  KpiCounters* queue_interval_rec(core::QueueId q, uint32_t i);
  // Counter sets for a queue-level outcome / an overall outcome of `r`.
  Targets queue_targets(const ContactRec& r, core::QueueId q);
  Targets overall_targets(const ContactRec& r);
  // Counter sets of an outcome of agent `a` for contact `r` (its bins only).
  Targets agent_targets(const ContactRec& r, core::AgentId a);
  // ... of agent `a` in `team` and `site` for a contact arriving at arrival_ms.
  Targets agent_targets(int64_t arrival_ms, core::AgentId a, core::TeamId team, core::SiteId site);
  // Every counter set of a handled contact's outcome (overall, queue, agent).
  Targets fcr_targets(const HandledContact& h);
  // FCR of a contact completing at `t`.
  void fcr_completed(const core::ev::ContactCompleted& b, int64_t t);
  // Keeps the disposition of a contact's wrap-up (FCR by disposition).
  void wrapped_up(const core::ev::WrapUpEnded& b);
  // Remembers a new contact's customer (FCR) and group; returns the group.
  uint32_t customer_arrived(core::ContactId c, const core::ContactSpec& spec, int64_t t);
  AgentRec& agent_rec(core::AgentId a);
  void integrate(core::AgentId id, AgentRec& a, int64_t to_ms);
  void add_agent_time(core::AgentId id, const AgentRec& a, int64_t from_ms, int64_t to_ms);
  void enter_queue(ContactRec& r, core::QueueId q, int64_t now_ms);
  void leave_queue(ContactRec& r);
  void count_handled(ContactRec& r, int64_t acw_ms);

  // One handler per event type that counts (t: the event's time); the
  // template ignores the rest.
  void handle(const core::ev::QueueConfigured& b, int64_t t);
  void handle(const core::ev::AgentConfigured& b, int64_t t);
  void handle(const core::ev::AgentStateChanged& b, int64_t t);
  void handle(const core::ev::ContactCreated& b, int64_t t);
  void handle(const core::ev::ContactOffered& b, int64_t t);
  void handle(const core::ev::OfferRejected& b, int64_t t);
  void handle(const core::ev::OfferTimedOut& b, int64_t t);
  void handle(const core::ev::ContactRefused& b, int64_t t);
  void handle(const core::ev::ContactAccepted& b, int64_t t);
  void handle(const core::ev::ContactAbandoned& b, int64_t t);
  void handle(const core::ev::ContactExpired& b, int64_t t);
  void handle(const core::ev::ContactMoved& b, int64_t t);
  void handle(const core::ev::ContactTransferred& b, int64_t t);
  void handle(const core::ev::ContactOverflowed& b, int64_t t);
  void handle(const core::ev::CallbackRequested& b, int64_t t);
  void handle(const core::ev::ContactEnded& b, int64_t t);
  void handle(const core::ev::WrapUpEnded& b, int64_t t);
  void handle(const core::ev::ContactCompleted& b, int64_t t);
  void handle(const core::ev::SurveyAnswered& b, int64_t t);
  template <typename Other>
  void handle(const Other&, int64_t) {}
  // A move (exit action) or transfer out of `from` into `target`.
  // `by`: the transferring agent (a transfer); nullopt for an exit-action move.
  void moved(core::ContactId c, core::QueueId from, core::QueueId target, int64_t t, std::optional<core::AgentId> by);
  void count_agent(core::ContactId c, core::AgentId a, uint64_t KpiCounters::*field);
  // Counts one per-contact flag (overflowed, callbacks) in the queue and overall.
  void count_flag(core::ContactId c, core::QueueId q, uint64_t KpiCounters::*field);

  KpiOptions opts_;
  KpiBins* bins_;          // not owned; may be null
  uint64_t cur_seq_ = 0;   // seq of the event being handled
  std::set<uint64_t> live_seqs_;  // created_seq of tracked contacts (durable)
  CustomerMemory customers_;
  KpiCounters overall_;
  KpiCounters empty_;
  KpiCounters discard_;  // updates aimed at no queue land here
  std::vector<KpiCounters> queues_;
  std::vector<QueueRec> queue_recs_;
  std::vector<KpiCounters> intervals_;
  std::vector<std::vector<KpiCounters>> queue_intervals_;
  std::vector<AgentRec> agents_;
  std::vector<std::vector<core::AgentSkill>> agent_skills_;  // by AgentId
  std::vector<ContactRec> contacts_;                      // by slot (low 32 bits)
  std::unordered_map<core::ContactId, ContactRec> sparse_;  // slots past kMaxDenseSlot
  uint64_t events_ = 0;
};

}  // namespace switchyard::metrics
