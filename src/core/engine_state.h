#pragma once
// Internal state of the Engine (not part of the public API).
//
// Invariants (checked by tests through dump_state and replay):
// - every queued contact is in its queue's `waiting` set exactly once, in
//   `overflowed` too iff its `overflowed` flag is set, and in `half_marks` iff
//   its half_mark_ms is not kNoMark;
// - an agent is linked in the idle list (skill/team/any x channel) of each of
//   its memberships iff routable[channel];
// - after every live command no waiting contact has a routable eligible agent.
#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/engine.h"

namespace switchyard::core {

inline constexpr uint8_t kNeverStep = 255;
inline constexpr uint32_t kNil = UINT32_MAX;
inline constexpr int64_t kNoMark = INT64_MAX;

// Overflow hysteresis (docs/architecture.md, "Bullseye and overflow"): a
// queue's overflow mode starts when a waiting contact passes its threshold and
// ends when no waiting contact is overflowed and none has waited at least
// its own threshold / kOverflowRecoverDivisor (half of it), or the line is
// empty. Entering at the threshold and leaving at half of it keeps a queue
// near its limit from flapping in and out of the mode.
inline constexpr int64_t kOverflowRecoverDivisor = 2;

// Order of a queue's waiting line: higher priority first, then earlier place.
struct WaitKey {
  int neg_priority = 0;
  int64_t position_ms = 0;
  ContactId id = kNoContact;
  auto operator<=>(const WaitKey&) const = default;
};

// One agent's membership in one idle list (intrusive doubly linked list).
struct IdleNode {
  uint32_t prev = kNil;
  uint32_t next = kNil;
  uint32_t list = kNil;  // index into State::lists_ (already per channel)
  AgentId agent = kNoId;
  bool linked = false;
};

struct IdleList {
  uint32_t head = kNil;
  uint32_t tail = kNil;
  uint32_t size = 0;
};

enum class WorkPhase : uint8_t { kOffered, kActive, kHeld, kWrapUp };

// A contact on an agent's desk.
struct WorkItem {
  ContactId contact = kNoContact;
  QueueId queue = kNoId;
  Channel channel = Channel::kVoice;
  WorkPhase phase = WorkPhase::kOffered;
  int64_t since_ms = 0;        // start of the current phase
  int64_t talk_ms = 0;         // accumulated active time
  int64_t hold_ms = 0;         // accumulated hold time
  uint32_t gen = 0;            // timer generation (offer timeout / ACW end)
};

struct AgentQueueEntry {
  QueueId queue = kNoId;
  uint8_t min_step = kNeverStep;  // first bullseye step at which the agent qualifies
  bool backup = false;            // takes this queue's overflowed contacts
};

struct AgentRec {
  AgentConfig cfg;
  std::vector<uint8_t> prof;   // proficiency by SkillId, 0 = none
  bool logged_in = false;
  bool ready = false;
  std::string reason;
  int64_t backoff_until_ms = 0;  // 0 = no back-off
  uint32_t backoff_gen = 0;
  int misses = 0;
  std::array<int, kChannelCount> load{};
  int total_load = 0;
  std::vector<WorkItem> work;
  std::array<bool, kChannelCount> routable{};
  std::array<int64_t, kChannelCount> free_since_ms{};
  std::vector<uint32_t> member_lists;  // base list index per membership (x channel in lists_)
  uint32_t node_base = kNil;           // nodes_[node_base + ch * memberships + m]
  AgentState reported = AgentState::kLoggedOut;
  int64_t state_since_ms = 0;
  std::array<int64_t, kAgentStateCount> time_in_state_ms{};  // since login
  uint32_t contacts_today = 0;
  int64_t today = -1;
  std::vector<AgentQueueEntry> queues;  // queues it may serve, by queue id
  // Queued contacts reserved for this agent (transfers to it), oldest first;
  // an entry leaves when its contact leaves the line.
  std::vector<ContactId> reserved;
};

struct QueueRec {
  QueueConfig cfg;
  std::set<WaitKey> waiting;
  std::set<WaitKey> overflowed;           // subset of waiting
  // (half_mark_ms, contact) of waiting contacts with an overflow threshold:
  // the first entry says whether any has waited half its threshold.
  std::set<std::pair<int64_t, ContactId>> half_marks;
  std::map<int, uint32_t> prio_counts;    // contact priority -> waiting count
  // Overflow mode (kQueueOverflowStarted/Ended): backup agents serve the whole line.
  bool overflowing = false;
  AgentId rr_last = kNoId;
  WaitEstimator est;
  std::vector<uint8_t> elig;              // per agent: min step or kNeverStep
  std::vector<uint8_t> backup;            // per agent: 1 = takes overflowed contacts
  std::vector<std::vector<uint32_t>> pivots;  // per step: idle-list bases to search
  std::vector<uint32_t> backup_pivots;
  uint32_t staffed = 0;                   // ready agents eligible at step 0
  uint32_t staffed_capacity = 0;          // their capacity for the queue's channel
  std::vector<QueueId> referenced_by;     // queues whose steps/overflow name this one
  uint32_t out_of_order = 0;              // waiting contacts with wait_since != position
  uint32_t reserved = 0;                  // waiting contacts with reserved_for set
};

struct ContactRec {
  ContactId id = kNoContact;
  uint32_t slot_gen = 0;
  bool live = false;
  ContactState state = ContactState::kQueued;
  QueueId queue = kNoId;
  Channel channel = Channel::kVoice;
  int priority = 0;
  std::string customer_id;
  std::string group;
  std::vector<std::pair<std::string, std::string>> attributes;
  int64_t created_ms = 0;
  int64_t wait_since_ms = 0;
  int64_t position_ms = 0;
  uint8_t step = 0;
  bool overflowed = false;
  bool callback = false;
  AgentId agent = kNoId;
  uint32_t timer_gen = 0;
  uint32_t ahead_at_entry = 0;  // contacts ahead when it entered the line (EWT learning)
  int64_t half_mark_ms = kNoMark;  // while waiting: wait_since + threshold / kOverflowRecoverDivisor
  WaitEstimator::Predictions preds{-1, -1, -1};  // EWT predictions made at entry
  std::vector<QueueId> history;
  // A transfer to an agent (ContactReserved): while set, only reserved_for
  // may be offered it. Cleared when it leaves the line or the wait ends
  // (ContactReserved with hold 0, at reserved_until_ms or on the agent's logout).
  AgentId reserved_for = kNoId;
  int64_t reserved_until_ms = 0;
  bool reserved_for_other(AgentId a) const { return reserved_for != kNoId && reserved_for != a; }
};

// kReserveEnd: a transferred contact's wait for its agent ends (ContactReserved, hold 0).
enum class TimerKind : uint8_t { kOfferTimeout, kStep, kOverflow, kMaxWait, kAcwEnd, kBackoffEnd, kReserveEnd };

struct Timer {
  int64_t due_ms = 0;
  uint64_t order = 0;       // insertion order: ties fire first-in first-out
  TimerKind kind = TimerKind::kStep;
  uint32_t gen = 0;
  ContactId contact = kNoContact;
  AgentId agent = kNoId;
  int arg = 0;              // kStep: the step it reaches
  // std::priority_queue is a max-heap: "less" means fires later.
  bool operator<(const Timer& o) const {
    return due_ms != o.due_ms ? due_ms > o.due_ms : order > o.order;
  }
};

struct Engine::State {
  State(Engine& e, const Clock& c, EventSink* s) : engine(e), clock(c), sink(s) {}

