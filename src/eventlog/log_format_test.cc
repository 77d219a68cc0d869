// The binary event format: every event type round-trips, the schema can
// grow (unknown tags skipped, missing fields default), malformed bytes are
// errors and never crashes, and the bytes of a known event do not change
// by accident (a golden record).
#include <gtest/gtest.h>

#include <random>

#include "codec/event_testing.h"
#include "eventlog/event_codec.h"
#include "eventlog/log_format.h"

namespace switchyard::eventlog {
namespace {

using namespace core;

std::string hex(std::string_view b) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : b) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

TEST(LogFormat, EveryEventTypeRoundTrips) {
  for (const Event& e : codec::testing::sample_events()) {
    std::string bytes = encode_body(e.body);
    auto back = decode_body(e.type(), bytes);
    ASSERT_TRUE(back) << to_string(e.type());
    EXPECT_TRUE(*back == e.body) << to_string(e.type());
  }
}

TEST(LogFormat, ExtremesRoundTrip) {
  QueueConfig q;
  q.name = "\xE4\xB8\xAD\xE6\x96\x87 queue";
  q.weight = 1e-300;
  q.priority = -1'000'000;
  q.max_wait_ms = INT64_MAX;
  q.acw_ms = 0;  // present and zero, not absent
  q.bullseye = {BullseyeStep{1, std::nullopt, {{{3, 5}, {4, 1}}, {}}, {7}, {}}};
  q.exit_target = kNoId;
  EventBody body = ev::QueueConfigured{kNoId - 1, q};
  auto back = decode_body(EventType::kQueueConfigured, encode_body(body));
  ASSERT_TRUE(back);
  EXPECT_TRUE(*back == body);
  EventBody created = ev::ContactCreated{UINT64_MAX, ContactSpec{}, INT64_MIN, -1};
  EXPECT_TRUE(*decode_body(EventType::kContactCreated, encode_body(created)) == created);
}

// A golden record: these bytes are on disk in every log. A change here means
// the format changed, which needs a new format number, not an edit.
TEST(LogFormat, BytesOfAKnownEventDoNotChange) {
  EventBody accepted = ev::ContactAccepted{4294967297, 3, 1, 12'345};
  EXPECT_EQ(hex(encode_body(accepted)), "0881808080101003180120f2c001");
  EventBody spec = ev::ContactCreated{5, ContactSpec{2, Channel::kChat, -1, "c1", "vip", {{"k", "v"}}}, 900, -1};
  EXPECT_EQ(hex(encode_body(spec)),
            // 08 05 contact | 12 17 spec { 08 02 queue | 10 01 chat | 18 01 priority -1 (zigzag) |
            // 22 02 "c1" | 2a 03 "vip" | 32 06 attribute { 0a 01 "k" | 12 01 "v" } } |
            // 18 880e ewt 900 (zigzag 1800) | 20 01 baseline -1
            "08051217080210011801220263312a0376697032060a016b12017618880e2001");
}

TEST(LogFormat, UnknownTagsAreSkippedAndMissingFieldsDefault) {
  std::string bytes = encode_body(ev::ContactAccepted{9, 2, 1, 77});
  // A newer writer's extra fields: varint tag 15, bytes tag 16, fixed64 tag 17.
  bytes += std::string("\x78\x05", 2) + std::string("\x82\x01\x03xyz", 5) + std::string("\x89\x01", 2) +
           std::string(8, '\x01');
  auto back = decode_body(EventType::kContactAccepted, bytes);
  ASSERT_TRUE(back);
  EXPECT_TRUE(*back == EventBody(ev::ContactAccepted{9, 2, 1, 77}));
  // An older writer without wait_ms (tag 4): the default.
  auto old = decode_body(EventType::kContactAccepted, encode_body(ev::ContactOffered{9, 2, 1}));
  ASSERT_TRUE(old);
  EXPECT_TRUE(*old == EventBody(ev::ContactAccepted{9, 2, 1, 0}));
  EXPECT_TRUE(*decode_body(EventType::kAgentReady, "") == EventBody(ev::AgentReady{}));
}

TEST(LogFormat, MalformedBytesAreErrorsNotCrashes) {
  const std::string cases[] = {std::string("\x08", 1), std::string("\x12\x05" "ab", 4), std::string("\x0a\x01", 2),
                               std::string("\x09", 1) + std::string(7, '\0'), std::string("\x0f", 1),
                               std::string(11, '\xff')};
  for (const std::string& c : cases) EXPECT_FALSE(decode_body(EventType::kContactCreated, c)) << hex(c);
  // Truncations and byte flips of real records: decode or fail, never crash
  // or read past the end (the sanitizer build checks the latter).
  std::mt19937 rng(7);
  for (const Event& e : codec::testing::sample_events()) {
    std::string bytes = encode_body(e.body);
    for (size_t cut = 0; cut < bytes.size(); ++cut) (void)decode_body(e.type(), bytes.substr(0, cut));
    for (int i = 0; i < 50 && !bytes.empty(); ++i) {
      std::string flipped = bytes;
      flipped[rng() % flipped.size()] = static_cast<char>(rng());
      (void)decode_body(e.type(), flipped);
    }
  }
}

}  // namespace
}  // namespace switchyard::eventlog
