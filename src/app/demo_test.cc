// The demo center's history scenario (examples/demo-history.toml, built
// in) describes exactly the center configure_demo_center seeds: same
// settings, names and definition order (so the same ids: the demo users
// point at agents by id), same queue and agent configurations.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/demo.h"
#include "core/engine.h"
#include "sim/scenario.h"
#include "sim/simulator.h"

namespace switchyard::app {
namespace {

// Skills in id order: TOML tables list an agent's skills by name.
core::AgentConfig normalized(core::AgentConfig c) {
  std::sort(c.skills.begin(), c.skills.end(), [](const auto& a, const auto& b) { return a.skill < b.skill; });
  return c;
}

TEST(DemoCenterTest, TheHistoryScenarioIsTheSeededCenter) {
  ManualClock clock;
  core::Engine seeded(clock);
  ASSERT_TRUE(configure_demo_center(seeded));

  auto scenario = sim::parse_scenario(demo_history_scenario(), "demo-history.toml");
  ASSERT_TRUE(scenario) << scenario.error().message;
  sim::Simulator simulator(std::move(*scenario));
  ASSERT_TRUE(simulator.setup());
  const core::Engine& simulated = simulator.engine();

  EXPECT_EQ(simulated.settings(), seeded.settings());
  EXPECT_EQ(simulated.skill_names(), seeded.skill_names());
  EXPECT_EQ(simulated.team_names(), seeded.team_names());
  EXPECT_EQ(simulated.site_names(), seeded.site_names());
  ASSERT_EQ(simulated.queue_count(), seeded.queue_count());
  for (core::QueueId q = 0; q < seeded.queue_count(); ++q)
    EXPECT_EQ(*simulated.queue_config(q), *seeded.queue_config(q)) << seeded.queue_config(q)->name;
  ASSERT_EQ(simulated.agent_count(), seeded.agent_count());
  for (core::AgentId a = 0; a < seeded.agent_count(); ++a)
    EXPECT_EQ(normalized(*simulated.agent_config(a)), normalized(*seeded.agent_config(a)))
        << seeded.agent_config(a)->name;
}

}  // namespace
}  // namespace switchyard::app
