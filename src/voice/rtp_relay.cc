#include "voice/rtp_relay.h"


#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include <boost/asio/post.hpp>

#include "core/clock.h"
#include "voice/media/denoise.h"
#include "voice/media/g711.h"
#include "voice/media/rtp.h"
#include "voice/media/sdp.h"
#include "voice/media/wav_recorder.h"

namespace switchyard::voice {

namespace asio = boost::asio;
using asio::ip::udp;

namespace {

constexpr media::Codec kCodecs[] = {media::Codec::kPcmu, media::Codec::kPcma};
constexpr uint8_t kOurTelephoneEvent = 101;

// Arrival time in samples at 8 kHz (a duration between packets, not domain
// time: the monotonic clock of core/clock.h).
int64_t now_samples() {
  return monotonic_ns() / 125'000;
}

}  // namespace

// A bridged call being recorded: one WAV, both legs feeding it.
struct RtpRelay::Recording {
  media::WavRecorder wav;
  core::ContactId contact;
  std::string path;
  int64_t start_samples;  // the steady clock at the bridge, in samples
  int legs = 2;           // legs still open
};

// A supervised call: the three legs' audio through jitter buffers, mixed
// for those who hear two others (media/mixer.h).
struct RtpRelay::Conf {
  media::Conference mix{3};
  std::array<std::weak_ptr<Port>, 3> ports;  // kCustomerParty, kAgentParty, kLeadParty
};

// One thread's share of the ports: its io_context, the playout of the
// legs on it and its supervised calls (all touched on that thread only).
struct RtpRelay::Shard {
  explicit Shard(asio::io_context& c) : io(c), playout_timer(c) {}
  asio::io_context& io;
  size_t open = 0;  // ports open on it (the switch's thread: where a new leg goes)
  // Playout: the legs with clips, and the 20 ms timer serving all of them
  // (one timer however many callers wait).
  std::vector<std::shared_ptr<Port>> playing;
  std::vector<std::shared_ptr<Conf>> conferences;
  asio::steady_timer playout_timer;
  bool playout_running = false;
  static constexpr size_t kRxBatch = 8;  // datagrams per recvmmsg
  std::array<std::array<uint8_t, 2048>, kRxBatch> rx{};  // drain()'s buffers
};

struct RtpRelay::Port {
  explicit Port(Shard& s) : shard(s), sock(s.io) {}
  Shard& shard;
  udp::socket sock;
  udp::endpoint remote;  // where this leg's far end receives
  bool remote_known = false;
  bool latched = false;
  std::weak_ptr<Port> peer;
  uint8_t codec_pt = 0;  // the payload type audio arrives with
  media::Codec codec = media::Codec::kPcmu;
  bool customer = false;  // an inbound leg (answer()), not an agent's (offer())
  std::shared_ptr<Recording> recording;
  std::optional<media::RtpClock> clock;  // this side's RTP timestamps on the recording's timeline
  LegId leg = 0;
  std::optional<uint8_t> event_pt;       // telephone-event payload type agreed for this leg
  std::optional<uint32_t> last_event_ts; // the RTP timestamp of the last key press reported
  // Playout: clips[clip] at sample `offset`; our outgoing RTP stream.
  std::vector<Clip> clips;
  size_t clip = 0;
  size_t offset = 0;
  bool playing = false;  // in shard.playing
  uint32_t out_ssrc = 0;
  uint16_t out_seq = 0;
  uint32_t out_ts = 0;
  bool out_marker = true;  // the first packet of a talkspurt
  std::optional<media::NoiseSuppressor> denoise;  // an agent's or supervisor's leg, when configured
  std::shared_ptr<Conf> conference;  // a supervised call
  size_t party = 0;                  // in it
  bool mixed = false;                // hears the conference's mix instead of its peer
};

RtpRelay::RtpRelay(asio::io_context& io, std::string address, uint16_t port_min, uint16_t port_max, std::string recordings_dir)
    : RtpRelay(std::vector<asio::io_context*>{&io}, std::move(address), port_min, port_max, std::move(recordings_dir)) {}

RtpRelay::RtpRelay(std::vector<asio::io_context*> shards, std::string address, uint16_t port_min, uint16_t port_max,
                   std::string recordings_dir)
    : address_(std::move(address)),
      min_(static_cast<uint16_t>(port_min & ~1)),
      max_(port_max),
      next_(min_),
      recordings_dir_(std::move(recordings_dir)) {
  for (asio::io_context* io : shards) shards_.push_back(std::make_unique<Shard>(*io));
}

RtpRelay::~RtpRelay() {
  for (auto& [id, p] : ports_) {
    boost::system::error_code ec;
    p->sock.close(ec);
    if (p->recording && --p->recording->legs == 0) finish_recording(p->recording);
  }
}

Result<std::shared_ptr<RtpRelay::Port>> RtpRelay::open(LegId leg, LegId near) {
  Shard* shard = nullptr;
  if (auto it = ports_.find(near); near != 0 && it != ports_.end()) shard = &it->second->shard;
  for (const auto& s : shards_)
    if (!shard || (near == 0 && s->open < shard->open)) shard = s.get();
  auto p = std::make_shared<Port>(*shard);
  p->leg = leg;
  // our stream's SSRC, sequence and timestamp start (RFC 3550 5.1: random)
  uint64_t x = (leg + 1) * 0x9E3779B97F4A7C15ULL ^ static_cast<uint64_t>(monotonic_ns());
  x ^= x >> 29;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 32;
  p->out_ssrc = static_cast<uint32_t>(x);
  p->out_seq = static_cast<uint16_t>(x >> 32);
  p->out_ts = static_cast<uint32_t>(x >> 16);
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
      ++shard->open;
      open_.fetch_add(1, std::memory_order_relaxed);
      return p;  // the caller sets it up, then start() receives
    }
    p->sock.close(ec);
  }
  return make_error(ErrorCode::kUnavailable, "no free RTP port", "voice.rtp_port_min");
}

