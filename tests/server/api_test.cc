// The server's API end to end: the real binary on loopback with the demo
// center (tests/server/harness.h).
#include <gtest/gtest.h>

#include <thread>

#include "harness.h"

namespace switchyard::testing {
namespace {

namespace json = boost::json;

class ApiTest : public ServerSuite {
 protected:
  static void SetUpTestSuite() { start_server("api.db"); }
};

TEST_F(ApiTest, HealthReadinessAndMetrics) {
  EXPECT_EQ(http(port_, "GET", "/healthz").status, 200);
  HttpResult r = http(port_, "GET", "/readyz");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.json().at("ready").as_bool());
  as(admin_, "GET", "/api/v1/realtime");
  HttpResult m = http(port_, "GET", "/metrics");
  EXPECT_EQ(m.status, 200);
  for (const char* name : {"switchyard_http_requests_total", "switchyard_http_request_duration_seconds",
                           "switchyard_queue_waiting", "switchyard_events_total", "switchyard_store_commit_seconds"})
    EXPECT_NE(m.body.find(name), std::string::npos) << name;
}

// Every route class answers 401 without credentials and with a bad token.
TEST_F(ApiTest, EveryRouteClassNeedsAuthentication) {
  const std::pair<const char*, const char*> kRoutes[] = {
      {"GET", "/api/v1/realtime"},         {"GET", "/api/v1/queues"},          {"POST", "/api/v1/queues"},
      {"GET", "/api/v1/agents/agent01"},   {"POST", "/api/v1/agents/agent01/login"},
      {"POST", "/api/v1/contacts"},        {"GET", "/api/v1/contacts/1"},      {"POST", "/api/v1/contacts/1/accept"},
      {"GET", "/api/v1/customers/c/contacts"}, {"GET", "/api/v1/users"},    {"POST", "/api/v1/api-keys"},
      {"GET", "/api/v1/audit"},            {"PUT", "/api/v1/settings"},        {"GET", "/api/v1/auth/me"}};
  for (auto [m, t] : kRoutes) {
    HttpResult r = http(port_, m, t, "{}");
    EXPECT_EQ(r.status, 401) << m << " " << t;
    EXPECT_EQ(r.json().at("error").at("code").as_string(), "unauthenticated");
    EXPECT_EQ(http(port_, m, t, "{}", bearer("nope")).status, 401) << m << " " << t;
  }
}

// Roles: what each may not do answers 403.
TEST_F(ApiTest, RolesAreEnforcedWith403) {
  std::string agent = login(port_, "agent01"), lead = login(port_, "lead.red"), reporting = login(port_, "reporting"),
              quality = login(port_, "quality");
  struct Case {
    const std::string* who;
    const char* method;
    const char* target;
    const char* body;
  };
  const Case kForbidden[] = {
      {&agent, "POST", "/api/v1/queues", R"({"name":"x"})"},
      {&agent, "GET", "/api/v1/users", ""},
      {&agent, "GET", "/api/v1/audit", ""},
      {&agent, "POST", "/api/v1/contacts", R"({"queue":"billing"})"},
      {&lead, "POST", "/api/v1/skills", R"({"name":"x"})"},
      {&lead, "POST", "/api/v1/api-keys", R"({"name":"x"})"},
      {&reporting, "POST", "/api/v1/contacts/1/accept", "{}"},
      {&reporting, "POST", "/api/v1/agents/agent01/login", "{}"},
      {&quality, "PUT", "/api/v1/settings", "{}"},
      // Scope: an agent acts only on itself, a lead only on its team.
      {&agent, "POST", "/api/v1/agents/agent02/state", R"({"state":"ready"})"},
      {&agent, "GET", "/api/v1/agents/agent02", ""},
      {&lead, "POST", "/api/v1/agents/agent11/login", "{}"},
  };
  for (const Case& c : kForbidden) {
    HttpResult r = as(*c.who, c.method, c.target, c.body);
    EXPECT_EQ(r.status, 403) << c.method << " " << c.target << " " << r.body;
    EXPECT_EQ(r.json().at("error").at("code").as_string(), "forbidden");
  }
  // ... and what they may do works.
  EXPECT_EQ(as(lead, "POST", "/api/v1/agents/agent02/login", "{}").status, 200);
  EXPECT_EQ(as(agent, "GET", "/api/v1/agents/agent01").status, 200);
  EXPECT_EQ(as(reporting, "GET", "/api/v1/queues").status, 200);
}

TEST_F(ApiTest, AnAgentSeesOnlyItselfAndALeadOnlyItsTeam) {
  std::string agent = login(port_, "agent01"), lead = login(port_, "lead.red");
  json::value rt = as(agent, "GET", "/api/v1/realtime").json();
  ASSERT_EQ(rt.at("agents").as_array().size(), 1u);
  EXPECT_EQ(rt.at("agents").as_array()[0].at("name").as_string(), "agent01");
  json::value team = as(lead, "GET", "/api/v1/realtime").json();
  EXPECT_EQ(team.at("agents").as_array().size(), 10u);
  for (const auto& a : team.at("agents").as_array()) EXPECT_EQ(a.at("team").as_string(), "red");
  json::value all = as(admin_, "GET", "/api/v1/realtime").json();
  EXPECT_EQ(all.at("agents").as_array().size(), 20u);
}

TEST_F(ApiTest, BadInputGetsAClearErrorNamingTheField) {
  struct Case {
    const char* method;
    const char* target;
    std::string body;
    int status;
    const char* field;
  };
  const Case kCases[] = {
      {"POST", "/api/v1/contacts", "{not json", 400, "body"},
      {"POST", "/api/v1/contacts", "[1,2]", 400, "body"},
      {"POST", "/api/v1/contacts", R"({"queue":"billing","bogus":1})", 400, "bogus"},
      {"POST", "/api/v1/contacts", R"({"queue":"billing","priority":"high"})", 400, "priority"},
      {"POST", "/api/v1/contacts", R"({"queue":"nosuch"})", 404, "queue"},
      {"POST", "/api/v1/contacts", R"({"customer_id":"x"})", 400, "queue"},
      {"POST", "/api/v1/queues", R"({"name":"q2","skills":[{"skill":"billing","min_proficiency":9}]})", 400,
       "skills[0].min_proficiency"},
      {"POST", "/api/v1/queues", R"({"name":"billing"})", 409, "name"},
      {"POST", "/api/v1/agents/agent01/state", R"({"state":"napping"})", 400, "state"},
      {"POST", "/api/v1/agents/agent01/state", R"({"state":"not_ready","reason":"nap"})", 400, "reason"},
      {"GET", "/api/v1/contacts/abc", "", 400, "id"},
      {"GET", "/api/v1/contacts/12345", "", 404, "id"},
      {"POST", "/api/v1/contacts/12345/accept", R"({"agent":"agent01"})", 404, "contact"},
      {"POST", "/api/v1/users", R"({"username":"u1","password":"x","role":"root"})", 400, "role"},
      // A user linked to an agent or a team that does not exist.
      {"POST", "/api/v1/users", R"({"username":"u2","password":"long-enough-pw","role":"agent","agent":99})", 404, "agent"},
      {"POST", "/api/v1/users", R"({"username":"u2","password":"long-enough-pw","role":"agent","agent":"agent99"})", 404,
       "agent"},
      {"POST", "/api/v1/users", R"({"username":"u2","password":"long-enough-pw","role":"team_lead","team":77})", 404, "team"},
      {"POST", "/api/v1/users", R"({"username":"u2","password":"long-enough-pw","role":"team_lead","team":true})", 400,
       "team"},
  };
  for (const Case& c : kCases) {
    HttpResult r = as(admin_, c.method, c.target, c.body);
    EXPECT_EQ(r.status, c.status) << c.method << " " << c.target << " " << c.body << " -> " << r.body;
    EXPECT_EQ(r.json().at("error").at("field").as_string(), c.field) << r.body;
  }
  HttpResult big = as(admin_, "POST", "/api/v1/contacts", std::string(2 << 20, ' '));
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(http(port_, "GET", "/api/v1/nothing").status, 404);
  EXPECT_EQ(http(port_, "DELETE", "/api/v1/realtime").status, 405);
}

TEST_F(ApiTest, ContactLifecycleAndCustomerHistory) {
  std::string agent = login(port_, "agent01");
  ASSERT_EQ(as(agent, "POST", "/api/v1/agents/agent01/login", "{}").status, 200);
  HttpResult c = as(admin_, "POST", "/api/v1/contacts", R"({"queue":"billing","customer_id":"hist-1"})");
  ASSERT_EQ(c.status, 201) << c.body;
  uint64_t id = c.json().at("id").to_number<uint64_t>();
  std::string path = "/api/v1/contacts/" + std::to_string(id);
  // Offered to some billing agent; if it is agent01 the agent handles it itself.
  json::value v = c.json();
  std::string handler = v.at("agent").is_string() ? std::string(v.at("agent").as_string()) : "";
  ASSERT_FALSE(handler.empty()) << c.body;
  std::string body = R"({"agent":")" + handler + R"("})";
  EXPECT_EQ(as(admin_, "POST", path + "/accept", body).status, 200);
  EXPECT_EQ(as(admin_, "GET", path).json().at("held"), false);
  EXPECT_EQ(as(admin_, "POST", path + "/hold", body).status, 200);
  // On hold: the contact says so, and the agent's desk names its queue.
  EXPECT_EQ(as(admin_, "GET", path).json().at("held"), true);
  HttpResult desk = as(admin_, "GET", "/api/v1/agents/" + handler);
  ASSERT_EQ(desk.status, 200) << desk.body;
  const json::value agent_view = desk.json();  // a local: json() makes a new value each call
  const json::array& work = agent_view.at("work").as_array();
  ASSERT_EQ(work.size(), 1u) << desk.body;
  EXPECT_EQ(work[0].at("contact").to_number<uint64_t>(), id);
  EXPECT_EQ(work[0].at("queue"), "billing");
  EXPECT_EQ(work[0].at("channel"), "voice");
  EXPECT_EQ(work[0].at("state"), "accepted");
  EXPECT_EQ(work[0].at("held"), true);
  EXPECT_EQ(as(admin_, "POST", path + "/resume", body).status, 200);
  EXPECT_EQ(as(admin_, "GET", path).json().at("held"), false);
  EXPECT_EQ(as(admin_, "POST", path + "/accept", body).status, 409);  // illegal transition
  EXPECT_EQ(as(admin_, "POST", path + "/end", body).status, 200);
  HttpResult w = as(admin_, "POST", path + "/wrapup", R"({"agent":")" + handler + R"(","disposition":"resolved"})");
  EXPECT_EQ(w.status, 200) << w.body;
  HttpResult rec = as(admin_, "GET", path);
  ASSERT_EQ(rec.status, 200);
  EXPECT_EQ(rec.json().at("state").as_string(), "completed");
  EXPECT_EQ(rec.json().at("disposition").as_string(), "resolved");
  HttpResult hist = as(admin_, "GET", "/api/v1/customers/hist-1/contacts");
  ASSERT_EQ(hist.status, 200);
  ASSERT_EQ(hist.json().as_array().size(), 1u);
  EXPECT_EQ(hist.json().as_array()[0].at("id").to_number<uint64_t>(), id);
}

TEST_F(ApiTest, ABlindTransferToAnAgentWaitsForThatAgent) {
  auto login_agent = [&](const std::string& name) {  // 409: an earlier test logged it in
    const int status = as(admin_, "POST", "/api/v1/agents/" + name + "/login", "{}").status;
    ASSERT_TRUE(status == 200 || status == 409) << name << " " << status;
  };
  login_agent("agent05");
  HttpResult c = as(admin_, "POST", "/api/v1/contacts", R"({"queue":"billing","customer_id":"tr-1"})");
  ASSERT_EQ(c.status, 201) << c.body;
  const json::value created = c.json();
  ASSERT_TRUE(created.at("agent").is_string()) << c.body;
  const std::string handler(created.at("agent").as_string());
  const std::string path = "/api/v1/contacts/" + std::to_string(created.at("id").to_number<uint64_t>());
  ASSERT_EQ(as(admin_, "POST", path + "/accept", R"({"agent":")" + handler + R"("})").status, 200);
  // The target: logged in, not ready (so the contact has to wait for it).
  const std::string target = handler == "agent07" ? "agent08" : "agent07";
  const std::string by = R"({"agent":")" + handler + R"(","to_agent":")" + target + "\"";
  EXPECT_EQ(as(admin_, "POST", path + "/transfer", by + "}").json().at("error").at("field"), "to_agent")
      << "logged out";
  ASSERT_EQ(as(admin_, "POST", "/api/v1/agents/" + target + "/login", R"({"ready":false})").status, 200);
  struct Bad {
    std::string body;
    int status;
    const char* field;
  };
  const std::string who = R"({"agent":")" + handler + "\"";
  for (const Bad& b : {Bad{by + R"(,"wait_s":0})", 400, "wait_s"}, Bad{by + R"(,"wait_s":"soon"})", 400, "wait_s"},
                       Bad{who + R"(,"to_agent":"nosuch"})", 404, "to_agent"},
                       Bad{who + R"(,"to_agent":")" + handler + "\"}", 400, "to_agent"},
                       Bad{who + R"(,"queue":"billing","wait_s":30})", 400, "wait_s"}, Bad{who + "}", 400, "queue"}}) {
    HttpResult r = as(admin_, "POST", path + "/transfer", b.body);
    EXPECT_EQ(r.status, b.status) << b.body << " -> " << r.body;
    EXPECT_EQ(r.json().at("error").at("field"), b.field) << r.body;
  }
  // A billing agent free and ready all along.
  const std::string free_agent = handler == "agent06" ? "agent04" : "agent06";
  login_agent(free_agent);
  ASSERT_EQ(as(admin_, "GET", "/api/v1/agents/" + free_agent).json().at("state"), "available");
  HttpResult t = as(admin_, "POST", path + "/transfer", by + R"(,"wait_s":120})");
  ASSERT_EQ(t.status, 200) << t.body;
  json::value v = as(admin_, "GET", path).json();
  EXPECT_EQ(v.at("state"), "queued");
  EXPECT_EQ(v.at("waits_for").as_string(), target);
  EXPECT_EQ(v.at("history"), (json::array{"billing", "billing"}));
  EXPECT_EQ(as(admin_, "GET", "/api/v1/agents/" + free_agent).json().at("state"), "available");
  // Only the target is offered it, once ready.
  ASSERT_EQ(as(admin_, "POST", "/api/v1/agents/" + target + "/state", R"({"state":"ready"})").status, 200);
  v = as(admin_, "GET", path).json();
  EXPECT_EQ(v.at("state"), "offered");
  EXPECT_EQ(v.at("agent").as_string(), target);
  EXPECT_FALSE(v.as_object().contains("waits_for"));
  EXPECT_EQ(as(admin_, "POST", path + "/accept", R"({"agent":")" + target + R"("})").status, 200);
}

