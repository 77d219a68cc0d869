#pragma once
// Module "comms_people": recognition and people (docs/comms.md "Recognition", "People"): kudos
// between colleagues, peer nominations and the confirmed agent of the week, customer comments an
// agent agreed to share (quoted as they were when shared), and what users chose to tell about
// their birthday and work start (celebrations.h).
//
// Threading: one connection, one thread at a time.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "comms/celebrations.h"
#include "core/result.h"
#include "storage/migrate.h"
#include "storage/sql_driver.h"

namespace switchyard::comms {

inline constexpr std::string_view kKudosTags[] = {"helpful", "teamwork", "customer_hero", "mentor", "above_and_beyond"};

struct Kudos {
  int64_t id = 0;
  std::string from, to;  // user names
  std::string message;   // 1..500 bytes
  std::string tag;       // one of kKudosTags
  int64_t created_ms = 0;
};
// kInvalidArgument naming "message", "tag" or "to" (the sender itself).
Result<void> validate(const Kudos& k);

struct Nomination {
  std::string week;  // "2026-W49"
  std::string nominator, nominee;  // user name, agent name
  std::string reason;              // 1..500 bytes
  int64_t created_ms = 0;
};

struct Winner {
  std::string team, week, agent;
  std::string note;  // 0..500 bytes
  double proposal = 0;
  std::string confirmed_by;
  int64_t confirmed_ms = 0;
};

struct SharedFeedback {
  int64_t contact = 0;
  std::string agent;  // the engine agent's name
  std::string user;   // the agent's user, who consented
  std::string queue;
  int rating = 0;
  std::string comment;  // as it was when shared
  int64_t shared_ms = 0;
};

class PeopleRepository {
 public:
  explicit PeopleRepository(storage::SqlDriver& db) : db_(db) {}
  static const storage::ModuleSchema& schema();  // module "comms_people"

  Result<int64_t> add_kudos(const Kudos& k);
  // Newest first; `to` "" = everyone's.
  Result<std::vector<Kudos>> kudos(std::string_view to, size_t limit);

  // One per nominator and week: a second replaces the first (reason 1..500 bytes, "reason").
  Result<void> nominate(const Nomination& n);
  Result<std::vector<Nomination>> nominations(std::string_view week);

  // One per team and week: confirming again replaces it (note 0..500 bytes, "note").
  Result<void> confirm(const Winner& w);
  Result<std::optional<Winner>> winner(std::string_view team, std::string_view week);
  Result<std::vector<Winner>> winners(size_t limit);  // newest confirmation first

  Result<void> share(const SharedFeedback& f);  // replaces an earlier share of the contact
  Result<void> unshare(int64_t contact);
  Result<std::vector<SharedFeedback>> shared(size_t limit);  // newest first
  Result<std::vector<int64_t>> shared_contacts(std::string_view user);

  Result<std::optional<Profile>> profile(std::string_view user);
  Result<void> put_profile(const Profile& p);  // validated
  // Every profile with something shown.
  Result<std::vector<Profile>> shown_profiles();

 private:
  storage::SqlDriver& db_;
};

}  // namespace switchyard::comms
