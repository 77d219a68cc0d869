#pragma once
// RTP packets (RFC 3550) and DTMF telephone events (RFC 4733) as bytes.
//
// parse_rtp() reads the header of one received UDP datagram and returns views
// into it; build_rtp() writes a packet into a buffer the caller owns. Neither
// allocates, throws or reads outside the spans it is given: every malformed
// input is answered with an ErrorCode::kInvalidArgument whose `field` names
// the part that was wrong. Pure functions, callable from any thread.
//
// Units: `timestamp` is in the payload's clock (8000 Hz for G.711 and
// telephone-event), `duration` of an event is in the same clock units,
// `volume` is in -dBm0 (0..63, 0 = loudest).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/result.h"

namespace switchyard::voice::media {

inline constexpr size_t kRtpHeaderSize = 12;  // fixed part, without CSRCs
inline constexpr size_t kMaxCsrc = 15;
inline constexpr uint8_t kMaxPayloadType = 127;

struct RtpHeader {
  uint8_t payload_type = 0;  // 0..127
  bool marker = false;
  uint16_t seq = 0;
  uint32_t timestamp = 0;
  uint32_t ssrc = 0;
  uint8_t csrc_count = 0;  // 0..15: how many of `csrc` are used
  std::array<uint32_t, kMaxCsrc> csrc{};
};

// A parsed datagram. The spans point into the datagram given to parse_rtp and
// live as long as it does.
struct RtpPacket {
  RtpHeader header;
  bool has_extension = false;
  uint16_t extension_profile = 0;      // the 16 "defined by profile" bits
  std::span<const uint8_t> extension;  // the extension's data words, without its 4-byte head
  uint8_t padding_size = 0;            // padding bytes removed from the end (0 = none)
  std::span<const uint8_t> payload;    // without header, extension and padding
};

// Parses one datagram: version must be 2, the CSRC list, the extension (if
// the X bit is set) and the padding (if the P bit is set: the last byte
// counts the padding bytes, itself included, and must be 1..what is left
// after the header) must fit inside it.
Result<RtpPacket> parse_rtp(std::span<const uint8_t> datagram);

// Writes the header (version 2, no padding, no extension, the header's
// CSRCs) and then the payload into `out`; returns the bytes written.
// Errors: payload_type > 127, csrc_count > 15, `out` too small.
Result<size_t> build_rtp(const RtpHeader& header, std::span<const uint8_t> payload,
                         std::span<uint8_t> out);

inline constexpr size_t kTelephoneEventSize = 4;
inline constexpr uint8_t kMaxEventVolume = 63;

// One RFC 4733 telephone-event payload for a DTMF key (events 0..15).
struct TelephoneEvent {
  char digit = '0';       // '0'..'9', '*', '#', 'A'..'D'
  bool end = false;       // the E bit: the last packets of the event
  uint8_t volume = 0;     // -dBm0, 0..63
  uint16_t duration = 0;  // in timestamp units since the event's start
};

// The event code of a DTMF key ('0'..'9' -> 0..9, '*' -> 10, '#' -> 11,
// 'A'..'D' -> 12..15, lower-case 'a'..'d' too); an error for anything else.
Result<uint8_t> dtmf_event_code(char digit);
// The key of an event code 0..15; an error for codes above 15 (flash, tones).
Result<char> dtmf_digit(uint8_t event_code);

// Reads the first 4 bytes of an RTP payload of type telephone-event. Errors:
// shorter than 4 bytes, an event that is not a DTMF key (> 15). The reserved
// bit is ignored, as the RFC asks of receivers.
Result<TelephoneEvent> parse_telephone_event(std::span<const uint8_t> payload);
// Writes the 4-byte payload; returns 4. Errors: unknown digit, volume > 63,
// `out` shorter than 4 bytes.
Result<size_t> build_telephone_event(const TelephoneEvent& event, std::span<uint8_t> out);

}  // namespace switchyard::voice::media
