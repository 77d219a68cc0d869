#pragma once
// Storage of the alerts module (module "alerts", migrations on SQLite and
// PostgreSQL): rules with their current state, webhooks, the alert events
// (raised / cleared) and the webhook deliveries (an outbox).
//
// No loss across a restart: an event, one delivery row per webhook that
// should hear it and the rule's new state are written in one transaction
// (record()); the dispatcher sends what is pending, so a crash before or
// during a send means the delivery is tried again (at least once; the
// receiver deduplicates by the delivery id).
//
// Threading: one connection, one thread at a time.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "alerts/alerts.h"
#include "core/result.h"
#include "storage/migrate.h"
#include "storage/sql_driver.h"

namespace switchyard::alerts {

const storage::ModuleSchema& schema();  // module "alerts"

struct StoredRule {
  Rule rule;
  RuleState state;
};

// A state change to record: the event (its id is assigned), the rule's new
// state (nullopt: the rule is gone) and the webhooks to deliver it to.
struct Change {
  AlertEvent event;
  std::optional<RuleState> state;
  std::vector<uint64_t> webhooks;
};

// A pending delivery with what sending it needs.
struct DueDelivery {
  Delivery delivery;
  std::string url;
  std::string secret;
  std::string body;  // the payload, the same bytes on every attempt
};

struct DeliveryFilter {
  std::optional<uint64_t> webhook;
  std::optional<uint64_t> event;
  std::optional<DeliveryStatus> status;
  uint64_t before_id = 0;  // 0: from the newest
  size_t limit = 100;
};

class AlertRepository {
 public:
  explicit AlertRepository(storage::SqlDriver& db) : db_(db) {}

  Result<std::vector<StoredRule>> rules();
  Result<std::optional<StoredRule>> rule(uint64_t id);
  // Inserts (id assigned) and returns the id; the state starts inactive.
  Result<uint64_t> insert_rule(const Rule& r, int64_t now_ms);
  // Replaces the rule and resets its state; kNotFound when absent. When
  // the rule was active, `cleared` (if given) is recorded in the same
  // transaction and returned with its id.
  Result<std::optional<AlertEvent>> update_rule(const Rule& r, int64_t now_ms, const std::optional<Change>& cleared);
  Result<std::optional<AlertEvent>> delete_rule(uint64_t id, const std::optional<Change>& cleared);

  Result<std::vector<Webhook>> webhooks();  // with secrets
  Result<std::optional<Webhook>> webhook(uint64_t id);
  Result<uint64_t> insert_webhook(const Webhook& w);
  // Replaces name, url and enabled (and the secret when not empty).
  Result<void> update_webhook(const Webhook& w);
  // Removes the webhook; its pending deliveries fail with "webhook deleted".
  Result<void> delete_webhook(uint64_t id, int64_t now_ms);

  // Writes the changes in one transaction; returns their events with ids.
  Result<std::vector<AlertEvent>> record(std::vector<Change> changes, int64_t now_ms);
  // Events newest first, with id < before_id (0: from the newest).
  Result<std::vector<AlertEvent>> events(uint64_t before_id, size_t limit, std::optional<uint64_t> rule = {});

  // Pending deliveries due at `now_ms`, oldest first.
  Result<std::vector<DueDelivery>> due(int64_t now_ms, size_t limit);
  // When the earliest pending delivery is due (nullopt: none pending).
  Result<std::optional<int64_t>> next_due();
  // Records an attempt: delivered, or failed for now (next_ms) or for good
  // (next_ms nullopt).
  Result<void> attempted(uint64_t delivery, int64_t now_ms, bool delivered, int http_status, std::string_view error,
                         std::optional<int64_t> next_ms);
  Result<std::vector<Delivery>> deliveries(const DeliveryFilter& f);
  // Makes a failed (or pending) delivery due now again; kNotFound if absent.
  Result<void> retry(uint64_t delivery, int64_t now_ms);
  // Removes events (and their deliveries) older than `before_ms` that no
  // delivery still waits for; returns the number of events removed.
  Result<uint64_t> prune(int64_t before_ms);

 private:
  Result<void> stage(const Change& c, int64_t now_ms, std::vector<AlertEvent>* out);
  storage::SqlDriver& db_;
};

}  // namespace switchyard::alerts
