#include "server/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <mutex>

#include "storage/database.h"

namespace switchyard::server {

struct Metrics::Impl {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Counter>& requests = prometheus::BuildCounter()
                                                          .Name("switchyard_http_requests_total")
                                                          .Help("HTTP requests by method, route and status")
                                                          .Register(*registry);
  prometheus::Family<prometheus::Histogram>& latency = prometheus::BuildHistogram()
                                                           .Name("switchyard_http_request_duration_seconds")
                                                           .Help("HTTP request latency by route")
                                                           .Register(*registry);
  prometheus::Family<prometheus::Counter>& events_family =
      prometheus::BuildCounter().Name("switchyard_events_total").Help("Durable engine events").Register(*registry);
  prometheus::Counter& events = events_family.Add({});
  prometheus::Family<prometheus::Counter>& commits_family =
      prometheus::BuildCounter().Name("switchyard_store_commits_total").Help("Group commits").Register(*registry);
  prometheus::Counter& commits = commits_family.Add({});
  prometheus::Family<prometheus::Histogram>& commit_latency_family = prometheus::BuildHistogram()
                                                                         .Name("switchyard_store_commit_seconds")
                                                                         .Help("Group commit latency")
                                                                         .Register(*registry);
  prometheus::Histogram& commit_latency = commit_latency_family.Add(
      {}, prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1});
  prometheus::Family<prometheus::Gauge>& waiting =
      prometheus::BuildGauge().Name("switchyard_queue_waiting").Help("Contacts waiting per queue").Register(*registry);
  prometheus::Family<prometheus::Gauge>& longest =
      prometheus::BuildGauge().Name("switchyard_queue_longest_wait_seconds").Help("Longest current wait per queue").Register(*registry);
  prometheus::Family<prometheus::Gauge>& agents =
      prometheus::BuildGauge().Name("switchyard_agents").Help("Agents by state").Register(*registry);
  prometheus::Family<prometheus::Gauge>& subs_family =
      prometheus::BuildGauge().Name("switchyard_event_subscribers").Help("WebSocket event subscribers").Register(*registry);
  prometheus::Gauge& subscribers = subs_family.Add({});
  prometheus::Family<prometheus::Gauge>& alerts_family =
      prometheus::BuildGauge().Name("switchyard_alerts_active").Help("Alerts raised now").Register(*registry);
  prometheus::Gauge& alerts_active = alerts_family.Add({});
  prometheus::Family<prometheus::Gauge>& recordings_deleted_family =
      prometheus::BuildGauge()
          .Name("switchyard_recordings_deleted")
          .Help("Call recordings deleted by retention since start (voice.recordings_keep_days)")
          .Register(*registry);
  prometheus::Gauge& recordings_deleted = recordings_deleted_family.Add({});
  prometheus::Family<prometheus::Gauge>& voice_family =
      prometheus::BuildGauge()
          .Name("switchyard_voice")
          .Help("Voice edge: totals since start (calls_in, calls_refused, bad_messages, retransmissions, "
                "rtp_packets_in, rtp_to_agents, rtp_to_customers: RTP packets received and relayed each way; rtp_played: packets of prompts and music; digits: keys callers pressed; rtp_mixed: packets of supervised calls' mixes; rtp_transcoded: packets relayed in another codec or denoised; tcp_connections: SIP over TCP connections now; rtp_misplaced: bridges refused because the legs were on different relay threads, a bug) and call legs now (legs)")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& seq_family =
      prometheus::BuildGauge().Name("switchyard_engine_seq").Help("Last engine event sequence number").Register(*registry);
  prometheus::Gauge& seq = seq_family.Add({});
  prometheus::Family<prometheus::Gauge>& today =
      prometheus::BuildGauge()
          .Name("switchyard_queue_kpi")
          .Help("KPIs per queue and window (today, 15m, 60m; kpi: offered, answered, abandoned, service_level, "
                "asa_seconds, aht_seconds, abandon_rate, occupancy, ...), docs/kpis.md")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& runtime =
      prometheus::BuildGauge()
          .Name("switchyard_runtime")
          .Help("Server internals (what: durable_seq, pending_tasks, pending_batches, store_backlog, "
                "idempotency_keys_in_memory, resident_bytes, heap_in_use_bytes, heap_free_bytes, "
                "sqlite_heap_bytes)")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& projection_seq =
      prometheus::BuildGauge()
          .Name("switchyard_projection_applied_seq")
          .Help("Last event a projection applied")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& projection_failing =
      prometheus::BuildGauge()
          .Name("switchyard_projection_failing")
          .Help("1 while a projection's last apply failed")
          .Register(*registry);

