#pragma once
// Test helpers (header-only, for tests of the codec, the store and the
// server): an event of every type with every field set, and event equality
// with a readable failure message.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <concepts>
#include <cstdint>
#include <utility>
#include <variant>
#include <vector>

#include "codec/event_json.h"
#include "core/event.h"

namespace switchyard::codec::testing {

namespace detail {

// Sets every field a body has to a value that is not its default (and, for
// strings, one that needs escaping), so round trips that drop or mix up a
// field fail.
struct FillEveryField {
  uint64_t seq;
  template <typename T>
  void operator()(T& b) const {
    if constexpr (requires { b.contact; }) b.contact = UINT64_MAX - seq;  // beyond INT64_MAX
    if constexpr (requires { b.agent; }) b.agent = 5;
    if constexpr (requires { b.queue; }) b.queue = 3;
    if constexpr (requires { b.target; }) b.target = 9;
    if constexpr (requires { b.keep_place; }) b.keep_place = true;
    if constexpr (requires { b.ready; }) b.ready = false;
    if constexpr (requires { b.step; }) b.step = 2;
    if constexpr (requires { b.skill; }) b.skill = 4;
    if constexpr (requires { b.team; }) b.team = 1;
    if constexpr (requires { b.site; }) b.site = 2;
    if constexpr (requires { b.name; }) b.name = "name \"quoted\" \xE2\x9C\x93";
    if constexpr (requires { b.reason; }) b.reason = "reason 'quoted' \xE4\xB8\xAD";
    if constexpr (requires { b.disposition; }) b.disposition = "sold";
    if constexpr (requires { b.wait_ms; }) b.wait_ms = 12'000;
    if constexpr (requires { b.hold_ms; }) b.hold_ms = 7'000;
    if constexpr (requires { b.talk_ms; }) b.talk_ms = 90'000;
    if constexpr (requires { b.acw_ms; }) b.acw_ms = 5'000;
    if constexpr (requires { b.ewt_ms; }) b.ewt_ms = -(int64_t{1} << 40);
    if constexpr (requires { b.baseline_ewt_ms; }) b.baseline_ewt_ms = 38'000;
    if constexpr (requires { b.state; }) b.state = core::AgentState::kNotReady;
    if constexpr (requires { b.previous; }) b.previous = core::AgentState::kBusy;
    if constexpr (requires { b.rating; }) b.rating = 4;
    if constexpr (requires { b.channel; }) b.channel = core::Channel::kChat;
    if constexpr (requires { b.settings; }) {
      b.settings.offer_timeout_ms = 1;
      b.settings.ewt_tau_ms = 123;
      b.settings.voice_blocks_others = false;
    }
    if constexpr (requires { b.config; }) {
      if constexpr (std::same_as<decltype(b.config), core::QueueConfig>) {
        b.config.name = "sales";
        b.config.skills = {{1, 2}};
        b.config.weight = 1.5;
        b.config.bullseye = {core::BullseyeStep{5'000, 2, {}, {1}, {}}};
        b.config.overflow.backup_teams = {4};
      } else {
        b.config.name = "ann";
        b.config.skills = {{1, 4}};
        b.config.capacity = {1, 2, 3, 4, 5};
      }
    }
    if constexpr (requires { b.spec; }) {
      b.spec.queue = 3;
      b.spec.priority = 2;
      b.spec.customer_id = "cust";
      b.spec.customer_group = "vip";
      b.spec.attributes = {{"z", "1"}, {"a", "2"}};  // order must survive
    }
  }
};

template <size_t... I>
core::EventBody body_of_type(size_t type, std::index_sequence<I...>) {
  core::EventBody b;
  (void)((type == I ? (b.emplace<I>(), true) : false) || ...);
  return b;
}

}  // namespace detail

// An event of type `t` with every field set; seq and time from `seq`.
inline core::Event sample_event(core::EventType t, uint64_t seq) {
  core::Event e;
  e.seq = seq;
  e.time_ms = 1'700'000'000'000 + static_cast<int64_t>(seq);
  e.body = detail::body_of_type(static_cast<size_t>(t),
                                std::make_index_sequence<std::variant_size_v<core::EventBody>>());
  std::visit(detail::FillEveryField{seq}, e.body);
  return e;
}

// One event of every type, seqs first, first + 1, ...
inline std::vector<core::Event> sample_events(uint64_t first = 1) {
  std::vector<core::Event> out;
  for (int i = 0; i < core::kEventTypeCount; ++i)
    out.push_back(sample_event(static_cast<core::EventType>(i), first + static_cast<uint64_t>(i)));
  return out;
}

inline void expect_same_event(const core::Event& a, const core::Event& b) {
  EXPECT_TRUE(a == b) << "event seq " << a.seq << " " << core::to_string(a.type()) << "\n  "
                      << boost::json::serialize(to_json(a)) << "\n  "
                      << boost::json::serialize(to_json(b));
}

}  // namespace switchyard::codec::testing
