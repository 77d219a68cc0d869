#include "voice/switch.h"

#include <algorithm>
#include <cctype>

namespace switchyard::voice {

Switch::Switch(SwitchOptions opts, const Clock& clock, Transport& net, MediaPorts& media, CallEvents& app)
    : opts_(std::move(opts)), clock_(clock), net_(net), media_(media), app_(app) {}

SwitchStats Switch::stats() const {
  SwitchStats s = stats_;
  s.legs = legs_.size();
  s.registrations = registrations_.size();
  return s;
}

// ---- identifiers ---------------------------------------------------------------

std::string Switch::fresh(std::string_view prefix) {
  // A 64-bit mix of the seed and a counter: unique within a process and,
  // with a seed from the start time, across restarts.
  uint64_t x = opts_.seed ^ (++counter_ * 0x9E3779B97F4A7C15ULL);
  x ^= x >> 31;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 29;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s(prefix);
  for (int i = 0; i < 16; ++i) s += kHex[(x >> (i * 4)) & 15];
  return s;
}

std::string Switch::via(const std::string& branch, bool tcp) const {
  return std::string(tcp ? "SIP/2.0/TCP " : "SIP/2.0/UDP ") + opts_.local.str() + ";branch=" + branch + ";rport";
}

std::string Switch::contact_uri(bool tcp) const {
  return "sip:switchyard@" + opts_.local.str() + (tcp ? ";transport=tcp" : "");
}

Switch::Leg* Switch::find_call_id(const std::string& call_id) {
  auto it = by_call_id_.find(call_id);
  return it == by_call_id_.end() ? nullptr : leg(it->second);
}

Switch::Leg* Switch::leg(LegId id) {
  auto it = legs_.find(id);
  return it == legs_.end() ? nullptr : it->second.get();
}

// ---- sending --------------------------------------------------------------------

void Switch::reply(const Endpoint& to, const SipMessage& req, int status, std::string_view to_tag) {
  net_.send(to, make_response(req, status, {}, to_tag, to));
}

void Switch::start_rtx(Leg& leg, const Endpoint& to, std::string data, bool until_ack) {
  net_.send(to, data);
  int64_t now = clock_.now_ms();
  leg.rtx = Retransmit{std::move(data), to, now + opts_.t1_ms, opts_.t1_ms, now + 64 * opts_.t1_ms, true};
  // TCP delivers or fails by itself: only a 2xx to an INVITE is sent again
  // (RFC 3261 13.3.1.4); the give-up timers stay (no answer at all)
  if (to.tcp && !until_ack) leg.rtx.next_ms = leg.rtx.give_up_ms + 1;
}

OutRequest Switch::first_request(const Leg& l, std::string method) const {
  OutRequest r;
  r.method = std::move(method);
  r.uri = l.request_uri;
  r.via = via(l.invite_branch, l.remote.tcp);
  r.from = l.local_uri + ";tag=" + l.local_tag;
  r.to = l.remote_uri;
  r.call_id = l.call_id;
  r.cseq = 1;
  return r;
}

std::string Switch::invite(const Leg& l, std::string sdp, std::vector<std::pair<std::string, std::string>> extra) const {
  OutRequest inv = first_request(l, "INVITE");
  inv.contact = contact_uri(l.remote.tcp);
  inv.extra = std::move(extra);
  inv.sdp = std::move(sdp);
  return make_request(inv);
}

void Switch::send_ack(Leg& leg, const SipMessage& resp, bool for_2xx) {
  OutRequest a;
  a.method = "ACK";
  // A 2xx's ACK is a new transaction to the Contact; a failure's ACK belongs
  // to the INVITE's transaction (same branch, same request URI).
  a.uri = for_2xx && resp.contact ? resp.contact->str() : leg.request_uri;
  a.via = via(for_2xx ? fresh("z9hG4bK") : leg.invite_branch, leg.remote.tcp);
  a.from = leg.local_uri + ";tag=" + leg.local_tag;
  a.to = resp.to;
  a.call_id = leg.call_id;
  a.cseq = resp.cseq;
  net_.send(for_2xx && resp.contact && !leg.remote.tcp ? resp.contact->endpoint() : leg.remote, make_request(a));
}

void Switch::accept_2xx(Leg& l, const SipMessage& m) {
  l.remote_tag = m.to_tag;
  if (m.contact) {
    if (!l.remote.tcp) l.remote = m.contact->endpoint();  // over TCP: stay on the connection
    l.request_uri = m.contact->str();
  }
  send_ack(l, m, true);
}

void Switch::send_bye(Leg& leg) {
  OutRequest b;
  b.method = "BYE";
  b.uri = leg.request_uri;
  b.via = via(fresh("z9hG4bK"), leg.remote.tcp);
  // our side's URI and tag in From, theirs in To (for an inbound leg we are
  // the callee: local_uri is what their To said)
  b.from = leg.local_uri + ";tag=" + leg.local_tag;
  b.to = leg.remote_uri + (leg.remote_tag.empty() ? "" : ";tag=" + leg.remote_tag);
  b.call_id = leg.call_id;
  b.cseq = ++leg.local_cseq;
  leg.state = State::kEnding;
  start_rtx(leg, leg.remote, make_request(b), false);
}

void Switch::send_cancel(Leg& leg) {
  // the INVITE's transaction: its branch, request URI and CSeq number
  OutRequest c = first_request(leg, "CANCEL");
  leg.state = State::kCancelling;
  start_rtx(leg, leg.remote, make_request(c), false);
}

void Switch::finish(Leg& l) {
  if (l.media_open) media_.close(l.id);
  LegId id = l.id;
  by_call_id_.erase(l.call_id);
  if (l.inbound) by_call_.erase(l.call);
  if ((l.inbound || l.callback) && l.contact != core::kNoContact) {
    auto it = by_contact_.find(l.contact);
    if (it != by_contact_.end() && it->second == id) by_contact_.erase(it);
  }
  if (Leg* p = leg(l.peer)) p->peer = 0;
  if (Leg* c = leg(l.monitored); c && c->monitor_leg == id) c->monitor_leg = 0;
  if (Leg* s = leg(l.monitor_leg); s && s->monitored == id) s->monitored = 0;
  legs_.erase(id);  // l is gone
}

// ---- receiving ------------------------------------------------------------------

void Switch::receive(const Endpoint& from, std::string_view bytes) {
  // Keep-alives (RFC 5626 CRLF pings) are not messages.
  if (bytes.find_first_not_of("\r\n") == std::string_view::npos) return;
  auto m = parse_sip(bytes);
  if (!m) {
    ++stats_.bad_messages;
    return;  // nothing to answer: without Via/Call-ID no response can be routed
  }
  if (m->request) on_request(from, std::move(*m));
  else on_response(from, *m);
}

void Switch::on_request(const Endpoint& from, SipMessage m) {
  Leg* l = find_call_id(m.call_id);
  if (m.method == "INVITE") {
    if (!l) return on_invite(from, std::move(m));
    // a retransmission of the INVITE we are answering: the same answer again
    if (l->inbound && l->invite && l->invite->cseq == m.cseq) {
      if (!l->last_response.empty()) net_.send(from, l->last_response);
      return;
    }
    // re-INVITE (hold, codec change): keep the media as it is
    return reply(from, m, 488);
  }
  if (m.method == "ACK") {
    if (l && l->inbound) {
      if (l->state == State::kAnswering) {
        l->rtx.active = false;
        l->state = State::kConfirmed;
        if (l->bye_after_ack) send_bye(*l);
      } else if (l->state == State::kRefusing) {
        l->rtx.active = false;
        finish(*l);
      }
    }
    return;  // an ACK is never answered
  }
  if (m.method == "OPTIONS") return reply(from, m, 200);
  if (m.method == "REGISTER") return on_register(from, m);
  if (!l) {
    // a BYE we answered already, sent again because our 200 was lost
    if (auto e = ended_.find(m.call_id); m.method == "BYE" && e != ended_.end() && e->second.bye_cseq == m.cseq)
      return reply(from, m, 200);
    return reply(from, m, 481);
  }
  if (m.method == "BYE") return on_bye(from, m, *l);
  if (m.method == "CANCEL") return on_cancel(from, m, *l);
  if (m.method == "INFO") return on_info(from, m, *l);
  reply(from, m, 405);
}

void Switch::on_invite(const Endpoint& from, SipMessage m) {
  const bool trusted = std::find(opts_.trunk_sources.begin(), opts_.trunk_sources.end(), from.host) != opts_.trunk_sources.end();
  if (!trusted && opts_.trunk_credentials.empty()) {
    ++stats_.calls_refused;
    return reply(from, m, 403, fresh(""));
  }
  if (!trusted) {
    // a trunk with credentials: challenged, then let in once proven
    auto trunk = authenticate(from, m, [this](const std::string& u) -> const std::string* {
      auto t = opts_.trunk_credentials.find(u);
      return t == opts_.trunk_credentials.end() ? nullptr : &t->second;
    });
    if (!trunk) return;
  }
  auto number = opts_.numbers.find(m.request_user);
  if (number == opts_.numbers.end()) {
    ++stats_.calls_refused;
    return reply(from, m, 404, fresh(""));
  }
  auto l = std::make_unique<Leg>();
  l->id = next_id_++;
  l->inbound = true;
  l->call = l->id;
  l->source = from;
  // in-dialog requests go to the caller's Contact; where the INVITE came
  // from when it has none, or when the caller is behind NAT (rport)
  // (over TCP: the connection the INVITE came on)
  l->remote = m.contact && !m.top_via_rport && !from.tcp ? m.contact->endpoint() : from;
  l->request_uri = m.contact ? m.contact->str() : "sip:" + from.str();
  l->call_id = m.call_id;
  l->local_tag = fresh("sy");
  l->remote_tag = m.from_tag;
  l->local_uri = m.to;      // as they addressed us (no tag yet)
  l->remote_uri = m.from.substr(0, m.from.find(";tag="));
  reply(from, m, 100);
  auto answer = media_.answer(l->id, m.body);
  if (!answer) {
    ++stats_.calls_refused;
    return reply(from, m, 488, l->local_tag);
  }
  l->media_open = true;
  l->invite = std::move(m);
  l->last_response = make_response(*l->invite, 100, {}, {}, from);
  // the SDP answer waits in the leg's 200 until the contact exists
  l->rtx.data = std::move(*answer);
  ++stats_.calls_in;
  CallRef call = l->call;
  by_call_id_[l->call_id] = l->id;
  by_call_[call] = l->id;
  std::string caller = l->invite->from_user;
  legs_[l->id] = std::move(l);
  app_.arrived(call, number->second, caller);
}

void Switch::answer(CallRef call) {
  auto it = by_call_.find(call);
  if (it == by_call_.end()) return;
  Leg* l = leg(it->second);
  if (l->state != State::kArriving || l->cancelled) return;
  std::string sdp = std::move(l->rtx.data);
  l->last_response = make_response(*l->invite, 200, {}, l->local_tag, l->source, contact_uri(l->source.tcp), sdp);
  l->state = State::kAnswering;
  start_rtx(*l, l->source, l->last_response, true);
}

void Switch::queued(CallRef call, core::ContactId contact) {
  auto it = by_call_.find(call);
  if (it == by_call_.end()) return;
  Leg* l = leg(it->second);
  l->contact = contact;
  by_contact_[contact] = l->id;
  if (l->cancelled) {
    // the caller gave up while the contact was being created
    l->caller_reported = true;
    app_.caller_left(contact, core::kNoId);
    return finish(*l);
  }
  if (l->state != State::kArriving) return;  // answered already (a menu)
  // Answered at once: the caller hears Switchyard (prompts, music) while
  // queued, and the call is a contact with a wait from now.
  std::string sdp = std::move(l->rtx.data);
  l->last_response = make_response(*l->invite, 200, {}, l->local_tag, l->source, contact_uri(l->source.tcp), sdp);
  l->state = State::kAnswering;
  start_rtx(*l, l->source, l->last_response, true);
}

void Switch::refuse(CallRef call, int status) {
  auto it = by_call_.find(call);
  if (it == by_call_.end()) return;
  Leg* l = leg(it->second);
  ++stats_.calls_refused;
  if (l->cancelled) return finish(*l);
  if (l->state != State::kArriving) {
    // answered (a menu): hang up
    l->caller_reported = true;
    if (l->state == State::kConfirmed) send_bye(*l);
    else if (l->state == State::kAnswering) l->bye_after_ack = true;
    return;
  }
  l->last_response = make_response(*l->invite, status, {}, l->local_tag, l->source);
  l->state = State::kRefusing;
  start_rtx(*l, l->source, l->last_response, true);
}

void Switch::on_info(const Endpoint& from, const SipMessage& m, Leg& l) {
  // DTMF by SIP INFO: "application/dtmf-relay" (Signal=5) or
  // "application/dtmf" (5); anything else is accepted and ignored.
  reply(from, m, 200);
  if (!l.inbound) return;
  std::string_view body = m.body;
  std::string ct = m.content_type;
  for (auto& ch : ct) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  char key = 0;
  auto valid = [](char c) { return (c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D'); };
  if (ct.starts_with("application/dtmf-relay")) {
    auto at = body.find("Signal=");
    if (at != std::string_view::npos) {
      auto v = body.substr(at + 7);
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      if (!v.empty()) key = static_cast<char>(std::toupper(static_cast<unsigned char>(v.front())));
    }
  } else if (ct.starts_with("application/dtmf")) {
    while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front()))) body.remove_prefix(1);
    if (!body.empty()) key = static_cast<char>(std::toupper(static_cast<unsigned char>(body.front())));
  }
  if (valid(key)) {
    ++stats_.digits;
    app_.digit(l.call, l.contact, key);
  }
}

