#pragma once
// The routing engine: queues, agents, skills, offers, bullseye, overflow, EWT.
//
// Pure and deterministic: no I/O, no threads, time only from the injected
// Clock. Every state change is an Event applied through one function, so a
// fresh Engine fed the same events (replay) reaches the same state.
//
// Threading: not thread-safe. Exactly one thread (the engine strand) calls
// every method. The EventSink is called synchronously from inside commands and
// must not call back into the Engine.
//
// Cost: a routing decision looks at the agents free for the contact's channel
// that hold the queue's rarest required skill (contact side), or at the heads
// of the queues an agent can serve (agent side). Nothing scans every agent or
// every contact.
#include <array>
#include <cstdint>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/config.h"
#include "core/event.h"
#include "core/result.h"
#include "core/snapshot.h"
#include "core/types.h"
#include "core/wait_estimator.h"

namespace switchyard::core {

// What create_contact tells the caller.
struct ContactReceipt {
  ContactId id = kNoContact;
  ContactState state = ContactState::kQueued;  // queued, offered or refused
  std::string reason;                          // why refused
  int64_t ewt_ms = -1;                         // estimated wait; -1 = unknown
  uint32_t position = 0;                       // 1-based place in line; 0 = not waiting
  AgentId agent = kNoId;                       // the agent offered to, if offered at once
};

struct ContactView {
  ContactId id = kNoContact;
  ContactState state = ContactState::kQueued;
  QueueId queue = kNoId;
  Channel channel = Channel::kVoice;
  int priority = 0;
  std::string customer_id;
  std::string customer_group;
  int64_t created_ms = 0;
  int64_t wait_since_ms = 0;   // entered the current queue
  int64_t position_ms = 0;     // ordering key: original arrival when the place is kept
  int step = 0;                // bullseye steps reached
  bool overflowed = false;
  bool callback = false;
  AgentId agent = kNoId;       // offered to / handled by
  bool held = false;           // accepted and on hold with that agent
  AgentId waits_for = kNoId;   // queued after a transfer to this agent, for it alone
  int64_t waits_until_ms = 0;  // ... until then
  std::vector<QueueId> history;  // queues visited, oldest first (includes the current one)
  std::vector<std::pair<std::string, std::string>> attributes;
};

struct AgentView {
  AgentId id = kNoId;
  std::string name;
  AgentState state = AgentState::kLoggedOut;
  std::string reason;           // not-ready reason code
  int64_t state_since_ms = 0;   // last state change; before the first, the agent's creation
  bool in_backoff = false;
  int consecutive_misses = 0;
  uint32_t contacts_today = 0;
  std::array<int, kChannelCount> load{};  // work items per channel (offered, active, wrap-up)
  std::vector<ContactId> contacts;
  // The same contacts with what a supervisor sees of each (parallel to `contacts`).
  struct Work {
    ContactId contact = kNoContact;
    QueueId queue = kNoId;
    Channel channel = Channel::kVoice;
    ContactState state = ContactState::kOffered;  // kOffered, kAccepted or kWrapUp
    bool held = false;                            // kAccepted and on hold
    int64_t since_ms = 0;                         // start of the current phase
  };
  std::vector<Work> work;
  double occupancy = 0.0;       // since login: (busy + wrap-up) / (that + available + reserved)
};

struct QueueView {
  QueueId id = kNoId;
  std::string name;
  uint32_t waiting = 0;
  int64_t longest_wait_ms = 0;
  int64_t ewt_ms = -1;          // for a contact arriving now with priority 0
  bool overflowing = false;
  uint32_t staffed = 0;         // logged-in, ready agents eligible at the base step
  std::array<uint32_t, kAgentStateCount> agents_by_state{};  // eligible agents at the base step
};

// The contacts of one customer group (ContactSpec.customer_group) waiting now,
// over all queues (alerts per customer group, docs/api.md "Alerts").
struct GroupView {
  std::string group;
  uint32_t waiting = 0;
  int64_t longest_wait_ms = 0;
  int64_t ewt_ms = -1;  // the longest EWT for a new contact of the queues its contacts wait in
};

class Engine {
 public:
  explicit Engine(const Clock& clock, EventSink* sink = nullptr);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  void set_sink(EventSink* sink);

  // ---- configuration -------------------------------------------------------
  Result<void> set_settings(const EngineSettings& s);
  const EngineSettings& settings() const;
  // Returns the id of `name`, defining it first if new.
  Result<SkillId> define_skill(std::string_view name);
  Result<TeamId> define_team(std::string_view name);
  Result<SiteId> define_site(std::string_view name);
  // Creates the queue named cfg.name, or replaces its configuration. Changes
  // apply at once to contacts already waiting (steps, thresholds, limits).
  Result<QueueId> configure_queue(const QueueConfig& cfg);
  // Creates the agent named cfg.name, or replaces its configuration.
  Result<AgentId> configure_agent(const AgentConfig& cfg);

