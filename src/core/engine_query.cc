// Read-only views of the engine state and the canonical state dump.
#include <algorithm>
#include <map>
#include <sstream>

#include "core/engine_state.h"

namespace switchyard::core {

std::optional<ContactView> Engine::contact(ContactId id) const {
  const ContactRec* c = st_->find_contact(id);
  if (!c) return std::nullopt;
  ContactView v;
  v.id = c->id;
  v.state = c->state;
  v.queue = c->queue;
  v.channel = c->channel;
  v.priority = c->priority;
  v.customer_id = c->customer_id;
  v.customer_group = c->group;
  v.created_ms = c->created_ms;
  v.wait_since_ms = c->wait_since_ms;
  v.position_ms = c->position_ms;
  v.step = c->step;
  v.overflowed = c->overflowed;
  v.callback = c->callback;
  v.agent = c->agent;
  v.waits_for = c->reserved_for;
  v.waits_until_ms = c->reserved_until_ms;
  if (c->agent != kNoId && c->agent < st_->agents.size())
    for (const WorkItem& w : st_->agents[c->agent].work)
      if (w.contact == c->id) v.held = w.phase == WorkPhase::kHeld;
  v.history = c->history;
  v.attributes = c->attributes;
  return v;
}

std::optional<AgentView> Engine::agent(AgentId id) const {
  const auto& st = *st_;
  if (id >= st.agents.size()) return std::nullopt;
  const AgentRec& a = st.agents[id];
  AgentView v;
  v.id = id;
  v.name = a.cfg.name;
  v.state = a.reported;
  v.reason = a.reported == AgentState::kNotReady || !a.ready ? a.reason : std::string();
  v.state_since_ms = a.state_since_ms;
  v.in_backoff = a.backoff_until_ms != 0;
  v.consecutive_misses = a.misses;
  int64_t day = (st.now_ms + st.settings.day_offset_ms) / 86'400'000;
  v.contacts_today = a.today == day ? a.contacts_today : 0;
  v.load = a.load;
  for (const WorkItem& w : a.work) {
    v.contacts.push_back(w.contact);
    const ContactState s = w.phase == WorkPhase::kOffered  ? ContactState::kOffered
                           : w.phase == WorkPhase::kWrapUp ? ContactState::kWrapUp
                                                           : ContactState::kAccepted;
    v.work.push_back({w.contact, w.queue, w.channel, s, w.phase == WorkPhase::kHeld, w.since_ms});
  }
  auto t = a.time_in_state_ms;
  if (a.logged_in) t[static_cast<int>(a.reported)] += st.now_ms - a.state_since_ms;
  double on = static_cast<double>(t[static_cast<int>(AgentState::kBusy)] + t[static_cast<int>(AgentState::kWrapUp)]);
  double idle = static_cast<double>(t[static_cast<int>(AgentState::kAvailable)] +
                                    t[static_cast<int>(AgentState::kReserved)]);
  v.occupancy = on + idle > 0 ? on / (on + idle) : 0.0;
  return v;
}

namespace {
// Everything of a queue's view except the agents' states.
QueueView queue_view_base(const Engine::State& st, QueueId id) {
  const QueueRec& q = st.queues[id];
  QueueView v;
  v.id = id;
  v.name = q.cfg.name;
  v.waiting = static_cast<uint32_t>(q.waiting.size());
  for (const WaitKey& k : q.waiting)
    v.longest_wait_ms = std::max(v.longest_wait_ms, st.now_ms - st.find_contact(k.id)->wait_since_ms);
  v.ewt_ms = st.ewt_for_new(q, 0);
  v.overflowing = q.overflowing;
  v.staffed = q.staffed;
  return v;
}
}  // namespace

std::optional<QueueView> Engine::queue(QueueId id) const {
  const auto& st = *st_;
  if (id >= st.queues.size()) return std::nullopt;
  QueueView v = queue_view_base(st, id);
  const QueueRec& q = st.queues[id];
  for (AgentId a = 0; a < st.agents.size(); ++a)
    if (q.elig[a] == 0) ++v.agents_by_state[static_cast<int>(st.agents[a].reported)];
  return v;
}

std::vector<QueueView> Engine::queue_views() const {
  const auto& st = *st_;
  std::vector<QueueView> out;
  out.reserve(st.queues.size());
  for (QueueId q = 0; q < st.queues.size(); ++q) out.push_back(queue_view_base(st, q));
  for (const AgentRec& a : st.agents)
    for (const AgentQueueEntry& e : a.queues)
      if (e.min_step == 0) ++out[e.queue].agents_by_state[static_cast<int>(a.reported)];
  return out;
}

std::vector<GroupView> Engine::group_views() const {
  const auto& st = *st_;
  std::map<std::string_view, GroupView> groups;
  for (QueueId q = 0; q < st.queues.size(); ++q) {
    const QueueRec& qr = st.queues[q];
    int64_t ewt = -2;  // computed once per queue, when a group needs it
    for (const WaitKey& k : qr.waiting) {
      const ContactRec* c = st.find_contact(k.id);
      if (c->group.empty()) continue;
      GroupView& g = groups[c->group];
      ++g.waiting;
      g.longest_wait_ms = std::max(g.longest_wait_ms, st.now_ms - c->wait_since_ms);
      if (ewt == -2) ewt = st.ewt_for_new(qr, 0);
      g.ewt_ms = std::max(g.ewt_ms, ewt);
    }
  }
  std::vector<GroupView> out;
  out.reserve(groups.size());
  for (auto& [name, g] : groups) {
    g.group = std::string(name);
    out.push_back(std::move(g));
  }
  return out;
}

Result<WaitEstimate> Engine::wait_estimate(ContactId id) const {
  const auto& st = *st_;
  const ContactRec* c = st.find_contact(id);
  if (!c) return make_error(ErrorCode::kNotFound, "contact not found", "contact");
  if (c->state != ContactState::kQueued)
    return make_error(ErrorCode::kIllegalState, "contact is not waiting", "contact");
  const QueueRec& q = st.queues[c->queue];
  // Walk in from both ends at once: the cost is the distance to the nearer
  // end, so a contact that just joined the back of a long line is cheap.
  const WaitKey mine{-c->priority, c->position_ms, c->id};
  const size_t n = q.waiting.size();
  size_t ahead = 0;
  auto front = q.waiting.begin();
  auto back = q.waiting.end();
  for (size_t j = 0;; ++j, ++front) {
    if (*front == mine) {
      ahead = j;
      break;
    }
    if (*--back == mine) {
      ahead = n - 1 - j;
      break;
    }
  }
  WaitEstimate w;
  w.position = static_cast<uint32_t>(ahead) + 1;
  w.ewt_ms = q.est.estimate_ms(static_cast<uint32_t>(ahead), q.staffed_capacity);
  return w;
}

std::string Engine::dump_state() const { return st_->dump(); }

uint64_t Engine::state_digest() const {
  std::string s = dump_state();
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char ch : s) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  return h;
}