TEST_F(ApiTest, IdempotencyKeyReturnsTheSameContact) {
  auto headers = bearer(admin_);
  headers.emplace_back("Idempotency-Key", "idem-abc");
  HttpResult a = http(port_, "POST", "/api/v1/contacts", R"({"queue":"tech","customer_id":"i"})", headers);
  HttpResult b = http(port_, "POST", "/api/v1/contacts", R"({"queue":"tech","customer_id":"i"})", headers);
  ASSERT_EQ(a.status, 201);
  ASSERT_EQ(b.status, 200);
  EXPECT_EQ(b.header("Idempotent-Replay"), "true");
  EXPECT_EQ(a.json().at("id"), b.json().at("id"));
}

TEST_F(ApiTest, ApiKeysForIntegrationsAndRevocation) {
  HttpResult k = as(admin_, "POST", "/api/v1/api-keys", R"({"name":"ivr","role":"integration"})");
  ASSERT_EQ(k.status, 201) << k.body;
  std::string key(k.json().at("key").as_string());
  int64_t id = k.json().at("id").to_number<int64_t>();
  std::vector<std::pair<std::string, std::string>> h = {{"X-API-Key", key}};
  EXPECT_EQ(http(port_, "POST", "/api/v1/contacts", R"({"queue":"sales"})", h).status, 201);
  EXPECT_EQ(http(port_, "GET", "/api/v1/users", "", h).status, 403);
  EXPECT_EQ(as(admin_, "DELETE", "/api/v1/api-keys/" + std::to_string(id)).status, 204);
  EXPECT_EQ(http(port_, "POST", "/api/v1/contacts", R"({"queue":"sales"})", h).status, 401);
}

