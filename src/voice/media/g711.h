#pragma once
// G.711 (ITU-T) companding: mu-law (PCMU, RTP payload type 0) and A-law
// (PCMA, payload type 8) to and from 16-bit linear PCM.
//
// Linear samples are int16_t at full scale (the 14-bit mu-law and 13-bit
// A-law ranges of the standard shifted left by 2 and 3 bits): mu-law decodes
// to -32124..32124, A-law to -32256..32256; encoding clips larger values.
// Decoding uses 256-entry tables built at compile time; encoding computes the
// segment (a few shifts). Pure functions, callable from any thread.
#include <cstddef>
#include <cstdint>
#include <span>

namespace switchyard::voice::media {

uint8_t linear_to_ulaw(int16_t sample);
int16_t ulaw_to_linear(uint8_t code);
uint8_t linear_to_alaw(int16_t sample);
int16_t alaw_to_linear(uint8_t code);

// Buffer forms: convert min(in.size(), out.size()) samples and return that
// count (one byte per sample, 8000 per second of audio).
size_t encode_ulaw(std::span<const int16_t> in, std::span<uint8_t> out);
size_t decode_ulaw(std::span<const uint8_t> in, std::span<int16_t> out);
size_t encode_alaw(std::span<const int16_t> in, std::span<uint8_t> out);
size_t decode_alaw(std::span<const uint8_t> in, std::span<int16_t> out);

}  // namespace switchyard::voice::media