void RtpRelay::start(const std::shared_ptr<Port>& p) {
  asio::post(p->shard.io, [this, p] { receive(p); });
}

// Waits until the port is readable, then drains it (drain()). Not
// async_receive_from: Asio tries the next receive at once when the last
// completes, which on an RTP port (one packet each 20 ms) is one more
// system call per packet that finds nothing (bench/RESULTS.md, issue 10).
// No packet waits for the next one: a shard runs on one thread, so a packet
// arriving after drain() looked is reported by the next epoll_wait, which
// comes after the wait below is registered.
void RtpRelay::receive(const std::shared_ptr<Port>& p) {
  p->sock.async_wait(udp::socket::wait_read, [this, p](boost::system::error_code ec) {
    if (ec) {
      if (ec == asio::error::operation_aborted || !p->sock.is_open()) return;
      return receive(p);
    }
    drain(*p);
    if (p->sock.is_open()) receive(p);
  });
}

// Everything queued on p's socket, up to kRxBatch datagrams per system call
// (recvmmsg), into its shard's receive buffers, each handled.
void RtpRelay::drain(Port& p) {
  constexpr size_t kRxBatch = Shard::kRxBatch;
  auto& rx_ = p.shard.rx;
  std::array<mmsghdr, kRxBatch> msgs{};
  std::array<iovec, kRxBatch> iov{};
  std::array<sockaddr_storage, kRxBatch> from{};
  for (int errors = 0; errors < 4;) {
    for (size_t i = 0; i < kRxBatch; ++i) {
      iov[i] = {rx_[i].data(), rx_[i].size()};
      msgs[i].msg_hdr = {};
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      msgs[i].msg_hdr.msg_name = &from[i];
      msgs[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
    }
    int n = ::recvmmsg(p.sock.native_handle(), msgs.data(), kRxBatch, MSG_DONTWAIT, nullptr);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      ++errors;  // e.g. ICMP port unreachable from a far end that left: reading it clears it
      continue;
    }
    in_.fetch_add(static_cast<uint64_t>(n), std::memory_order_relaxed);
    for (size_t i = 0; i < static_cast<size_t>(n); ++i) {
      std::span<const uint8_t> packet(rx_[i].data(), msgs[i].msg_len);
      // RTP version 2 only (RTCP on this port is dropped too)
      if (packet.size() < 12 || (packet[0] >> 6) != 2 || (msgs[i].msg_hdr.msg_flags & MSG_TRUNC)) continue;
      if (!p.latched) {  // symmetric RTP: answer where it comes from
        udp::endpoint source;
        const auto len = std::min<size_t>(msgs[i].msg_hdr.msg_namelen, source.capacity());
        std::memcpy(source.data(), &from[i], len);
        source.resize(len);
        p.remote = source;
        p.remote_known = p.latched = true;
      }
      handle(p, packet);
    }
    if (static_cast<size_t>(n) < kRxBatch) return;  // the queue was empty
  }
}

