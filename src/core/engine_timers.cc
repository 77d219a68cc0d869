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
  if (settings.max_consecutive_misses > 0 && ag.misses >= settings.max_consecutive_misses && ag.ready) {
    Event e;
    e.type = EventType::kAgentNotReady;
    e.agent = a;
    e.text = "missed";
    emit(std::move(e));
  }
}

void Engine::State::end_wrapup_now(AgentId a, ContactId cid, std::string_view disposition) {
  WorkItem* w = find_work(agents[a], cid);
  QueueId q = w->queue;
  Event e;
  e.type = EventType::kWrapUpEnded;
  e.contact = cid;
  e.agent = a;
  e.queue = q;
  e.value = now_ms - w->since_ms;
  e.text = std::string(disposition);
  emit(std::move(e));
  const ContactRec* c = find_contact(cid);
  if (c && c->agent == a && c->state == ContactState::kWrapUp) {
    Event done;
    done.type = EventType::kContactCompleted;
    done.contact = cid;
    done.agent = a;
    done.queue = c->queue;
    emit(std::move(done));
  }
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
      case TimerKind::kOfferTimeout: {
        Event e;
        e.type = EventType::kOfferTimedOut;
        e.contact = t.contact;
        e.agent = t.agent;
        e.queue = find_contact(t.contact)->queue;
        emit(std::move(e));
        handle_miss(t.agent);
        break;
      }
      case TimerKind::kStep: {
        Event e;
        e.type = EventType::kBullseyeStep;
        e.contact = t.contact;
        e.queue = find_contact(t.contact)->queue;
        e.value = t.arg;
        emit(std::move(e));
        break;
      }
      case TimerKind::kOverflow: {
        Event e;
        e.type = EventType::kContactOverflowed;
        e.contact = t.contact;
        e.queue = find_contact(t.contact)->queue;
        emit(std::move(e));
        break;
      }
      case TimerKind::kMaxWait: {
        const ContactRec& c = *find_contact(t.contact);
        const QueueConfig& cfg = queues[c.queue].cfg;
        Event e;
        e.contact = t.contact;
        e.queue = c.queue;
        if (cfg.exit_action == ExitAction::kOverflow && cfg.exit_target < queues.size()) {
          e.type = EventType::kContactMoved;
          e.value = cfg.exit_target;
        } else if (cfg.exit_action == ExitAction::kCallback && c.channel == Channel::kVoice) {
          e.type = EventType::kCallbackRequested;
        } else {
          e.type = EventType::kContactExpired;
          e.value = now_ms - c.wait_since_ms;
        }
        emit(std::move(e));
        break;
      }
      case TimerKind::kAcwEnd:
        end_wrapup_now(t.agent, t.contact, "");
        break;
      case TimerKind::kBackoffEnd: {
        Event e;
        e.type = EventType::kAgentBackoffEnded;
        e.agent = t.agent;
        emit(std::move(e));
        break;
      }
    }
    route_pending();
  }
}

}  // namespace switchyard::core
