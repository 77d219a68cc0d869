// Alerts end to end (docs/api.md, "Alerts"): a rule on a queue's longest
// wait raises when a contact waits too long and clears when it leaves; the
// raise and the clear reach the WebSocket and a webhook receiver (signed,
// retried after a failure), the delivery log shows it; bad rules get 400s
// naming the field; agents cannot manage alerts.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "harness.h"
#include "http/server.h"

namespace switchyard::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// An independent check of the signature: HMAC-SHA256 by OpenSSL, in hex.
std::string hmac_hex(const std::string& key, const std::string& message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), mac, &len);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", mac[i]);
    hex += buf;
  }
  return hex;
}

// A webhook receiver on loopback: answers 500 to the first request, then 204.
struct Receiver {
  http::Server server{[] {
    http::Options o;
    o.port = 0;
    o.io_threads = 1;
    return o;
  }()};
  std::mutex mu;
  std::condition_variable cv;
  std::vector<http::Request> received;  // the ones answered 204
  int calls = 0;
  Receiver() {
    EXPECT_TRUE(server.route("POST", "/hook", [this](http::Request&& r, http::Respond respond) {
      std::lock_guard lk(mu);
      if (++calls == 1) return respond(http::Response{500, "try later", "text/plain", {}});
      received.push_back(std::move(r));
      cv.notify_all();
      respond(http::Response{204, "", "text/plain", {}});
    }));
    EXPECT_TRUE(server.start());
  }
  ~Receiver() { server.stop(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server.port()) + "/hook"; }
  // The n-th (1-based) accepted request, waiting up to 20 s.
  std::optional<http::Request> wait_for(size_t n) {
    std::unique_lock lk(mu);
    if (!cv.wait_for(lk, 20s, [&] { return received.size() >= n; })) return std::nullopt;
    return received[n - 1];
  }
};