void Switch::digit(LegId id, char key) {
  Leg* l = leg(id);
  if (l && l->inbound && (l->state == State::kConfirmed || l->state == State::kAnswering)) {
    ++stats_.digits;
    app_.digit(l->call, l->contact, key);
  }
}

std::optional<LegId> Switch::call_leg(CallRef call) const {
  auto it = by_call_.find(call);
  if (it == by_call_.end()) return std::nullopt;
  return it->second;
}

std::optional<LegId> Switch::caller_leg(core::ContactId contact) const {
  auto it = by_contact_.find(contact);
  if (it == by_contact_.end()) return std::nullopt;
  return it->second;
}

void Switch::keep_caller_after_agent(core::ContactId contact) {
  auto ci = by_contact_.find(contact);
  if (ci == by_contact_.end()) return;
  if (Leg* c = leg(ci->second); c && c->inbound) c->keep_after_agent = true;
}

void Switch::release_caller(core::ContactId contact) {
  auto ci = by_contact_.find(contact);
  if (ci == by_contact_.end()) return;
  Leg* caller = leg(ci->second);
  by_contact_.erase(ci);
  if (!caller) return;
  caller->caller_reported = true;
  if (caller->state == State::kConfirmed) send_bye(*caller);
  else if (caller->state == State::kAnswering) caller->bye_after_ack = true;
}

