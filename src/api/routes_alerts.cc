// Alert routes (docs/api.md, "Alerts"): active alerts and their history,
// rules, webhooks and the delivery log. parse -> app::AlertService -> render.
#include <boost/json.hpp>

#include "api/api.h"
#include "app/alert_service.h"
#include "api/errors.h"
#include "api/parse.h"
#include "api/render.h"

namespace switchyard::api {

namespace json = boost::json;
using auth::Permission;

namespace {

// A rule as the API shows it: the rule, its queue's name, its state.
json::object rule_view_json(const app::RuleView& v, const app::Names& names) {
  json::object o = alerts::rule_to_json(v.rule);
  if (v.rule.scope.kind == alerts::ScopeKind::kQueue)
    o["scope"].as_object()["name"] = name_or_null(names, app::Kind::kQueue, v.rule.scope.queue);
  o["active"] = v.state.active;
  if (v.state.active) o["active_since_ms"] = v.state.since_ms;
  return o;
}

json::array events_json(const std::vector<alerts::AlertEvent>& events) {
  json::array a;
  a.reserve(events.size());
  for (const alerts::AlertEvent& e : events) a.push_back(alerts::event_to_json(e));
  return a;
}

// The rule of a request body; the scope's queue may be a name or an id.
Result<alerts::Rule> read_rule(const std::string& body, const app::Names& names) {
  auto v = parse_body(body);
  if (!v) return std::unexpected(v.error());
  if (json::value* scope = v->as_object().if_contains("scope"); scope && scope->is_object())
    if (json::value* q = scope->as_object().if_contains("queue"); q && (q->is_string() || q->is_number())) {
      const std::string ref = q->is_string() ? std::string(q->as_string()) : json::serialize(*q);
      auto id = resolve(names, app::Kind::kQueue, ref, "scope.queue");
      if (!id) return std::unexpected(id.error());
      *q = *id;
    }
  return alerts::rule_from_json(*v);
}

Result<uint64_t> id_param(const http::Request& req) {
  auto id = row_id(req);
  if (!id) return std::unexpected(id.error());
  return static_cast<uint64_t>(*id);
}

// An optional positive id in the query (0: absent).
Result<std::optional<uint64_t>> query_id(const http::Request& req, std::string_view name) {
  auto v = query_int(req, name, 0, 1, INT64_MAX);
  if (!v) return std::unexpected(v.error());
  if (*v == 0) return std::nullopt;
  return static_cast<uint64_t>(*v);
}

}  // namespace

void add_alert_routes(Routes& r, app::AlertService& alerts, app::Catalog& catalog) {
  r.add("GET", "/api/v1/alerts", Permission::kReadRealtime,
        [&alerts](const app::Caller& c, http::Request&&, http::Respond respond) {
          alerts.active(c, answer<std::vector<app::ActiveAlert>>(respond, [](std::vector<app::ActiveAlert> v) {
            json::array a;
            for (const app::ActiveAlert& x : v) a.push_back(alerts::event_to_json(x.raised));
            return json_response(200, json::object{{"active", std::move(a)}});
          }));
        });
  r.add("GET", "/api/v1/alerts/events", Permission::kReadRealtime,
        [&alerts](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto before = query_int(req, "before", 0, 0, INT64_MAX);
          if (!before) return respond(error_response(before.error()));
          auto limit = query_int(req, "limit", 100, 1, 1000);
          if (!limit) return respond(error_response(limit.error()));
          auto rule = query_id(req, "rule");
          if (!rule) return respond(error_response(rule.error()));
          alerts.events(c, static_cast<uint64_t>(*before), static_cast<size_t>(*limit), *rule,
                        answer<std::vector<alerts::AlertEvent>>(respond, [](std::vector<alerts::AlertEvent> v) {
                          return json_response(200, json::object{{"events", events_json(v)}});
                        }));
        });

  r.add("GET", "/api/v1/alerts/rules", Permission::kManageAlerts,
        [&alerts, &catalog](const app::Caller& c, http::Request&&, http::Respond respond) {
          alerts.rules(c, answer<std::vector<app::RuleView>>(respond, [&catalog](std::vector<app::RuleView> v) {
            auto names = catalog.names();
            json::array a;
            for (const app::RuleView& x : v) a.push_back(rule_view_json(x, *names));
            return json_response(200, json::object{{"rules", std::move(a)}});
          }));
        });
  r.add("POST", "/api/v1/alerts/rules", Permission::kManageAlerts,
        [&alerts, &catalog](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto rule = read_rule(req.body, *catalog.names());
          if (!rule) return respond(error_response(rule.error()));
          alerts.create_rule(c, std::move(*rule), answer<app::RuleView>(respond, [&catalog](app::RuleView v) {
            return json_response(201, rule_view_json(v, *catalog.names()));
          }));
        });
  r.add("PUT", "/api/v1/alerts/rules/{id}", Permission::kManageAlerts,
        [&alerts, &catalog](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = id_param(req);
          if (!id) return respond(error_response(id.error()));
          auto rule = read_rule(req.body, *catalog.names());
          if (!rule) return respond(error_response(rule.error()));
          rule->id = *id;
          alerts.update_rule(c, std::move(*rule), answer<app::RuleView>(respond, [&catalog](app::RuleView v) {
            return json_response(200, rule_view_json(v, *catalog.names()));
          }));
        });
  r.add("DELETE", "/api/v1/alerts/rules/{id}", Permission::kManageAlerts,
        [&alerts](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = id_param(req);
          if (!id) return respond(error_response(id.error()));
          alerts.delete_rule(c, *id, answer<bool>(respond, [](bool) { return no_content(); }));
        });

  r.add("GET", "/api/v1/alerts/webhooks", Permission::kManageAlerts,
        [&alerts](const app::Caller& c, http::Request&&, http::Respond respond) {
          alerts.webhooks(c, answer<std::vector<alerts::Webhook>>(respond, [](std::vector<alerts::Webhook> v) {
            json::array a;
            for (const alerts::Webhook& w : v) a.push_back(alerts::webhook_to_json(w));
            return json_response(200, json::object{{"webhooks", std::move(a)}});
          }));
        });
  r.add("POST", "/api/v1/alerts/webhooks", Permission::kManageAlerts,
        [&alerts](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto v = parse_body(req.body);
          if (!v) return respond(error_response(v.error()));
          auto w = alerts::webhook_from_json(*v);
          if (!w) return respond(error_response(w.error()));
          alerts.create_webhook(c, std::move(*w), answer<alerts::Webhook>(respond, [](alerts::Webhook out) {
            json::object o = alerts::webhook_to_json(out);
            o["secret"] = out.secret;  // shown once
            return json_response(201, o);
          }));
        });
  r.add("PUT", "/api/v1/alerts/webhooks/{id}", Permission::kManageAlerts,
        [&alerts](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = id_param(req);
          if (!id) return respond(error_response(id.error()));
          auto v = parse_body(req.body);
          if (!v) return respond(error_response(v.error()));
          auto w = alerts::webhook_from_json(*v);
          if (!w) return respond(error_response(w.error()));
          w->id = *id;
          alerts.update_webhook(c, std::move(*w), answer<alerts::Webhook>(respond, [](alerts::Webhook out) {
            return json_response(200, alerts::webhook_to_json(out));
          }));
        });
  r.add("DELETE", "/api/v1/alerts/webhooks/{id}", Permission::kManageAlerts,
        [&alerts](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = id_param(req);
          if (!id) return respond(error_response(id.error()));
          alerts.delete_webhook(c, *id, answer<bool>(respond, [](bool) { return no_content(); }));
        });

  r.add("GET", "/api/v1/alerts/deliveries", Permission::kManageAlerts,
        [&alerts](const app::Caller& c, http::Request&& req, http::Respond respond) {
          alerts::DeliveryFilter f;
          auto webhook = query_id(req, "webhook");
          if (!webhook) return respond(error_response(webhook.error()));
          auto event = query_id(req, "event");
          if (!event) return respond(error_response(event.error()));
          auto before = query_int(req, "before", 0, 0, INT64_MAX);
          if (!before) return respond(error_response(before.error()));
          auto limit = query_int(req, "limit", 100, 1, 1000);
          if (!limit) return respond(error_response(limit.error()));
          if (const std::string* s = req.query_param("status")) {
            f.status = alerts::delivery_status_from_string(*s);
            if (!f.status)
              return respond(error_response(
                  Error{ErrorCode::kInvalidArgument, "must be pending, delivered or failed", "status"}));
          }
          f.webhook = *webhook;
          f.event = *event;
          f.before_id = static_cast<uint64_t>(*before);
          f.limit = static_cast<size_t>(*limit);
          alerts.deliveries(c, f, answer<std::vector<alerts::Delivery>>(respond, [](std::vector<alerts::Delivery> v) {
            json::array a;
            for (const alerts::Delivery& d : v) a.push_back(alerts::delivery_to_json(d));
            return json_response(200, json::object{{"deliveries", std::move(a)}});
          }));
        });
  r.add("POST", "/api/v1/alerts/deliveries/{id}/retry", Permission::kManageAlerts,
        [&alerts](const app::Caller& c, http::Request&& req, http::Respond respond) {
          auto id = id_param(req);
          if (!id) return respond(error_response(id.error()));
          alerts.retry_delivery(c, *id, answer<bool>(respond, [](bool) {
            return json_response(202, json::object{{"status", "pending"}});
          }));
        });
}

}  // namespace switchyard::api
