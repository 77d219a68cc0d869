#pragma once
// Configuration of the routing engine: global settings, queues, agents.
// All durations are integer milliseconds (`_ms`); proficiencies are 1..5.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/types.h"

namespace switchyard::core {

inline constexpr int kMinProficiency = 1;
inline constexpr int kMaxProficiency = 5;
inline constexpr int kMaxBullseyeSteps = 32;

struct EngineSettings {
  int64_t offer_timeout_ms = 20'000;    // an offer not accepted by then is a miss; 0 = never
  int64_t missed_backoff_ms = 5'000;    // after a miss, no new offer to that agent for this long
  int max_consecutive_misses = 3;       // this many misses in a row set not ready "missed"; 0 = never
  int64_t default_acw_ms = 0;           // after-contact work when the queue does not say
  bool voice_blocks_others = true;      // voice is exclusive: no other channel beside a call, no call beside others
  int64_t day_offset_ms = 0;            // local-time offset for "contacts today" (ms east of UTC)
  int64_t ewt_tau_ms = 600'000;         // memory of the EWT departure-rate estimator (busy time)
  bool operator==(const EngineSettings&) const = default;
};

struct SkillRequirement {
  SkillId skill = kNoId;
  int min_proficiency = 1;
  bool operator==(const SkillRequirement&) const = default;
};

// One timed step of a bullseye: from `after_ms` of waiting in the queue on,
// the contact is also acceptable to more agents. Steps only ever widen.
struct BullseyeStep {
  int64_t after_ms = 0;
  std::optional<int> min_proficiency;  // lower every base requirement's minimum to this
  std::vector<std::vector<SkillRequirement>> alternative_skills;  // extra accepted skill sets
  std::vector<QueueId> add_queues;  // agents eligible for these queues' base skills qualify
  std::vector<SiteId> add_sites;    // agents at these sites qualify too (if the queue limits sites)
  bool operator==(const BullseyeStep&) const = default;
};

// Per-customer-group wait threshold (e.g. "vip" 10 s, "standard" 60 s): a
// contact of the group waiting longer overflows and puts its queue in
// overflow mode (docs/architecture.md, "Bullseye and overflow").
struct GroupThreshold {
  std::string group;
  int64_t threshold_ms = 0;
  bool operator==(const GroupThreshold&) const = default;
};

// Dynamic reallocation: from the first contact past its threshold until no
// waiting contact has waited half of its threshold, agents of the backup
// queues / teams serve the queue's line too, oldest first.
struct OverflowConfig {
  int64_t threshold_ms = 0;                   // default threshold; 0 = no overflow
  std::vector<GroupThreshold> group_thresholds;
  bool use_ewt = false;                       // overflow at arrival when the EWT already exceeds it
  std::vector<QueueId> backup_queues;
  std::vector<TeamId> backup_teams;
  bool operator==(const OverflowConfig&) const = default;
};

struct QueueConfig {
  std::string name;
  Channel channel = Channel::kVoice;
  std::vector<SkillRequirement> skills;  // all required (AND); empty = any logged-in agent
  int priority = 0;                      // added to each contact's priority
  double weight = 1.0;                   // multiplies waited time when agents pick across queues
  uint32_t max_length = 0;               // waiting contacts allowed; 0 = unlimited
  int64_t max_wait_ms = 0;               // 0 = unlimited
  ExitAction exit_action = ExitAction::kNone;
  QueueId exit_target = kNoId;           // for ExitAction::kOverflow
  int64_t sl_target_ms = 20'000;         // service level: answered within T ...
  double sl_target_pct = 80.0;           // ... for this share of contacts
  std::vector<BullseyeStep> bullseye;    // sorted by after_ms
  OverflowConfig overflow;
  Strategy strategy = Strategy::kLongestIdle;
  std::vector<SiteId> sites;             // agents must be at one of these sites; empty = any
  std::optional<int64_t> acw_ms;         // after-contact work; unset = EngineSettings default
  bool open = true;                      // a closed queue refuses new contacts
  bool operator==(const QueueConfig&) const = default;
};

struct AgentSkill {
  SkillId skill = kNoId;
  int proficiency = 1;
  bool operator==(const AgentSkill&) const = default;
};

struct AgentConfig {
  std::string name;
  TeamId team = kNoId;
  SiteId site = kNoId;
  std::vector<AgentSkill> skills;
  // Concurrent contacts per channel (index = Channel). Voice is capped at 1.
  std::array<int, kChannelCount> capacity = {1, 1, 1, 1, 1};
  bool operator==(const AgentConfig&) const = default;
};

// What a new contact brings with it.
struct ContactSpec {
  QueueId queue = kNoId;
  Channel channel = Channel::kVoice;     // must equal the queue's channel
  int priority = 0;                      // higher is more urgent
  std::string customer_id;
  std::string customer_group;            // selects an overflow threshold
  std::vector<std::pair<std::string, std::string>> attributes;
  bool operator==(const ContactSpec&) const = default;
};

}  // namespace switchyard::core
