// The API's contract where it was fixed (issue 7), on SQLite and on
// PostgreSQL, through the real binary: input both databases cannot store is
// refused alike with a 400 naming the field; idempotency keys are scoped per
// caller and a reused key with another body is a 422; numbers are plain and
// absent values null; login limiting also counts per address across
// usernames; user changes are audited with what changed.
#include <gtest/gtest.h>

#include "harness.h"
#include "storage/pg_harness.h"

namespace switchyard::testing {
namespace {

namespace json = boost::json;

std::string store_url(const std::string& backend, const TempDir& dir) {
  if (backend == "sqlite") return "sqlite:" + dir.path() + "/contract.db";
  auto pg = storage::testing::PgServer::shared();
  EXPECT_TRUE(pg) << (pg ? "" : pg.error().message);
  static int n = 0;
  auto url = (*pg)->create_database("contract" + std::to_string(getpid()) + "_" + std::to_string(n++));
  EXPECT_TRUE(url) << (url ? "" : url.error().message);
  return *url;
}

class Contract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    server_ = ServerProcess::start(store_url(GetParam(), dir_));
    ASSERT_NE(server_, nullptr);
    port_ = server_->port();
    admin_ = login(port_, "admin");
  }
  void TearDown() override {
    if (server_) {
      EXPECT_EQ(server_->terminate(), 0);
    }
  }
  HttpResult as(const std::string& token, const std::string& method, const std::string& target,
                const std::string& body = {}, std::vector<std::pair<std::string, std::string>> extra = {}) {
    auto h = bearer(token);
    h.insert(h.end(), extra.begin(), extra.end());
    return http(port_, method, target, body, h);
  }
  static std::string field(const HttpResult& r) {
    return std::string(r.json().at("error").at("field").as_string());
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  uint16_t port_ = 0;
  std::string admin_;
};

TEST_P(Contract, TextNeitherDatabaseCanStoreIsA400NamingTheField) {
  struct Case {
    const char* method;
    std::string target;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    const char* field;
  };
  const Case kCases[] = {
      {"POST", "/api/v1/contacts", R"({"queue":"billing","customer_id":"a\u0000b"})", {}, "customer_id"},
      {"POST", "/api/v1/contacts", R"({"queue":"billing","attributes":{"note":"x\u0000"}})", {}, "attributes.note"},
      {"POST", "/api/v1/contacts", "{\"queue\":\"billing\",\"customer_id\":\"\xC3\x28\"}", {}, "body"},
      {"POST", "/api/v1/contacts", R"({"queue":"billing"})", {{"Idempotency-Key", "k\xFF"}}, "Idempotency-Key"},
      {"GET", "/api/v1/customers/a%00b/contacts", "", {}, "customer_id"},
      {"GET", "/api/v1/customers/%C3%28/contacts", "", {}, "customer_id"},
      {"POST", "/api/v1/users", R"({"username":"u\u0000","password":"long-enough-pw","role":"agent"})", {},
       "username"},
      {"POST", "/api/v1/skills", R"({"name":"s\u0000"})", {}, "name"},
  };
  for (const Case& c : kCases) {
    HttpResult r = as(admin_, c.method, c.target, c.body, c.headers);
    EXPECT_EQ(r.status, 400) << c.method << " " << c.target << " " << c.body << " -> " << r.body;
    EXPECT_EQ(field(r), c.field) << r.body;
  }
  // Nothing broke: the server still takes contacts and is ready.
  EXPECT_EQ(as(admin_, "POST", "/api/v1/contacts", R"({"queue":"billing","customer_id":"ok \u4e2d"})").status, 201);
  EXPECT_EQ(http(port_, "GET", "/readyz").status, 200);
  HttpResult h = as(admin_, "GET", "/api/v1/customers/ok%20%E4%B8%AD/contacts");
  ASSERT_EQ(h.status, 200) << h.body;
  const json::value hv = h.json();
  ASSERT_EQ(hv.as_array().size(), 1u);
  EXPECT_EQ(hv.as_array()[0].at("customer_id").as_string(), "ok \xE4\xB8\xAD");
}

TEST_P(Contract, IdempotencyKeysArePerCallerAndBoundToTheRequest) {
  HttpResult k = as(admin_, "POST", "/api/v1/api-keys", R"({"name":"ivr","role":"integration"})");
  ASSERT_EQ(k.status, 201);
  std::vector<std::pair<std::string, std::string>> ivr = {{"X-API-Key", std::string(k.json().at("key").as_string())},
                                                          {"Idempotency-Key", "same-key"}};
  const std::string body = R"({"queue":"sales","customer_id":"dup"})";
  HttpResult mine = as(admin_, "POST", "/api/v1/contacts", body, {{"Idempotency-Key", "same-key"}});
  HttpResult theirs = http(port_, "POST", "/api/v1/contacts", body, ivr);
  ASSERT_EQ(mine.status, 201);
  ASSERT_EQ(theirs.status, 201) << "another caller's key must not collide";
  EXPECT_NE(mine.json().at("id"), theirs.json().at("id"));
  HttpResult again = as(admin_, "POST", "/api/v1/contacts", body, {{"Idempotency-Key", "same-key"}});
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.json().at("id"), mine.json().at("id"));
  HttpResult other = as(admin_, "POST", "/api/v1/contacts", R"({"queue":"sales","customer_id":"other"})",
                        {{"Idempotency-Key", "same-key"}});
  EXPECT_EQ(other.status, 422) << other.body;
  EXPECT_EQ(field(other), "Idempotency-Key");
  EXPECT_EQ(other.json().at("error").at("code").as_string(), "unprocessable");
}

