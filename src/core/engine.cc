// The engine's frame: construction, event emission (numbering, apply,
// publish, derived events), time and replay. Commands are in
// engine_config.cc and engine_commands.cc; state changes happen only in
// State::apply (engine_apply*.cc).
#include "core/engine.h"

#include <cstdlib>

#include "core/engine_state.h"

namespace switchyard::core {

Engine::Engine(const Clock& clock, EventSink* sink)
    : st_(std::make_unique<State>(*this, clock, sink)) {
  st_->any_list = st_->new_list();
}

Engine::~Engine() = default;

void Engine::set_sink(EventSink* sink) { st_->sink = sink; }
const EngineSettings& Engine::settings() const { return st_->settings; }
size_t Engine::queue_count() const { return st_->queues.size(); }
const std::vector<std::string>& Engine::skill_names() const { return st_->skill_names; }
const std::vector<std::string>& Engine::team_names() const { return st_->team_names; }
const std::vector<std::string>& Engine::site_names() const { return st_->site_names; }
size_t Engine::agent_count() const { return st_->agents.size(); }
size_t Engine::skill_count() const { return st_->skill_names.size(); }
uint64_t Engine::last_seq() const { return st_->seq; }
size_t Engine::live_contacts() const { return st_->live_contacts; }

// ---- emission ---------------------------------------------------------------

void Engine::State::begin_command() {
  int64_t t = clock.now_ms();
  rebuild_dirty_pivots();
  fire_due_timers(t);
  if (t > now_ms) now_ms = t;
}

void Engine::State::emit(EventBody body) {
  Event e{++seq, now_ms, std::move(body)};
  auto r = apply(e);
  // A live event that does not apply is an engine bug: commands validate first.
  if (!r) std::abort();
  if (sink) sink->on_event(e);
  emit_derived();
}

bool Engine::State::overflow_mode_due(const QueueRec& q) const {
  if (!q.overflowed.empty()) return true;
  // Hysteresis: once on, the mode holds while a waiting contact has waited
  // at least threshold / kOverflowRecoverDivisor.
  return q.overflowing && !q.half_marks.empty() && q.half_marks.begin()->first <= now_ms;
}

void Engine::State::emit_derived() {
  while (!touched_agents.empty()) {
    AgentId a = touched_agents.back();
    touched_agents.pop_back();
    const AgentRec& ag = agents[a];
    AgentState now_state = derive_state(ag);
    if (now_state != ag.reported)
      emit(ev::AgentStateChanged{a, now_state, ag.reported,
                                 now_state == AgentState::kNotReady ? ag.reason : std::string()});
  }
  while (!touched_queues.empty()) {
    QueueId q = touched_queues.back();
    touched_queues.pop_back();
    const QueueRec& qr = queues[q];
    bool should = overflow_mode_due(qr);
    if (should == qr.overflowing) continue;
    if (should) emit(ev::QueueOverflowStarted{q});
    else emit(ev::QueueOverflowEnded{q});
  }
}

void Engine::State::finish_command() {
  route_pending();
  emit_derived();
}

// ---- time and replay ----------------------------------------------------------

void Engine::advance() { CommandScope cmd(*st_); }

std::optional<int64_t> Engine::next_timer_ms() {
  auto& st = *st_;
  st.prune_timers();
  if (st.timers.empty()) return std::nullopt;
  return st.timers.front().due_ms;
}

Result<void> Engine::replay(const Event& e) {
  auto& st = *st_;
  if (e.seq != st.seq + 1)
    return make_error(ErrorCode::kInvalidArgument,
                      "expected seq " + std::to_string(st.seq + 1) + ", got " + std::to_string(e.seq),
                      "seq");
  if (e.time_ms < st.now_ms) return make_error(ErrorCode::kInvalidArgument, "time goes back", "time_ms");
  st.replaying = true;
  st.now_ms = e.time_ms;
  auto r = st.apply(e);
  st.replaying = false;
  st.pending_agents.clear();
  st.pending_contacts.clear();
  st.touched_agents.clear();
  st.touched_queues.clear();
  if (!r) return r;
  st.seq = e.seq;
  return {};
}

}  // namespace switchyard::core