class AlertsTest : public ServerSuite {
 protected:
  static void SetUpTestSuite() {
    setenv("SWITCHYARD_ALERTS_RETRY_BASE_S", "0.05", 1);
    start_server("alerts.db");
    unsetenv("SWITCHYARD_ALERTS_RETRY_BASE_S");
  }
  // The next WebSocket message of `type`, skipping KPI updates.
  static std::optional<json::value> next_of(WsClient& ws, std::string_view type) { return ws.next_of(type, 20'000); }
};

TEST_F(AlertsTest, ALongWaitRaisesAndClearsOnTheSocketAndAtTheWebhook) {
  Receiver receiver;
  HttpResult hook = as(admin_, "POST", "/api/v1/alerts/webhooks",
                       R"({"name":"ops","url":")" + receiver.url() + R"("})");
  ASSERT_EQ(hook.status, 201) << hook.body;
  const std::string secret(hook.json().at("secret").as_string());
  EXPECT_TRUE(secret.starts_with("whsec_"));
  EXPECT_FALSE(as(admin_, "GET", "/api/v1/alerts/webhooks").body.find(secret) != std::string::npos);

  // No agent is logged in to billing: a contact there waits.
  HttpResult rule = as(admin_, "POST", "/api/v1/alerts/rules",
                       R"({"name":"Billing wait","metric":"longest_wait","scope":{"queue":"billing"},)"
                       R"("raise_at":0.5,"clear_at":0.2})");
  ASSERT_EQ(rule.status, 201) << rule.body;
  const uint64_t rule_id = rule.json().at("id").to_number<uint64_t>();
  EXPECT_EQ(rule.json().at("scope").at("name").as_string(), "billing");
  EXPECT_EQ(rule.json().at("active").as_bool(), false);

  WsClient ws(port_, "/api/v1/events?kpis=only&access_token=" + admin_);
  ASSERT_TRUE(ws.ok());
  auto greeting = next_of(ws, "alerts");
  ASSERT_TRUE(greeting);
  EXPECT_TRUE(greeting->at("active").as_array().empty());

  HttpResult c = as(admin_, "POST", "/api/v1/contacts", R"({"queue":"billing","customer_id":"al-1"})");
  ASSERT_EQ(c.status, 201) << c.body;
  const std::string contact = std::to_string(c.json().at("id").to_number<uint64_t>());

  auto raised = next_of(ws, "alert");
  ASSERT_TRUE(raised) << "no alert on the socket";
  const json::value& a = raised->at("alert");
  EXPECT_EQ(a.at("kind").as_string(), "raised");
  EXPECT_EQ(a.at("rule").at("id").to_number<uint64_t>(), rule_id);
  EXPECT_EQ(a.at("scope").at("name").as_string(), "billing");
  EXPECT_GT(a.at("value").to_number<double>(), 0.5);
  EXPECT_EQ(a.at("threshold").to_number<double>(), 0.5);

  json::value active = as(admin_, "GET", "/api/v1/alerts").json();
  ASSERT_EQ(active.at("active").as_array().size(), 1u);
  EXPECT_EQ(active.at("active").as_array()[0].at("id"), a.at("id"));
  EXPECT_NE(http(port_, "GET", "/metrics").body.find("switchyard_alerts_active 1"), std::string::npos);
  json::value rules = as(admin_, "GET", "/api/v1/alerts/rules").json();
  EXPECT_EQ(rules.at("rules").as_array()[0].at("active").as_bool(), true);

  // The webhook: refused once, delivered on the retry, signed.
  auto req = receiver.wait_for(1);
  ASSERT_TRUE(req) << "the webhook never got the alert";
  const std::string* ts = req->header("x-switchyard-timestamp");
  const std::string* sig = req->header("x-switchyard-signature");
  const std::string* type = req->header("x-switchyard-event");
  ASSERT_TRUE(ts && sig && type);
  EXPECT_EQ(*type, "alert.raised");
  EXPECT_EQ(*sig, "sha256=" + hmac_hex(secret, *ts + "." + req->body));
  json::value body = json::parse(req->body);
  EXPECT_EQ(body.at("alert").at("id"), a.at("id"));
  EXPECT_EQ(std::to_string(body.at("delivery").to_number<uint64_t>()), *req->header("x-switchyard-delivery"));

  // The contact leaves: the wait is 0, the alert clears.
  ASSERT_EQ(as(admin_, "POST", "/api/v1/contacts/" + contact + "/abandon", "{}").status, 200);
  auto cleared = next_of(ws, "alert");
  ASSERT_TRUE(cleared);
  EXPECT_EQ(cleared->at("alert").at("kind").as_string(), "cleared");
  auto clear_req = receiver.wait_for(2);
  ASSERT_TRUE(clear_req);
  EXPECT_EQ(*clear_req->header("x-switchyard-event"), "alert.cleared");
  EXPECT_TRUE(as(admin_, "GET", "/api/v1/alerts").json().at("active").as_array().empty());

  // The history and the delivery log.
  json::value events = as(admin_, "GET", "/api/v1/alerts/events?rule=" + std::to_string(rule_id)).json();
  ASSERT_EQ(events.at("events").as_array().size(), 2u);
  EXPECT_EQ(events.at("events").as_array()[0].at("kind").as_string(), "cleared");  // newest first
  json::value log = as(admin_, "GET", "/api/v1/alerts/deliveries").json();
  const json::array& deliveries = log.at("deliveries").as_array();
  ASSERT_EQ(deliveries.size(), 2u);
  const json::value& first = deliveries[1];
  EXPECT_EQ(first.at("status").as_string(), "delivered");
  EXPECT_EQ(first.at("attempts").to_number<int>(), 2);
  EXPECT_EQ(first.at("last_status").to_number<int>(), 204);
  EXPECT_EQ(as(admin_, "GET", "/api/v1/alerts/deliveries?status=failed").json().at("deliveries").as_array().size(),
            0u);

  // Deleting the rule and the webhook.
  EXPECT_EQ(as(admin_, "DELETE", "/api/v1/alerts/rules/" + std::to_string(rule_id)).status, 204);
  EXPECT_EQ(as(admin_, "DELETE", "/api/v1/alerts/rules/" + std::to_string(rule_id)).status, 404);
  EXPECT_EQ(as(admin_, "DELETE", "/api/v1/alerts/webhooks/" + json::serialize(hook.json().at("id"))).status, 204);
}

TEST_F(AlertsTest, ACustomerGroupRuleWatchesThatGroupsContactsOnly) {
  HttpResult rule = as(admin_, "POST", "/api/v1/alerts/rules",
                       R"({"name":"VIP wait","metric":"longest_wait","scope":{"customer_group":"vip"},"raise_at":0.3})");
  ASSERT_EQ(rule.status, 201) << rule.body;
  const std::string id = json::serialize(rule.json().at("id"));
  WsClient ws(port_, "/api/v1/events?kpis=only&access_token=" + admin_);
  ASSERT_TRUE(ws.ok());
  // A contact of another group waits: nothing for the VIP rule.
  HttpResult other = as(admin_, "POST", "/api/v1/contacts", R"({"queue":"tech","customer_group":"standard"})");
  ASSERT_EQ(other.status, 201) << other.body;
  std::this_thread::sleep_for(1s);
  const json::value active = as(admin_, "GET", "/api/v1/alerts").json();  // kept: the loop reads into it
  for (const json::value& e : active.at("active").as_array())
    EXPECT_NE(json::serialize(e.at("rule").at("id")), id) << "raised by another group's contact";
  HttpResult vip = as(admin_, "POST", "/api/v1/contacts", R"({"queue":"tech","customer_group":"vip"})");
  ASSERT_EQ(vip.status, 201) << vip.body;
  std::optional<json::value> raised;
  while ((raised = next_of(ws, "alert")))
    if (json::serialize(raised->at("alert").at("rule").at("id")) == id) break;
  ASSERT_TRUE(raised) << "the VIP rule never raised";
  EXPECT_EQ(raised->at("alert").at("kind").as_string(), "raised");
  EXPECT_EQ(raised->at("alert").at("scope").at("customer_group").as_string(), "vip");
  for (const HttpResult* c : {&other, &vip})
    EXPECT_EQ(as(admin_, "POST", "/api/v1/contacts/" + json::serialize(c->json().at("id")) + "/abandon", "{}").status,
              200);
  EXPECT_EQ(as(admin_, "DELETE", "/api/v1/alerts/rules/" + id).status, 204);
}

TEST_F(AlertsTest, BadRulesAndWebhooksGetFourHundredsNamingTheField) {
  auto field = [](const HttpResult& r) { return std::string(r.json().at("error").at("field").as_string()); };
  HttpResult r = as(admin_, "POST", "/api/v1/alerts/rules", R"({"name":"x","metric":"ewt","raise_at":1})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field(r), "scope");
  r = as(admin_, "POST", "/api/v1/alerts/rules",
         R"({"name":"x","metric":"ewt","scope":{"queue":"no-such-queue"},"raise_at":1})");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(field(r), "scope.queue");
  r = as(admin_, "POST", "/api/v1/alerts/rules",
         R"({"name":"x","metric":"abandon_rate","scope":{"queue":"billing"},"raise_at":0.1,"clear_at":0.3})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field(r), "clear_at");
  r = as(admin_, "POST", "/api/v1/alerts/rules",
         R"({"name":"x","metric":"ewt","scope":{"queue":"billing"},"raise_at":1,"webhooks":[4242]})");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(field(r), "webhooks[0]");
  r = as(admin_, "POST", "/api/v1/alerts/rules", "{not json");
  EXPECT_EQ(r.status, 400);
  r = as(admin_, "PUT", "/api/v1/alerts/rules/999",
         R"({"name":"x","metric":"ewt","scope":{"queue":"billing"},"raise_at":1})");
  EXPECT_EQ(r.status, 404);
  r = as(admin_, "POST", "/api/v1/alerts/webhooks", R"({"name":"x","url":"gopher://x"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field(r), "url");
  r = as(admin_, "GET", "/api/v1/alerts/deliveries?status=lost");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(field(r), "status");
  r = as(admin_, "POST", "/api/v1/alerts/deliveries/12345/retry");
  EXPECT_EQ(r.status, 404);
}

TEST_F(AlertsTest, AgentsSeeAlertsButCannotManageThem) {
  const std::string agent = login(port_, "agent01");
  EXPECT_EQ(as(agent, "GET", "/api/v1/alerts").status, 200);
  EXPECT_EQ(as(agent, "GET", "/api/v1/alerts/rules").status, 403);
  EXPECT_EQ(as(agent, "POST", "/api/v1/alerts/rules",
               R"({"name":"x","metric":"ewt","scope":{"queue":"billing"},"raise_at":1})")
                .status,
            403);
  EXPECT_EQ(as(agent, "GET", "/api/v1/alerts/deliveries").status, 403);
}

}  // namespace
}  // namespace switchyard::testing
