#include "storage/database.h"

#include "storage/postgres_driver.h"
#include "storage/sqlite_driver.h"

namespace switchyard::storage {

int64_t sqlite_heap_bytes() { return sqlite3_memory_used(); }

bool is_postgres_url(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

Result<std::unique_ptr<SqlDriver>> open_database(std::string_view url, OpenOptions options) {
  if (is_postgres_url(url)) {
    auto d = PostgresDriver::open(std::string(url));
    if (!d) return std::unexpected(std::move(d.error()));
    return std::unique_ptr<SqlDriver>(std::move(*d));
  }
  std::string_view rest = url;
  if (rest.starts_with("sqlite:")) {
    rest.remove_prefix(7);
  } else if (rest.find("://") != std::string_view::npos) {
    return make_error(ErrorCode::kInvalidArgument,
                      "unknown store URL scheme (use sqlite:PATH or postgresql://...)", "url");
  }
  SqliteOptions sqlite;
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    std::string_view query = rest.substr(q + 1);
    rest = rest.substr(0, q);
    if (query == "synchronous=normal") {
      sqlite.synchronous_full = false;
    } else if (query != "synchronous=full") {
      return make_error(ErrorCode::kInvalidArgument,
                        "unknown SQLite option \"" + std::string(query) +
                            "\" (synchronous=full or synchronous=normal)",
                        "url");
    }
  }
  if (options.relaxed_durability) sqlite.synchronous_full = false;
  if (rest.empty()) return make_error(ErrorCode::kInvalidArgument, "no database path", "url");
  auto d = SqliteDriver::open(std::string(rest), sqlite);
  if (!d) return std::unexpected(std::move(d.error()));
  return std::unique_ptr<SqlDriver>(std::move(*d));
}

}  // namespace switchyard::storage
