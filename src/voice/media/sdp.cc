#include "voice/media/sdp.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

#include "voice/media/rtp.h"

namespace switchyard::voice::media {
namespace {

template <typename T>
std::optional<T> to_uint(std::string_view s, T max) {
  uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v > max) return std::nullopt;
  return static_cast<T>(v);
}

std::vector<std::string_view> tokens(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    const size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    auto lower = [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    };
    return lower(x) == lower(y);
  });
}

bool is_rtp_proto(std::string_view proto) { return proto.starts_with("RTP/"); }

constexpr std::array<std::pair<Direction, std::string_view>, 4> kDirections = {{
    {Direction::kSendRecv, "sendrecv"},
    {Direction::kSendOnly, "sendonly"},
    {Direction::kRecvOnly, "recvonly"},
    {Direction::kInactive, "inactive"},
}};

std::optional<Direction> direction_of(std::string_view attr) {
  for (const auto& [d, name] : kDirections) {
    if (name == attr) return d;
  }
  return std::nullopt;
}

// A dotted-quad unicast IPv4 address (no multicast, no broadcast).
bool is_unicast_ipv4(std::string_view s) {
  int parts = 0;
  int first = 0;
  size_t i = 0;
  while (parts < 4) {
    const size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start || i - start > 3) return false;
    const auto v = to_uint<uint16_t>(s.substr(start, i - start), 255);
    if (!v) return false;
    if (parts == 0) first = *v;
    ++parts;
    if (parts < 4) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
  }
  return i == s.size() && first < 224;
}

