#pragma once
// JSON of what the services answer, with names from the catalog wherever
// the engine has ids. Absent values are null (an unknown estimated wait is
// null, not -1). Thread-safe (pure functions over immutable data).
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>

#include "app/catalog.h"
#include "app/contact_service.h"
#include "app/report_service.h"
#include "codec/resolver.h"
#include "core/engine.h"
#include "history/contact_history.h"
#include "metrics/kpi_projection.h"

namespace switchyard::api {

// The catalog as the codec's Resolver (names <-> ids in configurations).
class NamesResolver final : public codec::Resolver {
 public:
  explicit NamesResolver(const app::Names& n) : n_(n) {}
  std::optional<uint32_t> skill(std::string_view name) const override { return n_.id(app::Kind::kSkill, name); }
  std::optional<uint32_t> queue(std::string_view name) const override { return n_.id(app::Kind::kQueue, name); }
  std::optional<uint32_t> team(std::string_view name) const override { return n_.id(app::Kind::kTeam, name); }
  std::optional<uint32_t> site(std::string_view name) const override { return n_.id(app::Kind::kSite, name); }
  std::optional<std::string> skill_name(uint32_t id) const override { return get(app::Kind::kSkill, id); }
  std::optional<std::string> queue_name(uint32_t id) const override { return get(app::Kind::kQueue, id); }
  std::optional<std::string> team_name(uint32_t id) const override { return get(app::Kind::kTeam, id); }
  std::optional<std::string> site_name(uint32_t id) const override { return get(app::Kind::kSite, id); }

 private:
  std::optional<std::string> get(app::Kind k, uint32_t id) const {
    const std::string* s = n_.name(k, id);
    return s ? std::optional<std::string>(*s) : std::nullopt;
  }
  const app::Names& n_;
};

// The name of `id`, else the id as a number, or null for kNoId.
boost::json::value name_or_null(const app::Names& n, app::Kind k, uint32_t id);

// The KPI figures of docs/kpis.md by name (counts, ratios 0..1, times in
// s) as one object, in report column order (today's figures in /realtime,
// the KPI feed). The list of figures is for_each_figure in render.cc.
boost::json::object kpi_json(const metrics::KpiFigures& f);
// A report (docs/api.md, "Reports") as JSON, and as CSV (RFC 4180: a header,
// one line per row, then one per total with start "total"); row names are
// the ids' names (a queue's, an agent's, ...; the channel's; "center").
// Written as text directly, one pass: about 0.5 KB a row.
std::string report_json(const app::Report& rep, std::string_view dimension, const metrics::Calendar& cal,
                        const app::Names& n);
std::string report_csv(const app::Report& rep, const metrics::Calendar& cal, const app::Names& n);
// A live entry's windows: {"today": ..., "last_15m": ..., "last_60m": ...}.
boost::json::object live_kpis_json(const metrics::KpiEntry& e);
boost::json::value ms_or_null(const std::optional<int64_t>& v);

boost::json::object contact_json(const app::ContactInfo& c, const app::Names& n);
boost::json::object record_json(const history::ContactRecord& r, const app::Names& n);

}  // namespace switchyard::api
