// Fuzz target: SDP parse, negotiate, answer and write (voice/media/sdp.h).
// Beyond "never crash", it checks the contracts the SIP code relies on and
// traps when one breaks:
//  - a refused input has an error message;
//  - anything parse_sdp produced is writable, and (when the text fits the
//    size limit) parses back to the same description;
//  - a negotiated offer gives an answer that is writable, parses, and
//    negotiates to the same codec and telephone-event payload type.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "voice/media/sdp.h"

using namespace switchyard::voice::media;

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

constexpr std::array<Codec, 2> kCodecs = {Codec::kPcmu, Codec::kPcma};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto offer = parse_sdp(text);
  if (!offer) {
    check(!offer.error().message.empty());
    return 0;
  }
  auto written = write_sdp(*offer);
  check(written.has_value());
  if (written->size() <= kMaxSdpBytes) {
    auto back = parse_sdp(*written);
    check(back.has_value() && *back == *offer);
  }

  auto chosen = negotiate(*offer, kCodecs);
  if (!chosen) {
    check(!chosen.error().message.empty());
    return 0;
  }
  const SessionDescription answer = make_answer(*offer, *chosen,
                                                LocalMedia{.address = "192.0.2.1",
                                                           .port = 30000,
                                                           .session_id = 1,
                                                           .session_version = 1,
                                                           .username = "switchyard"});
  auto answer_text = write_sdp(answer);
  check(answer_text.has_value());
  if (answer_text->size() <= kMaxSdpBytes) {
    auto parsed = parse_sdp(*answer_text);
    check(parsed.has_value());
    auto again = negotiate(*parsed, kCodecs);
    check(again.has_value() && again->codec == chosen->codec &&
          again->payload_type == chosen->payload_type &&
          again->telephone_event_pt == chosen->telephone_event_pt);
  }
  return 0;
}
