#pragma once
// Shared fixtures for engine tests.
#include <gtest/gtest.h>

#include <vector>

#include "core/engine.h"

namespace switchyard::core::testing {

class RecordingSink : public EventSink {
 public:
  void on_event(const Event& e) override { events.push_back(e); }
  size_t count(EventType t) const {
    size_t n = 0;
    for (const Event& e : events) n += e.type() == t;
    return n;
  }
  template <typename T>
  size_t count() const {
    return count(event_type_of<T>);
  }
  // The body of the last event of type T, or nullptr.
  template <typename T>
  const T* last() const {
    for (auto it = events.rbegin(); it != events.rend(); ++it)
      if (const T* b = it->as<T>()) return b;
    return nullptr;
  }
  std::vector<Event> events;
};

class EngineTest : public ::testing::Test {
 protected:
  EngineTest() : engine(clock, &sink) {}

  SkillId skill(const char* name) { return *engine.define_skill(name); }

  QueueId queue(const char* name, std::vector<SkillRequirement> skills,
                Channel ch = Channel::kVoice) {
    QueueConfig q;
    q.name = name;
    q.channel = ch;
    q.skills = std::move(skills);
    auto r = engine.configure_queue(q);
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return *r;
  }

  AgentId agent(const char* name, std::vector<AgentSkill> skills, bool login = true) {
    AgentConfig a;
    a.name = name;
    a.skills = std::move(skills);
    auto r = engine.configure_agent(a);
    EXPECT_TRUE(r.has_value()) << r.error().message;
    if (login) {
      EXPECT_TRUE(engine.login(*r).has_value());
    }
    return *r;
  }

  ContactReceipt contact(QueueId q, int priority = 0, std::string group = {}) {
    ContactSpec s;
    s.queue = q;
    s.channel = engine.queue_config(q)->channel;
    s.priority = priority;
    s.customer_group = std::move(group);
    auto r = engine.create_contact(s);
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return *r;
  }

  // Missed-offer settings (the rest default): offers time out after
  // `offer_timeout_ms`, a miss blocks the agent for `backoff_ms`, and
  // `max_misses` in a row set it not ready.
  void miss_settings(int64_t offer_timeout_ms, int64_t backoff_ms, int max_misses) {
    EngineSettings st;
    st.offer_timeout_ms = offer_timeout_ms;
    st.missed_backoff_ms = backoff_ms;
    st.max_consecutive_misses = max_misses;
    ASSERT_TRUE(engine.set_settings(st));
  }

  // Advances the clock and fires due timers.
  void at(int64_t t_ms) {
    clock.set_ms(t_ms);
    engine.advance();
  }

  AgentState state(AgentId a) { return engine.agent(a)->state; }
  ContactState cstate(ContactId c) {
    auto v = engine.contact(c);
    return v ? v->state : ContactState::kCompleted;
  }

  ManualClock clock{1'000'000};
  RecordingSink sink;
  Engine engine;
};

}  // namespace switchyard::core::testing
