#include "voice/voice_edge.h"

#include <pthread.h>

#include <array>
#include <chrono>
#include <mutex>
#include <set>
#include <random>
#include <unordered_map>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "server/log.h"
#include "voice/media/prompt.h"
#include "voice/sip_tcp.h"

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

// A configured language (checked by the configuration): English otherwise.
media::Lang language(const std::string& name) {
  auto l = media::parse_lang(name);
  return l ? *l : media::Lang::kEn;
}

SwitchOptions switch_options(const VoiceOptions& o, uint64_t seed) {
  SwitchOptions s;
  s.local = Endpoint{o.address, o.sip_port};
  s.trunk_sources = o.trunk_sources;
  s.trunk_credentials = o.trunk_credentials;
  // the switch takes calls to these numbers and names the number in arrived()
  for (const auto& [number, queue] : o.numbers) s.numbers[number] = number;
  for (const auto& [number, menu] : o.menus) s.numbers[number] = number;
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
        tcp(io, tcp_options()),
        rtp_ios(make_rtp_ios(o.rtp_threads)),
        relay(io_pointers(rtp_ios), o.address, o.rtp_port_min, o.rtp_port_max, o.recordings_dir),
        sw(switch_options(o, seed), clock, edge, relay, edge),
        timer(io),
        prompts(o.prompts_dir) {}
  // a TCP connection carrying a phone's registration must outlive it
  // (the phone is reached on it): longer than the longest registration
  static SipTcpOptions tcp_options() {
    SipTcpOptions t;
    t.idle_ms = 3'660'000;
    return t;
  }
  asio::io_context io;
  udp::socket sip;
  SipTcpTransport tcp;
  std::array<char, kMaxMessageBytes + 1> buf{};
  udp::endpoint from;
  // The relay's sockets on threads of their own (its shards): RTP (100
  // datagrams/s in and out per call) must not starve SIP (bench/voice: at
  // ~1,000 calls the edge's one thread dropped SIP datagrams behind the
  // RTP), and 1,000 calls need more than one core's worth of system calls.
  static std::vector<std::unique_ptr<asio::io_context>> make_rtp_ios(int threads) {
    if (threads <= 0) threads = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
    std::vector<std::unique_ptr<asio::io_context>> v;
    for (int i = 0; i < threads; ++i) v.push_back(std::make_unique<asio::io_context>(1));
    return v;
  }
  static std::vector<asio::io_context*> io_pointers(const std::vector<std::unique_ptr<asio::io_context>>& v) {
    std::vector<asio::io_context*> out;
    for (const auto& io : v) out.push_back(io.get());
    return out;
  }
  std::vector<std::unique_ptr<asio::io_context>> rtp_ios;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> rtp_work;
  std::vector<std::thread> rtp_threads;
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
  uint64_t tcp_connections = 0;
  std::map<std::string, Registration> registrations;  // a copy for other threads (under stats_mu)
  // The callers (the edge's thread): from the INVITE until the call ends,
  // becomes a callback, or is gone.
  struct Call {
    std::string number;
    std::string caller;               // the caller's number (the contact's customer)
    std::string queue;                // once chosen
    core::QueueId queue_id = core::kNoId;
    media::Lang lang = media::Lang::kEn;
    const VoiceMenu* menu = nullptr;  // in a menu until a queue is chosen
    int misses = 0;                   // menu: silences and wrong keys so far
    int64_t menu_deadline_ms = 0;     // menu: when the silence counts as a miss (0: prompt still being prepared)
    core::ContactId contact = core::kNoContact;
    int64_t next_position_ms = 0;     // waiting: when the position is read again (0: not waiting)
    bool talking = false;             // bridged to an agent: no prompt may start (hold music is the agent's act)
    bool releasing = false;           // hung up once the last prompt has played (a callback, a survey's end)
    bool survey_wanted = false;       // the queue asks for a survey if the agent hangs up first
    bool survey = false;              // the agent hung up first: the survey by keys runs
    std::string survey_token;         // once issued
    int64_t survey_deadline_ms = 0;   // no key by then: the call ends
  };
  std::unordered_map<CallRef, Call> calls;
  // Callbacks waiting for their turn or being dialled (memory only: lost on
  // a restart, docs/voice.md), and the retries due later.
  struct Callback {
    std::string customer;
    std::string queue;
    int attempt = 1;
  };
  std::unordered_map<core::ContactId, Callback> callbacks;
  struct Retry {
    int64_t at_ms;
    std::string customer, queue;
    int attempt;
  };
  std::vector<Retry> retries;
  // Supervised calls (the edge's thread).
  struct Monitor {
    app::MonitorState state;
    LegId leg = 0;  // once the lead's phone answered
  };
  std::unordered_map<core::ContactId, Monitor> monitors;
  std::unordered_map<core::ContactId, CallRef> call_of;
  // Prompts: synthesized off the edge's thread (espeak-ng takes tens of
  // milliseconds per sentence), kept on disk and in memory.
  media::PromptCache prompts;
  asio::thread_pool prompt_pool{1};
  std::shared_ptr<const std::vector<int16_t>> music;
};