TEST_F(ApiTest, UsersAreManagedAndAudited) {
  // Links by name as well as by id; answered with ids.
  HttpResult named = as(admin_, "POST", "/api/v1/users",
                        R"({"username":"named.lead","password":"long-enough-pw","role":"team_lead","team":"blue"})");
  ASSERT_EQ(named.status, 201) << named.body;
  EXPECT_TRUE(named.json().at("team").is_int64()) << named.body;
  HttpResult u = as(admin_, "POST", "/api/v1/users",
                    R"({"username":"newbie","password":"long-enough-pw","role":"reporting"})");
  ASSERT_EQ(u.status, 201) << u.body;
  std::string t = login(port_, "newbie", "long-enough-pw");
  EXPECT_EQ(as(t, "GET", "/api/v1/realtime").status, 200);
  int64_t id = u.json().at("id").to_number<int64_t>();
  EXPECT_EQ(as(admin_, "DELETE", "/api/v1/users/" + std::to_string(id)).status, 204);
  EXPECT_EQ(as(t, "GET", "/api/v1/realtime").status, 401);  // sessions die with the user
  HttpResult audit = as(admin_, "GET", "/api/v1/audit?limit=1000");
  ASSERT_EQ(audit.status, 200);
  bool created = false, deleted = false;
  const json::value entries = audit.json();
  for (const auto& e : entries.as_array()) {
    created = created || (e.at("action").as_string() == "user.create" && e.at("actor").as_string() == "admin");
    deleted = deleted || e.at("action").as_string() == "user.delete";
  }
  EXPECT_TRUE(created && deleted) << audit.body;
}