  Engine& engine;
  const Clock& clock;
  EventSink* sink;
  EngineSettings settings;
  uint64_t seq = 0;
  int64_t now_ms = 0;     // time of the command / event being processed
  bool replaying = false;

  std::vector<std::string> skill_names, team_names, site_names;
  std::unordered_map<std::string, uint32_t> skill_ids, team_ids, site_ids, queue_ids, agent_ids;
  std::vector<uint32_t> skill_list, team_list;  // base idle-list index per skill / team
  uint32_t any_list = 0;                        // every agent is a member
  std::vector<uint32_t> skill_agents;           // agents holding each skill (pivot choice)

  std::vector<QueueRec> queues;
  std::vector<uint32_t> queue_waiting;  // waiting count per queue, compact for agent-side scans
  bool pivots_dirty = false;
  std::vector<AgentRec> agents;
  std::vector<IdleList> lists;   // base * kChannelCount + channel
  std::vector<IdleNode> nodes;

  std::vector<ContactRec> contacts;  // slots
  std::vector<uint32_t> free_slots;
  size_t live_contacts = 0;

  std::vector<Timer> timers;  // heap (std::push_heap with Timer::operator<)
  uint64_t timer_order = 0;

  // Work noticed while applying events, handled after (live mode only).
  std::vector<ContactId> pending_contacts;
  std::vector<AgentId> pending_agents;
  std::vector<AgentId> touched_agents;
  std::vector<QueueId> touched_queues;

