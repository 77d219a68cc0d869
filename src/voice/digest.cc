#include "voice/digest.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <cstring>

namespace switchyard::voice {
std::string hex_encode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  s.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    s += kHex[b >> 4];
    s += kHex[b & 15];
  }
  return s;
}

namespace {

std::string hex(const unsigned char* p, size_t n) { return hex_encode(std::string_view(reinterpret_cast<const char*>(p), n)); }

}  // namespace

std::string hmac_hex(std::string_view secret, std::string_view text) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(text.data()),
       text.size(), out, &len);
  return hex(out, 16);  // 128 bits are plenty for a nonce's proof
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char d = 0;
  for (size_t i = 0; i < a.size(); ++i) d |= static_cast<unsigned char>(a[i] ^ b[i]);
  return d == 0;
}

std::string md5_hex(std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, EVP_md5(), nullptr);
  return hex(out, len);
}

std::string digest_ha1(std::string_view username, std::string_view realm, std::string_view password) {
  std::string s;
  s.append(username).append(":").append(realm).append(":").append(password);
  return md5_hex(s);
}

std::string make_nonce(std::string_view secret, int64_t issued_ms) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, static_cast<uint64_t>(issued_ms), 16);
  std::string t(buf, end);
  return t + "." + hmac_hex(secret, t);
}

std::optional<int64_t> nonce_time(std::string_view secret, std::string_view nonce) {
  size_t dot = nonce.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 16) return std::nullopt;
  std::string_view t = nonce.substr(0, dot);
  if (!constant_time_equal(hmac_hex(secret, t), nonce.substr(dot + 1))) return std::nullopt;
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v, 16);
  if (ec != std::errc() || end != t.data() + t.size() || v > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(v);
}

bool digest_matches(const DigestCredentials& c, std::string_view ha1, std::string_view method) {
  if (!c.algorithm.empty() && c.algorithm != "MD5" && c.algorithm != "md5") return false;
  std::string a2;
  a2.append(method).append(":").append(c.uri);
  std::string ha2 = md5_hex(a2);
  std::string r;
  if (c.qop.empty()) {
    r.append(ha1).append(":").append(c.nonce).append(":").append(ha2);
  } else if (c.qop == "auth") {
    if (c.nc.empty() || c.cnonce.empty()) return false;
    r.append(ha1).append(":").append(c.nonce).append(":").append(c.nc).append(":").append(c.cnonce).append(":auth:").append(ha2);
  } else {
    return false;  // auth-int is not offered
  }
  return constant_time_equal(md5_hex(r), c.response);
}

}  // namespace switchyard::voice