TEST_F(ApiTest, QueueConfigChangesAreLiveAndAudited) {
  HttpResult q = as(admin_, "POST", "/api/v1/queues",
                    R"({"name":"vip-line","skills":[{"skill":"billing","min_proficiency":5}],
                        "bullseye":[{"after_ms":5000,"min_proficiency":1}],"priority":5,
                        "overflow":{"threshold_ms":10000,"backup_teams":["blue"]}})");
  ASSERT_EQ(q.status, 201) << q.body;
  HttpResult get = as(admin_, "GET", "/api/v1/queues/vip-line");
  ASSERT_EQ(get.status, 200);
  EXPECT_EQ(get.json().at("config").at("bullseye").as_array().size(), 1u);
  EXPECT_EQ(get.json().at("config").at("overflow").at("backup_teams").as_array()[0].as_string(), "blue");
  HttpResult put = as(admin_, "PUT", "/api/v1/queues/vip-line", R"({"name":"vip-line","priority":7})");
  EXPECT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(as(admin_, "PUT", "/api/v1/queues/vip-line", R"({"name":"renamed"})").status, 400);
  HttpResult audit = as(admin_, "GET", "/api/v1/audit?limit=1000");
  EXPECT_NE(audit.body.find("queue.configure"), std::string::npos);
}

