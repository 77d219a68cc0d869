#include "naive_router.h"

#include <algorithm>

namespace switchyard::bench {

NaiveRouter::NaiveRouter(std::vector<NaiveAgent> agents,
                         std::vector<std::pair<uint32_t, uint8_t>> queue_skill)
    : agents_(std::move(agents)), queue_skill_(std::move(queue_skill)) {}

bool NaiveRouter::eligible(const NaiveAgent& a, uint32_t queue) const {
  auto [skill, min] = queue_skill_[queue];
  return a.prof[skill] >= min;
}

int64_t NaiveRouter::arrive(uint64_t id, uint32_t queue, int priority, int64_t now_ms) {
  int64_t best = -1;
  for (size_t i = 0; i < agents_.size(); ++i) {  // SELECT ... FROM agents WHERE ... ORDER BY idle
    const NaiveAgent& a = agents_[i];
    if (!a.logged_in || a.busy || !eligible(a, queue)) continue;
    if (best < 0 || a.free_since_ms < agents_[best].free_since_ms) best = static_cast<int64_t>(i);
  }
  if (best >= 0) {
    agents_[best].busy = true;
    return best;
  }
  waiting_.push_back({id, queue, priority, now_ms, true});
  return -1;
}

uint64_t NaiveRouter::agent_free(uint32_t agent, int64_t now_ms) {
  NaiveAgent& a = agents_[agent];
  a.busy = false;
  a.free_since_ms = now_ms;
  size_t best = waiting_.size();
  for (size_t i = 0; i < waiting_.size(); ++i) {  // SELECT ... FROM calls ORDER BY prio, age
    const NaiveContact& c = waiting_[i];
    if (!eligible(a, c.queue)) continue;
    if (best == waiting_.size() || c.priority > waiting_[best].priority ||
        (c.priority == waiting_[best].priority && c.arrived_ms < waiting_[best].arrived_ms))
      best = i;
  }
  if (best == waiting_.size()) return 0;
  uint64_t id = waiting_[best].id;
  waiting_.erase(waiting_.begin() + static_cast<std::ptrdiff_t>(best));
  a.busy = true;
  return id;
}

bool NaiveRouter::abandon(uint64_t id) {
  auto it = std::find_if(waiting_.begin(), waiting_.end(), [&](const NaiveContact& c) { return c.id == id; });
  if (it == waiting_.end()) return false;
  waiting_.erase(it);
  return true;
}

}  // namespace switchyard::bench
