#include "voice/media/g711.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace switchyard::voice::media {
namespace {

TEST(G711, MulawReferencePoints) {
  EXPECT_EQ(ulaw_to_linear(0xFF), 0);
  EXPECT_EQ(ulaw_to_linear(0x7F), 0);  // "negative zero"
  EXPECT_EQ(ulaw_to_linear(0x80), 32124);
  EXPECT_EQ(ulaw_to_linear(0x00), -32124);
  EXPECT_EQ(ulaw_to_linear(0xFE), 8);    // smallest positive step
  EXPECT_EQ(ulaw_to_linear(0xEF), 132);  // first value of segment 1
  EXPECT_EQ(linear_to_ulaw(0), 0xFF);
  EXPECT_EQ(linear_to_ulaw(32767), 0x80);
  EXPECT_EQ(linear_to_ulaw(-32768), 0x00);
  EXPECT_EQ(linear_to_ulaw(-1), 0x7F);
}

TEST(G711, AlawReferencePoints) {
  EXPECT_EQ(alaw_to_linear(0xD5), 8);
  EXPECT_EQ(alaw_to_linear(0x55), -8);
  EXPECT_EQ(alaw_to_linear(0xAA), 32256);
  EXPECT_EQ(alaw_to_linear(0x2A), -32256);
  EXPECT_EQ(linear_to_alaw(0), 0xD5);
  EXPECT_EQ(linear_to_alaw(-1), 0x55);
  EXPECT_EQ(linear_to_alaw(32767), 0xAA);
  EXPECT_EQ(linear_to_alaw(-32768), 0x2A);
}

TEST(G711, EveryCodeRoundTrips) {
  for (int c = 0; c < 256; ++c) {
    const auto code = static_cast<uint8_t>(c);
    if (code != 0x7F) {  // negative zero encodes back as 0xFF
      EXPECT_EQ(linear_to_ulaw(ulaw_to_linear(code)), code) << c;
    }
    EXPECT_EQ(linear_to_alaw(alaw_to_linear(code)), code) << c;
  }
}

// Every linear value decodes back to within half of its segment's step
// (mu-law steps are 8 << segment, A-law 16 << (segment - 1)); decoding is
// monotonic in the linear value.
TEST(G711, QuantisationErrorIsBounded) {
  int prev_u = -40000, prev_a = -40000;
  for (int x = -32768; x <= 32767; ++x) {
    const auto s = static_cast<int16_t>(x);
    const int u = ulaw_to_linear(linear_to_ulaw(s));
    const int a = alaw_to_linear(linear_to_alaw(s));
    const int clipped_u = std::clamp(x, -32124, 32124);
    const int clipped_a = std::clamp(x, -32256, 32256);
    ASSERT_LE(std::abs(u - clipped_u), std::max(4, std::abs(clipped_u) / 16 + 1)) << x;
    ASSERT_LE(std::abs(a - clipped_a), std::max(8, std::abs(clipped_a) / 32 + 1)) << x;
    ASSERT_GE(u, prev_u) << x;
    ASSERT_GE(a, prev_a) << x;
    prev_u = u;
    prev_a = a;
  }
}

TEST(G711, BufferFormsConvertTheShorterLength) {
  const std::vector<int16_t> pcm = {0, 1000, -1000, 32767};
  std::vector<uint8_t> coded(3);
  EXPECT_EQ(encode_ulaw(pcm, coded), 3u);
  EXPECT_EQ(coded[0], 0xFF);
  EXPECT_EQ(coded[1], linear_to_ulaw(1000));
  std::vector<int16_t> back(4, 7);
  EXPECT_EQ(decode_ulaw(coded, back), 3u);
  EXPECT_EQ(back[1], ulaw_to_linear(coded[1]));
  EXPECT_EQ(back[3], 7);
  EXPECT_EQ(encode_alaw(pcm, coded), 3u);
  EXPECT_EQ(coded[0], 0xD5);
  EXPECT_EQ(decode_alaw(coded, back), 3u);
  EXPECT_EQ(back[2], alaw_to_linear(linear_to_alaw(-1000)));
}

}  // namespace
}  // namespace switchyard::voice::media
