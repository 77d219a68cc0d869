#include "alerts/alerts.h"

#include <boost/json.hpp>

#include <cmath>
#include <limits>

#include "codec/json_fields.h"

namespace switchyard::alerts {

namespace json = boost::json;
using codec::detail::Errors;
using codec::detail::Fields;
using codec::detail::Need;

namespace {

constexpr Metric kMetrics[] = {Metric::kLongestWait, Metric::kEwt, Metric::kServiceLevel, Metric::kAbandonRate,
                               Metric::kAvailableAgents};
constexpr Window kWindows[] = {Window::kNow, Window::k15m, Window::k60m, Window::kToday};

template <typename E, size_t N>
std::optional<E> parse_enum(const E (&all)[N], std::string_view s) {
  for (E e : all)
    if (to_string(e) == s) return e;
  return std::nullopt;
}
std::optional<Metric> metric_from_string(std::string_view s) { return parse_enum(kMetrics, s); }
std::optional<Window> window_from_string(std::string_view s) { return parse_enum(kWindows, s); }

// Seconds and ratios as JSON: NaN (no reading) is null.
json::value number_json(double v) {
  if (std::isnan(v)) return nullptr;
  return v;
}

json::object scope_json(const Scope& s, std::string_view name) {
  json::object o;
  if (s.kind == ScopeKind::kQueue) {
    o["queue"] = s.queue;
    if (!name.empty()) o["name"] = name;
  } else {
    o["customer_group"] = s.group;
  }
  return o;
}

void read_scope(Fields& f, Scope& out) {
  const json::value* v = f.get("scope", Need::kRequired);
  if (!v) return;
  Errors& errors = f.errors();
  Fields s(*v, f.field("scope"), {"queue", "customer_group", "name"}, errors);
  const bool queue = s.get("queue") != nullptr, group = s.get("customer_group") != nullptr;
  if (!s.ok()) return;
  if (queue == group) {
    errors.fail(ErrorCode::kInvalidArgument, "give exactly one of queue and customer_group", f.field("scope"));
    return;
  }
  if (queue) {
    out.kind = ScopeKind::kQueue;
    s.integer("queue", out.queue, Need::kRequired);
    if (s.ok() && out.queue == core::kNoId)
      errors.fail(ErrorCode::kInvalidArgument, "not a queue id", s.field("queue"));
  } else {
    out.kind = ScopeKind::kGroup;
    s.string("customer_group", out.group, Need::kRequired);
    if (s.ok() && (out.group.empty() || out.group.size() > 200))
      errors.fail(ErrorCode::kInvalidArgument, "must be 1 to 200 bytes", s.field("customer_group"));
  }
}

}  // namespace

std::string_view to_string(Metric m) {
  switch (m) {
    case Metric::kLongestWait: return "longest_wait";
    case Metric::kEwt: return "ewt";
    case Metric::kServiceLevel: return "service_level";
    case Metric::kAbandonRate: return "abandon_rate";
    case Metric::kAvailableAgents: return "available_agents";
  }
  return "longest_wait";
}

std::string_view to_string(Window w) {
  switch (w) {
    case Window::kNow: return "now";
    case Window::k15m: return "15m";
    case Window::k60m: return "60m";
    case Window::kToday: return "today";
  }
  return "now";
}

std::string_view to_string(Kind k) { return k == Kind::kRaised ? "raised" : "cleared"; }

std::string_view to_string(DeliveryStatus s) {
  switch (s) {
    case DeliveryStatus::kPending: return "pending";
    case DeliveryStatus::kDelivered: return "delivered";
    case DeliveryStatus::kFailed: return "failed";
  }
  return "pending";
}

std::optional<DeliveryStatus> delivery_status_from_string(std::string_view s) {
  for (DeliveryStatus d : {DeliveryStatus::kPending, DeliveryStatus::kDelivered, DeliveryStatus::kFailed})
    if (to_string(d) == s) return d;
  return std::nullopt;
}

bool higher_is_worse(Metric m) {
  return m == Metric::kLongestWait || m == Metric::kEwt || m == Metric::kAbandonRate;
}

bool is_ratio(Metric m) { return m == Metric::kServiceLevel || m == Metric::kAbandonRate; }

Result<Rule> rule_from_json(const json::value& v) {
  Errors errors;
  Rule r;
  Fields f(v, "", {"name", "metric", "scope", "window", "raise_at", "clear_at", "for_s", "min_contacts", "enabled",
                   "webhooks", "id", "active", "active_since"},
           errors);
  f.string("name", r.name, Need::kRequired);
  if (f.ok() && (r.name.empty() || r.name.size() > 200))
    errors.fail(ErrorCode::kInvalidArgument, "must be 1 to 200 bytes", "name");
  f.enumeration("metric", r.metric, &metric_from_string, Need::kRequired);
  read_scope(f, r.scope);
  r.window = is_ratio(r.metric) ? Window::k15m : Window::kNow;
  f.enumeration("window", r.window, &window_from_string);
  f.number("raise_at", r.raise_at, Need::kRequired);
  r.clear_at = r.raise_at;
  f.number("clear_at", r.clear_at);
  double for_s = 0;
  f.number("for_s", for_s);
  f.integer("min_contacts", r.min_contacts);
  f.boolean("enabled", r.enabled);
  f.array("webhooks", [&](const json::value& w, const std::string& path) {
    uint64_t id = 0;
    if (codec::detail::to_integer(w, path, id, errors) && id == 0)
      errors.fail(ErrorCode::kInvalidArgument, "not a webhook id", path);
    r.webhooks.push_back(id);
  });
  if (!errors.ok()) return finish(errors, std::move(r));
  const bool ratio = is_ratio(r.metric);
  if (ratio && r.window == Window::kNow)
    errors.fail(ErrorCode::kInvalidArgument, "a ratio needs a window: 15m, 60m or today", "window");
  if (!ratio && r.window != Window::kNow)
    errors.fail(ErrorCode::kInvalidArgument, std::string(to_string(r.metric)) + " is read now only", "window");
  if (r.scope.kind == ScopeKind::kGroup && r.metric == Metric::kAvailableAgents)
    errors.fail(ErrorCode::kInvalidArgument, "available_agents is per queue only", "scope");
  const double hi = ratio ? 1.0 : 1e9;
  auto in_range = [&](double x, std::string_view field) {
    if (!(x >= 0 && x <= hi))
      errors.fail(ErrorCode::kInvalidArgument, ratio ? "must be within 0..1" : "must be >= 0", std::string(field));
  };
  in_range(r.raise_at, "raise_at");
  in_range(r.clear_at, "clear_at");
  if (higher_is_worse(r.metric) && r.clear_at > r.raise_at)
    errors.fail(ErrorCode::kInvalidArgument, "must not be above raise_at (the alert would never clear)", "clear_at");
  if (!higher_is_worse(r.metric) && r.clear_at < r.raise_at)
    errors.fail(ErrorCode::kInvalidArgument, "must not be below raise_at (the alert would never clear)", "clear_at");
  if (!(for_s >= 0 && for_s <= 86'400)) errors.fail(ErrorCode::kInvalidArgument, "must be within 0..86400", "for_s");
  r.for_ms = static_cast<int64_t>(std::llround(for_s * 1000));
  if (r.min_contacts > 1'000'000) errors.fail(ErrorCode::kInvalidArgument, "must be <= 1000000", "min_contacts");
  if (r.webhooks.size() > 50) errors.fail(ErrorCode::kInvalidArgument, "at most 50 webhooks", "webhooks");
  return finish(errors, std::move(r));
}

json::object rule_to_json(const Rule& r) {
  json::object o;
  o["id"] = r.id;
  o["name"] = r.name;
  o["metric"] = to_string(r.metric);
  o["scope"] = scope_json(r.scope, {});
  o["window"] = to_string(r.window);
  o["raise_at"] = r.raise_at;
  o["clear_at"] = r.clear_at;
  o["for_s"] = static_cast<double>(r.for_ms) / 1000.0;
  o["min_contacts"] = r.min_contacts;
  o["enabled"] = r.enabled;
  json::array w;
  for (uint64_t id : r.webhooks) w.emplace_back(id);
  o["webhooks"] = std::move(w);
  return o;
}

Result<Webhook> webhook_from_json(const json::value& v) {
  Errors errors;
  Webhook w;
  Fields f(v, "", {"name", "url", "secret", "enabled", "id", "created"}, errors);
  f.string("name", w.name, Need::kRequired);
  f.string("url", w.url, Need::kRequired);
  f.string("secret", w.secret);
  f.boolean("enabled", w.enabled);
  if (!errors.ok()) return finish(errors, std::move(w));
  if (w.name.empty() || w.name.size() > 200) errors.fail(ErrorCode::kInvalidArgument, "must be 1 to 200 bytes", "name");
  if (!(w.url.starts_with("http://") || w.url.starts_with("https://")) || w.url.size() > 2000)
    errors.fail(ErrorCode::kInvalidArgument, "must be an http:// or https:// URL of at most 2000 bytes", "url");
  if (!w.secret.empty() && (w.secret.size() < 16 || w.secret.size() > 200))
    errors.fail(ErrorCode::kInvalidArgument, "must be 16 to 200 bytes", "secret");
  return finish(errors, std::move(w));
}

json::object webhook_to_json(const Webhook& w) {
  json::object o;
  o["id"] = w.id;
  o["name"] = w.name;
  o["url"] = w.url;
  o["enabled"] = w.enabled;
  o["created_ms"] = w.created_ms;
  return o;
}

json::object event_to_json(const AlertEvent& e) {
  json::object o;
  o["id"] = e.id;
  o["kind"] = to_string(e.kind);
  o["rule"] = json::object{{"id", e.rule}, {"name", e.rule_name}};
  o["metric"] = to_string(e.metric);
  o["window"] = to_string(e.window);
  o["scope"] = scope_json(e.scope, e.scope_name);
  o["value"] = number_json(e.value);
  o["threshold"] = e.threshold;
  if (!e.reason.empty()) o["reason"] = e.reason;
  o["at_ms"] = e.at_ms;
  return o;
}

Result<AlertEvent> event_from_json(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return make_error(ErrorCode::kInternal, "stored alert event is not JSON", "body");
  const json::object& o = v.as_object();
  AlertEvent e;
  try {
    e.id = json::value_to<uint64_t>(o.at("id"));
    e.kind = o.at("kind").as_string() == "raised" ? Kind::kRaised : Kind::kCleared;
    e.rule = json::value_to<uint64_t>(o.at("rule").at("id"));
    e.rule_name = o.at("rule").at("name").as_string();
    e.metric = metric_from_string(o.at("metric").as_string()).value_or(Metric::kLongestWait);
    e.window = window_from_string(o.at("window").as_string()).value_or(Window::kNow);
    const json::object& s = o.at("scope").as_object();
    if (const json::value* q = s.if_contains("queue")) {
      e.scope.kind = ScopeKind::kQueue;
      e.scope.queue = json::value_to<uint32_t>(*q);
      if (const json::value* n = s.if_contains("name")) e.scope_name = n->as_string();
    } else {
      e.scope.kind = ScopeKind::kGroup;
      e.scope.group = s.at("customer_group").as_string();
      e.scope_name = e.scope.group;
    }
    const json::value& val = o.at("value");
    e.value = val.is_null() ? std::numeric_limits<double>::quiet_NaN() : json::value_to<double>(val);
    e.threshold = json::value_to<double>(o.at("threshold"));
    if (const json::value* r = o.if_contains("reason")) e.reason = r->as_string();
    e.at_ms = json::value_to<int64_t>(o.at("at_ms"));
  } catch (const std::exception& x) {
    return make_error(ErrorCode::kInternal, std::string("stored alert event: ") + x.what(), "body");
  }
  return e;
}

json::object delivery_to_json(const Delivery& d) {
  json::object o;
  o["id"] = d.id;
  o["event"] = d.event;
  o["webhook"] = d.webhook;
  o["status"] = to_string(d.status);
  o["attempts"] = d.attempts;
  o["created_ms"] = d.created_ms;
  if (d.status == DeliveryStatus::kPending) o["next_attempt_ms"] = d.next_ms;
  if (d.last_ms) {
    o["last_attempt_ms"] = *d.last_ms;
    o["last_status"] = d.last_status;
    o["last_error"] = d.last_error;
  }
  if (d.delivered_ms) o["delivered_ms"] = *d.delivered_ms;
  return o;
}

std::optional<Transition> step(const Rule& rule, RuleState& state, std::optional<double> value, int64_t now_ms) {
  if (!value || std::isnan(*value)) return std::nullopt;
  const double v = *value;
  const bool up = higher_is_worse(rule.metric);
  if (state.active) {
    const bool clear = up ? v <= rule.clear_at : v >= rule.clear_at;
    if (!clear) return std::nullopt;
    state = RuleState{};
    return Transition{Kind::kCleared, v, rule.clear_at};
  }
  const bool breach = up ? v > rule.raise_at : v < rule.raise_at;
  if (!breach) {
    state.breach_since_ms = -1;
    return std::nullopt;
  }
  if (state.breach_since_ms < 0) state.breach_since_ms = now_ms;
  if (now_ms - state.breach_since_ms < rule.for_ms) return std::nullopt;
  state = RuleState{true, now_ms, -1};
  return Transition{Kind::kRaised, v, rule.raise_at};
}

}  // namespace switchyard::alerts