class Parser {
 public:
  Result<SessionDescription> run(std::string_view text) {
    if (text.size() > kMaxSdpBytes) return fail("description larger than 8 KB", "sdp");
    bool seen_v = false, seen_o = false, seen_s = false;
    while (!text.empty()) {
      const size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
      ++line_no_;
      if (line.ends_with('\r')) line.remove_suffix(1);
      if (line.empty()) continue;
      for (char c : line) {
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) {
          return fail("control character in a line", "");
        }
      }
      if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z') {
        return fail("not a <type>=<value> line", "");
      }
      const char type = line[0];
      const std::string_view value = line.substr(2);
      if (!seen_v) {
        if (type != 'v' || value != "0") return fail("the first line must be v=0", "v=");
        seen_v = true;
        continue;
      }
      Result<void> r;
      switch (type) {
        case 'v':
          return fail("a second v= line", "v=");
        case 'o':
          r = origin(value);
          seen_o = true;
          break;
        case 's':
          d_.session_name = std::string(value);
          seen_s = true;
          break;
        case 'c':
          r = connection(value);
          break;
        case 'm':
          r = media(value);
          break;
        case 'a':
          r = attribute(value);
          break;
        default:
          break;  // t=, b=, i=, ... are not used
      }
      if (!r) return std::unexpected(r.error());
    }
    if (!seen_v) return fail("empty description", "v=");
    if (!seen_o) return fail("no o= line", "o=");
    if (!seen_s) return fail("no s= line", "s=");
    return std::move(d_);
  }

 private:
  std::unexpected<Error> fail(std::string message, std::string_view part) {
    return make_error(
        ErrorCode::kInvalidArgument, std::move(message),
        "line " + std::to_string(line_no_) + (part.empty() ? "" : ": ") + std::string(part));
  }

  MediaDescription* current() { return d_.media.empty() ? nullptr : &d_.media.back(); }

  Result<Connection> address(std::vector<std::string_view> t, std::string_view part) {
    if (t.size() != 3) return fail("expected IN <addrtype> <address>", part);
    if (t[0] != "IN") return fail("network type is not IN", part);
    return Connection{std::string(t[1]), std::string(t[2])};
  }

  Result<void> origin(std::string_view value) {
    auto t = tokens(value);
    if (t.size() != 6) return fail("expected 6 fields", "o=");
    const auto id = to_uint<uint64_t>(t[1], UINT64_MAX);
    const auto version = to_uint<uint64_t>(t[2], UINT64_MAX);
    if (!id || !version) return fail("session id and version must be numbers", "o=");
    auto addr = address({t[3], t[4], t[5]}, "o=");
    if (!addr) return std::unexpected(addr.error());
    d_.origin_username = std::string(t[0]);
    d_.session_id = *id;
    d_.session_version = *version;
    d_.origin_address = std::move(*addr);
    return {};
  }

  Result<void> connection(std::string_view value) {
    auto addr = address(tokens(value), "c=");
    if (!addr) return std::unexpected(addr.error());
    if (auto* m = current()) {
      m->connection = std::move(*addr);
    } else {
      d_.connection = std::move(*addr);
    }
    return {};
  }

  Result<void> media(std::string_view value) {
    if (d_.media.size() >= kMaxMedia) return fail("more than 16 m= lines", "m=");
    auto t = tokens(value);
    if (t.size() < 4) return fail("expected <media> <port> <proto> <fmt>...", "m=");
    if (t.size() - 3 > kMaxFormats) return fail("more than 64 formats", "m=");
    MediaDescription m;
    m.media = std::string(t[0]);
    const auto port = to_uint<uint16_t>(t[1].substr(0, t[1].find('/')), 65535);
    if (!port) return fail("bad port", "m=");
    m.port = *port;
    m.proto = std::string(t[2]);
    for (size_t i = 3; i < t.size(); ++i) {
      if (is_rtp_proto(m.proto) && !to_uint<uint8_t>(t[i], kMaxPayloadType)) {
        return fail("payload type is not 0..127", "m=");
      }
      m.formats.emplace_back(t[i]);
    }
    d_.media.push_back(std::move(m));
    return {};
  }

  Result<void> attribute(std::string_view value) {
    const size_t colon = value.find(':');
    const std::string_view name = value.substr(0, colon);
    const std::string_view arg = colon == std::string_view::npos ? "" : value.substr(colon + 1);
    MediaDescription* m = current();
    if (auto dir = direction_of(name)) {
      (m ? m->direction : d_.direction) = *dir;
      return {};
    }
    if (!m) return {};  // other session-level attributes are not used
    if (name == "rtpmap") return rtpmap(*m, arg);
    if (name == "fmtp") return fmtp(*m, arg);
    if (name == "ptime") {
      const auto ms = to_uint<uint32_t>(arg, 10000);
      if (!ms || *ms == 0) return fail("ptime is not 1..10000 ms", "a=ptime");
      m->ptime_ms = *ms;
    }
    return {};
  }

  Result<void> rtpmap(MediaDescription& m, std::string_view arg) {
    if (m.rtpmaps.size() >= kMaxFormats) return fail("more than 64 rtpmaps", "a=rtpmap");
    auto t = tokens(arg);
    if (t.size() != 2) return fail("expected <pt> <encoding>/<rate>", "a=rtpmap");
    const auto pt = to_uint<uint8_t>(t[0], kMaxPayloadType);
    if (!pt) return fail("payload type is not 0..127", "a=rtpmap");
    RtpMap map;
    map.payload_type = *pt;
    std::string_view rest = t[1];
    const size_t s1 = rest.find('/');
    if (s1 == 0 || s1 == std::string_view::npos)
      return fail("expected <encoding>/<rate>", "a=rtpmap");
    map.encoding = std::string(rest.substr(0, s1));
    rest = rest.substr(s1 + 1);
    const size_t s2 = rest.find('/');
    const auto rate = to_uint<uint32_t>(rest.substr(0, s2), UINT32_MAX);
    if (!rate || *rate == 0) return fail("bad clock rate", "a=rtpmap");
    map.clock_rate_hz = *rate;
    if (s2 != std::string_view::npos) {
      const auto ch = to_uint<uint8_t>(rest.substr(s2 + 1), 255);
      if (!ch || *ch == 0) return fail("bad channel count", "a=rtpmap");
      map.channels = *ch;
    }
    m.rtpmaps.push_back(std::move(map));
    return {};
  }

  Result<void> fmtp(MediaDescription& m, std::string_view arg) {
    if (m.fmtps.size() >= kMaxFormats) return fail("more than 64 fmtps", "a=fmtp");
    const size_t sp = arg.find(' ');
    const auto pt = to_uint<uint8_t>(arg.substr(0, sp), kMaxPayloadType);
    if (!pt) return fail("payload type is not 0..127", "a=fmtp");
    std::string_view params = sp == std::string_view::npos ? "" : arg.substr(sp + 1);
    while (params.starts_with(' ')) params.remove_prefix(1);
    m.fmtps.push_back(Fmtp{*pt, std::string(params)});
    return {};
  }

  SessionDescription d_;
  size_t line_no_ = 0;
};

