#pragma once
// Alerts (docs/api.md, "Alerts"): rules on live figures per queue or customer
// group, evaluated on every realtime publication (a few times a second),
// raised and cleared with hysteresis (alerts/alerts.h), recorded with their
// webhook deliveries in one transaction (alerts/alert_repository.h) and
// handed to the dispatcher (alerts/webhook_dispatcher.h) and to listeners
// (the WebSocket push).
//
// Every write of the module (rule and webhook changes, evaluations) runs on
// the store's bulk lane, one at a time, so an evaluation never races an
// edit; evaluations are coalesced (a publication arriving while one waits
// replaces it). A rule changed, disabled or deleted while raised is cleared
// with a reason, so a receiver never keeps an alert open forever.
//
// Permissions: rules, webhooks and the delivery log need kManageAlerts;
// active alerts and the event history kReadRealtime.
//
// Threading: every method from any thread; replies on service threads.
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "alerts/alert_repository.h"
#include "alerts/webhook_dispatcher.h"
#include "app/caller.h"
#include "app/realtime_service.h"
#include "app/runtime.h"

namespace switchyard::app {

struct RuleView {
  alerts::Rule rule;
  alerts::RuleState state;
};

// A raised alert: its rule and the event that raised it.
struct ActiveAlert {
  alerts::Rule rule;
  alerts::AlertEvent raised;
};

class AlertService {
 public:
  struct Options {
    int64_t keep_days = 90;  // events and finished deliveries older than this are pruned
  };
  // `dispatcher` (may be null) is woken when deliveries are recorded.
  AlertService(Runtime& rt, alerts::WebhookDispatcher* dispatcher, Options options);
  AlertService(Runtime& rt, alerts::WebhookDispatcher* dispatcher) : AlertService(rt, dispatcher, Options{}) {}

  // Loads rules, their state and the raising events (queued on the bulk
  // lane; evaluations queued later run after it).
  void start();
  // A realtime publication: schedules one evaluation (coalesced).
  void observe(std::shared_ptr<const Realtime> snapshot);
  // Hears every recorded event after its commit (set before start()).
  void on_event(std::function<void(const alerts::AlertEvent&)> f) { on_event_ = std::move(f); }
  // Raised alerts now (a consistent copy).
  std::vector<ActiveAlert> active() const;

  void rules(const Caller& c, Reply<std::vector<RuleView>> reply);
  void create_rule(const Caller& c, alerts::Rule r, Reply<RuleView> reply);
  void update_rule(const Caller& c, alerts::Rule r, Reply<RuleView> reply);
  void delete_rule(const Caller& c, uint64_t id, Reply<bool> reply);

  // Webhooks are answered without secrets, except create's answer, which
  // holds the secret (generated when not given) once.
  void webhooks(const Caller& c, Reply<std::vector<alerts::Webhook>> reply);
  void create_webhook(const Caller& c, alerts::Webhook w, Reply<alerts::Webhook> reply);
  void update_webhook(const Caller& c, alerts::Webhook w, Reply<alerts::Webhook> reply);
  void delete_webhook(const Caller& c, uint64_t id, Reply<bool> reply);

  void active(const Caller& c, Reply<std::vector<ActiveAlert>> reply);
  void events(const Caller& c, uint64_t before_id, size_t limit, std::optional<uint64_t> rule,
              Reply<std::vector<alerts::AlertEvent>> reply);
  void deliveries(const Caller& c, alerts::DeliveryFilter f, Reply<std::vector<alerts::Delivery>> reply);
  void retry_delivery(const Caller& c, uint64_t id, Reply<bool> reply);

  // Bulk lane: drops events and finished deliveries older than keep_days.
  void prune(storage::SqlDriver& db);

 private:
  struct Entry {
    alerts::Rule rule;
    alerts::RuleState state;
    std::optional<alerts::AlertEvent> raised;  // while active
  };
  void evaluate(storage::SqlDriver& db);
  // Reads rules, state and webhooks; false when the store failed.
  bool load(storage::SqlDriver& db);
  // kNotFound naming webhooks[i] for an id that is no webhook.
  Result<void> check_webhooks(const alerts::Rule& r) const;
  // The clearing of a raised rule that is being changed (nullopt: not raised).
  std::optional<alerts::Change> clearing(const Entry& e, std::string reason, int64_t now_ms) const;
  std::vector<uint64_t> targets(const alerts::Rule& r) const;
  alerts::AlertEvent event_for(const alerts::Rule& r, alerts::Kind kind, double value, double threshold,
                               int64_t now_ms) const;
  void recorded(const std::vector<alerts::AlertEvent>& events);
  // Runs `job` on the bulk lane after require(c, p).
  template <typename T>
  void write(const Caller& c, std::function<Result<T>(storage::SqlDriver&)> job, Reply<T> reply);

  Runtime& rt_;
  alerts::WebhookDispatcher* dispatcher_;
  Options options_;
  std::function<void(const alerts::AlertEvent&)> on_event_;
  mutable std::mutex mu_;
  std::map<uint64_t, Entry> rules_;        // guarded by mu_; written on the bulk lane
  std::vector<alerts::Webhook> webhooks_;  // guarded by mu_; for the fan-out
  std::shared_ptr<const Realtime> pending_;  // guarded by mu_: the next evaluation's input
  bool scheduled_ = false;                   // guarded by mu_
  bool loaded_ = false;                      // written under mu_ on the bulk lane; read there
};

}  // namespace switchyard::app
