#pragma once
// What rtp_probe and rtp_load share: the clock their packets carry, the
// percentiles they report and where a result line goes.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

namespace switchyard::bench {

// CLOCK_MONOTONIC in ns (the send time a packet carries).
inline int64_t now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// The q-quantile (0..1) of `sorted` (ascending), nearest rank; -1 when empty.
inline int64_t percentile(const std::vector<int64_t>& sorted, double q) {
  if (sorted.empty()) return -1;
  return sorted[std::min(sorted.size() - 1, static_cast<size_t>(q * static_cast<double>(sorted.size())))];
}

// `line` to stdout and, when `out` is not empty, appended to that file.
inline void emit_line(const std::string& line, const std::string& out) {
  std::fputs(line.c_str(), stdout);
  std::fflush(stdout);
  if (out.empty()) return;
  if (FILE* f = std::fopen(out.c_str(), "a")) {
    std::fputs(line.c_str(), f);
    std::fclose(f);
  }
}

}  // namespace switchyard::bench
