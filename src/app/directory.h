#pragma once
// Who works here, as internal communication sees people (docs/comms.md): every user with its
// role, team, engine agent and that agent's site (engine state read first, then the store), and
// the notifications comms features write in the transaction of what they tell.
//
// Threading: any thread; replies on store workers.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/caller.h"
#include "app/runtime.h"

namespace switchyard::app {

struct Person {
  int64_t user_id = 0;
  std::string user, role, team, site, agent;  // names; "" when none
  std::string display_name;                   // "" when none was set
};

// Every user, by user name.
void all_people(Runtime& rt, Reply<std::vector<Person>> reply);
// The caller (its site from the engine; no store read).
void caller_person(Runtime& rt, const Caller& c, Reply<Person> reply);
// The name of catalog entry `id` of kind `k`; "" for kNoId or an unknown id.
std::string catalog_name(const Catalog& catalog, Kind k, uint32_t id);

// Writes one notification per user of `users` (kind, data JSON text, link, at now_ms) on `db`;
// run it in the transaction of the change it tells about. Appends the users to `told`.
Result<void> add_notifications(storage::SqlDriver& db, std::span<const int64_t> users, std::string_view kind,
                               const std::string& data, const std::string& link, int64_t now_ms,
                               std::vector<int64_t>& told);

}  // namespace switchyard::app