  std::mutex mu;  // guards the label caches below
  std::map<std::string, prometheus::Counter*, std::less<>> request_counters;
  std::map<std::string, prometheus::Histogram*, std::less<>> latency_histograms;
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

void Metrics::request(std::string_view method, std::string_view route, int status, int64_t latency_ns) {
  std::string r = route.empty() ? "unmatched" : std::string(route);
  std::string key = std::string(method) + ' ' + r + ' ' + std::to_string(status);
  prometheus::Counter* c;
  prometheus::Histogram* h;
  {
    std::lock_guard lk(impl_->mu);
    auto it = impl_->request_counters.find(key);
    if (it == impl_->request_counters.end())
      it = impl_->request_counters
               .emplace(key, &impl_->requests.Add(
                                 {{"method", std::string(method)}, {"route", r}, {"status", std::to_string(status)}}))
               .first;
    c = it->second;
    auto hit = impl_->latency_histograms.find(r);
    if (hit == impl_->latency_histograms.end())
      hit = impl_->latency_histograms
                .emplace(r, &impl_->latency.Add({{"route", r}}, prometheus::Histogram::BucketBoundaries{
                                                                    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                                    0.01, 0.025, 0.05, 0.1, 0.25, 1}))
                .first;
    h = hit->second;
  }
  c->Increment();
  h->Observe(static_cast<double>(latency_ns) / 1e9);
}

void Metrics::commit(uint64_t micros, size_t events) {
  impl_->commits.Increment();
  impl_->events.Increment(static_cast<double>(events));
  impl_->commit_latency.Observe(static_cast<double>(micros) / 1e6);
}

void Metrics::observe_engine(const core::Engine& e) {
  impl_->seq.Set(static_cast<double>(e.last_seq()));
  std::array<double, core::kAgentStateCount> by_state{};
  for (core::AgentId a = 0; a < e.agent_count(); ++a) by_state[static_cast<int>(e.agent(a)->state)] += 1;
  for (int s = 0; s < core::kAgentStateCount; ++s)
    impl_->agents.Add({{"state", std::string(core::to_string(static_cast<core::AgentState>(s)))}}).Set(by_state[s]);
  for (const core::QueueView& qv : e.queue_views()) {
    const core::QueueView* v = &qv;
    impl_->waiting.Add({{"queue", v->name}}).Set(v->waiting);
    impl_->longest.Add({{"queue", v->name}}).Set(static_cast<double>(v->longest_wait_ms) / 1000.0);
  }
}

void Metrics::set_subscribers(size_t n) { impl_->subscribers.Set(static_cast<double>(n)); }
void Metrics::observe_voice(const VoiceFigures& v) {
  const std::pair<const char*, uint64_t> figures[] = {
      {"calls_in", v.calls_in},           {"calls_refused", v.calls_refused},   {"bad_messages", v.bad_messages},
      {"retransmissions", v.retransmissions}, {"legs", v.legs},                 {"rtp_packets_in", v.rtp_packets_in},
      {"rtp_to_agents", v.rtp_to_agents},     {"rtp_to_customers", v.rtp_to_customers}, {"rtp_played", v.rtp_played},
      {"digits", v.digits}, {"rtp_mixed", v.rtp_mixed}, {"rtp_transcoded", v.rtp_transcoded},
      {"tcp_connections", v.tcp_connections}, {"rtp_misplaced", v.rtp_misplaced}};
  for (auto [name, value] : figures) impl_->voice_family.Add({{"figure", name}}).Set(static_cast<double>(value));
}

void Metrics::set_alerts_active(size_t n) { impl_->alerts_active.Set(static_cast<double>(n)); }
void Metrics::set_recordings_deleted(uint64_t n) { impl_->recordings_deleted.Set(static_cast<double>(n)); }

void Metrics::observe_today(const std::shared_ptr<const metrics::TodayKpis>& today) {
  if (!today) return;
  for (const metrics::KpiEntry& q : today->entries) {
    if (q.dim != metrics::Dim::kQueue || q.name.empty()) continue;
    const std::pair<const char*, const metrics::KpiFigures*> windows[] = {
        {"today", &q.today}, {"15m", &q.last_15m}, {"60m", &q.last_60m}};
    for (auto [window, f] : windows) {
      const std::pair<const char*, double> values[] = {
          {"offered", static_cast<double>(f->offered)},
          {"answered", static_cast<double>(f->answered)},
          {"abandoned", static_cast<double>(f->abandoned)},
          {"short_abandoned", static_cast<double>(f->short_abandoned)},
          {"handled", static_cast<double>(f->handled)},
          {"service_level", f->service_level},
          {"asa_seconds", f->asa_s},
          {"aht_seconds", f->aht_s},
          {"avg_talk_seconds", f->avg_talk_s},
          {"avg_hold_seconds", f->avg_hold_s},
          {"avg_acw_seconds", f->avg_acw_s},
          {"abandon_rate", f->abandon_rate},
          {"transfer_rate", f->transfer_rate},
          {"occupancy", f->occupancy},
          {"utilisation", f->utilisation},
          {"survey_answers", static_cast<double>(f->survey_answers)},
          {"csat", f->csat},
          {"fcr_eligible", static_cast<double>(f->fcr_eligible)},
          {"fcr", f->fcr},
          {"repeat_rate", f->repeat_rate}};
      for (auto [kpi, v] : values) impl_->today.Add({{"queue", q.name}, {"kpi", kpi}, {"window", window}}).Set(v);
    }
  }
}

namespace {
// Resident memory of this process (Linux /proc; 0 elsewhere).
double resident_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  long pages = 0, resident = 0;
  int n = std::fscanf(f, "%ld %ld", &pages, &resident);
  std::fclose(f);
  return n == 2 ? static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) : 0;
}
}  // namespace

