// The simulator on the calendar: a run that starts at an epoch time
// (SimOptions::start_ms), shifts and arrival profiles on the local time of
// day, weekday factors, and the event tap (Simulator::set_event_tap).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/report.h"
#include "sim/scenario.h"
#include "sim/sim_test_util.h"
#include "sim/simulator.h"

namespace switchyard::sim {
namespace {

constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kThursday = 1'790'812'800'000;  // 2026-10-01T00:00:00Z, a Thursday

// Keeps every engine event.
struct Tap final : core::EventSink {
  std::vector<core::Event> events;
  void on_event(const core::Event& e) override { events.push_back(e); }
};

struct Run {
  std::unique_ptr<Simulator> sim;
  Tap tap;
};

std::unique_ptr<Run> run(const std::string& text, int64_t start_ms, int64_t utc_offset_ms = 0) {
  auto r = std::make_unique<Run>();
  SimOptions o;
  o.start_ms = start_ms;
  o.utc_offset_ms = utc_offset_ms;
  r->sim = testing::run_scenario(text, o, &r->tap);
  return r;
}

// Two queues, agents on a day shift and a night shift, 1.5 days.
constexpr const char* kCenter = R"(
[simulation]
duration_s = 129600
seed = 3
interval_s = 3600
[routing]
acw_s = 5
[[skills]]
name = "a"
[[queues]]
name = "q"
skills = ["a"]
arrivals = { rate_per_hour = 40, shape = [0, 0, 0, 0, 0, 0, 1, 2, 3, 3, 3, 2, 2, 3, 3, 2, 1, 1, 0, 0, 0, 0, 0, 0] }
handle_time = { mean_s = 240 }
patience = { mean_s = 200 }
[[queues]]
name = "c"
channel = "chat"
skills = ["a"]
arrivals = { rate_per_hour = 10 }
handle_time = { mean_s = 300 }
[[agents]]
name = "day"
count = 4
skills = { a = 3 }
capacity = { chat = 2 }
shift = ["06:00", "18:30"]
[[agents]]
name = "night"
count = 1
skills = { a = 3 }
capacity = { chat = 2 }
shift = ["18:00", "06:30"]
)";

// Every event of `b` is the one of `a`, `shift_ms` later.
void expect_shifted(const Run& a, const Run& b, int64_t shift_ms) {
  ASSERT_GT(a.tap.events.size(), 1000u);
  ASSERT_EQ(a.tap.events.size(), b.tap.events.size());
  EXPECT_EQ(b.tap.events.size(), b.sim->stats().engine_events);
  for (size_t i = 0; i < a.tap.events.size(); ++i) {
    ASSERT_EQ(b.tap.events[i].seq, i + 1);
    ASSERT_EQ(b.tap.events[i].time_ms, a.tap.events[i].time_ms + shift_ms) << "seq " << i + 1;
    ASSERT_EQ(a.tap.events[i].body, b.tap.events[i].body) << "seq " << i + 1;
  }
  // The KPIs count from the run's start: the same report.
  EXPECT_EQ(report_json(*a.sim), report_json(*b.sim));
}

TEST(SimulatorCalendarTest, StartAtMidnightShiftsEveryEventTimeAndNothingElse) {
  auto at0 = run(kCenter, 0);
  auto later = run(kCenter, kThursday);
  expect_shifted(*at0, *later, kThursday);
  EXPECT_EQ(later->tap.events.front().time_ms, kThursday);
  // Local midnight two hours east of UTC is 22:00 UTC the day before.
  auto east = run(kCenter, kThursday - 2 * kHourMs, 2 * kHourMs);
  expect_shifted(*at0, *east, kThursday - 2 * kHourMs);
}

// Hour of the local day of an event time.
int hour_of(int64_t t_ms) { return static_cast<int>(t_ms % 86'400'000 / kHourMs); }

TEST(SimulatorCalendarTest, ALaterStartKeepsProfilesAndShiftsOnTheClock) {
  const int64_t start = kThursday + 20 * kHourMs + 17 * 60'000 + 123;  // 20:17:00.123
  auto r = run(kCenter, start);
  EXPECT_EQ(r->tap.events.front().time_ms, start);
  EXPECT_EQ(r->sim->stats().rejected_commands, 0u);
  int voice = 0;
  std::vector<int> logins_day, logins_night;
  for (const core::Event& e : r->tap.events) {
    if (const auto* c = e.as<core::ev::ContactCreated>(); c && c->spec.channel == core::Channel::kVoice) {
      ++voice;
      const int h = hour_of(e.time_ms);
      EXPECT_TRUE(h >= 6 && h < 18) << "voice arrival at local hour " << h;
    }
    if (const auto* l = e.as<core::ev::AgentLoggedIn>()) {
      (l->agent == 4 ? logins_night : logins_day).push_back(static_cast<int>((e.time_ms - start) / 60'000));
    }
  }
  EXPECT_GT(voice, 300);
  // The night shift (18:00-06:30) is on at 20:17: logged in at once, again
  // at 18:00 the next day. The day shift logs in at 06:00 on the two
  // mornings (9 h 43 min and 33 h 43 min in, less 0.123 s).
  EXPECT_EQ(logins_night, (std::vector<int>{0, 21 * 60 + 42}));
  EXPECT_EQ(logins_day, (std::vector<int>{9 * 60 + 42, 9 * 60 + 42, 9 * 60 + 42, 9 * 60 + 42, 33 * 60 + 42,
                                          33 * 60 + 42, 33 * 60 + 42, 33 * 60 + 42}));
}

TEST(SimulatorCalendarTest, WeekdayFactorsFollowTheLocalWeek) {
  // A week from Thursday; no contacts on Saturday and Sunday, twice as many on Monday.
  auto r = run(R"(
[simulation]
duration_s = 604800
weekdays = [2, 1, 1, 1, 1, 0, 0]
[[skills]]
name = "a"
[[queues]]
name = "q"
arrivals = { per_day = 200 }
handle_time = { mean_s = 60 }
[[agents]]
name = "x"
count = 3
skills = { a = 1 }
)",
               kThursday + 12 * kHourMs);
  std::vector<int> per_day(8, 0);  // local days since 2026-10-01
  for (const core::Event& e : r->tap.events)
    if (e.as<core::ev::ContactCreated>()) ++per_day[static_cast<size_t>((e.time_ms - kThursday) / 86'400'000)];
  EXPECT_EQ(per_day[2], 0) << "Saturday";
  EXPECT_EQ(per_day[3], 0) << "Sunday";
  EXPECT_GT(per_day[4], 320) << "Monday";
  EXPECT_LT(per_day[4], 480) << "Monday";
  for (size_t d : {1u, 5u, 6u}) {
    EXPECT_GT(per_day[d], 150) << d;
    EXPECT_LT(per_day[d], 250) << d;
  }
  EXPECT_GT(per_day[0], 60) << "Thursday afternoon";
  EXPECT_LT(per_day[0], 140) << "Thursday afternoon";
}

}  // namespace
}  // namespace switchyard::sim
