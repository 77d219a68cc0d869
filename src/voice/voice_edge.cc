#include "voice/voice_edge.h"

#include <array>
#include <chrono>
#include <mutex>
#include <set>
#include <random>
#include <unordered_map>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "server/log.h"

namespace switchyard::voice {

namespace asio = boost::asio;
using asio::ip::udp;

namespace {

// What the edge acts as towards the services: the customer's side of their
// own call (create, abandon) and the phone's answers of an agent it rang.
app::Caller voice_caller() {
  app::Caller c;
  c.name = "voice";
  c.role = auth::Role::kAdmin;
  return c;
}

constexpr int64_t kTickMs = 50;

SwitchOptions switch_options(const VoiceOptions& o, uint64_t seed) {
  SwitchOptions s;
  s.local = Endpoint{o.address, o.sip_port};
  s.trunk_sources = o.trunk_sources;
  s.numbers = o.numbers;
  s.seed = seed;
  s.realm = o.realm;
  // nonces are proven by an HMAC with a secret of this process
  std::random_device rd;
  s.nonce_secret = std::to_string(rd()) + "-" + std::to_string(rd()) + "-" + std::to_string(seed);
  return s;
}

}  // namespace

struct VoiceEdge::Impl {
  Impl(VoiceEdge& edge, const VoiceOptions& o, const Clock& clock, uint64_t seed)
      : sip(io),
        rtp_work(asio::make_work_guard(rtp_io)),
        relay(rtp_io, o.address, o.rtp_port_min, o.rtp_port_max, o.recordings_dir),
        sw(switch_options(o, seed), clock, edge, relay, edge),
        timer(io) {}
  asio::io_context io;
  udp::socket sip;
  std::array<char, kMaxMessageBytes + 1> buf{};
  udp::endpoint from;
  // The relay's sockets on a thread of their own: RTP (100 datagrams/s in
  // and out per call) must not starve SIP (bench/voice: at ~1,000 calls
  // the edge's one thread dropped SIP datagrams behind the RTP).
  asio::io_context rtp_io;
  asio::executor_work_guard<asio::io_context::executor_type> rtp_work;
  std::thread rtp_thread;
  RtpRelay relay;
  Switch sw;
  asio::steady_timer timer;
  std::thread thread;
  bool running = false;
  // Offers of contacts the switch does not know yet: a contact's first
  // offer may be committed in the batch that creates it, and the commit's
  // listeners run before its creator hears back (queued()). Forgotten when
  // the offer ends, and after a minute.
  struct Pending {
    core::AgentId agent;
    int64_t at_ms;
  };
  std::unordered_map<core::ContactId, Pending> pending;
  // Agents whose phone left while they had work: logged out once it is done.
  std::set<std::string> logout_after_work;
  std::mutex stats_mu;
  SwitchStats stats;  // the switch's figures as of the last tick (read from other threads)
  std::map<std::string, Registration> registrations;  // a copy for other threads (under stats_mu)
};

VoiceEdge::VoiceEdge(app::Runtime& rt, app::ContactService& contacts, app::AgentService& agents, VoiceOptions opts)
    : rt_(rt), contacts_(contacts), agents_(agents), opts_(std::move(opts)) {
  init_sip_parser();
  std::random_device rd;  // tags, branches, Call-IDs: unique across restarts
  impl_ = std::make_unique<Impl>(*this, opts_, rt_.clock, (static_cast<uint64_t>(rd()) << 32) | rd());
  impl_->relay.on_recording([](FinishedRecording r) {
    server::log_info("voice: contact " + std::to_string(r.contact) + " recorded, " + std::to_string(r.duration_ms) + " ms: " + r.path);
  });
}

VoiceEdge::~VoiceEdge() { stop(); }

uint16_t VoiceEdge::sip_port() const {
  boost::system::error_code ec;
  auto ep = impl_->sip.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

Result<void> VoiceEdge::start() {
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(opts_.address, ec);
  if (ec) return make_error(ErrorCode::kInvalidArgument, "bad address " + opts_.address, "voice.address");
  impl_->sip.open(udp::v4(), ec);
  if (!ec) impl_->sip.bind(udp::endpoint(addr, opts_.sip_port), ec);
  if (ec)
    return make_error(ErrorCode::kUnavailable, "cannot bind SIP " + opts_.address + ":" + std::to_string(opts_.sip_port) +
                                                   ": " + ec.message(), "voice.sip_port");
  read_sip();
  tick();
  impl_->running = true;
  impl_->thread = std::thread([this] { impl_->io.run(); });
  impl_->rtp_thread = std::thread([this] { impl_->rtp_io.run(); });
  server::log_info("voice: SIP on udp " + opts_.address + ":" + std::to_string(sip_port()) + ", RTP ports " +
                   std::to_string(opts_.rtp_port_min) + "-" + std::to_string(opts_.rtp_port_max));
  return {};
}

// The datagrams, one at a time, on the edge's thread.
void VoiceEdge::read_sip() {
  impl_->sip.async_receive_from(asio::buffer(impl_->buf), impl_->from, [this](boost::system::error_code e, size_t n) {
    if (e == asio::error::operation_aborted || !impl_->sip.is_open()) return;
    if (!e && n <= kMaxMessageBytes)
      impl_->sw.receive(Endpoint{impl_->from.address().to_string(), impl_->from.port()}, std::string_view(impl_->buf.data(), n));
    read_sip();
  });
}

// The switch's timers every kTickMs; its figures copied for other threads.
void VoiceEdge::tick() {
  impl_->timer.expires_after(std::chrono::milliseconds(kTickMs));
  impl_->timer.async_wait([this](boost::system::error_code e) {
    if (e) return;
    impl_->sw.tick();
    {
      std::lock_guard lock(impl_->stats_mu);
      impl_->stats = impl_->sw.stats();
    }
    tick();
  });
}

void VoiceEdge::stop() {
  if (!impl_ || !impl_->running) return;
  impl_->running = false;
  asio::post(impl_->io, [this] {
    boost::system::error_code ec;
    impl_->timer.cancel();
    impl_->sip.close(ec);
    impl_->io.stop();
  });
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->rtp_work.reset();
  impl_->rtp_io.stop();
  if (impl_->rtp_thread.joinable()) impl_->rtp_thread.join();
}

VoiceStats VoiceEdge::stats() {
  std::lock_guard lock(impl_->stats_mu);
  return {impl_->stats, impl_->relay.totals()};
}

void VoiceEdge::send(const Endpoint& to, std::string datagram) {
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(to.host, ec);
  if (ec) return;  // a host name in a Contact: not resolved here (loopback and addresses only)
  impl_->sip.send_to(asio::buffer(datagram), udp::endpoint(addr, to.port), 0, ec);
}

// ---- from the committed events ----------------------------------------------------

void VoiceEdge::committed(std::span<const core::Event> events) {
  struct Step {
    int kind;  // 0 ring, 1 stop ringing, 2 hang up, 3 agent free of work
    core::ContactId contact;
    core::AgentId agent;
  };
  std::vector<Step> steps;
  for (const core::Event& e : events) {
    if (auto* st = e.as<core::ev::AgentStateChanged>()) {
      if (st->state == core::AgentState::kAvailable || st->state == core::AgentState::kNotReady)
        steps.push_back({3, core::kNoContact, st->agent});
      continue;
    }
    if (auto* o = e.as<core::ev::ContactOffered>()) steps.push_back({0, o->contact, o->agent});
    else if (auto* r = e.as<core::ev::OfferRejected>()) steps.push_back({1, r->contact, r->agent});
    else if (auto* t = e.as<core::ev::OfferTimedOut>()) steps.push_back({1, t->contact, t->agent});
    else if (auto* x = e.as<core::ev::ContactEnded>()) steps.push_back({2, x->contact, x->agent});
    else if (auto* a = e.as<core::ev::ContactAbandoned>()) steps.push_back({2, a->contact, a->agent});
    else if (auto* ex = e.as<core::ev::ContactExpired>()) steps.push_back({2, ex->contact, core::kNoId});
  }
  if (steps.empty() || !impl_->running) return;
  asio::post(impl_->io, [this, steps = std::move(steps)] {
    const int64_t now = rt_.clock.now_ms();
    for (const Step& s : steps) {
      if (s.kind == 3) {
        if (impl_->logout_after_work.empty()) continue;
        const std::string* name = rt_.catalog.names()->name(app::Kind::kAgent, s.agent);
        if (name && impl_->logout_after_work.erase(*name)) log_out(*name);
        continue;
      }
      if (!impl_->sw.has_contact(s.contact)) {
        // perhaps a call whose creation has not come back yet
        if (s.kind == 0) impl_->pending[s.contact] = {s.agent, now};
        else impl_->pending.erase(s.contact);
        continue;
      }
      if (s.kind == 0) {
        ring(s.contact, s.agent);
      } else if (s.kind == 1) {
        impl_->sw.stop_ringing(s.contact, s.agent);
      } else {
        impl_->sw.hang_up(s.contact);
      }
    }
  });
}

void VoiceEdge::set_phones(std::vector<PhoneRow> rows) {
  asio::post(impl_->io, [this, rows = std::move(rows)] {
    std::map<std::string, PhoneCredential> by_user;
    for (const PhoneRow& r : rows) by_user[r.username] = PhoneCredential{r.agent, r.ha1};
    impl_->sw.set_phones(std::move(by_user));
  });
}

std::optional<Registration> VoiceEdge::registration(const std::string& agent) const {
  std::lock_guard lock(impl_->stats_mu);
  auto it = impl_->registrations.find(agent);
  if (it == impl_->registrations.end()) return std::nullopt;
  return it->second;
}

void VoiceEdge::phone_registered(const std::string& agent) {
  auto r = impl_->sw.registration(agent);
  if (!r) return;
  impl_->logout_after_work.erase(agent);  // back before the agent's work was done
  std::lock_guard lock(impl_->stats_mu);
  impl_->registrations[agent] = *r;
}

void VoiceEdge::phone_unregistered(const std::string& agent, const std::string& why) {
  {
    std::lock_guard lock(impl_->stats_mu);
    impl_->registrations.erase(agent);
  }
  server::log_info("voice: " + agent + "'s phone: " + why);
  log_out(agent);
}

void VoiceEdge::log_out(const std::string& agent) {
  auto id = rt_.catalog.names()->id(app::Kind::kAgent, agent);
  if (!id) return;
  agents_.set_presence(voice_caller(), app::SetPresence{*id, app::Presence::kLogout, false, ""},
                       [this, agent](Result<app::AgentInfo> r) {
                         if (r) return;
                         if (r.error().code == ErrorCode::kIllegalState && r.error().message.find("holds contacts") != std::string::npos) {
                           // on a call or in wrap-up (core/engine_commands.cc): once that work is done
                           asio::post(impl_->io, [this, agent] {
                             if (!impl_->sw.registration(agent)) impl_->logout_after_work.insert(agent);
                           });
                           return;
                         }
                         if (r.error().code != ErrorCode::kIllegalState)  // else: not logged in
                           server::log_warn("voice: logging " + agent + " out: " + r.error().message);
                       });
}

void VoiceEdge::ring(core::ContactId contact, core::AgentId agent) {
  const std::string* name = rt_.catalog.names()->name(app::Kind::kAgent, agent);
  if (!name) return;
  if (auto reg = impl_->sw.registration(*name)) return impl_->sw.ring(contact, agent, reg->contact, reg->source);
  auto it = opts_.agents.find(*name);
  if (it == opts_.agents.end()) return;  // no phone: the agent answers from the desk (no audio yet)
  if (auto uri = parse_sip_uri(it->second)) impl_->sw.ring(contact, agent, *uri);
}

// ---- the switch's requests of the application ---------------------------------------

void VoiceEdge::arrived(CallRef call, const std::string& queue_key, const std::string& caller) {
  auto q = rt_.catalog.names()->id(app::Kind::kQueue, queue_key);
  if (!q) {
    server::log_warn("voice: number mapped to unknown queue \"" + queue_key + "\"");
    return impl_->sw.refuse(call, 404);
  }
  app::CreateContact in;
  in.spec.queue = *q;
  in.spec.channel = core::Channel::kVoice;
  in.channel_given = true;
  in.spec.customer_id = caller;
  contacts_.create(voice_caller(), std::move(in), [this, call](Result<app::CreatedContact> r) {
    asio::post(impl_->io, [this, call, r = std::move(r)] {
      if (!r) {
        server::log_warn("voice: a call could not become a contact: " + r.error().message);
        return impl_->sw.refuse(call, 503);
      }
      if (!r->refused_reason.empty()) return impl_->sw.refuse(call, 480);
      impl_->sw.queued(call, r->contact.id);
      if (auto p = impl_->pending.find(r->contact.id); p != impl_->pending.end()) {
        core::AgentId agent = p->second.agent;
        impl_->pending.erase(p);
        ring(r->contact.id, agent);
      }
      // forget offers of contacts that were never calls
      const int64_t now = rt_.clock.now_ms();
      std::erase_if(impl_->pending, [now](const auto& kv) { return now - kv.second.at_ms > 60'000; });
    });
  });
}

namespace {
void act(app::ContactService& contacts, app::ContactAction action, core::ContactId contact, core::AgentId agent,
         std::function<void(const Error&)> on_error = nullptr) {
  app::ActOnContact in;
  in.action = action;
  in.contact = contact;
  in.agent = agent;
  contacts.act(voice_caller(), in, [contact, on_error = std::move(on_error)](Result<app::ContactInfo> r) {
    if (r) return;
    server::log_warn("voice: contact " + std::to_string(contact) + ": " + r.error().message);
    if (on_error) on_error(r.error());
  });
}
}  // namespace

void VoiceEdge::agent_answered(core::ContactId contact, core::AgentId agent) {
  act(contacts_, app::ContactAction::kAccept, contact, agent, [this, contact](const Error&) {
    // the offer was gone by the time the phone answered: hang that phone up
    asio::post(impl_->io, [this, contact] { impl_->sw.drop_agent(contact); });
  });
}

void VoiceEdge::agent_failed(core::ContactId contact, core::AgentId agent, int) {
  act(contacts_, app::ContactAction::kReject, contact, agent);
}

void VoiceEdge::caller_left(core::ContactId contact, core::AgentId agent) {
  if (agent != core::kNoId) return act(contacts_, app::ContactAction::kEnd, contact, agent);
  contacts_.abandon(voice_caller(), contact, [contact](Result<app::ContactInfo> r) {
    if (!r) server::log_warn("voice: abandon of contact " + std::to_string(contact) + ": " + r.error().message);
  });
}

void VoiceEdge::agent_left(core::ContactId contact, core::AgentId agent) {
  act(contacts_, app::ContactAction::kEnd, contact, agent);
}

}  // namespace switchyard::voice
