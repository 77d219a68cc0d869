#include "codec/legacy_event.h"

#include <gtest/gtest.h>

#include "codec/event_testing.h"

namespace switchyard::codec {
namespace {

using namespace core;
using testing::sample_event;
using testing::sample_events;

TEST(LegacyEvent, EveryTypeRoundTripsThroughTheFlatShape) {
  for (const Event& e : sample_events()) {
    SCOPED_TRACE(std::string(to_string(e.type())));
    FlatEvent f = flatten(e);
    EXPECT_EQ(f.type, e.type());
    EXPECT_EQ(f.contact, e.contact());
    EXPECT_EQ(f.agent, e.agent());
    EXPECT_EQ(f.queue, e.queue());
    EXPECT_EQ(payload_kind(f.payload), payload_kind_for(e.type()));
    auto back = unflatten(f);
    ASSERT_TRUE(back) << back.error().field << ": " << back.error().message;
    testing::expect_same_event(e, *back);
    // Blank fields survive too (a default body of the type, with the ids it needs).
    Event blank = e;
    blank.body = testing::detail::body_of_type(static_cast<size_t>(e.type()),
                                               std::make_index_sequence<kEventTypeCount>());
    std::visit(
        [](auto& b) {
          if constexpr (requires { b.contact; }) b.contact = 1;
          if constexpr (requires { b.agent; }) b.agent = 0;
          if constexpr (requires { b.queue; }) b.queue = 0;
          if constexpr (requires { b.target; }) b.target = 0;
          if constexpr (requires { b.skill; }) b.skill = 0;
          if constexpr (requires { b.team; }) b.team = 0;
          if constexpr (requires { b.site; }) b.site = 0;
          if constexpr (requires { b.spec; }) b.spec.queue = 0;
          if constexpr (requires { b.rating; }) b.rating = 1;  // 1..5
        },
        blank.body);
    auto blank_back = unflatten(flatten(blank));
    ASSERT_TRUE(blank_back) << blank_back.error().field << ": " << blank_back.error().message;
    testing::expect_same_event(blank, *blank_back);
  }
}

// The flat fields keep the meanings the log and the API have always had.
TEST(LegacyEvent, FlatFieldsKeepTheirMeaning) {
  FlatEvent f = flatten(Event{1, 2, ev::ContactEnded{7, 3, 4, 90'000, 10'000}});
  EXPECT_EQ(f.value, 90'000);
  EXPECT_EQ(f.value2, 10'000);
  f = flatten(Event{1, 2, ev::ContactTransferred{7, 3, 4, 6, true}});
  EXPECT_EQ(f.queue, 4u);
  EXPECT_EQ(f.value, 6);
  EXPECT_EQ(f.value2, 1);
  f = flatten(Event{1, 2, ev::AgentStateChanged{3, AgentState::kNotReady, AgentState::kBusy, "lunch"}});
  EXPECT_EQ(f.value, static_cast<int64_t>(AgentState::kNotReady));
  EXPECT_EQ(f.value2, static_cast<int64_t>(AgentState::kBusy));
  EXPECT_EQ(f.text, "lunch");
  ContactSpec spec;
  spec.queue = 8;
  f = flatten(Event{1, 2, ev::ContactCreated{7, spec, 12'000, 9'000}});
  EXPECT_EQ(f.queue, 8u);
  EXPECT_EQ(f.value, 12'000);
  EXPECT_EQ(f.value2, 9'000);
  EXPECT_EQ(std::get<ContactSpec>(f.payload), spec);
  f = flatten(Event{1, 2, ev::SkillDefined{5, "german"}});
  EXPECT_EQ(f.value, 5);
  EXPECT_EQ(f.text, "german");
  f = flatten(Event{1, 2, ev::AgentLoggedIn{3, true}});
  EXPECT_EQ(f.value, 1);
  f = flatten(Event{1, 2, ev::ContactAbandoned{7, 4, kNoId, 3'000}});
  EXPECT_EQ(f.agent, kNoId);
  EXPECT_EQ(f.value, 3'000);
  f = flatten(Event{1, 2, ev::WrapUpEnded{7, 3, 4, 5'000, "sold"}});
  EXPECT_EQ(f.value, 5'000);
  EXPECT_EQ(f.text, "sold");
  f = flatten(Event{1, 2, ev::BullseyeStep{7, 4, 2}});
  EXPECT_EQ(f.value, 2);
}

struct Bad {
  const char* what;
  FlatEvent flat;
  const char* field;
};

FlatEvent flat_of(EventType t) { return flatten(sample_event(t, 1)); }

template <typename Fn>
FlatEvent changed(EventType t, Fn fn) {
  FlatEvent f = flat_of(t);
  fn(f);
  return f;
}

TEST(LegacyEvent, UnflattenIsStrictAndNamesTheField) {
  const Bad cases[] = {
      {"missing contact", changed(EventType::kContactAccepted, [](FlatEvent& f) { f.contact = kNoContact; }),
       "contact"},
      {"missing agent", changed(EventType::kAgentReady, [](FlatEvent& f) { f.agent = kNoId; }), "agent"},
      {"missing queue", changed(EventType::kQueueOverflowEnded, [](FlatEvent& f) { f.queue = kNoId; }), "queue"},
      {"queue differs from the spec",
       changed(EventType::kContactCreated, [](FlatEvent& f) { f.queue = 1; }), "queue"},
      {"id the type has not", changed(EventType::kAgentReady, [](FlatEvent& f) { f.contact = 9; }), "contact"},
      {"value the type has not", changed(EventType::kContactHeld, [](FlatEvent& f) { f.value = 1; }), "value"},
      {"value2 the type has not", changed(EventType::kContactAccepted, [](FlatEvent& f) { f.value2 = 1; }),
       "value2"},
      {"text the type has not", changed(EventType::kAgentReady, [](FlatEvent& f) { f.text = "x"; }), "text"},
      {"missing payload",
       changed(EventType::kContactCreated, [](FlatEvent& f) { f.payload = std::monostate{}; }), "payload"},
      {"wrong payload",
       changed(EventType::kQueueConfigured, [](FlatEvent& f) { f.payload = AgentConfig{}; }), "payload"},
      {"payload the type has not",
       changed(EventType::kAgentReady, [](FlatEvent& f) { f.payload = EngineSettings{}; }), "payload"},
      {"flag not 0/1", changed(EventType::kContactTransferred, [](FlatEvent& f) { f.value2 = 2; }), "value2"},
      {"target beyond ids", changed(EventType::kContactMoved, [](FlatEvent& f) { f.value = -1; }), "value"},
      {"unknown state", changed(EventType::kAgentStateChanged, [](FlatEvent& f) { f.value = 6; }), "value"},
      {"skill id beyond ids",
       changed(EventType::kSkillDefined, [](FlatEvent& f) { f.value = int64_t{1} << 32; }), "value"},
      {"unknown type", changed(EventType::kAgentReady, [](FlatEvent& f) { f.type = static_cast<EventType>(200); }),
       "type"},
  };
  for (const Bad& c : cases) {
    auto r = unflatten(c.flat);
    ASSERT_FALSE(r) << c.what;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << c.what;
    EXPECT_EQ(r.error().field, c.field) << c.what << ": " << r.error().message;
  }
  // The abandoned contact's agent is optional.
  EXPECT_TRUE(unflatten(changed(EventType::kContactAbandoned, [](FlatEvent& f) { f.agent = kNoId; })));
}

}  // namespace
}  // namespace switchyard::codec
