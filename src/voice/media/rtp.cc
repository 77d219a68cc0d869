#include "voice/media/rtp.h"

#include <algorithm>

namespace switchyard::voice::media {
namespace {

uint16_t read16(std::span<const uint8_t> b, size_t at) {
  return static_cast<uint16_t>((b[at] << 8) | b[at + 1]);
}

uint32_t read32(std::span<const uint8_t> b, size_t at) {
  return (uint32_t{b[at]} << 24) | (uint32_t{b[at + 1]} << 16) | (uint32_t{b[at + 2]} << 8) |
         uint32_t{b[at + 3]};
}

void write16(std::span<uint8_t> b, size_t at, uint16_t v) {
  b[at] = static_cast<uint8_t>(v >> 8);
  b[at + 1] = static_cast<uint8_t>(v);
}

void write32(std::span<uint8_t> b, size_t at, uint32_t v) {
  write16(b, at, static_cast<uint16_t>(v >> 16));
  write16(b, at + 2, static_cast<uint16_t>(v));
}

std::unexpected<Error> bad(std::string message, std::string field) {
  return make_error(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

constexpr std::array<char, 16> kDigits = {'0', '1', '2', '3', '4', '5', '6', '7',
                                          '8', '9', '*', '#', 'A', 'B', 'C', 'D'};

}  // namespace

Result<RtpPacket> parse_rtp(std::span<const uint8_t> datagram) {
  if (datagram.size() < kRtpHeaderSize) return bad("shorter than an RTP header", "rtp.header");
  const uint8_t b0 = datagram[0];
  if ((b0 >> 6) != 2) return bad("RTP version is not 2", "rtp.version");
  const bool padding = (b0 & 0x20) != 0;
  const bool extension = (b0 & 0x10) != 0;
  RtpPacket p;
  p.header.csrc_count = b0 & 0x0F;
  p.header.marker = (datagram[1] & 0x80) != 0;
  p.header.payload_type = datagram[1] & 0x7F;
  p.header.seq = read16(datagram, 2);
  p.header.timestamp = read32(datagram, 4);
  p.header.ssrc = read32(datagram, 8);

  size_t at = kRtpHeaderSize;
  const size_t csrc_bytes = size_t{p.header.csrc_count} * 4;
  if (datagram.size() - at < csrc_bytes) return bad("CSRC list past the end", "rtp.csrc");
  for (size_t i = 0; i < p.header.csrc_count; ++i) p.header.csrc[i] = read32(datagram, at + 4 * i);
  at += csrc_bytes;

  if (extension) {
    if (datagram.size() - at < 4) return bad("extension header past the end", "rtp.extension");
    p.has_extension = true;
    p.extension_profile = read16(datagram, at);
    const size_t ext_bytes = size_t{read16(datagram, at + 2)} * 4;
    at += 4;
    if (datagram.size() - at < ext_bytes) return bad("extension past the end", "rtp.extension");
    p.extension = datagram.subspan(at, ext_bytes);
    at += ext_bytes;
  }

  size_t end = datagram.size();
  if (padding) {
    const uint8_t count = datagram[end - 1];
    if (count == 0 || count > end - at) return bad("bad padding count", "rtp.padding");
    p.padding_size = count;
    end -= count;
  }
  p.payload = datagram.subspan(at, end - at);
  return p;
}

Result<size_t> build_rtp(const RtpHeader& header, std::span<const uint8_t> payload,
                         std::span<uint8_t> out) {
  if (header.payload_type > kMaxPayloadType)
    return bad("payload type above 127", "rtp.payload_type");
  if (header.csrc_count > kMaxCsrc) return bad("more than 15 CSRCs", "rtp.csrc");
  const size_t head = kRtpHeaderSize + size_t{header.csrc_count} * 4;
  if (out.size() < head || out.size() - head < payload.size()) {
    return bad("buffer too small for the packet", "rtp.buffer");
  }
  out[0] = static_cast<uint8_t>(0x80 | header.csrc_count);
  out[1] = static_cast<uint8_t>((header.marker ? 0x80 : 0) | header.payload_type);
  write16(out, 2, header.seq);
  write32(out, 4, header.timestamp);
  write32(out, 8, header.ssrc);
  for (size_t i = 0; i < header.csrc_count; ++i)
    write32(out, kRtpHeaderSize + 4 * i, header.csrc[i]);
  std::copy(payload.begin(), payload.end(), out.begin() + static_cast<std::ptrdiff_t>(head));
  return head + payload.size();
}

Result<uint8_t> dtmf_event_code(char digit) {
  if (digit >= 'a' && digit <= 'd') digit = static_cast<char>(digit - 'a' + 'A');
  for (size_t i = 0; i < kDigits.size(); ++i) {
    if (kDigits[i] == digit) return static_cast<uint8_t>(i);
  }
  return bad("not a DTMF key", "telephone_event.digit");
}

Result<char> dtmf_digit(uint8_t event_code) {
  if (event_code >= kDigits.size()) return bad("event is not a DTMF key", "telephone_event.event");
  return kDigits[event_code];
}

Result<TelephoneEvent> parse_telephone_event(std::span<const uint8_t> payload) {
  if (payload.size() < kTelephoneEventSize) {
    return bad("telephone-event payload shorter than 4 bytes", "telephone_event");
  }
  auto digit = dtmf_digit(payload[0]);
  if (!digit) return std::unexpected(digit.error());
  TelephoneEvent e;
  e.digit = *digit;
  e.end = (payload[1] & 0x80) != 0;
  e.volume = payload[1] & 0x3F;
  e.duration = read16(payload, 2);
  return e;
}

Result<size_t> build_telephone_event(const TelephoneEvent& event, std::span<uint8_t> out) {
  auto code = dtmf_event_code(event.digit);
  if (!code) return std::unexpected(code.error());
  if (event.volume > kMaxEventVolume) return bad("volume above 63", "telephone_event.volume");
  if (out.size() < kTelephoneEventSize) return bad("buffer too small", "telephone_event.buffer");
  out[0] = *code;
  out[1] = static_cast<uint8_t>((event.end ? 0x80 : 0) | event.volume);
  write16(out, 2, event.duration);
  return kTelephoneEventSize;
}

}  // namespace switchyard::voice::media
