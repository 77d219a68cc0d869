// The adherence rules of WfmService: what a schedule says an agent does at a
// minute (shifts past midnight, breaks) and which live states adhere to it.
#include "app/wfm_service.h"

#include <gtest/gtest.h>

namespace switchyard::app {
namespace {

using core::AgentState;

wfm::SchedulePlan plan_with(std::vector<wfm::Shift> shifts) {
  wfm::SchedulePlan p;
  p.problem.days = 7;
  p.problem.agents.resize(2);
  p.schedule.shifts = std::move(shifts);
  return p;
}

TEST(WfmAdherence, TheActivityOfAMinuteFollowsShiftsAndBreaks) {
  // Agent 0: day 1 from 09:00 for 8 h, a break at +2:00 for 15 min.
  // Agent 1: day 0 from 20:00 for 6 h (past midnight into day 1).
  auto p = plan_with({wfm::Shift{0, 1, 0, 9 * 60, 8 * 60, 0, {{120, 15}}}, wfm::Shift{1, 0, 0, 20 * 60, 6 * 60, 0, {}}});
  EXPECT_EQ(activity_at(p, 0, 1, 9 * 60 - 1), Activity::kOff);
  EXPECT_EQ(activity_at(p, 0, 1, 9 * 60), Activity::kWorking);
  EXPECT_EQ(activity_at(p, 0, 1, 11 * 60), Activity::kBreak);
  EXPECT_EQ(activity_at(p, 0, 1, 11 * 60 + 14), Activity::kBreak);
  EXPECT_EQ(activity_at(p, 0, 1, 11 * 60 + 15), Activity::kWorking);
  EXPECT_EQ(activity_at(p, 0, 1, 17 * 60 - 1), Activity::kWorking);
  EXPECT_EQ(activity_at(p, 0, 1, 17 * 60), Activity::kOff);
  EXPECT_EQ(activity_at(p, 0, 0, 10 * 60), Activity::kOff);  // another day
  EXPECT_EQ(activity_at(p, 1, 0, 23 * 60), Activity::kWorking);
  EXPECT_EQ(activity_at(p, 1, 1, 1 * 60 + 59), Activity::kWorking);  // 01:59 the next day
  EXPECT_EQ(activity_at(p, 1, 1, 2 * 60), Activity::kOff);
}

TEST(WfmAdherence, WhichStatesAdhereToWhichActivity) {
  for (AgentState s : {AgentState::kAvailable, AgentState::kReserved, AgentState::kBusy, AgentState::kWrapUp}) {
    EXPECT_TRUE(adheres(Activity::kWorking, s));
    EXPECT_FALSE(adheres(Activity::kBreak, s));
    EXPECT_FALSE(adheres(Activity::kOff, s));
  }
  EXPECT_FALSE(adheres(Activity::kWorking, AgentState::kNotReady));
  EXPECT_FALSE(adheres(Activity::kWorking, AgentState::kLoggedOut));
  EXPECT_TRUE(adheres(Activity::kBreak, AgentState::kNotReady));
  EXPECT_TRUE(adheres(Activity::kBreak, AgentState::kLoggedOut));
  EXPECT_FALSE(adheres(Activity::kOff, AgentState::kNotReady));
  EXPECT_TRUE(adheres(Activity::kOff, AgentState::kLoggedOut));
}

TEST(WfmAdherence, AnAgentOutLongerThanTheThresholdIsAlertedOncePerEpisode) {
  auto row = [](core::AgentId a, bool in, std::optional<int64_t> since) {
    AdherenceRow r;
    r.agent = a;
    r.in_adherence = in;
    r.out_since_ms = since;
    return r;
  };
  std::map<core::AgentId, int64_t> told;
  const int64_t t0 = 1'000'000;
  // 1: out for 9 min 59 s (not yet); 2: out 10 min exactly (alerted); 3: in adherence.
  std::vector<AdherenceRow> rows = {row(1, false, t0 - 599'000), row(2, false, t0 - 600'000), row(3, true, std::nullopt)};
  auto a = adherence_alerts(rows, t0, 10, told);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].agent, 2u);
  // A second later: 1 is due now; 2 is not told twice.
  a = adherence_alerts(rows, t0 + 1000, 10, told);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].agent, 1u);
  EXPECT_TRUE(adherence_alerts(rows, t0 + 60'000, 10, told).empty());
  // 2 comes back, then goes out again later: a new episode, told again once due.
  rows[1] = row(2, true, std::nullopt);
  EXPECT_TRUE(adherence_alerts(rows, t0 + 70'000, 10, told).empty());
  rows[1] = row(2, false, t0 + 80'000);
  EXPECT_TRUE(adherence_alerts(rows, t0 + 80'000 + 599'999, 10, told).empty());
  a = adherence_alerts(rows, t0 + 80'000 + 600'000, 10, told);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].agent, 2u);
  // 0 turns alerts off.
  std::map<core::AgentId, int64_t> none;
  EXPECT_TRUE(adherence_alerts(rows, t0 + 10'000'000, 0, none).empty());
}

}  // namespace
}  // namespace switchyard::app