// What the far end of `p` sent: keys reported, audio forwarded to the
// peer (as it came, or in the peer's codec, denoised), recorded, and mixed
// for a supervised call.
void RtpRelay::handle(Port& p, std::span<const uint8_t> packet) {
  const uint8_t pt = packet[1] & 0x7f;
  auto q = p.peer.lock();
  const bool to_peer = q && q->remote_known && q->clips.empty() && !q->mixed;
  if (p.event_pt && pt == *p.event_pt) {
    digit(p, packet);
    // RFC 4733 events pass on in the peer's own telephone-event type
    if (to_peer && q->event_pt) forward(p, *q, packet, *q->event_pt);
    return;
  }
  if (pt != p.codec_pt) return;  // comfort noise and unknown payloads are not passed on
  const bool transcode = to_peer && q->codec != p.codec;
  if (!p.denoise && !p.recording && !p.conference && !transcode) {
    if (to_peer) forward(p, *q, packet, q->codec_pt);  // the common case: the packet as it came
    return;
  }
  auto rtp = media::parse_rtp(packet);
  if (!rtp || rtp->payload.empty() || rtp->payload.size() > 1024) return;
  std::array<int16_t, 1024> buf;
  const size_t samples = p.codec == media::Codec::kPcma ? media::decode_alaw(rtp->payload, buf) : media::decode_ulaw(rtp->payload, buf);
  std::span<int16_t> pcm(buf.data(), samples);
  if (p.denoise) p.denoise->process(pcm);
  if (p.recording) record(p, rtp->header.timestamp, pcm);
  if (p.conference) p.conference->mix.push(p.party, rtp->header.timestamp, pcm, now_samples());
  if (!to_peer) return;
  if (!p.denoise && !transcode) return forward(p, *q, packet, q->codec_pt);
  std::array<uint8_t, 1024> payload;
  const size_t bytes = q->codec == media::Codec::kPcma ? media::encode_alaw(pcm, payload) : media::encode_ulaw(pcm, payload);
  media::RtpHeader h = rtp->header;
  h.payload_type = q->codec_pt;
  h.csrc_count = 0;
  std::array<uint8_t, 12 + 1024> out;
  auto built = media::build_rtp(h, std::span<const uint8_t>(payload.data(), bytes), out);
  if (!built) return;
  transcoded_.fetch_add(1, std::memory_order_relaxed);
  forward(p, *q, std::span<const uint8_t>(out.data(), *built), q->codec_pt);
}

// `packet` to `to`'s far end, with `payload_type` (the marker bit kept).
void RtpRelay::forward(Port& from, Port& to, std::span<const uint8_t> packet, uint8_t payload_type) {
  boost::system::error_code ec;
  if ((packet[1] & 0x7f) == payload_type) {
    to.sock.send_to(asio::buffer(packet.data(), packet.size()), to.remote, 0, ec);
  } else {
    std::array<uint8_t, 2048> copy;
    std::copy(packet.begin(), packet.end(), copy.begin());
    copy[1] = static_cast<uint8_t>((copy[1] & 0x80) | payload_type);
    to.sock.send_to(asio::buffer(copy.data(), packet.size()), to.remote, 0, ec);
  }
  if (!ec) (from.customer ? to_agents_ : to_customers_).fetch_add(1, std::memory_order_relaxed);
}

void RtpRelay::record(Port& p, uint32_t timestamp, std::span<const int16_t> pcm) {
  if (!p.clock) p.clock.emplace(timestamp, now_samples() - p.recording->start_samples);
  int64_t at = p.clock->position(timestamp);
  if (at < 0) return;
  auto side = p.customer ? media::WavRecorder::Side::kCaller : media::WavRecorder::Side::kAgent;
  (void)p.recording->wav.push(side, at, pcm);  // late samples are counted, not fatal
}

void RtpRelay::digit(Port& p, std::span<const uint8_t> packet) {
  auto rtp = media::parse_rtp(packet);
  if (!rtp) return;
  auto ev = media::parse_telephone_event(rtp->payload);
  if (!ev) return;
  // One key press is many packets with one timestamp (RFC 4733 2.5): the
  // first of them reports it; the end packets, sent three times, do not.
  if (p.last_event_ts == rtp->header.timestamp) return;
  p.last_event_ts = rtp->header.timestamp;
  if (on_digit_) on_digit_(p.leg, ev->digit);
}

