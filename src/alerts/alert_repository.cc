#include "alerts/alert_repository.h"

#include <boost/json.hpp>

#include <array>

#include "storage/sql_util.h"

namespace switchyard::alerts {

namespace {

using storage::SqlValue;
using storage::Statement;
namespace json = boost::json;

// Rules are kept as their API JSON (spec) beside their state. Deliveries:
// status 0 pending, 1 delivered, 2 failed (DeliveryStatus).
#define SY_ALERT_TABLES(ID)                                                                  \
  "CREATE TABLE alert_rules (\n"                                                            \
  "  id " ID ",\n"                                                                          \
  "  spec TEXT NOT NULL,\n"                                                                 \
  "  active SMALLINT NOT NULL DEFAULT 0,\n"                                                 \
  "  since_ms BIGINT NOT NULL DEFAULT 0,\n"                                                 \
  "  breach_since_ms BIGINT NOT NULL DEFAULT -1,\n"                                         \
  "  updated_ms BIGINT NOT NULL\n"                                                          \
  ");\n"                                                                                    \
  "CREATE TABLE alert_webhooks (\n"                                                         \
  "  id " ID ",\n"                                                                          \
  "  name TEXT NOT NULL,\n"                                                                 \
  "  url TEXT NOT NULL,\n"                                                                  \
  "  secret TEXT NOT NULL,\n"                                                               \
  "  enabled SMALLINT NOT NULL,\n"                                                          \
  "  created_ms BIGINT NOT NULL\n"                                                          \
  ");\n"                                                                                    \
  "CREATE TABLE alert_events (\n"                                                           \
  "  id " ID ",\n"                                                                          \
  "  rule BIGINT NOT NULL,\n"                                                               \
  "  at_ms BIGINT NOT NULL,\n"                                                              \
  "  body TEXT NOT NULL\n"                                                                  \
  ");\n"                                                                                    \
  "CREATE INDEX alert_events_rule ON alert_events (rule, id);\n"                            \
  "CREATE TABLE alert_deliveries (\n"                                                       \
  "  id " ID ",\n"                                                                          \
  "  event BIGINT NOT NULL,\n"                                                              \
  "  webhook BIGINT NOT NULL,\n"                                                            \
  "  status SMALLINT NOT NULL DEFAULT 0,\n"                                                 \
  "  attempts INTEGER NOT NULL DEFAULT 0,\n"                                                \
  "  created_ms BIGINT NOT NULL,\n"                                                         \
  "  next_ms BIGINT NOT NULL,\n"                                                            \
  "  last_ms BIGINT,\n"                                                                     \
  "  last_status INTEGER NOT NULL DEFAULT 0,\n"                                             \
  "  last_error TEXT NOT NULL DEFAULT '',\n"                                                \
  "  delivered_ms BIGINT\n"                                                                 \
  ");\n"                                                                                    \
  "CREATE INDEX alert_deliveries_due ON alert_deliveries (next_ms) WHERE status = 0;\n"     \
  "CREATE INDEX alert_deliveries_webhook ON alert_deliveries (webhook, id);\n"              \
  "CREATE INDEX alert_deliveries_event ON alert_deliveries (event);\n"

constexpr std::string_view kV1Sqlite = SY_ALERT_TABLES("INTEGER PRIMARY KEY AUTOINCREMENT");
constexpr std::string_view kV1Postgres = SY_ALERT_TABLES("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
#undef SY_ALERT_TABLES

constexpr std::array<storage::Migration, 1> kMigrations = {
    {{1, "alert rules, webhooks, events and deliveries", kV1Sqlite, kV1Postgres}}};

constexpr Statement kRules{"SELECT id, spec, active, since_ms, breach_since_ms FROM alert_rules ORDER BY id"};
constexpr Statement kRule{"SELECT id, spec, active, since_ms, breach_since_ms FROM alert_rules WHERE id = $1"};
constexpr Statement kInsertRule{"INSERT INTO alert_rules (spec, updated_ms) VALUES ($1, $2) RETURNING id"};
constexpr Statement kUpdateRule{
    "UPDATE alert_rules SET spec = $2, active = 0, since_ms = 0, breach_since_ms = -1, updated_ms = $3 "
    "WHERE id = $1"};
constexpr Statement kDeleteRule{"DELETE FROM alert_rules WHERE id = $1"};
constexpr Statement kRuleState{
    "UPDATE alert_rules SET active = $2, since_ms = $3, breach_since_ms = $4 WHERE id = $1"};

constexpr Statement kWebhooks{"SELECT id, name, url, secret, enabled, created_ms FROM alert_webhooks ORDER BY id"};
constexpr Statement kWebhook{"SELECT id, name, url, secret, enabled, created_ms FROM alert_webhooks WHERE id = $1"};
constexpr Statement kInsertWebhook{
    "INSERT INTO alert_webhooks (name, url, secret, enabled, created_ms) VALUES ($1, $2, $3, $4, $5) RETURNING id"};
constexpr Statement kUpdateWebhook{
    "UPDATE alert_webhooks SET name = $2, url = $3, enabled = $4, "
    "secret = CASE WHEN $5 = '' THEN secret ELSE $5 END WHERE id = $1"};
constexpr Statement kDeleteWebhook{"DELETE FROM alert_webhooks WHERE id = $1"};
constexpr Statement kFailWebhookDeliveries{
    "UPDATE alert_deliveries SET status = 2, last_error = 'webhook deleted', last_ms = $2 "
    "WHERE webhook = $1 AND status = 0"};

constexpr Statement kInsertEvent{"INSERT INTO alert_events (rule, at_ms, body) VALUES ($1, $2, $3) RETURNING id"};
constexpr Statement kEvents{
    "SELECT id, body FROM alert_events WHERE ($1 = 0 OR id < $1) AND ($3 < 0 OR rule = $3) ORDER BY id DESC LIMIT $2"};
constexpr Statement kInsertDelivery{
    "INSERT INTO alert_deliveries (event, webhook, created_ms, next_ms) VALUES ($1, $2, $3, $3)"};

#define SY_DELIVERY_COLUMNS                                                                           \
  "d.id, d.event, d.webhook, d.status, d.attempts, d.created_ms, d.next_ms, d.last_ms, d.last_status, " \
  "d.last_error, d.delivered_ms"
constexpr Statement kDue{
    "SELECT " SY_DELIVERY_COLUMNS ", w.url, w.secret, e.body FROM alert_deliveries d "
    "JOIN alert_webhooks w ON w.id = d.webhook JOIN alert_events e ON e.id = d.event "
    "WHERE d.status = 0 AND d.next_ms <= $1 ORDER BY d.next_ms, d.id LIMIT $2"};
constexpr Statement kNextDue{"SELECT MIN(next_ms) FROM alert_deliveries WHERE status = 0"};
constexpr Statement kAttempted{
    "UPDATE alert_deliveries SET status = $3, attempts = attempts + 1, last_ms = $2, last_status = $4, "
    "last_error = $5, next_ms = $6, delivered_ms = $7 WHERE id = $1"};
constexpr Statement kDeliveries{
    "SELECT " SY_DELIVERY_COLUMNS " FROM alert_deliveries d "
    "WHERE ($1 = 0 OR d.id < $1) AND ($2 < 0 OR d.webhook = $2) AND ($3 < 0 OR d.event = $3) "
    "AND ($4 < 0 OR d.status = $4) ORDER BY d.id DESC LIMIT $5"};
#undef SY_DELIVERY_COLUMNS
constexpr Statement kRetry{
    "UPDATE alert_deliveries SET status = 0, next_ms = $2, delivered_ms = NULL WHERE id = $1 AND status <> 1"};
constexpr Statement kPruneDeliveries{
    "DELETE FROM alert_deliveries WHERE status <> 0 AND event IN "
    "(SELECT id FROM alert_events WHERE at_ms < $1)"};
constexpr Statement kPruneEvents{
    "DELETE FROM alert_events WHERE at_ms < $1 AND NOT EXISTS "
    "(SELECT 1 FROM alert_deliveries d WHERE d.event = alert_events.id)"};

std::string spec_text(const Rule& r) {
  json::object o = rule_to_json(r);
  o.erase("id");
  return json::serialize(o);
}

StoredRule read_rule(const storage::RowReader& row) {
  StoredRule s;
  boost::system::error_code ec;
  json::value v = json::parse(row.text(1), ec);
  if (!ec)
    if (auto r = rule_from_json(v)) s.rule = std::move(*r);
  s.rule.id = static_cast<uint64_t>(row.int64(0));
  s.state.active = row.int64(2) != 0;
  s.state.since_ms = row.int64(3);
  s.state.breach_since_ms = row.int64(4);
  return s;
}

Webhook read_webhook(const storage::RowReader& row) {
  Webhook w;
  w.id = static_cast<uint64_t>(row.int64(0));
  w.name = row.text(1);
  w.url = row.text(2);
  w.secret = row.text(3);
  w.enabled = row.int64(4) != 0;
  w.created_ms = row.int64(5);
  return w;
}

Delivery read_delivery(const storage::RowReader& row) {
  Delivery d;
  d.id = static_cast<uint64_t>(row.int64(0));
  d.event = static_cast<uint64_t>(row.int64(1));
  d.webhook = static_cast<uint64_t>(row.int64(2));
  d.status = static_cast<DeliveryStatus>(row.int64(3));
  d.attempts = static_cast<int>(row.int64(4));
  d.created_ms = row.int64(5);
  d.next_ms = row.int64(6);
  d.last_ms = storage::opt_col(row, 7);
  d.last_status = static_cast<int>(row.int64(8));
  d.last_error = row.text(9);
  d.delivered_ms = storage::opt_col(row, 10);
  return d;
}

// The event as stored: its JSON without the id (the row's id is the id).
std::string event_text(const AlertEvent& e) {
  json::object o = event_to_json(e);
  o.erase("id");
  return json::serialize(o);
}

AlertEvent read_event(int64_t id, std::string_view body) {
  // Stored without the id: put it back so the one reader serves both.
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  AlertEvent none;
  none.id = static_cast<uint64_t>(id);
  if (ec || !v.is_object()) return none;
  v.as_object()["id"] = id;
  auto e = event_from_json(json::serialize(v));
  return e ? *e : none;
}

int64_t opt_id(const std::optional<uint64_t>& v) { return v ? static_cast<int64_t>(*v) : -1; }

}  // namespace

const storage::ModuleSchema& schema() {
  static const storage::ModuleSchema kSchema{"alerts", kMigrations};
  return kSchema;
}

Result<std::vector<StoredRule>> AlertRepository::rules() {
  return storage::query_all<StoredRule>(db_, kRules, {}, read_rule);
}

Result<std::optional<StoredRule>> AlertRepository::rule(uint64_t id) {
  const SqlValue p[] = {static_cast<int64_t>(id)};
  return storage::query_one<StoredRule>(db_, kRule, p, read_rule);
}

Result<uint64_t> AlertRepository::insert_rule(const Rule& r, int64_t now_ms) {
  const std::string spec = spec_text(r);
  const SqlValue p[] = {std::string_view(spec), now_ms};
  auto id = storage::query_int(db_, kInsertRule, p);
  if (!id) return std::unexpected(id.error());
  return static_cast<uint64_t>(*id);
}

Result<std::optional<AlertEvent>> AlertRepository::update_rule(const Rule& r, int64_t now_ms,
                                                                const std::optional<Change>& cleared) {
  const std::string spec = spec_text(r);
  std::vector<AlertEvent> out;
  auto done = db_.in_transaction([&]() -> Result<void> {
    out.clear();
    const SqlValue p[] = {static_cast<int64_t>(r.id), std::string_view(spec), now_ms};
    if (auto ok = storage::expect_changed(db_.execute(kUpdateRule, p), "rule"); !ok) return ok;
    if (cleared) return stage(*cleared, now_ms, &out);
    return {};
  });
  if (!done) return std::unexpected(done.error());
  if (out.empty()) return std::nullopt;
  return out[0];
}

Result<std::optional<AlertEvent>> AlertRepository::delete_rule(uint64_t id, const std::optional<Change>& cleared) {
  std::vector<AlertEvent> out;
  auto done = db_.in_transaction([&]() -> Result<void> {
    out.clear();
    const SqlValue p[] = {static_cast<int64_t>(id)};
    if (auto ok = storage::expect_changed(db_.execute(kDeleteRule, p), "rule"); !ok) return ok;
    if (cleared) return stage(*cleared, cleared->event.at_ms, &out);
    return {};
  });
  if (!done) return std::unexpected(done.error());
  if (out.empty()) return std::nullopt;
  return out[0];
}

Result<std::vector<Webhook>> AlertRepository::webhooks() {
  return storage::query_all<Webhook>(db_, kWebhooks, {}, read_webhook);
}

Result<std::optional<Webhook>> AlertRepository::webhook(uint64_t id) {
  const SqlValue p[] = {static_cast<int64_t>(id)};
  return storage::query_one<Webhook>(db_, kWebhook, p, read_webhook);
}

Result<uint64_t> AlertRepository::insert_webhook(const Webhook& w) {
  const SqlValue p[] = {std::string_view(w.name), std::string_view(w.url), std::string_view(w.secret),
                        int64_t{w.enabled ? 1 : 0}, w.created_ms};
  auto id = storage::query_int(db_, kInsertWebhook, p);
  if (!id) return std::unexpected(id.error());
  return static_cast<uint64_t>(*id);
}

Result<void> AlertRepository::update_webhook(const Webhook& w) {
  const SqlValue p[] = {static_cast<int64_t>(w.id), std::string_view(w.name), std::string_view(w.url),
                        int64_t{w.enabled ? 1 : 0}, std::string_view(w.secret)};
  return storage::expect_changed(db_.execute(kUpdateWebhook, p), "webhook");
}

Result<void> AlertRepository::delete_webhook(uint64_t id, int64_t now_ms) {
  return db_.in_transaction([&]() -> Result<void> {
    const SqlValue p[] = {static_cast<int64_t>(id)};
    if (auto ok = storage::expect_changed(db_.execute(kDeleteWebhook, p), "webhook"); !ok) return ok;
    const SqlValue f[] = {static_cast<int64_t>(id), now_ms};
    if (auto r = db_.execute(kFailWebhookDeliveries, f); !r) return std::unexpected(r.error());
    return {};
  });
}

Result<void> AlertRepository::stage(const Change& c, int64_t now_ms, std::vector<AlertEvent>* out) {
  const std::string body = event_text(c.event);
  const SqlValue p[] = {static_cast<int64_t>(c.event.rule), c.event.at_ms, std::string_view(body)};
  auto id = storage::query_int(db_, kInsertEvent, p);
  if (!id) return std::unexpected(id.error());
  for (uint64_t w : c.webhooks) {
    const SqlValue d[] = {*id, static_cast<int64_t>(w), now_ms};
    if (auto r = db_.execute(kInsertDelivery, d); !r) return std::unexpected(r.error());
  }
  if (c.state) {
    const SqlValue s[] = {static_cast<int64_t>(c.event.rule), int64_t{c.state->active ? 1 : 0}, c.state->since_ms,
                          c.state->breach_since_ms};
    if (auto r = db_.execute(kRuleState, s); !r) return std::unexpected(r.error());
  }
  if (out) {
    out->push_back(c.event);
    out->back().id = static_cast<uint64_t>(*id);
  }
  return {};
}

Result<std::vector<AlertEvent>> AlertRepository::record(std::vector<Change> changes, int64_t now_ms) {
  std::vector<AlertEvent> out;
  auto r = db_.in_transaction([&]() -> Result<void> {
    out.clear();
    for (const Change& c : changes)
      if (auto ok = stage(c, now_ms, &out); !ok) return ok;
    return {};
  });
  if (!r) return std::unexpected(r.error());
  return out;
}

Result<std::vector<AlertEvent>> AlertRepository::events(uint64_t before_id, size_t limit,
                                                        std::optional<uint64_t> rule) {
  const SqlValue p[] = {static_cast<int64_t>(before_id), storage::limit_param(limit), opt_id(rule)};
  return storage::query_all<AlertEvent>(db_, kEvents, p, [](const storage::RowReader& row) {
    return read_event(row.int64(0), row.text(1));
  });
}

Result<std::vector<DueDelivery>> AlertRepository::due(int64_t now_ms, size_t limit) {
  const SqlValue p[] = {now_ms, storage::limit_param(limit)};
  return storage::query_all<DueDelivery>(db_, kDue, p, [](const storage::RowReader& row) {
    DueDelivery d;
    d.delivery = read_delivery(row);
    d.url = row.text(11);
    d.secret = row.text(12);
    d.body = row.text(13);
    return d;
  });
}

Result<std::optional<int64_t>> AlertRepository::next_due() {
  std::optional<int64_t> out;
  auto r = db_.query(kNextDue, {}, [&](const storage::RowReader& row) {
    out = storage::opt_col(row, 0);
    return false;
  });
  if (!r) return std::unexpected(r.error());
  return out;
}

Result<void> AlertRepository::attempted(uint64_t delivery, int64_t now_ms, bool delivered, int http_status,
                                        std::string_view error, std::optional<int64_t> next_ms) {
  const int64_t status = delivered ? 1 : next_ms ? 0 : 2;
  const SqlValue p[] = {static_cast<int64_t>(delivery), now_ms, status, int64_t{http_status}, error,
                        next_ms.value_or(now_ms), delivered ? SqlValue(now_ms) : SqlValue(nullptr)};
  return storage::expect_changed(db_.execute(kAttempted, p), "delivery");
}

Result<std::vector<Delivery>> AlertRepository::deliveries(const DeliveryFilter& f) {
  const SqlValue p[] = {static_cast<int64_t>(f.before_id), opt_id(f.webhook), opt_id(f.event),
                        f.status ? int64_t{static_cast<int>(*f.status)} : int64_t{-1}, storage::limit_param(f.limit)};
  return storage::query_all<Delivery>(db_, kDeliveries, p, read_delivery);
}

Result<void> AlertRepository::retry(uint64_t delivery, int64_t now_ms) {
  const SqlValue p[] = {static_cast<int64_t>(delivery), now_ms};
  return storage::expect_changed(db_.execute(kRetry, p), "delivery");
}

Result<uint64_t> AlertRepository::prune(int64_t before_ms) {
  uint64_t removed = 0;
  auto r = db_.in_transaction([&]() -> Result<void> {
    const SqlValue p[] = {before_ms};
    if (auto d = db_.execute(kPruneDeliveries, p); !d) return std::unexpected(d.error());
    auto e = db_.execute(kPruneEvents, p);
    if (!e) return std::unexpected(e.error());
    removed = *e;
    return {};
  });
  if (!r) return std::unexpected(r.error());
  return removed;
}

}  // namespace switchyard::alerts