  // ---- emission (engine.cc) ----
  // A live command runs begin_command() ... finish_command() around its
  // events; use CommandScope (below) so that every path, errors included,
  // finishes what it began.
  void begin_command();   // fires due timers, moves now_ms to the clock
  void emit(EventBody body);  // numbers, applies and publishes one event
  void emit_derived();
  void finish_command();  // routes pending work, then emits derived events
  bool overflow_mode_due(const QueueRec& q) const;  // should q be in overflow mode now

  // ---- apply: the only code that mutates routing state. One overload per
  // event type, by aggregate: engine_apply_config.cc (configuration),
  // engine_apply_agent.cc (agent presence), engine_apply_contact.cc (contacts
  // and queue overflow); helpers in engine_apply.cc. `t` is the event time. ----
  Result<void> apply(const Event& e);
  Result<void> apply(const ev::SettingsChanged& e, int64_t t);
  Result<void> apply(const ev::SkillDefined& e, int64_t t);
  Result<void> apply(const ev::TeamDefined& e, int64_t t);
  Result<void> apply(const ev::SiteDefined& e, int64_t t);
  Result<void> apply(const ev::QueueConfigured& e, int64_t t);
  Result<void> apply(const ev::AgentConfigured& e, int64_t t);
  Result<void> apply(const ev::AgentLoggedIn& e, int64_t t);
  Result<void> apply(const ev::AgentLoggedOut& e, int64_t t);
  Result<void> apply(const ev::AgentReady& e, int64_t t);
  Result<void> apply(const ev::AgentNotReady& e, int64_t t);
  Result<void> apply(const ev::AgentBackoffEnded& e, int64_t t);
  Result<void> apply(const ev::AgentStateChanged& e, int64_t t);
  Result<void> apply(const ev::ContactCreated& e, int64_t t);
  Result<void> apply(const ev::ContactRefused& e, int64_t t);
  Result<void> apply(const ev::ContactOffered& e, int64_t t);
  Result<void> apply(const ev::OfferRejected& e, int64_t t);
  Result<void> apply(const ev::OfferTimedOut& e, int64_t t);
  Result<void> apply(const ev::ContactAccepted& e, int64_t t);
  Result<void> apply(const ev::ContactHeld& e, int64_t t);
  Result<void> apply(const ev::ContactResumed& e, int64_t t);
  Result<void> apply(const ev::ContactEnded& e, int64_t t);
  Result<void> apply(const ev::WrapUpEnded& e, int64_t t);
  Result<void> apply(const ev::ContactCompleted& e, int64_t t);
  Result<void> apply(const ev::ContactAbandoned& e, int64_t t);
  Result<void> apply(const ev::ContactTransferred& e, int64_t t);
  Result<void> apply(const ev::CallbackRequested& e, int64_t t);
  Result<void> apply(const ev::BullseyeStep& e, int64_t t);
  Result<void> apply(const ev::ContactOverflowed& e, int64_t t);
  Result<void> apply(const ev::ContactMoved& e, int64_t t);
  Result<void> apply(const ev::ContactExpired& e, int64_t t);
  Result<void> apply(const ev::QueueOverflowStarted& e, int64_t t);
  Result<void> apply(const ev::QueueOverflowEnded& e, int64_t t);
  Result<void> apply(const ev::SurveyAnswered& e, int64_t t);
  Result<void> apply(const ev::ContactReserved& e, int64_t t);
  Result<void> apply_miss(ContactId contact, AgentId agent, int64_t t);  // rejected / timed out
  Result<void> apply_hold(ContactId contact, AgentId agent, bool hold, int64_t t);  // held / resumed
  void apply_queue_config(QueueId q, const QueueConfig& cfg, int64_t t);
  // `t`: the time of the configuration event (a new agent's state_since_ms).
  void apply_agent_config(AgentId a, const AgentConfig& cfg, int64_t t);
  AgentRec* agent_rec(AgentId a) { return a < agents.size() ? &agents[a] : nullptr; }
  ContactRec* find_contact(ContactId id);
  const ContactRec* find_contact(ContactId id) const;
  ContactId peek_contact_id() const;
  ContactRec& alloc_contact(ContactId expected);
  void free_contact(ContactRec& c);
  void enqueue(ContactRec& c, int64_t t);   // into c.queue's line + timers
  void dequeue(ContactRec& c, int64_t t, bool served);  // out of the line (departure)
  void schedule_wait_timers(ContactRec& c, int64_t t);
  void reserve(ContactRec& c, AgentId a, int64_t until_ms);  // sets the reservation (no timer)
  void unreserve(ContactRec& c);                              // clears it, if any
  WorkItem* find_work(AgentRec& a, ContactId c);
  void remove_work(AgentId a, ContactId c);
  void add_work(AgentId a, const WorkItem& w);
  void touch_agent(AgentId a) { touched_agents.push_back(a); }
  void set_staffed(AgentId a, bool on);
  AgentState derive_state(const AgentRec& a) const;
  int64_t group_threshold_ms(const QueueRec& q, const std::string& group) const;
  int64_t acw_ms(const QueueRec& q) const;
  void push_timer(Timer t);

