#include "app/alert_service.h"

#include <boost/json.hpp>

#include <cmath>
#include <limits>

#include "alerts/readings.h"
#include "audit/audit_log.h"
#include "auth/token.h"

namespace switchyard::app {

namespace {

using alerts::AlertEvent;
using alerts::AlertRepository;
using alerts::Change;
using alerts::Rule;
using alerts::RuleState;
using alerts::Webhook;
using auth::Permission;
namespace json = boost::json;

constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

void audit(storage::SqlDriver& db, const Caller& c, int64_t now_ms, std::string action, std::string target,
           std::string detail) {
  // After the change: an audit failure does not undo it (it is logged by the store).
  (void)audit::AuditLog(db).append({0, now_ms, c.name, std::move(action), std::move(target), std::move(detail), 0});
}

Webhook without_secret(Webhook w) {
  w.secret.clear();
  return w;
}

}  // namespace

AlertService::AlertService(Runtime& rt, alerts::WebhookDispatcher* dispatcher, Options options)
    : rt_(rt), dispatcher_(dispatcher), options_(options) {}

void AlertService::start() {
  rt_.store.post_bulk([this](storage::SqlDriver& db) { load(db); });
}

bool AlertService::load(storage::SqlDriver& db) {
  AlertRepository repo(db);
  auto rules = repo.rules();
  auto hooks = repo.webhooks();
  if (!rules || !hooks) return false;  // tried again at the next evaluation
  std::map<uint64_t, Entry> entries;
  for (alerts::StoredRule& s : *rules) {
    Entry e{std::move(s.rule), s.state, std::nullopt};
    if (e.state.active) {
      auto last = repo.events(0, 1, e.rule.id);
      if (last && !last->empty() && (*last)[0].kind == alerts::Kind::kRaised) e.raised = (*last)[0];
      else e.raised = event_for(e.rule, alerts::Kind::kRaised, kNoValue, e.rule.raise_at, e.state.since_ms);
    }
    entries.emplace(e.rule.id, std::move(e));
  }
  std::lock_guard lk(mu_);
  rules_ = std::move(entries);
  webhooks_ = std::move(*hooks);
  loaded_ = true;
  return true;
}

void AlertService::observe(std::shared_ptr<const Realtime> snapshot) {
  {
    std::lock_guard lk(mu_);
    pending_ = std::move(snapshot);
    if (scheduled_) return;
    scheduled_ = true;
  }
  rt_.store.post_bulk([this](storage::SqlDriver& db) { evaluate(db); });
}

AlertEvent AlertService::event_for(const Rule& r, alerts::Kind kind, double value, double threshold, int64_t now_ms) const {
  AlertEvent e;
  e.rule = r.id;
  e.rule_name = r.name;
  e.metric = r.metric;
  e.scope = r.scope;
  e.window = r.window;
  e.kind = kind;
  e.value = value;
  e.threshold = threshold;
  e.at_ms = now_ms;
  if (r.scope.kind == alerts::ScopeKind::kGroup) {
    e.scope_name = r.scope.group;
  } else {
    const std::shared_ptr<const Names> names = rt_.catalog.names();
    if (const std::string* n = names->name(Kind::kQueue, r.scope.queue)) e.scope_name = *n;
  }
  return e;
}

std::vector<uint64_t> AlertService::targets(const Rule& r) const {
  std::vector<uint64_t> out;
  for (const Webhook& w : webhooks_) {
    if (!w.enabled) continue;
    if (r.webhooks.empty() || std::find(r.webhooks.begin(), r.webhooks.end(), w.id) != r.webhooks.end())
      out.push_back(w.id);
  }
  return out;
}

std::optional<Change> AlertService::clearing(const Entry& e, std::string reason, int64_t now_ms) const {
  if (!e.state.active) return std::nullopt;
  Change c;
  c.event = event_for(e.rule, alerts::Kind::kCleared, kNoValue, e.rule.clear_at, now_ms);
  c.event.reason = std::move(reason);
  c.webhooks = targets(e.rule);
  return c;
}

void AlertService::evaluate(storage::SqlDriver& db) {
  if (!loaded_ && !load(db)) return;
  std::shared_ptr<const Realtime> snap;
  std::vector<Change> changes;
  {
    std::lock_guard lk(mu_);
    snap = std::move(pending_);
    scheduled_ = false;
    if (!snap) return;
    std::vector<core::QueueView> queues;
    queues.reserve(snap->queues.size());
    for (const RealtimeQueue& q : snap->queues) queues.push_back(q.view);
    const alerts::Readings in{queues, snap->groups, snap->today.get()};
    for (auto& [id, e] : rules_) {
      if (!e.rule.enabled) continue;
      RuleState next = e.state;
      auto t = alerts::step(e.rule, next, alerts::read(e.rule, in), snap->time_ms);
      if (!t) {
        // A hold starting or ending is kept in memory only: after a restart
        // it starts again (the hold is a debounce, not a record).
        e.state = next;
        continue;
      }
      Change c;
      c.event = event_for(e.rule, t->kind, t->value, t->threshold, snap->time_ms);
      c.state = next;
      c.webhooks = targets(e.rule);
      changes.push_back(std::move(c));
    }
  }
  if (changes.empty()) return;
  auto recorded_events = AlertRepository(db).record(changes, rt_.clock.now_ms());
  if (!recorded_events) return;  // nothing changed; the next publication tries again
  {
    std::lock_guard lk(mu_);
    for (size_t i = 0; i < changes.size(); ++i) {
      auto it = rules_.find(changes[i].event.rule);
      if (it == rules_.end()) continue;
      it->second.state = *changes[i].state;
      if (it->second.state.active) it->second.raised = (*recorded_events)[i];
      else it->second.raised.reset();
    }
  }
  recorded(*recorded_events);
}

void AlertService::recorded(const std::vector<AlertEvent>& events) {
  if (events.empty()) return;
  if (dispatcher_) dispatcher_->wake();
  if (on_event_)
    for (const AlertEvent& e : events) on_event_(e);
}

std::vector<ActiveAlert> AlertService::active() const {
  std::lock_guard lk(mu_);
  std::vector<ActiveAlert> out;
  for (const auto& [id, e] : rules_)
    if (e.state.active && e.raised) out.push_back(ActiveAlert{e.rule, *e.raised});
  return out;
}

Result<void> AlertService::check_webhooks(const Rule& r) const {
  std::lock_guard lk(mu_);
  for (size_t i = 0; i < r.webhooks.size(); ++i)
    if (std::none_of(webhooks_.begin(), webhooks_.end(), [&](const Webhook& w) { return w.id == r.webhooks[i]; }))
      return make_error(ErrorCode::kNotFound, "webhook not found", "webhooks[" + std::to_string(i) + "]");
  return {};
}

template <typename T>
void AlertService::write(const Caller& c, std::function<Result<T>(storage::SqlDriver&)> job, Reply<T> reply) {
  if (auto ok = require(c, Permission::kManageAlerts); !ok) return reply(std::unexpected(ok.error()));
  rt_.store.post_bulk([job = std::move(job), reply = std::move(reply)](storage::SqlDriver& db) { reply(job(db)); });
}

void AlertService::rules(const Caller& c, Reply<std::vector<RuleView>> reply) {
  if (auto ok = require(c, Permission::kManageAlerts); !ok) return reply(std::unexpected(ok.error()));
  std::vector<RuleView> out;
  {
    std::lock_guard lk(mu_);
    for (const auto& [id, e] : rules_) out.push_back(RuleView{e.rule, e.state});
  }
  reply(std::move(out));
}

void AlertService::create_rule(const Caller& c, Rule r, Reply<RuleView> reply) {
  write<RuleView>(
      c,
      [this, c, r = std::move(r)](storage::SqlDriver& db) mutable -> Result<RuleView> {
        if (auto ok = check_webhooks(r); !ok) return std::unexpected(ok.error());
        const int64_t now = rt_.clock.now_ms();
        auto id = AlertRepository(db).insert_rule(r, now);
        if (!id) return std::unexpected(id.error());
        r.id = *id;
        {
          std::lock_guard lk(mu_);
          rules_[r.id] = Entry{r, RuleState{}, std::nullopt};
        }
        audit(db, c, now, "alert_rule.create", "alert_rule:" + std::to_string(r.id),
              json::serialize(alerts::rule_to_json(r)));
        return RuleView{std::move(r), RuleState{}};
      },
      std::move(reply));
}

void AlertService::update_rule(const Caller& c, Rule r, Reply<RuleView> reply) {
  write<RuleView>(
      c,
      [this, c, r = std::move(r)](storage::SqlDriver& db) -> Result<RuleView> {
        if (auto ok = check_webhooks(r); !ok) return std::unexpected(ok.error());
        const int64_t now = rt_.clock.now_ms();
        std::optional<Change> cleared;
        {
          std::lock_guard lk(mu_);
          auto it = rules_.find(r.id);
          if (it == rules_.end()) return make_error(ErrorCode::kNotFound, "alert rule not found", "id");
          cleared = clearing(it->second, r.enabled ? "rule changed" : "rule disabled", now);
        }
        if (cleared) cleared->state = RuleState{};
        auto done = AlertRepository(db).update_rule(r, now, cleared);
        if (!done) return std::unexpected(done.error());
        {
          std::lock_guard lk(mu_);
          rules_[r.id] = Entry{r, RuleState{}, std::nullopt};
        }
        if (*done) recorded({**done});
        audit(db, c, now, "alert_rule.update", "alert_rule:" + std::to_string(r.id),
              json::serialize(alerts::rule_to_json(r)));
        return RuleView{r, RuleState{}};
      },
      std::move(reply));
}

void AlertService::delete_rule(const Caller& c, uint64_t id, Reply<bool> reply) {
  write<bool>(
      c,
      [this, c, id](storage::SqlDriver& db) -> Result<bool> {
        const int64_t now = rt_.clock.now_ms();
        std::optional<Change> cleared;
        {
          std::lock_guard lk(mu_);
          auto it = rules_.find(id);
          if (it == rules_.end()) return make_error(ErrorCode::kNotFound, "alert rule not found", "id");
          cleared = clearing(it->second, "rule deleted", now);
        }
        auto done = AlertRepository(db).delete_rule(id, cleared);
        if (!done) return std::unexpected(done.error());
        {
          std::lock_guard lk(mu_);
          rules_.erase(id);
        }
        if (*done) recorded({**done});
        audit(db, c, now, "alert_rule.delete", "alert_rule:" + std::to_string(id), "");
        return true;
      },
      std::move(reply));
}

void AlertService::webhooks(const Caller& c, Reply<std::vector<Webhook>> reply) {
  if (auto ok = require(c, Permission::kManageAlerts); !ok) return reply(std::unexpected(ok.error()));
  std::vector<Webhook> out;
  {
    std::lock_guard lk(mu_);
    for (const Webhook& w : webhooks_) out.push_back(without_secret(w));
  }
  reply(std::move(out));
}

void AlertService::create_webhook(const Caller& c, Webhook w, Reply<Webhook> reply) {
  write<Webhook>(
      c,
      [this, c, w = std::move(w)](storage::SqlDriver& db) mutable -> Result<Webhook> {
        const int64_t now = rt_.clock.now_ms();
        if (w.secret.empty()) w.secret = auth::new_token("whsec_");
        w.created_ms = now;
        auto id = AlertRepository(db).insert_webhook(w);
        if (!id) return std::unexpected(id.error());
        w.id = *id;
        {
          std::lock_guard lk(mu_);
          webhooks_.push_back(w);
        }
        audit(db, c, now, "webhook.create", "webhook:" + std::to_string(w.id), w.url);
        return w;  // with its secret, this once
      },
      std::move(reply));
}

void AlertService::update_webhook(const Caller& c, Webhook w, Reply<Webhook> reply) {
  write<Webhook>(
      c,
      [this, c, w = std::move(w)](storage::SqlDriver& db) -> Result<Webhook> {
        AlertRepository repo(db);
        if (auto ok = repo.update_webhook(w); !ok) return std::unexpected(ok.error());
        auto stored = repo.webhook(w.id);
        if (!stored || !*stored) return make_error(ErrorCode::kNotFound, "webhook not found", "id");
        {
          std::lock_guard lk(mu_);
          for (Webhook& x : webhooks_)
            if (x.id == w.id) x = **stored;
        }
        audit(db, c, rt_.clock.now_ms(), "webhook.update", "webhook:" + std::to_string(w.id),
              w.url + (w.secret.empty() ? "" : " (new secret)"));
        return without_secret(**stored);
      },
      std::move(reply));
}

void AlertService::delete_webhook(const Caller& c, uint64_t id, Reply<bool> reply) {
  write<bool>(
      c,
      [this, c, id](storage::SqlDriver& db) -> Result<bool> {
        const int64_t now = rt_.clock.now_ms();
        if (auto ok = AlertRepository(db).delete_webhook(id, now); !ok) return std::unexpected(ok.error());
        {
          std::lock_guard lk(mu_);
          std::erase_if(webhooks_, [id](const Webhook& w) { return w.id == id; });
        }
        audit(db, c, now, "webhook.delete", "webhook:" + std::to_string(id), "");
        return true;
      },
      std::move(reply));
}

void AlertService::active(const Caller& c, Reply<std::vector<ActiveAlert>> reply) {
  if (auto ok = require(c, Permission::kReadRealtime); !ok) return reply(std::unexpected(ok.error()));
  reply(active());
}

void AlertService::events(const Caller& c, uint64_t before_id, size_t limit, std::optional<uint64_t> rule,
                          Reply<std::vector<AlertEvent>> reply) {
  if (auto ok = require(c, Permission::kReadRealtime); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<AlertEvent>>(
      rt_, [=](storage::SqlDriver& db) { return AlertRepository(db).events(before_id, limit, rule); },
      std::move(reply));
}

void AlertService::deliveries(const Caller& c, alerts::DeliveryFilter f, Reply<std::vector<alerts::Delivery>> reply) {
  if (auto ok = require(c, Permission::kManageAlerts); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<alerts::Delivery>>(
      rt_, [f](storage::SqlDriver& db) { return AlertRepository(db).deliveries(f); }, std::move(reply));
}

void AlertService::retry_delivery(const Caller& c, uint64_t id, Reply<bool> reply) {
  write<bool>(
      c,
      [this, c, id](storage::SqlDriver& db) -> Result<bool> {
        const int64_t now = rt_.clock.now_ms();
        if (auto ok = AlertRepository(db).retry(id, now); !ok)
          return make_error(ErrorCode::kNotFound, "no pending or failed delivery with this id", "id");
        if (dispatcher_) dispatcher_->wake();
        audit(db, c, now, "webhook_delivery.retry", "delivery:" + std::to_string(id), "");
        return true;
      },
      std::move(reply));
}

void AlertService::prune(storage::SqlDriver& db) {
  (void)AlertRepository(db).prune(rt_.clock.now_ms() - options_.keep_days * 86'400'000);
}

}  // namespace switchyard::app
