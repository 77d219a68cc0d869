#include "codec/event_json.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "codec/event_testing.h"

namespace switchyard::codec {
namespace {

namespace json = boost::json;
using namespace core;

// An event of type `t` with every field set (and the payload its type carries).
Event full_event(EventType t) {
  Event e;
  e.seq = 1000 + static_cast<uint64_t>(t);
  e.time_ms = 1'700'000'000'000 + static_cast<int64_t>(t);
  e.type = t;
  e.contact = (uint64_t{7} << 32) | 12;
  e.agent = 5;
  e.queue = 3;
  e.value = -1;
  e.value2 = int64_t{1} << 40;
  e.text = "reason \"quoted\" \xE2\x9C\x93";
  std::string_view kind = payload_kind_for(t);
  if (kind == "settings") {
    EngineSettings s;
    s.offer_timeout_ms = 1;
    e.payload = std::make_shared<const EventPayload>(s);
  } else if (kind == "queue_config") {
    QueueConfig q;
    q.name = "q";
    q.skills = {{1, 2}};
    q.overflow.backup_teams = {4};
    e.payload = std::make_shared<const EventPayload>(q);
  } else if (kind == "agent_config") {
    AgentConfig a;
    a.name = "a";
    a.capacity = {1, 2, 3, 4, 5};
    e.payload = std::make_shared<const EventPayload>(a);
  } else if (kind == "contact_spec") {
    ContactSpec c;
    c.queue = 3;
    c.customer_id = "c1";
    c.attributes = {{"b", "1"}, {"a", "2"}};
    e.payload = std::make_shared<const EventPayload>(c);
  }
  return e;
}

Result<Event> through_text(const Event& e) {
  return event_from_json(json::parse(json::serialize(to_json(e))));
}

TEST(EventJson, EveryTypeRoundTrips) {
  std::set<std::string_view> names;
  for (int i = 0; i < kEventTypeCount; ++i) {
    auto t = static_cast<EventType>(i);
    names.insert(to_string(t));
    ASSERT_EQ(event_type_from_string(to_string(t)), t);
    Event e = full_event(t);
    auto back = through_text(e);
    ASSERT_TRUE(back) << to_string(t) << ": " << back.error().field << " " << back.error().message;
    testing::expect_same_event(e, *back);
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(kEventTypeCount));  // distinct names
  EXPECT_EQ(to_string(kLastEventType), "queue_overflow_ended");
  EXPECT_FALSE(event_type_from_string("contact_teleported"));
  EXPECT_FALSE(event_type_from_string(""));
}

TEST(EventJson, ShapeOmitsDefaults) {
  Event e;
  e.seq = 1;
  e.time_ms = 0;
  e.type = EventType::kAgentReady;
  json::object o = to_json(e);
  EXPECT_EQ(o.size(), 3u);
  EXPECT_EQ(o.at("type").as_string(), "agent_ready");

  Event c = full_event(EventType::kContactCreated);
  json::object co = to_json(c);
  EXPECT_EQ(co.at("payload").at("kind").as_string(), "contact_spec");
  EXPECT_EQ(co.at("payload").at("customer_id").as_string(), "c1");
  EXPECT_EQ(co.at("contact").to_number<uint64_t>(), c.contact);
}

TEST(EventJson, LargeContactIdStaysExact) {
  Event e;
  e.seq = 2;
  e.type = EventType::kContactAbandoned;
  e.contact = UINT64_MAX - 1;  // beyond int64 and far beyond double precision
  auto back = through_text(e);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->contact, UINT64_MAX - 1);
}

struct BadEvent {
  const char* text;
  const char* field;
};

TEST(EventJson, ErrorsNameTheField) {
  const BadEvent cases[] = {
      {R"({"time_ms": 1, "type": "agent_ready"})", "seq"},
      {R"({"seq": 1, "type": "agent_ready"})", "time_ms"},
      {R"({"seq": 1, "time_ms": 1})", "type"},
      {R"({"seq": 1, "time_ms": 1, "type": "agent_dancing"})", "type"},
      {R"({"seq": -1, "time_ms": 1, "type": "agent_ready"})", "seq"},
      {R"({"seq": 1, "time_ms": 1, "type": "agent_ready", "agent": 4294967296})", "agent"},
      {R"({"seq": 1, "time_ms": 1, "type": "agent_ready", "agent": "a"})", "agent"},
      {R"({"seq": 1, "time_ms": 1.5, "type": "agent_ready"})", "time_ms"},
      {R"({"seq": 1, "time_ms": 1, "type": "agent_ready", "text": 3})", "text"},
      {R"({"seq": 1, "time_ms": 1, "type": "agent_ready", "extra": 3})", "extra"},
      {R"({"seq": 1, "time_ms": 1, "type": "contact_created"})", "payload"},
      {R"({"seq": 1, "time_ms": 1, "type": "agent_ready", "payload": {"kind": "settings"}})",
       "payload"},
      {R"({"seq": 1, "time_ms": 1, "type": "contact_created", "payload": {"kind": "settings"}})",
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
  json::object o = payload_to_json(EventPayload(spec));
  EXPECT_EQ(o.begin()->key(), "kind");  // kind first, for people reading the log
  auto p = payload_from_json(o, "");
  ASSERT_TRUE(p);
  ASSERT_NE(std::get_if<ContactSpec>(p->get()), nullptr);
  EXPECT_TRUE(testing::same_payload(**p, EventPayload(spec)));
  EXPECT_EQ(std::get<ContactSpec>(**p), spec);
  auto bad = payload_from_json(json::parse(R"({"kind": "contact_spec", "queue": true})"), "x");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "x.queue");
}

}  // namespace
}  // namespace switchyard::codec