// A value written into a line: no control characters (they would end the
// line or be refused by the parser).
bool clean(std::string_view s) {
  return std::ranges::none_of(
      s, [](char c) { return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F; });
}

// A space-separated field: also non-empty and without spaces (the parser
// splits fields on spaces only).
bool token(std::string_view s) {
  return !s.empty() && clean(s) && s.find(' ') == std::string_view::npos;
}

std::optional<Codec> codec_of(const MediaDescription& m, uint8_t pt) {
  for (const RtpMap& map : m.rtpmaps) {
    if (map.payload_type != pt) continue;
    if (map.clock_rate_hz != 8000 || map.channels > 1) return std::nullopt;
    if (iequals(map.encoding, "PCMU")) return Codec::kPcmu;
    if (iequals(map.encoding, "PCMA")) return Codec::kPcma;
    return std::nullopt;
  }
  if (pt == 0) return Codec::kPcmu;  // static payload types (RFC 3551)
  if (pt == 8) return Codec::kPcma;
  return std::nullopt;
}

// Our direction in the answer to an offered one (RFC 3264 section 6.1).
Direction mirrored(Direction offered) {
  if (offered == Direction::kSendOnly) return Direction::kRecvOnly;
  if (offered == Direction::kRecvOnly) return Direction::kSendOnly;
  return offered;
}

std::unexpected<Error> refuse(std::string message, std::string field) {
  return make_error(ErrorCode::kUnprocessable, std::move(message), std::move(field));
}

}  // namespace

std::string_view to_string(Direction d) {
  for (const auto& [dir, name] : kDirections) {
    if (dir == d) return name;
  }
  return "sendrecv";
}

std::string_view to_string(Codec c) { return c == Codec::kPcma ? "PCMA" : "PCMU"; }

Result<SessionDescription> parse_sdp(std::string_view text) { return Parser().run(text); }

Result<std::string> write_sdp(const SessionDescription& d) {
  auto bad = [](std::string what) {
    return make_error(ErrorCode::kInvalidArgument, "cannot write " + what, what);
  };
  auto conn = [&](const Connection& c) { return "IN " + c.addrtype + " " + c.address; };
  auto conn_ok = [](const Connection& c) { return token(c.addrtype) && token(c.address); };
  if (!token(d.origin_username) || !conn_ok(d.origin_address)) return bad("o=");
  if (!clean(d.session_name)) return bad("s=");
  std::string out = "v=0\r\n";
  out += "o=" + d.origin_username + " " + std::to_string(d.session_id) + " " +
         std::to_string(d.session_version) + " " + conn(d.origin_address) + "\r\n";
  out += "s=" + d.session_name + "\r\n";
  if (d.connection) {
    if (!conn_ok(*d.connection)) return bad("c=");
    out += "c=" + conn(*d.connection) + "\r\n";
  }
  out += "t=0 0\r\n";
  if (d.direction) out += "a=" + std::string(to_string(*d.direction)) + "\r\n";
  if (d.media.size() > kMaxMedia) return bad("m=");
  for (const MediaDescription& m : d.media) {
    if (!token(m.media) || !token(m.proto) || m.formats.empty() || m.formats.size() > kMaxFormats ||
        m.rtpmaps.size() > kMaxFormats || m.fmtps.size() > kMaxFormats ||
        !std::ranges::all_of(m.formats, token)) {
      return bad("m=");
    }
    out += "m=" + m.media + " " + std::to_string(m.port) + " " + m.proto;
    for (const std::string& f : m.formats) out += " " + f;
    out += "\r\n";
    if (m.connection) {
      if (!conn_ok(*m.connection)) return bad("c=");
      out += "c=" + conn(*m.connection) + "\r\n";
    }
    for (const RtpMap& r : m.rtpmaps) {
      if (!token(r.encoding) || r.encoding.find('/') != std::string::npos || r.clock_rate_hz == 0 ||
          r.payload_type > kMaxPayloadType) {
        return bad("a=rtpmap");
      }
      out += "a=rtpmap:" + std::to_string(r.payload_type) + " " + r.encoding + "/" +
             std::to_string(r.clock_rate_hz);
      if (r.channels != 0) {
        out += '/';  // (not "/" + to_string(...): g++ 12's -Wrestrict false positive, GCC bug 105329)
        out += std::to_string(r.channels);
      }
      out += "\r\n";
    }
    for (const Fmtp& f : m.fmtps) {
      if (!clean(f.parameters) || f.parameters.starts_with(' ') ||
          f.payload_type > kMaxPayloadType) {
        return bad("a=fmtp");
      }
      out += "a=fmtp:" + std::to_string(f.payload_type) + " " + f.parameters + "\r\n";
    }
    if (m.ptime_ms != 0) {
      if (m.ptime_ms > 10000) return bad("a=ptime");
      out += "a=ptime:" + std::to_string(m.ptime_ms) + "\r\n";
    }
    if (m.direction) out += "a=" + std::string(to_string(*m.direction)) + "\r\n";
  }
  return out;
}

