#pragma once
// The demo center that `make run` starts with: four queues (billing, tech and
// sales voice, a support chat), four skills, two teams at two sites, twenty
// agents, and a user for every role (README: "Logging in"). Optional demo
// traffic makes it move: contacts arrive, simulated agents answer them.
#include <atomic>
#include <memory>
#include <thread>

#include "core/result.h"
#include "server/engine_host.h"
#include "storage/sql_driver.h"

namespace switchyard::app {

inline constexpr const char* kDemoPassword = "switchyard-demo";

// Seeds the engine configuration (if the engine has no queues yet) and the
// demo users (if the store has no users yet; `db` is a connection of the
// caller's, migrated). Before EngineHost::start().
Result<void> seed_demo(server::EngineHost& host, storage::SqlDriver& db, int64_t now_ms);

// Generates demo traffic through the engine host until stopped.
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
