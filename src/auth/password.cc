#include "auth/password.h"

#include <argon2.h>

#include <vector>

#include "auth/token.h"

namespace switchyard::auth {
namespace {
constexpr uint32_t kTimeCost = 2;
constexpr uint32_t kMemoryKiB = 19 * 1024;
constexpr uint32_t kLanes = 1;
constexpr size_t kSaltBytes = 16;
constexpr size_t kTagBytes = 32;
}  // namespace

Result<std::string> hash_password(std::string_view password) {
  if (password.size() < kMinPasswordLength || password.size() > kMaxPasswordLength)
    return make_error(ErrorCode::kInvalidArgument, "password must be 8..1024 characters", "password");
  std::string salt = random_bytes(kSaltBytes);
  size_t len = argon2_encodedlen(kTimeCost, kMemoryKiB, kLanes, kSaltBytes, kTagBytes, Argon2_id);
  std::vector<char> out(len);
  int rc = argon2id_hash_encoded(kTimeCost, kMemoryKiB, kLanes, password.data(), password.size(), salt.data(),
                                 salt.size(), kTagBytes, out.data(), out.size());
  if (rc != ARGON2_OK) return make_error(ErrorCode::kInternal, argon2_error_message(rc));
  return std::string(out.data());
}

bool verify_password(std::string_view encoded_hash, std::string_view password) {
  if (password.size() > kMaxPasswordLength) return false;
  std::string enc(encoded_hash);  // argon2 wants a NUL-terminated string
  return argon2id_verify(enc.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace switchyard::auth