Result<NegotiatedAudio> negotiate(const SessionDescription& offer,
                                  std::span<const Codec> our_codecs) {
  auto it = std::ranges::find_if(offer.media, [](const MediaDescription& m) {
    return m.media == "audio" && m.port != 0 && is_rtp_proto(m.proto);
  });
  if (it == offer.media.end())
    return refuse("no audio: no m=audio RTP line with a port", "m=audio");
  const MediaDescription& m = *it;

  NegotiatedAudio n;
  n.media_index = static_cast<size_t>(it - offer.media.begin());
  const std::optional<Connection>& c = m.connection ? m.connection : offer.connection;
  if (!c) return refuse("bad address: no c= line for the audio", "c=");
  if (c->addrtype != "IP4" || !is_unicast_ipv4(c->address)) {
    return refuse("bad address: not a unicast IN IP4 address", "c=");
  }
  n.remote = *c;
  n.remote_port = m.port;
  n.ptime_ms = m.ptime_ms;

  bool found = false;
  for (const std::string& f : m.formats) {
    const auto pt = to_uint<uint8_t>(f, kMaxPayloadType);
    if (!pt) continue;
    if (!found) {
      const auto codec = codec_of(m, *pt);
      if (codec && std::ranges::find(our_codecs, *codec) != our_codecs.end()) {
        n.codec = *codec;
        n.payload_type = *pt;
        found = true;
      }
    }
    if (!n.telephone_event_pt) {
      for (const RtpMap& r : m.rtpmaps) {
        if (r.payload_type == *pt && iequals(r.encoding, "telephone-event") &&
            r.clock_rate_hz == 8000) {
          n.telephone_event_pt = *pt;
        }
      }
    }
  }
  if (!found) return refuse("no common codec: none of PCMU/PCMA we accept is offered", "m=audio");
  if (n.telephone_event_pt == n.payload_type) n.telephone_event_pt.reset();  // one pt, two rtpmaps
  if (n.telephone_event_pt) {
    for (const Fmtp& f : m.fmtps) {
      if (f.payload_type == *n.telephone_event_pt) n.telephone_event_fmtp = f.parameters;
    }
  }
  n.answer_direction =
      mirrored(m.direction.value_or(offer.direction.value_or(Direction::kSendRecv)));
  return n;
}

SessionDescription make_answer(const SessionDescription& offer, const NegotiatedAudio& chosen,
                               const LocalMedia& local) {
  SessionDescription d;
  d.origin_username = local.username;
  d.session_id = local.session_id;
  d.session_version = local.session_version;
  d.origin_address = Connection{"IP4", local.address};
  d.connection = d.origin_address;
  for (size_t i = 0; i < offer.media.size(); ++i) {
    const MediaDescription& o = offer.media[i];
    MediaDescription m;
    m.media = o.media;
    m.proto = o.proto;
    m.formats = o.formats;  // a rejected stream keeps the offer's formats
    if (i == chosen.media_index) {
      m.port = local.port;
      m.formats = {std::to_string(chosen.payload_type)};
      m.rtpmaps.push_back({chosen.payload_type, std::string(to_string(chosen.codec)), 8000, 0});
      if (chosen.telephone_event_pt) {
        const uint8_t te = *chosen.telephone_event_pt;
        m.formats.push_back(std::to_string(te));
        m.rtpmaps.push_back({te, "telephone-event", 8000, 0});
        if (!chosen.telephone_event_fmtp.empty())
          m.fmtps.push_back({te, chosen.telephone_event_fmtp});
      }
      m.ptime_ms = chosen.ptime_ms;
      m.direction = chosen.answer_direction;
    }
    d.media.push_back(std::move(m));
  }
  return d;
}

}  // namespace switchyard::voice::media