void Switch::on_cancel(const Endpoint& from, const SipMessage& m, Leg& l) {
  reply(from, m, 200);
  if (!l.inbound || (l.state != State::kArriving && l.state != State::kAnswering)) return;
  if (l.state == State::kAnswering) return;  // our 200 is out: the caller will BYE
  // 487 for the INVITE, then the call is over
  l.last_response = make_response(*l.invite, 487, {}, l.local_tag, l.source);
  if (l.contact == core::kNoContact) {
    l.cancelled = true;  // told once the contact exists (queued())
    net_.send(l.source, l.last_response);
    return;
  }
  l.state = State::kRefusing;
  start_rtx(l, l.source, l.last_response, true);
  caller_gone(l);
}

void Switch::on_bye(const Endpoint& from, const SipMessage& m, Leg& l) {
  reply(from, m, 200);
  const int64_t until = clock_.now_ms() + 64 * opts_.t1_ms;
  ended_[m.call_id] = EndedDialog{m.cseq, until};
  ended_order_.emplace_back(until, m.call_id);
  if (l.monitor) {
    core::ContactId contact = l.contact;
    l.rtx.active = false;
    finish(l);
    app_.monitor_ended(contact, 200);  // the supervisor hung up
  } else if (l.inbound || l.callback) {
    l.rtx.active = false;
    caller_gone(l);
    finish(l);
  } else {
    core::ContactId contact = l.contact;
    core::AgentId agent = l.agent;
    LegId peer = l.peer;
    l.rtx.active = false;
    if (Leg* c = leg(peer)) end_monitor(*c);
    finish(l);
    app_.agent_left(contact, agent);
    // the customer's leg ends too (once it has ACKed our 200)
    if (Leg* c = leg(peer); c && c->keep_after_agent && c->state == State::kConfirmed) c->peer = 0;  // the survey
    else if (c && c->state == State::kConfirmed) send_bye(*c);
    else if (c && c->state == State::kAnswering) c->bye_after_ack = true;
    else if (c && c->callback && c->state == State::kRinging) send_cancel(*c);
    else if (c && c->callback && c->state == State::kArriving) c->cancel_pending = true;
    else if (c && c->callback && c->state == State::kIdle) finish(*c);
  }
}

