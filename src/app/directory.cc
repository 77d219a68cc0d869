#include "app/directory.h"

#include <algorithm>
#include <map>

#include "auth/account_repository.h"
#include "notify/notify_store.h"

namespace switchyard::app {

std::string catalog_name(const Catalog& catalog, Kind k, uint32_t id) {
  const std::string* n = id == core::kNoId ? nullptr : catalog.names()->name(k, id);
  return n ? *n : std::string();
}

void all_people(Runtime& rt, Reply<std::vector<Person>> reply) {
  on_engine<std::map<core::AgentId, core::SiteId>>(
      rt,
      [&rt](server::TaskContext& ctx) -> Result<std::map<core::AgentId, core::SiteId>> {
        std::map<core::AgentId, core::SiteId> sites;
        const size_t agents = rt.catalog.names()->count(Kind::kAgent);
        for (size_t a = 0; a < agents; ++a)
          if (const core::AgentConfig* cfg = ctx.engine.agent_config(static_cast<core::AgentId>(a)))
            sites[static_cast<core::AgentId>(a)] = cfg->site;
        return sites;
      },
      [&rt, reply = std::move(reply)](Result<std::map<core::AgentId, core::SiteId>> sites) {
        if (!sites) return reply(std::unexpected(sites.error()));
        on_store<std::vector<Person>>(
            rt,
            [&rt, sites = std::move(*sites)](storage::SqlDriver& db) -> Result<std::vector<Person>> {
              auto users = auth::AccountRepository(db).list_users();
              if (!users) return std::unexpected(users.error());
              std::vector<Person> out;
              for (const auth::User& u : *users) {
                Person p{u.id, u.username, u.role, catalog_name(rt.catalog, Kind::kTeam, u.team), "",
                         catalog_name(rt.catalog, Kind::kAgent, u.agent), u.display_name};
                if (auto it = sites.find(u.agent); u.agent != core::kNoId && it != sites.end())
                  p.site = catalog_name(rt.catalog, Kind::kSite, it->second);
                out.push_back(std::move(p));
              }
              std::sort(out.begin(), out.end(), [](const Person& a, const Person& b) { return a.user < b.user; });
              return out;
            },
            reply);
      });
}

void caller_person(Runtime& rt, const Caller& c, Reply<Person> reply) {
  on_engine<Person>(
      rt,
      [&rt, c](server::TaskContext& ctx) -> Result<Person> {
        Person p{c.user_id, c.name, std::string(auth::to_string(c.role)), catalog_name(rt.catalog, Kind::kTeam, c.team),
                 "", catalog_name(rt.catalog, Kind::kAgent, c.agent), ""};
        if (c.agent != core::kNoId)
          if (const core::AgentConfig* cfg = ctx.engine.agent_config(c.agent))
            p.site = catalog_name(rt.catalog, Kind::kSite, cfg->site);
        return p;
      },
      std::move(reply));
}

Result<void> add_notifications(storage::SqlDriver& db, std::span<const int64_t> users, std::string_view kind,
                               const std::string& data, const std::string& link, int64_t now_ms,
                               std::vector<int64_t>& told) {
  notify::NotifyRepository repo(db);
  for (int64_t user : users) {
    auto n = repo.add(notify::Notification{0, user, std::string(kind), data, link, now_ms, {}});
    if (!n) return std::unexpected(n.error());
    told.push_back(user);
  }
  return {};
}

}  // namespace switchyard::app
