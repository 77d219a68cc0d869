#pragma once
// JSON form of an EngineSnapshot, as the event-log module stores it (snapshots.h).
// Internal format: versioned ("version": 1); reading checks types and reports
// a corrupt blob as an error, never a crash.
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/snapshot.h"

namespace switchyard::eventlog {

std::string snapshot_to_json(const core::EngineSnapshot& s);
Result<core::EngineSnapshot> snapshot_from_json(std::string_view text);

}  // namespace switchyard::eventlog