VoiceEdge::VoiceEdge(app::Runtime& rt, app::ContactService& contacts, app::AgentService& agents, VoiceOptions opts)
    : rt_(rt), contacts_(contacts), agents_(agents), opts_(std::move(opts)) {
  init_sip_parser();
  std::random_device rd;  // tags, branches, Call-IDs: unique across restarts
  impl_ = std::make_unique<Impl>(*this, opts_, rt_.clock, (static_cast<uint64_t>(rd()) << 32) | rd());
  impl_->relay.on_recording([](FinishedRecording r) {
    server::log_info("voice: contact " + std::to_string(r.contact) + " recorded, " + std::to_string(r.duration_ms) + " ms: " + r.path);
  });
  impl_->relay.set_noise_suppression(opts_.noise_suppression_db);
  // keys and the end of prompts come from the relay's thread
  impl_->relay.on_digit([this](LegId leg, char key) { asio::post(impl_->io, [this, leg, key] { impl_->sw.digit(leg, key); }); });
  impl_->relay.on_played([this](LegId leg) {
    asio::post(impl_->io, [this, leg] {
      for (auto& [call, c] : impl_->calls) {
        if (!c.releasing || impl_->sw.call_leg(call) != leg) continue;
        core::ContactId contact = c.contact;
        forget(call);
        impl_->sw.release_caller(contact);  // the callback goes on without the caller on the line
        return;
      }
    });
  });
}

VoiceEdge::~VoiceEdge() { stop(); }