TEST_F(ApiTest, LoginAttemptsAreRateLimited) {
  int last = 0;
  std::string retry;
  for (int i = 0; i < 8; ++i) {
    HttpResult r = http(port_, "POST", "/api/v1/auth/login", R"({"username":"wfm","password":"wrong-password"})");
    last = r.status;
    retry = r.header("Retry-After");
  }
  EXPECT_EQ(last, 429);
  EXPECT_FALSE(retry.empty());
}

TEST_F(ApiTest, EventStreamResumesFromASequenceNumberAndIsScoped) {
  // Unauthenticated upgrades are refused.
  WsClient anon(port_, "/api/v1/events");
  EXPECT_FALSE(anon.ok());
  EXPECT_EQ(anon.handshake_status(), 401);

  WsClient all(port_, "/api/v1/events?since=1&access_token=" + admin_);
  ASSERT_TRUE(all.ok());
  uint64_t expect = 2;
  for (int i = 0; i < 20; ++i) {  // the backlog comes in order without gaps
    auto m = all.read();
    ASSERT_TRUE(m);
    auto v = json::parse(*m);
    ASSERT_EQ(v.at("seq").to_number<uint64_t>(), expect++) << *m;
  }
  std::string agent = login(port_, "agent11");
  WsClient mine(port_, "/api/v1/events?access_token=" + agent);
  ASSERT_TRUE(mine.ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let the subscription attach
  ASSERT_EQ(as(agent, "POST", "/api/v1/agents/agent11/login", "{}").status, 200);
  ASSERT_EQ(as(admin_, "POST", "/api/v1/agents/agent12/login", "{}").status, 200);
  int seen = 0;
  while (auto m = mine.read(1500)) {
    auto v = json::parse(*m);
    EXPECT_EQ(v.at("agent").to_number<uint32_t>(), 10u) << *m;  // agent11 only
    ++seen;
  }
  EXPECT_GT(seen, 0);
  WsClient bad(port_, "/api/v1/events?since=-4&access_token=" + admin_);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.handshake_status(), 400);
}

}  // namespace
}  // namespace switchyard::testing
