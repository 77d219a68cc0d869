#pragma once
// A 4-ary min-heap of timed items: the simulator's event queue.
//
// Items need `int64_t t_ms` and `uint64_t seq`; they pop in (t_ms, seq)
// order, a total order, so the sequence is deterministic. Four children per
// node halve the depth of a binary heap and keep siblings in one or two cache
// lines: cheaper pops for the tens of thousands of pending events of a large
// run.
#include <cstddef>
#include <utility>
#include <vector>

namespace switchyard::sim {

template <typename T>
class EventHeap {
 public:
  bool empty() const { return v_.empty(); }
  size_t size() const { return v_.size(); }
  const T& top() const { return v_.front(); }
  void reserve(size_t n) { v_.reserve(n); }

  void push(const T& x) {
    size_t i = v_.size();
    v_.push_back(x);
    while (i > 0) {
      const size_t parent = (i - 1) / kArity;
      if (!less(x, v_[parent])) break;
      v_[i] = v_[parent];
      i = parent;
    }
    v_[i] = x;
  }

  // Removes and returns the smallest item. Precondition: !empty().
  T pop() {
    T out = v_.front();
    T last = v_.back();
    v_.pop_back();
    const size_t n = v_.size();
    if (n == 0) return out;
    size_t i = 0;
    for (;;) {
      const size_t first = i * kArity + 1;
      if (first >= n) break;
      size_t best = first;
      const size_t end = first + kArity < n ? first + kArity : n;
      for (size_t c = first + 1; c < end; ++c) {
        if (less(v_[c], v_[best])) best = c;
      }
      if (!less(v_[best], last)) break;
      v_[i] = v_[best];
      i = best;
    }
    v_[i] = last;
    return out;
  }

 private:
  static constexpr size_t kArity = 4;
  static bool less(const T& a, const T& b) { return a.t_ms != b.t_ms ? a.t_ms < b.t_ms : a.seq < b.seq; }
  std::vector<T> v_;
};

}  // namespace switchyard::sim
