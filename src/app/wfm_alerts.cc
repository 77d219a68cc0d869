// Whom WfmService tells (recipients) and its adherence alerts (docs/wfm.md, "Adherence alerts"): a sweep
// over live adherence that tells the team leads of an agent out of adherence
// longer than the settings allow, once per episode.
#include <algorithm>
#include <map>

#include "app/notify_service.h"
#include "app/wfm_detail.h"
#include "app/wfm_service.h"
#include "notify/notify_store.h"

namespace switchyard::app {

namespace wfm_detail {

Result<std::vector<int64_t>> recipients(storage::SqlDriver& db, const Caller& c, core::AgentId agent,
                                        core::TeamId team) {
  auto users = users_of_agent(db, agent);
  if (!users) return users;
  auto leads = leads_of_team(db, team);
  if (!leads) return leads;
  users->insert(users->end(), leads->begin(), leads->end());
  std::erase(*users, c.user_id);
  std::sort(users->begin(), users->end());
  users->erase(std::unique(users->begin(), users->end()), users->end());
  return users;
}

}  // namespace wfm_detail

std::vector<AdherenceRow> adherence_alerts(const std::vector<AdherenceRow>& rows, int64_t now_ms, int alert_min,
                                           std::map<core::AgentId, int64_t>& alerted) {
  std::vector<AdherenceRow> out;
  std::map<core::AgentId, int64_t> still;
  for (const AdherenceRow& r : rows) {
    if (r.in_adherence || !r.out_since_ms) continue;
    auto it = alerted.find(r.agent);
    const bool told = it != alerted.end() && it->second == *r.out_since_ms;
    if (told) {
      still[r.agent] = *r.out_since_ms;
    } else if (alert_min > 0 && now_ms - *r.out_since_ms >= int64_t{alert_min} * 60'000) {
      out.push_back(r);
      still[r.agent] = *r.out_since_ms;
    }
  }
  alerted = std::move(still);
  return out;
}

void WfmService::adherence_sweep() {
  {
    std::lock_guard lk(alert_mu_);
    if (sweeping_) return;
    sweeping_ = true;
  }
  auto done = [this] {
    std::lock_guard lk(alert_mu_);
    sweeping_ = false;
  };
  Caller system;
  system.name = "system";
  system.role = auth::Role::kAdmin;
  adherence(system, [this, done](Result<std::vector<AdherenceRow>> rows) {
    if (!rows) return done();
    rt_.store.post([this, done, rows = std::move(*rows)](storage::SqlDriver& db) {
      auto settings = wfm::WfmRepository(db).settings();
      std::vector<AdherenceRow> alerts;
      std::map<core::AgentId, int64_t> before;
      if (settings) {
        std::lock_guard lk(alert_mu_);
        before = alerted_;
        alerts = adherence_alerts(rows, rt_.clock.now_ms(), settings->adherence_alert_min, alerted_);
      }
      auto names = rt_.catalog.names();
      storage::Transaction tx;
      std::vector<int64_t> users;
      const int64_t now = rt_.clock.now_ms();
      for (const AdherenceRow& r : alerts) {
        auto leads = leads_of_team(db, r.team);
        if (!leads) continue;
        const std::string* agent = names->name(Kind::kAgent, r.agent);
        notify::NotifyRepository::stage_all(
            tx, *leads, "wfm.adherence",
            notify::encode_data({{"agent", agent ? *agent : std::to_string(r.agent)},
                                 {"scheduled", std::string(r.scheduled == Activity::kWorking ? "working"
                                                           : r.scheduled == Activity::kBreak ? "break"
                                                                                             : "off")},
                                 {"state", std::string(core::to_string(r.state))},
                                 {"out_since_ms", *r.out_since_ms}}),
            "/wfm?tab=adherence", now);
        users.insert(users.end(), leads->begin(), leads->end());
      }
      if (auto ok = tx.run(db); !ok) {
        std::lock_guard lk(alert_mu_);
        alerted_ = std::move(before);  // told nobody: try again next sweep
      } else {
        told(users);
      }
      done();
    });
  });
}

}  // namespace switchyard::app
