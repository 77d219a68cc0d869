#pragma once
// What a rule reads (alerts.h): gauges from the engine's live view (queues
// and customer groups) and ratios from the live KPIs (metrics::KpiProjection),
// per docs/api.md "Alerts":
//   longest_wait      the longest current wait in the queue / of the group's waiting contacts, s
//   ewt               the queue's EWT for a contact arriving now; a group's: the longest of the
//                     queues its contacts wait in (none waiting: 0), s
//   available_agents  agents eligible for the queue at its base step who are available now
//   service_level     answered in SL / (offered - short abandons) in the window (docs/kpis.md)
//   abandon_rate      abandoned / offered in the window
// Ratios of a customer group come from its live KPI entry (Dim::kGroup,
// found by name). A ratio over fewer than the rule's min_contacts contacts
// (its denominator) is no reading; so is a queue that does not exist.
#include <optional>
#include <span>

#include "alerts/alerts.h"
#include "core/engine.h"
#include "metrics/kpi_projection.h"

namespace switchyard::alerts {

struct Readings {
  std::span<const core::QueueView> queues;  // indexed by queue id
  std::span<const core::GroupView> groups;  // sorted by group
  const metrics::TodayKpis* kpis = nullptr;
};

std::optional<double> read(const Rule& rule, const Readings& in);

}  // namespace switchyard::alerts
