#include "voice/media/rtp.h"

#include <gtest/gtest.h>

#include <vector>

namespace switchyard::voice::media {
namespace {

// A PCMU packet: V=2, M=1, PT=0, seq 0x1234, ts 0x01020304, ssrc 0xDEADBEEF, 3 payload bytes.
const std::vector<uint8_t> kSimple = {0x80, 0x80, 0x12, 0x34, 0x01, 0x02, 0x03, 0x04,
                                      0xDE, 0xAD, 0xBE, 0xEF, 0xAA, 0xBB, 0xCC};

TEST(Rtp, ParsesFixedHeader) {
  auto p = parse_rtp(kSimple);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->header.payload_type, 0);
  EXPECT_TRUE(p->header.marker);
  EXPECT_EQ(p->header.seq, 0x1234);
  EXPECT_EQ(p->header.timestamp, 0x01020304u);
  EXPECT_EQ(p->header.ssrc, 0xDEADBEEFu);
  EXPECT_EQ(p->header.csrc_count, 0);
  EXPECT_FALSE(p->has_extension);
  ASSERT_EQ(p->payload.size(), 3u);
  EXPECT_EQ(p->payload[0], 0xAA);
  EXPECT_EQ(p->payload.data(), kSimple.data() + 12);
}

TEST(Rtp, ParsesCsrcExtensionAndPadding) {
  std::vector<uint8_t> d = {0xB2, 0x08, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3,  // V2 P X CC=2, PT 8
                            0,    0,    0, 7, 0, 0, 0, 9,              // CSRCs 7, 9
                            0xBE, 0xDE, 0, 1, 1, 2, 3, 4,              // extension, 1 word
                            0x55, 0x66,                                // payload
                            0,    0,    3};                            // 3 bytes of padding
  auto p = parse_rtp(d);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->header.payload_type, 8);
  EXPECT_FALSE(p->header.marker);
  ASSERT_EQ(p->header.csrc_count, 2);
  EXPECT_EQ(p->header.csrc[0], 7u);
  EXPECT_EQ(p->header.csrc[1], 9u);
  EXPECT_TRUE(p->has_extension);
  EXPECT_EQ(p->extension_profile, 0xBEDE);
  EXPECT_EQ(p->extension.size(), 4u);
  EXPECT_EQ(p->padding_size, 3);
  ASSERT_EQ(p->payload.size(), 2u);
  EXPECT_EQ(p->payload[0], 0x55);
  EXPECT_EQ(p->payload[1], 0x66);
}

TEST(Rtp, RefusesMalformedDatagrams) {
  auto field = [](std::vector<uint8_t> d) {
    auto p = parse_rtp(d);
    EXPECT_FALSE(p);
    return p ? std::string("ok") : p.error().field;
  };
  EXPECT_EQ(field({0x80, 0, 0}), "rtp.header");
  EXPECT_EQ(field({0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), "rtp.version");
  EXPECT_EQ(field({0x81, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3}), "rtp.csrc");
  EXPECT_EQ(field({0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xBE, 0xDE}), "rtp.extension");
  EXPECT_EQ(field({0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xBE, 0xDE, 0, 2, 1, 2, 3, 4}),
            "rtp.extension");
  EXPECT_EQ(field({0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0}), "rtp.padding");  // count 0
  EXPECT_EQ(field({0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3}), "rtp.padding");  // > left
  EXPECT_EQ(field({0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), "rtp.padding");        // no room
  // Padding may take all of what is after the header: an empty payload.
  auto p = parse_rtp(std::vector<uint8_t>{0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2});
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->payload.empty());
}

TEST(Rtp, BuildThenParseGivesTheSameFields) {
  RtpHeader h{.payload_type = 101,
              .marker = true,
              .seq = 65535,
              .timestamp = 0xFFFFFFF0,
              .ssrc = 42,
              .csrc_count = 1,
              .csrc = {77}};
  const std::vector<uint8_t> payload = {9, 8, 7, 6};
  std::vector<uint8_t> out(64);
  auto n = build_rtp(h, payload, out);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 12u + 4u + 4u);
  EXPECT_EQ(out[0], 0x81);
  EXPECT_EQ(out[1], 0x80 | 101);
  auto p = parse_rtp(std::span(out).first(*n));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->header.payload_type, 101);
  EXPECT_TRUE(p->header.marker);
  EXPECT_EQ(p->header.seq, 65535);
  EXPECT_EQ(p->header.timestamp, 0xFFFFFFF0u);
  EXPECT_EQ(p->header.ssrc, 42u);
  EXPECT_EQ(p->header.csrc[0], 77u);
  EXPECT_EQ(std::vector<uint8_t>(p->payload.begin(), p->payload.end()), payload);
}

