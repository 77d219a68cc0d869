// Crash safety: kill -9 the server while clients create contacts, restart it
// on the same store, and prove that no acknowledged contact is lost and no
// contact is duplicated (idempotency keys on create). On SQLite and on a
// throwaway PostgreSQL server.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "harness.h"
#include "storage/pg_harness.h"

namespace switchyard::testing {
namespace {

namespace json = boost::json;

struct Sent {
  std::string key;
  uint64_t id = 0;        // 0 = no answer before the crash
  int64_t wait_since = 0;
};

std::string store_url(const std::string& backend, const TempDir& dir) {
  if (backend == "sqlite") return "sqlite:" + dir.path() + "/crash.db";
  auto pg = storage::testing::PgServer::shared();
  EXPECT_TRUE(pg) << (pg ? "" : pg.error().message);
  static int n = 0;
  auto url = (*pg)->create_database("crash" + std::to_string(getpid()) + "_" + std::to_string(n++));
  EXPECT_TRUE(url) << (url ? "" : url.error().message);
  return *url;
}

class Durability : public ::testing::TestWithParam<std::string> {};

TEST_P(Durability, KillNineUnderLoadLosesAndDuplicatesNothing) {
  TempDir dir;
  std::string store = store_url(GetParam(), dir);
  auto server = ServerProcess::start(store);
  ASSERT_NE(server, nullptr);
  std::string admin = login(server->port(), "admin");

  std::mutex mu;
  std::vector<Sent> sent;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t)
    clients.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        Sent s;
        s.key = "crash-" + std::to_string(t) + "-" + std::to_string(i);
        auto h = bearer(admin);
        h.emplace_back("Idempotency-Key", s.key);
        HttpResult r = http(server->port(), "POST", "/api/v1/contacts",
                            R"({"queue":"billing","customer_id":")" + s.key + R"("})", h);
        if (r.status == 201) {
          s.id = r.json().at("id").to_number<uint64_t>();
          s.wait_since = r.json().at("wait_since_ms").to_number<int64_t>();
        }
        std::lock_guard lk(mu);
        sent.push_back(s);
        if (r.status != 201) return;  // the server is gone
      }
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  server->kill9();
  stop = true;
  for (auto& c : clients) c.join();
  size_t acked = 0;
  for (const Sent& s : sent) acked += s.id != 0;
  ASSERT_GT(acked, 50u) << "the load did not get going";

  auto again = ServerProcess::start(store);
  ASSERT_NE(again, nullptr);
  admin = login(again->port(), "admin");
  std::set<uint64_t> ids;
  for (const Sent& s : sent) {
    auto h = bearer(admin);
    h.emplace_back("Idempotency-Key", s.key);
    HttpResult r = http(again->port(), "POST", "/api/v1/contacts",
                        R"({"queue":"billing","customer_id":")" + s.key + R"("})", h);
    if (s.id != 0) {
      // Acknowledged before the crash: still there, same contact, same place.
      ASSERT_EQ(r.status, 200) << s.key << " " << r.body;
      ASSERT_EQ(r.json().at("id").to_number<uint64_t>(), s.id) << s.key;
      ASSERT_EQ(r.json().at("wait_since_ms").to_number<int64_t>(), s.wait_since) << s.key;
    } else {
      // In flight at the crash: committed or not, the retry yields one contact.
      ASSERT_TRUE(r.status == 200 || r.status == 201) << r.body;
    }
    ASSERT_TRUE(ids.insert(r.json().at("id").to_number<uint64_t>()).second) << "duplicate for " << s.key;
  }
  // Exactly one waiting contact per key: nothing lost, nothing doubled.
  HttpResult q = http(again->port(), "GET", "/api/v1/queues/billing", "", bearer(admin));
  ASSERT_EQ(q.status, 200);
  EXPECT_EQ(q.json().at("waiting").to_number<uint64_t>(), sent.size());
  EXPECT_EQ(again->terminate(), 0);
}

TEST_P(Durability, GracefulStopThenRestartKeepsAgentsQueuesAndSequence) {
  TempDir dir;
  std::string store = store_url(GetParam(), dir);
  auto server = ServerProcess::start(store);
  ASSERT_NE(server, nullptr);
  std::string admin = login(server->port(), "admin");
  ASSERT_EQ(http(server->port(), "POST", "/api/v1/agents/agent05/state", R"({"state":"ready"})", bearer(admin)).status,
            409);  // not logged in yet
  ASSERT_EQ(http(server->port(), "POST", "/api/v1/agents/agent05/login", "{}", bearer(admin)).status, 200);
  ASSERT_EQ(http(server->port(), "POST", "/api/v1/agents/agent05/state", R"({"state":"not_ready","reason":"lunch"})",
                 bearer(admin)).status,
            200);
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(http(server->port(), "POST", "/api/v1/contacts", R"({"queue":"tech"})", bearer(admin)).status, 201);
  json::value before = http(server->port(), "GET", "/readyz").json();
  EXPECT_EQ(server->terminate(), 0);  // SIGTERM: drains and exits 0

  auto again = ServerProcess::start(store);
  ASSERT_NE(again, nullptr);
  admin = login(again->port(), "admin");
  json::value after = http(again->port(), "GET", "/readyz").json();
  EXPECT_EQ(after.at("durable_seq"), before.at("durable_seq"));
  json::value agent = http(again->port(), "GET", "/api/v1/agents/agent05", "", bearer(admin)).json();
  EXPECT_EQ(agent.at("state").as_string(), "not_ready");
  EXPECT_EQ(agent.at("reason").as_string(), "lunch");
  json::value tech = http(again->port(), "GET", "/api/v1/queues/tech", "", bearer(admin)).json();
  EXPECT_EQ(tech.at("waiting").to_number<int>(), 5);
  EXPECT_EQ(again->terminate(), 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, Durability, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace switchyard::testing
