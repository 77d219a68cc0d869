#pragma once
// A deliberately naive router, as SQL-polling ACDs work: every decision scans
// every agent (contact side) or every waiting contact (agent side). It exists
// only as the baseline the routing benchmark compares the engine against.
#include <cstdint>
#include <vector>

namespace switchyard::bench {

struct NaiveAgent {
  std::vector<uint8_t> prof;  // by skill, 0 = none
  bool logged_in = true;
  bool busy = false;
  int64_t free_since_ms = 0;
};

struct NaiveContact {
  uint64_t id = 0;
  uint32_t queue = 0;
  int priority = 0;
  int64_t arrived_ms = 0;
  bool live = false;
};

class NaiveRouter {
 public:
  NaiveRouter(std::vector<NaiveAgent> agents, std::vector<std::pair<uint32_t, uint8_t>> queue_skill);
  // A contact arrives: returns the agent it goes to, or -1 if it waits.
  int64_t arrive(uint64_t id, uint32_t queue, int priority, int64_t now_ms);
  // An agent is free: returns the contact it takes, or 0 if none waits.
  uint64_t agent_free(uint32_t agent, int64_t now_ms);
  // A waiting contact leaves. Returns false if it was not waiting.
  bool abandon(uint64_t id);

 private:
  bool eligible(const NaiveAgent& a, uint32_t queue) const;
  std::vector<NaiveAgent> agents_;
  std::vector<std::pair<uint32_t, uint8_t>> queue_skill_;  // (skill, min proficiency)
  std::vector<NaiveContact> waiting_;                       // every queue, one table
};

}  // namespace switchyard::bench