void Switch::caller_gone(Leg& c) {
  end_monitor(c);
  core::AgentId connected = core::kNoId;
  if (Leg* a = leg(c.peer)) {
    if (a->state == State::kConfirmed) {
      connected = a->agent;
      send_bye(*a);
    } else if (a->state == State::kRinging || a->state == State::kArriving) {
      send_cancel(*a);
    }
  }
  if (!c.caller_reported && c.contact != core::kNoContact) {
    c.caller_reported = true;
    app_.caller_left(c.contact, connected);
  } else if (!c.caller_reported && c.state != State::kArriving) {
    c.caller_reported = true;  // answered without a contact: left in the menu
    app_.call_gone(c.call);
  }
}

void Switch::on_response(const Endpoint& from, const SipMessage& m) {
  (void)from;
  Leg* l = find_call_id(m.call_id);
  if (!l) return;
  if (m.cseq_method == "INVITE" && !l->inbound) return on_invite_response(*l, m);
  if (m.cseq_method == "BYE" && m.status >= 200) {
    l->rtx.active = false;
    if (l->state == State::kEnding) finish(*l);
    return;
  }
  if (m.cseq_method == "CANCEL" && m.status >= 200) {
    l->rtx.active = false;  // the 487 of the INVITE follows
  }
}

void Switch::on_invite_response(Leg& l, const SipMessage& m) {
  if (l.monitor && m.status >= 200) {
    // a supervisor's phone answered, or did not
    const core::ContactId contact = l.contact;
    if (m.status >= 300) {
      send_ack(l, m, false);
      const bool cancelled = l.state == State::kCancelling;
      l.rtx.active = false;
      finish(l);
      if (!cancelled) app_.monitor_ended(contact, m.status);
      return;
    }
    accept_2xx(l, m);
    if (l.state == State::kConfirmed) return;
    l.rtx.active = false;
    if (l.state == State::kCancelling || l.cancel_pending) {
      l.cancel_pending = false;
      return send_bye(l);
    }
    Leg* caller = leg(l.monitored);
    Leg* agent = caller ? leg(caller->peer) : nullptr;
    if (!agent || agent->state != State::kConfirmed) {
      send_bye(l);
      return app_.monitor_ended(contact, 480);  // the call ended while the supervisor's phone rang
    }
    if (!media_.answered(l.id, m.body)) {
      send_bye(l);
      return app_.monitor_ended(contact, 488);
    }
    l.state = State::kConfirmed;
    media_.join(l.id, caller->id, agent->id);
    return app_.monitor_started(contact, l.id);
  }
  if (l.callback && m.status >= 200) {
    // the customer of a callback answered, or did not
    if (m.status < 300) {
      l.remote_tag = m.to_tag;
      if (m.contact) l.request_uri = m.contact->str();
      send_ack(l, m, true);
      if (l.state == State::kConfirmed) return;  // a retransmitted 200
      l.rtx.active = false;
      l.ring_until_ms = 0;
      Leg* agent = leg(l.peer);
      if (l.state == State::kCancelling || l.cancel_pending || !agent || agent->state != State::kConfirmed) {
        l.cancel_pending = false;
        return send_bye(l);  // crossed our CANCEL, or the agent left meanwhile
      }
      if (!media_.answered(l.id, m.body)) {
        send_bye(l);
        return callback_failed(l, 488);
      }
      l.state = State::kConfirmed;
      media_.bridge(l.id, agent->id, l.contact);
      return;
    }
    send_ack(l, m, false);
    l.rtx.active = false;
    if (l.state == State::kCancelling && !l.timed_out) return finish(l);  // we hung up (the agent left)
    return callback_failed(l, l.timed_out ? 408 : m.status);
  }
  if (m.status < 200) {
    if (l.state == State::kArriving) {
      l.state = State::kRinging;
      l.rtx.active = false;  // a provisional answer stops INVITE retransmissions (timer A)
      l.rtx.give_up_ms = 0;
    }
    if (l.cancel_pending) {
      l.cancel_pending = false;
      send_cancel(l);
    }
    return;
  }
  if (m.status < 300) {
    // 2xx: always ACK it (a retransmitted 200 gets its ACK again)
    accept_2xx(l, m);
    if (l.state == State::kConfirmed) return;
    if (l.state == State::kCancelling || l.cancel_pending) {
      // the answer crossed our CANCEL: hang up at once
      l.cancel_pending = false;
      send_bye(l);
      return;
    }
    l.rtx.active = false;
    Leg* caller = leg(l.peer);
    if (caller && caller->callback && caller->state == State::kIdle) {
      // a callback: the agent is on the line, now the customer is dialled
      if (!media_.answered(l.id, m.body)) {
        send_bye(l);
        return app_.agent_failed(l.contact, l.agent, 488);
      }
      l.state = State::kConfirmed;
      app_.agent_answered(l.contact, l.agent);
      return dial(*caller);
    }
    // The caller's leg may still wait for the ACK of our 200 (kAnswering):
    // its media is agreed (our 200 carried the answer), so it is bridged.
    const bool caller_up = caller && (caller->state == State::kConfirmed || caller->state == State::kAnswering);
    if (!caller_up || !media_.answered(l.id, m.body)) {
      // the customer left meanwhile, or the phone's SDP is unusable
      send_bye(l);
      if (caller) app_.agent_failed(l.contact, l.agent, 488);
      return;
    }
    l.state = State::kConfirmed;
    media_.bridge(caller->id, l.id, l.contact);
    app_.agent_answered(l.contact, l.agent);
    return;
  }
  // 3xx-6xx: ACK in the INVITE's transaction; the offer failed
  send_ack(l, m, false);
  const bool was_cancelled = l.state == State::kCancelling;
  core::ContactId contact = l.contact;
  core::AgentId agent = l.agent;
  if (Leg* caller = leg(l.peer); caller && caller->peer == l.id) caller->peer = 0;
  l.rtx.active = false;
  finish(l);
  if (!was_cancelled) app_.agent_failed(contact, agent, m.status);
}

