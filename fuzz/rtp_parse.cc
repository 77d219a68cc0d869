// Fuzz target: RTP header parse and build, RFC 4733 telephone-event parse and
// build (voice/media/rtp.h). Beyond "never crash or read out of bounds", it
// traps when a contract breaks:
//  - the payload and extension views lie inside the datagram;
//  - a parsed header, built again with its payload, parses to the same
//    fields and payload;
//  - a parsed telephone event builds back to the same 4 bytes (reserved bit
//    cleared).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "voice/media/rtp.h"

using namespace switchyard::voice::media;

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

bool inside(std::span<const uint8_t> part, std::span<const uint8_t> whole) {
  return part.empty() ||
         (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

bool same(const RtpHeader& a, const RtpHeader& b) {
  return a.payload_type == b.payload_type && a.marker == b.marker && a.seq == b.seq &&
         a.timestamp == b.timestamp && a.ssrc == b.ssrc && a.csrc_count == b.csrc_count &&
         std::equal(a.csrc.begin(), a.csrc.begin() + a.csrc_count, b.csrc.begin());
}

void event_round_trip(std::span<const uint8_t> payload) {
  auto e = parse_telephone_event(payload);
  if (!e) return;
  std::array<uint8_t, kTelephoneEventSize> out{};
  auto n = build_telephone_event(*e, out);
  check(n.has_value() && *n == kTelephoneEventSize);
  check(out[0] == payload[0] && out[1] == (payload[1] & 0xBF) && out[2] == payload[2] &&
        out[3] == payload[3]);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> datagram(data, size);
  event_round_trip(datagram);
  auto p = parse_rtp(datagram);
  if (!p) {
    check(!p.error().field.empty());
    return 0;
  }
  check(inside(p->payload, datagram) && inside(p->extension, datagram));
  check(p->header.payload_type <= kMaxPayloadType && p->header.csrc_count <= kMaxCsrc);

  std::vector<uint8_t> out(size + 4 * kMaxCsrc);
  auto n = build_rtp(p->header, p->payload, out);
  check(n.has_value());
  auto again = parse_rtp(std::span<const uint8_t>(out).first(*n));
  check(again.has_value() && same(again->header, p->header) &&
        std::ranges::equal(again->payload, p->payload));

  event_round_trip(p->payload);
  return 0;
}
