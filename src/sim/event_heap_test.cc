#include "sim/event_heap.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/random.h"

namespace switchyard::sim {
namespace {

struct Item {
  int64_t t_ms;
  uint64_t seq;
};

TEST(EventHeapTest, PopsInTimeThenInsertionOrder) {
  EventHeap<Item> h;
  Rng rng(3);
  std::vector<Item> all;
  uint64_t seq = 0;
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < 200; ++i) {
      const Item x{static_cast<int64_t>(rng.uniform() * 100), seq++};  // many equal times
      h.push(x);
      all.push_back(x);
    }
    // Interleave pops with pushes like the simulator does.
    for (int i = 0; i < 150; ++i) {
      auto it = std::min_element(all.begin(), all.end(), [](const Item& a, const Item& b) {
        return a.t_ms != b.t_ms ? a.t_ms < b.t_ms : a.seq < b.seq;
      });
      const Item got = h.pop();
      ASSERT_EQ(got.t_ms, it->t_ms);
      ASSERT_EQ(got.seq, it->seq);
      all.erase(it);
    }
  }
  EXPECT_EQ(h.size(), all.size());
  int64_t last_t = -1;
  uint64_t last_seq = 0;
  while (!h.empty()) {
    const Item x = h.pop();
    ASSERT_TRUE(x.t_ms > last_t || (x.t_ms == last_t && x.seq > last_seq));
    last_t = x.t_ms;
    last_seq = x.seq;
  }
}

}  // namespace
}  // namespace switchyard::sim