// ---- ringing agents ---------------------------------------------------------------

void Switch::ring(core::ContactId contact, core::AgentId agent, const SipUri& target) {
  ring(contact, agent, target, target.endpoint());
}

void Switch::ring(core::ContactId contact, core::AgentId agent, const SipUri& target, const Endpoint& send_to) {
  auto ci = by_contact_.find(contact);
  if (ci == by_contact_.end()) return;  // not a call of ours (or already over)
  Leg* caller = leg(ci->second);
  const bool callback_turn = caller && caller->callback && caller->state == State::kIdle;
  if (!caller || (caller->state != State::kConfirmed && caller->state != State::kAnswering && !callback_turn)) return;
  if (Leg* old = leg(caller->peer)) {
    // a previous offer still ringing: it ends now
    if (old->agent == agent) return;
    send_cancel(*old);
    old->peer = 0;
  }
  auto l = std::make_unique<Leg>();
  l->id = next_id_++;
  l->inbound = false;
  l->contact = contact;
  l->agent = agent;
  l->remote = send_to;
  l->request_uri = target.str();
  l->call_id = fresh("sy-") + "@" + opts_.local.host;
  l->local_tag = fresh("sy");
  l->local_uri = "<sip:" + (caller->invite && !caller->invite->from_user.empty() ? caller->invite->from_user : "switchyard") +
                 "@" + opts_.local.str() + ">";
  l->remote_uri = "<" + target.str() + ">";
  l->invite_branch = fresh("z9hG4bK");
  l->peer = caller->id;
  auto sdp = media_.offer(l->id, caller->id);
  if (!sdp) {
    app_.agent_failed(contact, agent, 500);
    return;
  }
  l->media_open = true;
  std::string request = invite(*l, std::move(*sdp), {{"X-Switchyard-Contact", std::to_string(contact)}});
  caller->peer = l->id;
  Leg& ref = *l;
  by_call_id_[l->call_id] = l->id;
  legs_[l->id] = std::move(l);
  ref.state = State::kArriving;  // until a provisional response
  start_rtx(ref, ref.remote, std::move(request), false);
}

