#include "app/monitor_service.h"

#include "audit/audit_log.h"

namespace switchyard::app {

std::string_view to_string(MonitorMode m) {
  switch (m) {
    case MonitorMode::kListen: return "listen";
    case MonitorMode::kWhisper: return "whisper";
    case MonitorMode::kBarge: return "barge";
  }
  return "listen";
}

std::optional<MonitorMode> monitor_mode_from_string(std::string_view s) {
  if (s == "listen") return MonitorMode::kListen;
  if (s == "whisper") return MonitorMode::kWhisper;
  if (s == "barge") return MonitorMode::kBarge;
  return std::nullopt;
}

MonitorService::MonitorService(Runtime& rt, ContactService& contacts, std::map<std::string, std::string> phones)
    : rt_(rt), contacts_(contacts), phones_(std::move(phones)) {}

void MonitorService::in_scope(const Caller& c, core::ContactId contact, std::function<void(Result<void>)> then) {
  if (auto ok = require(c, auth::Permission::kMonitorCalls); !ok) return then(std::unexpected(ok.error()));
  if (!monitor_.start) return then(make_error(ErrorCode::kUnavailable, "voice is not enabled on this server", "contact"));
  // the contact's scope decides (the lead's team, or all)
  contacts_.get(c, contact, [then = std::move(then)](Result<ContactInfo> info) {
    if (!info) return then(std::unexpected(info.error()));
    then({});
  });
}

void MonitorService::start(const Caller& c, core::ContactId contact, MonitorMode mode, std::string phone, Reply<MonitorState> reply) {
  // the contact's scope first: nothing about phones to those who may not listen
  in_scope(c, contact, [this, c, contact, mode, phone = std::move(phone), reply = std::move(reply)](Result<void> ok) mutable {
    if (!ok) return reply(std::unexpected(ok.error()));
    if (phone.empty()) {
      auto it = phones_.find(c.name);
      if (it == phones_.end())
        return reply(make_error(ErrorCode::kInvalidArgument, "no phone given and none configured for " + c.name + " (voice.supervisors)", "phone"));
      phone = it->second;
    }
    if (!phone.starts_with("sip:") || phone.size() < 5 || phone.size() > 256)
      return reply(make_error(ErrorCode::kInvalidArgument, "expected a sip: URI of your phone", "phone"));
    monitor_.start(contact, mode, phone, c.name, [this, c, contact, mode, phone, reply = std::move(reply)](Result<MonitorState> s) {
      if (!s) return reply(std::move(s));
      // audited once the edge took it (a refused attempt rang no phone)
      rt_.store.post([this, c, contact, mode, phone, s = std::move(*s), reply](storage::SqlDriver& db) {
        auto a = audit::AuditLog(db).append({0, rt_.clock.now_ms(), c.name, "call.monitor", "contact:" + std::to_string(contact),
                                             std::string(to_string(mode)) + " from " + phone, 0});
        if (!a) return reply(std::unexpected(a.error()));
        reply(s);
      });
    });
  });
}

void MonitorService::get(const Caller& c, core::ContactId contact, Reply<MonitorState> reply) {
  in_scope(c, contact, [this, contact, reply = std::move(reply)](Result<void> ok) {
    if (!ok) return reply(std::unexpected(ok.error()));
    monitor_.get(contact, reply);
  });
}

void MonitorService::stop(const Caller& c, core::ContactId contact, Reply<void> reply) {
  in_scope(c, contact, [this, contact, reply = std::move(reply)](Result<void> ok) {
    if (!ok) return reply(std::unexpected(ok.error()));
    monitor_.stop(contact, reply);
  });
}

}  // namespace switchyard::app