uint16_t VoiceEdge::sip_port() const {
  boost::system::error_code ec;
  auto ep = impl_->sip.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

Result<void> VoiceEdge::start() {
  if (opts_.announce) {
    if (opts_.hold_music.empty()) {
      impl_->music = std::make_shared<const std::vector<int16_t>>(media::hold_music(32.0));
    } else {
      auto m = media::load_audio(opts_.hold_music);
      if (!m) return make_error(ErrorCode::kInvalidArgument, "hold music " + opts_.hold_music + ": " + m.error().message, "voice.hold_music");
      impl_->music = std::make_shared<const std::vector<int16_t>>(std::move(*m));
    }
    // the sentences every caller hears, synthesized before the first call
    std::vector<std::pair<std::string, std::string>> warm;
    std::set<media::Lang> langs{language(opts_.language)};
    for (const auto& [n, l] : opts_.languages) langs.insert(language(l));
    for (const auto& [n, m] : opts_.menus) {
      media::Lang l = language(m.language.empty() ? opts_.language : m.language);
      langs.insert(l);
      warm.emplace_back(media::to_string(l), m.prompt);
    }
    for (media::Lang l : langs) {
      const std::string name(media::to_string(l));
      if (!opts_.recordings_dir.empty()) warm.emplace_back(name, media::recording_notice(l));
      if (callbacks_offered()) {
        if (auto offer = media::callback_offer(l, opts_.callback_key[0])) warm.emplace_back(name, *offer);
      }
      for (uint32_t pos = 1; pos <= 3; ++pos) warm.emplace_back(name, media::position_phrase(l, pos, std::nullopt));
    }
    asio::post(impl_->prompt_pool, [this, warm = std::move(warm)] {
      for (const auto& [l, text] : warm)
        if (auto r = impl_->prompts.get(l, text); !r) server::log_warn("voice: prompt \"" + text + "\": " + r.error().message);
    });
  }
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(opts_.address, ec);
  if (ec) return make_error(ErrorCode::kInvalidArgument, "bad address " + opts_.address, "voice.address");
  // TCP listens on the port UDP got. With voice.sip_port 0 the system picks a free UDP port whose
  // TCP twin may be taken (a client's ephemeral port, another server): then another pair is tried.
  const int attempts = opts_.sip_port == 0 && opts_.sip_tcp ? 20 : 1;
  for (int attempt = 1;; ++attempt) {
    impl_->sip.open(udp::v4(), ec);
    if (!ec) impl_->sip.bind(udp::endpoint(addr, opts_.sip_port), ec);
    if (ec)
      return make_error(ErrorCode::kUnavailable, "cannot bind SIP " + opts_.address + ":" + std::to_string(opts_.sip_port) +
                                                     ": " + ec.message(), "voice.sip_port");
    if (!opts_.sip_tcp) break;
    auto r = impl_->tcp.listen(opts_.address, sip_port());
    if (r) break;
    if (attempt >= attempts)
      return make_error(ErrorCode::kUnavailable, "cannot listen for SIP over TCP on " + opts_.address + ":" + std::to_string(sip_port()) +
                                                     ": " + r.error().message, "voice.sip_port");
    boost::system::error_code ignored;
    impl_->sip.close(ignored);
  }
  if (opts_.sip_tcp) {
    impl_->tcp.on_message([this](const Endpoint& from, std::string_view message) {
      impl_->sw.receive(Endpoint{from.host, from.port, true}, message);
    });
  }
  read_sip();
  tick();
  impl_->running = true;
  // named for top -H and perf: "sy-sip" the edge (SIP, the switch), "sy-rtpN" the relay's shards
  impl_->thread = std::thread([this] {
    pthread_setname_np(pthread_self(), "sy-sip");
    impl_->io.run();
  });
  for (auto& io : impl_->rtp_ios) {
    impl_->rtp_work.push_back(asio::make_work_guard(*io));
    impl_->rtp_threads.emplace_back([io = io.get(), name = "sy-rtp" + std::to_string(impl_->rtp_threads.size())] {
      pthread_setname_np(pthread_self(), name.c_str());
      io->run();
    });
  }
  server::log_info("voice: SIP on udp" + std::string(opts_.sip_tcp ? " and tcp " : " ") + opts_.address + ":" + std::to_string(sip_port()) + ", RTP ports " +
                   std::to_string(opts_.rtp_port_min) + "-" + std::to_string(opts_.rtp_port_max) + " on " +
                   std::to_string(impl_->rtp_ios.size()) + " relay thread(s)");
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
      impl_->tcp_connections = impl_->tcp.stats().connections;
    }
    const int64_t now = rt_.clock.now_ms();
    std::vector<CallRef> silent, due, unanswered;
    for (auto& [call, c] : impl_->calls) {
      if (c.menu && c.menu_deadline_ms != 0 && now >= c.menu_deadline_ms) silent.push_back(call);
      if (c.survey && !c.releasing && c.survey_deadline_ms != 0 && now >= c.survey_deadline_ms) unanswered.push_back(call);
      if (c.next_position_ms != 0 && now >= c.next_position_ms) {
        c.next_position_ms = now + opts_.position_every_ms;
        due.push_back(call);
      }
    }
    for (CallRef call : unanswered) {
      core::ContactId contact = impl_->calls.at(call).contact;
      forget(call);
      impl_->sw.release_caller(contact);  // no key: the call ends without an answer
    }
    std::vector<Impl::Retry> retry;
    std::erase_if(impl_->retries, [&](const Impl::Retry& r) {
      if (now < r.at_ms) return false;
      retry.push_back(r);
      return true;
    });
    for (auto& r : retry) retry_callback(r.customer, r.queue, r.attempt);
    for (CallRef call : silent) {
      auto& c = impl_->calls.at(call);
      c.menu_deadline_ms = 0;
      if (++c.misses >= c.menu->tries) {
        if (!c.menu->fallback.empty()) create(call, c.menu->fallback);
        else impl_->sw.refuse(call, 480);
      } else {
        menu_prompt(call, false);
      }
    }
    for (CallRef call : due) {
      core::ContactId contact = impl_->calls.at(call).contact;
      contacts_.get(voice_caller(), contact, [this, call, contact](Result<app::ContactInfo> r) {
        if (!r || r->state != core::ContactState::kQueued || !r->wait) return;
        uint32_t position = r->wait->position;
        std::optional<int64_t> ewt;
        if (r->wait->ewt_ms >= 0) ewt = r->wait->ewt_ms;
        asio::post(impl_->io, [this, call, contact, position, ewt] { waiting(call, contact, position, ewt, false); });
      });
    }
    tick();
  });
}

void VoiceEdge::stop() {
  if (!impl_ || !impl_->running) return;
  impl_->running = false;
  impl_->prompt_pool.join();
  asio::post(impl_->io, [this] {
    boost::system::error_code ec;
    impl_->timer.cancel();
    impl_->sip.close(ec);
    impl_->tcp.close();
    impl_->io.stop();
  });
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->rtp_work.clear();
  for (auto& io : impl_->rtp_ios) io->stop();
  for (auto& t : impl_->rtp_threads)
    if (t.joinable()) t.join();
}