void Switch::stop_ringing(core::ContactId contact, core::AgentId agent) {
  auto ci = by_contact_.find(contact);
  if (ci == by_contact_.end()) return;
  Leg* caller = leg(ci->second);
  Leg* a = caller ? leg(caller->peer) : nullptr;
  if (!a || a->agent != agent || a->state == State::kConfirmed) return;
  caller->peer = 0;
  a->peer = 0;
  if (a->state == State::kArriving) a->cancel_pending = true;  // CANCEL only after a provisional response
  else if (a->state == State::kRinging) send_cancel(*a);
}

void Switch::hang_up(core::ContactId contact) {
  auto ci = by_contact_.find(contact);
  if (ci == by_contact_.end()) return;
  Leg* caller = leg(ci->second);
  if (!caller) return;
  caller->caller_reported = true;  // the application ended it: nothing to tell it
  end_monitor(*caller);
  if (Leg* a = leg(caller->peer)) {
    if (a->state == State::kConfirmed) send_bye(*a);
    else if (a->state == State::kRinging) send_cancel(*a);
    else if (a->state == State::kArriving) a->cancel_pending = true;
    a->peer = 0;
  }
  caller->peer = 0;
  // RFC 3261 15: no BYE before the ACK of our 200 (or its timeout)
  if (caller->state == State::kConfirmed) send_bye(*caller);
  else if (caller->state == State::kAnswering) caller->bye_after_ack = true;
  else if (caller->callback && caller->state == State::kIdle) finish(*caller);
  else if (caller->callback && caller->state == State::kRinging) send_cancel(*caller);
  else if (caller->callback && caller->state == State::kArriving) caller->cancel_pending = true;
  else if (caller->state == State::kArriving) refuse(caller->call, 480);
}

Result<void> Switch::monitor(core::ContactId contact, const SipUri& target, const Endpoint& send_to) {
  auto ci = by_contact_.find(contact);
  Leg* caller = ci == by_contact_.end() ? nullptr : leg(ci->second);
  Leg* agent = caller ? leg(caller->peer) : nullptr;
  if (!agent || agent->state != State::kConfirmed)
    return make_error(ErrorCode::kIllegalState, "the call is not connected to an agent", "contact");
  if (caller->monitor_leg != 0) return make_error(ErrorCode::kIllegalState, "the call has a supervisor already", "contact");
  auto l = std::make_unique<Leg>();
  l->id = next_id_++;
  l->monitor = true;
  l->monitored = caller->id;
  l->contact = contact;
  l->remote = send_to;
  l->request_uri = target.str();
  l->call_id = fresh("sy-") + "@" + opts_.local.host;
  l->local_tag = fresh("sy");
  l->local_uri = "<sip:monitor-" + std::to_string(contact) + "@" + opts_.local.str() + ">";
  l->remote_uri = "<" + target.str() + ">";
  l->invite_branch = fresh("z9hG4bK");
  auto sdp = media_.offer(l->id, caller->id);
  if (!sdp) return std::unexpected(sdp.error());
  l->media_open = true;
  std::string request = invite(*l, std::move(*sdp), {{"X-Switchyard-Contact", std::to_string(contact)}, {"X-Switchyard-Monitor", "1"}});
  caller->monitor_leg = l->id;
  Leg& ref = *l;
  by_call_id_[l->call_id] = l->id;
  legs_[l->id] = std::move(l);
  ref.state = State::kArriving;
  start_rtx(ref, ref.remote, std::move(request), false);
  return {};
}

void Switch::stop_monitor(core::ContactId contact) {
  auto ci = by_contact_.find(contact);
  if (ci == by_contact_.end()) return;
  if (Leg* caller = leg(ci->second)) end_monitor(*caller);
}

