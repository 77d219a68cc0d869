#include "codec/legacy_event.h"

#include <optional>
#include <utility>

namespace switchyard::codec {

namespace ev = core::ev;
using core::EventType;

namespace {

// ---- typed -> flat: the type-specific columns (ids are generic) ----------------

struct Flattener {
  FlatEvent& f;
  void operator()(const ev::SettingsChanged& b) const { f.payload = b.settings; }
  void operator()(const ev::SkillDefined& b) const { named(b.skill, b.name); }
  void operator()(const ev::TeamDefined& b) const { named(b.team, b.name); }
  void operator()(const ev::SiteDefined& b) const { named(b.site, b.name); }
  void operator()(const ev::QueueConfigured& b) const { f.payload = b.config; }
  void operator()(const ev::AgentConfigured& b) const { f.payload = b.config; }
  void operator()(const ev::AgentLoggedIn& b) const { f.value = b.ready ? 1 : 0; }
  void operator()(const ev::AgentLoggedOut&) const {}
  void operator()(const ev::AgentReady&) const {}
  void operator()(const ev::AgentNotReady& b) const { f.text = b.reason; }
  void operator()(const ev::AgentBackoffEnded&) const {}
  void operator()(const ev::AgentStateChanged& b) const {
    f.value = static_cast<int64_t>(b.state);
    f.value2 = static_cast<int64_t>(b.previous);
    f.text = b.reason;
  }
  void operator()(const ev::ContactCreated& b) const {
    f.value = b.ewt_ms;
    f.value2 = b.baseline_ewt_ms;
    f.payload = b.spec;
  }
  void operator()(const ev::ContactRefused& b) const {
    f.text = b.reason;
    f.payload = b.spec;
  }
  void operator()(const ev::ContactOffered&) const {}
  void operator()(const ev::OfferRejected&) const {}
  void operator()(const ev::OfferTimedOut&) const {}
  void operator()(const ev::ContactAccepted& b) const { f.value = b.wait_ms; }
  void operator()(const ev::ContactHeld&) const {}
  void operator()(const ev::ContactResumed& b) const { f.value = b.hold_ms; }
  void operator()(const ev::ContactEnded& b) const {
    f.value = b.talk_ms;
    f.value2 = b.hold_ms;
  }
  void operator()(const ev::WrapUpEnded& b) const {
    f.value = b.acw_ms;
    f.text = b.disposition;
  }
  void operator()(const ev::ContactCompleted&) const {}
  void operator()(const ev::ContactAbandoned& b) const { f.value = b.wait_ms; }
  void operator()(const ev::ContactTransferred& b) const {
    f.value = b.target;
    f.value2 = b.keep_place ? 1 : 0;
  }
  void operator()(const ev::CallbackRequested&) const {}
  void operator()(const ev::BullseyeStep& b) const { f.value = b.step; }
  void operator()(const ev::ContactOverflowed&) const {}
  void operator()(const ev::ContactMoved& b) const { f.value = b.target; }
  void operator()(const ev::ContactExpired& b) const { f.value = b.wait_ms; }
  void operator()(const ev::QueueOverflowStarted&) const {}
  void operator()(const ev::QueueOverflowEnded&) const {}
  void operator()(const ev::ContactReserved& b) const { f.value = b.hold_ms; }
  void operator()(const ev::SurveyAnswered& b) const {
    f.value = b.rating;
    f.value2 = static_cast<int64_t>(b.channel);
  }

  void named(uint32_t id, const std::string& name) const {
    f.value = id;
    f.text = name;
  }
};

// ---- flat -> typed: reads the fields a type has, remembers which ----------------

enum Field : unsigned {
  kContact = 1, kAgent = 2, kQueue = 4, kValue = 8, kValue2 = 16, kText = 32, kPayload = 64,
};

class Reader {
 public:
  explicit Reader(FlatEvent& f) : f_(f), type_(core::to_string(f.type)) {}

