// The webhook dispatcher on SQLite and PostgreSQL: signed requests, retries
// with back-off, giving up, a restart in the middle, and a real HTTP
// receiver on loopback.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "alerts/webhook_dispatcher.h"
#include "http/server.h"
#include "storage/db_test_util.h"

namespace switchyard::alerts {
namespace {

using storage::testing::Backends;
using storage::testing::BackendNames;
namespace json = boost::json;

const std::string* header(const http::ClientRequest& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return &v;
  return nullptr;
}

template <typename B>
class DispatcherTest : public storage::testing::DbFixture<B> {
 protected:
  std::vector<const storage::ModuleSchema*> schemas() const override { return {&schema()}; }
  // A webhook and one raised event for it; returns the event id.
  uint64_t raise(const std::string& url, int64_t at_ms = 1'000) {
    AlertRepository repo(this->db());
    Webhook w;
    w.name = "ops";
    w.url = url;
    w.secret = "a-secret-of-twenty-chars";
    const uint64_t hook = repo.insert_webhook(w).value();
    Change c;
    c.event.rule = 1;
    c.event.rule_name = "Sales wait";
    c.event.scope = Scope{ScopeKind::kQueue, 0, {}};
    c.event.scope_name = "Sales";
    c.event.value = 75;
    c.event.threshold = 60;
    c.event.at_ms = at_ms;
    c.webhooks = {hook};
    return repo.record({c}, at_ms).value()[0].id;
  }
  std::vector<Delivery> log() { return AlertRepository(this->db()).deliveries(DeliveryFilter{}).value(); }
  DispatchOptions options() {
    DispatchOptions o;
    o.retry_base_ms = 1'000;
    o.retry_max_ms = 4'000;
    o.max_attempts = 3;
    return o;
  }
  WebhookDispatcher::Open opener() {
    return [this] { return storage::open_database(this->url_); };
  }
};
TYPED_TEST_SUITE(DispatcherTest, Backends, BackendNames);

TYPED_TEST(DispatcherTest, SignsEachAttemptRetriesWithBackOffAndGivesUp) {
  ManualClock clock(1'700'000'000'000);
  const uint64_t event = this->raise("http://hooks.example/alerts", clock.now_ms());
  std::vector<http::ClientRequest> sent;
  std::vector<int> answers = {500, 0, 200};  // 0: no connection
  WebhookDispatcher d(this->opener(), clock, this->options(), [&](const http::ClientRequest& r) -> Result<http::ClientResponse> {
    sent.push_back(r);
    const int status = answers[sent.size() - 1];
    if (status == 0) return make_error(ErrorCode::kUnavailable, "connection refused", "url");
    return http::ClientResponse{status, ""};
  });
  EXPECT_EQ(d.run_once(this->db()).value(), 1u);
  ASSERT_EQ(sent.size(), 1u);
  const http::ClientRequest first = sent[0];  // a copy: `sent` grows
  EXPECT_EQ(first.method, "POST");
  EXPECT_EQ(first.url, "http://hooks.example/alerts");
  EXPECT_EQ(*header(first, "X-Switchyard-Event"), "alert.raised");
  EXPECT_EQ(*header(first, "X-Switchyard-Timestamp"), "1700000000");
  EXPECT_EQ(*header(first, "X-Switchyard-Signature"),
            "sha256=" + signature("a-secret-of-twenty-chars", "1700000000", first.body));
  json::value body = json::parse(first.body);
  EXPECT_EQ(body.at("type").as_string(), "alert.raised");
  EXPECT_EQ(body.at("alert").at("id").to_number<uint64_t>(), event);
  EXPECT_EQ(body.at("alert").at("scope").at("name").as_string(), "Sales");
  EXPECT_EQ(std::to_string(body.at("delivery").to_number<uint64_t>()), *header(first, "X-Switchyard-Delivery"));
  auto log = this->log();
  EXPECT_EQ(log[0].status, DeliveryStatus::kPending);
  EXPECT_EQ(log[0].last_status, 500);
  EXPECT_EQ(log[0].next_ms, clock.now_ms() + 1'000);
  // Not due yet.
  clock.advance_ms(999);
  EXPECT_EQ(d.run_once(this->db()).value(), 0u);
  clock.advance_ms(1);
  EXPECT_EQ(d.run_once(this->db()).value(), 1u);
  log = this->log();
  EXPECT_EQ(log[0].attempts, 2);
  EXPECT_EQ(log[0].last_error.find("connection refused") != std::string::npos, true) << log[0].last_error;
  EXPECT_EQ(log[0].last_error.find(".hpp"), std::string::npos) << "no Boost source locations: " << log[0].last_error;
  EXPECT_EQ(log[0].next_ms, clock.now_ms() + 2'000);  // doubled
  clock.advance_ms(2'000);
  EXPECT_EQ(d.run_once(this->db()).value(), 1u);
  log = this->log();
  EXPECT_EQ(log[0].status, DeliveryStatus::kDelivered);
  EXPECT_EQ(log[0].attempts, 3);
  // Same bytes, same delivery id, a fresh timestamp and signature each time.
  EXPECT_EQ(sent[2].body, first.body);
  EXPECT_EQ(*header(sent[2], "X-Switchyard-Delivery"), *header(first, "X-Switchyard-Delivery"));
  EXPECT_EQ(*header(sent[2], "X-Switchyard-Timestamp"), "1700000003");
  EXPECT_NE(*header(sent[2], "X-Switchyard-Signature"), *header(first, "X-Switchyard-Signature"));
}

TYPED_TEST(DispatcherTest, AfterMaxAttemptsTheDeliveryFails) {
  ManualClock clock(0);
  this->raise("http://hooks.example/a", 0);
  int calls = 0;
  WebhookDispatcher d(this->opener(), clock, this->options(), [&](const http::ClientRequest&) -> Result<http::ClientResponse> {
    ++calls;
    return http::ClientResponse{410, "gone"};
  });
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(d.run_once(this->db()));
    clock.advance_ms(10'000);
  }
  EXPECT_EQ(calls, 3);
  auto log = this->log();
  EXPECT_EQ(log[0].status, DeliveryStatus::kFailed);
  EXPECT_EQ(log[0].last_error, "HTTP 410");
}

TYPED_TEST(DispatcherTest, APendingDeliverySurvivesARestartAndReachesARealReceiver) {
  // The receiver: a real HTTP server on loopback that checks the signature.
  http::Options ho;
  ho.port = 0;
  ho.io_threads = 1;
  http::Server receiver(ho);
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> bodies;
  bool fail_first = true;
  ASSERT_TRUE(receiver.route("POST", "/hook", [&](http::Request&& r, http::Respond respond) {
    const std::string* ts = r.header("x-switchyard-timestamp");
    const std::string* sig = r.header("x-switchyard-signature");
    const bool signed_ok = ts && sig && *sig == "sha256=" + signature("a-secret-of-twenty-chars", *ts, r.body);
    std::lock_guard lk(mu);
    if (fail_first) {
      fail_first = false;
      return respond(http::Response{503, "", "text/plain", {}});
    }
    bodies.push_back(signed_ok ? r.body : "bad signature");
    cv.notify_all();
    respond(http::Response{204, "", "text/plain", {}});
  }));
  ASSERT_TRUE(receiver.start());
  const std::string url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook";
  SystemClock clock;
  this->raise(url, clock.now_ms());
  DispatchOptions o = this->options();
  o.retry_base_ms = 50;
  {
    // The first process: one attempt (503), then it stops.
    WebhookDispatcher first(this->opener(), clock, o);
    EXPECT_EQ(first.run_once(this->db()).value(), 1u);
  }
  EXPECT_EQ(this->log()[0].status, DeliveryStatus::kPending);
  this->reopen();
  // The next process picks the pending delivery up on its own thread.
  WebhookDispatcher second(this->opener(), clock, o);
  second.start();
  {
    std::unique_lock lk(mu);
    ASSERT_TRUE(cv.wait_for(lk, std::chrono::seconds(20), [&] { return !bodies.empty(); }));
    EXPECT_NE(bodies[0], "bad signature");
    EXPECT_EQ(json::parse(bodies[0]).at("alert").at("rule").at("name").as_string(), "Sales wait");
  }
  second.stop();
  receiver.stop();
  auto log = this->log();
  EXPECT_EQ(log[0].status, DeliveryStatus::kDelivered);
  EXPECT_EQ(log[0].attempts, 2);
  EXPECT_EQ(log[0].last_status, 204);
}

TEST(HttpClient, BadUrlsAndRefusedConnectionsAreErrors) {
  http::ClientRequest r;
  r.url = "not a url";
  EXPECT_EQ(http::fetch(r).error().code, ErrorCode::kInvalidArgument);
  r.url = "ftp://example.com/x";
  EXPECT_EQ(http::fetch(r).error().code, ErrorCode::kInvalidArgument);
  r.url = "http://127.0.0.1:1/x";  // nothing listens on port 1
  r.timeout_ms = 2'000;
  auto res = http::fetch(r);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace switchyard::alerts
