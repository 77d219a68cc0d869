#pragma once
// The alerts module (docs/api.md, "Alerts"): threshold rules on live figures
// per queue or customer group, raised and cleared with hysteresis, and the
// webhooks that hear about it. This header is the pure part: the rule and
// event types, their JSON form, validation, and the evaluator. Storage is
// alert_repository.h, delivery webhook_dispatcher.h.
//
// Evaluation (step()): a rule watches one metric of one scope. A metric where
// higher is worse (longest wait, EWT, abandonment rate) raises when the value
// is above `raise_at` and clears when it is at or below `clear_at`
// (clear_at <= raise_at); one where lower is worse (service level,
// available agents) raises below `raise_at` and clears at or above
// `clear_at` (clear_at >= raise_at). The gap between the two is the
// hysteresis: a value hovering at the threshold does not flap. A rule with
// `for_ms` > 0 raises only once the condition has held that long. A value
// that cannot be computed (a ratio over fewer than `min_contacts` contacts)
// changes nothing.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "core/result.h"
#include "core/types.h"

namespace switchyard::alerts {

// Units: longest_wait and ewt in seconds; service_level and abandon_rate
// 0..1; available_agents a count.
enum class Metric : uint8_t { kLongestWait, kEwt, kServiceLevel, kAbandonRate, kAvailableAgents };
// Where a ratio is taken: the rolling 15 or 60 min window, or today. Gauges
// (longest wait, EWT, available agents) are always "now".
enum class Window : uint8_t { kNow, k15m, k60m, kToday };
enum class ScopeKind : uint8_t { kQueue, kGroup };

std::string_view to_string(Metric m);  // "longest_wait", "ewt", "service_level", "abandon_rate", "available_agents"
std::string_view to_string(Window w);  // "now", "15m", "60m", "today"
bool higher_is_worse(Metric m);
bool is_ratio(Metric m);  // service_level, abandon_rate: need a window and min_contacts

struct Scope {
  ScopeKind kind = ScopeKind::kQueue;
  core::QueueId queue = core::kNoId;  // kQueue
  std::string group;                  // kGroup: ContactSpec.customer_group
  bool operator==(const Scope&) const = default;
};

struct Rule {
  uint64_t id = 0;
  std::string name;
  Metric metric = Metric::kLongestWait;
  Scope scope;
  Window window = Window::kNow;
  double raise_at = 0;
  double clear_at = 0;
  int64_t for_ms = 0;           // the raise condition must hold this long
  uint32_t min_contacts = 10;   // ratios: the fewest contacts in the denominator
  bool enabled = true;
  std::vector<uint64_t> webhooks;  // empty: every enabled webhook
  bool operator==(const Rule&) const = default;
};

struct Webhook {
  uint64_t id = 0;
  std::string name;
  std::string url;     // http:// or https://
  std::string secret;  // HMAC-SHA256 key; never rendered after creation
  bool enabled = true;
  int64_t created_ms = 0;
};

enum class Kind : uint8_t { kRaised, kCleared };
std::string_view to_string(Kind k);  // "raised", "cleared"

struct AlertEvent {
  uint64_t id = 0;
  uint64_t rule = 0;
  std::string rule_name;
  Metric metric = Metric::kLongestWait;
  Scope scope;
  std::string scope_name;  // the queue's name, or the group
  Window window = Window::kNow;
  Kind kind = Kind::kRaised;
  double value = 0;        // the reading that caused it (NaN: none, e.g. the rule was removed)
  double threshold = 0;    // raise_at for a raise, clear_at for a clear
  std::string reason;      // "" normally; "rule changed", "rule disabled", "rule deleted"
  int64_t at_ms = 0;
};

enum class DeliveryStatus : uint8_t { kPending, kDelivered, kFailed };
std::string_view to_string(DeliveryStatus s);  // "pending", "delivered", "failed"
std::optional<DeliveryStatus> delivery_status_from_string(std::string_view s);

struct Delivery {
  uint64_t id = 0;
  uint64_t event = 0;
  uint64_t webhook = 0;
  DeliveryStatus status = DeliveryStatus::kPending;
  int attempts = 0;
  int64_t created_ms = 0;
  int64_t next_ms = 0;                  // pending: when the next attempt is due
  std::optional<int64_t> last_ms;       // the last attempt
  int last_status = 0;                  // its HTTP status (0: no answer)
  std::string last_error;               // its error ("" on success)
  std::optional<int64_t> delivered_ms;
};

// ---- JSON (the API's and the webhooks' shapes) ------------------------------

// Reads a rule from an API body. Unknown metrics, windows, scopes and
// inconsistent thresholds are kInvalidArgument naming the field. `id` is
// not read.
Result<Rule> rule_from_json(const boost::json::value& v);
boost::json::object rule_to_json(const Rule& r);
Result<Webhook> webhook_from_json(const boost::json::value& v);  // secret may be absent ("")
boost::json::object webhook_to_json(const Webhook& w);           // without the secret
boost::json::object event_to_json(const AlertEvent& e);          // also the webhook payload's "alert"
Result<AlertEvent> event_from_json(std::string_view text);
boost::json::object delivery_to_json(const Delivery& d);

// ---- evaluation -------------------------------------------------------------

// A rule's state between readings (kept durable by the repository).
struct RuleState {
  bool active = false;
  int64_t since_ms = 0;           // active: when it was raised
  int64_t breach_since_ms = -1;   // inactive: when the raise condition started to hold (-1: it does not)
};

struct Transition {
  Kind kind = Kind::kRaised;
  double value = 0;
  double threshold = 0;
};

// One reading of the rule's metric at `now_ms` (nullopt: none); updates
// `state` and returns the transition it causes, if any.
std::optional<Transition> step(const Rule& rule, RuleState& state, std::optional<double> value, int64_t now_ms);

}  // namespace switchyard::alerts
