#include "alerts/webhook_dispatcher.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>

namespace switchyard::alerts {

namespace json = boost::json;

std::string signature(std::string_view secret, std::string_view timestamp, std::string_view body) {
  std::string message;
  message.reserve(timestamp.size() + 1 + body.size());
  message.append(timestamp).append(".").append(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    hex.push_back(kHex[mac[i] >> 4]);
    hex.push_back(kHex[mac[i] & 15]);
  }
  return hex;
}

int64_t backoff_ms(int attempts, const DispatchOptions& o) {
  int64_t wait = std::max<int64_t>(1, o.retry_base_ms);
  for (int i = 1; i < attempts && wait < o.retry_max_ms; ++i) wait *= 2;
  return std::min(wait, o.retry_max_ms);
}

std::string payload(const DueDelivery& d, std::string* type) {
  boost::system::error_code ec;
  json::value alert = json::parse(d.body, ec);
  if (ec || !alert.is_object()) alert = json::object{};
  alert.as_object()["id"] = d.delivery.event;
  const json::value* kind = alert.as_object().if_contains("kind");
  const std::string t = "alert." + std::string(kind && kind->is_string() ? kind->get_string() : "raised");
  if (type) *type = t;
  json::object o;
  o["type"] = t;
  o["delivery"] = d.delivery.id;
  o["alert"] = std::move(alert);
  return json::serialize(o);
}

WebhookDispatcher::WebhookDispatcher(Open open, const Clock& clock, DispatchOptions options, Send send)
    : open_(std::move(open)), clock_(clock), options_(std::move(options)), send_(std::move(send)) {}

WebhookDispatcher::~WebhookDispatcher() { stop(); }

void WebhookDispatcher::start() {
  std::lock_guard lk(mu_);
  if (worker_.joinable()) return;
  stop_ = false;
  worker_ = std::thread([this] { loop(); });
}

void WebhookDispatcher::stop() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void WebhookDispatcher::wake() {
  {
    std::lock_guard lk(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

Result<size_t> WebhookDispatcher::run_once(storage::SqlDriver& db) {
  AlertRepository repo(db);
  size_t attempted = 0;
  for (;;) {
    const int64_t now = clock_.now_ms();
    auto due = repo.due(now, options_.batch);
    if (!due) return std::unexpected(due.error());
    for (const DueDelivery& d : *due) {
      std::string type;
      const std::string body = payload(d, &type);
      const std::string ts = std::to_string(clock_.now_ms() / 1000);
      http::ClientRequest req;
      req.url = d.url;
      req.body = body;
      req.timeout_ms = options_.timeout_ms;
      req.ca_file = options_.ca_file;
      req.headers = {{"Content-Type", "application/json"},
                     {"User-Agent", "Switchyard-Webhook/1"},
                     {"X-Switchyard-Event", type},
                     {"X-Switchyard-Delivery", std::to_string(d.delivery.id)},
                     {"X-Switchyard-Timestamp", ts},
                     {"X-Switchyard-Signature", "sha256=" + signature(d.secret, ts, body)}};
      auto res = send_(req);
      const int status = res ? res->status : 0;
      const bool ok = res && status >= 200 && status < 300;
      std::string error;
      if (!res) error = res.error().message;
      else if (!ok) error = "HTTP " + std::to_string(status);
      const int attempts = d.delivery.attempts + 1;
      std::optional<int64_t> next;
      const int64_t after = clock_.now_ms();
      if (!ok && attempts < options_.max_attempts) next = after + backoff_ms(attempts, options_);
      if (auto r = repo.attempted(d.delivery.id, after, ok, status, error, next); !r) return std::unexpected(r.error());
      ++attempted;
      std::lock_guard lk(mu_);
      if (stop_) return attempted;
    }
    if (due->size() < options_.batch) return attempted;
  }
}

void WebhookDispatcher::loop() {
  std::unique_ptr<storage::SqlDriver> db;
  for (;;) {
    {
      std::lock_guard lk(mu_);
      if (stop_) return;
      woken_ = false;
    }
    int64_t wait_ms = 5'000;  // also the retry pace when the store fails
    if (!db) {
      if (auto d = open_()) db = std::move(*d);
    }
    if (db) {
      if (run_once(*db)) {
        if (auto next = AlertRepository(*db).next_due(); next && *next)
          wait_ms = std::clamp<int64_t>(**next - clock_.now_ms(), 0, 5'000);
      } else {
        db.reset();  // reopen: the connection may be broken
      }
    }
    std::unique_lock lk(mu_);
    cv_.wait_for(lk, std::chrono::milliseconds(wait_ms), [this] { return stop_ || woken_; });
  }
}

}  // namespace switchyard::alerts