void Switch::end_monitor(Leg& caller) {
  Leg* s = leg(caller.monitor_leg);
  caller.monitor_leg = 0;
  if (!s) return;
  s->monitored = 0;
  if (s->state == State::kConfirmed) send_bye(*s);
  else if (s->state == State::kRinging) send_cancel(*s);
  else if (s->state == State::kArriving) s->cancel_pending = true;
}

void Switch::ring_callback(core::ContactId contact, core::AgentId agent, const SipUri& agent_uri, const Endpoint& agent_send_to,
                           const SipUri& customer, int64_t ring_ms) {
  if (!by_contact_.contains(contact)) {
    auto c = std::make_unique<Leg>();
    c->id = next_id_++;
    c->callback = true;
    c->state = State::kIdle;
    c->contact = contact;
    c->request_uri = customer.str();
    c->remote = customer.endpoint();
    c->remote_uri = "<" + customer.str() + ">";
    c->ring_ms = ring_ms;
    by_contact_[contact] = c->id;
    legs_[c->id] = std::move(c);
  }
  ring(contact, agent, agent_uri, agent_send_to);
}

void Switch::dial(Leg& c) {
  c.call_id = fresh("sy-") + "@" + opts_.local.host;
  c.local_tag = fresh("sy");
  c.local_uri = "<sip:switchyard@" + opts_.local.str() + ">";
  c.invite_branch = fresh("z9hG4bK");
  if (Leg* a = leg(c.peer)) c.agent = a->agent;
  auto sdp = media_.offer(c.id, c.peer);
  if (!sdp) return callback_failed(c, 500);
  c.media_open = true;
  by_call_id_[c.call_id] = c.id;
  c.state = State::kArriving;
  c.ring_until_ms = clock_.now_ms() + c.ring_ms;
  start_rtx(c, c.remote, invite(c, std::move(*sdp), {{"X-Switchyard-Contact", std::to_string(c.contact)}}), false);
}

void Switch::callback_failed(Leg& c, int status) {
  core::ContactId contact = c.contact;
  core::AgentId agent = c.agent;
  if (Leg* a = leg(c.peer)) {
    a->peer = 0;
    if (a->state == State::kConfirmed) send_bye(*a);
    else if (a->state == State::kRinging) send_cancel(*a);
    else if (a->state == State::kArriving) a->cancel_pending = true;
  }
  c.peer = 0;
  c.rtx.active = false;
  finish(c);
  app_.callback_failed(contact, agent, status);
}

void Switch::drop_agent(core::ContactId contact) {
  auto ci = by_contact_.find(contact);
  if (ci == by_contact_.end()) return;
  Leg* caller = leg(ci->second);
  Leg* a = caller ? leg(caller->peer) : nullptr;
  if (!a) return;
  if (a->state == State::kConfirmed) send_bye(*a);
  else if (a->state == State::kRinging) send_cancel(*a);
  else if (a->state == State::kArriving) a->cancel_pending = true;
  a->peer = 0;
  caller->peer = 0;
}

// ---- registrar -------------------------------------------------------------------

void Switch::set_phones(std::map<std::string, PhoneCredential> by_username) {
  phones_ = std::move(by_username);
  std::vector<std::string> gone;
  for (const auto& [agent, r] : registrations_) {
    bool still = false;
    for (const auto& [user, p] : phones_) still = still || p.agent == agent;
    if (!still) gone.push_back(agent);
  }
  for (const std::string& a : gone) unregister(a, "credentials removed");
}

std::optional<Registration> Switch::registration(const std::string& agent) const {
  auto it = registrations_.find(agent);
  if (it == registrations_.end()) return std::nullopt;
  return it->second;
}

void Switch::unregister(const std::string& agent, const std::string& why) {
  if (registrations_.erase(agent)) app_.phone_unregistered(agent, why);
}

