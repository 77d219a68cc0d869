#pragma once
// Module "voice": the phones agents register with (docs/voice.md,
// "Phones"). One row per agent: the SIP username and HA1 =
// MD5(username:realm:password); the password itself is never stored.
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/migrate.h"
#include "storage/sql_driver.h"

namespace switchyard::voice {

struct PhoneRow {
  std::string agent;     // the agent's name
  std::string username;  // SIP username (unique)
  std::string ha1;
  int64_t updated_ms = 0;
};

class PhoneBook {
 public:
  explicit PhoneBook(storage::SqlDriver& db) : db_(db) {}
  static const storage::ModuleSchema& schema();  // module "voice"

  Result<std::vector<PhoneRow>> list();
  // Inserts or replaces the agent's phone; kAlreadyExists naming "username"
  // when another agent has that username. Run it in a transaction to make
  // the check and the write one (the service does, with its audit entry).
  Result<void> put(const PhoneRow& row);
  // kNotFound naming "id" when the agent has none.
  Result<void> remove(const std::string& agent);

 private:
  storage::SqlDriver& db_;
};

}  // namespace switchyard::voice
