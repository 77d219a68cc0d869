// State::apply: the single place where routing state changes. Live commands
// and replay both come through here, so replaying a log rebuilds the state.
// This file holds the dispatcher and the helpers the per-aggregate apply
// files share (contact slots, queue lines, wait timers, agents' desks).
#include <algorithm>

#include "core/engine_state.h"

namespace switchyard::core {
namespace {

constexpr uint32_t kSlotBits = 32;

}  // namespace

// ---- dispatch -------------------------------------------------------------------

Result<void> Engine::State::apply(const Event& e) {
  auto r = std::visit([&](const auto& body) { return apply(body, e.time_ms); }, e.body);
  if (!r)
    r.error().message = "event " + std::to_string(e.seq) + " (" + std::string(to_string(e.type())) +
                        "): " + r.error().message;
  return r;
}

// ---- contacts storage ---------------------------------------------------------

ContactRec* Engine::State::find_contact(ContactId id) {
  uint64_t slot = id & 0xffffffffu;
  if (id == kNoContact || slot >= contacts.size()) return nullptr;
  ContactRec& c = contacts[slot];
  return c.live && c.id == id ? &c : nullptr;
}

const ContactRec* Engine::State::find_contact(ContactId id) const {
  return const_cast<State*>(this)->find_contact(id);
}

ContactId Engine::State::peek_contact_id() const {
  uint32_t slot = free_slots.empty() ? static_cast<uint32_t>(contacts.size()) : free_slots.back();
  uint32_t gen = slot < contacts.size() ? contacts[slot].slot_gen + 1 : 1;
  return (static_cast<uint64_t>(gen) << kSlotBits) | slot;
}

ContactRec& Engine::State::alloc_contact(ContactId expected) {
  uint32_t slot;
  if (free_slots.empty()) {
    slot = static_cast<uint32_t>(contacts.size());
    contacts.emplace_back();
  } else {
    slot = free_slots.back();
    free_slots.pop_back();
  }
  ContactRec& c = contacts[slot];
  uint32_t gen = c.slot_gen + 1;
  c = ContactRec{};
  c.slot_gen = gen;
  c.id = (static_cast<uint64_t>(gen) << kSlotBits) | slot;
  (void)expected;
  c.live = true;
  ++live_contacts;
  return c;
}

void Engine::State::free_contact(ContactRec& c) {
  c.live = false;
  c.attributes.clear();
  c.history.clear();
  free_slots.push_back(static_cast<uint32_t>(c.id & 0xffffffffu));
  --live_contacts;
}

// ---- queue line ---------------------------------------------------------------

void Engine::State::insert_waiting(ContactRec& c) {
  QueueRec& q = queues[c.queue];
  WaitKey k{-c.priority, c.position_ms, c.id};
  q.waiting.insert(k);
  ++queue_waiting[c.queue];
  if (c.wait_since_ms != c.position_ms) ++q.out_of_order;
  if (c.overflowed) {
    q.overflowed.insert(k);
    touched_queues.push_back(c.queue);
  }
  ++q.prio_counts[c.priority];
  set_half_mark(c);
}

void Engine::State::set_half_mark(ContactRec& c) {
  QueueRec& q = queues[c.queue];
  if (c.half_mark_ms != kNoMark) q.half_marks.erase({c.half_mark_ms, c.id});
  c.half_mark_ms = kNoMark;
  int64_t thr = group_threshold_ms(q, c.group);
  if (thr <= 0) return;
  c.half_mark_ms = c.wait_since_ms + thr / kOverflowRecoverDivisor;
  q.half_marks.emplace(c.half_mark_ms, c.id);
}

void Engine::State::enqueue(ContactRec& c, int64_t t) {
  QueueRec& q = queues[c.queue];
  q.est.observe_time(t, static_cast<uint32_t>(q.waiting.size()), settings.ewt_tau_ms);
  c.state = ContactState::kQueued;
  c.agent = kNoId;
  c.ahead_at_entry = ahead_of(q, c.priority);
  c.preds = q.est.predict(c.ahead_at_entry, q.staffed_capacity);
  insert_waiting(c);
  ++c.timer_gen;
  schedule_wait_timers(c, t);
  pending_contacts.push_back(c.id);
}

void Engine::State::dequeue(ContactRec& c, int64_t t, bool served) {
  QueueRec& q = queues[c.queue];
  q.est.on_departure(t, static_cast<uint32_t>(q.waiting.size()), settings.ewt_tau_ms,
                     t - c.wait_since_ms, c.ahead_at_entry, served, c.preds);
  WaitKey k{-c.priority, c.position_ms, c.id};
  bool was_head = *q.waiting.begin() == k;
  q.waiting.erase(k);
  --queue_waiting[c.queue];
  if (c.wait_since_ms != c.position_ms) --q.out_of_order;
  if (c.overflowed) q.overflowed.erase(k);
  if (c.half_mark_ms != kNoMark) q.half_marks.erase({c.half_mark_ms, c.id});
  c.half_mark_ms = kNoMark;
  if (c.overflowed || q.overflowing) touched_queues.push_back(c.queue);  // may recover
  // In overflow mode backup agents take the head of the line: a new head may
  // now be routable.
  if (q.overflowing && was_head && !q.waiting.empty()) pending_contacts.push_back(q.waiting.begin()->id);
  auto it = q.prio_counts.find(c.priority);
  if (--it->second == 0) q.prio_counts.erase(it);
  unreserve(c);
  ++c.timer_gen;
}

void Engine::State::reserve(ContactRec& c, AgentId a, int64_t until_ms) {
  unreserve(c);
  c.reserved_for = a;
  c.reserved_until_ms = until_ms;
  agents[a].reserved.push_back(c.id);
  ++queues[c.queue].reserved;
}

void Engine::State::unreserve(ContactRec& c) {
  if (c.reserved_for == kNoId) return;
  auto& list = agents[c.reserved_for].reserved;
  list.erase(std::remove(list.begin(), list.end(), c.id), list.end());
  --queues[c.queue].reserved;
  c.reserved_for = kNoId;
  c.reserved_until_ms = 0;
}

int64_t Engine::State::group_threshold_ms(const QueueRec& q, const std::string& group) const {
  for (const GroupThreshold& g : q.cfg.overflow.group_thresholds)
    if (g.group == group) return g.threshold_ms;
  return q.cfg.overflow.threshold_ms;
}

int64_t Engine::State::acw_ms(const QueueRec& q) const {
  return q.cfg.acw_ms ? *q.cfg.acw_ms : settings.default_acw_ms;
}

void Engine::State::push_timer(Timer t) {
  t.order = ++timer_order;
  timers.push_back(t);
  std::push_heap(timers.begin(), timers.end());
}

// Steps, overflow and max wait all count from c.wait_since_ms.
void Engine::State::schedule_wait_timers(ContactRec& c, int64_t t) {
  const QueueRec& q = queues[c.queue];
  const auto& steps = q.cfg.bullseye;
  // Catch up with steps already due (config change, re-queue after a miss).
  int64_t waited = t - c.wait_since_ms;
  while (c.step < steps.size() && steps[c.step].after_ms <= waited) ++c.step;
  if (c.step < steps.size()) {
    Timer tm;
    tm.due_ms = c.wait_since_ms + steps[c.step].after_ms;
    tm.kind = TimerKind::kStep;
    tm.gen = c.timer_gen;
    tm.contact = c.id;
    tm.arg = c.step + 1;
    push_timer(tm);
  }
  int64_t thr = group_threshold_ms(q, c.group);
  bool has_backups = !q.cfg.overflow.backup_queues.empty() || !q.cfg.overflow.backup_teams.empty();
  if (!c.overflowed && thr > 0 && has_backups) {
    Timer tm;
    tm.due_ms = std::max(t, c.wait_since_ms + thr);
    tm.kind = TimerKind::kOverflow;
    tm.gen = c.timer_gen;
    tm.contact = c.id;
    push_timer(tm);
  }
  bool exit_applies = q.cfg.exit_action != ExitAction::kNone && q.cfg.max_wait_ms > 0 &&
                      !(q.cfg.exit_action == ExitAction::kCallback && c.callback);
  if (exit_applies) {
    Timer tm;
    tm.due_ms = std::max(t, c.wait_since_ms + q.cfg.max_wait_ms);
    tm.kind = TimerKind::kMaxWait;
    tm.gen = c.timer_gen;
    tm.contact = c.id;
    push_timer(tm);
  }
}

// ---- agents' desks ----------------------------------------------------------------

WorkItem* Engine::State::find_work(AgentRec& a, ContactId c) {
  for (WorkItem& w : a.work)
    if (w.contact == c) return &w;
  return nullptr;
}

void Engine::State::add_work(AgentId a, const WorkItem& w) {
  AgentRec& ag = agents[a];
  ag.work.push_back(w);
  ++ag.load[static_cast<int>(w.channel)];
  ++ag.total_load;
  refresh_routable(a);
  touch_agent(a);
}

void Engine::State::remove_work(AgentId a, ContactId c) {
  AgentRec& ag = agents[a];
  for (size_t i = 0; i < ag.work.size(); ++i) {
    if (ag.work[i].contact != c) continue;
    --ag.load[static_cast<int>(ag.work[i].channel)];
    --ag.total_load;
    ag.work.erase(ag.work.begin() + static_cast<std::ptrdiff_t>(i));
    break;
  }
  refresh_routable(a);
  pending_agents.push_back(a);
  touch_agent(a);
}

AgentState Engine::State::derive_state(const AgentRec& a) const {
  if (!a.logged_in) return AgentState::kLoggedOut;
  bool active = false, offered = false, wrap = false;
  for (const WorkItem& w : a.work) {
    if (w.phase == WorkPhase::kActive || w.phase == WorkPhase::kHeld) active = true;
    else if (w.phase == WorkPhase::kOffered) offered = true;
    else wrap = true;
  }
  if (active) return AgentState::kBusy;
  if (offered) return AgentState::kReserved;
  if (wrap) return AgentState::kWrapUp;
  return a.ready ? AgentState::kAvailable : AgentState::kNotReady;
}

// Staffed counts feed the EWT fallback: ready agents eligible at step 0.
void Engine::State::set_staffed(AgentId a, bool on) {
  AgentRec& ag = agents[a];
  for (const AgentQueueEntry& e : ag.queues) {
    if (e.min_step != 0) continue;
    QueueRec& q = queues[e.queue];
    uint32_t cap = static_cast<uint32_t>(ag.cfg.capacity[static_cast<int>(q.cfg.channel)]);
    if (on) {
      ++q.staffed;
      q.staffed_capacity += cap;
    } else {
      --q.staffed;
      q.staffed_capacity -= cap;
    }
  }
}

}  // namespace switchyard::core
