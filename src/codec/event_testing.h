#pragma once
// Test helpers (header-only, for tests of the codec, the store and the
// server): field-by-field equality of events and payloads.
#include <gtest/gtest.h>

#include <variant>

#include "core/event.h"

namespace switchyard::codec::testing {

// EngineSettings has no operator== in core; compare it field by field here.
inline bool same_settings(const core::EngineSettings& a, const core::EngineSettings& b) {
  return a.offer_timeout_ms == b.offer_timeout_ms && a.missed_backoff_ms == b.missed_backoff_ms &&
         a.max_consecutive_misses == b.max_consecutive_misses &&
         a.default_acw_ms == b.default_acw_ms && a.voice_blocks_others == b.voice_blocks_others &&
         a.day_offset_ms == b.day_offset_ms && a.ewt_tau_ms == b.ewt_tau_ms;
}

inline bool same_payload(const core::EventPayload& a, const core::EventPayload& b) {
  if (a.index() != b.index()) return false;
  if (const auto* s = std::get_if<core::EngineSettings>(&a))
    return same_settings(*s, std::get<core::EngineSettings>(b));
  if (const auto* q = std::get_if<core::QueueConfig>(&a))
    return *q == std::get<core::QueueConfig>(b);
  if (const auto* g = std::get_if<core::AgentConfig>(&a))
    return *g == std::get<core::AgentConfig>(b);
  if (const auto* c = std::get_if<core::ContactSpec>(&a))
    return *c == std::get<core::ContactSpec>(b);
  return true;  // both monostate
}

// A missing payload and a std::monostate payload are the same thing.
inline bool has_payload(const core::Event& e) {
  return e.payload && !std::holds_alternative<std::monostate>(*e.payload);
}

inline void expect_same_event(const core::Event& a, const core::Event& b) {
  SCOPED_TRACE(::testing::Message() << "event seq " << a.seq << " " << core::to_string(a.type));
  EXPECT_EQ(a.seq, b.seq);
  EXPECT_EQ(a.time_ms, b.time_ms);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.contact, b.contact);
  EXPECT_EQ(a.agent, b.agent);
  EXPECT_EQ(a.queue, b.queue);
  EXPECT_EQ(a.value, b.value);
  EXPECT_EQ(a.value2, b.value2);
  EXPECT_EQ(a.text, b.text);
  ASSERT_EQ(has_payload(a), has_payload(b));
  if (has_payload(a)) {
    EXPECT_TRUE(same_payload(*a.payload, *b.payload));
  }
}

}  // namespace switchyard::codec::testing
