#include "alerts/readings.h"

#include <algorithm>

namespace switchyard::alerts {

namespace {

const core::GroupView* group_view(std::span<const core::GroupView> groups, const std::string& name) {
  auto it = std::lower_bound(groups.begin(), groups.end(), name,
                             [](const core::GroupView& g, const std::string& n) { return g.group < n; });
  return it != groups.end() && it->group == name ? &*it : nullptr;
}

// The live KPI entry of the rule's scope (nullptr: none yet).
const metrics::KpiEntry* kpi_entry(const Scope& s, const metrics::TodayKpis* kpis) {
  if (!kpis) return nullptr;
  if (s.kind == ScopeKind::kQueue) return kpis->find(metrics::Dim::kQueue, s.queue);
  // Groups by name (their ids are per process); entries are sorted by dim.
  for (const metrics::KpiEntry& e : kpis->entries)
    if (e.dim == metrics::Dim::kGroup && e.name == s.group) return &e;
  return nullptr;
}

std::optional<double> ratio(const Rule& r, const metrics::KpiEntry* e) {
  if (!e) return std::nullopt;
  const metrics::KpiFigures& f = r.window == Window::kToday ? e->today
                                 : r.window == Window::k60m  ? e->last_60m
                                                             : e->last_15m;
  if (r.metric == Metric::kServiceLevel) {
    if (f.offered < f.short_abandoned || f.offered - f.short_abandoned < r.min_contacts) return std::nullopt;
    return f.service_level;
  }
  if (f.offered < r.min_contacts) return std::nullopt;
  return f.abandon_rate;
}

}  // namespace

std::optional<double> read(const Rule& rule, const Readings& in) {
  if (is_ratio(rule.metric)) return ratio(rule, kpi_entry(rule.scope, in.kpis));
  if (rule.scope.kind == ScopeKind::kGroup) {
    const core::GroupView* g = group_view(in.groups, rule.scope.group);
    if (rule.metric == Metric::kLongestWait) return g ? static_cast<double>(g->longest_wait_ms) / 1000.0 : 0.0;
    if (rule.metric == Metric::kEwt) return g && g->ewt_ms > 0 ? static_cast<double>(g->ewt_ms) / 1000.0 : 0.0;
    return std::nullopt;
  }
  if (rule.scope.queue >= in.queues.size()) return std::nullopt;
  const core::QueueView& q = in.queues[rule.scope.queue];
  switch (rule.metric) {
    case Metric::kLongestWait: return static_cast<double>(q.longest_wait_ms) / 1000.0;
    case Metric::kEwt: return q.ewt_ms < 0 ? std::nullopt : std::optional(static_cast<double>(q.ewt_ms) / 1000.0);
    case Metric::kAvailableAgents:
      return static_cast<double>(q.agents_by_state[static_cast<int>(core::AgentState::kAvailable)]);
    default: return std::nullopt;
  }
}

}  // namespace switchyard::alerts
