#pragma once
// The demo center that `make run` starts with: four queues (billing, tech and
// sales voice, a support chat), four skills, two teams at two sites, twenty
// agents, and a user for every role (README: "Logging in"). On an empty
// store it starts with a month of simulated history (write_demo_history);
// optional demo traffic makes it move: contacts arrive, simulated agents
// answer them.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>
#include <thread>

#include "app/simulated_history.h"
#include "core/engine.h"
#include "core/result.h"
#include "server/engine_host.h"
#include "storage/sql_driver.h"

namespace switchyard::app {

inline constexpr const char* kDemoPassword = "switchyard-demo";

// Configures the demo center on `engine` if it has no queues yet (settings,
// skills, teams, sites, queues, agents, in that order).
Result<void> configure_demo_center(core::Engine& engine);

// The demo center's history scenario (examples/demo-history.toml, built
// into the binary): the same center as configure_demo_center, ids included,
// with a month of daily and weekly traffic on agent shifts.
std::string_view demo_history_scenario();

// Simulates `days` days of the demo center ending at `now_ms` and writes
// them into the empty event log of `db` (record_simulation: a server started
// on it replays them). Its times of day (busy hours, shifts) are local times
// `utc_offset_ms` east of UTC (the center's time zone). About 16,000 events
// and 1,800 contacts per day. Before the engine host recovers the log;
// seed_demo() afterwards adds the users and leaves the configuration alone.
Result<RecordedRun> write_demo_history(storage::SqlDriver& db, int days, int64_t now_ms, int64_t utc_offset_ms = 0);

// Seeds the engine configuration (configure_demo_center) and the demo users
// (if the store has no users yet; `db` is a connection of the caller's,
// migrated); the agent users are linked to agent01, agent02 and agent11 by
// id (0, 1, 10). Before EngineHost::start().
Result<void> seed_demo(server::EngineHost& host, storage::SqlDriver& db, int64_t now_ms);

// Generates demo traffic through the engine host until stopped: contacts
// from customers "cust-<n>" (the history's among them), a fifth of them a
// customer coming back to the same queue, so that FCR shows real values.
class DemoTraffic {
 public:
  DemoTraffic(server::EngineHost& host, double contacts_per_minute, uint64_t seed = 1);
  ~DemoTraffic();  // stops
  void stop();

 private:
  void loop();
  server::EngineHost& host_;
  double per_minute_;
  uint64_t seed_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace switchyard::app