VoiceStats VoiceEdge::stats() {
  std::lock_guard lock(impl_->stats_mu);
  return {impl_->stats, impl_->relay.totals(), impl_->tcp_connections};
}

void VoiceEdge::send(const Endpoint& to, std::string datagram) {
  if (to.tcp) return impl_->tcp.send(Endpoint{to.host, to.port}, std::move(datagram));
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(to.host, ec);
  if (ec) return;  // a host name in a Contact: not resolved here (loopback and addresses only)
  impl_->sip.send_to(asio::buffer(datagram), udp::endpoint(addr, to.port), 0, ec);
}

// ---- from the committed events ----------------------------------------------------

void VoiceEdge::committed(std::span<const core::Event> events) {
  struct Step {
    int kind;  // 0 ring, 1 stop ringing, 2 hang up, 3 agent free of work, 4 hold, 5 resume, 6 transferred
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
    if (auto* h = e.as<core::ev::ContactHeld>()) steps.push_back({4, h->contact, h->agent});
    else if (auto* u = e.as<core::ev::ContactResumed>()) steps.push_back({5, u->contact, u->agent});
    else if (auto* tr = e.as<core::ev::ContactTransferred>()) steps.push_back({6, tr->contact, tr->agent});
    else if (auto* o = e.as<core::ev::ContactOffered>()) steps.push_back({0, o->contact, o->agent});
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
      if (s.kind == 0 && impl_->callbacks.contains(s.contact) && !impl_->sw.has_contact(s.contact)) {
        ring_callback(s.contact, s.agent);
        continue;
      }
      if (s.kind == 2) {
        impl_->callbacks.erase(s.contact);
        impl_->monitors.erase(s.contact);  // the switch hangs the lead's phone up with the call
      }
      if (!impl_->sw.has_contact(s.contact)) {
        // perhaps a call whose creation has not come back yet
        if (s.kind == 0) impl_->pending[s.contact] = {s.agent, now};
        else impl_->pending.erase(s.contact);
        continue;
      }
      auto leg = impl_->sw.caller_leg(s.contact);
      if (s.kind == 0) {
        ring(s.contact, s.agent);
      } else if (s.kind == 1) {
        impl_->sw.stop_ringing(s.contact, s.agent);
      } else if (s.kind == 4) {
        auto c = impl_->call_of.find(s.contact);
        auto music = music_for(c != impl_->call_of.end() ? impl_->calls[c->second].queue_id : core::kNoId);
        if (leg && music) impl_->relay.play(*leg, {Clip{music, true}});  // the customer hears music, not the agent
      } else if (s.kind == 5) {
        if (leg) impl_->relay.play(*leg, {});
      } else if (s.kind == 6) {
        // blind transfer: the agent's phone hangs up, the caller waits again
        // (music) for the target's offer, which rings as any other
        impl_->sw.drop_agent(s.contact);
        if (auto c = impl_->call_of.find(s.contact); c != impl_->call_of.end()) {
          impl_->calls[c->second].next_position_ms = now + opts_.position_every_ms;
          impl_->calls[c->second].talking = false;
          auto music = music_for(impl_->calls[c->second].queue_id);
          if (leg && music) impl_->relay.play(*leg, {Clip{music, true}});
        }
      } else {
        if (auto c = impl_->call_of.find(s.contact); c != impl_->call_of.end()) {
          if (impl_->calls[c->second].survey) continue;  // the caller answers the survey; the edge ends the call
          forget(c->second);
        }
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

std::optional<std::pair<SipUri, Endpoint>> VoiceEdge::phone_of(core::AgentId agent) {
  const std::string* name = rt_.catalog.names()->name(app::Kind::kAgent, agent);
  if (!name) return std::nullopt;
  if (auto reg = impl_->sw.registration(*name)) return std::pair{reg->contact, reg->source};
  auto it = opts_.agents.find(*name);
  if (it == opts_.agents.end()) return std::nullopt;
  auto uri = parse_sip_uri(it->second);
  if (!uri) return std::nullopt;
  return std::pair{*uri, uri->endpoint()};
}

void VoiceEdge::ring(core::ContactId contact, core::AgentId agent) {
  // no phone: the agent answers from the desk (without audio)
  if (auto phone = phone_of(agent)) impl_->sw.ring(contact, agent, phone->first, phone->second);
}

void VoiceEdge::ring_callback(core::ContactId contact, core::AgentId agent) {
  auto cb = impl_->callbacks.find(contact);
  auto phone = phone_of(agent);
  if (cb == impl_->callbacks.end() || !phone) return;  // without a phone the agent calls back by hand
  auto customer = parse_sip_uri("sip:" + cb->second.customer + "@" + opts_.trunk_target);
  if (!customer) return server::log_warn("voice: callback of contact " + std::to_string(contact) + ": bad number " + cb->second.customer);
  impl_->sw.ring_callback(contact, agent, phone->first, phone->second, *customer, opts_.callback_ring_ms);
}

void VoiceEdge::callback_failed(core::ContactId contact, core::AgentId agent, int status) {
  auto cb = impl_->callbacks.find(contact);
  if (cb == impl_->callbacks.end()) return;
  Impl::Callback c = cb->second;
  impl_->callbacks.erase(cb);
  const bool again = c.attempt < opts_.callback_attempts;
  server::log_info("voice: callback of contact " + std::to_string(contact) + " not answered (" + std::to_string(status) + "), attempt " +
                   std::to_string(c.attempt) + (again ? ": tried again later" : ": given up"));
  // this attempt ends; its wrap-up says why, so the agent need not
  app::ActOnContact end;
  end.action = app::ContactAction::kEnd;
  end.contact = contact;
  end.agent = agent;
  contacts_.act(voice_caller(), end, [this, contact, agent, again](Result<app::ContactInfo> r) {
    if (!r) return server::log_warn("voice: ending callback " + std::to_string(contact) + ": " + r.error().message);
    app::ActOnContact wrap;
    wrap.action = app::ContactAction::kWrapUp;
    wrap.contact = contact;
    wrap.agent = agent;
    wrap.disposition = again ? "callback-no-answer" : "callback-given-up";
    contacts_.act(voice_caller(), wrap, [contact](Result<app::ContactInfo> w) {
      if (!w) server::log_info("voice: callback " + std::to_string(contact) + " left in wrap-up: " + w.error().message);
    });
  });
  if (again) impl_->retries.push_back({rt_.clock.now_ms() + opts_.callback_retry_ms, c.customer, c.queue, c.attempt + 1});
}

void VoiceEdge::retry_callback(std::string customer, std::string queue, int attempt) {
  auto q = rt_.catalog.names()->id(app::Kind::kQueue, queue);
  if (!q) return;
  app::CreateContact in;
  in.spec.queue = *q;
  in.spec.channel = core::Channel::kVoice;
  in.channel_given = true;
  in.spec.customer_id = customer;
  contacts_.create(voice_caller(), std::move(in), [this, customer, queue, attempt](Result<app::CreatedContact> r) {
    if (!r || !r->refused_reason.empty())
      return server::log_warn("voice: callback retry for " + customer + " refused: " + (r ? r->refused_reason : r.error().message));
    const core::ContactId id = r->contact.id;
    asio::post(impl_->io, [this, id, customer, queue, attempt] {
      impl_->callbacks[id] = Impl::Callback{customer, queue, attempt};
      if (auto p = impl_->pending.find(id); p != impl_->pending.end()) {
        core::AgentId agent = p->second.agent;  // offered before this reply came back
        impl_->pending.erase(p);
        ring_callback(id, agent);
      }
    });
    contacts_.request_callback(voice_caller(), id, [id](Result<app::ContactInfo> cb) {
      if (!cb) server::log_info("voice: callback retry " + std::to_string(id) + ": " + cb.error().message);
    });
  });
}

// ---- the switch's requests of the application ---------------------------------------

void VoiceEdge::arrived(CallRef call, const std::string& number, const std::string& caller) {
  auto& c = impl_->calls[call];
  c.number = number;
  c.caller = caller;
  auto lang = opts_.languages.find(number);
  c.lang = language(lang != opts_.languages.end() ? lang->second : opts_.language);
  if (auto m = opts_.menus.find(number); m != opts_.menus.end()) {
    // answered at once: the caller hears the menu and picks a queue
    c.menu = &m->second;
    if (!m->second.language.empty()) c.lang = language(m->second.language);
    impl_->sw.answer(call);
    return menu_prompt(call, false);
  }
  auto q = opts_.numbers.find(number);
  create(call, q != opts_.numbers.end() ? q->second : std::string());
}

void VoiceEdge::create(CallRef call, const std::string& queue) {
  auto& c = impl_->calls.at(call);
  c.queue = queue;
  c.menu = nullptr;
  c.menu_deadline_ms = 0;
  auto q = rt_.catalog.names()->id(app::Kind::kQueue, queue);
  if (q) c.queue_id = *q;
  if (!q) {
    server::log_warn("voice: number " + c.number + " leads to unknown queue \"" + queue + "\"");
    forget(call);
    return impl_->sw.refuse(call, 404);
  }
  app::CreateContact in;
  in.spec.queue = *q;
  in.spec.channel = core::Channel::kVoice;
  in.channel_given = true;
  in.spec.customer_id = c.caller;
  contacts_.create(voice_caller(), std::move(in), [this, call](Result<app::CreatedContact> r) {
    asio::post(impl_->io, [this, call, r = std::move(r)] {
      if (!r) {
        server::log_warn("voice: a call could not become a contact: " + r.error().message);
        forget(call);
        return impl_->sw.refuse(call, 503);
      }
      if (!r->refused_reason.empty()) {
        forget(call);
        return impl_->sw.refuse(call, 480);
      }
      impl_->sw.queued(call, r->contact.id);
      if (impl_->sw.caller_leg(r->contact.id)) waiting(call, r->contact.id, r->position, r->ewt_ms, true);
      else forget(call);  // the caller left while the contact was being created
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

// ---- the caller's side -------------------------------------------------------------

void VoiceEdge::waiting(CallRef call, core::ContactId contact, uint32_t position, std::optional<int64_t> ewt_ms, bool first) {
  auto it = impl_->calls.find(call);
  if (it == impl_->calls.end() || it->second.releasing) return;
  auto& c = it->second;
  if (first) {
    c.contact = contact;
    impl_->call_of[contact] = call;
  }
  if (!opts_.announce) return;
  c.next_position_ms = rt_.clock.now_ms() + opts_.position_every_ms;
  std::vector<std::string> texts;
  if (first && !opts_.recordings_dir.empty()) texts.push_back(media::recording_notice(c.lang));
  if (position > 0) texts.push_back(media::position_phrase(c.lang, position, ewt_ms));
  if (callbacks_offered()) {
    if (auto offer = media::callback_offer(c.lang, opts_.callback_key[0])) texts.push_back(std::move(*offer));
  }
  // a queue's own greeting opens the first announcement
  say(call, std::move(texts), true, first && queue_prompts_ ? queue_prompts_->pcm(c.queue_id, "greeting") : nullptr);
}

void VoiceEdge::menu_prompt(CallRef call, bool after_wrong_key) {
  auto& c = impl_->calls.at(call);
  std::vector<std::string> texts;
  if (after_wrong_key) texts.push_back(media::menu_invalid(c.lang));
  texts.push_back(c.menu->prompt);
  say(call, std::move(texts), false);
}

// Synthesizes (or finds) `texts` off the edge's thread, then plays them to
// the call's caller, followed by the hold music when `then_music`.
std::shared_ptr<const std::vector<int16_t>> VoiceEdge::music_for(core::QueueId queue) const {
  if (queue_prompts_ && queue != core::kNoId) {
    if (auto own = queue_prompts_->pcm(queue, "music")) return own;
  }
  return impl_->music;
}

void VoiceEdge::say(CallRef call, std::vector<std::string> texts, bool then_music, std::shared_ptr<const std::vector<int16_t>> greeting) {
  const auto& c = impl_->calls.at(call);
  const std::string lang(media::to_string(c.lang));
  auto music = then_music ? music_for(c.queue_id) : nullptr;
  asio::post(impl_->prompt_pool, [this, call, lang, texts = std::move(texts), music, greeting] {
    std::vector<Clip> clips;
    int64_t samples = 0;
    if (greeting) {
      samples += static_cast<int64_t>(greeting->size());
      clips.push_back(Clip{greeting, false});
    }
    for (const std::string& t : texts) {
      auto pcm = impl_->prompts.get(lang, t);
      if (!pcm) {
        server::log_warn("voice: prompt \"" + t + "\": " + pcm.error().message);
        continue;
      }
      samples += static_cast<int64_t>((*pcm)->size());
      clips.push_back(Clip{*pcm, false});
    }
    if (music) clips.push_back(Clip{music, true});
    asio::post(impl_->io, [this, call, samples, clips = std::move(clips)]() mutable {
      auto it = impl_->calls.find(call);
      auto leg = impl_->sw.call_leg(call);
      // an agent answered while the prompt was being made: the caller hears the agent
      if (it == impl_->calls.end() || !leg || it->second.talking) return;
      // a menu waits for a key from the end of its prompt on
      if (it->second.menu) it->second.menu_deadline_ms = rt_.clock.now_ms() + samples / 8 + it->second.menu->timeout_ms;
      if (it->second.survey && !it->second.releasing) it->second.survey_deadline_ms = rt_.clock.now_ms() + samples / 8 + opts_.survey_wait_ms;
      impl_->relay.play(*leg, std::move(clips));
    });
  });
}

void VoiceEdge::digit(CallRef call, core::ContactId contact, char key) {
  auto it = impl_->calls.find(call);
  if (it == impl_->calls.end()) return;
  auto& c = it->second;
  if (c.menu) {
    if (auto o = c.menu->options.find(key); o != c.menu->options.end()) return create(call, o->second);
    if (++c.misses >= c.menu->tries) {
      if (!c.menu->fallback.empty()) return create(call, c.menu->fallback);
      forget(call);
      return impl_->sw.refuse(call, 480);
    }
    return menu_prompt(call, true);
  }
  if (c.survey) {
    if (!c.survey_token.empty() && !c.releasing && key >= '1' && key <= '5') answer_survey(call, key - '0');
    return;
  }
  if (contact == core::kNoContact || c.releasing || !callbacks_offered() || key != opts_.callback_key[0]) return;
  // the caller asks to be called back: the contact keeps its place, the
  // call ends once the confirmation has played
  contacts_.request_callback(voice_caller(), contact, [this, call, contact](Result<app::ContactInfo> r) {
    if (!r) return server::log_warn("voice: callback for contact " + std::to_string(contact) + ": " + r.error().message);
    asio::post(impl_->io, [this, call, contact] {
      auto it = impl_->calls.find(call);
      if (it == impl_->calls.end()) return;
      impl_->callbacks[contact] = Impl::Callback{it->second.caller, it->second.queue, 1};
      it->second.next_position_ms = 0;
      it->second.releasing = true;
      say(call, {media::callback_confirmed(it->second.lang)}, false);
    });
  });
}

void VoiceEdge::call_gone(CallRef call) { forget(call); }

void VoiceEdge::forget(CallRef call) {
  auto it = impl_->calls.find(call);
  if (it == impl_->calls.end()) return;
  if (it->second.contact != core::kNoContact) impl_->call_of.erase(it->second.contact);
  impl_->calls.erase(it);
}

// ---- listening in -----------------------------------------------------------------------

namespace {
media::SupervisorMode relay_mode(app::MonitorMode m) {
  switch (m) {
    case app::MonitorMode::kWhisper: return media::SupervisorMode::kWhisper;
    case app::MonitorMode::kBarge: return media::SupervisorMode::kBarge;
    case app::MonitorMode::kListen: break;
  }
  return media::SupervisorMode::kListen;
}
}  // namespace

void VoiceEdge::monitor(core::ContactId contact, app::MonitorMode mode, std::string phone, std::string supervisor,
                        app::Reply<app::MonitorState> reply) {
  asio::post(impl_->io, [this, contact, mode, phone = std::move(phone), supervisor = std::move(supervisor), reply = std::move(reply)] {
    if (auto it = impl_->monitors.find(contact); it != impl_->monitors.end()) {
      auto& m = it->second;
      if (m.state.supervisor != supervisor)
        return reply(make_error(ErrorCode::kIllegalState, m.state.supervisor + " listens to this call already", "contact"));
      m.state.mode = mode;  // the same lead: a new mode, no new ring
      if (m.leg != 0) impl_->relay.set_monitor_mode(m.leg, relay_mode(mode));
      return reply(m.state);
    }
    auto uri = parse_sip_uri(phone);
    if (!uri) return reply(make_error(ErrorCode::kInvalidArgument, "not a SIP URI: " + phone, "phone"));
    if (auto r = impl_->sw.monitor(contact, *uri, uri->endpoint()); !r) return reply(std::unexpected(r.error()));
    auto& m = impl_->monitors[contact];
    m.state = app::MonitorState{contact, mode, false, phone, supervisor};
    reply(m.state);
  });
}

void VoiceEdge::monitor_state(core::ContactId contact, app::Reply<app::MonitorState> reply) {
  asio::post(impl_->io, [this, contact, reply = std::move(reply)] {
    auto it = impl_->monitors.find(contact);
    if (it == impl_->monitors.end()) return reply(make_error(ErrorCode::kNotFound, "nobody listens to this call", "id"));
    reply(it->second.state);
  });
}

void VoiceEdge::stop_monitor(core::ContactId contact, app::Reply<void> reply) {
  asio::post(impl_->io, [this, contact, reply = std::move(reply)] {
    if (!impl_->monitors.erase(contact)) return reply(make_error(ErrorCode::kNotFound, "nobody listens to this call", "id"));
    impl_->sw.stop_monitor(contact);
    reply({});
  });
}

void VoiceEdge::monitor_started(core::ContactId contact, LegId supervisor) {
  auto it = impl_->monitors.find(contact);
  if (it == impl_->monitors.end()) return;
  it->second.leg = supervisor;
  it->second.state.connected = true;
  impl_->relay.set_monitor_mode(supervisor, relay_mode(it->second.state.mode));
}

void VoiceEdge::monitor_ended(core::ContactId contact, int status) {
  if (impl_->monitors.erase(contact) && status >= 300)
    server::log_info("voice: the supervisor's phone for contact " + std::to_string(contact) + " answered " + std::to_string(status));
}

// ---- the agent's side ------------------------------------------------------------------

void VoiceEdge::agent_answered(core::ContactId contact, core::AgentId agent) {
  if (auto c = impl_->call_of.find(contact); c != impl_->call_of.end()) {
    auto& call = impl_->calls[c->second];
    call.next_position_ms = 0;
    call.talking = true;
    if (surveys_ && opts_.survey_queues.contains(call.queue)) {
      call.survey_wanted = true;  // if the agent hangs up first
      impl_->sw.keep_caller_after_agent(contact);
    }
  }
  act(contacts_, app::ContactAction::kAccept, contact, agent, [this, contact](const Error&) {
    // the offer was gone by the time the phone answered: hang that phone up
    asio::post(impl_->io, [this, contact] { impl_->sw.drop_agent(contact); });
  });
}

void VoiceEdge::agent_failed(core::ContactId contact, core::AgentId agent, int) {
  act(contacts_, app::ContactAction::kReject, contact, agent);
}

void VoiceEdge::caller_left(core::ContactId contact, core::AgentId agent) {
  if (auto c = impl_->call_of.find(contact); c != impl_->call_of.end()) {
    const bool surveyed = impl_->calls[c->second].survey;
    forget(c->second);
    if (surveyed) return;  // left during the survey: the contact ended already
  }
  if (agent != core::kNoId) return act(contacts_, app::ContactAction::kEnd, contact, agent);
  contacts_.abandon(voice_caller(), contact, [contact](Result<app::ContactInfo> r) {
    if (!r) server::log_warn("voice: abandon of contact " + std::to_string(contact) + ": " + r.error().message);
  });
}

void VoiceEdge::agent_left(core::ContactId contact, core::AgentId agent) {
  act(contacts_, app::ContactAction::kEnd, contact, agent);
  auto c = impl_->call_of.find(contact);
  if (c != impl_->call_of.end() && impl_->calls[c->second].survey_wanted) {
    impl_->calls[c->second].survey = true;
    impl_->calls[c->second].talking = false;
    start_survey(c->second, contact);
  }
}

// ---- the survey by keys ----------------------------------------------------------------

void VoiceEdge::start_survey(CallRef call, core::ContactId contact) {
  // the contact ends (agent_left); its survey is issued once the end is in
  surveys_->issue(voice_caller(), contact, [this, call, contact](Result<app::IssuedSurvey> r) {
    asio::post(impl_->io, [this, call, contact, r = std::move(r)] {
      auto it = impl_->calls.find(call);
      if (it == impl_->calls.end()) return;  // the caller left meanwhile
      if (!r) {
        server::log_info("voice: no survey for contact " + std::to_string(contact) + ": " + r.error().message);
        forget(call);
        return impl_->sw.release_caller(contact);
      }
      it->second.survey_token = r->token;
      say(call, {media::survey_keys(it->second.lang)}, false);
    });
  });
}

void VoiceEdge::answer_survey(CallRef call, int rating) {
  auto& c = impl_->calls.at(call);
  c.releasing = true;  // one answer; the goodbye plays, then the call ends
  app::SurveyAnswer a;
  a.rating = rating;
  surveys_->answer(c.survey_token, std::move(a), [this, call](Result<void> r) {
    if (!r) server::log_warn("voice: survey answer: " + r.error().message);
    asio::post(impl_->io, [this, call] {
      if (auto it = impl_->calls.find(call); it != impl_->calls.end()) say(call, {media::survey_thanks(it->second.lang)}, false);
    });
  });
}

}  // namespace switchyard::voice
