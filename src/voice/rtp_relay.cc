#include "voice/rtp_relay.h"

#include <charconv>

namespace switchyard::voice {

namespace asio = boost::asio;
using asio::ip::udp;

namespace {

std::vector<std::string_view> lines(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    size_t nl = s.find('\n');
    std::string_view l = s.substr(0, nl);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    out.push_back(l);
    if (nl == std::string_view::npos) break;
    s.remove_prefix(nl + 1);
  }
  return out;
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

template <typename T>
bool number(std::string_view s, T& v) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

Result<AudioOffer> read_audio_sdp(std::string_view sdp) {
  if (sdp.empty()) return make_error(ErrorCode::kInvalidArgument, "no SDP", "sdp");
  if (sdp.size() > 8192) return make_error(ErrorCode::kInvalidArgument, "SDP too large", "sdp");
  AudioOffer a;
  std::string session_addr;
  bool in_audio = false, seen_audio = false;
  for (std::string_view l : lines(sdp)) {
    if (l.size() < 2 || l[1] != '=') continue;
    std::string_view v = l.substr(2);
    if (l[0] == 'm') {
      in_audio = false;
      auto w = words(v);
      if (w.size() >= 4 && w[0] == "audio" && !seen_audio) {
        if (!number(w[1], a.port)) return make_error(ErrorCode::kInvalidArgument, "bad m= port", "sdp");
        for (size_t i = 3; i < w.size() && a.payloads.size() < 64; ++i) {
          int pt = 0;
          if (number(w[i], pt) && pt >= 0 && pt < 128) a.payloads.push_back(pt);
        }
        in_audio = seen_audio = true;
      }
    } else if (l[0] == 'c') {
      auto w = words(v);
      if (w.size() >= 3 && w[0] == "IN" && w[1] == "IP4") {
        std::string addr(w[2].substr(0, w[2].find('/')));
        if (in_audio) a.address = addr;
        else if (!seen_audio) session_addr = addr;
      }
    } else if (l[0] == 'a' && in_audio && v.starts_with("rtpmap:")) {
      auto w = words(v.substr(7));
      int pt = 0;
      if (w.size() >= 2 && number(w[0], pt) && (w[1] == "telephone-event/8000" || w[1] == "TELEPHONE-EVENT/8000"))
        a.telephone_event = pt;
    }
  }
  if (!seen_audio) return make_error(ErrorCode::kInvalidArgument, "no audio stream", "sdp");
  if (a.address.empty()) a.address = session_addr;
  boost::system::error_code ec;
  asio::ip::make_address_v4(a.address, ec);
  if (ec) return make_error(ErrorCode::kInvalidArgument, "no IPv4 address for the audio stream", "sdp");
  return a;
}

std::string write_audio_sdp(const std::string& address, uint16_t port, uint64_t session, int codec, int te) {
  // Appended piece by piece: g++ 12 at -O3 reports a false -Wrestrict on
  // `"literal" + std::string&&` (GCC bug 105329), fatal with SWITCHYARD_WERROR.
  const std::string sess = std::to_string(session), pt = std::to_string(codec), ev = std::to_string(te);
  std::string s;
  s.reserve(256);
  s.append("v=0\r\no=switchyard ").append(sess).append(" ").append(sess).append(" IN IP4 ").append(address);
  s.append("\r\ns=Switchyard\r\nc=IN IP4 ").append(address).append("\r\nt=0 0\r\nm=audio ").append(std::to_string(port));
  s.append(" RTP/AVP ").append(pt);
  if (te >= 0) s.append(" ").append(ev);
  s.append("\r\na=rtpmap:").append(pt).append(codec == 8 ? " PCMA/8000" : " PCMU/8000").append("\r\n");
  if (te >= 0) s.append("a=rtpmap:").append(ev).append(" telephone-event/8000\r\na=fmtp:").append(ev).append(" 0-16\r\n");
  s.append("a=ptime:20\r\na=sendrecv\r\n");
  return s;
}

struct RtpRelay::Port {
  explicit Port(asio::io_context& io) : sock(io) {}
  udp::socket sock;
  udp::endpoint remote;  // where this leg's far end receives
  bool remote_known = false;
  bool latched = false;
  std::weak_ptr<Port> peer;
  std::array<uint8_t, 2048> buf{};
  udp::endpoint from;
  int codec = 0;
  int te = -1;
  bool customer = false;  // an inbound leg (answer()), not an agent's (offer())
};

RtpRelay::RtpRelay(asio::io_context& io, std::string address, uint16_t port_min, uint16_t port_max)
    : io_(io), address_(std::move(address)), min_(static_cast<uint16_t>(port_min & ~1)), max_(port_max), next_(min_) {}

RtpRelay::~RtpRelay() {
  for (auto& [id, p] : ports_) {
    boost::system::error_code ec;
    p->sock.close(ec);
  }
}

Result<std::shared_ptr<RtpRelay::Port>> RtpRelay::open(LegId leg) {
  auto p = std::make_shared<Port>(io_);
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(address_, ec);
  if (ec) return make_error(ErrorCode::kInvalidArgument, "bad RTP address " + address_, "voice.address");
  const int span = (max_ - min_) / 2 + 1;
  for (int tries = 0; tries < span; ++tries) {
    uint16_t port = next_;
    next_ = static_cast<uint16_t>(next_ + 2 > max_ ? min_ : next_ + 2);
    p->sock.open(udp::v4(), ec);
    if (ec) break;
    p->sock.bind(udp::endpoint(addr, port), ec);
    if (!ec) {
      ports_[leg] = p;
      open_.fetch_add(1, std::memory_order_relaxed);
      return p;  // the caller sets it up, then start() receives
    }
    p->sock.close(ec);
  }
  return make_error(ErrorCode::kUnavailable, "no free RTP port", "voice.rtp_port_min");
}

void RtpRelay::receive(const std::shared_ptr<Port>& p) {
  p->sock.async_receive_from(asio::buffer(p->buf), p->from, [this, p](boost::system::error_code ec, size_t n) {
    if (ec) {
      if (ec == asio::error::operation_aborted || !p->sock.is_open()) return;
      return receive(p);  // e.g. ICMP port unreachable from a far end that left
    }
    in_.fetch_add(1, std::memory_order_relaxed);
    // RTP version 2 only (RTCP on this port is dropped too)
    if (n >= 12 && (p->buf[0] >> 6) == 2) {
      if (!p->latched) {
        p->remote = p->from;  // symmetric RTP: answer where it comes from
        p->remote_known = p->latched = true;
      }
      if (auto q = p->peer.lock(); q && q->remote_known) {
        boost::system::error_code sec;
        q->sock.send_to(asio::buffer(p->buf.data(), n), q->remote, 0, sec);
        if (!sec) (p->customer ? to_agents_ : to_customers_).fetch_add(1, std::memory_order_relaxed);
      }
    }
    receive(p);
  });
}

Result<std::string> RtpRelay::answer(LegId leg, std::string_view offer_sdp) {
  auto o = read_audio_sdp(offer_sdp);
  if (!o) return std::unexpected(o.error());
  int codec = -1;
  for (int pt : o->payloads)
    if (pt == 0 || pt == 8) {
      codec = pt;
      break;
    }
  if (codec < 0) return make_error(ErrorCode::kInvalidArgument, "no common codec (PCMU, PCMA)", "sdp");
  auto p = open(leg);
  if (!p) return std::unexpected(p.error());
  (*p)->customer = true;
  (*p)->codec = codec;
  (*p)->te = o->telephone_event;
  if (o->port != 0) {
    boost::system::error_code ec;
    (*p)->remote = udp::endpoint(asio::ip::make_address(o->address, ec), o->port);
    (*p)->remote_known = !ec;
  }
  const uint16_t port = (*p)->sock.local_endpoint().port();
  start(*p);
  return write_audio_sdp(address_, port, leg, codec, o->telephone_event);
}

Result<std::string> RtpRelay::offer(LegId leg) {
  auto p = open(leg);
  if (!p) return std::unexpected(p.error());
  const uint16_t port = (*p)->sock.local_endpoint().port();
  start(*p);
  return write_audio_sdp(address_, port, leg, 0, 101);
}

Result<void> RtpRelay::answered(LegId leg, std::string_view answer_sdp) {
  auto it = ports_.find(leg);
  if (it == ports_.end()) return make_error(ErrorCode::kNotFound, "no such leg", "leg");
  auto a = read_audio_sdp(answer_sdp);
  if (!a) return std::unexpected(a.error());
  if (a->port == 0) return make_error(ErrorCode::kInvalidArgument, "audio refused", "sdp");
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(a->address, ec);
  if (ec) return make_error(ErrorCode::kInvalidArgument, "bad address", "sdp");
  asio::post(io_, [p = it->second, ep = udp::endpoint(addr, a->port)] {
    if (!p->latched) {
      p->remote = ep;
      p->remote_known = true;
    }
  });
  return {};
}

void RtpRelay::bridge(LegId a, LegId b) {
  auto ia = ports_.find(a), ib = ports_.find(b);
  if (ia == ports_.end() || ib == ports_.end()) return;
  asio::post(io_, [pa = ia->second, pb = ib->second] {
    pa->peer = pb;
    pb->peer = pa;
  });
}

void RtpRelay::close(LegId leg) {
  auto it = ports_.find(leg);
  if (it == ports_.end()) return;
  asio::post(io_, [p = it->second] {
    boost::system::error_code ec;
    p->sock.close(ec);
  });
  ports_.erase(it);
  open_.fetch_sub(1, std::memory_order_relaxed);
}

void RtpRelay::start(const std::shared_ptr<Port>& p) {
  asio::post(io_, [this, p] { receive(p); });
}

RelayTotals RtpRelay::totals() const {
  return {in_.load(std::memory_order_relaxed), to_agents_.load(std::memory_order_relaxed),
          to_customers_.load(std::memory_order_relaxed), open_.load(std::memory_order_relaxed)};
}

}  // namespace switchyard::voice
