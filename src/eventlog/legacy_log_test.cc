// A log written before the binary format (format 1, flat columns + JSON
// payload; testdata/log_v1.sql, made by the server of commit 1d3384a) still
// opens, migrates and replays, on SQLite and PostgreSQL, and new events
// continue it in the current format.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "audit/audit_log.h"
#include "auth/account_repository.h"
#include "core/engine.h"
#include "core/test_util.h"
#include "eventlog/event_codec.h"
#include "eventlog/event_log.h"
#include "eventlog/schema.h"
#include "history/contact_history.h"
#include "history/history_projection.h"
#include "storage/db_test_util.h"

namespace switchyard::eventlog {
namespace {

using namespace core;
using storage::testing::Backends;
using storage::testing::BackendNames;

std::vector<std::string> fixture_statements() {
  const char* root = std::getenv("SWITCHYARD_SOURCE_DIR");
  EXPECT_NE(root, nullptr) << "SWITCHYARD_SOURCE_DIR is not set";
  std::ifstream in(std::string(root ? root : ".") + "/src/eventlog/testdata/log_v1.sql");
  EXPECT_TRUE(in) << "testdata/log_v1.sql not found";
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("INSERT", 0) == 0) out.push_back(line);
  return out;
}

const storage::ModuleSchema* const kModules[] = {&eventlog::schema(), &auth::AccountRepository::schema(),
                                                 &audit::AuditLog::schema(), &history::schema()};

template <typename B>
class LegacyLogTest : public storage::testing::DbFixture<B> {
 protected:
  // Nothing migrated at first: the test builds the old schema by hand.
  std::vector<const storage::ModuleSchema*> schemas() const override { return {}; }

  // The database as the server of commit 1d3384a left it.
  void make_legacy_database() {
    this->raw("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)");
    this->raw("INSERT INTO schema_migrations (version, name) VALUES (1, 'initial schema')");
    for (const storage::ModuleSchema* m : kModules) {
      const storage::Migration& v1 = m->migrations.front();
      ASSERT_TRUE(this->db().exec_script(this->is_postgres() ? v1.postgresql : v1.sqlite));
    }
    auto rows = fixture_statements();
    ASSERT_GT(rows.size(), 100u);
    for (const std::string& sql : rows) ASSERT_TRUE(this->db().exec_script(sql)) << sql;
  }
};
TYPED_TEST_SUITE(LegacyLogTest, Backends, BackendNames);

TYPED_TEST(LegacyLogTest, AnOldLogMigratesReplaysAndContinues) {
  this->make_legacy_database();
  for (const storage::ModuleSchema* m : kModules) SY_ASSERT_OK(storage::migrate(this->db(), *m));
  EXPECT_EQ(storage::schema_version(this->db(), "eventlog").value(), 3);
  EXPECT_EQ(this->count("events WHERE format = 1"), this->count("events"));

  // Every event of every type reads back and replays into a fresh engine.
  EventLog log(this->db());
  ManualClock clock;
  Engine engine(clock);
  std::set<EventType> types;
  uint64_t n = 0;
  int64_t last_time = 0;
  SY_ASSERT_OK(log.load(0, [&](Event&& e) {
    types.insert(e.type());
    last_time = e.time_ms;
    auto r = engine.replay(e);
    EXPECT_TRUE(r) << "seq " << e.seq << ": " << (r ? "" : r.error().message);
    ++n;
    return r.has_value();
  }));
  EXPECT_EQ(n, 112u);
  // Every type the old server had (survey_answered came with issue 8).
  EXPECT_EQ(types.size(), static_cast<size_t>(EventType::kQueueOverflowEnded) + 1)
      << "the fixture holds every event type of its time";
  auto fx = engine.find_queue("fx");
  ASSERT_TRUE(fx);
  EXPECT_EQ(engine.queue_config(*fx)->acw_ms, 800);
  EXPECT_EQ(engine.queue_config(*fx)->strategy, Strategy::kRoundRobin);
  auto ann = engine.find_agent("fx-ann");
  ASSERT_TRUE(ann);
  EXPECT_EQ(engine.agent(*ann)->state, AgentState::kLoggedOut);
  EXPECT_EQ(engine.settings().offer_timeout_ms, 1'500);

  // The history kept by the old commit path is adopted with its checkpoint.
  history::HistoryProjection projection;
  auto checkpoint = projection.start(this->db(), log);
  ASSERT_TRUE(checkpoint);
  EXPECT_GT(*checkpoint, 0u);
  auto first = history::HistoryRepository(this->db()).customer_contacts("cust-1", 10).value();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].state, ContactState::kCompleted);
  EXPECT_EQ(first[0].disposition, "resolved");

  // The log continues in the current format; both formats read back and
  // replay together.
  core::testing::RecordingSink sink;
  engine.set_sink(&sink);
  clock.set_ms(last_time + 1'000);
  ASSERT_TRUE(engine.login(*ann));
  ASSERT_TRUE(engine.set_not_ready(*ann, "lunch"));
  ASSERT_FALSE(sink.events.empty());
  storage::Transaction tx;
  SY_ASSERT_OK(log.stage_append(tx, sink.events));
  SY_ASSERT_OK(tx.run(this->db()));
  EXPECT_EQ(this->count("events WHERE format = 2"), static_cast<int64_t>(sink.events.size()));
  Engine again(clock);
  uint64_t all = 0;
  SY_ASSERT_OK(log.load(0, [&](Event&& e) {
    ++all;
    return again.replay(e).has_value();
  }));
  EXPECT_EQ(all, 112u + sink.events.size());
  EXPECT_EQ(again.dump_state(), engine.dump_state());
}

}  // namespace
}  // namespace switchyard::eventlog