TEST_P(Contract, NumbersArePlainAndAbsentValuesNull) {
  // Nobody is logged in (no demo traffic): no estimate can be made.
  HttpResult c = as(admin_, "POST", "/api/v1/contacts", R"({"queue":"tech"})");
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_TRUE(c.json().at("ewt_ms").is_null()) << c.body;
  HttpResult q = as(admin_, "GET", "/api/v1/queues/tech");
  ASSERT_EQ(q.status, 200);
  EXPECT_TRUE(q.json().at("ewt_ms").is_null()) << q.body;
  EXPECT_NE(q.body.find("\"weight\":1,"), std::string::npos) << q.body;
  EXPECT_NE(q.body.find("\"sl_target_pct\":80,"), std::string::npos) << q.body;
  EXPECT_EQ(q.body.find("E0"), std::string::npos) << q.body;
  // A logged-out agent has been so since its creation, not since 1970.
  HttpResult rt = as(admin_, "GET", "/api/v1/realtime");
  ASSERT_EQ(rt.status, 200);
  const json::value rtv = rt.json();
  for (const auto& a : rtv.at("agents").as_array()) {
    EXPECT_EQ(a.at("state").as_string(), "logged_out");
    EXPECT_LT(a.at("time_in_state_ms").to_number<int64_t>(), 3'600'000) << a;
  }
  EXPECT_EQ(rt.body.find("E-"), std::string::npos);
}

TEST_P(Contract, LoginsAreLimitedPerAddressAcrossUsernames) {
  // A client guessing passwords for many users (5 per user would pass the
  // per-user limit) is stopped by the per-address limit (20 by default).
  int limited = 0;
  for (int i = 0; i < 25; ++i) {
    HttpResult r = http(port_, "POST", "/api/v1/auth/login",
                        R"({"username":"nobody)" + std::to_string(i) + R"(","password":"wrong-password"})");
    if (r.status == 429) {
      ++limited;
      EXPECT_FALSE(r.header("Retry-After").empty());
    } else {
      EXPECT_EQ(r.status, 401);
    }
  }
  EXPECT_EQ(limited, 5);
}

TEST_P(Contract, UserChangesAreAuditedWithWhatChanged) {
  HttpResult u = as(admin_, "POST", "/api/v1/users", R"({"username":"promo","password":"long-enough-pw","role":"agent"})");
  ASSERT_EQ(u.status, 201) << u.body;
  std::string id = std::to_string(u.json().at("id").to_number<int64_t>());
  ASSERT_EQ(as(admin_, "PUT", "/api/v1/users/" + id, R"({"username":"promo","role":"team_lead"})").status, 200);
  // A change that fails is not audited.
  EXPECT_EQ(as(admin_, "PUT", "/api/v1/users/" + id, R"({"username":"promo","role":"root"})").status, 400);
  const json::value audit = as(admin_, "GET", "/api/v1/audit?limit=1000").json();
  int updates = 0;
  for (const auto& e : audit.as_array())
    if (e.at("action").as_string() == "user.update") {
      ++updates;
      EXPECT_EQ(e.at("target").as_string(), "user:promo");
      EXPECT_EQ(e.at("detail").as_string(), "role agent -> team_lead");
    }
  EXPECT_EQ(updates, 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, Contract, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& i) { return i.param; });

}  // namespace
}  // namespace switchyard::testing
