#pragma once
// The event-log module's tables: the engine's event log, engine snapshots
// and idempotency keys (module "eventlog").
#include "storage/migrate.h"

namespace switchyard::eventlog {

const storage::ModuleSchema& schema();

}  // namespace switchyard::eventlog