void RtpRelay::play(LegId leg, std::vector<Clip> clips) {
  auto it = ports_.find(leg);
  if (it == ports_.end()) return;
  std::erase_if(clips, [](const Clip& c) { return !c.pcm || c.pcm->empty(); });
  asio::post(it->second->shard.io, [this, p = it->second, clips = std::move(clips)]() mutable {
    if (!p->sock.is_open()) return;
    p->clips = std::move(clips);
    p->clip = 0;
    p->offset = 0;
    p->out_marker = true;
    if (p->clips.empty() || p->playing) return;
    p->playing = true;
    p->shard.playing.push_back(p);
    start_ticking(p->shard);
  });
}

void RtpRelay::start_ticking(Shard& s) {
  if (s.playout_running) return;
  s.playout_running = true;
  s.playout_timer.expires_after(std::chrono::milliseconds(20));
  s.playout_timer.async_wait([this, &s](boost::system::error_code ec) {
    if (!ec) tick_playout(s);
  });
}

void RtpRelay::tick_playout(Shard& s) {
  std::vector<LegId> done;
  std::erase_if(s.playing, [&](const std::shared_ptr<Port>& p) {
    if (p->clips.empty() || !p->sock.is_open()) {
      p->playing = false;
      return true;
    }
    send_frame(*p);
    if (p->clips.empty()) {
      p->playing = false;
      done.push_back(p->leg);
      return true;
    }
    return false;
  });
  if (on_played_)
    for (LegId l : done) on_played_(l);
  // supervised calls: one frame of each mix
  const int64_t now = now_samples();
  for (const auto& c : s.conferences) {
    c->mix.tick(now);
    for (size_t d = 0; d < c->ports.size(); ++d) {
      auto port = c->ports[d].lock();
      if (!port || !port->mixed || !port->clips.empty() || c->mix.heard_by(d) == 0) continue;
      if (send_pcm(*port, c->mix.frame(d))) mixed_.fetch_add(1, std::memory_order_relaxed);
    }
  }
  if (s.playing.empty() && s.conferences.empty()) {
    s.playout_running = false;
    return;
  }
  // Every 20 ms on the timer's own schedule (no drift from the work done);
  // after a stall of more than 100 ms the schedule restarts from now
  // rather than sending a burst.
  // (the timer's clock is the steady clock monotonic_ns() reads)
  const std::chrono::steady_clock::time_point now_tp{std::chrono::nanoseconds(monotonic_ns())};
  auto next = s.playout_timer.expiry() + std::chrono::milliseconds(20);
  if (next < now_tp - std::chrono::milliseconds(100)) next = now_tp + std::chrono::milliseconds(20);
  s.playout_timer.expires_at(next);
  s.playout_timer.async_wait([this, &s](boost::system::error_code ec) {
    if (!ec) tick_playout(s);
  });
}

void RtpRelay::send_frame(Port& p) {
  constexpr size_t kFrame = 160;  // 20 ms at 8 kHz
  std::array<int16_t, kFrame> pcm{};
  size_t filled = 0;
  while (filled < kFrame && p.clip < p.clips.size()) {
    const auto& c = *p.clips[p.clip].pcm;
    size_t take = std::min(kFrame - filled, c.size() - p.offset);
    std::copy_n(c.begin() + static_cast<ptrdiff_t>(p.offset), take, pcm.begin() + static_cast<ptrdiff_t>(filled));
    filled += take;
    p.offset += take;
    if (p.offset == c.size()) {
      p.offset = 0;
      if (!p.clips[p.clip].loop) ++p.clip;
    }
  }
  if (p.clip == p.clips.size()) p.clips.clear();  // the last clip ended (the rest of the frame is silence)
  if (send_pcm(p, pcm)) played_.fetch_add(1, std::memory_order_relaxed);
}

// The next 20 ms of our own stream to `p` (prompts, music, a mix): true
// when sent.
bool RtpRelay::send_pcm(Port& p, std::span<const int16_t> frame) {
  bool sent = false;
  if (p.remote_known) {
    std::array<uint8_t, 512> payload;
    const size_t bytes = p.codec == media::Codec::kPcma ? media::encode_alaw(frame, payload) : media::encode_ulaw(frame, payload);
    media::RtpHeader h;
    h.payload_type = p.codec_pt;
    h.marker = p.out_marker;
    h.seq = p.out_seq;
    h.timestamp = p.out_ts;
    h.ssrc = p.out_ssrc;
    std::array<uint8_t, 12 + 512> out;
    if (auto n = media::build_rtp(h, std::span<const uint8_t>(payload.data(), bytes), out)) {
      boost::system::error_code ec;
      p.sock.send_to(asio::buffer(out.data(), *n), p.remote, 0, ec);
      sent = !ec;
    }
    p.out_marker = false;
  }
  ++p.out_seq;
  p.out_ts += static_cast<uint32_t>(frame.size());
  return sent;
}

