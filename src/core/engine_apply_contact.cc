// State::apply for the contact lifecycle (arrival, offers, handling, wrap-up,
// exits, transfers, bullseye steps, overflow) and a queue's overflow mode.
#include "core/engine_state.h"

namespace switchyard::core {

namespace {
bool valid_spec(const ContactSpec& spec, size_t queues) { return spec.queue < queues; }
}  // namespace

// The contact id must be the one the allocator hands out next, so replay
// hands out the ids the live engine did.
Result<void> Engine::State::apply(const ev::ContactCreated& e, int64_t t) {
  if (!valid_spec(e.spec, queues.size())) return bad_event("bad contact spec");
  if (e.contact != peek_contact_id()) return bad_event("contact id out of order");
  ContactRec& c = alloc_contact(e.contact);
  const ContactSpec& spec = e.spec;
  c.queue = spec.queue;
  c.channel = spec.channel;
  c.priority = spec.priority;
  c.customer_id = spec.customer_id;
  c.group = spec.customer_group;
  c.attributes = spec.attributes;
  c.created_ms = c.wait_since_ms = c.position_ms = t;
  c.history.push_back(c.queue);
  enqueue(c, t);
  return {};
}

// A refused contact uses up its id and nothing else.
Result<void> Engine::State::apply(const ev::ContactRefused& e, int64_t /*t*/) {
  if (!valid_spec(e.spec, queues.size())) return bad_event("bad contact spec");
  if (e.contact != peek_contact_id()) return bad_event("contact id out of order");
  free_contact(alloc_contact(e.contact));
  return {};
}

Result<void> Engine::State::apply(const ev::ContactOffered& e, int64_t t) {
  ContactRec* c = find_contact(e.contact);
  AgentRec* a = agent_rec(e.agent);
  if (!c || !a || c->state != ContactState::kQueued) return bad_event("contact cannot be offered");
  dequeue(*c, t, /*served=*/true);
  c->state = ContactState::kOffered;
  c->agent = e.agent;
  queues[c->queue].rr_last = e.agent;
  WorkItem w;
  w.contact = c->id;
  w.queue = c->queue;
  w.channel = c->channel;
  w.phase = WorkPhase::kOffered;
  w.since_ms = t;
  w.gen = c->timer_gen;
  add_work(e.agent, w);
  if (settings.offer_timeout_ms > 0) {
    Timer tm;
    tm.due_ms = t + settings.offer_timeout_ms;
    tm.kind = TimerKind::kOfferTimeout;
    tm.gen = c->timer_gen;
    tm.contact = c->id;
    tm.agent = e.agent;
    push_timer(tm);
  }
  return {};
}

// A missed offer: the contact goes back in line (place kept), the agent gets
// a back-off.
Result<void> Engine::State::apply_miss(ContactId contact, AgentId agent, int64_t t) {
  ContactRec* c = find_contact(contact);
  AgentRec* a = agent_rec(agent);
  if (!c || !a || c->state != ContactState::kOffered || c->agent != agent) return bad_event("no such offer");
  ++a->misses;
  if (settings.missed_backoff_ms > 0) {
    a->backoff_until_ms = t + settings.missed_backoff_ms;
    Timer tm;
    tm.due_ms = a->backoff_until_ms;
    tm.kind = TimerKind::kBackoffEnd;
    tm.gen = ++a->backoff_gen;
    tm.agent = agent;
    push_timer(tm);
  }
  remove_work(agent, c->id);
  enqueue(*c, t);
  return {};
}

Result<void> Engine::State::apply(const ev::OfferRejected& e, int64_t t) {
  return apply_miss(e.contact, e.agent, t);
}

Result<void> Engine::State::apply(const ev::OfferTimedOut& e, int64_t t) {
  return apply_miss(e.contact, e.agent, t);
}

Result<void> Engine::State::apply(const ev::ContactAccepted& e, int64_t t) {
  ContactRec* c = find_contact(e.contact);
  AgentRec* a = agent_rec(e.agent);
  if (!c || !a || c->state != ContactState::kOffered || c->agent != e.agent) return bad_event("no such offer");
  WorkItem* w = find_work(*a, c->id);
  if (!w) return bad_event("no such offer");
  c->state = ContactState::kAccepted;
  w->phase = WorkPhase::kActive;
  w->since_ms = t;
  ++w->gen;
  a->misses = 0;
  int64_t day = (t + settings.day_offset_ms) / 86'400'000;
  if (day != a->today) {
    a->today = day;
    a->contacts_today = 0;
  }
  ++a->contacts_today;
  queues[c->queue].est.on_answer(e.wait_ms);
  touch_agent(e.agent);
  return {};
}

Result<void> Engine::State::apply_hold(ContactId contact, AgentId agent, bool hold, int64_t t) {
  ContactRec* c = find_contact(contact);
  AgentRec* a = agent_rec(agent);
  WorkItem* w = c && a ? find_work(*a, c->id) : nullptr;
  if (!w || w->phase != (hold ? WorkPhase::kActive : WorkPhase::kHeld))
    return bad_event("contact not active/held with agent");
  (hold ? w->talk_ms : w->hold_ms) += t - w->since_ms;
  w->phase = hold ? WorkPhase::kHeld : WorkPhase::kActive;
  w->since_ms = t;
  touch_agent(agent);
  return {};
}

Result<void> Engine::State::apply(const ev::ContactHeld& e, int64_t t) {
  return apply_hold(e.contact, e.agent, /*hold=*/true, t);
}

Result<void> Engine::State::apply(const ev::ContactResumed& e, int64_t t) {
  return apply_hold(e.contact, e.agent, /*hold=*/false, t);
}

Result<void> Engine::State::apply(const ev::ContactEnded& e, int64_t t) {
  ContactRec* c = find_contact(e.contact);
  AgentRec* a = agent_rec(e.agent);
  WorkItem* w = c && a ? find_work(*a, c->id) : nullptr;
  if (!w || (w->phase != WorkPhase::kActive && w->phase != WorkPhase::kHeld))
    return bad_event("contact not active with agent");
  w->talk_ms = e.talk_ms;
  w->hold_ms = e.hold_ms;
  w->phase = WorkPhase::kWrapUp;
  w->since_ms = t;
  ++w->gen;
  c->state = ContactState::kWrapUp;
  int64_t acw = acw_ms(queues[w->queue]);
  if (acw > 0) {
    Timer tm;
    tm.due_ms = t + acw;
    tm.kind = TimerKind::kAcwEnd;
    tm.gen = w->gen;
    tm.contact = c->id;
    tm.agent = e.agent;
    push_timer(tm);
  }
  touch_agent(e.agent);
  return {};
}

Result<void> Engine::State::apply(const ev::WrapUpEnded& e, int64_t /*t*/) {
  AgentRec* a = agent_rec(e.agent);
  WorkItem* w = a ? find_work(*a, e.contact) : nullptr;
  if (!w || w->phase != WorkPhase::kWrapUp) return bad_event("agent not in wrap-up");
  queues[w->queue].est.on_handled(w->talk_ms + w->hold_ms + e.acw_ms);
  remove_work(e.agent, e.contact);
  return {};
}

Result<void> Engine::State::apply(const ev::ContactCompleted& e, int64_t /*t*/) {
  ContactRec* c = find_contact(e.contact);
  if (!c || c->state != ContactState::kWrapUp) return bad_event("contact not in wrap-up");
  free_contact(*c);
  return {};
}

Result<void> Engine::State::apply(const ev::ContactAbandoned& e, int64_t t) {
  ContactRec* c = find_contact(e.contact);
  if (!c) return bad_event("unknown contact");
  if (c->state == ContactState::kQueued) {
    dequeue(*c, t, /*served=*/false);
  } else if (c->state == ContactState::kOffered) {
    remove_work(c->agent, c->id);
  } else {
    return bad_event("contact cannot abandon");
  }
  free_contact(*c);
  return {};
}

Result<void> Engine::State::apply(const ev::ContactTransferred& e, int64_t t) {
  ContactRec* c = find_contact(e.contact);
  if (!c || c->state != ContactState::kWrapUp || e.target >= queues.size())
    return bad_event("contact cannot be transferred");
  c->queue = e.target;
  c->history.push_back(c->queue);
  c->wait_since_ms = t;
  if (!e.keep_place) c->position_ms = t;
  c->step = 0;
  c->overflowed = false;
  enqueue(*c, t);
  return {};
}

Result<void> Engine::State::apply(const ev::CallbackRequested& e, int64_t /*t*/) {
  ContactRec* c = find_contact(e.contact);
  if (!c || c->state != ContactState::kQueued) return bad_event("contact not queued");
  c->callback = true;
  return {};
}

Result<void> Engine::State::apply(const ev::BullseyeStep& e, int64_t /*t*/) {
  ContactRec* c = find_contact(e.contact);
  if (!c || c->state != ContactState::kQueued) return bad_event("contact not queued");
  if (e.step < 0 || e.step > kMaxBullseyeSteps) return bad_event("step out of range");
  c->step = static_cast<uint8_t>(e.step);
  const auto& steps = queues[c->queue].cfg.bullseye;
  if (c->step < steps.size()) {
    Timer tm;
    tm.due_ms = c->wait_since_ms + steps[c->step].after_ms;
    tm.kind = TimerKind::kStep;
    tm.gen = c->timer_gen;
    tm.contact = c->id;
    tm.arg = c->step + 1;
    push_timer(tm);
  }
  pending_contacts.push_back(c->id);
  return {};
}

Result<void> Engine::State::apply(const ev::ContactOverflowed& e, int64_t /*t*/) {
  ContactRec* c = find_contact(e.contact);
  if (!c || c->state != ContactState::kQueued || c->overflowed) return bad_event("cannot overflow");
  c->overflowed = true;
  queues[c->queue].overflowed.insert(WaitKey{-c->priority, c->position_ms, c->id});
  touched_queues.push_back(c->queue);
  pending_contacts.push_back(c->id);
  return {};
}

Result<void> Engine::State::apply(const ev::ContactMoved& e, int64_t t) {
  ContactRec* c = find_contact(e.contact);
  if (!c || c->state != ContactState::kQueued || e.target >= queues.size())
    return bad_event("contact cannot move");
  dequeue(*c, t, /*served=*/false);
  c->queue = e.target;
  c->history.push_back(c->queue);
  c->wait_since_ms = t;
  c->step = 0;
  c->overflowed = false;
  enqueue(*c, t);
  return {};
}

Result<void> Engine::State::apply(const ev::ContactExpired& e, int64_t t) {
  ContactRec* c = find_contact(e.contact);
  if (!c || c->state != ContactState::kQueued) return bad_event("contact not queued");
  dequeue(*c, t, /*served=*/false);
  free_contact(*c);
  return {};
}

// Overflow mode (derived): on replay it must agree with the rebuilt state.
Result<void> Engine::State::apply(const ev::QueueOverflowStarted& e, int64_t /*t*/) {
  if (e.queue >= queues.size()) return bad_event("unknown queue");
  QueueRec& q = queues[e.queue];
  if (q.overflowing || (replaying && !overflow_mode_due(q))) return bad_event("overflow does not match the log");
  q.overflowing = true;
  // Backup agents may now take the head of the line.
  if (!q.waiting.empty()) pending_contacts.push_back(q.waiting.begin()->id);
  return {};
}

Result<void> Engine::State::apply(const ev::QueueOverflowEnded& e, int64_t /*t*/) {
  if (e.queue >= queues.size()) return bad_event("unknown queue");
  QueueRec& q = queues[e.queue];
  if (!q.overflowing || (replaying && overflow_mode_due(q))) return bad_event("overflow does not match the log");
  q.overflowing = false;
  return {};
}

Result<void> Engine::State::apply(const ev::SurveyAnswered& e, int64_t /*t*/) {
  if (e.rating < 1 || e.rating > 5) return bad_event("rating out of range");
  return {};  // a record for the KPIs and the agent's feed; no routing state
}


Result<void> Engine::State::apply(const ev::ContactReserved& e, int64_t t) {
  ContactRec* c = find_contact(e.contact);
  if (!c || c->state != ContactState::kQueued || c->queue != e.queue) return bad_event("contact not queued there");
  if (!agent_rec(e.agent)) return bad_event("unknown agent");
  if (e.hold_ms < 0) return bad_event("hold_ms must be >= 0");
  pending_contacts.push_back(c->id);
  if (e.hold_ms == 0) {  // the wait ends (its time is up, or the agent logged out)
    if (c->reserved_for != e.agent) return bad_event("contact not reserved for this agent");
    unreserve(*c);
    return {};
  }
  reserve(*c, e.agent, t + e.hold_ms);
  Timer tm;
  tm.due_ms = c->reserved_until_ms;
  tm.kind = TimerKind::kReserveEnd;
  tm.gen = c->timer_gen;
  tm.contact = c->id;
  tm.agent = e.agent;
  push_timer(tm);
  return {};
}

}  // namespace switchyard::core
