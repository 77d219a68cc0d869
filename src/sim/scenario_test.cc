#include "sim/scenario.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace switchyard::sim {
namespace {

constexpr const char* kFull = R"(
[simulation]
duration_s = 7200
seed = 9
interval_s = 1800
warmup_s = 600

[routing]
offer_timeout_s = 15
acw_s = 5
voice_blocks_others = false
short_abandon_s = 3

[[skills]]
name = "sales"
[[skills]]
name = "support"
[[skills]]
name = "chat"

[[customer_groups]]
name = "vip"
share = 0.1
priority = 5

[profiles]
morning = [1, 3]

[[queues]]
name = "sales"
skills = [{ skill = "sales", min = 2 }]
priority = 1
weight = 2.0
max_length = 50
max_wait_s = 600
exit = "overflow"
exit_target = "support"
sl_target_s = 30
sl_target_pct = 90
strategy = "round_robin"
acw_s = 10
arrivals = { rate_per_hour = 120, shape = "morning" }
handle_time = { dist = "lognormal", mean_s = 240, sd_s = 120 }
patience = { dist = "exponential", mean_s = 90 }
[[queues.bullseye]]
after_s = 30
min_proficiency = 1
add_queues = ["support"]
[[queues.bullseye]]
after_s = 60
alternative_skills = [["support"], [{ skill = "chat", min = 3 }]]
[queues.overflow]
threshold_s = 60
group_thresholds = { vip = 10 }
backup_queues = ["support"]
backup_teams = ["blue"]

[[queues]]
name = "support"
skills = ["support"]
arrivals = { profile = [10, 20] }
handle_time = { dist = "constant", mean_s = 100 }

[[queues]]
name = "web"
channel = "chat"
skills = ["chat"]
arrivals = { per_day = 2400 }
handle_time = { mean_s = 300 }

[[agents]]
name = "s"
count = 3
team = "blue"
site = "north"
skills = { sales = 4, support = 1 }
shift = ["08:00", "16:30"]
answer_delay_s = 2

[[agents]]
name = "c"
count = 2
skills = { chat = 3 }
capacity = { chat = 3 }
shift_start = 79200
shift_end = "06:00"
)";