  core::ContactId contact() {
    used_ |= kContact;
    if (f_.contact == core::kNoContact) fail("contact", type_ + " needs a contact");
    return f_.contact;
  }
  core::AgentId agent() {
    used_ |= kAgent;
    if (f_.agent == core::kNoId) fail("agent", type_ + " needs an agent");
    return f_.agent;
  }
  core::AgentId optional_agent() {
    used_ |= kAgent;
    return f_.agent;
  }
  core::QueueId queue() {
    used_ |= kQueue;
    if (f_.queue == core::kNoId) fail("queue", type_ + " needs a queue");
    return f_.queue;
  }
  // The queue column duplicates the payload's queue (contact_created / _refused).
  void queue_of(const core::ContactSpec& spec) {
    if (queue() != spec.queue) fail("queue", "differs from payload.queue");
  }
  int64_t value() { return take(kValue, f_.value); }
  int64_t value2() { return take(kValue2, f_.value2); }
  // An id stored in value: 0 .. kNoId - 1.
  uint32_t id_value() {
    int64_t v = value();
    if (v < 0 || v >= core::kNoId) fail("value", "out of range");
    return static_cast<uint32_t>(v);
  }
  bool flag(Field which) {
    int64_t v = take(which, which == kValue ? f_.value : f_.value2);
    if (v != 0 && v != 1) fail(name(which), "must be 0 or 1");
    return v == 1;
  }
  core::AgentState state(Field which) {
    int64_t v = take(which, which == kValue ? f_.value : f_.value2);
    if (v < 0 || v >= core::kAgentStateCount) fail(name(which), "not an agent state");
    return static_cast<core::AgentState>(v);
  }
  core::Channel channel(Field which) {
    int64_t v = take(which, which == kValue ? f_.value : f_.value2);
    if (v < 0 || v >= core::kChannelCount) fail(name(which), "not a channel");
    return static_cast<core::Channel>(v);
  }
  int rating() {
    int64_t v = value();
    if (v < 1 || v > 5) fail("value", "a rating is 1..5");
    return static_cast<int>(v);
  }
  int step() {
    int64_t v = value();
    if (v < 0 || v > core::kMaxBullseyeSteps) fail("value", "out of range");
    return static_cast<int>(v);
  }
  std::string text() {
    used_ |= kText;
    return std::move(f_.text);
  }
  template <typename P>
  P payload() {
    used_ |= kPayload;
    if (auto* p = std::get_if<P>(&f_.payload)) return std::move(*p);
    fail("payload", type_ + " needs a payload of kind " + std::string(payload_kind_for(f_.type)));
    return P{};
  }

  // The event, or the first problem; fields the type does not have must be blank.
  Result<core::Event> finish(core::EventBody body) {
    if ((used_ & kContact) == 0 && f_.contact != core::kNoContact) has_no("contact");
    if ((used_ & kAgent) == 0 && f_.agent != core::kNoId) has_no("agent");
    if ((used_ & kQueue) == 0 && f_.queue != core::kNoId) has_no("queue");
    if ((used_ & kValue) == 0 && f_.value != 0) has_no("value");
    if ((used_ & kValue2) == 0 && f_.value2 != 0) has_no("value2");
    if ((used_ & kText) == 0 && !f_.text.empty()) has_no("text");
    if ((used_ & kPayload) == 0 && !std::holds_alternative<std::monostate>(f_.payload)) has_no("payload");
    if (error_) return std::unexpected(std::move(*error_));
    return core::Event{f_.seq, f_.time_ms, std::move(body)};
  }

 private:
  int64_t take(Field which, int64_t v) {
    used_ |= which;
    return v;
  }
  static std::string_view name(Field which) { return which == kValue ? "value" : "value2"; }
  // Keeps the first problem only.
  void fail(std::string_view field, std::string message) {
    if (!error_) error_ = Error{ErrorCode::kInvalidArgument, std::move(message), std::string(field)};
  }
  void has_no(std::string_view field) { fail(field, type_ + " has no " + std::string(field)); }

