#include "comms/people_store.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "comms/text_rules.h"
#include "storage/sql_util.h"

namespace switchyard::comms {

namespace {

using storage::SqlValue;
using storage::Statement;

#define SY_PEOPLE_TABLES(id_column)                                                       \
  "CREATE TABLE comms_kudos (\n"                                                           \
  "  id " id_column ",\n"                                                                  \
  "  from_user TEXT NOT NULL,\n"                                                           \
  "  to_user TEXT NOT NULL,\n"                                                             \
  "  message TEXT NOT NULL,\n"                                                             \
  "  tag TEXT NOT NULL,\n"                                                                 \
  "  created_ms BIGINT NOT NULL\n"                                                         \
  ");\n"                                                                                   \
  "CREATE INDEX comms_kudos_to ON comms_kudos (to_user, id);\n"                            \
  "CREATE TABLE comms_nominations (\n"                                                     \
  "  week TEXT NOT NULL,\n"                                                                \
  "  nominator TEXT NOT NULL,\n"                                                           \
  "  nominee TEXT NOT NULL,\n"                                                             \
  "  reason TEXT NOT NULL,\n"                                                              \
  "  created_ms BIGINT NOT NULL,\n"                                                        \
  "  PRIMARY KEY (week, nominator)\n"                                                      \
  ");\n"                                                                                   \
  "CREATE TABLE comms_agent_of_week (\n"                                                   \
  "  team TEXT NOT NULL,\n"                                                                \
  "  week TEXT NOT NULL,\n"                                                                \
  "  agent TEXT NOT NULL,\n"                                                               \
  "  note TEXT NOT NULL,\n"                                                                \
  "  proposal_centi BIGINT NOT NULL,\n"                                                     \
  "  confirmed_by TEXT NOT NULL,\n"                                                        \
  "  confirmed_ms BIGINT NOT NULL,\n"                                                      \
  "  PRIMARY KEY (team, week)\n"                                                           \
  ");\n"                                                                                   \
  "CREATE TABLE comms_shared_feedback (\n"                                                 \
  "  contact BIGINT PRIMARY KEY,\n"                                                        \
  "  agent TEXT NOT NULL,\n"                                                               \
  "  username TEXT NOT NULL,\n"                                                            \
  "  queue TEXT NOT NULL,\n"                                                               \
  "  rating INTEGER NOT NULL,\n"                                                           \
  "  comment TEXT NOT NULL,\n"                                                             \
  "  shared_ms BIGINT NOT NULL\n"                                                          \
  ");\n"                                                                                   \
  "CREATE INDEX comms_shared_feedback_user ON comms_shared_feedback (username);\n"         \
  "CREATE TABLE comms_profiles (\n"                                                        \
  "  username TEXT PRIMARY KEY,\n"                                                         \
  "  birthday TEXT,\n"                                                                     \
  "  show_birthday SMALLINT NOT NULL,\n"                                                   \
  "  work_start TEXT,\n"                                                                   \
  "  show_anniversary SMALLINT NOT NULL\n"                                                 \
  ");\n"

constexpr std::string_view kV1Sqlite = SY_PEOPLE_TABLES("INTEGER PRIMARY KEY AUTOINCREMENT");
constexpr std::string_view kV1Postgres = SY_PEOPLE_TABLES("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
#undef SY_PEOPLE_TABLES

constexpr std::array<storage::Migration, 1> kMigrations = {
    {{1, "kudos, agent of the week, shared feedback, profiles", kV1Sqlite, kV1Postgres}}};

constexpr Statement kAddKudos{
    "INSERT INTO comms_kudos (from_user, to_user, message, tag, created_ms) VALUES ($1, $2, $3, $4, $5) RETURNING id"};
constexpr Statement kKudos{
    "SELECT id, from_user, to_user, message, tag, created_ms FROM comms_kudos WHERE ($1 = '' OR to_user = $1) "
    "ORDER BY id DESC LIMIT $2"};
constexpr Statement kNominate{
    "INSERT INTO comms_nominations (week, nominator, nominee, reason, created_ms) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (week, nominator) DO UPDATE SET nominee = excluded.nominee, reason = excluded.reason, "
    "created_ms = excluded.created_ms"};
constexpr Statement kNominations{
    "SELECT week, nominator, nominee, reason, created_ms FROM comms_nominations WHERE week = $1 ORDER BY created_ms, "
    "nominator"};
constexpr Statement kConfirm{
    "INSERT INTO comms_agent_of_week (team, week, agent, note, proposal_centi, confirmed_by, confirmed_ms) VALUES ($1, $2, "
    "$3, $4, $5, $6, $7) ON CONFLICT (team, week) DO UPDATE SET agent = excluded.agent, note = excluded.note, "
    "proposal_centi = excluded.proposal_centi, confirmed_by = excluded.confirmed_by, confirmed_ms = excluded.confirmed_ms"};
#define SY_WINNER_COLUMNS "team, week, agent, note, proposal_centi, confirmed_by, confirmed_ms"
constexpr Statement kWinner{"SELECT " SY_WINNER_COLUMNS " FROM comms_agent_of_week WHERE team = $1 AND week = $2"};
constexpr Statement kWinners{
    "SELECT " SY_WINNER_COLUMNS " FROM comms_agent_of_week ORDER BY confirmed_ms DESC, team LIMIT $1"};
#undef SY_WINNER_COLUMNS
constexpr Statement kShare{
    "INSERT INTO comms_shared_feedback (contact, agent, username, queue, rating, comment, shared_ms) VALUES ($1, $2, "
    "$3, $4, $5, $6, $7) ON CONFLICT (contact) DO UPDATE SET agent = excluded.agent, username = excluded.username, "
    "queue = excluded.queue, rating = excluded.rating, comment = excluded.comment, shared_ms = excluded.shared_ms"};
constexpr Statement kUnshare{"DELETE FROM comms_shared_feedback WHERE contact = $1"};
constexpr Statement kShared{
    "SELECT contact, agent, username, queue, rating, comment, shared_ms FROM comms_shared_feedback "
    "ORDER BY shared_ms DESC, contact DESC LIMIT $1"};
constexpr Statement kSharedOf{"SELECT contact FROM comms_shared_feedback WHERE username = $1"};
#define SY_PROFILE_COLUMNS "username, birthday, show_birthday, work_start, show_anniversary"
constexpr Statement kProfile{"SELECT " SY_PROFILE_COLUMNS " FROM comms_profiles WHERE username = $1"};
constexpr Statement kShownProfiles{
    "SELECT " SY_PROFILE_COLUMNS " FROM comms_profiles WHERE show_birthday = 1 OR show_anniversary = 1 "
    "ORDER BY username"};
#undef SY_PROFILE_COLUMNS
constexpr Statement kPutProfile{
    "INSERT INTO comms_profiles (username, birthday, show_birthday, work_start, show_anniversary) VALUES ($1, $2, "
    "$3, $4, $5) ON CONFLICT (username) DO UPDATE SET birthday = excluded.birthday, show_birthday = "
    "excluded.show_birthday, work_start = excluded.work_start, show_anniversary = excluded.show_anniversary"};

SqlValue opt_text(const std::optional<std::string>& v) {
  return v ? SqlValue(std::string_view(*v)) : SqlValue(nullptr);
}
std::optional<std::string> opt_text_col(const storage::RowReader& r, int col) {
  if (r.is_null(col)) return std::nullopt;
  return std::string(r.text(col));
}

Winner read_winner(const storage::RowReader& r) {
  return Winner{std::string(r.text(0)), std::string(r.text(1)), std::string(r.text(2)), std::string(r.text(3)),
                static_cast<double>(r.int64(4)) / 100.0,              std::string(r.text(5)), r.int64(6)};
}

Profile read_profile(const storage::RowReader& r) {
  return Profile{std::string(r.text(0)), opt_text_col(r, 1), r.int64(2) != 0, opt_text_col(r, 3), r.int64(4) != 0};
}

}  // namespace

Result<void> validate(const Kudos& k) {
  if (auto ok = check_text(k.message, 1, 500, "message"); !ok) return ok;
  if (std::find(std::begin(kKudosTags), std::end(kKudosTags), k.tag) == std::end(kKudosTags))
    return invalid("helpful, teamwork, customer_hero, mentor or above_and_beyond", "tag");
  if (k.to == k.from) return invalid("not yourself", "to");
  return check_text(k.to, 1, 100, "to");
}

const storage::ModuleSchema& PeopleRepository::schema() {
  static const storage::ModuleSchema kSchema{"comms_people", kMigrations};
  return kSchema;
}

Result<int64_t> PeopleRepository::add_kudos(const Kudos& k) {
  if (auto ok = validate(k); !ok) return std::unexpected(ok.error());
  const SqlValue params[] = {std::string_view(k.from), std::string_view(k.to), std::string_view(k.message),
                             std::string_view(k.tag), k.created_ms};
  return storage::query_int(db_, kAddKudos, params);
}

Result<std::vector<Kudos>> PeopleRepository::kudos(std::string_view to, size_t limit) {
  const SqlValue params[] = {to, storage::limit_param(limit)};
  return storage::query_all<Kudos>(db_, kKudos, params, [](const storage::RowReader& r) {
    return Kudos{r.int64(0), std::string(r.text(1)), std::string(r.text(2)), std::string(r.text(3)),
                 std::string(r.text(4)), r.int64(5)};
  });
}

Result<void> PeopleRepository::nominate(const Nomination& n) {
  if (auto ok = check_text(n.reason, 1, 500, "reason"); !ok) return ok;
  const SqlValue params[] = {std::string_view(n.week), std::string_view(n.nominator), std::string_view(n.nominee),
                             std::string_view(n.reason), n.created_ms};
  if (auto r = db_.execute(kNominate, params); !r) return std::unexpected(r.error());
  return {};
}

Result<std::vector<Nomination>> PeopleRepository::nominations(std::string_view week) {
  const SqlValue key[] = {week};
  return storage::query_all<Nomination>(db_, kNominations, key, [](const storage::RowReader& r) {
    return Nomination{std::string(r.text(0)), std::string(r.text(1)), std::string(r.text(2)), std::string(r.text(3)),
                      r.int64(4)};
  });
}

Result<void> PeopleRepository::confirm(const Winner& w) {
  if (auto ok = check_text(w.note, 0, 500, "note"); !ok) return ok;
  const SqlValue params[] = {std::string_view(w.team), std::string_view(w.week),         std::string_view(w.agent),
                             std::string_view(w.note), static_cast<int64_t>(std::llround(w.proposal * 100.0)), std::string_view(w.confirmed_by), w.confirmed_ms};
  if (auto r = db_.execute(kConfirm, params); !r) return std::unexpected(r.error());
  return {};
}

Result<std::optional<Winner>> PeopleRepository::winner(std::string_view team, std::string_view week) {
  const SqlValue key[] = {team, week};
  return storage::query_one<Winner>(db_, kWinner, key, read_winner);
}

Result<std::vector<Winner>> PeopleRepository::winners(size_t limit) {
  const SqlValue params[] = {storage::limit_param(limit)};
  return storage::query_all<Winner>(db_, kWinners, params, read_winner);
}

Result<void> PeopleRepository::share(const SharedFeedback& f) {
  const SqlValue params[] = {f.contact,           std::string_view(f.agent),   std::string_view(f.user),
                             std::string_view(f.queue), int64_t{f.rating}, std::string_view(f.comment), f.shared_ms};
  if (auto r = db_.execute(kShare, params); !r) return std::unexpected(r.error());
  return {};
}

Result<void> PeopleRepository::unshare(int64_t contact) {
  const SqlValue key[] = {contact};
  if (auto r = db_.execute(kUnshare, key); !r) return std::unexpected(r.error());
  return {};
}

Result<std::vector<SharedFeedback>> PeopleRepository::shared(size_t limit) {
  const SqlValue params[] = {storage::limit_param(limit)};
  return storage::query_all<SharedFeedback>(db_, kShared, params, [](const storage::RowReader& r) {
    return SharedFeedback{r.int64(0),
                          std::string(r.text(1)),
                          std::string(r.text(2)),
                          std::string(r.text(3)),
                          static_cast<int>(r.int64(4)),
                          std::string(r.text(5)),
                          r.int64(6)};
  });
}

Result<std::vector<int64_t>> PeopleRepository::shared_contacts(std::string_view user) {
  const SqlValue key[] = {user};
  return storage::query_all<int64_t>(db_, kSharedOf, key, [](const storage::RowReader& r) { return r.int64(0); });
}

Result<std::optional<Profile>> PeopleRepository::profile(std::string_view user) {
  const SqlValue key[] = {user};
  return storage::query_one<Profile>(db_, kProfile, key, read_profile);
}

Result<void> PeopleRepository::put_profile(const Profile& p) {
  if (auto ok = validate(p); !ok) return ok;
  const SqlValue params[] = {std::string_view(p.user), opt_text(p.birthday), int64_t{p.show_birthday},
                             opt_text(p.work_start), int64_t{p.show_anniversary}};
  if (auto r = db_.execute(kPutProfile, params); !r) return std::unexpected(r.error());
  return {};
}

Result<std::vector<Profile>> PeopleRepository::shown_profiles() {
  return storage::query_all<Profile>(db_, kShownProfiles, {}, read_profile);
}

}  // namespace switchyard::comms