RtpHeader with_pt(uint8_t pt) {
  RtpHeader h;
  h.payload_type = pt;
  return h;
}

RtpHeader with_csrcs(uint8_t n) {
  RtpHeader h;
  h.csrc_count = n;
  return h;
}

TelephoneEvent event(char digit, uint8_t volume = 0) {
  TelephoneEvent e;
  e.digit = digit;
  e.volume = volume;
  return e;
}

TEST(Rtp, BuildRefusesBadFieldsAndSmallBuffers) {
  std::vector<uint8_t> out(13);
  const std::vector<uint8_t> two = {1, 2};
  EXPECT_EQ(build_rtp(with_pt(128), {}, out).error().field, "rtp.payload_type");
  EXPECT_EQ(build_rtp(with_csrcs(16), {}, out).error().field, "rtp.csrc");
  EXPECT_EQ(build_rtp({}, two, out).error().field, "rtp.buffer");
  EXPECT_EQ(build_rtp(with_csrcs(1), {}, out).error().field, "rtp.buffer");
  EXPECT_EQ(*build_rtp({}, std::span(two).first(1), out), 13u);
}

TEST(TelephoneEvent, MapsEveryDtmfKey) {
  const std::string keys = "0123456789*#ABCD";
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(*dtmf_event_code(keys[i]), i);
    EXPECT_EQ(*dtmf_digit(static_cast<uint8_t>(i)), keys[i]);
  }
  EXPECT_EQ(*dtmf_event_code('b'), 13);
  EXPECT_FALSE(dtmf_event_code('E'));
  EXPECT_FALSE(dtmf_digit(16));  // flash
}

TEST(TelephoneEvent, ParsesRfc4733Payload) {
  // '#' (11), end bit, reserved bit set (ignored), volume 10, duration 1600.
  const std::vector<uint8_t> d = {11, 0x80 | 0x40 | 10, 0x06, 0x40};
  auto e = parse_telephone_event(d);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->digit, '#');
  EXPECT_TRUE(e->end);
  EXPECT_EQ(e->volume, 10);
  EXPECT_EQ(e->duration, 1600);
  EXPECT_FALSE(parse_telephone_event(std::vector<uint8_t>{11, 0, 0}));
  EXPECT_FALSE(parse_telephone_event(std::vector<uint8_t>{16, 0, 0, 0}));
}

TEST(TelephoneEvent, BuildsRfc4733Payload) {
  std::vector<uint8_t> out(4);
  ASSERT_EQ(
      *build_telephone_event({.digit = '5', .end = false, .volume = 63, .duration = 160}, out), 4u);
  EXPECT_EQ(out, (std::vector<uint8_t>{5, 63, 0, 160}));
  ASSERT_TRUE(
      build_telephone_event({.digit = 'D', .end = true, .volume = 0, .duration = 0xFFFF}, out));
  EXPECT_EQ(out, (std::vector<uint8_t>{15, 0x80, 0xFF, 0xFF}));
  EXPECT_FALSE(build_telephone_event(event('x'), out));
  EXPECT_FALSE(build_telephone_event(event('1', 64), out));
  EXPECT_FALSE(build_telephone_event(event('1'), std::span(out).first(3)));
}

}  // namespace
}  // namespace switchyard::voice::media
