#include "voice/media/g711.h"

#include <algorithm>
#include <array>

namespace switchyard::voice::media {
namespace {

constexpr int kUlawBias = 0x84;   // 132: added before the segment search
constexpr int kUlawClip = 32635;  // the largest magnitude that fits after the bias

// Index of the highest set bit of v (v > 0).
constexpr int top_bit(int v) {
  int n = -1;
  while (v > 0) {
    v >>= 1;
    ++n;
  }
  return n;
}

constexpr int16_t ulaw_decode(uint8_t code) {
  const int u = static_cast<uint8_t>(~code);
  const int exponent = (u >> 4) & 0x07;
  const int magnitude = ((((u & 0x0F) << 3) + kUlawBias) << exponent) - kUlawBias;
  return static_cast<int16_t>((u & 0x80) ? -magnitude : magnitude);
}

constexpr int16_t alaw_decode(uint8_t code) {
  const int a = code ^ 0x55;
  const int segment = (a >> 4) & 0x07;
  int magnitude = ((a & 0x0F) << 4) + 8;  // the middle of the quantisation step
  if (segment > 0) magnitude = (magnitude + 0x100) << (segment - 1);
  return static_cast<int16_t>((a & 0x80) ? magnitude : -magnitude);
}

template <int16_t (*Decode)(uint8_t)>
constexpr std::array<int16_t, 256> make_table() {
  std::array<int16_t, 256> t{};
  for (int i = 0; i < 256; ++i) t[static_cast<size_t>(i)] = Decode(static_cast<uint8_t>(i));
  return t;
}

constexpr auto kUlawTable = make_table<ulaw_decode>();
constexpr auto kAlawTable = make_table<alaw_decode>();

static_assert(kUlawTable[0xFF] == 0 && kUlawTable[0x80] == 32124 && kUlawTable[0x00] == -32124);
static_assert(kAlawTable[0xD5] == 8 && kAlawTable[0xAA] == 32256 && kAlawTable[0x2A] == -32256);

template <typename In, typename Out, typename F>
size_t convert(std::span<const In> in, std::span<Out> out, F f) {
  const size_t n = std::min(in.size(), out.size());
  for (size_t i = 0; i < n; ++i) out[i] = f(in[i]);
  return n;
}

}  // namespace

uint8_t linear_to_ulaw(int16_t sample) {
  int magnitude = sample;
  int sign = 0;
  if (magnitude < 0) {
    magnitude = -magnitude;
    sign = 0x80;
  }
  magnitude = std::min(magnitude, kUlawClip) + kUlawBias;
  const int exponent = top_bit(magnitude) - 7;  // the bias puts the top bit at 7..14
  const int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
  return static_cast<uint8_t>(~(sign | (exponent << 4) | mantissa));
}

int16_t ulaw_to_linear(uint8_t code) { return kUlawTable[code]; }

uint8_t linear_to_alaw(int16_t sample) {
  int value = sample >> 3;  // 13-bit range
  int mask = 0xD5;          // sign bit set for non-negative values, even bits inverted
  if (value < 0) {
    value = -value - 1;
    mask = 0x55;
  }
  // Segment 0 covers 0..31, segment s >= 1 covers 2^(s+4) .. 2^(s+5)-1.
  const int segment = value < 32 ? 0 : top_bit(value) - 4;
  if (segment > 7) return static_cast<uint8_t>(0x7F ^ mask);
  const int shift = segment < 2 ? 1 : segment;
  const int code = (segment << 4) | ((value >> shift) & 0x0F);
  return static_cast<uint8_t>(code ^ mask);
}

int16_t alaw_to_linear(uint8_t code) { return kAlawTable[code]; }

size_t encode_ulaw(std::span<const int16_t> in, std::span<uint8_t> out) {
  return convert(in, out, linear_to_ulaw);
}
size_t decode_ulaw(std::span<const uint8_t> in, std::span<int16_t> out) {
  return convert(in, out, ulaw_to_linear);
}
size_t encode_alaw(std::span<const int16_t> in, std::span<uint8_t> out) {
  return convert(in, out, linear_to_alaw);
}
size_t decode_alaw(std::span<const uint8_t> in, std::span<int16_t> out) {
  return convert(in, out, alaw_to_linear);
}

}  // namespace switchyard::voice::media
