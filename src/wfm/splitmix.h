#pragma once
// splitmix64: a small, fast random sequence that is the same on every
// platform, for the schedule generator's moves and the sample problems
// (deterministic given the seed).
#include <cstdint>

namespace switchyard::wfm {

struct SplitMix {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }  // n > 0
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }           // [0, 1)
};

}  // namespace switchyard::wfm
