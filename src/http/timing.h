#pragma once
// The one place switchyard_http reads a clock: request latency for the
// RequestDone hook. (Timeouts use Asio/Beast timers, which read
// steady_clock themselves.) Monotonic, nanoseconds, arbitrary epoch.
#include <chrono>
#include <cstdint>

namespace switchyard::http::detail {

inline int64_t steady_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace switchyard::http::detail
