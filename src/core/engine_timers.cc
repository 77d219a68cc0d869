// Timers: offer timeouts, ACW ends, back-offs, bullseye steps, overflow and
// max wait. Timers live in a heap and are invalidated lazily by generation
// counters, so cancelling costs nothing.
#include <algorithm>

#include "core/engine_state.h"

namespace switchyard::core {

bool Engine::State::timer_valid(const Timer& t) const {
  switch (t.kind) {
    case TimerKind::kOfferTimeout: {
      const ContactRec* c = find_contact(t.contact);
      return c && c->state == ContactState::kOffered && c->agent == t.agent && c->timer_gen == t.gen;
    }
    case TimerKind::kStep: {
      const ContactRec* c = find_contact(t.contact);
      return c && c->state == ContactState::kQueued && c->timer_gen == t.gen && c->step + 1 == t.arg;
    }
    case TimerKind::kOverflow: {
      const ContactRec* c = find_contact(t.contact);
      return c && c->state == ContactState::kQueued && c->timer_gen == t.gen && !c->overflowed;
    }
    case TimerKind::kMaxWait: {
      const ContactRec* c = find_contact(t.contact);
      if (!c || c->state != ContactState::kQueued || c->timer_gen != t.gen) return false;
      // A callback made by this exit does not exit again.
      return !(c->callback && queues[c->queue].cfg.exit_action == ExitAction::kCallback);
    }
    case TimerKind::kAcwEnd: {
      if (t.agent >= agents.size()) return false;
      for (const WorkItem& w : agents[t.agent].work)
        if (w.contact == t.contact) return w.phase == WorkPhase::kWrapUp && w.gen == t.gen;
      return false;
    }
    case TimerKind::kBackoffEnd:
      return t.agent < agents.size() && agents[t.agent].backoff_gen == t.gen &&
             agents[t.agent].backoff_until_ms == t.due_ms;
    case TimerKind::kReserveEnd: {
      const ContactRec* c = find_contact(t.contact);
      return c && c->state == ContactState::kQueued && c->timer_gen == t.gen && c->reserved_for == t.agent;
    }
  }
  return false;
}

void Engine::State::prune_timers() {
  while (!timers.empty() && !timer_valid(timers.front())) {
    std::pop_heap(timers.begin(), timers.end());
    timers.pop_back();
  }
}

void Engine::State::handle_miss(AgentId a) {
  const AgentRec& ag = agents[a];
  if (settings.max_consecutive_misses > 0 && ag.misses >= settings.max_consecutive_misses && ag.ready)
    emit(ev::AgentNotReady{a, "missed"});
}

void Engine::State::end_wrapup_now(AgentId a, ContactId cid, std::string_view disposition) {
  const WorkItem* w = find_work(agents[a], cid);
  emit(ev::WrapUpEnded{cid, a, w->queue, now_ms - w->since_ms, std::string(disposition)});
  const ContactRec* c = find_contact(cid);
  if (c && c->agent == a && c->state == ContactState::kWrapUp) emit(ev::ContactCompleted{cid, a, c->queue});
}

// Fires timers due at or before `until_ms` in (due, insertion) order. Each
// fires at its own due time, so event times are exact even when the caller
// polls late.
void Engine::State::fire_due_timers(int64_t until_ms) {
  for (;;) {
    prune_timers();
    if (timers.empty() || timers.front().due_ms > until_ms) return;
    Timer t = timers.front();
    std::pop_heap(timers.begin(), timers.end());
    timers.pop_back();
    if (t.due_ms > now_ms) now_ms = t.due_ms;
    switch (t.kind) {
      case TimerKind::kOfferTimeout:
        emit(ev::OfferTimedOut{t.contact, t.agent, find_contact(t.contact)->queue});
        handle_miss(t.agent);
        break;
      case TimerKind::kStep:
        emit(ev::BullseyeStep{t.contact, find_contact(t.contact)->queue, t.arg});
        break;
      case TimerKind::kOverflow:
        emit(ev::ContactOverflowed{t.contact, find_contact(t.contact)->queue});
        break;
      case TimerKind::kMaxWait: {
        const ContactRec& c = *find_contact(t.contact);
        const QueueConfig& cfg = queues[c.queue].cfg;
        if (cfg.exit_action == ExitAction::kOverflow && cfg.exit_target < queues.size())
          emit(ev::ContactMoved{c.id, c.queue, cfg.exit_target});
        else if (cfg.exit_action == ExitAction::kCallback && c.channel == Channel::kVoice)
          emit(ev::CallbackRequested{c.id, c.queue});
        else
          emit(ev::ContactExpired{c.id, c.queue, now_ms - c.wait_since_ms});
        break;
      }
      case TimerKind::kAcwEnd:
        end_wrapup_now(t.agent, t.contact, "");
        break;
      case TimerKind::kBackoffEnd:
        emit(ev::AgentBackoffEnded{t.agent});
        break;
      case TimerKind::kReserveEnd:
        emit(ev::ContactReserved{t.contact, t.agent, find_contact(t.contact)->queue, 0});
        break;
    }
    route_pending();
  }
}

}  // namespace switchyard::core
