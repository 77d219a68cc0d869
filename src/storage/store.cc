#include "storage/store.h"

#include <algorithm>

#include "storage/postgres_driver.h"
#include "storage/sql_store.h"
#include "storage/sqlite_driver.h"

namespace switchyard::storage {

bool is_valid_role(std::string_view role) {
  return std::find(kRoles.begin(), kRoles.end(), role) != kRoles.end();
}

bool is_valid_api_key_role(std::string_view role) { return is_valid_role(role) || role == "integration"; }

namespace {

Result<void> check_role(std::string_view role, bool api_key = false) {
  if (!(api_key ? is_valid_api_key_role(role) : is_valid_role(role)))
    return make_error(ErrorCode::kInvalidArgument,
                      "unknown role \"" + std::string(role) +
                          "\" (agent, team_lead, quality, wfm, reporting, admin)",
                      "role");
  return {};
}

Result<void> check_user(const User& u) {
  if (u.username.empty())
    return make_error(ErrorCode::kInvalidArgument, "must not be empty", "username");
  return check_role(u.role);
}

}  // namespace

Result<std::unique_ptr<Store>> Store::open(std::string_view url) {
  std::unique_ptr<SqlDriver> driver;
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    auto d = PostgresDriver::open(std::string(url));
    if (!d) return std::unexpected(std::move(d.error()));
    driver = std::move(*d);
  } else {
    std::string_view rest = url;
    if (rest.starts_with("sqlite:")) {
      rest.remove_prefix(7);
    } else if (rest.find("://") != std::string_view::npos) {
      return make_error(ErrorCode::kInvalidArgument,
                        "unknown store URL scheme (use sqlite:PATH or postgresql://...)", "url");
    }
    SqliteOptions options;
    if (size_t q = rest.find('?'); q != std::string_view::npos) {
      std::string_view query = rest.substr(q + 1);
      rest = rest.substr(0, q);
      if (query == "synchronous=normal") {
        options.synchronous_full = false;
      } else if (query != "synchronous=full") {
        return make_error(ErrorCode::kInvalidArgument,
                          "unknown SQLite option \"" + std::string(query) +
                              "\" (synchronous=full or synchronous=normal)",
                          "url");
      }
    }
    if (rest.empty()) return make_error(ErrorCode::kInvalidArgument, "no database path", "url");
    auto d = SqliteDriver::open(std::string(rest), options);
    if (!d) return std::unexpected(std::move(d.error()));
    driver = std::move(*d);
  }
  return SqlStore::open(std::move(driver));
}

Result<void> Store::commit(const Batch& batch) {
  const auto& events = batch.events;
  for (size_t i = 1; i < events.size(); ++i)
    if (events[i].seq != events[0].seq + i)
      return make_error(ErrorCode::kInvalidArgument,
                        "event seqs in a batch must be consecutive (seq " +
                            std::to_string(events[i].seq) + " follows " +
                            std::to_string(events[i - 1].seq) + ")",
                        "events");
  if (!events.empty()) {
    if (events.front().seq == 0)
      return make_error(ErrorCode::kInvalidArgument, "event seqs start at 1", "seq");
    if (!next_seq_) {
      auto last = last_seq();
      if (!last) return std::unexpected(std::move(last.error()));
      next_seq_ = *last + 1;
    }
    const uint64_t first = events.front().seq;
    if (first < *next_seq_)
      return make_error(ErrorCode::kAlreadyExists,
                        "event seq " + std::to_string(first) + " is already stored (next is " +
                            std::to_string(*next_seq_) + ")",
                        "seq");
    if (first > *next_seq_)
      return make_error(ErrorCode::kIllegalState,
                        "event seq " + std::to_string(first) + " would leave a gap (next is " +
                            std::to_string(*next_seq_) + ")",
                        "seq");
  }
  auto r = do_commit(batch);
  if (!r) {
    next_seq_.reset();  // re-read from the database next time
    return r;
  }
  if (!events.empty()) next_seq_ = events.back().seq + 1;
  return {};
}

Result<int64_t> Store::create_user(const User& user) {
  if (auto c = check_user(user); !c) return std::unexpected(std::move(c.error()));
  return do_create_user(user);
}

Result<void> Store::update_user(const User& user) {
  if (auto c = check_user(user); !c) return c;
  return do_update_user(user);
}

Result<int64_t> Store::create_api_key(const ApiKey& key) {
  if (key.key_hash.empty())
    return make_error(ErrorCode::kInvalidArgument, "must not be empty", "key_hash");
  if (auto c = check_role(key.role, /*api_key=*/true); !c) return std::unexpected(std::move(c.error()));
  return do_create_api_key(key);
}

}  // namespace switchyard::storage