void RtpRelay::join(LegId supervisor, LegId customer, LegId agent) {
  auto is = ports_.find(supervisor), ic = ports_.find(customer), ia = ports_.find(agent);
  if (is == ports_.end() || ic == ports_.end() || ia == ports_.end()) return;
  Shard& shard = ic->second->shard;
  if (&is->second->shard != &shard || &ia->second->shard != &shard) {
    misplaced_.fetch_add(1, std::memory_order_relaxed);  // not opened near the call: not joined
    return;
  }
  asio::post(shard.io, [this, &shard, ps = is->second, pc = ic->second, pa = ia->second] {
    if (pc->conference) dissolve(shard, pc->conference);  // one supervisor per call
    auto c = std::make_shared<Conf>();
    c->ports = {pc, pa, ps};
    pc->party = media::kCustomerParty;
    pa->party = media::kAgentParty;
    ps->party = media::kLeadParty;
    for (const auto& p : {pc, pa, ps}) p->conference = c;
    if (const int db = suppress_db_.load(); db != 0 && !ps->denoise) {
      if (auto d = media::NoiseSuppressor::make(80, db)) ps->denoise.emplace(std::move(*d));
    }
    shard.conferences.push_back(c);
    start_ticking(shard);
  });
  set_monitor_mode(supervisor, media::SupervisorMode::kListen);
}

void RtpRelay::set_monitor_mode(LegId supervisor, media::SupervisorMode mode) {
  auto it = ports_.find(supervisor);
  if (it == ports_.end()) return;
  asio::post(it->second->shard.io, [p = it->second, mode] {
    auto c = p->conference;
    if (!c) return;
    c->mix.set_hears(media::supervisor_hears(mode));
    for (size_t d = 0; d < c->ports.size(); ++d) {
      // the supervisor only ever hears the mix; the others when they hear two
      if (auto port = c->ports[d].lock()) port->mixed = d == media::kLeadParty || c->mix.heard_by(d) >= 2;
    }
  });
}

void RtpRelay::dissolve(Shard& s, const std::shared_ptr<Conf>& c) {
  for (auto& w : c->ports) {
    if (auto port = w.lock()) {
      port->conference.reset();
      port->mixed = false;
    }
  }
  std::erase(s.conferences, c);
}

void RtpRelay::finish_recording(const std::shared_ptr<Recording>& r) {
  auto ms = r->wav.close();
  recordings_.fetch_add(1, std::memory_order_relaxed);
  if (on_recording_) on_recording_(FinishedRecording{r->contact, r->path, ms ? *ms : 0});
}

Result<std::string> RtpRelay::answer(LegId leg, std::string_view offer_sdp) {
  auto offer = media::parse_sdp(offer_sdp);
  if (!offer) return std::unexpected(offer.error());
  auto chosen = media::negotiate(*offer, kCodecs);
  if (!chosen) return std::unexpected(chosen.error());
  auto p = open(leg, 0);
  if (!p) return std::unexpected(p.error());
  (*p)->customer = true;
  (*p)->codec = chosen->codec;
  (*p)->codec_pt = chosen->payload_type;
  (*p)->event_pt = chosen->telephone_event_pt;
  if (chosen->remote_port != 0) {
    boost::system::error_code ec;
    (*p)->remote = udp::endpoint(asio::ip::make_address(chosen->remote.address, ec), chosen->remote_port);
    (*p)->remote_known = !ec;
  }
  media::LocalMedia local{address_, (*p)->sock.local_endpoint().port(), leg, 1, "switchyard"};
  start(*p);
  return media::write_sdp(media::make_answer(*offer, *chosen, local));
}

