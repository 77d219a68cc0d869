// Agent and contact commands: validate, emit events, route. Every command
// that changes state runs inside a CommandScope (engine_state.h), so timers
// due before it fire first and the work they leave is finished on every
// path, error returns included.
#include "core/engine.h"
#include "core/engine_checks.h"
#include "core/engine_state.h"

namespace switchyard::core {

using checks::kMaxAttributes;
using checks::kMaxNameLength;
using checks::kMaxPriority;
using checks::kMaxReasonLength;
using checks::kMaxTextLength;
using checks::not_found;

namespace {

std::unexpected<Error> wrong_state(const ContactRec& c, std::string_view want) {
  return make_error(ErrorCode::kIllegalState,
                    "contact is " + std::string(to_string(c.state)) + ", not " + std::string(want),
                    "contact");
}

std::unexpected<Error> not_logged_in() {
  return make_error(ErrorCode::kIllegalState, "agent is not logged in", "agent");
}

// Emits kContactEnded for the agent's active/held contact; returns the ACW ms.
int64_t emit_end(Engine::State& st, AgentId a, const ContactRec& c, const WorkItem& w) {
  int64_t talk = w.talk_ms, hold = w.hold_ms;
  if (w.phase == WorkPhase::kActive) talk += st.now_ms - w.since_ms;
  else hold += st.now_ms - w.since_ms;
  QueueId q = w.queue;
  st.emit(ev::ContactEnded{c.id, a, q, talk, hold});
  return st.acw_ms(st.queues[q]);
}

bool talking(const WorkItem* w) {
  return w && (w->phase == WorkPhase::kActive || w->phase == WorkPhase::kHeld);
}

}  // namespace

#define SY_AGENT(a)                                                      \
  if ((a) >= st.agents.size()) return not_found("agent", "agent");       \
  AgentRec& ag = st.agents[a];                                           \
  (void)ag

#define SY_CONTACT(cid)                                                         \
  ContactRec* cp = st.find_contact(cid);                                        \
  if (!cp) return not_found("contact", "contact");                              \
  ContactRec& c = *cp

// ---- agents -------------------------------------------------------------------

Result<void> Engine::login(AgentId a, bool ready) {
  auto& st = *st_;
  SY_AGENT(a);
  if (ag.logged_in) return make_error(ErrorCode::kIllegalState, "agent is already logged in", "agent");
  CommandScope cmd(st);
  st.emit(ev::AgentLoggedIn{a, ready});
  return {};
}

Result<void> Engine::logout(AgentId a) {
  auto& st = *st_;
  SY_AGENT(a);
  if (!ag.logged_in) return not_logged_in();
  CommandScope cmd(st);
  if (!ag.work.empty())
    return make_error(ErrorCode::kIllegalState, "agent still holds contacts", "agent");  // (the voice edge defers a logout on this message: voice_edge.cc)
  // Contacts transferred to this agent stop waiting for it (hold 0 ends a reservation).
  for (ContactId r : std::vector<ContactId>(ag.reserved))
    st.emit(ev::ContactReserved{r, a, st.find_contact(r)->queue, 0});
  st.emit(ev::AgentLoggedOut{a});
  return {};
}

Result<void> Engine::set_ready(AgentId a) {
  auto& st = *st_;
  SY_AGENT(a);
  if (!ag.logged_in) return not_logged_in();
  CommandScope cmd(st);
  if (!ag.ready) st.emit(ev::AgentReady{a});
  return {};
}

Result<void> Engine::set_not_ready(AgentId a, std::string_view reason) {
  auto& st = *st_;
  SY_AGENT(a);
  if (reason.empty() || reason.size() > kMaxReasonLength)
    return make_error(ErrorCode::kInvalidArgument, "reason code must be 1..64 characters", "reason");
  if (auto r = checks::check_text(reason, kMaxReasonLength, "reason"); !r) return r;
  if (!ag.logged_in) return not_logged_in();
  CommandScope cmd(st);
  st.emit(ev::AgentNotReady{a, std::string(reason)});
  return {};
}

// ---- contacts -------------------------------------------------------------------

Result<ContactReceipt> Engine::create_contact(const ContactSpec& spec) {
  auto& st = *st_;
  if (spec.queue >= st.queues.size()) return not_found("queue", "queue");
  QueueRec& q = st.queues[spec.queue];
  if (spec.channel != q.cfg.channel)
    return make_error(ErrorCode::kInvalidArgument, "channel differs from the queue's channel", "channel");
  if (spec.priority < -kMaxPriority || spec.priority > kMaxPriority)
    return make_error(ErrorCode::kInvalidArgument, "out of range", "priority");
  if (auto r = checks::check_text(spec.customer_id, kMaxNameLength, "customer_id"); !r) return std::unexpected(r.error());
  if (auto r = checks::check_text(spec.customer_group, kMaxNameLength, "customer_group"); !r)
    return std::unexpected(r.error());
  if (spec.attributes.size() > kMaxAttributes)
    return make_error(ErrorCode::kInvalidArgument, "at most 64 attributes", "attributes");
  for (const auto& [k, v] : spec.attributes) {
    if (k.empty() || k.size() > kMaxNameLength)
      return make_error(ErrorCode::kInvalidArgument, "attribute names must be 1..128 characters", "attributes");
    if (v.size() > kMaxTextLength)
      return make_error(ErrorCode::kInvalidArgument, "attribute values are at most 1024 characters",
                        "attributes." + k);
    if (!is_clean_text(k) || !is_clean_text(v))
      return make_error(ErrorCode::kInvalidArgument, "text must be UTF-8 without NUL characters",
                        "attributes." + (is_clean_text(k) ? k : std::string("<name>")));
  }
  CommandScope cmd(st);
  ContactReceipt receipt;
  receipt.id = st.peek_contact_id();
  std::string refuse;
  if (!q.cfg.open) refuse = "queue_closed";
  else if (q.cfg.max_length != 0 && q.waiting.size() >= q.cfg.max_length) refuse = "queue_full";
  if (!refuse.empty()) {
    st.emit(ev::ContactRefused{receipt.id, spec, refuse});
    receipt.state = ContactState::kRefused;
    receipt.reason = std::move(refuse);
    return receipt;
  }
  AgentId agent = st.find_agent(spec.queue, spec.channel, 0, false);
  int64_t ewt = agent != kNoId ? 0 : st.ewt_for_new(q, spec.priority);
  st.emit(ev::ContactCreated{receipt.id, spec, ewt, q.est.baseline_ms()});
  ContactRec* c = st.find_contact(receipt.id);
  if (agent != kNoId) {
    st.offer(*c, agent);
  } else if (q.cfg.overflow.use_ewt && ewt >= 0) {
    int64_t thr = st.group_threshold_ms(q, c->group);
    if (thr > 0 && ewt > thr) st.emit(ev::ContactOverflowed{c->id, c->queue});
  }
  cmd.finish();
  receipt.ewt_ms = ewt;
  if (const ContactRec* now = st.find_contact(receipt.id)) {
    receipt.state = now->state;
    receipt.agent = now->agent;
    if (now->state == ContactState::kQueued) {
      if (auto w = wait_estimate(receipt.id)) receipt.position = w->position;
    }
  } else {
    receipt.state = ContactState::kCompleted;
  }
  return receipt;
}

Result<void> Engine::accept(AgentId a, ContactId cid) {
  auto& st = *st_;
  SY_AGENT(a);
  CommandScope cmd(st);
  SY_CONTACT(cid);
  if (c.state != ContactState::kOffered || c.agent != a) return wrong_state(c, "offered to this agent");
  st.emit(ev::ContactAccepted{cid, a, c.queue, st.now_ms - c.wait_since_ms});
  return {};
}

Result<void> Engine::reject(AgentId a, ContactId cid) {
  auto& st = *st_;
  SY_AGENT(a);
  CommandScope cmd(st);
  SY_CONTACT(cid);
  if (c.state != ContactState::kOffered || c.agent != a) return wrong_state(c, "offered to this agent");
  st.emit(ev::OfferRejected{cid, a, c.queue});
  st.handle_miss(a);
  return {};
}

Result<void> Engine::hold(AgentId a, ContactId cid) {
  auto& st = *st_;
  SY_AGENT(a);
  CommandScope cmd(st);
  SY_CONTACT(cid);
  WorkItem* w = st.find_work(ag, cid);
  if (!w || w->phase != WorkPhase::kActive) return wrong_state(c, "active with this agent");
  st.emit(ev::ContactHeld{cid, a, c.queue});
  return {};
}

Result<void> Engine::resume(AgentId a, ContactId cid) {
  auto& st = *st_;
  SY_AGENT(a);
  CommandScope cmd(st);
  SY_CONTACT(cid);
  WorkItem* w = st.find_work(ag, cid);
  if (!w || w->phase != WorkPhase::kHeld) return wrong_state(c, "on hold with this agent");
  st.emit(ev::ContactResumed{cid, a, c.queue, st.now_ms - w->since_ms});
  return {};
}

Result<void> Engine::end_contact(AgentId a, ContactId cid) {
  auto& st = *st_;
  SY_AGENT(a);
  CommandScope cmd(st);
  SY_CONTACT(cid);
  WorkItem* w = st.find_work(ag, cid);
  if (!talking(w)) return wrong_state(c, "active with this agent");
  if (emit_end(st, a, c, *w) == 0) st.end_wrapup_now(a, cid, "");
  return {};
}

Result<void> Engine::end_wrapup(AgentId a, ContactId cid, std::string_view disposition) {
  auto& st = *st_;
  SY_AGENT(a);
  if (disposition.size() > kMaxReasonLength)
    return make_error(ErrorCode::kInvalidArgument, "at most 64 characters", "disposition");
  if (auto r = checks::check_text(disposition, kMaxReasonLength, "disposition"); !r) return r;
  CommandScope cmd(st);
  WorkItem* w = st.find_work(ag, cid);
  if (!w || w->phase != WorkPhase::kWrapUp)
    return make_error(ErrorCode::kIllegalState, "agent is not in wrap-up for this contact", "contact");
  st.end_wrapup_now(a, cid, disposition);
  return {};
}

Result<void> Engine::abandon(ContactId cid) {
  auto& st = *st_;
  CommandScope cmd(st);
  SY_CONTACT(cid);
  if (c.state != ContactState::kQueued && c.state != ContactState::kOffered)
    return wrong_state(c, "queued or offered");
  AgentId ringing = c.state == ContactState::kOffered ? c.agent : kNoId;
  st.emit(ev::ContactAbandoned{cid, c.queue, ringing, st.now_ms - c.wait_since_ms});
  return {};
}

Result<void> Engine::transfer(AgentId a, ContactId cid, QueueId target, bool keep_place) {
  return transfer(a, cid, TransferTo{target, kNoId, 0, keep_place});
}

Result<void> Engine::transfer(AgentId a, ContactId cid, const TransferTo& to) {
  auto& st = *st_;
  SY_AGENT(a);
  CommandScope cmd(st);
  SY_CONTACT(cid);
  WorkItem* w = st.find_work(ag, cid);
  if (!talking(w)) return wrong_state(c, "active with this agent");
  const QueueId target = to.queue == kNoId && to.agent != kNoId ? c.queue : to.queue;
  if (target >= st.queues.size()) return not_found("queue", "target");
  if (to.agent != kNoId) {
    if (to.agent >= st.agents.size()) return not_found("agent", "to_agent");
    const AgentRec& ta = st.agents[to.agent];
    if (to.agent == a) return make_error(ErrorCode::kInvalidArgument, "cannot transfer to oneself", "to_agent");
    if (!ta.logged_in) return make_error(ErrorCode::kIllegalState, "the agent is logged out", "to_agent");
    if (ta.cfg.capacity[static_cast<int>(c.channel)] <= 0)
      return make_error(ErrorCode::kInvalidArgument, "the agent takes no contacts of this channel", "to_agent");
    if (to.wait_ms < 1000 || to.wait_ms > kMaxTransferWaitMs)
      return make_error(ErrorCode::kInvalidArgument, "must be 1 s .. 1 h", "wait_ms");
  }
  const QueueRec& tq = st.queues[target];
  if (tq.cfg.channel != c.channel)
    return make_error(ErrorCode::kInvalidArgument, "target queue has another channel", "target");
  if (!tq.cfg.open) return make_error(ErrorCode::kIllegalState, "target queue is closed", "target");
  if (tq.cfg.max_length != 0 && tq.waiting.size() >= tq.cfg.max_length)
    return make_error(ErrorCode::kCapacity, "target queue is full", "target");
  int64_t acw = emit_end(st, a, c, *w);
  st.emit(ev::ContactTransferred{cid, a, c.queue, target, to.keep_place});
  if (to.agent != kNoId) st.emit(ev::ContactReserved{cid, to.agent, target, to.wait_ms});
  if (acw == 0) st.end_wrapup_now(a, cid, "transferred");
  return {};
}

Result<void> Engine::request_callback(ContactId cid) {
  auto& st = *st_;
  CommandScope cmd(st);
  SY_CONTACT(cid);
  if (c.state != ContactState::kQueued) return wrong_state(c, "queued");
  if (c.channel != Channel::kVoice)
    return make_error(ErrorCode::kInvalidArgument, "only voice contacts can become callbacks", "contact");
  if (c.callback) return make_error(ErrorCode::kIllegalState, "already a callback", "contact");
  st.emit(ev::CallbackRequested{cid, c.queue});
  return {};
}

Result<void> Engine::record_survey(ContactId cid, AgentId agent, QueueId queue, Channel channel, int rating) {
  auto& st = *st_;
  CommandScope cmd(st);
  if (rating < 1 || rating > 5) return make_error(ErrorCode::kInvalidArgument, "must be 1..5", "rating");
  if (agent != kNoId && agent >= st.agents.size()) return make_error(ErrorCode::kNotFound, "unknown agent", "agent");
  if (queue != kNoId && queue >= st.queues.size()) return make_error(ErrorCode::kNotFound, "unknown queue", "queue");
  st.emit(ev::SurveyAnswered{cid, agent, queue, channel, rating});
  return {};
}

}  // namespace switchyard::core
