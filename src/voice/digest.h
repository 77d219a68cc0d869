#pragma once
// SIP digest authentication (RFC 2617 / RFC 3261 22.4) for phone
// registrations: MD5 over "user:realm:password" (HA1, the only form in which
// a phone's password is stored), the challenge's nonce, and the check of a
// REGISTER's Authorization. Pure functions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace switchyard::voice {

std::string md5_hex(std::string_view data);
// HA1 = MD5(username ":" realm ":" password), lower-case hex.
std::string digest_ha1(std::string_view username, std::string_view realm, std::string_view password);

// The fields of an Authorization header (quotes removed).
struct DigestCredentials {
  std::string username, realm, nonce, uri, response, algorithm, qop, nc, cnonce;
};

// Lower-case hex of bytes.
std::string hex_encode(std::string_view bytes);
// Equal strings, compared in time that does not depend on where they differ
// (for secrets: MACs, digest responses).
bool constant_time_equal(std::string_view a, std::string_view b);

// HMAC-SHA256 of `text` with `secret`, the first 128 bits in lower-case hex.
std::string hmac_hex(std::string_view secret, std::string_view text);

// A nonce that proves it was issued by us at `issued_ms` (HMAC-SHA256 with
// `secret`), so no nonce needs to be stored: "<ms hex>.<mac hex>".
std::string make_nonce(std::string_view secret, int64_t issued_ms);
// The nonce's issue time when it is ours; nullopt otherwise.
std::optional<int64_t> nonce_time(std::string_view secret, std::string_view nonce);

// True when `c.response` is what a client knowing the password behind `ha1`
// computes for `method` (qop "auth" or none; algorithm MD5 or none).
bool digest_matches(const DigestCredentials& c, std::string_view ha1, std::string_view method);

}  // namespace switchyard::voice