void Metrics::observe_runtime(const HostStats& host, const std::vector<ProjectionStatus>& projections,
                              size_t store_backlog, size_t idempotency_keys_in_memory) {
  const struct mallinfo2 heap = mallinfo2();
  const std::pair<const char*, double> values[] = {
      {"durable_seq", static_cast<double>(host.durable_seq)},
      {"pending_tasks", static_cast<double>(host.pending_tasks)},
      {"pending_batches", static_cast<double>(host.pending_batches)},
      {"store_backlog", static_cast<double>(store_backlog)},
      {"idempotency_keys_in_memory", static_cast<double>(idempotency_keys_in_memory)},
      {"resident_bytes", resident_bytes()},
      // The C heap (glibc): bytes handed out, and bytes free but kept by the
      // allocator. A growing resident size with flat in-use is fragmentation.
      {"heap_in_use_bytes", static_cast<double>(heap.uordblks + heap.hblkhd)},
      {"heap_free_bytes", static_cast<double>(heap.fordblks)},
      {"sqlite_heap_bytes", static_cast<double>(storage::sqlite_heap_bytes())}};
  for (auto [what, v] : values) impl_->runtime.Add({{"what", what}}).Set(v);
  for (const ProjectionStatus& p : projections) {
    impl_->projection_seq.Add({{"projection", p.name}}).Set(static_cast<double>(p.applied_seq));
    impl_->projection_failing.Add({{"projection", p.name}}).Set(p.error.empty() ? 0 : 1);
  }
}

std::string Metrics::text() const { return prometheus::TextSerializer().Serialize(impl_->registry->Collect()); }

}  // namespace switchyard::server
