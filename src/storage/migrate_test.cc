// Per-module migrations on SQLite and PostgreSQL: order, idempotence, the
// adoption of databases made by the first (monolithic) schema, and refusal
// of a database newer than the binary.
#include "storage/migrate.h"

#include <gtest/gtest.h>

#include <array>

#include "storage/db_test_util.h"
#include "storage/sql_util.h"

namespace switchyard::storage::testing {
namespace {

constexpr std::array<Migration, 2> kWidgets = {{
    {1, "widgets", "CREATE TABLE widgets (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
     "CREATE TABLE widgets (id BIGINT PRIMARY KEY, name TEXT NOT NULL)"},
    {2, "widget colour", "ALTER TABLE widgets ADD COLUMN colour TEXT NOT NULL DEFAULT 'red'",
     "ALTER TABLE widgets ADD COLUMN colour TEXT NOT NULL DEFAULT 'red'"},
}};
constexpr std::array<Migration, 1> kGadgets = {{
    {1, "gadgets", "CREATE TABLE gadgets (id INTEGER PRIMARY KEY)", "CREATE TABLE gadgets (id BIGINT PRIMARY KEY)"},
}};
const ModuleSchema kWidgetSchema{"widgets", kWidgets, /*adopts_legacy_schema=*/true};
const ModuleSchema kGadgetSchema{"gadgets", kGadgets, /*adopts_legacy_schema=*/false};

template <typename B>
class MigrateTest : public DbFixture<B> {
 protected:
  std::vector<const ModuleSchema*> schemas() const override { return {}; }
};
TYPED_TEST_SUITE(MigrateTest, Backends, BackendNames);

TYPED_TEST(MigrateTest, AppliesEachModuleInOrderOnce) {
  SY_ASSERT_OK(migrate(this->db(), kWidgetSchema));
  SY_ASSERT_OK(migrate(this->db(), kGadgetSchema));
  EXPECT_EQ(schema_version(this->db(), "widgets").value(), 2);
  EXPECT_EQ(schema_version(this->db(), "gadgets").value(), 1);
  EXPECT_EQ(schema_version(this->db(), "nothing").value(), 0);
  this->raw("INSERT INTO widgets (id, name) VALUES (1, 'w')");
  EXPECT_EQ(this->raw("SELECT colour FROM widgets"), "red");
  // Again, and from a second connection: nothing runs twice.
  SY_ASSERT_OK(migrate(this->db(), kWidgetSchema));
  auto other = this->open_another();
  SY_ASSERT_OK(migrate(*other, kWidgetSchema));
  EXPECT_EQ(this->count("module_migrations"), 3);
  EXPECT_EQ(this->raw("SELECT name FROM module_migrations WHERE module = 'widgets' AND version = 2"),
            "widget colour");
}

TYPED_TEST(MigrateTest, AdoptsTheFirstMonolithicSchema) {
  // A database of the first schema: its tables exist, recorded as version 1
  // of `schema_migrations`.
  this->raw("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)");
  this->raw("INSERT INTO schema_migrations (version, name) VALUES (1, 'initial schema')");
  this->raw(this->is_postgres() ? std::string(kWidgets[0].postgresql) : std::string(kWidgets[0].sqlite));
  SY_ASSERT_OK(migrate(this->db(), kWidgetSchema));   // adopts v1, runs v2
  SY_ASSERT_OK(migrate(this->db(), kGadgetSchema));   // not part of it: created
  EXPECT_EQ(schema_version(this->db(), "widgets").value(), 2);
  this->raw("INSERT INTO widgets (id, name) VALUES (1, 'w')");
  EXPECT_EQ(this->raw("SELECT colour FROM widgets"), "red");
  EXPECT_EQ(this->count("gadgets"), 0);
}

TYPED_TEST(MigrateTest, RefusesADatabaseNewerThanTheBinary) {
  SY_ASSERT_OK(migrate(this->db(), kWidgetSchema));
  this->raw("INSERT INTO module_migrations (module, version, name) VALUES ('widgets', 3, 'from the future')");
  auto r = migrate(this->db(), kWidgetSchema);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kIllegalState);
  EXPECT_NE(r.error().message.find("widgets"), std::string::npos);
  SY_ASSERT_OK(migrate(this->db(), kGadgetSchema));  // other modules are not affected
}

TYPED_TEST(MigrateTest, AFailedMigrationLeavesNoTrace) {
  constexpr std::array<Migration, 2> kBroken = {{
      {1, "ok", "CREATE TABLE ok_t (id INTEGER)", "CREATE TABLE ok_t (id BIGINT)"},
      {2, "broken", "CREATE TABLE half (id INTEGER); SELECT * FROM no_such_table",
       "CREATE TABLE half (id BIGINT); SELECT * FROM no_such_table"},
  }};
  const ModuleSchema broken{"broken", kBroken};
  auto r = migrate(this->db(), broken);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("migration broken 2"), std::string::npos) << r.error().message;
  EXPECT_EQ(schema_version(this->db(), "broken").value(), 1);
  EXPECT_EQ(this->count("ok_t"), 0);
  if (this->is_postgres())
    EXPECT_EQ(this->raw("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'half'"), "0");
  else
    EXPECT_EQ(this->raw("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'"), "0");
}

}  // namespace
}  // namespace switchyard::storage::testing
