#pragma once
// Targeted sampling (docs/quality.md "Targeted sampling"): which contacts of a period the quality
// team should review, N per agent per week, chosen by rules (low CSAT, not resolved, long handle
// or hold, transferred, repeat, keyword hits, new agent, random fill) instead of at random.
//
// Pure and deterministic: the same facts, evaluated ids and plan (seed included) give the same
// selection on every platform. No I/O, no clock, safe to call from any thread. Times are epoch
// milliseconds (UTC); weeks are ISO weeks (Monday 00:00 to Monday 00:00) in the local time
// utc_offset_min minutes ahead of UTC. Cost: O(contacts * rules + contacts log contacts).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/types.h"

namespace switchyard::quality {

inline constexpr size_t kMaxSamplingRules = 32;
inline constexpr int kMaxQuota = 1000;
inline constexpr int kMaxUtcOffsetMin = 18 * 60;

// What makes a contact worth reviewing. The threshold's meaning and unit per kind:
enum class RuleKind : uint8_t {
  kLowCsat,      // csat present and <= threshold (1..5)
  kNotResolved,  // fcr present and false (no threshold)
  kLongHandle,   // handle_ms >= threshold (ms, >= 1)
  kLongHold,     // hold_ms >= threshold (ms, >= 1)
  kTransferred,  // transferred (no threshold)
  kRepeat,       // repeat (no threshold)
  kKeywordHit,   // keyword_hits >= threshold (>= 1)
  kNewAgent,     // agent_tenure_days <= threshold (days, >= 0)
  kRandom,       // contacts that match no other rule (no threshold; at most one such rule)
};
std::string_view to_string(RuleKind k);  // "low_csat", "not_resolved", "long_handle", ...
std::optional<RuleKind> rule_kind_from_string(std::string_view s);
bool has_threshold(RuleKind k);

struct SamplingRule {
  RuleKind kind = RuleKind::kRandom;
  int64_t threshold = 0;  // per kind (above); 0 for kinds without one
  double weight = 1;      // > 0, finite; a contact's weight is the sum over its matching rules
};

// What is known about one handled contact. The caller computes `repeat` (the same customer
// contacted again within its chosen number of days), keyword hits, CSAT and FCR.
struct ContactFacts {
  core::ContactId contact = 0;  // unique in the input
  core::AgentId agent = 0;
  std::string queue;
  core::Channel channel = core::Channel::kVoice;
  int64_t started_at_ms = 0;  // epoch ms; decides the week
  int64_t handle_ms = 0;      // >= 0
  int64_t hold_ms = 0;        // >= 0
  bool transferred = false;
  bool repeat = false;
  int keyword_hits = 0;       // >= 0
  std::optional<int> csat;    // 1..5 when the customer answered the survey
  std::optional<bool> fcr;    // first-contact resolution, when known
  int agent_tenure_days = 0;  // >= 0, at the contact's start
};

struct SamplingPlan {
  std::vector<SamplingRule> rules;  // 1..kMaxSamplingRules; kinds may repeat, except kRandom
  int quota_per_agent_week = 5;     // 0..kMaxQuota
  int utc_offset_min = 0;           // local time = UTC + this; -kMaxUtcOffsetMin..kMaxUtcOffsetMin
  uint64_t seed = 0;                // orders contacts of equal weight
};

// The first problem of `plan` (kInvalidArgument; field "rules[i].threshold",
// "quota_per_agent_week", ...), or nothing.
Result<void> validate(const SamplingPlan& plan);

// True when `contact` matches `rule`; always false for kRandom (see select_contacts()).
bool matches(const SamplingRule& rule, const ContactFacts& contact);

// The start (epoch ms) of the ISO week holding `t_ms`: the Monday 00:00 local time at or before
// it, local time being UTC + utc_offset_min.
int64_t week_start_ms(int64_t t_ms, int utc_offset_min);

// The tie-break order of contacts of equal weight: a 64-bit mix (splitmix64's finalizer) of the
// contact id and the seed. Stable across platforms and releases.
uint64_t sampling_hash(uint64_t seed, core::ContactId contact);

struct SelectedContact {
  core::ContactId contact = 0;
  double weight = 0;         // sum of the weights of `reasons`
  std::vector<int> reasons;  // indices into SamplingPlan::rules, ascending
};

// One agent's week.
struct AgentWeekSample {
  core::AgentId agent = 0;
  int64_t week_start_ms = 0;  // see week_start_ms()
  int contacts = 0;           // the agent's contacts that week, evaluated ones included
  int eligible = 0;           // not evaluated and matching a rule (kRandom included)
  std::vector<SelectedContact> selected;  // min(quota, eligible), best first
};

// The sample: for each agent and week with at least one contact, up to quota contacts among the
// eligible ones (not in `evaluated`, matching at least one rule), ordered by weight (highest
// first), then sampling_hash() (lowest first), then contact id. A contact that matches no rule
// but kRandom is eligible with the kRandom rule's weight and reason; without a kRandom rule it is
// not eligible. Contacts in `evaluated` are left out and do not count toward the quota.
// Result sorted by agent, then week. Errors (kInvalidArgument): the plan's (validate()); facts
// out of range or a repeated contact id, field "contacts[i].<name>".
Result<std::vector<AgentWeekSample>> select_contacts(std::span<const ContactFacts> contacts,
                                                     std::span<const core::ContactId> evaluated,
                                                     const SamplingPlan& plan);

// How much of the sample has been evaluated, per agent (sorted by agent).
struct AgentCoverage {
  core::AgentId agent = 0;
  int due = 0;        // selected contacts over the agent's weeks (each week min(quota, eligible))
  int evaluated = 0;  // of those, the ones in `evaluated`
  std::optional<double> percent;  // 100 * evaluated / due (0..100); nullopt when due == 0
};
std::vector<AgentCoverage> coverage(std::span<const AgentWeekSample> due,
                                    std::span<const core::ContactId> evaluated);

}  // namespace switchyard::quality
