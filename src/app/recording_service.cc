#include "app/recording_service.h"

#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "audit/audit_log.h"
#include "server/log.h"
#include "voice/digest.h"

namespace switchyard::app {

namespace {

std::optional<std::string> unhex(std::string_view h) {
  if (h.size() % 2) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < h.size(); i += 2) {
    unsigned v = 0;
    auto [end, ec] = std::from_chars(h.data() + i, h.data() + i + 2, v, 16);
    if (ec != std::errc() || end != h.data() + i + 2) return std::nullopt;
    out += static_cast<char>(v);
  }
  return out;
}

// contact-<digits>.wav
bool is_recording_name(std::string_view n) {
  if (!n.starts_with("contact-") || !n.ends_with(".wav")) return false;
  std::string_view id = n.substr(8, n.size() - 12);
  return !id.empty() && id.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

RecordingSweep delete_old_recordings(const std::string& dir, int64_t keep_ms, int64_t now_ms) {
  namespace fs = std::filesystem;
  RecordingSweep out;
  std::error_code ec;
  if (dir.empty() || keep_ms <= 0 || !fs::is_directory(dir, ec)) return out;
  const auto cutoff = std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(now_ms - keep_ms));
  auto fail = [&](const fs::path& p, const std::error_code& e) {
    ++out.failed;
    if (out.first_error.empty()) out.first_error = p.string() + ": " + e.message();
  };
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    std::error_code fe;
    if (!is_recording_name(p.filename().string()) || !it->is_regular_file(fe)) continue;
    const auto t = fs::last_write_time(p, fe);
    if (fe) {
      fail(p, fe);
      continue;
    }
    if (std::chrono::file_clock::to_sys(t) >= cutoff) continue;
    if (fs::remove(p, fe)) ++out.deleted;
    else if (fe) fail(p, fe);
  }
  if (ec) fail(dir, ec);
  return out;
}

RecordingService::RecordingService(Runtime& rt, ContactService& contacts, std::string dir, std::string secret)
    : rt_(rt), contacts_(contacts), dir_(std::move(dir)), secret_(std::move(secret)) {}

void RecordingService::set_retention(std::string dir, int keep_days) {
  retention_dir_ = std::move(dir);
  keep_ms_ = int64_t{keep_days} * 86'400'000;
}

RecordingSweep RecordingService::prune() {
  RecordingSweep s = delete_old_recordings(retention_dir_, keep_ms_, rt_.clock.now_ms());
  deleted_total_.fetch_add(s.deleted, std::memory_order_relaxed);
  if (s.deleted > 0)
    server::log_info("recordings: " + std::to_string(s.deleted) + " older than " + std::to_string(keep_ms_ / 86'400'000) +
                     " days deleted from " + retention_dir_);
  if (s.failed > 0)
    server::log_error("recordings: " + std::to_string(s.failed) + " could not be deleted (" + s.first_error + ")");
  return s;
}

std::string RecordingService::path_of(core::ContactId contact) const {
  return dir_ + "/contact-" + std::to_string(contact) + ".wav";
}

void RecordingService::read_and_audit(const std::string& who, core::ContactId contact, bool peer,
                                      Reply<RecordingFile> reply) {
  rt_.store.post([this, who, contact, peer, reply = std::move(reply)](storage::SqlDriver& db) {
    std::ifstream in(path_of(contact), std::ios::binary);
    if (!in) return reply(make_error(ErrorCode::kNotFound, "no recording for this contact", "id"));
    std::ostringstream ss;
    ss << in.rdbuf();
    auto bytes = std::make_shared<const std::string>(ss.str());
    // audited before it is handed out; a failed audit write refuses the access
    auto a = audit::AuditLog(db).append({0, rt_.clock.now_ms(), who, "recording.play", "contact:" + std::to_string(contact),
                                         std::to_string(bytes->size()) + " bytes" + (peer ? ", peer review" : ""), 0});
    if (!a) return reply(std::unexpected(a.error()));
    reply(RecordingFile{contact, std::move(bytes)});
  });
}

void RecordingService::open(const Caller& c, core::ContactId contact, Reply<RecordingFile> reply) {
  if (auto ok = require(c, auth::Permission::kListenRecordings); !ok) return reply(std::unexpected(ok.error()));
  // the contact's scope decides (own calls, the team's, all)
  contacts_.get_for_review(c, contact, [this, c, contact, reply = std::move(reply)](Result<ContactInfo> info) {
    if (!info) return reply(std::unexpected(info.error()));
    if (dir_.empty()) return reply(make_error(ErrorCode::kNotFound, "calls are not recorded here", "id"));
    read_and_audit(c.name, contact, info->peer_review, reply);
  });
}

void RecordingService::link(const Caller& c, core::ContactId contact, Reply<RecordingLink> reply) {
  if (auto ok = require(c, auth::Permission::kListenRecordings); !ok) return reply(std::unexpected(ok.error()));
  contacts_.get_for_review(c, contact, [this, c, contact, reply = std::move(reply)](Result<ContactInfo> info) {
    if (!info) return reply(std::unexpected(info.error()));
    if (dir_.empty() || !std::filesystem::exists(path_of(contact)))
      return reply(make_error(ErrorCode::kNotFound, "no recording for this contact", "id"));
    const int64_t expires = rt_.clock.now_ms() + kLinkTtlMs;
    // <contact>.<expires ms>.<user, hex>.<1: for a peer review>.<HMAC of the four>
    std::string body = std::to_string(contact) + "." + std::to_string(expires) + "." + voice::hex_encode(c.name) + "." +
                       (info->peer_review ? "1" : "0");
    reply(RecordingLink{"/api/v1/recordings/" + body + "." + voice::hmac_hex(secret_, body), expires});
  });
}

void RecordingService::open_link(const std::string& token, Reply<RecordingFile> reply) {
  auto bad = [&] { reply(make_error(ErrorCode::kUnauthenticated, "this link is not valid (or it expired)", "token")); };
  size_t d3 = token.rfind('.');
  if (d3 == std::string::npos || dir_.empty()) return bad();
  std::string body = token.substr(0, d3);
  if (!voice::constant_time_equal(voice::hmac_hex(secret_, body), std::string_view(token).substr(d3 + 1))) return bad();
  // <contact>.<expires>.<user hex>.<peer flag>
  size_t d1 = body.find('.');
  size_t d2 = d1 == std::string::npos ? d1 : body.find('.', d1 + 1);
  size_t d4 = d2 == std::string::npos ? d2 : body.find('.', d2 + 1);
  if (d4 == std::string::npos || body.size() != d4 + 2) return bad();
  core::ContactId contact = 0;
  int64_t expires = 0;
  std::from_chars(body.data(), body.data() + d1, contact);
  std::from_chars(body.data() + d1 + 1, body.data() + d2, expires);
  auto who = unhex(std::string_view(body).substr(d2 + 1, d4 - d2 - 1));
  if (!who || contact == 0 || rt_.clock.now_ms() > expires) return bad();
  read_and_audit(*who, contact, body.back() == '1', std::move(reply));
}

}  // namespace switchyard::app
