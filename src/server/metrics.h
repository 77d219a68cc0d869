#pragma once
// Prometheus metrics of the server (prometheus-cpp core; exposed as text on
// /metrics by the API). Thread-safe: every method may be called from any thread.
#include <memory>
#include <string>
#include <string_view>

#include "core/engine.h"
#include "metrics/kpi_projection.h"
#include "server/engine_host.h"
#include "server/projection_host.h"

namespace switchyard::server {

// The voice edge's figures (docs/voice.md), totals since the start.
struct VoiceFigures {
  uint64_t calls_in = 0, calls_refused = 0, bad_messages = 0, retransmissions = 0;
  uint64_t legs = 0;  // now
  uint64_t rtp_packets_in = 0, rtp_to_agents = 0, rtp_to_customers = 0;
  uint64_t rtp_played = 0;  // packets of prompts and music sent
  uint64_t digits = 0;      // keys callers pressed (RFC 4733 and SIP INFO)
  uint64_t rtp_mixed = 0;       // packets of supervised calls' mixes
  uint64_t rtp_transcoded = 0;  // packets relayed in another codec or denoised
  uint64_t tcp_connections = 0; // SIP over TCP connections now
  uint64_t rtp_misplaced = 0;   // bridges the relay refused: legs on different threads (a bug; 0)
};

class Metrics {
 public:
  Metrics();
  ~Metrics();
  // One finished HTTP request (route pattern, not the raw path, as the label).
  void request(std::string_view method, std::string_view route, int status, int64_t latency_ns);
  // One group commit of `events` events taking `micros`.
  void commit(uint64_t micros, size_t events);
  // Queue and agent gauges from the engine. Engine thread.
  void observe_engine(const core::Engine& e);
  void set_subscribers(size_t n);
  // Alerts raised now (docs/api.md, "Alerts").
  void set_alerts_active(size_t n);
  // Call recordings deleted by retention since start (voice.recordings_keep_days).
  void set_recordings_deleted(uint64_t n);
  void observe_voice(const VoiceFigures& v);
  // Today's per-queue KPIs (gauges; nothing when null).
  void observe_today(const std::shared_ptr<const metrics::TodayKpis>& today);
  // The runtime's own state: queues of work, projection positions, memory.
  void observe_runtime(const HostStats& host, const std::vector<ProjectionStatus>& projections,
                       size_t store_backlog, size_t idempotency_keys_in_memory);
  // The Prometheus text exposition of everything.
  std::string text() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace switchyard::server
