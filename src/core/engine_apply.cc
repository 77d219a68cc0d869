// State::apply: the single place where routing state changes. Live commands
// and replay both come through here, so replaying a log rebuilds the state.
#include <algorithm>

#include "core/engine_state.h"

namespace switchyard::core {
namespace {

std::unexpected<Error> bad_event(const Event& e, std::string why) {
  return make_error(ErrorCode::kInvalidArgument,
                    "event " + std::to_string(e.seq) + " (" + std::string(to_string(e.type)) + "): " + why,
                    "event");
}

constexpr uint32_t kSlotBits = 32;

}  // namespace

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
  q.waiting.erase(k);
  --queue_waiting[c.queue];
  if (c.wait_since_ms != c.position_ms) --q.out_of_order;
  if (c.overflowed) {
    q.overflowed.erase(k);
    touched_queues.push_back(c.queue);
  }
  auto it = q.prio_counts.find(c.priority);
  if (--it->second == 0) q.prio_counts.erase(it);
  ++c.timer_gen;
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

// ---- apply ------------------------------------------------------------------------

Result<void> Engine::State::apply(const Event& e) {
  const int64_t t = e.time_ms;
  auto need_agent = [&]() -> AgentRec* { return e.agent < agents.size() ? &agents[e.agent] : nullptr; };
  switch (e.type) {
    case EventType::kSettingsChanged: {
      const auto* s = e.payload_as<EngineSettings>();
      if (!s) return bad_event(e, "missing settings");
      bool voice_rule_changed = s->voice_blocks_others != settings.voice_blocks_others;
      settings = *s;
      if (voice_rule_changed)
        for (AgentId a = 0; a < agents.size(); ++a) {
          refresh_routable(a);
          pending_agents.push_back(a);
        }
      return {};
    }
    case EventType::kSkillDefined: {
      if (e.value != static_cast<int64_t>(skill_names.size())) return bad_event(e, "skill id out of order");
      skill_ids.emplace(e.text, static_cast<uint32_t>(skill_names.size()));
      skill_names.push_back(e.text);
      skill_list.push_back(new_list());
      skill_agents.push_back(0);
      for (AgentRec& a : agents) a.prof.push_back(0);
      return {};
    }
    case EventType::kTeamDefined: {
      if (e.value != static_cast<int64_t>(team_names.size())) return bad_event(e, "team id out of order");
      team_ids.emplace(e.text, static_cast<uint32_t>(team_names.size()));
      team_names.push_back(e.text);
      team_list.push_back(new_list());
      return {};
    }
    case EventType::kSiteDefined: {
      if (e.value != static_cast<int64_t>(site_names.size())) return bad_event(e, "site id out of order");
      site_ids.emplace(e.text, static_cast<uint32_t>(site_names.size()));
      site_names.push_back(e.text);
      return {};
    }
    case EventType::kQueueConfigured: {
      const auto* cfg = e.payload_as<QueueConfig>();
      if (!cfg || e.queue > queues.size()) return bad_event(e, "bad queue config");
      apply_queue_config(e.queue, *cfg, t);
      return {};
    }
    case EventType::kAgentConfigured: {
      const auto* cfg = e.payload_as<AgentConfig>();
      if (!cfg || e.agent > agents.size()) return bad_event(e, "bad agent config");
      apply_agent_config(e.agent, *cfg);
      return {};
    }
    case EventType::kAgentLoggedIn: {
      AgentRec* a = need_agent();
      if (!a || a->logged_in) return bad_event(e, "agent cannot log in");
      a->logged_in = true;
      a->ready = e.value != 0;
      a->reason = a->ready ? "" : "login";
      a->misses = 0;
      a->time_in_state_ms = {};
      if (a->ready) set_staffed(e.agent, true);
      refresh_routable(e.agent);
      pending_agents.push_back(e.agent);
      touch_agent(e.agent);
      return {};
    }
    case EventType::kAgentLoggedOut: {
      AgentRec* a = need_agent();
      if (!a || !a->logged_in || !a->work.empty()) return bad_event(e, "agent cannot log out");
      if (a->ready) set_staffed(e.agent, false);
      a->logged_in = false;
      a->ready = false;
      a->reason.clear();
      a->backoff_until_ms = 0;
      refresh_routable(e.agent);
      touch_agent(e.agent);
      return {};
    }
    case EventType::kAgentReady: {
      AgentRec* a = need_agent();
      if (!a || !a->logged_in || a->ready) return bad_event(e, "agent cannot become ready");
      a->ready = true;
      a->reason.clear();
      a->misses = 0;
      set_staffed(e.agent, true);
      refresh_routable(e.agent);
      pending_agents.push_back(e.agent);
      touch_agent(e.agent);
      return {};
    }
    case EventType::kAgentNotReady: {
      AgentRec* a = need_agent();
      if (!a || !a->logged_in) return bad_event(e, "agent cannot become not ready");
      if (a->ready) set_staffed(e.agent, false);
      a->ready = false;
      a->reason = e.text;
      refresh_routable(e.agent);
      touch_agent(e.agent);
      return {};
    }
    case EventType::kAgentBackoffEnded: {
      AgentRec* a = need_agent();
      if (!a) return bad_event(e, "unknown agent");
      a->backoff_until_ms = 0;
      refresh_routable(e.agent);
      pending_agents.push_back(e.agent);
      return {};
    }
    case EventType::kAgentStateChanged: {
      AgentRec* a = need_agent();
      if (!a) return bad_event(e, "unknown agent");
      auto now_state = static_cast<AgentState>(e.value);
      if (replaying && derive_state(*a) != now_state) return bad_event(e, "state does not match the log");
      a->time_in_state_ms[static_cast<int>(a->reported)] += t - a->state_since_ms;
      a->reported = now_state;
      a->state_since_ms = t;
      if (now_state == AgentState::kLoggedOut) a->time_in_state_ms = {};
      return {};
    }
    case EventType::kContactCreated:
    case EventType::kContactRefused: {
      const auto* spec = e.payload_as<ContactSpec>();
      if (!spec || spec->queue >= queues.size()) return bad_event(e, "bad contact spec");
      if (e.contact != peek_contact_id()) return bad_event(e, "contact id out of order");
      ContactRec& c = alloc_contact(e.contact);
      if (e.type == EventType::kContactRefused) {
        free_contact(c);
        return {};
      }
      c.queue = spec->queue;
      c.channel = spec->channel;
      c.priority = spec->priority;
      c.customer_id = spec->customer_id;
      c.group = spec->customer_group;
      c.attributes = spec->attributes;
      c.created_ms = c.wait_since_ms = c.position_ms = t;
      c.history.push_back(c.queue);
      enqueue(c, t);
      return {};
    }
    case EventType::kContactOffered: {
      ContactRec* c = find_contact(e.contact);
      AgentRec* a = need_agent();
      if (!c || !a || c->state != ContactState::kQueued) return bad_event(e, "contact cannot be offered");
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
    case EventType::kOfferRejected:
    case EventType::kOfferTimedOut: {
      ContactRec* c = find_contact(e.contact);
      AgentRec* a = need_agent();
      if (!c || !a || c->state != ContactState::kOffered || c->agent != e.agent)
        return bad_event(e, "no such offer");
      ++a->misses;
      if (settings.missed_backoff_ms > 0) {
        a->backoff_until_ms = t + settings.missed_backoff_ms;
        Timer tm;
        tm.due_ms = a->backoff_until_ms;
        tm.kind = TimerKind::kBackoffEnd;
        tm.gen = ++a->backoff_gen;
        tm.agent = e.agent;
        push_timer(tm);
      }
      remove_work(e.agent, c->id);
      enqueue(*c, t);
      return {};
    }
    case EventType::kContactAccepted: {
      ContactRec* c = find_contact(e.contact);
      AgentRec* a = need_agent();
      if (!c || !a || c->state != ContactState::kOffered || c->agent != e.agent)
        return bad_event(e, "no such offer");
      WorkItem* w = find_work(*a, c->id);
      if (!w) return bad_event(e, "no such offer");
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
      queues[c->queue].est.on_answer(e.value);
      touch_agent(e.agent);
      return {};
    }
    case EventType::kContactHeld:
    case EventType::kContactResumed: {
      ContactRec* c = find_contact(e.contact);
      AgentRec* a = need_agent();
      WorkItem* w = c && a ? find_work(*a, c->id) : nullptr;
      bool hold = e.type == EventType::kContactHeld;
      if (!w || w->phase != (hold ? WorkPhase::kActive : WorkPhase::kHeld))
        return bad_event(e, "contact not active/held with agent");
      (hold ? w->talk_ms : w->hold_ms) += t - w->since_ms;
      w->phase = hold ? WorkPhase::kHeld : WorkPhase::kActive;
      w->since_ms = t;
      touch_agent(e.agent);
      return {};
    }
    case EventType::kContactEnded: {
      ContactRec* c = find_contact(e.contact);
      AgentRec* a = need_agent();
      WorkItem* w = c && a ? find_work(*a, c->id) : nullptr;
      if (!w || (w->phase != WorkPhase::kActive && w->phase != WorkPhase::kHeld))
        return bad_event(e, "contact not active with agent");
      w->talk_ms = e.value;
      w->hold_ms = e.value2;
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
    case EventType::kWrapUpEnded: {
      AgentRec* a = need_agent();
      WorkItem* w = a ? find_work(*a, e.contact) : nullptr;
      if (!w || w->phase != WorkPhase::kWrapUp) return bad_event(e, "agent not in wrap-up");
      queues[w->queue].est.on_handled(w->talk_ms + w->hold_ms + e.value);
      remove_work(e.agent, e.contact);
      return {};
    }
    case EventType::kContactCompleted: {
      ContactRec* c = find_contact(e.contact);
      if (!c || c->state != ContactState::kWrapUp) return bad_event(e, "contact not in wrap-up");
      free_contact(*c);
      return {};
    }
    case EventType::kContactAbandoned: {
      ContactRec* c = find_contact(e.contact);
      if (!c) return bad_event(e, "unknown contact");
      if (c->state == ContactState::kQueued) {
        dequeue(*c, t, /*served=*/false);
      } else if (c->state == ContactState::kOffered) {
        remove_work(c->agent, c->id);
      } else {
        return bad_event(e, "contact cannot abandon");
      }
      free_contact(*c);
      return {};
    }
    case EventType::kContactTransferred: {
      ContactRec* c = find_contact(e.contact);
      if (!c || c->state != ContactState::kWrapUp || e.value < 0 ||
          e.value >= static_cast<int64_t>(queues.size()))
        return bad_event(e, "contact cannot be transferred");
      c->queue = static_cast<QueueId>(e.value);
      c->history.push_back(c->queue);
      c->wait_since_ms = t;
      if (e.value2 == 0) c->position_ms = t;
      c->step = 0;
      c->overflowed = false;
      enqueue(*c, t);
      return {};
    }
    case EventType::kCallbackRequested: {
      ContactRec* c = find_contact(e.contact);
      if (!c || c->state != ContactState::kQueued) return bad_event(e, "contact not queued");
      c->callback = true;
      return {};
    }
    case EventType::kBullseyeStep: {
      ContactRec* c = find_contact(e.contact);
      if (!c || c->state != ContactState::kQueued) return bad_event(e, "contact not queued");
      c->step = static_cast<uint8_t>(e.value);
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
    case EventType::kContactOverflowed: {
      ContactRec* c = find_contact(e.contact);
      if (!c || c->state != ContactState::kQueued || c->overflowed) return bad_event(e, "cannot overflow");
      c->overflowed = true;
      queues[c->queue].overflowed.insert(WaitKey{-c->priority, c->position_ms, c->id});
      touched_queues.push_back(c->queue);
      pending_contacts.push_back(c->id);
      return {};
    }
    case EventType::kContactMoved: {
      ContactRec* c = find_contact(e.contact);
      if (!c || c->state != ContactState::kQueued || e.value < 0 ||
          e.value >= static_cast<int64_t>(queues.size()))
        return bad_event(e, "contact cannot move");
      dequeue(*c, t, /*served=*/false);
      c->queue = static_cast<QueueId>(e.value);
      c->history.push_back(c->queue);
      c->wait_since_ms = t;
      c->step = 0;
      c->overflowed = false;
      enqueue(*c, t);
      return {};
    }
    case EventType::kContactExpired: {
      ContactRec* c = find_contact(e.contact);
      if (!c || c->state != ContactState::kQueued) return bad_event(e, "contact not queued");
      dequeue(*c, t, /*served=*/false);
      free_contact(*c);
      return {};
    }
    case EventType::kQueueOverflowStarted:
    case EventType::kQueueOverflowEnded: {
      if (e.queue >= queues.size()) return bad_event(e, "unknown queue");
      queues[e.queue].overflowing = e.type == EventType::kQueueOverflowStarted;
      return {};
    }
  }
  return bad_event(e, "unknown event type");
}

void Engine::State::apply_queue_config(QueueId id, const QueueConfig& cfg, int64_t t) {
  if (id == queues.size()) {
    queues.emplace_back();
    QueueRec& q = queues.back();
    q.elig.assign(agents.size(), kNeverStep);
    q.backup.assign(agents.size(), 0);
    queue_ids.emplace(cfg.name, id);
    queue_waiting.push_back(0);
  }
  QueueRec& q = queues[id];
  // Drop this queue from the reverse references of the queues it named before.
  auto named = [](const QueueConfig& c) {
    std::vector<QueueId> v = c.overflow.backup_queues;
    for (const BullseyeStep& s : c.bullseye) v.insert(v.end(), s.add_queues.begin(), s.add_queues.end());
    return v;
  };
  for (QueueId r : named(q.cfg)) std::erase(queues[r].referenced_by, id);
  q.cfg = cfg;
  for (QueueId r : named(q.cfg))
    if (std::find(queues[r].referenced_by.begin(), queues[r].referenced_by.end(), id) ==
        queues[r].referenced_by.end())
      queues[r].referenced_by.push_back(id);
  recompute_queue_eligibility(id);
  for (QueueId r : std::vector<QueueId>(q.referenced_by)) recompute_queue_eligibility(r);
  // Contacts already waiting follow the new configuration.
  std::vector<ContactId> waiting;
  for (const WaitKey& k : q.waiting) waiting.push_back(k.id);
  for (ContactId cid : waiting) {
    ContactRec& c = *find_contact(cid);
    ++c.timer_gen;
    c.step = 0;
    schedule_wait_timers(c, t);
    pending_contacts.push_back(cid);
  }
  for (AgentId a = 0; a < agents.size(); ++a) pending_agents.push_back(a);
}

void Engine::State::apply_agent_config(AgentId id, const AgentConfig& cfg) {
  if (id == agents.size()) {
    agents.emplace_back();
    agents.back().prof.assign(skill_names.size(), 0);
    agent_ids.emplace(cfg.name, id);
    for (QueueRec& q : queues) {
      q.elig.push_back(kNeverStep);
      q.backup.push_back(0);
    }
  }
  AgentRec& a = agents[id];
  bool was_staffed = a.ready;
  if (was_staffed) set_staffed(id, false);
  unlink_agent_nodes(id);
  for (const AgentSkill& s : a.cfg.skills) {
    a.prof[s.skill] = 0;
    --skill_agents[s.skill];
  }
  a.cfg = cfg;
  for (const AgentSkill& s : a.cfg.skills) {
    a.prof[s.skill] = static_cast<uint8_t>(s.proficiency);
    ++skill_agents[s.skill];
  }
  // Memberships: each skill, the team (if any), and "any".
  a.member_lists.clear();
  for (const AgentSkill& s : a.cfg.skills) a.member_lists.push_back(skill_list[s.skill]);
  if (a.cfg.team != kNoId) a.member_lists.push_back(team_list[a.cfg.team]);
  a.member_lists.push_back(any_list);
  a.node_base = static_cast<uint32_t>(nodes.size());
  nodes.resize(nodes.size() + a.member_lists.size() * kChannelCount);
  for (int ch = 0; ch < kChannelCount; ++ch)
    for (size_t m = 0; m < a.member_lists.size(); ++m) {
      IdleNode& n = nodes[a.node_base + ch * a.member_lists.size() + m];
      n.agent = id;
      n.list = a.member_lists[m] * kChannelCount + static_cast<uint32_t>(ch);
    }
  a.routable = {};
  recompute_agent_eligibility(id);
  pivots_dirty = true;
  if (was_staffed) set_staffed(id, true);
  refresh_routable(id);
  pending_agents.push_back(id);
}

}  // namespace switchyard::core
