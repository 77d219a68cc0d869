#include "app/report_service.h"

#include <algorithm>

namespace switchyard::app {

namespace {

using auth::Permission;
using auth::Scope;
using metrics::Dim;

constexpr int64_t kNominalMs[metrics::kGrainCount] = {900'000, 3'600'000, 86'400'000, 2'592'000'000,
                                                      31'536'000'000};

Result<void> denied(std::string message) {
  return make_error(ErrorCode::kPermissionDenied, std::move(message), "ids");
}

// `ids` within `allowed` (all of them when empty).
Result<std::vector<uint32_t>> within(std::vector<uint32_t> ids, const std::vector<uint32_t>& allowed,
                                     const char* what) {
  if (ids.empty()) return allowed;
  for (uint32_t id : ids)
    if (std::find(allowed.begin(), allowed.end(), id) == allowed.end())
      return std::unexpected(denied(std::string("outside your scope: ") + what).error());
  return ids;
}

}  // namespace

void ReportService::report(const Caller& c, ReportRequest req, Reply<Report> reply) {
  if (auto ok = require(c, Permission::kReadReports); !ok) return reply(std::unexpected(ok.error()));
  if (req.to_ms <= req.from_ms)
    return reply(make_error(ErrorCode::kInvalidArgument, "must be after `from`", "to"));
  req.from_ms = calendar_.floor(req.grain, req.from_ms);
  if ((req.to_ms - req.from_ms) / kNominalMs[static_cast<int>(req.grain)] > kMaxBuckets)
    return reply(make_error(ErrorCode::kInvalidArgument,
                            "the range holds more than " + std::to_string(kMaxBuckets) + " " +
                                std::string(metrics::to_string(req.grain)) + " buckets; choose a coarser grain",
                            "to"));
  std::sort(req.ids.begin(), req.ids.end());
  req.ids.erase(std::unique(req.ids.begin(), req.ids.end()), req.ids.end());
  const Scope scope = c.scope(Permission::kReadReports);
  if (scope == Scope::kAll) return read(std::move(req), std::move(reply));
  // A team lead reads the queues, channels and the center whole: the figures
  // their wallboard shows live (GET /realtime shows them to every role).
  const bool shared = req.dim == Dim::kQueue || req.dim == Dim::kChannel || req.dim == Dim::kCenter;
  if (shared && scope == Scope::kTeam) return read(std::move(req), std::move(reply));
  // Scoped: own agent, or own team and its agents (the team is the engine's).
  const bool agents = req.dim == Dim::kAgent;
  if (!agents && !(req.dim == Dim::kTeam && scope == Scope::kTeam))
    return reply(make_error(ErrorCode::kPermissionDenied,
                            scope == Scope::kTeam ? "team leads read reports of queues, channels, the center, their team and its agents"
                                                  : "agents read reports of their own figures",
                            "dimension"));
  if (req.dim == Dim::kTeam) {
    if (c.team == core::kNoId) return reply(std::unexpected(denied("you lead no team").error()));
    auto ids = within(std::move(req.ids), {c.team}, "teams");
    if (!ids) return reply(std::unexpected(ids.error()));
    req.ids = std::move(*ids);
    return read(std::move(req), std::move(reply));
  }
  on_engine<std::vector<uint32_t>>(
      rt_,
      [c](server::TaskContext& ctx) -> Result<std::vector<uint32_t>> {
        std::vector<uint32_t> allowed;
        for (core::AgentId a = 0; a < ctx.engine.agent_count(); ++a)
          if (agent_in_scope(ctx.engine, c, Permission::kReadReports, a)) allowed.push_back(a);
        return allowed;
      },
      [this, req = std::move(req), reply = std::move(reply)](Result<std::vector<uint32_t>> allowed) mutable {
        if (!allowed) return reply(std::unexpected(allowed.error()));
        auto ids = within(std::move(req.ids), *allowed, "agents");
        if (!ids) return reply(std::unexpected(ids.error()));
        if (ids->empty()) return reply(Report{std::move(req), {}, {}});
        req.ids = std::move(*ids);
        read(std::move(req), std::move(reply));
      });
}

Result<Report> read_report(storage::SqlDriver& db, const ReportRequest& req) {
  Report out{req, {}, {}};
  auto rows = reports::RollupRepository(db).rows({req.dim, req.grain, req.from_ms, req.to_ms, req.ids});
  if (!rows) return std::unexpected(std::move(rows.error()));
  out.rows = std::move(*rows);
  for (const reports::RollupRow& r : out.rows) {
    if (out.totals.empty() || out.totals.back().id != r.id) out.totals.push_back({r.id, req.from_ms, {}});
    metrics::merge(out.totals.back().counters, r.counters);
  }
  return out;
}

void ReportService::read(ReportRequest req, Reply<Report> reply) {
  on_store<Report>(
      rt_, [req = std::move(req)](storage::SqlDriver& db) { return read_report(db, req); }, std::move(reply));
}

}  // namespace switchyard::app