Result<std::string> RtpRelay::offer(LegId leg, LegId near) {
  auto p = open(leg, near);
  if (!p) return std::unexpected(p.error());
  media::SessionDescription d;
  d.origin_username = "switchyard";
  d.session_id = leg;
  d.session_version = 1;
  d.origin_address = {"IP4", address_};
  d.session_name = "Switchyard";
  d.connection = media::Connection{"IP4", address_};
  media::MediaDescription m;
  m.media = "audio";
  m.port = (*p)->sock.local_endpoint().port();
  m.proto = "RTP/AVP";
  m.formats = {"0", "8", std::to_string(kOurTelephoneEvent)};
  m.rtpmaps = {{0, "PCMU", 8000, 0}, {8, "PCMA", 8000, 0}, {kOurTelephoneEvent, "telephone-event", 8000, 0}};
  m.fmtps = {{kOurTelephoneEvent, "0-16"}};
  m.direction = media::Direction::kSendRecv;
  m.ptime_ms = 20;
  d.media.push_back(std::move(m));
  start(*p);
  return media::write_sdp(d);
}

Result<void> RtpRelay::answered(LegId leg, std::string_view answer_sdp) {
  auto it = ports_.find(leg);
  if (it == ports_.end()) return make_error(ErrorCode::kNotFound, "no such leg", "leg");
  auto answer = media::parse_sdp(answer_sdp);
  if (!answer) return std::unexpected(answer.error());
  auto chosen = media::negotiate(*answer, kCodecs);  // an answer names what was chosen
  if (!chosen) return std::unexpected(chosen.error());
  if (chosen->remote_port == 0) return make_error(ErrorCode::kInvalidArgument, "audio refused", "sdp");
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(chosen->remote.address, ec);
  if (ec) return make_error(ErrorCode::kInvalidArgument, "bad address", "sdp");
  // the port already receives: its state changes on io_
  asio::post(it->second->shard.io, [p = it->second, codec = chosen->codec, pt = chosen->payload_type, ev = chosen->telephone_event_pt,
                   ep = udp::endpoint(addr, chosen->remote_port)] {
    p->codec = codec;
    p->codec_pt = pt;
    p->event_pt = ev;
    if (!p->latched) {
      p->remote = ep;
      p->remote_known = true;
    }
  });
  return {};
}

void RtpRelay::bridge(LegId customer, LegId agent, core::ContactId contact) {
  auto ia = ports_.find(customer), ib = ports_.find(agent);
  if (ia == ports_.end() || ib == ports_.end()) return;
  if (&ia->second->shard != &ib->second->shard) {
    misplaced_.fetch_add(1, std::memory_order_relaxed);  // not opened near each other: not bridged
    return;
  }
  std::shared_ptr<Recording> r;
  if (!recordings_dir_.empty()) {
    std::string path = recordings_dir_ + "/contact-" + std::to_string(contact) + ".wav";
    auto wav = media::WavRecorder::open(path);
    // without the file the call goes on unrecorded
    if (wav) r = std::make_shared<Recording>(Recording{std::move(*wav), contact, path, now_samples(), 2});
  }
  asio::post(ia->second->shard.io, [this, pa = ia->second, pb = ib->second, r] {
    pa->peer = pb;
    pb->peer = pa;
    pa->customer = true;  // a callback's customer leg was opened by offer(): the bridge says who is who
    pb->customer = false;
    if (const int db = suppress_db_.load(); db != 0 && !pb->denoise) {
      // 10 ms frames: every ptime that is a multiple of 10 ms is denoised whole
      if (auto d = media::NoiseSuppressor::make(80, db)) pb->denoise.emplace(std::move(*d));
    }
    pa->recording = r;
    pb->recording = r;
    pa->clips.clear();  // whatever played while waiting stops (the playout forgets the port)
    pb->clips.clear();
  });
}

void RtpRelay::close(LegId leg) {
  auto it = ports_.find(leg);
  if (it == ports_.end()) return;
  --it->second->shard.open;
  asio::post(it->second->shard.io, [this, p = it->second] {
    boost::system::error_code ec;
    p->sock.close(ec);
    if (auto c = p->conference) dissolve(p->shard, c);
    if (auto r = p->recording) {
      p->recording.reset();
      if (--r->legs == 0) finish_recording(r);
    }
  });
  ports_.erase(it);
  open_.fetch_sub(1, std::memory_order_relaxed);
}

RelayTotals RtpRelay::totals() const {
  return {in_.load(std::memory_order_relaxed), to_agents_.load(std::memory_order_relaxed),
          to_customers_.load(std::memory_order_relaxed), open_.load(std::memory_order_relaxed),
          recordings_.load(std::memory_order_relaxed), played_.load(std::memory_order_relaxed),
          mixed_.load(std::memory_order_relaxed), transcoded_.load(std::memory_order_relaxed),
          misplaced_.load(std::memory_order_relaxed)};
}

}  // namespace switchyard::voice