  // ---- eligibility and idle lists (engine_route.cc) ----
  uint8_t compute_min_step(const AgentRec& a, const QueueRec& q) const;
  bool compute_backup(const AgentRec& a, AgentId id, const QueueRec& q) const;
  bool matches(const AgentRec& a, const std::vector<SkillRequirement>& req, int relax) const;
  void recompute_queue_eligibility(QueueId q);
  void recompute_agent_eligibility(AgentId a);
  void rebuild_pivots(QueueId q);
  void rebuild_dirty_pivots();
  uint32_t new_list();
  void unlink_agent_nodes(AgentId a);
  void refresh_routable(AgentId a);
  void link_channel(AgentId a, int ch, bool link);  // (un)links all of a's lists for ch
  void insert_waiting(ContactRec& c);               // into the line, no timers or estimator
  void set_half_mark(ContactRec& c);                // (re)computes c's entry in half_marks
  bool can_take(const AgentRec& a, Channel ch) const;
  // `backup_ok`: the queue's backup agents may take the contact.
  bool eligible(const QueueRec& q, AgentId a, uint8_t step, bool backup_ok) const {
    return q.elig[a] <= step || (backup_ok && q.backup[a]);
  }
  // Backup agents take a contact while its queue is in overflow mode and it
  // is the head of the line (they serve the line oldest first).
  bool backup_may_take(const QueueRec& q, const ContactRec& c) const;

  // ---- decisions (engine_route.cc, live only) ----
  AgentId find_agent(QueueId q, Channel ch, uint8_t step, bool backup_ok) const;
  ContactId find_contact_for(AgentId a) const;
  void route_pending();
  void offer(ContactRec& c, AgentId a);
  uint32_t ahead_of(const QueueRec& q, int priority) const;  // waiting with >= priority
  int64_t ewt_for_new(const QueueRec& q, int priority) const;

  // ---- timers (engine_timers.cc) ----
  void fire_due_timers(int64_t until_ms);
  bool timer_valid(const Timer& t) const;
  void prune_timers();  // drops stale timers from the top of the heap
  void handle_miss(AgentId a);
  void end_wrapup_now(AgentId a, ContactId c, std::string_view disposition);

  // ---- dump (engine_query.cc) ----
  std::string dump() const;
};

// The error of an event that does not fit the state (a foreign or corrupt
// log on replay); State::apply(const Event&) prefixes seq and type.
inline std::unexpected<Error> bad_event(std::string why) {
  return make_error(ErrorCode::kInvalidArgument, std::move(why), "event");
}

// Brackets one live command: begin_command() now, finish_command() when the
// scope ends on any path (error returns too), or earlier with finish().
// Contract: a command finishes what it began. Whatever the timers fired by
// begin_command or the command's own events left pending (contacts and agents
// to route, derived events) is done before the command returns, never left
// for the next command.
class CommandScope {
 public:
  explicit CommandScope(Engine::State& st) : st_(st) { st_.begin_command(); }
  ~CommandScope() { finish(); }
  CommandScope(const CommandScope&) = delete;
  CommandScope& operator=(const CommandScope&) = delete;
  void finish() {
    if (done_) return;
    done_ = true;
    st_.finish_command();
  }

 private:
  Engine::State& st_;
  bool done_ = false;
};

}  // namespace switchyard::core