std::string Engine::State::dump() const {
  std::ostringstream o;
  o << "seq " << seq << "\n";
  o << "settings " << settings.offer_timeout_ms << ' ' << settings.missed_backoff_ms << ' '
    << settings.max_consecutive_misses << ' ' << settings.default_acw_ms << ' '
    << settings.voice_blocks_others << ' ' << settings.day_offset_ms << ' ' << settings.ewt_tau_ms << "\n";
  for (const auto& n : skill_names) o << "skill " << n << "\n";
  for (const auto& n : team_names) o << "team " << n << "\n";
  for (const auto& n : site_names) o << "site " << n << "\n";
  for (QueueId id = 0; id < queues.size(); ++id) {
    const QueueRec& q = queues[id];
    o << "queue " << id << ' ' << q.cfg.name << " ch=" << to_string(q.cfg.channel)
      << " prio=" << q.cfg.priority << " steps=" << q.cfg.bullseye.size()
      << " strategy=" << to_string(q.cfg.strategy) << " overflowing=" << q.overflowing
      << " rr=" << q.rr_last << " staffed=" << q.staffed << '/' << q.staffed_capacity
      << " est=";
    const WaitEstimator::State es = q.est.state();
    o << es.departures << ',' << es.busy_ms << ',' << es.aht_ms << ',' << es.per_place_ms << ',' << es.recent_ms
      << ',' << es.last_ms << ',' << es.holdtime_ms << ',' << es.started << es.served_seen << ',' << es.error_ms[0]
      << ',' << es.error_ms[1] << ',' << es.error_ms[2] << "\n  line";
    for (const WaitKey& k : q.waiting) o << ' ' << k.id;
    o << "\n  overflowed";
    for (const WaitKey& k : q.overflowed) o << ' ' << k.id;
    o << "\n  elig";
    for (AgentId a = 0; a < agents.size(); ++a) o << ' ' << int(q.elig[a]) << (q.backup[a] ? "b" : "");
    o << "\n";
  }
  for (AgentId id = 0; id < agents.size(); ++id) {
    const AgentRec& a = agents[id];
    o << "agent " << id << ' ' << a.cfg.name << " in=" << a.logged_in << " ready=" << a.ready
      << " reason=" << a.reason << " backoff=" << a.backoff_until_ms << " misses=" << a.misses
      << " state=" << to_string(a.reported) << '@' << a.state_since_ms << " today=" << a.today << ':'
      << a.contacts_today << " routable=";
    for (int ch = 0; ch < kChannelCount; ++ch) {
      o << a.routable[ch];
      if (a.routable[ch]) o << '@' << a.free_since_ms[ch];
      o << ',';
    }
    o << " times=";
    for (int64_t t : a.time_in_state_ms) o << t << ',';
    o << " reserved=";
    for (ContactId r : a.reserved) o << r << ',';
    o << " work=";
    for (const WorkItem& w : a.work)
      o << '[' << w.contact << ' ' << int(w.phase) << ' ' << w.queue << ' ' << w.since_ms << ' ' << w.talk_ms
        << ' ' << w.hold_ms << ']';
    o << "\n";
  }
  // Idle lists in order (ties of equal free_since must match too).
  for (size_t l = 0; l < lists.size(); ++l) {
    if (lists[l].size == 0) continue;
    o << "list " << l << ':';
    for (uint32_t n = lists[l].head; n != kNil; n = nodes[n].next) o << ' ' << nodes[n].agent;
    o << "\n";
  }
  for (const ContactRec& c : contacts) {
    if (!c.live) continue;
    o << "contact " << c.id << ' ' << to_string(c.state) << " q=" << c.queue << " ch=" << to_string(c.channel)
      << " prio=" << c.priority << " cust=" << c.customer_id << " group=" << c.group
      << " t=" << c.created_ms << ',' << c.wait_since_ms << ',' << c.position_ms << " step=" << int(c.step)
      << " ovf=" << c.overflowed << " cb=" << c.callback << " agent=" << c.agent
      << " ahead=" << c.ahead_at_entry << " mark=" << c.half_mark_ms << " preds=" << c.preds[0] << ',' << c.preds[1] << ',' << c.preds[2]
      << " hist=";
    for (QueueId q : c.history) o << q << ',';
    o << " attrs=" << c.attributes.size() << " for=" << c.reserved_for << '@' << c.reserved_until_ms << "\n";
  }
  // Pending timers that are still valid, in firing order by (due, kind, ids).
  std::vector<std::tuple<int64_t, int, ContactId, AgentId, int>> live;
  for (const Timer& t : timers)
    if (timer_valid(t)) live.emplace_back(t.due_ms, int(t.kind), t.contact, t.agent, t.arg);
  std::sort(live.begin(), live.end());
  live.erase(std::unique(live.begin(), live.end()), live.end());
  for (const auto& [due, kind, c, a, arg] : live)
    o << "timer " << due << ' ' << kind << ' ' << c << ' ' << a << ' ' << arg << "\n";
  return o.str();
}

}  // namespace switchyard::core
