#pragma once
// Sends alert events to webhooks (docs/api.md, "Alerts" and "Webhooks"):
// reads the pending deliveries of the repository's outbox, POSTs each, and
// records the attempt. A delivery that fails (no connection, timeout, any
// status but 2xx) is tried again after an exponential back-off
// (retry_base_ms, doubling, at most retry_max_ms) until max_attempts, then
// it is "failed" (it can be retried by hand through the API).
//
// Each request carries:
//   Content-Type: application/json
//   X-Switchyard-Event: alert.raised | alert.cleared
//   X-Switchyard-Delivery: <delivery id>   (the same on every attempt: dedupe on it)
//   X-Switchyard-Timestamp: <unix seconds of this attempt>
//   X-Switchyard-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>
// and the body {"type":"alert.raised","delivery":<id>,"alert":{...}} (the
// same bytes on every attempt).
//
// Threading: start() runs one worker thread with its own connection; wake()
// and stop() from any thread. run_once() is the worker's step (tests call
// it directly).
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "alerts/alert_repository.h"
#include "core/clock.h"
#include "http/client.h"
#include "storage/sql_driver.h"

namespace switchyard::alerts {

struct DispatchOptions {
  int64_t timeout_ms = 10'000;       // one attempt, connect to answer
  int max_attempts = 10;
  int64_t retry_base_ms = 10'000;    // the wait after the first failure
  int64_t retry_max_ms = 3'600'000;  // the longest wait between two attempts
  size_t batch = 16;                 // deliveries read per pass
  std::string ca_file;               // https: trust these CAs instead of the system's
};

// Lower-case hex HMAC-SHA256 of `timestamp + "." + body` under `secret`.
std::string signature(std::string_view secret, std::string_view timestamp, std::string_view body);
// The wait after failed attempt number `attempts` (1-based).
int64_t backoff_ms(int attempts, const DispatchOptions& o);
// The request body of a delivery (deterministic: the same bytes each time);
// `type` (optional) receives its "type" ("alert.raised" / "alert.cleared").
std::string payload(const DueDelivery& d, std::string* type = nullptr);

class WebhookDispatcher {
 public:
  using Open = std::function<Result<std::unique_ptr<storage::SqlDriver>>()>;
  using Send = std::function<Result<http::ClientResponse>(const http::ClientRequest&)>;

  WebhookDispatcher(Open open, const Clock& clock, DispatchOptions options, Send send = &http::fetch);
  ~WebhookDispatcher();

  void start();
  void stop();   // finishes the attempt in flight, then returns
  void wake();   // new deliveries are pending

  // Sends every delivery due now (in batches); returns how many were attempted.
  Result<size_t> run_once(storage::SqlDriver& db);

 private:
  void loop();

  Open open_;
  const Clock& clock_;
  DispatchOptions options_;
  Send send_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;   // guarded by mu_
  bool woken_ = false;  // guarded by mu_
  std::thread worker_;
};

}  // namespace switchyard::alerts
