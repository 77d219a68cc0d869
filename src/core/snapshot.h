#pragma once
// A point-in-time copy of the whole routing state, as plain data. The server
// saves one every so often so that recovery replays only the events after it
// (Engine::snapshot / Engine::restore). Indexes (eligibility, idle lists,
// pivots, staffed counts) are not stored: restore rebuilds them.
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/config.h"
#include "core/types.h"
#include "core/wait_estimator.h"

namespace switchyard::core {

struct EngineSnapshot {
  uint64_t seq = 0;     // last event applied
  int64_t now_ms = 0;   // engine time at the snapshot
  EngineSettings settings;
  std::vector<std::string> skills, teams, sites;

  struct Queue {
    QueueConfig cfg;
    AgentId rr_last = kNoId;
    bool overflowing = false;
    WaitEstimator::State est;
  };
  std::vector<Queue> queues;

  struct Work {
    ContactId contact = kNoContact;
    QueueId queue = kNoId;
    Channel channel = Channel::kVoice;
    int phase = 0;  // 0 offered, 1 active, 2 held, 3 wrap-up
    int64_t since_ms = 0, talk_ms = 0, hold_ms = 0;
  };
  struct Agent {
    AgentConfig cfg;
    bool logged_in = false, ready = false;
    std::string reason;
    int64_t backoff_until_ms = 0;
    int misses = 0;
    std::vector<Work> work;
    AgentState reported = AgentState::kLoggedOut;
    int64_t state_since_ms = 0;
    std::array<int64_t, kAgentStateCount> time_in_state_ms{};
    uint32_t contacts_today = 0;
    int64_t today = -1;
    std::array<int64_t, kChannelCount> free_since_ms{};
  };
  std::vector<Agent> agents;
  // Agents free for each channel, in idle-list order (longest free first).
  std::array<std::vector<AgentId>, kChannelCount> idle_order;

  struct Contact {
    ContactId id = kNoContact;
    ContactState state = ContactState::kQueued;
    QueueId queue = kNoId;
    Channel channel = Channel::kVoice;
    int priority = 0;
    std::string customer_id, group;
    std::vector<std::pair<std::string, std::string>> attributes;
    int64_t created_ms = 0, wait_since_ms = 0, position_ms = 0;
    int step = 0;
    bool overflowed = false, callback = false;
    AgentId agent = kNoId;
    std::vector<QueueId> history;
    uint32_t ahead_at_entry = 0;
    WaitEstimator::Predictions preds{-1, -1, -1};
    AgentId reserved_for = kNoId;  // a transfer to an agent (ContactReserved)
    int64_t reserved_until_ms = 0;
  };
  std::vector<Contact> contacts;
  // Contact-id allocator: generation per slot and the free-slot stack, so ids
  // handed out after a restore are the ones the original would have used.
  std::vector<uint32_t> slot_gens;
  std::vector<uint32_t> free_slots;

  struct PendingTimer {
    int64_t due_ms = 0;
    int kind = 0;  // TimerKind
    ContactId contact = kNoContact;
    AgentId agent = kNoId;
    int arg = 0;
  };
  std::vector<PendingTimer> timers;  // valid timers in firing order
};

}  // namespace switchyard::core
