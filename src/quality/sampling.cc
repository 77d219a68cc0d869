#include "quality/sampling.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_set>
#include <utility>

namespace switchyard::quality {

namespace {

constexpr RuleKind kAllKinds[] = {RuleKind::kLowCsat,    RuleKind::kNotResolved,
                                  RuleKind::kLongHandle, RuleKind::kLongHold,
                                  RuleKind::kTransferred, RuleKind::kRepeat,
                                  RuleKind::kKeywordHit, RuleKind::kNewAgent,
                                  RuleKind::kRandom};
constexpr int64_t kDayMs = 86'400'000;

std::unexpected<Error> invalid(std::string message, std::string field) {
  return make_error(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

uint64_t mix64(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

Result<void> check_facts(const ContactFacts& c, const std::string& path) {
  if (c.handle_ms < 0) return invalid("must be >= 0", path + ".handle_ms");
  if (c.hold_ms < 0) return invalid("must be >= 0", path + ".hold_ms");
  if (c.keyword_hits < 0) return invalid("must be >= 0", path + ".keyword_hits");
  if (c.csat && (*c.csat < 1 || *c.csat > 5)) return invalid("must be 1..5", path + ".csat");
  if (c.agent_tenure_days < 0) return invalid("must be >= 0", path + ".agent_tenure_days");
  return {};
}

// A candidate of one agent's week.
struct Candidate {
  SelectedContact pick;
  uint64_t hash = 0;
};

}  // namespace

std::string_view to_string(RuleKind k) {
  switch (k) {
    case RuleKind::kLowCsat: return "low_csat";
    case RuleKind::kNotResolved: return "not_resolved";
    case RuleKind::kLongHandle: return "long_handle";
    case RuleKind::kLongHold: return "long_hold";
    case RuleKind::kTransferred: return "transferred";
    case RuleKind::kRepeat: return "repeat";
    case RuleKind::kKeywordHit: return "keyword_hit";
    case RuleKind::kNewAgent: return "new_agent";
    case RuleKind::kRandom: return "random";
  }
  return "random";
}

std::optional<RuleKind> rule_kind_from_string(std::string_view s) {
  for (RuleKind k : kAllKinds)
    if (to_string(k) == s) return k;
  return std::nullopt;
}

bool has_threshold(RuleKind k) {
  return k == RuleKind::kLowCsat || k == RuleKind::kLongHandle || k == RuleKind::kLongHold ||
         k == RuleKind::kKeywordHit || k == RuleKind::kNewAgent;
}

Result<void> validate(const SamplingPlan& plan) {
  if (plan.rules.empty() || plan.rules.size() > kMaxSamplingRules)
    return invalid("1.." + std::to_string(kMaxSamplingRules) + " rules", "rules");
  bool random_seen = false;
  for (size_t i = 0; i < plan.rules.size(); ++i) {
    const SamplingRule& r = plan.rules[i];
    const std::string path = "rules[" + std::to_string(i) + "]";
    if (std::find(std::begin(kAllKinds), std::end(kAllKinds), r.kind) == std::end(kAllKinds))
      return invalid("unknown rule kind", path + ".kind");
    if (r.kind == RuleKind::kRandom) {
      if (random_seen) return invalid("only one random rule", path + ".kind");
      random_seen = true;
    }
    if (!std::isfinite(r.weight) || r.weight <= 0)
      return invalid("must be a finite number > 0", path + ".weight");
    const std::string tfield = path + ".threshold";
    const int64_t t = r.threshold;
    switch (r.kind) {
      case RuleKind::kLowCsat:
        if (t < 1 || t > 5) return invalid("a CSAT of 1..5", tfield);
        break;
      case RuleKind::kLongHandle:
      case RuleKind::kLongHold:
        if (t < 1) return invalid("milliseconds, >= 1", tfield);
        break;
      case RuleKind::kKeywordHit:
        if (t < 1) return invalid("a number of hits, >= 1", tfield);
        break;
      case RuleKind::kNewAgent:
        if (t < 0) return invalid("days of tenure, >= 0", tfield);
        break;
      default:
        if (t != 0) return invalid(std::string(to_string(r.kind)) + " has no threshold", tfield);
    }
  }
  if (plan.quota_per_agent_week < 0 || plan.quota_per_agent_week > kMaxQuota)
    return invalid("0.." + std::to_string(kMaxQuota), "quota_per_agent_week");
  if (plan.utc_offset_min < -kMaxUtcOffsetMin || plan.utc_offset_min > kMaxUtcOffsetMin)
    return invalid("minutes, -" + std::to_string(kMaxUtcOffsetMin) + ".." +
                       std::to_string(kMaxUtcOffsetMin),
                   "utc_offset_min");
  return {};
}

bool matches(const SamplingRule& rule, const ContactFacts& c) {
  switch (rule.kind) {
    case RuleKind::kLowCsat: return c.csat && *c.csat <= rule.threshold;
    case RuleKind::kNotResolved: return c.fcr && !*c.fcr;
    case RuleKind::kLongHandle: return c.handle_ms >= rule.threshold;
    case RuleKind::kLongHold: return c.hold_ms >= rule.threshold;
    case RuleKind::kTransferred: return c.transferred;
    case RuleKind::kRepeat: return c.repeat;
    case RuleKind::kKeywordHit: return c.keyword_hits >= rule.threshold;
    case RuleKind::kNewAgent: return c.agent_tenure_days <= rule.threshold;
    case RuleKind::kRandom: return false;
  }
  return false;
}

int64_t week_start_ms(int64_t t_ms, int utc_offset_min) {
  const int64_t offset_ms = int64_t{utc_offset_min} * 60'000;
  const int64_t local_day = floor_div(t_ms + offset_ms, kDayMs);  // 0 = Thursday 1970-01-01
  const int64_t weekday = local_day - floor_div(local_day + 3, 7) * 7 + 3;  // 0 = Monday
  return (local_day - weekday) * kDayMs - offset_ms;
}

uint64_t sampling_hash(uint64_t seed, core::ContactId contact) {
  return mix64(mix64(seed) ^ contact);
}

Result<std::vector<AgentWeekSample>> select_contacts(std::span<const ContactFacts> contacts,
                                                     std::span<const core::ContactId> evaluated,
                                                     const SamplingPlan& plan) {
  if (auto r = validate(plan); !r) return std::unexpected(r.error());
  const std::unordered_set<core::ContactId> done(evaluated.begin(), evaluated.end());
  std::unordered_set<core::ContactId> seen;
  int random_rule = -1;
  for (size_t i = 0; i < plan.rules.size(); ++i)
    if (plan.rules[i].kind == RuleKind::kRandom) random_rule = static_cast<int>(i);

  struct Week {
    int contacts = 0;
    std::vector<Candidate> candidates;
  };
  std::map<std::pair<core::AgentId, int64_t>, Week> weeks;
  for (size_t i = 0; i < contacts.size(); ++i) {
    const ContactFacts& c = contacts[i];
    const std::string path = "contacts[" + std::to_string(i) + "]";
    if (auto r = check_facts(c, path); !r) return std::unexpected(r.error());
    if (!seen.insert(c.contact).second)
      return invalid("contact " + std::to_string(c.contact) + " appears twice", path + ".contact");
    Week& week = weeks[{c.agent, week_start_ms(c.started_at_ms, plan.utc_offset_min)}];
    ++week.contacts;
    if (done.contains(c.contact)) continue;
    Candidate cand;
    cand.pick.contact = c.contact;
    for (size_t r = 0; r < plan.rules.size(); ++r) {
      if (!matches(plan.rules[r], c)) continue;
      cand.pick.reasons.push_back(static_cast<int>(r));
      cand.pick.weight += plan.rules[r].weight;
    }
    if (cand.pick.reasons.empty()) {
      if (random_rule < 0) continue;
      cand.pick.reasons.push_back(random_rule);
      cand.pick.weight = plan.rules[random_rule].weight;
    }
    cand.hash = sampling_hash(plan.seed, c.contact);
    week.candidates.push_back(std::move(cand));
  }

  std::vector<AgentWeekSample> out;
  out.reserve(weeks.size());
  const size_t quota = static_cast<size_t>(plan.quota_per_agent_week);
  for (auto& [key, week] : weeks) {
    AgentWeekSample s;
    s.agent = key.first;
    s.week_start_ms = key.second;
    s.contacts = week.contacts;
    s.eligible = static_cast<int>(week.candidates.size());
    std::vector<Candidate>& cands = week.candidates;
    const size_t take = std::min(quota, cands.size());
    std::partial_sort(cands.begin(), cands.begin() + static_cast<ptrdiff_t>(take), cands.end(),
                      [](const Candidate& a, const Candidate& b) {
                        if (a.pick.weight != b.pick.weight) return a.pick.weight > b.pick.weight;
                        if (a.hash != b.hash) return a.hash < b.hash;
                        return a.pick.contact < b.pick.contact;
                      });
    for (size_t i = 0; i < take; ++i) s.selected.push_back(std::move(cands[i].pick));
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<AgentCoverage> coverage(std::span<const AgentWeekSample> due,
                                    std::span<const core::ContactId> evaluated) {
  const std::unordered_set<core::ContactId> done(evaluated.begin(), evaluated.end());
  std::map<core::AgentId, AgentCoverage> by_agent;
  for (const AgentWeekSample& w : due) {
    AgentCoverage& c = by_agent[w.agent];
    c.agent = w.agent;
    c.due += static_cast<int>(w.selected.size());
    for (const SelectedContact& s : w.selected)
      if (done.contains(s.contact)) ++c.evaluated;
  }
  std::vector<AgentCoverage> out;
  for (auto& [agent, c] : by_agent) {
    if (c.due > 0) c.percent = 100.0 * c.evaluated / c.due;
    out.push_back(c);
  }
  return out;
}

}  // namespace switchyard::quality
