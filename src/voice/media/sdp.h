#pragma once
// SDP (RFC 4566) for audio offers and answers (RFC 3264), as the media relay
// needs it: parse an offer, negotiate G.711 and telephone-event against our
// codecs, build and write the answer.
//
// parse_sdp() reads text (CRLF or LF line ends) into a SessionDescription and
// answers malformed input with ErrorCode::kInvalidArgument naming the line
// (`field` = "line 7: m=" style); it never throws on input and refuses
// descriptions over kMaxSdpBytes, more than kMaxMedia m= lines or more than
// kMaxFormats payload types in one m= line. Lines it does not use (i=, u=,
// e=, p=, b=, z=, k=, r=, other a= attributes) are skipped, not kept.
// write_sdp() writes CRLF-terminated lines; parse_sdp(write_sdp(d)) gives d
// back for every d that parse_sdp produced. Pure functions, any thread.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace switchyard::voice::media {

inline constexpr size_t kMaxSdpBytes = 8192;
inline constexpr size_t kMaxMedia = 16;
inline constexpr size_t kMaxFormats = 64;

enum class Direction { kSendRecv, kSendOnly, kRecvOnly, kInactive };
std::string_view to_string(Direction d);

// c=IN <addrtype> <address>. Only "IP4" with a dotted-quad unicast address is
// usable for media (negotiate checks it); others are kept as read.
struct Connection {
  std::string addrtype;  // "IP4", "IP6"
  std::string address;
  friend bool operator==(const Connection&, const Connection&) = default;
};

struct RtpMap {  // a=rtpmap:<pt> <encoding>/<clock_rate>[/<channels>]
  uint8_t payload_type = 0;
  std::string encoding;  // as written: "PCMU", "telephone-event"
  uint32_t clock_rate_hz = 0;
  uint8_t channels = 0;  // 0 = not written (1 for audio)
  friend bool operator==(const RtpMap&, const RtpMap&) = default;
};

struct Fmtp {  // a=fmtp:<pt> <parameters>
  uint8_t payload_type = 0;
  std::string parameters;  // "0-16"
  friend bool operator==(const Fmtp&, const Fmtp&) = default;
};

struct MediaDescription {                // one m= section
  std::string media;                     // "audio", "video", ...
  uint16_t port = 0;                     // 0 = stream rejected / disabled
  std::string proto;                     // "RTP/AVP"
  std::vector<std::string> formats;      // for RTP protocols, payload types 0..127
  std::optional<Connection> connection;  // media-level c=, overrides the session's
  std::vector<RtpMap> rtpmaps;
  std::vector<Fmtp> fmtps;
  std::optional<Direction> direction;
  uint32_t ptime_ms = 0;  // 0 = not given
  friend bool operator==(const MediaDescription&, const MediaDescription&) = default;
};

struct SessionDescription {
  std::string origin_username = "-";
  uint64_t session_id = 0;
  uint64_t session_version = 0;
  Connection origin_address;  // the o= line's address
  std::string session_name = "-";
  std::optional<Connection> connection;  // session-level c=
  std::optional<Direction> direction;    // session-level a=sendrecv etc.
  std::vector<MediaDescription> media;
  friend bool operator==(const SessionDescription&, const SessionDescription&) = default;
};

Result<SessionDescription> parse_sdp(std::string_view text);
// Errors only for what parse_sdp would refuse (a line break or NUL inside a
// value, a format list over the limits); anything parse_sdp made is writable.
Result<std::string> write_sdp(const SessionDescription& d);

enum class Codec { kPcmu, kPcma };  // G.711 mu-law (static pt 0), A-law (pt 8)
std::string_view to_string(Codec c);

// What negotiate() chose from an offer.
struct NegotiatedAudio {
  size_t media_index = 0;  // which m= line of the offer
  Codec codec = Codec::kPcmu;
  uint8_t payload_type = 0;  // the offer's pt for the codec (0 / 8 or a dynamic one)
  std::optional<uint8_t> telephone_event_pt;  // telephone-event/8000, if offered
  std::string telephone_event_fmtp;           // the offer's fmtp for it ("" if none)
  Connection remote;  // where to send RTP: media-level c= or else session c=
  uint16_t remote_port = 0;
  Direction answer_direction = Direction::kSendRecv;  // ours, mirrored from the offer's
  uint32_t ptime_ms = 0;                              // the offer's a=ptime (0 = not given)
};

// Picks the first audio m= line with a non-zero port and an RTP/AVP-style
// protocol, then the first of its payload types (in the offer's order) whose
// codec is in `our_codecs` at 8000 Hz (static 0 / 8 without rtpmap, or by
// rtpmap name), and telephone-event/8000 if offered. Errors
// (kUnprocessable; the message says which, `field` is the SDP part):
//   no audio       - no usable m=audio line           (field "m=audio")
//   bad address    - no c=, or not IN IP4 a.b.c.d     (field "c=")
//   no common codec                                    (field "m=audio")
Result<NegotiatedAudio> negotiate(const SessionDescription& offer,
                                  std::span<const Codec> our_codecs);

// Where we receive the media, and the o= values of our description.
struct LocalMedia {
  std::string address;  // IPv4 dotted quad
  uint16_t port = 0;
  uint64_t session_id = 0;       // chosen by the caller, kept for the dialog
  uint64_t session_version = 0;  // incremented by the caller on each new offer/answer
  std::string username = "switchyard";
};

// The answer to `offer`: as many m= lines as the offer (RFC 3264 section 6);
// the chosen one carries our address, codec, telephone-event (same pt and
// fmtp), ptime and direction; every other one is rejected with port 0.
SessionDescription make_answer(const SessionDescription& offer, const NegotiatedAudio& chosen,
                               const LocalMedia& local);

}  // namespace switchyard::voice::media
