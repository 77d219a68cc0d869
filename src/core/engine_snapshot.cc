// Engine::snapshot / Engine::restore: the routing state as plain data and
// back. Restore rebuilds every index from the stored facts.
#include <algorithm>

#include "core/engine_state.h"

namespace switchyard::core {

EngineSnapshot Engine::snapshot() const {
  const State& st = *st_;
  EngineSnapshot s;
  s.seq = st.seq;
  s.now_ms = st.now_ms;
  s.settings = st.settings;
  s.skills = st.skill_names;
  s.teams = st.team_names;
  s.sites = st.site_names;
  for (const QueueRec& q : st.queues) {
    EngineSnapshot::Queue sq;
    sq.cfg = q.cfg;
    sq.rr_last = q.rr_last;
    sq.overflowing = q.overflowing;
    sq.est = q.est.state();
    s.queues.push_back(std::move(sq));
  }
  for (const AgentRec& a : st.agents) {
    EngineSnapshot::Agent sa;
    sa.cfg = a.cfg;
    sa.logged_in = a.logged_in;
    sa.ready = a.ready;
    sa.reason = a.reason;
    sa.backoff_until_ms = a.backoff_until_ms;
    sa.misses = a.misses;
    for (const WorkItem& w : a.work)
      sa.work.push_back({w.contact, w.queue, w.channel, static_cast<int>(w.phase), w.since_ms, w.talk_ms,
                         w.hold_ms});
    sa.reported = a.reported;
    sa.state_since_ms = a.state_since_ms;
    sa.time_in_state_ms = a.time_in_state_ms;
    sa.contacts_today = a.contacts_today;
    sa.today = a.today;
    sa.free_since_ms = a.free_since_ms;
    s.agents.push_back(std::move(sa));
  }
  // Every routable agent is in its channel's "any" list, and all its lists
  // were linked at once, so that one list's order is the order of all.
  for (int ch = 0; ch < kChannelCount; ++ch) {
    const IdleList& l = st.lists[st.any_list * kChannelCount + ch];
    for (uint32_t n = l.head; n != kNil; n = st.nodes[n].next) s.idle_order[ch].push_back(st.nodes[n].agent);
  }
  for (const ContactRec& c : st.contacts) {
    s.slot_gens.push_back(c.slot_gen);
    if (!c.live) continue;
    s.contacts.push_back({c.id, c.state, c.queue, c.channel, c.priority, c.customer_id, c.group, c.attributes,
                          c.created_ms, c.wait_since_ms, c.position_ms, c.step, c.overflowed, c.callback,
                          c.agent, c.history, c.ahead_at_entry, c.preds, c.reserved_for, c.reserved_until_ms});
  }
  s.free_slots = st.free_slots;
  std::vector<Timer> live;
  for (const Timer& t : st.timers)
    if (st.timer_valid(t)) live.push_back(t);
  std::sort(live.begin(), live.end(), [](const Timer& a, const Timer& b) {
    return a.due_ms != b.due_ms ? a.due_ms < b.due_ms : a.order < b.order;
  });
  for (const Timer& t : live) s.timers.push_back({t.due_ms, static_cast<int>(t.kind), t.contact, t.agent, t.arg});
  return s;
}

namespace {
std::unexpected<Error> bad_snapshot(std::string why) {
  return make_error(ErrorCode::kInvalidArgument, "inconsistent snapshot: " + why, "snapshot");
}
}  // namespace

Result<void> Engine::restore(const EngineSnapshot& s) {
  State& st = *st_;
  if (st.seq != 0 || !st.queues.empty() || !st.agents.empty() || !st.skill_names.empty())
    return make_error(ErrorCode::kIllegalState, "restore needs a fresh engine", "snapshot");
  st.replaying = true;
  st.seq = s.seq;
  st.now_ms = s.now_ms;
  st.settings = s.settings;
  for (const std::string& n : s.skills) {
    st.skill_ids.emplace(n, static_cast<uint32_t>(st.skill_names.size()));
    st.skill_names.push_back(n);
    st.skill_list.push_back(st.new_list());
    st.skill_agents.push_back(0);
  }
  for (const std::string& n : s.teams) {
    st.team_ids.emplace(n, static_cast<uint32_t>(st.team_names.size()));
    st.team_names.push_back(n);
    st.team_list.push_back(st.new_list());
  }
  for (const std::string& n : s.sites) {
    st.site_ids.emplace(n, static_cast<uint32_t>(st.site_names.size()));
    st.site_names.push_back(n);
  }
  // Queues first without indexes (they may name each other), then agents.
  for (QueueId id = 0; id < s.queues.size(); ++id) {
    const EngineSnapshot::Queue& sq = s.queues[id];
    st.queues.emplace_back();
    QueueRec& q = st.queues.back();
    q.cfg = sq.cfg;
    q.rr_last = sq.rr_last;
    q.overflowing = sq.overflowing;
    q.est.restore(sq.est);
    st.queue_ids.emplace(q.cfg.name, id);
    st.queue_waiting.push_back(0);
  }
  for (QueueId id = 0; id < st.queues.size(); ++id) {
    const QueueConfig& c = st.queues[id].cfg;
    std::vector<QueueId> named = c.overflow.backup_queues;
    for (const BullseyeStep& step : c.bullseye) named.insert(named.end(), step.add_queues.begin(), step.add_queues.end());
    for (QueueId r : named) {
      if (r >= st.queues.size()) return bad_snapshot("queue reference");
      auto& rb = st.queues[r].referenced_by;
      if (std::find(rb.begin(), rb.end(), id) == rb.end()) rb.push_back(id);
    }
  }
  for (AgentId id = 0; id < s.agents.size(); ++id) st.apply_agent_config(id, s.agents[id].cfg, s.now_ms);  // state_since_ms restored below
  for (AgentId id = 0; id < s.agents.size(); ++id) {
    const EngineSnapshot::Agent& sa = s.agents[id];
    AgentRec& a = st.agents[id];
    a.logged_in = sa.logged_in;
    a.ready = sa.ready;
    a.reason = sa.reason;
    a.backoff_until_ms = sa.backoff_until_ms;
    a.backoff_gen = 1;
    a.misses = sa.misses;
    for (const EngineSnapshot::Work& w : sa.work) {
      if (w.phase < 0 || w.phase > 3 || w.queue >= st.queues.size()) return bad_snapshot("work item");
      a.work.push_back({w.contact, w.queue, w.channel, static_cast<WorkPhase>(w.phase), w.since_ms, w.talk_ms,
                        w.hold_ms, 1});
      ++a.load[static_cast<int>(w.channel)];
      ++a.total_load;
    }
    a.reported = sa.reported;
    a.state_since_ms = sa.state_since_ms;
    a.time_in_state_ms = sa.time_in_state_ms;
    a.contacts_today = sa.contacts_today;
    a.today = sa.today;
  }
  for (QueueRec& q : st.queues) {  // staffed counts follow the restored presence
    q.staffed = 0;
    q.staffed_capacity = 0;
  }
  for (AgentId id = 0; id < st.agents.size(); ++id)
    if (st.agents[id].ready) st.set_staffed(id, true);
  // Idle lists in their recorded order.
  for (int ch = 0; ch < kChannelCount; ++ch)
    for (AgentId id : s.idle_order[ch]) {
      if (id >= st.agents.size() || st.agents[id].routable[ch] ||
          !st.can_take(st.agents[id], static_cast<Channel>(ch)))
        return bad_snapshot("idle order");
      st.now_ms = s.agents[id].free_since_ms[ch];
      st.link_channel(id, ch, true);
    }
  st.now_ms = s.now_ms;
  for (AgentId id = 0; id < st.agents.size(); ++id) {
    AgentRec& a = st.agents[id];
    for (int ch = 0; ch < kChannelCount; ++ch)
      if (a.routable[ch] != st.can_take(a, static_cast<Channel>(ch))) return bad_snapshot("agent free but not listed");
    a.free_since_ms = s.agents[id].free_since_ms;
  }
  // Contacts and the id allocator.
  st.contacts.resize(s.slot_gens.size());
  for (size_t i = 0; i < s.slot_gens.size(); ++i) st.contacts[i].slot_gen = s.slot_gens[i];
  st.free_slots = s.free_slots;
  for (const EngineSnapshot::Contact& sc : s.contacts) {
    uint64_t slot = sc.id & 0xffffffffu;
    if (slot >= st.contacts.size() || (sc.id >> 32) != st.contacts[slot].slot_gen || sc.queue >= st.queues.size())
      return bad_snapshot("contact id");
    ContactRec& c = st.contacts[slot];
    c.id = sc.id;
    c.live = true;
    c.state = sc.state;
    c.queue = sc.queue;
    c.channel = sc.channel;
    c.priority = sc.priority;
    c.customer_id = sc.customer_id;
    c.group = sc.group;
    c.attributes = sc.attributes;
    c.created_ms = sc.created_ms;
    c.wait_since_ms = sc.wait_since_ms;
    c.position_ms = sc.position_ms;
    c.step = static_cast<uint8_t>(sc.step);
    c.overflowed = sc.overflowed;
    c.callback = sc.callback;
    c.agent = sc.agent;
    c.timer_gen = 1;
    c.history = sc.history;
    c.ahead_at_entry = sc.ahead_at_entry;
    c.preds = sc.preds;
    ++st.live_contacts;
    if (c.state == ContactState::kQueued) st.insert_waiting(c);
    if (sc.reserved_for != kNoId) {
      if (c.state != ContactState::kQueued || sc.reserved_for >= st.agents.size()) return bad_snapshot("reservation");
      st.reserve(c, sc.reserved_for, sc.reserved_until_ms);
    }
  }
  for (const EngineSnapshot::PendingTimer& pt : s.timers) {
    Timer t;
    t.due_ms = pt.due_ms;
    t.kind = static_cast<TimerKind>(pt.kind);
    t.contact = pt.contact;
    t.agent = pt.agent;
    t.arg = pt.arg;
    t.gen = 1;
    if (pt.kind < 0 || pt.kind > static_cast<int>(TimerKind::kReserveEnd)) return bad_snapshot("timer kind");
    st.push_timer(t);
  }
  st.rebuild_dirty_pivots();
  st.pending_agents.clear();
  st.pending_contacts.clear();
  st.touched_agents.clear();
  st.touched_queues.clear();
  st.replaying = false;
  return {};
}

}  // namespace switchyard::core