  std::optional<SkillId> find_skill(std::string_view name) const;
  std::optional<TeamId> find_team(std::string_view name) const;
  std::optional<SiteId> find_site(std::string_view name) const;
  std::optional<QueueId> find_queue(std::string_view name) const;
  std::optional<AgentId> find_agent(std::string_view name) const;
  const QueueConfig* queue_config(QueueId q) const;
  const AgentConfig* agent_config(AgentId a) const;
  // Names by id (index = id).
  const std::vector<std::string>& skill_names() const;
  const std::vector<std::string>& team_names() const;
  const std::vector<std::string>& site_names() const;
  size_t queue_count() const;
  size_t agent_count() const;
  size_t skill_count() const;

  // ---- agents --------------------------------------------------------------
  Result<void> login(AgentId a, bool ready = true);
  // Fails with kIllegalState while the agent still holds contacts.
  Result<void> logout(AgentId a);
  Result<void> set_ready(AgentId a);
  // Allowed while busy: no new offers; current contacts continue.
  Result<void> set_not_ready(AgentId a, std::string_view reason);

  // ---- contacts ------------------------------------------------------------
  Result<ContactReceipt> create_contact(const ContactSpec& spec);
  Result<void> accept(AgentId a, ContactId c);
  Result<void> reject(AgentId a, ContactId c);
  Result<void> hold(AgentId a, ContactId c);
  Result<void> resume(AgentId a, ContactId c);
  // The interaction is over; after-contact work starts (ends by itself after
  // the queue's ACW time, or earlier with end_wrapup).
  Result<void> end_contact(AgentId a, ContactId c);
  Result<void> end_wrapup(AgentId a, ContactId c, std::string_view disposition = {});
  // The customer left (while queued or ringing).
  Result<void> abandon(ContactId c);
  // Blind transfer of an accepted contact to another queue (same channel).
  // The agent goes to wrap-up; the contact keeps its history and, with
  // keep_place, its original place in line.
  Result<void> transfer(AgentId a, ContactId c, QueueId target, bool keep_place);
  // Blind transfer to a queue, or to one agent: with `agent` set the contact
  // is queued in `queue` (its current queue when kNoId) and waits for that
  // agent alone for `wait_ms` (ContactReserved), then for anyone in the queue;
  // an offer the agent misses, or its logout, ends the wait early. The agent
  // must be logged in, not the transferring one, and take the channel.
  struct TransferTo {
    QueueId queue = kNoId;
    AgentId agent = kNoId;
    int64_t wait_ms = 0;  // with agent: 1 s .. kMaxTransferWaitMs
    bool keep_place = false;
  };
  static constexpr int64_t kMaxTransferWaitMs = 3'600'000;
  Result<void> transfer(AgentId a, ContactId c, const TransferTo& to);
  // A waiting voice contact becomes a callback that keeps its place.
  Result<void> request_callback(ContactId c);
  // Records a post-contact survey answer (rating 1..5) for a contact that
  // `agent` handled in `queue`; the contact may be gone. Checks the rating
  // and the ids only: tokens and "one answer per contact" are the survey
  // module's (app/survey_service.h).
  Result<void> record_survey(ContactId c, AgentId agent, QueueId queue, Channel channel, int rating);

  // ---- time ----------------------------------------------------------------
  // Fires every timer due at or before clock.now_ms() (offer timeouts, ACW
  // ends, back-offs, bullseye steps, overflow, max wait), in time order.
  void advance();
  // When advance() next has work; nullopt when no timer is pending.
  std::optional<int64_t> next_timer_ms();

  // ---- replay --------------------------------------------------------------
  // Applies one event from a log (seq must be last_seq()+1). Makes no
  // decisions and emits nothing: the log already holds the decisions.
  Result<void> replay(const Event& e);
  uint64_t last_seq() const;

  // ---- snapshots -----------------------------------------------------------
  // The whole routing state as plain data (see snapshot.h).
  EngineSnapshot snapshot() const;
  // Loads a snapshot into an engine that has applied no event yet. After it,
  // replay() continues with event snapshot.seq + 1.
  Result<void> restore(const EngineSnapshot& s);

  // ---- queries -------------------------------------------------------------
  std::optional<ContactView> contact(ContactId c) const;
  std::optional<AgentView> agent(AgentId a) const;
  std::optional<QueueView> queue(QueueId q) const;
  // Every queue's view in one pass over the agents (for dashboards): costs
  // the agents' queue memberships, not queues x agents.
  std::vector<QueueView> queue_views() const;
  // Every customer group with a contact waiting now (not "" : contacts
  // without a group), sorted by name; costs the waiting contacts.
  std::vector<GroupView> group_views() const;
  // 1-based position and estimated wait of a waiting contact.
  Result<WaitEstimate> wait_estimate(ContactId c) const;
  size_t live_contacts() const;
  // Canonical text of the whole routing state, and its 64-bit hash. Two
  // engines with equal dumps behave identically from here on.
  std::string dump_state() const;
  uint64_t state_digest() const;

  // All routing state and logic (engine_state.h). Declared public only so the
  // engine's own translation units can name it; not part of the API.
  struct State;

 private:
  std::unique_ptr<State> st_;
};

}  // namespace switchyard::core
