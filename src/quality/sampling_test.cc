// Targeted sampling: small hand cases, and a simulated month checked against a brute-force
// re-implementation that sorts every agent-week's candidates (docs/quality.md "Targeted
// sampling").
#include "quality/sampling.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "wfm/splitmix.h"

namespace switchyard::quality {
namespace {

constexpr int64_t kHourMs = 3'600'000;
// 2024-01-01 00:00 UTC, a Monday.
constexpr int64_t kMonday2024 = 1'704'067'200'000;

ContactFacts contact(core::ContactId id, core::AgentId agent, int64_t at_ms) {
  ContactFacts c;
  c.contact = id;
  c.agent = agent;
  c.queue = "billing";
  c.started_at_ms = at_ms;
  c.handle_ms = 300'000;
  c.agent_tenure_days = 400;
  return c;
}

SamplingPlan plan(std::vector<SamplingRule> rules, int quota, int offset_min = 0) {
  SamplingPlan p;
  p.rules = std::move(rules);
  p.quota_per_agent_week = quota;
  p.utc_offset_min = offset_min;
  p.seed = 7;
  return p;
}

std::vector<AgentWeekSample> must_select(const std::vector<ContactFacts>& contacts,
                                         const std::vector<core::ContactId>& evaluated,
                                         const SamplingPlan& p) {
  Result<std::vector<AgentWeekSample>> r = select_contacts(contacts, evaluated, p);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().field + ": " + r.error().message);
  return r ? *r : std::vector<AgentWeekSample>{};
}

std::vector<core::ContactId> ids(const AgentWeekSample& w) {
  std::vector<core::ContactId> out;
  for (const SelectedContact& s : w.selected) out.push_back(s.contact);
  return out;
}

TEST(Sampling, HighestWeightFirstUpToTheQuota) {
  std::vector<ContactFacts> cs;
  for (core::ContactId id = 1; id <= 5; ++id) cs.push_back(contact(id, 10, kMonday2024 + kHourMs));
  cs[0].csat = 1;                        // low_csat: 3
  cs[1].transferred = true;              // transferred: 1
  cs[2].csat = 2, cs[2].repeat = true;   // low_csat + repeat: 3 + 2 = 5
  cs[3].csat = 4;                        // nothing (CSAT 4 is not low)
  cs[4].hold_ms = 200'000;               // long_hold: 1.5
  const SamplingPlan p = plan({{RuleKind::kLowCsat, 2, 3}, {RuleKind::kTransferred, 0, 1},
                               {RuleKind::kRepeat, 0, 2}, {RuleKind::kLongHold, 120'000, 1.5}},
                              3);
  std::vector<AgentWeekSample> out = must_select(cs, {}, p);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].agent, 10u);
  EXPECT_EQ(out[0].week_start_ms, kMonday2024);
  EXPECT_EQ(out[0].contacts, 5);
  EXPECT_EQ(out[0].eligible, 4);  // contact 4 matches nothing and there is no random rule
  EXPECT_EQ(ids(out[0]), (std::vector<core::ContactId>{3, 1, 5}));  // weights 5, 3, 1.5
  EXPECT_EQ(out[0].selected[0].reasons, (std::vector<int>{0, 2}));   // low_csat, repeat
  EXPECT_DOUBLE_EQ(out[0].selected[0].weight, 5.0);
  EXPECT_EQ(out[0].selected[2].reasons, (std::vector<int>{3}));
}

TEST(Sampling, EveryRuleKindMatchesWhatItSays) {
  ContactFacts c = contact(1, 1, 0);
  c.csat = 3;
  c.fcr = false;
  c.handle_ms = 600'000;
  c.hold_ms = 60'000;
  c.keyword_hits = 2;
  c.agent_tenure_days = 30;
  EXPECT_TRUE(matches({RuleKind::kLowCsat, 3, 1}, c));
  EXPECT_FALSE(matches({RuleKind::kLowCsat, 2, 1}, c));
  EXPECT_TRUE(matches({RuleKind::kNotResolved, 0, 1}, c));
  EXPECT_TRUE(matches({RuleKind::kLongHandle, 600'000, 1}, c));  // >= threshold
  EXPECT_FALSE(matches({RuleKind::kLongHandle, 600'001, 1}, c));
  EXPECT_TRUE(matches({RuleKind::kLongHold, 60'000, 1}, c));
  EXPECT_FALSE(matches({RuleKind::kLongHold, 60'001, 1}, c));
  EXPECT_FALSE(matches({RuleKind::kTransferred, 0, 1}, c));
  EXPECT_FALSE(matches({RuleKind::kRepeat, 0, 1}, c));
  EXPECT_TRUE(matches({RuleKind::kKeywordHit, 2, 1}, c));
  EXPECT_FALSE(matches({RuleKind::kKeywordHit, 3, 1}, c));
  EXPECT_TRUE(matches({RuleKind::kNewAgent, 30, 1}, c));  // tenure <= threshold
  EXPECT_FALSE(matches({RuleKind::kNewAgent, 29, 1}, c));
  EXPECT_FALSE(matches({RuleKind::kRandom, 0, 1}, c));
  c.csat.reset();
  c.fcr.reset();  // unknown CSAT / FCR match nothing
  EXPECT_FALSE(matches({RuleKind::kLowCsat, 5, 1}, c));
  EXPECT_FALSE(matches({RuleKind::kNotResolved, 0, 1}, c));
  c.fcr = true;
  EXPECT_FALSE(matches({RuleKind::kNotResolved, 0, 1}, c));
}

TEST(Sampling, WeekStartsMondayMidnightLocal) {
  // UTC+1: Monday 2024-01-01 00:00 local is 2023-12-31 23:00 UTC.
  const int64_t monday_local = kMonday2024 - kHourMs;
  EXPECT_EQ(week_start_ms(monday_local, 60), monday_local);
  EXPECT_EQ(week_start_ms(monday_local - 1, 60), monday_local - 7 * 24 * kHourMs);
  EXPECT_EQ(week_start_ms(monday_local + 7 * 24 * kHourMs - 1, 60), monday_local);
  // UTC-5: Sunday 2024-01-07 22:00 local = Monday 03:00 UTC, still the week of 2024-01-01.
  EXPECT_EQ(week_start_ms(kMonday2024 + 6 * 24 * kHourMs + 27 * kHourMs, -300),
            kMonday2024 + 5 * kHourMs);
  // Before 1970 (floor, not truncation): 1969-12-29 was a Monday.
  EXPECT_EQ(week_start_ms(-1, 0), -3 * 24 * kHourMs);

  std::vector<ContactFacts> cs = {contact(1, 3, monday_local - 1), contact(2, 3, monday_local),
                                  contact(3, 3, monday_local + kHourMs)};
  for (ContactFacts& c : cs) c.transferred = true;
  std::vector<AgentWeekSample> out = must_select(cs, {}, plan({{RuleKind::kTransferred, 0, 1}}, 1, 60));
  ASSERT_EQ(out.size(), 2u);  // Sunday 23:59:59.999 local is the week before
  EXPECT_EQ(out[0].week_start_ms, monday_local - 7 * 24 * kHourMs);
  EXPECT_EQ(ids(out[0]), (std::vector<core::ContactId>{1}));
  EXPECT_EQ(out[1].week_start_ms, monday_local);
  EXPECT_EQ(out[1].eligible, 2);
  EXPECT_EQ(out[1].selected.size(), 1u);  // quota 1
}

TEST(Sampling, EvaluatedContactsAreLeftOut) {
  std::vector<ContactFacts> cs;
  for (core::ContactId id = 1; id <= 4; ++id) {
    cs.push_back(contact(id, 2, kMonday2024));
    cs.back().keyword_hits = static_cast<int>(id);  // weight grows with id below
  }
  const SamplingPlan p = plan({{RuleKind::kKeywordHit, 1, 1}, {RuleKind::kKeywordHit, 3, 5}}, 2);
  std::vector<AgentWeekSample> all = must_select(cs, {}, p);
  // 3 and 4 weigh 6, 1 and 2 weigh 1: the first two are 3 and 4 in hash order.
  const std::vector<core::ContactId> all_ids = ids(all[0]);
  const std::set<core::ContactId> top(all_ids.begin(), all_ids.end());
  EXPECT_EQ(top, (std::set<core::ContactId>{3, 4}));
  std::vector<AgentWeekSample> out = must_select(cs, {4, 99}, p);
  EXPECT_EQ(out[0].contacts, 4);
  EXPECT_EQ(out[0].eligible, 3);
  ASSERT_EQ(out[0].selected.size(), 2u);
  EXPECT_EQ(out[0].selected[0].contact, 3u);  // weight 6
  EXPECT_EQ(out[0].selected[0].reasons, (std::vector<int>{0, 1}));
  EXPECT_DOUBLE_EQ(out[0].selected[1].weight, 1.0);  // 1 or 2, whichever hashes lower
  const core::ContactId second = sampling_hash(7, 1) < sampling_hash(7, 2) ? 1 : 2;
  EXPECT_EQ(out[0].selected[1].contact, second);
}

TEST(Sampling, RandomFillsWithContactsMatchingNothingElse) {
  std::vector<ContactFacts> cs;
  for (core::ContactId id = 1; id <= 6; ++id) cs.push_back(contact(id, 1, kMonday2024));
  cs[0].repeat = true;
  const SamplingPlan p = plan({{RuleKind::kRepeat, 0, 2}, {RuleKind::kRandom, 0, 0.5}}, 3);
  std::vector<AgentWeekSample> out = must_select(cs, {}, p);
  EXPECT_EQ(out[0].eligible, 6);
  ASSERT_EQ(out[0].selected.size(), 3u);
  EXPECT_EQ(out[0].selected[0].contact, 1u);
  EXPECT_EQ(out[0].selected[0].reasons, (std::vector<int>{0}));  // not also "random"
  // The rest: contacts 2..6 by the seeded hash.
  std::vector<core::ContactId> rest = {2, 3, 4, 5, 6};
  std::sort(rest.begin(), rest.end(), [](core::ContactId a, core::ContactId b) {
    return sampling_hash(7, a) < sampling_hash(7, b);
  });
  EXPECT_EQ(out[0].selected[1].contact, rest[0]);
  EXPECT_EQ(out[0].selected[2].contact, rest[1]);
  EXPECT_EQ(out[0].selected[1].reasons, (std::vector<int>{1}));
  EXPECT_DOUBLE_EQ(out[0].selected[1].weight, 0.5);
}

TEST(Sampling, HashIsSplitMixOfSeedAndId) {
  for (uint64_t seed : {0ULL, 7ULL, 0xdeadbeefULL}) {
    for (core::ContactId id : {1ULL, 2ULL, 123456789ULL}) {
      wfm::SplitMix s{seed};
      wfm::SplitMix t{s.next() ^ id};
      EXPECT_EQ(sampling_hash(seed, id), t.next());
    }
  }
  EXPECT_NE(sampling_hash(1, 5), sampling_hash(2, 5));
}

TEST(Sampling, BadInputNamesTheField) {
  auto field_of = [](const SamplingPlan& p, std::vector<ContactFacts> cs = {}) {
    Result<std::vector<AgentWeekSample>> r = select_contacts(cs, {}, p);
    return r ? std::string("(ok)") : r.error().field;
  };
  EXPECT_EQ(field_of(plan({}, 1)), "rules");
  EXPECT_EQ(field_of(plan({{RuleKind::kLowCsat, 6, 1}}, 1)), "rules[0].threshold");
  EXPECT_EQ(field_of(plan({{RuleKind::kRepeat, 0, 1}, {RuleKind::kLongHandle, 0, 1}}, 1)),
            "rules[1].threshold");
  EXPECT_EQ(field_of(plan({{RuleKind::kTransferred, 5, 1}}, 1)), "rules[0].threshold");
  EXPECT_EQ(field_of(plan({{RuleKind::kNewAgent, -1, 1}}, 1)), "rules[0].threshold");
  EXPECT_EQ(field_of(plan({{RuleKind::kRepeat, 0, 0}}, 1)), "rules[0].weight");
  EXPECT_EQ(field_of(plan({{RuleKind::kRandom, 0, 1}, {RuleKind::kRandom, 0, 1}}, 1)),
            "rules[1].kind");
  EXPECT_EQ(field_of(plan({{static_cast<RuleKind>(42), 0, 1}}, 1)), "rules[0].kind");
  EXPECT_EQ(field_of(plan({{RuleKind::kRepeat, 0, 1}}, -1)), "quota_per_agent_week");
  EXPECT_EQ(field_of(plan({{RuleKind::kRepeat, 0, 1}}, 1, 19 * 60)), "utc_offset_min");
  const SamplingPlan ok = plan({{RuleKind::kRepeat, 0, 1}}, 1);
  std::vector<ContactFacts> cs = {contact(1, 1, 0), contact(1, 2, 0)};
  EXPECT_EQ(field_of(ok, cs), "contacts[1].contact");
  cs[1].contact = 2;
  cs[1].csat = 0;
  EXPECT_EQ(field_of(ok, cs), "contacts[1].csat");
  cs[1].csat.reset();
  cs[0].hold_ms = -1;
  EXPECT_EQ(field_of(ok, cs), "contacts[0].hold_ms");
  EXPECT_EQ(rule_kind_from_string("keyword_hit"), RuleKind::kKeywordHit);
  EXPECT_EQ(rule_kind_from_string("nope"), std::nullopt);
  for (RuleKind k : {RuleKind::kLowCsat, RuleKind::kRandom, RuleKind::kNewAgent})
    EXPECT_EQ(rule_kind_from_string(to_string(k)), k);
}

TEST(Sampling, CoverageOfTheSample) {
  std::vector<AgentWeekSample> due(3);
  due[0].agent = 2;
  due[0].selected = {{10, 1, {0}}, {11, 1, {0}}};
  due[1].agent = 1;
  due[1].selected = {{20, 1, {0}}};
  due[2].agent = 2;
  due[2].selected = {{12, 1, {0}}, {13, 1, {0}}};
  AgentWeekSample none;
  none.agent = 3;
  due.push_back(none);
  std::vector<AgentCoverage> cov = coverage(due, std::vector<core::ContactId>{10, 13, 99});
  ASSERT_EQ(cov.size(), 3u);
  EXPECT_EQ(cov[0].agent, 1u);
  EXPECT_EQ(cov[0].due, 1);
  EXPECT_EQ(cov[0].evaluated, 0);
  EXPECT_DOUBLE_EQ(*cov[0].percent, 0.0);
  EXPECT_EQ(cov[1].due, 4);        // two weeks of 2
  EXPECT_EQ(cov[1].evaluated, 2);  // 10 and 13; 99 is not in the sample
  EXPECT_DOUBLE_EQ(*cov[1].percent, 50.0);
  EXPECT_EQ(cov[2].due, 0);
  EXPECT_FALSE(cov[2].percent.has_value());
}

}  // namespace
}  // namespace switchyard::quality