TEST(ScenarioTest, ParsesEveryKey) {
  auto r = parse_scenario(kFull, "full.toml");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  const Scenario& sc = *r;
  EXPECT_EQ(sc.simulation.duration_ms, 7'200'000);
  EXPECT_EQ(sc.simulation.seed, 9u);
  EXPECT_EQ(sc.simulation.interval_ms, 1'800'000);
  EXPECT_EQ(sc.simulation.warmup_ms, 600'000);
  EXPECT_EQ(sc.settings.offer_timeout_ms, 15'000);
  EXPECT_EQ(sc.settings.default_acw_ms, 5'000);
  EXPECT_FALSE(sc.settings.voice_blocks_others);
  EXPECT_EQ(sc.short_abandon_ms, 3'000);
  ASSERT_EQ(sc.skills.size(), 3u);
  ASSERT_EQ(sc.customer_groups.size(), 1u);
  EXPECT_EQ(sc.customer_groups[0].priority, 5);
  ASSERT_EQ(sc.queues.size(), 3u);

  const QueueSpec& s = sc.queues[0];
  EXPECT_EQ(s.config.name, "sales");
  ASSERT_EQ(s.config.skills.size(), 1u);
  EXPECT_EQ(s.config.skills[0].skill, 0u);
  EXPECT_EQ(s.config.skills[0].min_proficiency, 2);
  EXPECT_EQ(s.config.priority, 1);
  EXPECT_EQ(s.config.weight, 2.0);
  EXPECT_EQ(s.config.max_length, 50u);
  EXPECT_EQ(s.config.max_wait_ms, 600'000);
  EXPECT_EQ(s.config.exit_action, core::ExitAction::kOverflow);
  EXPECT_EQ(s.config.exit_target, 1u);
  EXPECT_EQ(s.config.sl_target_ms, 30'000);
  EXPECT_EQ(s.config.sl_target_pct, 90.0);
  EXPECT_EQ(s.config.strategy, core::Strategy::kRoundRobin);
  EXPECT_EQ(s.config.acw_ms, 10'000);
  // 120/h shaped 1:3 around its mean: 60/h then 180/h.
  ASSERT_EQ(s.rate_per_s.size(), 2u);
  EXPECT_DOUBLE_EQ(s.rate_per_s[0], 60.0 / 3600);
  EXPECT_DOUBLE_EQ(s.rate_per_s[1], 180.0 / 3600);
  EXPECT_EQ(s.handle.kind, DistSpec::Kind::kLognormal);
  EXPECT_EQ(s.handle.sd_s, 120);
  EXPECT_EQ(s.patience.kind, DistSpec::Kind::kExponential);
  ASSERT_EQ(s.config.bullseye.size(), 2u);
  EXPECT_EQ(s.config.bullseye[0].after_ms, 30'000);
  EXPECT_EQ(s.config.bullseye[0].min_proficiency, 1);
  EXPECT_EQ(s.config.bullseye[0].add_queues, std::vector<uint32_t>{1});
  ASSERT_EQ(s.config.bullseye[1].alternative_skills.size(), 2u);
  EXPECT_EQ(s.config.bullseye[1].alternative_skills[1][0].skill, 2u);
  EXPECT_EQ(s.config.bullseye[1].alternative_skills[1][0].min_proficiency, 3);
  EXPECT_EQ(s.config.overflow.threshold_ms, 60'000);
  ASSERT_EQ(s.config.overflow.group_thresholds.size(), 1u);
  EXPECT_EQ(s.config.overflow.group_thresholds[0].group, "vip");
  EXPECT_EQ(s.config.overflow.group_thresholds[0].threshold_ms, 10'000);
  EXPECT_EQ(s.config.overflow.backup_queues, std::vector<uint32_t>{1});
  EXPECT_EQ(s.config.overflow.backup_teams, std::vector<uint32_t>{0});

  EXPECT_EQ(sc.queues[1].patience.kind, DistSpec::Kind::kNone);
  EXPECT_DOUBLE_EQ(sc.queues[1].rate_per_s[1], 20.0 / 1800);
  EXPECT_EQ(sc.queues[2].config.channel, core::Channel::kChat);
  EXPECT_DOUBLE_EQ(sc.queues[2].rate_per_s[0], 2400.0 / 86400);
  EXPECT_EQ(sc.queues[2].handle.kind, DistSpec::Kind::kExponential);

  ASSERT_EQ(sc.agents.size(), 2u);
  EXPECT_EQ(sc.total_agents(), 5);
  EXPECT_EQ(sc.teams, std::vector<std::string>{"blue"});
  EXPECT_EQ(sc.sites, std::vector<std::string>{"north"});
  EXPECT_TRUE(sc.agents[0].has_shift);
  EXPECT_EQ(sc.agents[0].shift_start_ms, 8 * 3'600'000);
  EXPECT_EQ(sc.agents[0].shift_end_ms, 16 * 3'600'000 + 1'800'000);
  EXPECT_EQ(sc.agents[0].answer_delay_ms, 2'000);
  ASSERT_EQ(sc.agents[0].skills.size(), 2u);
  EXPECT_EQ(sc.agents[1].capacity[static_cast<int>(core::Channel::kChat)], 3);
  EXPECT_EQ(sc.agents[1].shift_start_ms, 22 * 3'600'000);
  EXPECT_EQ(sc.agents[1].shift_end_ms, 6 * 3'600'000);
}

TEST(ScenarioTest, TimeOfDay) {
  EXPECT_EQ(parse_time_of_day_s("08:30"), 8 * 3600 + 30 * 60);
  EXPECT_EQ(parse_time_of_day_s("23:59:59"), 86'399);
  EXPECT_EQ(parse_time_of_day_s("24:00"), 86'400);
  EXPECT_EQ(parse_time_of_day_s("8"), -1);
  EXPECT_EQ(parse_time_of_day_s("25:00"), -1);
  EXPECT_EQ(parse_time_of_day_s("08:60"), -1);
  EXPECT_EQ(parse_time_of_day_s("08:30x"), -1);
}

constexpr const char* kBase = R"([[skills]]
name = "a"
[[queues]]
name = "q"
skills = ["a"]
arrivals = { rate_per_hour = 10 }
handle_time = { mean_s = 60 }
)";

// Expects `text` to fail with a message containing every `parts`.
void expect_error(const std::string& text, std::initializer_list<std::string_view> parts) {
  auto r = parse_scenario(text, "bad.toml");
  ASSERT_FALSE(r.has_value()) << text;
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  for (std::string_view p : parts) EXPECT_NE(r.error().message.find(p), std::string::npos) << r.error().message;
}

TEST(ScenarioTest, Errors) {
  ASSERT_TRUE(parse_scenario(kBase, "ok.toml").has_value());
  expect_error(std::string(kBase) + "bogus = 1\n", {"bad.toml:8:1", "queues[0].bogus", "unknown key"});
  expect_error(std::string("[simulation]\nduraton_s = 5\n") + kBase, {"bad.toml:2:1", "simulation.duraton_s", "unknown key"});
  expect_error(std::string(kBase) + "[[agents]]\nname = \"x\"\nskills = { b = 3 }\n",
               {"bad.toml:10:12", "agents[0].skills.b", "unknown skill 'b'"});
  expect_error(std::string(kBase) + "[[agents]]\nname = \"x\"\nskills = { a = 6 }\n", {"agents[0].skills.a", "[1, 5]"});
  expect_error(std::string(kBase) + "[[agents]]\nname = \"x\"\ncount = \"ten\"\n",
               {"bad.toml:10:9", "agents[0].count", "expected an integer, got a string"});
  expect_error("[[skills]]\nname = \"a\"\n[[queues]]\nname = \"q\"\narrivals = { rate_per_hour = -1 }\nhandle_time = { mean_s = 60 }\n",
               {"bad.toml:5:", "queues[0].arrivals.rate_per_hour", ">= 0"});
  expect_error("[[queues]]\nname = \"q\"\nskills = [\"zz\"]\narrivals = { rate_per_hour = 1 }\nhandle_time = { mean_s = 60 }\n",
               {"bad.toml:3:", "queues[0].skills[0]", "unknown skill 'zz'"});
  expect_error(std::string(kBase) + "exit = \"overflow\"\nexit_target = \"nope\"\n", {"queues[0].exit_target", "unknown queue 'nope'"});
  expect_error(std::string(kBase) + "[[queues]]\nname = \"q\"\n", {"bad.toml:9:8", "queues[1].name", "defined twice"});
  expect_error("[[queues]]\nname = \"q\"\nhandle_time = { mean_s = 60 }\n", {"queues[0].arrivals", "required"});
  expect_error(std::string(kBase) + "patience = { dist = \"weibull\", mean_s = 3 }\n", {"queues[0].patience.dist", "unknown distribution"});
  expect_error(std::string(kBase) + "strategy = \"random\"\n", {"queues[0].strategy", "unknown strategy"});
  expect_error(std::string(kBase) + "[[agents]]\nname = \"x\"\nshift = [\"8h\", \"16:00\"]\n", {"agents[0].shift[0]", "time of day"});
  expect_error(std::string(kBase) + "[[agents]]\nname = \"x\"\non_duty = [[0, 60], [30, 90]]\n",
               {"agents[0].on_duty[1]", "previous period's end"});
  expect_error(std::string(kBase) + "[[agents]]\nname = \"x\"\non_duty = [[60, 60]]\n",
               {"agents[0].on_duty[0]", "start_s < end_s"});
  expect_error(std::string(kBase) + "[[agents]]\nname = \"x\"\non_duty = [[0, \"1h\"]]\n",
               {"agents[0].on_duty[0]", "[start_s, end_s]"});
  expect_error(std::string(kBase) + "[[agents]]\nname = \"x\"\nshift = [\"08:00\", \"16:00\"]\non_duty = [[0, 60]]\n",
               {"agents[0].on_duty", "either shift or on_duty"});
  {
    auto sc = parse_scenario(std::string(kBase) + "[[agents]]\nname = \"x\"\non_duty = [[0, 3600], [3600, 4000.5], [7200, 9000]]\n", "ok.toml");
    ASSERT_TRUE(sc.has_value()) << sc.error().message;
    const std::vector<std::pair<int64_t, int64_t>> want = {{0, 3'600'000}, {3'600'000, 4'000'500}, {7'200'000, 9'000'000}};
    EXPECT_EQ(sc->agents[0].on_duty_ms, want);
    EXPECT_FALSE(sc->agents[0].has_shift);
  }
  expect_error("[simulation\n", {"bad.toml:1:"});
  expect_error("[simulation]\nseed = 1\n", {"queues", "at least one"});
}

TEST(ScenarioTest, Customers) {
  auto none = parse_scenario(kBase, "ok.toml");
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->customers.count, 0);  // no [customers]: no customer ids
  auto r = parse_scenario(std::string("[customers]\ncount = 5000\nrepeat_probability = 0.3\n"
                                      "repeat_after = { dist = \"exponential\", mean_s = 7200 }\n"
                                      "fcr_window_days = 3\n") +
                              kBase,
                          "ok.toml");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->customers.count, 5000);
  EXPECT_DOUBLE_EQ(r->customers.repeat_probability, 0.3);
  EXPECT_EQ(r->customers.repeat_after.kind, DistSpec::Kind::kExponential);
  EXPECT_DOUBLE_EQ(r->customers.repeat_after.mean_s, 7200);
  EXPECT_EQ(r->customers.fcr_window_ms, 3 * kDayMs);
  auto defaults = parse_scenario(std::string("[customers]\ncount = 10\n") + kBase, "ok.toml");
  ASSERT_TRUE(defaults.has_value());
  EXPECT_DOUBLE_EQ(defaults->customers.repeat_probability, 0.2);
  EXPECT_EQ(defaults->customers.repeat_after.kind, DistSpec::Kind::kLognormal);
  EXPECT_DOUBLE_EQ(defaults->customers.repeat_after.mean_s, 86'400);
  EXPECT_EQ(defaults->customers.fcr_window_ms, 7 * kDayMs);
  expect_error(std::string("[customers]\nrepeat_probability = 0.1\n") + kBase, {"customers.count", "required"});
  expect_error(std::string("[customers]\ncount = 0\n") + kBase, {"bad.toml:2:", "customers.count"});
  expect_error(std::string("[customers]\ncount = 9\nrepeat_probability = 1.5\n") + kBase,
               {"customers.repeat_probability", "<= 1"});
  expect_error(std::string("[customers]\ncount = 9\nrepeat_after = { mean_s = 0 }\n") + kBase,
               {"customers.repeat_after.mean_s", "> 0"});
  expect_error(std::string("[customers]\ncount = 9\nfcr_window_days = 0\n") + kBase,
               {"customers.fcr_window_days", "> 0"});
  expect_error(std::string("[customers]\ncount = 9\nrepeats = 1\n") + kBase, {"customers.repeats", "unknown key"});
}

TEST(ScenarioTest, NamedAgentsAndWeekdays) {
  auto r = parse_scenario(std::string("[simulation]\nweekdays = [1, 1, 1, 1, 0.5, 0.25, 0]\n") + kBase +
                              "[[agents]]\nnames = [\"ann\", \"bob\"]\nskills = { a = 2 }\n"
                              "[[agents]]\nname = \"x\"\ncount = 2\n",
                          "ok.toml");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->simulation.weekday_factors, (std::vector<double>{1, 1, 1, 1, 0.5, 0.25, 0}));
  ASSERT_EQ(r->agents.size(), 2u);
  EXPECT_EQ(r->agents[0].name, "ann");
  EXPECT_EQ(r->agents[0].count, 2);
  EXPECT_EQ(r->agent_name(0, 1), "ann");
  EXPECT_EQ(r->agent_name(0, 2), "bob");
  EXPECT_EQ(r->agent_name(1, 2), "x-2");

  expect_error(std::string("[simulation]\nweekdays = [1, 1]\n") + kBase, {"simulation.weekdays", "7 factors"});
  expect_error(std::string("[simulation]\nweekdays = [1, 1, 1, -1, 1, 1, 1]\n") + kBase,
               {"simulation.weekdays[3]", ">= 0"});
  expect_error(std::string(kBase) + "[[agents]]\nnames = [\"ann\"]\ncount = 2\n",
               {"agents[0].count", "number of names"});
  expect_error(std::string(kBase) + "[[agents]]\nnames = []\n", {"agents[0].names", "must not be empty"});
  expect_error(std::string(kBase) + "[[agents]]\nname = \"x\"\ncount = 2\n[[agents]]\nnames = [\"y\", \"x-2\"]\n",
               {"bad.toml:12:15", "agents[1].names[1]", "agent 'x-2' defined twice"});
}

TEST(ScenarioTest, ExamplesParse) {
  // ctest sets it (switchyard_test in CMakeLists.txt); without it the
  // examples cannot be found, which must not pass silently.
  const char* root = std::getenv("SWITCHYARD_SOURCE_DIR");
  ASSERT_NE(root, nullptr) << "SWITCHYARD_SOURCE_DIR is not set: run through ctest, or set it to the source tree";
  for (const char* name : {"demo.toml", "mmn.toml", "large.toml", "demo-history.toml"}) {
    auto r = load_scenario(std::string(root) + "/examples/" + name);
    EXPECT_TRUE(r.has_value()) << name << ": " << (r ? "" : r.error().message);
  }
}

}  // namespace
}  // namespace switchyard::sim
