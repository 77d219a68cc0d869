#pragma once
// The one place switchyard_http asks for the time (core/clock.h reads it): request latency for the
// RequestDone hook. (Timeouts use Asio/Beast timers, which read
// steady_clock themselves.) Monotonic, nanoseconds, arbitrary epoch.
#include <cstdint>

#include "core/clock.h"

namespace switchyard::http::detail {

inline int64_t steady_now_ns() { return monotonic_ns(); }  // the project's one monotonic clock read

}  // namespace switchyard::http::detail
