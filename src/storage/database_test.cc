// Opening a store URL: schemes, options, and what fails how.
#include "storage/database.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "storage/db_test_util.h"

namespace switchyard::storage::testing {
namespace {


TEST(SqliteUrl, SchemesAndOptions) {
  std::string dir = (std::filesystem::temp_directory_path() / "switchyard-url-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  auto bare = open_database(dir + "/a.db");
  ASSERT_TRUE(bare) << bare.error().message;
  EXPECT_EQ((*bare)->dialect(), "sqlite");
  auto normal = open_database("sqlite:" + dir + "/b.db?synchronous=normal");
  ASSERT_TRUE(normal) << normal.error().message;
  EXPECT_EQ(Sqlite::raw("sqlite:" + dir + "/b.db", "PRAGMA journal_mode"), "wal");
  auto bad_option = open_database("sqlite:" + dir + "/c.db?cache=huge");
  ASSERT_FALSE(bad_option);
  EXPECT_EQ(bad_option.error().code, ErrorCode::kInvalidArgument);
  auto scheme = open_database("mysql://localhost/db");
  ASSERT_FALSE(scheme);
  EXPECT_EQ(scheme.error().code, ErrorCode::kInvalidArgument);
  auto empty = open_database("sqlite:");
  ASSERT_FALSE(empty);
  auto missing_dir = open_database("sqlite:" + dir + "/no/such/dir/x.db");
  ASSERT_FALSE(missing_dir);
  EXPECT_EQ(missing_dir.error().code, ErrorCode::kInternal);
  std::filesystem::remove_all(dir);
}

TEST(SqliteUrl, NotADatabaseIsAnError) {
  std::string dir = (std::filesystem::temp_directory_path() / "switchyard-url-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  {
    std::FILE* f = std::fopen((dir + "/junk.db").c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("this is not an SQLite database, just some text that is long enough", f);
    std::fclose(f);
  }
  auto s = open_database("sqlite:" + dir + "/junk.db");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kInternal);
  std::filesystem::remove_all(dir);
}

TEST(PostgresUrl, BothSchemesAndUnreachableServer) {
  auto server = PgServer::shared();
  ASSERT_TRUE(server) << server.error().message;
  auto url = (*server)->create_database("url_test");
  ASSERT_TRUE(url) << url.error().message;
  auto s = open_database(*url);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ((*s)->dialect(), "postgresql");
  std::string short_scheme = "postgres://" + url->substr(std::string("postgresql://").size());
  auto s2 = open_database(short_scheme);
  ASSERT_TRUE(s2) << s2.error().message;
  auto down = open_database("postgresql://postgres@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(down.error().message.empty());
}

}  // namespace
}  // namespace switchyard::storage::testing
