#pragma once
// What the files of ChatService share (chat_service.cc: start-up and live state,
// chat_widgets.cc, chat_visitor.cc, chat_staff.cc); not part of its interface.

#include <memory>
#include <string>

#include "app/caller.h"
#include "audit/audit_log.h"
#include "core/result.h"
#include "storage/sql_driver.h"

namespace switchyard::app::chat_parts {

// A socket frame, shared by every subscriber it goes to.
inline std::shared_ptr<const std::string> shared(std::string s) {
  return std::make_shared<const std::string>(std::move(s));
}

inline void audit(storage::SqlDriver& db, const Caller& c, int64_t now_ms, std::string action, std::string target,
                  std::string detail) {
  // After the change: an audit failure does not undo it (the store logs it).
  (void)audit::AuditLog(db).append({0, now_ms, c.name, std::move(action), std::move(target), std::move(detail), 0});
}

inline Error ended_error() { return Error{ErrorCode::kIllegalState, "the chat has ended", "contact"}; }

}  // namespace switchyard::app::chat_parts
