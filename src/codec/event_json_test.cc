#include "codec/event_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "codec/event_testing.h"

namespace switchyard::codec {
namespace {

namespace json = boost::json;
using namespace core;

using testing::sample_event;
using testing::sample_events;

Result<Event> through_text(const Event& e) {
  return event_from_json(json::parse(json::serialize(to_json(e))));
}

TEST(EventJson, EveryTypeRoundTrips) {
  std::set<std::string_view> names;
  for (const Event& e : sample_events()) {
    EventType t = e.type();
    names.insert(to_string(t));
    ASSERT_EQ(event_type_from_string(to_string(t)), t);
    auto back = through_text(e);
    ASSERT_TRUE(back) << to_string(t) << ": " << back.error().field << " " << back.error().message;
    testing::expect_same_event(e, *back);
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(kEventTypeCount));  // distinct names
  EXPECT_EQ(to_string(static_cast<EventType>(kEventTypeCount - 1)), "contact_reserved");
  EXPECT_FALSE(event_type_from_string("contact_teleported"));
  EXPECT_FALSE(event_type_from_string(""));
}

// The API's event JSON keeps its shape: the flat fields with their old
// meanings, defaults omitted, in this order.
TEST(EventJson, ShapeIsTheFlatOne) {
  json::object o = to_json(Event{1, 0, ev::AgentReady{4}});
  EXPECT_EQ(json::serialize(o), R"({"seq":1,"time_ms":0,"type":"agent_ready","agent":4})");

  EXPECT_EQ(json::serialize(to_json(Event{9, 5, ev::ContactEnded{(uint64_t{1} << 32) | 2, 3, 1, 90'000, 0}})),
            R"({"seq":9,"time_ms":5,"type":"contact_ended","contact":4294967298,"agent":3,"queue":1,)"
            R"("value":90000})");
  EXPECT_EQ(json::serialize(to_json(Event{9, 5, ev::ContactTransferred{7, 3, 1, 0, true}})),
            R"({"seq":9,"time_ms":5,"type":"contact_transferred","contact":7,"agent":3,"queue":1,)"
            R"("value2":1})");
  EXPECT_EQ(json::serialize(to_json(Event{9, 5, ev::WrapUpEnded{7, 3, 1, 4'000, "sold"}})),
            R"({"seq":9,"time_ms":5,"type":"wrap_up_ended","contact":7,"agent":3,"queue":1,)"
            R"("value":4000,"text":"sold"})");

  Event c = sample_event(EventType::kContactCreated, 3);
  json::object co = to_json(c);
  EXPECT_EQ(co.at("payload").at("kind").as_string(), "contact_spec");
  EXPECT_EQ(co.at("payload").at("customer_id").as_string(), "cust");
  EXPECT_EQ(co.at("contact").to_number<uint64_t>(), c.contact());
  EXPECT_EQ(co.at("queue").to_number<uint32_t>(), 3u);
  EXPECT_EQ(co.at("value").to_number<int64_t>(), c.as<ev::ContactCreated>()->ewt_ms);
  EXPECT_EQ(co.at("value2").to_number<int64_t>(), c.as<ev::ContactCreated>()->baseline_ewt_ms);
}

TEST(EventJson, LargeContactIdStaysExact) {
  Event e{2, 0, ev::ContactAbandoned{UINT64_MAX - 1, 0, kNoId, 0}};  // beyond int64 and double precision
  auto back = through_text(e);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->contact(), UINT64_MAX - 1);
}

struct BadEvent {
  const char* text;
  const char* field;
};

TEST(EventJson, ErrorsNameTheField) {
  const BadEvent cases[] = {
      {R"({"time_ms": 1, "type": "agent_ready", "agent": 1})", "seq"},
      {R"({"seq": 1, "type": "agent_ready", "agent": 1})", "time_ms"},
      {R"({"seq": 1, "time_ms": 1})", "type"},
      {R"({"seq": 1, "time_ms": 1, "type": "agent_dancing"})", "type"},
      {R"({"seq": -1, "time_ms": 1, "type": "agent_ready", "agent": 1})", "seq"},
      {R"({"seq": 1, "time_ms": 1, "type": "agent_ready", "agent": 4294967296})", "agent"},
      {R"({"seq": 1, "time_ms": 1, "type": "agent_ready", "agent": "a"})", "agent"},
      {R"({"seq": 1, "time_ms": 1.5, "type": "agent_ready", "agent": 1})", "time_ms"},
      {R"({"seq": 1, "time_ms": 1, "type": "agent_ready", "agent": 1, "text": 3})", "text"},
      {R"({"seq": 1, "time_ms": 1, "type": "agent_ready", "agent": 1, "extra": 3})", "extra"},
      // The flat event must fit its type (codec::unflatten).
      {R"({"seq": 1, "time_ms": 1, "type": "agent_ready"})", "agent"},
      {R"({"seq": 1, "time_ms": 1, "type": "agent_ready", "agent": 1, "text": "x"})", "text"},
      {R"({"seq": 1, "time_ms": 1, "type": "contact_created", "contact": 1, "queue": 0})", "payload"},
      {R"({"seq": 1, "time_ms": 1, "type": "agent_ready", "agent": 1, "payload": {"kind": "settings"}})",
       "payload"},
      {R"({"seq": 1, "time_ms": 1, "type": "contact_created", "contact": 1, "queue": 0,
           "payload": {"kind": "settings"}})",
       "payload"},
      {R"({"seq": 1, "time_ms": 1, "type": "contact_created", "payload": {"queue": 1}})",
       "payload.kind"},
      {R"({"seq": 1, "time_ms": 1, "type": "contact_created", "payload": {"kind": "pizza"}})",
       "payload.kind"},
      {R"({"seq": 1, "time_ms": 1, "type": "contact_created", "payload": {"kind": "contact_spec"}})",
       "payload.queue"},
      {R"({"seq": 1, "time_ms": 1, "type": "queue_configured",
           "payload": {"kind": "queue_config", "name": "q", "skills": [{"skill": "x"}]}})",
       "payload.skills[0].skill"},
      {R"({"seq": 1, "time_ms": 1, "type": "settings_changed",
           "payload": {"kind": "settings", "ewt_tau_ms": null}})",
       "payload.ewt_tau_ms"},
      {R"("contact_created")", ""},
  };
  for (const BadEvent& c : cases) {
    auto r = event_from_json(json::parse(c.text));
    ASSERT_FALSE(r) << c.text;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << c.text;
    EXPECT_EQ(r.error().field, c.field) << c.text << " -> " << r.error().message;
  }
}

TEST(EventJson, PayloadAlone) {
  ContactSpec spec;
  spec.queue = 2;
  json::object o = payload_to_json(FlatPayload(spec));
  EXPECT_EQ(o.begin()->key(), "kind");  // kind first, for people reading the log
  auto p = payload_from_json(o, "");
  ASSERT_TRUE(p);
  ASSERT_NE(std::get_if<ContactSpec>(&*p), nullptr);
  EXPECT_EQ(std::get<ContactSpec>(*p), spec);
  auto bad = payload_from_json(json::parse(R"({"kind": "contact_spec", "queue": true})"), "x");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "x.queue");
}

}  // namespace
}  // namespace switchyard::codec