  FlatEvent& f_;
  std::string type_;
  unsigned used_ = 0;
  std::optional<Error> error_;
};

}  // namespace

std::string_view payload_kind(const FlatPayload& p) {
  switch (p.index()) {
    case 1: return kSettingsKind;
    case 2: return kQueueConfigKind;
    case 3: return kAgentConfigKind;
    case 4: return kContactSpecKind;
    default: return {};
  }
}

std::string_view payload_kind_for(EventType t) {
  switch (t) {
    case EventType::kSettingsChanged: return kSettingsKind;
    case EventType::kQueueConfigured: return kQueueConfigKind;
    case EventType::kAgentConfigured: return kAgentConfigKind;
    case EventType::kContactCreated:
    case EventType::kContactRefused: return kContactSpecKind;
    default: return {};
  }
}

FlatEvent flatten(const core::Event& e) {
  FlatEvent f;
  f.seq = e.seq;
  f.time_ms = e.time_ms;
  f.type = e.type();
  f.contact = e.contact();
  f.agent = e.agent();
  f.queue = e.queue();
  std::visit(Flattener{f}, e.body);
  return f;
}

Result<core::Event> unflatten(FlatEvent f) {
  Reader r(f);
  // Braced initializers run left to right, so the first problem reported is
  // the first field in the order written.
  switch (f.type) {
    case EventType::kSettingsChanged:
      return r.finish(ev::SettingsChanged{r.payload<core::EngineSettings>()});
    case EventType::kSkillDefined:
      return r.finish(ev::SkillDefined{r.id_value(), r.text()});
    case EventType::kTeamDefined:
      return r.finish(ev::TeamDefined{r.id_value(), r.text()});
    case EventType::kSiteDefined:
      return r.finish(ev::SiteDefined{r.id_value(), r.text()});
    case EventType::kQueueConfigured:
      return r.finish(ev::QueueConfigured{r.queue(), r.payload<core::QueueConfig>()});
    case EventType::kAgentConfigured:
      return r.finish(ev::AgentConfigured{r.agent(), r.payload<core::AgentConfig>()});
    case EventType::kAgentLoggedIn:
      return r.finish(ev::AgentLoggedIn{r.agent(), r.flag(kValue)});
    case EventType::kAgentLoggedOut:
      return r.finish(ev::AgentLoggedOut{r.agent()});
    case EventType::kAgentReady:
      return r.finish(ev::AgentReady{r.agent()});
    case EventType::kAgentNotReady:
      return r.finish(ev::AgentNotReady{r.agent(), r.text()});
    case EventType::kAgentBackoffEnded:
      return r.finish(ev::AgentBackoffEnded{r.agent()});
    case EventType::kAgentStateChanged:
      return r.finish(ev::AgentStateChanged{r.agent(), r.state(kValue), r.state(kValue2), r.text()});
    case EventType::kContactCreated: {
      ev::ContactCreated b{r.contact(), r.payload<core::ContactSpec>(), r.value(), r.value2()};
      r.queue_of(b.spec);
      return r.finish(std::move(b));
    }
    case EventType::kContactRefused: {
      ev::ContactRefused b{r.contact(), r.payload<core::ContactSpec>(), r.text()};
      r.queue_of(b.spec);
      return r.finish(std::move(b));
    }
    case EventType::kContactOffered:
      return r.finish(ev::ContactOffered{r.contact(), r.agent(), r.queue()});
    case EventType::kOfferRejected:
      return r.finish(ev::OfferRejected{r.contact(), r.agent(), r.queue()});
    case EventType::kOfferTimedOut:
      return r.finish(ev::OfferTimedOut{r.contact(), r.agent(), r.queue()});
    case EventType::kContactAccepted:
      return r.finish(ev::ContactAccepted{r.contact(), r.agent(), r.queue(), r.value()});
    case EventType::kContactHeld:
      return r.finish(ev::ContactHeld{r.contact(), r.agent(), r.queue()});
    case EventType::kContactResumed:
      return r.finish(ev::ContactResumed{r.contact(), r.agent(), r.queue(), r.value()});
    case EventType::kContactEnded:
      return r.finish(ev::ContactEnded{r.contact(), r.agent(), r.queue(), r.value(), r.value2()});
    case EventType::kWrapUpEnded:
      return r.finish(ev::WrapUpEnded{r.contact(), r.agent(), r.queue(), r.value(), r.text()});
    case EventType::kContactCompleted:
      return r.finish(ev::ContactCompleted{r.contact(), r.agent(), r.queue()});
    case EventType::kContactAbandoned:
      return r.finish(ev::ContactAbandoned{r.contact(), r.queue(), r.optional_agent(), r.value()});
    case EventType::kContactTransferred:
      return r.finish(ev::ContactTransferred{r.contact(), r.agent(), r.queue(), r.id_value(), r.flag(kValue2)});
    case EventType::kCallbackRequested:
      return r.finish(ev::CallbackRequested{r.contact(), r.queue()});
    case EventType::kBullseyeStep:
      return r.finish(ev::BullseyeStep{r.contact(), r.queue(), r.step()});
    case EventType::kContactOverflowed:
      return r.finish(ev::ContactOverflowed{r.contact(), r.queue()});
    case EventType::kContactMoved:
      return r.finish(ev::ContactMoved{r.contact(), r.queue(), r.id_value()});
    case EventType::kContactExpired:
      return r.finish(ev::ContactExpired{r.contact(), r.queue(), r.value()});
    case EventType::kQueueOverflowStarted:
      return r.finish(ev::QueueOverflowStarted{r.queue()});
    case EventType::kQueueOverflowEnded:
      return r.finish(ev::QueueOverflowEnded{r.queue()});
    case EventType::kSurveyAnswered:
      return r.finish(ev::SurveyAnswered{r.contact(), r.optional_agent(), r.queue(), r.channel(kValue2), r.rating()});    case EventType::kContactReserved:
      return r.finish(ev::ContactReserved{r.contact(), r.agent(), r.queue(), r.value()});
  }
  return make_error(ErrorCode::kInvalidArgument, "unknown event type", "type");
}

}  // namespace switchyard::codec
