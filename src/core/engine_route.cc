// Eligibility, idle lists and the two routing decisions:
//  - contact side (find_agent): a contact became routable; search the idle
//    lists of the queue's pivot skills for the best eligible agent;
//  - agent side (find_contact_for): an agent became free; look at the head of
//    each non-empty queue it can serve and take the best contact.
#include <algorithm>
#include <limits>

#include "core/engine_state.h"

namespace switchyard::core {

// ---- eligibility ----------------------------------------------------------------

bool Engine::State::matches(const AgentRec& a, const std::vector<SkillRequirement>& req,
                            int relax) const {
  for (const SkillRequirement& r : req) {
    int need = relax > 0 ? std::min(r.min_proficiency, relax) : r.min_proficiency;
    if (a.prof[r.skill] < need) return false;
  }
  return true;
}

uint8_t Engine::State::compute_min_step(const AgentRec& a, const QueueRec& q) const {
  const QueueConfig& cfg = q.cfg;
  bool site_ok = cfg.sites.empty() ||
                 std::find(cfg.sites.begin(), cfg.sites.end(), a.cfg.site) != cfg.sites.end();
  int relax = 0;
  for (size_t k = 0; k <= cfg.bullseye.size(); ++k) {
    if (k > 0) {
      const BullseyeStep& s = cfg.bullseye[k - 1];
      if (s.min_proficiency) relax = relax > 0 ? std::min(relax, *s.min_proficiency) : *s.min_proficiency;
      if (!site_ok && std::find(s.add_sites.begin(), s.add_sites.end(), a.cfg.site) != s.add_sites.end())
        site_ok = true;
    }
    if (!site_ok) continue;
    if (matches(a, cfg.skills, relax)) return static_cast<uint8_t>(k);
    for (size_t j = 0; j < k; ++j) {
      const BullseyeStep& s = cfg.bullseye[j];
      for (const auto& alt : s.alternative_skills)
        if (matches(a, alt, 0)) return static_cast<uint8_t>(k);
      for (QueueId q2 : s.add_queues)
        if (matches(a, queues[q2].cfg.skills, 0)) return static_cast<uint8_t>(k);
    }
  }
  return kNeverStep;
}

bool Engine::State::compute_backup(const AgentRec& a, AgentId /*id*/, const QueueRec& q) const {
  const OverflowConfig& o = q.cfg.overflow;
  if (a.cfg.team != kNoId &&
      std::find(o.backup_teams.begin(), o.backup_teams.end(), a.cfg.team) != o.backup_teams.end())
    return true;
  for (QueueId q2 : o.backup_queues)
    if (matches(a, queues[q2].cfg.skills, 0)) return true;
  return false;
}

namespace {
void set_entry(std::vector<AgentQueueEntry>& v, QueueId q, uint8_t step, bool backup) {
  auto it = std::lower_bound(v.begin(), v.end(), q,
                             [](const AgentQueueEntry& e, QueueId id) { return e.queue < id; });
  bool present = it != v.end() && it->queue == q;
  bool want = step != kNeverStep || backup;
  if (!want) {
    if (present) v.erase(it);
  } else if (present) {
    it->min_step = step;
    it->backup = backup;
  } else {
    v.insert(it, AgentQueueEntry{q, step, backup});
  }
}
}  // namespace

void Engine::State::recompute_queue_eligibility(QueueId qid) {
  QueueRec& q = queues[qid];
  q.staffed = 0;
  q.staffed_capacity = 0;
  for (AgentId a = 0; a < agents.size(); ++a) {
    AgentRec& ag = agents[a];
    uint8_t step = compute_min_step(ag, q);
    bool backup = compute_backup(ag, a, q);
    if (step != q.elig[a] || backup != (q.backup[a] != 0)) {
      q.elig[a] = step;
      q.backup[a] = backup ? 1 : 0;
      set_entry(ag.queues, qid, step, backup);
    }
    if (ag.ready && step == 0) {
      ++q.staffed;
      q.staffed_capacity += static_cast<uint32_t>(ag.cfg.capacity[static_cast<int>(q.cfg.channel)]);
    }
  }
  rebuild_pivots(qid);
}

void Engine::State::recompute_agent_eligibility(AgentId a) {
  AgentRec& ag = agents[a];
  ag.queues.clear();
  for (QueueId q = 0; q < queues.size(); ++q) {
    QueueRec& qr = queues[q];
    qr.elig[a] = compute_min_step(ag, qr);
    qr.backup[a] = compute_backup(ag, a, qr) ? 1 : 0;
    if (qr.elig[a] != kNeverStep || qr.backup[a]) ag.queues.push_back({q, qr.elig[a], qr.backup[a] != 0});
  }
}

// The idle list to search for agents meeting `req`: the rarest skill's list.
static uint32_t pivot_for(const Engine::State& st, const std::vector<SkillRequirement>& req) {
  if (req.empty()) return st.any_list;
  SkillId best = req.front().skill;
  for (const SkillRequirement& r : req)
    if (st.skill_agents[r.skill] < st.skill_agents[best]) best = r.skill;
  return st.skill_list[best];
}

void Engine::State::rebuild_pivots(QueueId qid) {
  QueueRec& q = queues[qid];
  const QueueConfig& cfg = q.cfg;
  q.pivots.assign(cfg.bullseye.size() + 1, {});
  std::vector<uint32_t> acc{pivot_for(*this, cfg.skills)};
  auto add = [&](uint32_t l) {
    if (std::find(acc.begin(), acc.end(), l) == acc.end()) acc.push_back(l);
  };
  for (size_t k = 0; k <= cfg.bullseye.size(); ++k) {
    if (k > 0) {
      const BullseyeStep& s = cfg.bullseye[k - 1];
      for (const auto& alt : s.alternative_skills) add(pivot_for(*this, alt));
      for (QueueId q2 : s.add_queues) add(pivot_for(*this, queues[q2].cfg.skills));
    }
    // "any" already holds every agent: searching it alone is enough.
    if (std::find(acc.begin(), acc.end(), any_list) != acc.end()) q.pivots[k] = {any_list};
    else q.pivots[k] = acc;
  }
  q.backup_pivots.clear();
  for (TeamId t : cfg.overflow.backup_teams) q.backup_pivots.push_back(team_list[t]);
  for (QueueId q2 : cfg.overflow.backup_queues) q.backup_pivots.push_back(pivot_for(*this, queues[q2].cfg.skills));
}

void Engine::State::rebuild_dirty_pivots() {
  if (!pivots_dirty) return;
  pivots_dirty = false;
  for (QueueId q = 0; q < queues.size(); ++q) rebuild_pivots(q);
}

// ---- idle lists -------------------------------------------------------------------

uint32_t Engine::State::new_list() {
  uint32_t base = static_cast<uint32_t>(lists.size() / kChannelCount);
  lists.resize(lists.size() + kChannelCount);
  return base;
}

bool Engine::State::can_take(const AgentRec& a, Channel ch) const {
  int c = static_cast<int>(ch);
  if (!a.logged_in || !a.ready || a.backoff_until_ms != 0) return false;
  if (a.load[c] >= a.cfg.capacity[c]) return false;
  if (settings.voice_blocks_others) {
    if (ch == Channel::kVoice) return a.total_load == 0;
    return a.load[static_cast<int>(Channel::kVoice)] == 0;
  }
  return true;
}

void Engine::State::link_channel(AgentId id, int ch, bool want) {
  AgentRec& a = agents[id];
  const size_t m = a.member_lists.size();
  a.routable[ch] = want;
  if (want) a.free_since_ms[ch] = now_ms;
  for (size_t k = 0; k < m; ++k) {
    uint32_t ni = a.node_base + static_cast<uint32_t>(ch * m + k);
    IdleNode& n = nodes[ni];
    IdleList& l = lists[n.list];
    if (want) {  // append: lists stay ordered by free_since
      n.prev = l.tail;
      n.next = kNil;
      if (l.tail != kNil) nodes[l.tail].next = ni;
      else l.head = ni;
      l.tail = ni;
      ++l.size;
      n.linked = true;
    } else {
      if (n.prev != kNil) nodes[n.prev].next = n.next;
      else l.head = n.next;
      if (n.next != kNil) nodes[n.next].prev = n.prev;
      else l.tail = n.prev;
      --l.size;
      n.prev = n.next = kNil;
      n.linked = false;
    }
  }
}

void Engine::State::refresh_routable(AgentId id) {
  AgentRec& a = agents[id];
  for (int ch = 0; ch < kChannelCount; ++ch) {
    bool want = can_take(a, static_cast<Channel>(ch));
    if (want != a.routable[ch]) link_channel(id, ch, want);
  }
}

void Engine::State::unlink_agent_nodes(AgentId id) {
  AgentRec& a = agents[id];
  if (a.node_base == kNil) return;
  bool saved_logged = a.logged_in;
  a.logged_in = false;  // makes can_take false everywhere
  refresh_routable(id);
  a.logged_in = saved_logged;
}


// ---- decisions ----------------------------------------------------------------------

namespace {
double occupancy_of(const AgentRec& a, int64_t now) {
  auto t = a.time_in_state_ms;
  t[static_cast<int>(a.reported)] += now - a.state_since_ms;
  double on = static_cast<double>(t[static_cast<int>(AgentState::kBusy)] +
                                  t[static_cast<int>(AgentState::kWrapUp)]);
  double idle = static_cast<double>(t[static_cast<int>(AgentState::kAvailable)] +
                                    t[static_cast<int>(AgentState::kReserved)]);
  return on + idle > 0 ? on / (on + idle) : 0.0;
}
}  // namespace

bool Engine::State::backup_may_take(const QueueRec& q, const ContactRec& c) const {
  return q.overflowing && !q.waiting.empty() && q.waiting.begin()->id == c.id;
}

AgentId Engine::State::find_agent(QueueId qid, Channel ch, uint8_t step, bool backup_ok) const {
  const QueueRec& q = queues[qid];
  const int c = static_cast<int>(ch);
  const Strategy strategy = q.cfg.strategy;
  const SkillId first_skill = q.cfg.skills.empty() ? kNoId : q.cfg.skills.front().skill;
  const int64_t day = (now_ms + settings.day_offset_ms) / 86'400'000;
  AgentId best = kNoId;
  // Lexicographic key, smaller is better.
  int64_t best_k1 = 0, best_k2 = 0;
  double best_occ = 0;
  auto consider = [&](AgentId a) {
    const AgentRec& ag = agents[a];
    int64_t k1 = 0, k2 = ag.free_since_ms[c];
    double occ = 0;
    switch (strategy) {
      case Strategy::kLongestIdle: break;
      case Strategy::kHighestProficiency: k1 = first_skill == kNoId ? 0 : -ag.prof[first_skill]; break;
      case Strategy::kFewestContacts: k1 = ag.today == day ? ag.contacts_today : 0; break;
      case Strategy::kRoundRobin:
        k1 = (q.rr_last == kNoId || a > q.rr_last) ? 0 : 1;
        k2 = a;
        break;
      case Strategy::kLeastOccupied: occ = occupancy_of(ag, now_ms); break;
    }
    bool better;
    if (best == kNoId) better = true;
    else if (occ != best_occ) better = occ < best_occ;
    else if (k1 != best_k1) better = k1 < best_k1;
    else if (k2 != best_k2) better = k2 < best_k2;
    else better = a < best;
    if (better) {
      best = a;
      best_k1 = k1;
      best_k2 = k2;
      best_occ = occ;
    }
  };
  auto search = [&](uint32_t base) {
    const IdleList& l = lists[base * kChannelCount + c];
    for (uint32_t n = l.head; n != kNil; n = nodes[n].next) {
      AgentId a = nodes[n].agent;
      if (!eligible(q, a, step, backup_ok)) continue;
      consider(a);
      // Lists are ordered by free_since: the first eligible is this list's longest idle.
      if (strategy == Strategy::kLongestIdle) return;
    }
  };
  uint8_t s = std::min<size_t>(step, q.pivots.size() - 1);
  for (uint32_t base : q.pivots[s]) search(base);
  if (backup_ok)
    for (uint32_t base : q.backup_pivots) search(base);
  return best;
}

ContactId Engine::State::find_contact_for(AgentId a) const {
  const AgentRec& ag = agents[a];
  // Contacts transferred to this agent come first, oldest reservation first.
  for (ContactId r : ag.reserved) {
    if (ag.routable[static_cast<int>(find_contact(r)->channel)]) return r;
  }
  ContactId best = kNoContact;
  int64_t best_prio = 0;
  double best_wait = 0;
  for (const AgentQueueEntry& e : ag.queues) {
    if (queue_waiting[e.queue] == 0) continue;
    const QueueRec& q = queues[e.queue];
    if (!ag.routable[static_cast<int>(q.cfg.channel)]) continue;
    const WaitKey* cand = nullptr;
    if (e.backup && q.overflowing) {
      // In overflow mode a backup agent serves the line oldest first: the head.
      if (!find_contact(q.waiting.begin()->id)->reserved_for_other(a)) cand = &*q.waiting.begin();
    } else if (e.min_step != kNeverStep) {
      auto it = q.waiting.begin();
      while (it != q.waiting.end()) {
        const ContactRec& c = *find_contact(it->id);
        if (c.step >= e.min_step && !c.reserved_for_other(a)) {
          cand = &*it;
          break;
        }
        if (q.out_of_order > 0 || q.reserved > 0) {
          ++it;  // steps are not ordered by place: look at each
        } else {   // same priority, later place: fewer steps; skip the priority level
          it = q.waiting.lower_bound(
              WaitKey{it->neg_priority + 1, std::numeric_limits<int64_t>::min(), 0});
        }
      }
    }
    if (!cand) continue;
    int64_t prio = static_cast<int64_t>(q.cfg.priority) - cand->neg_priority;
    double wait = static_cast<double>(now_ms - cand->position_ms) * q.cfg.weight;
    bool better = best == kNoContact || prio > best_prio ||
                  (prio == best_prio && (wait > best_wait || (wait == best_wait && cand->id < best)));
    if (better) {
      best = cand->id;
      best_prio = prio;
      best_wait = wait;
    }
  }
  return best;
}

void Engine::State::offer(ContactRec& c, AgentId a) { emit(ev::ContactOffered{c.id, a, c.queue}); }

void Engine::State::route_pending() {
  rebuild_dirty_pivots();
  std::vector<AgentId> agents_now;
  std::vector<ContactId> contacts_now;
  while (!pending_agents.empty() || !pending_contacts.empty()) {
    agents_now.swap(pending_agents);
    pending_agents.clear();
    std::sort(agents_now.begin(), agents_now.end());
    agents_now.erase(std::unique(agents_now.begin(), agents_now.end()), agents_now.end());
    for (AgentId a : agents_now) {
      for (;;) {
        ContactId cid = find_contact_for(a);
        if (cid == kNoContact) break;
        offer(*find_contact(cid), a);
      }
    }
    agents_now.clear();
    contacts_now.swap(pending_contacts);
    pending_contacts.clear();
    for (ContactId cid : contacts_now) {
      ContactRec* c = find_contact(cid);
      if (!c || c->state != ContactState::kQueued) continue;
      if (c->reserved_for != kNoId) {
        if (agents[c->reserved_for].routable[static_cast<int>(c->channel)]) offer(*c, c->reserved_for);
        continue;
      }
      AgentId a = find_agent(c->queue, c->channel, c->step, backup_may_take(queues[c->queue], *c));
      if (a != kNoId) offer(*c, a);
    }
    contacts_now.clear();
  }
}

uint32_t Engine::State::ahead_of(const QueueRec& q, int priority) const {
  uint32_t n = 0;
  for (auto it = q.prio_counts.lower_bound(priority); it != q.prio_counts.end(); ++it) n += it->second;
  return n;
}

int64_t Engine::State::ewt_for_new(const QueueRec& q, int priority) const {
  return q.est.estimate_ms(ahead_of(q, priority), q.staffed_capacity);
}

}  // namespace switchyard::core
