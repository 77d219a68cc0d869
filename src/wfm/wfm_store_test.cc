// Module "wfm"'s repository on SQLite and PostgreSQL: imported history,
// adjustments, schedule versions (draft edits, publishing, the schedule in
// force on a date) and the plan's stored form.
#include "wfm/wfm_store.h"

#include <gtest/gtest.h>

#include "storage/db_test_util.h"
#include "wfm/schedule_generator.h"
#include "wfm/schedule_sample.h"

namespace switchyard::wfm {
namespace {

using storage::testing::Backends;
using storage::testing::BackendNames;

template <typename B>
class WfmStoreTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override { return {&store_schema()}; }
  StoredSchedule draft(std::string start, int days = 7) {
    StoredSchedule s;
    s.start = std::move(start);
    s.days = days;
    s.created_ms = 1000;
    s.created_by = "planner";
    s.body = "{}";
    return s;
  }
};
TYPED_TEST_SUITE(WfmStoreTest, Backends, BackendNames);

TYPED_TEST(WfmStoreTest, HistoryIsUpsertedPerQueueAndInterval) {
  WfmRepository repo(this->db());
  const HistoryPoint pts[] = {{"billing", 900'000, 12.5, 180.25}, {"billing", 0, 3, 200}, {"tech", 0, 7, 90}};
  ASSERT_TRUE(repo.put_history(pts));
  const HistoryPoint again[] = {{"billing", 0, 4, 210}};
  ASSERT_TRUE(repo.put_history(again));
  auto h = repo.history("billing", 0, 1'800'000);
  ASSERT_TRUE(h);
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ((*h)[0].start_ms, 0);
  EXPECT_DOUBLE_EQ((*h)[0].contacts, 4);
  EXPECT_DOUBLE_EQ((*h)[0].aht_s, 210);
  EXPECT_DOUBLE_EQ((*h)[1].contacts, 12.5);
  EXPECT_DOUBLE_EQ((*h)[1].aht_s, 180.25);
  EXPECT_EQ(repo.history("billing", 1, 900'000)->size(), 0u);
}

TYPED_TEST(WfmStoreTest, AdjustmentsOverlappingARangeAndTheirDeletion) {
  WfmRepository repo(this->db());
  StoredAdjustment a{0, "billing", 1000, 5000, true, -12.5, "holiday \"eve\"", "planner", 77};
  auto id = repo.add_adjustment(a);
  ASSERT_TRUE(id);
  a.start_ms = 9000;
  a.end_ms = 10'000;
  a.percent = false;
  a.amount = 3;
  ASSERT_TRUE(repo.add_adjustment(a));
  auto got = repo.adjustments("billing", 4000, 9000);
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), 1u);  // the second starts at 9000: not before the end
  EXPECT_EQ((*got)[0].id, *id);
  EXPECT_TRUE((*got)[0].percent);
  EXPECT_DOUBLE_EQ((*got)[0].amount, -12.5);
  EXPECT_EQ((*got)[0].note, "holiday \"eve\"");
  EXPECT_EQ(repo.adjustments("tech", 0, 100'000)->size(), 0u);
  EXPECT_TRUE(repo.delete_adjustment(*id));
  EXPECT_EQ(repo.delete_adjustment(*id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(repo.adjustments("billing", 0, 100'000)->size(), 1u);
}

TYPED_TEST(WfmStoreTest, SchedulesAreVersionedAndFrozenOncePublished) {
  WfmRepository repo(this->db());
  auto first = repo.add_schedule(this->draft("2026-12-07"));
  auto second = repo.add_schedule(this->draft("2026-12-14"));
  ASSERT_TRUE(first && second);
  auto list = repo.schedules();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].version, 2);  // newest first
  EXPECT_EQ((*list)[1].version, 1);
  EXPECT_TRUE((*list)[0].body.empty());
  EXPECT_EQ(repo.published_for("2026-12-08").value(), std::nullopt);
  ASSERT_TRUE(repo.save_draft(*first, "{\"x\":1}"));
  EXPECT_EQ(repo.schedule(*first).value()->body, "{\"x\":1}");
  ASSERT_TRUE(repo.publish(*first, 5000));
  ASSERT_TRUE(repo.publish(*second, 6000));
  EXPECT_EQ(repo.publish(*first, 7000).error().code, ErrorCode::kIllegalState);
  EXPECT_EQ(repo.save_draft(*first, "{}").error().code, ErrorCode::kIllegalState);
  EXPECT_EQ(repo.save_draft(999, "{}").error().code, ErrorCode::kNotFound);
  auto s = repo.schedule(*first).value();
  EXPECT_TRUE(s->published);
  EXPECT_EQ(s->published_ms, 5000);
  EXPECT_EQ(repo.published_for("2026-12-08").value()->id, *first);   // its week
  EXPECT_EQ(repo.published_for("2026-12-20").value()->id, *second);
  EXPECT_EQ(repo.published_for("2027-03-01").value()->id, *second);  // none: the latest
}

TYPED_TEST(WfmStoreTest, SwapsMoveBetweenStatusesOnceAndExpire) {
  WfmRepository repo(this->db());
  ShiftSwap w;
  w.date = "2026-12-07";
  w.offered_by = "agent03";
  w.schedule = 4;
  w.queue = "support";
  w.start_min = 540;
  w.length_min = 480;
  w.breaks = {{60, 15}, {180, 30}, {330, 15}};
  w.note = "dentist";
  w.created_ms = 500;
  auto id = repo.add_swap(w);
  ASSERT_TRUE(id) << id.error().message;
  auto back = repo.swap(*id);
  ASSERT_TRUE(back && *back);
  const ShiftSwap& b = **back;
  EXPECT_EQ(b.status, "open");
  EXPECT_EQ(b.offered_by, "agent03");
  EXPECT_EQ(b.schedule, 4);
  EXPECT_EQ(b.start_min, 540);
  ASSERT_EQ(b.breaks.size(), 3u);
  EXPECT_EQ(b.breaks[1].offset_min, 180);
  EXPECT_EQ(b.breaks[1].length_min, 30);
  EXPECT_EQ(b.note, "dentist");
  // Taken once: a second taker finds it no longer open.
  ShiftSwap taken = w;
  taken.taken_by = "agent05";
  taken.given_date = "2026-12-08";
  taken.given_start_min = 600;
  taken.given_length_min = 360;
  EXPECT_TRUE(*repo.take_swap(*id, "pending", taken, 600));
  taken.taken_by = "agent06";
  EXPECT_FALSE(*repo.take_swap(*id, "pending", taken, 601));
  EXPECT_FALSE(*repo.decide_swap(*id, "open", "cancelled", "agent03", 700, ""));
  EXPECT_TRUE(*repo.decide_swap(*id, "pending", "approved", "lead.red", 700, "fine"));
  auto decided = **repo.swap(*id);
  EXPECT_EQ(decided.taken_by, "agent05");
  EXPECT_EQ(*decided.taken_ms, 600);
  EXPECT_EQ(decided.decided_by, "lead.red");
  EXPECT_EQ(decided.reason, "fine");
  EXPECT_EQ(decided.given_date, "2026-12-08");
  EXPECT_EQ(decided.given_start_min, 600);
  EXPECT_EQ(decided.given_length_min, 360);
  // Open offers dated today or before expire; later ones stay.
  w.date = "2026-12-09";
  auto later = *repo.add_swap(w);
  w.date = "2026-12-08";
  auto today = *repo.add_swap(w);
  EXPECT_EQ(*repo.expire_swaps("2026-12-08", 800), 1u);
  EXPECT_EQ((*repo.swap(today))->status, "expired");
  EXPECT_EQ((*repo.swap(later))->status, "open");
  EXPECT_EQ((*repo.swap(*id))->status, "approved");
  auto listed = repo.swaps_between("2026-12-08", "2026-12-31");
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ(listed->at(0).id, today);
  // Settings: absent, set, replaced.
  EXPECT_FALSE(*repo.setting("swaps"));
  ASSERT_TRUE(repo.put_setting("swaps", R"({"approval":true})"));
  ASSERT_TRUE(repo.put_setting("swaps", R"({"approval":false})"));
  EXPECT_EQ(**repo.setting("swaps"), R"({"approval":false})");
  EXPECT_EQ(*repo.settings(), WfmSettings{});
  ASSERT_TRUE(repo.put_settings(WfmSettings{false, 0}));
  EXPECT_EQ(*repo.settings(), (WfmSettings{false, 0}));
}

TYPED_TEST(WfmStoreTest, ShiftRulesAgentRulesAndSpecialDaysRoundTrip) {
  WfmRepository repo(this->db());
  EXPECT_FALSE(*repo.shift_rules());
  ShiftRules r = default_shift_rules();
  r.templates[0].weekdays_mask = 0x1f;
  ShiftTemplate night;
  night.id = "night";
  night.earliest_start_min = 22 * 60;
  night.latest_start_min = 23 * 60;
  night.lengths_min = {8 * 60};
  r.templates.push_back(night);
  r.work = WorkRules{12 * 60, 1, 6};
  r.contract = Contract{10 * 60, 30 * 60, 6 * 60};
  ASSERT_TRUE(repo.put_shift_rules(r));
  auto back = repo.shift_rules();
  ASSERT_TRUE(back && *back) << (back ? "" : back.error().message);
  const ShiftRules& b = **back;
  ASSERT_EQ(b.templates.size(), 2u);
  EXPECT_EQ(b.templates[0].weekdays_mask, 0x1f);
  ASSERT_EQ(b.templates[0].breaks.size(), 3u);
  EXPECT_EQ(b.templates[0].breaks[1].name, "lunch");
  EXPECT_FALSE(b.templates[0].breaks[1].paid);
  EXPECT_EQ(b.templates[1].id, "night");
  EXPECT_EQ(b.templates[1].lengths_min, std::vector<int>{480});
  EXPECT_EQ(b.work.min_rest_min, 720);
  EXPECT_EQ(b.work.max_consecutive_days, 6);
  EXPECT_EQ(b.contract.max_weekly_min, 1800);

  AgentRules a;
  a.agent = "agent03";
  a.contract = Contract{0, 20 * 60, 4 * 60};
  std::array<DayAvailability, 7> week{};
  week[5].available = false;
  week[2] = DayAvailability{true, 8 * 60, 14 * 60};
  a.availability = week;
  a.preferences = Preferences{7 * 60, 9 * 60, 0x60};
  a.templates = {"day"};
  ASSERT_TRUE(repo.put_agent_rules(a));
  AgentRules plain;
  plain.agent = "agent07";
  ASSERT_TRUE(repo.put_agent_rules(plain));
  auto all = repo.agent_rules();
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 2u);
  const AgentRules& x = all->at(0);
  EXPECT_EQ(x.agent, "agent03");
  EXPECT_EQ(x.contract->max_weekly_min, 1200);
  EXPECT_FALSE((*x.availability)[5].available);
  EXPECT_EQ((*x.availability)[2].from_min, 480);
  EXPECT_EQ((*x.availability)[2].to_min, 840);
  EXPECT_EQ(x.preferences->preferred_days_off_mask, 0x60);
  EXPECT_EQ(x.templates, std::vector<std::string>{"day"});
  EXPECT_FALSE(all->at(1).contract);
  EXPECT_FALSE(all->at(1).availability);
  EXPECT_FALSE(all->at(1).preferences);
  EXPECT_TRUE(*repo.delete_agent_rules("agent07"));
  EXPECT_FALSE(*repo.delete_agent_rules("agent07"));
  EXPECT_EQ(repo.agent_rules()->size(), 1u);

  EXPECT_TRUE(repo.special_days()->empty());
  const StoredSpecialDay days[] = {{"2026-12-25", 0.3, "", "Christmas", ""}, {"2026-12-31", 1.0, "2025-12-31", "Eve", "billing"}};
  ASSERT_TRUE(repo.put_special_days(days));
  auto sd = repo.special_days();
  ASSERT_EQ(sd->size(), 2u);
  EXPECT_EQ(sd->at(0).factor, 0.3);
  EXPECT_EQ(sd->at(1).reference, "2025-12-31");
  EXPECT_EQ(sd->at(1).queue, "billing");
  ASSERT_TRUE(repo.put_special_days({}));
  EXPECT_TRUE(repo.special_days()->empty());
}

TYPED_TEST(WfmStoreTest, LeaveRequestsOverlapAndMoveBetweenStatusesOnce) {
  WfmRepository repo(this->db());
  LeaveRequest l;
  l.agent = "agent01";
  l.first = "2026-12-07";
  l.last = "2026-12-09";
  l.days = 3;
  l.kind = "annual";
  l.note = "family";
  l.requested_ms = 10;
  auto id = repo.add_leave(l);
  ASSERT_TRUE(id);
  l.agent = "agent02";
  l.first = "2026-12-20";
  l.last = "2026-12-20";
  ASSERT_TRUE(repo.add_leave(l));
  auto got = repo.leave(*id).value();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, "pending");
  EXPECT_EQ(got->days, 3);
  EXPECT_EQ(got->note, "family");
  EXPECT_EQ(got->decided_ms, std::nullopt);
  EXPECT_EQ(repo.leave_between("2026-12-09", "2026-12-19")->size(), 1u);  // touches the last day
  EXPECT_EQ(repo.leave_between("2026-12-10", "2026-12-19")->size(), 0u);
  EXPECT_EQ(repo.leave_between("2026-12-01", "2026-12-31")->size(), 2u);
  EXPECT_TRUE(repo.decide_leave(*id, "pending", "approved", "lead.red", 99, "ok").value());
  EXPECT_FALSE(repo.decide_leave(*id, "pending", "declined", "lead.red", 100, "").value());  // not pending any more
  got = repo.leave(*id).value();
  EXPECT_EQ(got->status, "approved");
  EXPECT_EQ(got->decided_by, "lead.red");
  EXPECT_EQ(got->decided_ms, 99);
  EXPECT_EQ(got->reason, "ok");
  EXPECT_EQ(repo.leave(12345).value(), std::nullopt);
  EXPECT_EQ(repo.allowance("agent01", 2026).value(), std::nullopt);
  ASSERT_TRUE(repo.set_allowance("agent01", 2026, 20));
  ASSERT_TRUE(repo.set_allowance("agent01", 2026, 22));
  EXPECT_EQ(repo.allowance("agent01", 2026).value(), 22);
  EXPECT_EQ(repo.allowance("agent01", 2027).value(), std::nullopt);
}

TEST(WfmPlan, AGeneratedPlanRoundTripsThroughItsStoredForm) {
  SampleSpec spec;
  spec.agents = 12;
  spec.skill_groups = 2;
  SchedulePlan plan;
  plan.problem = sample_problem(spec);
  plan.problem.agents[0].leave = {{2, 3}};
  plan.problem.agents[1].availability.assign(7, DayAvailability{true, 360, 1200});
  auto g = generate(plan.problem, GenerateOptions{});
  ASSERT_TRUE(g) << g.error().message;
  plan.schedule = g->schedule;
  plan.has_greedy = true;
  plan.greedy_under = 1.5;
  auto back = decode_plan(encode_plan(plan));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(encode_plan(*back), encode_plan(plan));
  EXPECT_EQ(back->schedule.shifts.size(), plan.schedule.shifts.size());
  EXPECT_EQ(evaluate(back->schedule, back->problem).objective, evaluate(plan.schedule, plan.problem).objective);
  EXPECT_EQ(decode_plan("{\"format\":2}").error().field, "body");
  EXPECT_FALSE(decode_plan("not json"));
}

}  // namespace
}  // namespace switchyard::wfm
