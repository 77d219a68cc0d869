#include "voice/phone_book.h"

#include <array>

#include "storage/sql_util.h"

namespace switchyard::voice {
namespace {

using storage::SqlValue;
using storage::Statement;

constexpr std::string_view kV1 = R"sql(
CREATE TABLE voice_phones (
  agent TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  ha1 TEXT NOT NULL,
  updated_ms BIGINT NOT NULL
);
)sql";
constexpr std::array<storage::Migration, 1> kMigrations = {{{1, "phones", kV1, kV1}}};

inline constexpr Statement kList{"SELECT agent, username, ha1, updated_ms FROM voice_phones ORDER BY agent"};
inline constexpr Statement kOwner{"SELECT agent FROM voice_phones WHERE username = $1"};
inline constexpr Statement kUpsert{
    "INSERT INTO voice_phones (agent, username, ha1, updated_ms) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (agent) DO UPDATE SET username = excluded.username, ha1 = excluded.ha1, updated_ms = excluded.updated_ms"};
inline constexpr Statement kDelete{"DELETE FROM voice_phones WHERE agent = $1"};

}  // namespace

const storage::ModuleSchema& PhoneBook::schema() {
  static const storage::ModuleSchema kSchema{"voice", kMigrations};
  return kSchema;
}

Result<std::vector<PhoneRow>> PhoneBook::list() {
  return storage::query_all<PhoneRow>(db_, kList, {}, [](const storage::RowReader& r) {
    return PhoneRow{std::string(r.text(0)), std::string(r.text(1)), std::string(r.text(2)), r.int64(3)};
  });
}

Result<void> PhoneBook::put(const PhoneRow& row) {
  const SqlValue who[] = {std::string_view(row.username)};
  auto owner = storage::query_one<std::string>(db_, kOwner, who, [](const storage::RowReader& r) { return std::string(r.text(0)); });
  if (!owner) return std::unexpected(owner.error());
  if (*owner && **owner != row.agent)
    return make_error(ErrorCode::kAlreadyExists, "username taken by agent " + **owner, "username");
  // (two writers racing for one username: the UNIQUE constraint refuses the second)
  const SqlValue p[] = {std::string_view(row.agent), std::string_view(row.username), std::string_view(row.ha1), row.updated_ms};
  auto r = db_.execute(kUpsert, p);
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<void> PhoneBook::remove(const std::string& agent) {
  const SqlValue p[] = {std::string_view(agent)};
  return storage::expect_changed(db_.execute(kDelete, p), "phone");
}

}  // namespace switchyard::voice