std::optional<std::string> Switch::authenticate(const Endpoint& from, const SipMessage& m,
                                                const std::function<const std::string*(const std::string&)>& ha1_of) {
  const int64_t now = clock_.now_ms();
  auto& fails = register_failures_[from.host];
  std::erase_if(fails, [now](int64_t t) { return now - t >= 60'000; });
  if (fails.empty()) register_failures_.erase(from.host);
  auto failed = [&] {
    register_failures_[from.host].push_back(now);
    ++stats_.register_failures;
  };
  if (register_failures_.contains(from.host) &&
      static_cast<int>(register_failures_[from.host].size()) >= opts_.register_failures_per_minute) {
    ++stats_.register_failures;
    reply(from, m, 403, fresh(""));  // rate-limited for the rest of the minute
    return std::nullopt;
  }
  auto challenge = [&](bool stale) {
    std::string r = make_response(m, 401, "Unauthorized", fresh(""), from);
    std::string h = "WWW-Authenticate: Digest realm=\"" + opts_.realm + "\", nonce=\"" + make_nonce(opts_.nonce_secret, now) +
                    "\", algorithm=MD5, qop=\"auth\"" + (stale ? ", stale=true" : "") + "\r\n";
    r.insert(r.find("Content-Length:"), h);
    net_.send(from, std::move(r));
  };
  if (!m.authorization) {
    challenge(false);
    return std::nullopt;
  }
  const DigestCredentials& a = *m.authorization;
  const std::string* ha1 = ha1_of(a.username);
  if (!ha1 || a.realm != opts_.realm || !digest_matches(a, *ha1, m.method)) {
    failed();
    challenge(false);
    return std::nullopt;
  }
  auto issued = nonce_time(opts_.nonce_secret, a.nonce);
  if (!issued || now - *issued > opts_.nonce_ttl_ms || *issued > now) {
    challenge(true);  // right password, old nonce
    return std::nullopt;
  }
  return a.username;
}

void Switch::on_register(const Endpoint& from, const SipMessage& m) {
  const int64_t now = clock_.now_ms();
  auto user = authenticate(from, m, [this](const std::string& u) -> const std::string* {
    auto p = phones_.find(u);
    return p == phones_.end() ? nullptr : &p->second.ha1;
  });
  if (!user) return;
  const std::string& agent = phones_.at(*user).agent;
  int64_t expires = m.expires_s.value_or(opts_.default_expires_s);
  if (expires == 0 || m.contact_star) {
    unregister(agent, "unregistered");
    return net_.send(from, make_response(m, 200, {}, fresh(""), from));
  }
  if (!m.contact) return reply(from, m, 400, fresh(""));
  if (expires < opts_.min_expires_s) {
    std::string r = make_response(m, 423, "Interval Too Brief", fresh(""), from);
    r.insert(r.find("Content-Length:"), "Min-Expires: " + std::to_string(opts_.min_expires_s) + "\r\n");
    return net_.send(from, std::move(r));
  }
  expires = std::min(expires, opts_.max_expires_s);
  registrations_[agent] = Registration{agent, *m.contact, from, now + expires * 1000};
  net_.send(from, make_response(m, 200, {}, fresh(""), from, "<" + m.contact->str() + ">;expires=" + std::to_string(expires)));
  app_.phone_registered(agent);
}

// ---- timers -------------------------------------------------------------------------

void Switch::tick() {
  const int64_t now = clock_.now_ms();
  while (!ended_order_.empty() && ended_order_.front().first <= now) {
    auto e = ended_.find(ended_order_.front().second);
    if (e != ended_.end() && e->second.until_ms <= now) ended_.erase(e);
    ended_order_.pop_front();
  }
  std::vector<LegId> expired;
  for (auto& [id, lp] : legs_) {
    Leg& l = *lp;
    if (l.rtx.active && l.rtx.give_up_ms > 0 && now >= l.rtx.give_up_ms) {
      expired.push_back(id);
      continue;
    }
    if (l.callback && l.ring_until_ms != 0 && now >= l.ring_until_ms &&
        (l.state == State::kArriving || l.state == State::kRinging)) {
      // the customer let it ring: give up (the 487 reports it)
      l.ring_until_ms = 0;
      l.timed_out = true;
      if (l.state == State::kRinging) send_cancel(l);
      else l.cancel_pending = true;
    }
    if (l.rtx.active && now >= l.rtx.next_ms) {
      net_.send(l.rtx.to, l.rtx.data);
      ++stats_.retransmissions;
      l.rtx.interval_ms = std::min(l.rtx.interval_ms * 2, opts_.t2_ms);
      l.rtx.next_ms = now + l.rtx.interval_ms;
    }
  }
  std::vector<std::string> lapsed;
  for (const auto& [agent, r] : registrations_)
    if (now >= r.expires_ms) lapsed.push_back(agent);
  for (const std::string& a : lapsed) unregister(a, "registration expired");
  for (LegId id : expired) {
    Leg* l = leg(id);
    if (!l) continue;
    l->rtx.active = false;
    if (l->inbound) {
      // no ACK for our 200 (timer H) or no answer to our BYE: the call is over
      if (l->state == State::kAnswering) caller_gone(*l);
      finish(*l);
    } else if (l->monitor) {
      core::ContactId contact = l->contact;
      const bool ringing = l->state == State::kArriving;
      finish(*l);
      if (ringing) app_.monitor_ended(contact, 408);
    } else if (l->callback) {
      // no answer at all from the trunk (timer B), or to our CANCEL / BYE
      if (l->state == State::kArriving || l->state == State::kCancelling) callback_failed(*l, 408);
      else finish(*l);
    } else {
      core::ContactId contact = l->contact;
      core::AgentId agent = l->agent;
      const bool ringing = l->state == State::kArriving;
      if (Leg* c = leg(l->peer); c && c->peer == id) c->peer = 0;
      finish(*l);
      if (ringing) app_.agent_failed(contact, agent, 408);  // timer B: the phone never answered
    }
  }
}

}  // namespace switchyard::voice
