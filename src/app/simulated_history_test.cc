// Simulated history (simulated_history.h) on SQLite and PostgreSQL: the log
// a simulation writes is the log a server running that engine would have
// written, and a fresh engine replaying it ends in the simulator's state.
#include "app/simulated_history.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "app/demo.h"
#include "core/engine.h"
#include "eventlog/event_log.h"
#include "eventlog/schema.h"
#include "eventlog/snapshot_codec.h"
#include "eventlog/snapshots.h"
#include "sim/scenario.h"
#include "storage/db_test_util.h"

namespace switchyard::app {
namespace {

using storage::testing::Backends;
using storage::testing::BackendNames;

constexpr int64_t kStart = 1'790'812'800'000;  // 2026-10-01T00:00:00Z

// examples/demo.toml: a day of a mixed center with every kind of event the
// simulator causes (bullseye, overflow, callback and overflow exits, chat,
// answer delays, VIPs, shifts).
sim::Scenario scenario() {
  const char* root = std::getenv("SWITCHYARD_SOURCE_DIR");
  EXPECT_NE(root, nullptr) << "SWITCHYARD_SOURCE_DIR is not set: run through ctest, or set it to the source tree";
  auto sc = sim::load_scenario(std::string(root ? root : ".") + "/examples/demo.toml");
  if (!sc) {
    ADD_FAILURE() << sc.error().message;
    return {};  // an empty center: the checks below fail too
  }
  return std::move(*sc);
}

std::unique_ptr<sim::Simulator> simulator(int64_t start_ms) {
  sim::SimOptions o;
  o.start_ms = start_ms;
  return std::make_unique<sim::Simulator>(scenario(), o);
}

std::vector<core::Event> load_all(storage::SqlDriver& db) {
  std::vector<core::Event> out;
  auto r = eventlog::EventLog(db).load(0, [&](core::Event&& e) {
    out.push_back(std::move(e));
    return true;
  });
  EXPECT_TRUE(r) << r.error().message;
  return out;
}

template <typename B>
class SimulatedHistoryTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override { return {&eventlog::schema()}; }
};
TYPED_TEST_SUITE(SimulatedHistoryTest, Backends, BackendNames);

TYPED_TEST(SimulatedHistoryTest, TheLogIsTheEnginesAndReplaysToTheSameState) {
  auto sim = simulator(kStart);
  HistoryOptions opts;
  opts.events_per_tx = 997;  // many transactions, the last one partial
  auto run = record_simulation(*sim, this->db(), opts);
  ASSERT_TRUE(run) << run.error().message;
  const uint64_t n = sim->stats().engine_events;
  ASSERT_GT(n, 10'000u);
  EXPECT_EQ(run->events_written, n);
  EXPECT_EQ(run->transactions, (n + 996) / 997);

  const std::vector<core::Event> log = load_all(this->db());
  ASSERT_EQ(log.size(), n);
  EXPECT_EQ(eventlog::EventLog(this->db()).first_seq().value(), 1u);
  EXPECT_EQ(eventlog::EventLog(this->db()).last_seq().value(), n);
  // A server's log: configuration first, at the start time; times never go
  // back and stay within the run.
  EXPECT_EQ(log.front().type(), core::EventType::kSettingsChanged);
  EXPECT_EQ(log.front().time_ms, kStart);
  for (size_t i = 0; i < log.size(); ++i) {
    ASSERT_EQ(log[i].seq, i + 1);
    ASSERT_GE(log[i].time_ms, log[i > 0 ? i - 1 : 0].time_ms) << "seq " << log[i].seq;
  }
  const int64_t end_ms = kStart + sim->scenario().simulation.duration_ms;
  EXPECT_LE(log.back().time_ms, end_ms);
  EXPECT_GT(log.back().time_ms, kStart + 18 * 3'600'000);  // the last shift ends at 18:30

  // A fresh engine replaying the log ends where the simulator's engine is.
  ManualClock clock(end_ms);
  core::Engine replayed(clock);
  for (const core::Event& e : log) {
    auto r = replayed.replay(e);
    ASSERT_TRUE(r) << "seq " << e.seq << ": " << r.error().message;
  }
  EXPECT_EQ(replayed.last_seq(), n);
  EXPECT_EQ(replayed.dump_state(), sim->engine().dump_state());

  // So does one restored from the snapshot saved at the last event.
  auto snap = eventlog::SnapshotStore(this->db()).latest();
  ASSERT_TRUE(snap && *snap) << "no snapshot";
  EXPECT_EQ((*snap)->seq, n);
  auto decoded = eventlog::snapshot_from_json((*snap)->blob);
  ASSERT_TRUE(decoded) << decoded.error().message;
  core::Engine restored(clock);
  ASSERT_TRUE(restored.restore(*decoded));
  EXPECT_EQ(restored.dump_state(), sim->engine().dump_state());
}

TYPED_TEST(SimulatedHistoryTest, AStoreWithHistoryIsRefused) {
  EXPECT_FALSE(has_history(this->db()).value());
  auto first = simulator(kStart);
  ASSERT_TRUE(record_simulation(*first, this->db()));
  EXPECT_TRUE(has_history(this->db()).value());
  const uint64_t last = eventlog::EventLog(this->db()).last_seq().value();

  auto second = simulator(kStart + 86'400'000);
  auto r = record_simulation(*second, this->db());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kIllegalState);
  EXPECT_EQ(r.error().field, "store");
  EXPECT_NE(r.error().message.find("empty store"), std::string::npos) << r.error().message;
  EXPECT_EQ(second->stats().engine_events, 0u) << "refused before simulating";
  EXPECT_EQ(eventlog::EventLog(this->db()).last_seq().value(), last);

  // A snapshot alone is history too (its log may have been retired).
  this->raw("DELETE FROM events");
  EXPECT_TRUE(has_history(this->db()).value());
  this->raw("DELETE FROM snapshots");
  EXPECT_FALSE(has_history(this->db()).value());
}

TYPED_TEST(SimulatedHistoryTest, TheDemoHistoryEndsNowWithTheDemoCenter) {
  const int64_t now = kStart + 5 * 3'600'000 + 1234;  // a Thursday, 13:00 in the center's zone (UTC+8)
  constexpr int64_t kOffset = 8 * 3'600'000;
  auto run = write_demo_history(this->db(), 2, now, kOffset);
  ASSERT_TRUE(run) << run.error().message;
  const std::vector<core::Event> log = load_all(this->db());
  ASSERT_EQ(log.size(), run->events_written);
  EXPECT_EQ(log.front().time_ms, now - 2 * 86'400'000);
  EXPECT_LE(log.back().time_ms, now);
  size_t contacts = 0, daytime = 0, night = 0;  // local 08:00-18:00, 00:00-06:00
  std::vector<std::string> agents;
  for (const core::Event& e : log) {
    if (e.as<core::ev::ContactCreated>()) {
      ++contacts;
      const int64_t hour = (e.time_ms + kOffset) % 86'400'000 / 3'600'000;
      daytime += hour >= 8 && hour < 18;
      night += hour < 6;
    }
    if (const auto* a = e.as<core::ev::AgentConfigured>()) {
      EXPECT_EQ(a->agent, agents.size()) << a->config.name;
      agents.push_back(a->config.name);
    }
  }
  EXPECT_GT(contacts, 2u * 1'700);  // two weekdays of about 2,000
  EXPECT_LT(contacts, 2u * 2'300);
  EXPECT_GT(daytime, contacts * 7 / 10) << "busy in the center's daytime";
  EXPECT_LT(night, contacts / 20) << "quiet at night";
  ASSERT_EQ(agents.size(), 20u);
  EXPECT_EQ(agents.front(), "agent01");
  EXPECT_EQ(agents[10], "agent11");
  EXPECT_EQ(agents.back(), "agent20");
}

}  // namespace
}  // namespace switchyard::app
