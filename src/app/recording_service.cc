#include "app/recording_service.h"

#include <fstream>
#include <sstream>

#include "audit/audit_log.h"

namespace switchyard::app {

RecordingService::RecordingService(Runtime& rt, ContactService& contacts, std::string dir)
    : rt_(rt), contacts_(contacts), dir_(std::move(dir)) {}

void RecordingService::open(const Caller& c, core::ContactId contact, Reply<RecordingFile> reply) {
  if (auto ok = require(c, auth::Permission::kListenRecordings); !ok) return reply(std::unexpected(ok.error()));
  // the contact's scope decides (own calls, the team's, all)
  contacts_.get(c, contact, [this, c, contact, reply = std::move(reply)](Result<ContactInfo> info) {
    if (!info) return reply(std::unexpected(info.error()));
    if (dir_.empty()) return reply(make_error(ErrorCode::kNotFound, "calls are not recorded here", "id"));
    const std::string path = dir_ + "/contact-" + std::to_string(contact) + ".wav";
    rt_.store.post([this, c, contact, path, reply](storage::SqlDriver& db) {
      std::ifstream in(path, std::ios::binary);
      if (!in) return reply(make_error(ErrorCode::kNotFound, "no recording for this contact", "id"));
      std::ostringstream ss;
      ss << in.rdbuf();
      auto bytes = std::make_shared<const std::string>(ss.str());
      // audited before it is handed out; a failed audit write refuses the access
      auto a = audit::AuditLog(db).append({0, rt_.clock.now_ms(), c.name, "recording.play",
                                           "contact:" + std::to_string(contact), std::to_string(bytes->size()) + " bytes", 0});
      if (!a) return reply(std::unexpected(a.error()));
      reply(RecordingFile{contact, std::move(bytes)});
    });
  });
}

}  // namespace switchyard::app
