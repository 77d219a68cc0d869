#include "metrics/kpi_projection.h"

#include <algorithm>

namespace switchyard::metrics {

namespace {
constexpr int64_t kMinuteMs = 60'000;
constexpr int64_t kWindowMs = 60 * kMinuteMs;  // the longest rolling window
// At start, contacts that arrived this long before the FCR window are read
// too: a contact open across the window's start can still complete in it.
constexpr int64_t kLearnMarginMs = 86'400'000;

int64_t floor_minute(int64_t t) { return t / kMinuteMs * kMinuteMs - (t % kMinuteMs < 0 ? kMinuteMs : 0); }

}  // namespace

const KpiEntry* TodayKpis::find(Dim d, uint32_t id) const {
  auto it = std::lower_bound(entries.begin(), entries.end(), std::pair{d, id},
                             [](const KpiEntry& e, const std::pair<Dim, uint32_t>& k) {
                               return std::pair{e.dim, e.id} < k;
                             });
  return it != entries.end() && it->dim == d && it->id == id ? &*it : nullptr;
}

KpiProjection::KpiProjection(Calendar calendar, std::vector<core::Event> config_events, const Clock& clock,
                             Options options)
    : calendar_(std::move(calendar)), clock_(clock), options_(options) {
  if (!options_.pace_ms) options_.pace_ms = [] { return monotonic_ns() / 1'000'000; };
  options_.kpi.interval_ms = 0;
  options_.kpi.per_queue_intervals = false;
  for (const core::Event& e : config_events) keep_config(configs_, e);
}

KpiProjection::~KpiProjection() = default;

KpiProjection::Cell& KpiProjection::cell(Dim d, uint32_t id) {
  return cells_[static_cast<uint64_t>(d) << 32 | id];
}

void KpiProjection::bins(Dim d, uint32_t id, int64_t arrival_ms, KpiTargets& out) {
  Cell& c = cell(d, id);
  out.add(&c.today);
  out.add(&c.minutes[floor_minute(arrival_ms)]);
}

void KpiProjection::agent_time(Dim d, uint32_t id, core::AgentState s, int64_t from_ms, int64_t to_ms) {
  Cell& c = cell(d, id);
  add_state_time(c.today, s, to_ms - from_ms);
  // Minutes only as far back as a window reaches.
  for (int64_t t = std::max(from_ms, floor_minute(to_ms) - kWindowMs); t < to_ms;) {
    const int64_t m = floor_minute(t);
    const int64_t end = std::min(to_ms, m + kMinuteMs);
    add_state_time(c.minutes[m], s, end - t);
    t = end;
  }
}

void KpiProjection::new_day(int64_t day_start_ms) {
  day_start_ms_ = day_start_ms;
  next_day_ms_ = calendar_.next(Grain::kDay, day_start_ms);
  KpiOptions o = options_.kpi;
  o.stats_from_ms = day_start_ms;
  cells_.clear();
  CustomerMemory customers;  // what the day before remembered of customers (FCR, groups)
  if (collector_) customers = std::move(collector_->customers());
  collector_ = std::make_unique<KpiCollector>(o, static_cast<KpiBins*>(this));
  for (const auto& [key, e] : configs_) collector_->on_event(e);
  collector_->set_customers(std::move(customers));
  dirty_ = true;
}

Result<uint64_t> KpiProjection::start(storage::SqlDriver&, eventlog::EventLog& log) {
  auto last = log.last_seq();
  if (!last) return std::unexpected(last.error());
  // Today: of the wall clock, or of the last event when the log runs ahead
  // of it (a simulated or imported future).
  int64_t now = clock_.now_ms();
  if (*last > 0) {
    auto r = log.load(*last - 1, [&](core::Event&& e) {
      now = std::max(now, e.time_ms);
      return false;
    });
    if (!r) return std::unexpected(r.error());
  }
  new_day(calendar_.floor(Grain::kDay, now));
  auto first = log.first_seq_at(day_start_ms_);
  if (!first) return std::unexpected(first.error());
  seq_ = *first ? **first - 1 : *last;
  // The FCR window before today: remembered, not counted.
  auto learn_from = log.first_seq_at(day_start_ms_ - options_.kpi.fcr_window_ms - kLearnMarginMs);
  if (!learn_from) return std::unexpected(learn_from.error());
  if (*learn_from && **learn_from <= seq_) {
    auto r = log.load(
        **learn_from - 1,
        [&](core::Event&& e) {
          collector_->learn(e);
          return true;
        },
        seq_);
    if (!r) return std::unexpected(r.error());
  }
  publish();
  return seq_;
}

Result<void> KpiProjection::apply(storage::SqlDriver&, std::span<const core::Event> events) {
  for (const core::Event& e : events) {
    if (e.time_ms >= next_day_ms_) new_day(calendar_.floor(Grain::kDay, e.time_ms));
    keep_config(configs_, e);
    collector_->on_event(e);
    seq_ = e.seq;
  }
  if (!events.empty()) dirty_ = true;
  if (dirty_ && options_.pace_ms() - last_pace_ms_ >= options_.publish_ms) publish();
  return {};
}

void KpiProjection::tick() {
  // After events (dirty), and once a second regardless: windows move and
  // open agent states grow with time alone.
  const int64_t since = options_.pace_ms() - last_pace_ms_;
  if ((dirty_ && since >= options_.publish_ms) || since >= 1000) publish();
}

void KpiProjection::publish() {
  const int64_t now = std::max(clock_.now_ms(), last_publish_ms_);
  if (now >= next_day_ms_) new_day(calendar_.floor(Grain::kDay, now));
  collector_->close_time(now);  // open agent states count up to now
  const int64_t m15 = floor_minute(now) - 14 * kMinuteMs;
  const int64_t m60 = floor_minute(now) - 59 * kMinuteMs;
  auto t = std::make_shared<TodayKpis>();
  t->day_start_ms = day_start_ms_;
  t->time_ms = now;
  t->seq = seq_;
  t->entries.reserve(cells_.size() + collector_->queue_count());
  for (core::QueueId q = 0; q < collector_->queue_count(); ++q)
    if (!collector_->queue_name(q).empty()) cell(Dim::kQueue, q);  // every configured queue has an entry
  cell(Dim::kCenter, 0);
  for (auto& [key, c] : cells_) {
    c.minutes.erase(c.minutes.begin(), c.minutes.lower_bound(m60));
    KpiCounters w15, w60;
    for (auto it = c.minutes.begin(); it != c.minutes.end(); ++it) {
      merge(w60, it->second);
      if (it->first >= m15) merge(w15, it->second);
    }
    KpiEntry e;
    e.dim = static_cast<Dim>(key >> 32);
    e.id = static_cast<uint32_t>(key);
    if (e.dim == Dim::kQueue) e.name = std::string(collector_->queue_name(e.id));
    if (e.dim == Dim::kGroup) e.name = std::string(collector_->group_name(e.id));
    if (e.dim == Dim::kAgent) e.team = collector_->agent_team(e.id);
    e.today = derive(c.today);
    e.last_15m = derive(w15);
    e.last_60m = derive(w60);
    t->entries.push_back(std::move(e));
  }
  std::sort(t->entries.begin(), t->entries.end(),
            [](const KpiEntry& a, const KpiEntry& b) { return std::pair{a.dim, a.id} < std::pair{b.dim, b.id}; });
  if (const KpiEntry* c = t->find(Dim::kCenter, 0)) t->overall = c->today;
  last_publish_ms_ = now;
  last_pace_ms_ = options_.pace_ms();
  dirty_ = false;
  std::shared_ptr<const TodayKpis> snap = std::move(t);
  {
    std::lock_guard lk(mu_);
    today_ = snap;
  }
  if (on_publish_) on_publish_(snap);
}

std::shared_ptr<const TodayKpis> KpiProjection::today() const {
  std::lock_guard lk(mu_);
  return today_;
}

}  // namespace switchyard::metrics
