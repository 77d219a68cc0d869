#pragma once
// What the application services run on: the engine host (commands and
// reads of live state, on the engine thread), the store workers (module
// repositories), the projection host (read-your-writes on read models), the
// catalog of names and the clock. Built once by the serve wiring (or a test)
// and shared by every service.
#include <functional>
#include <vector>

#include "app/catalog.h"
#include "core/clock.h"
#include "core/result.h"
#include "server/engine_host.h"
#include "server/projection_host.h"
#include "server/store_pool.h"

namespace switchyard::app {

// How a service answers: exactly once, on some service thread (commit
// thread, store worker, projection thread). The callee must not block.
template <typename T>
using Reply = std::function<void(Result<T>)>;

struct Runtime {
  server::EngineHost& engine;
  server::StorePool& store;
  server::ProjectionHost& projections;
  Catalog& catalog;
  const Clock& clock;
};

// What the read models start from, taken from the recovered engine before
// the host starts: the catalog of names is loaded, and the KPI projections
// get the current queue and agent configuration (their day boundary is the
// center's calendar, `center.time_zone`).
struct ReadModelStart {
  std::vector<core::Event> configs;  // QueueConfigured / AgentConfigured of the current configuration
};
Result<ReadModelStart> start_read_models(server::EngineHost& host, Catalog& catalog);

// Runs `read` on a store worker, then `reply` with its result.
template <typename T>
void on_store(Runtime& rt, std::function<Result<T>(storage::SqlDriver&)> read, Reply<T> reply) {
  rt.store.post([read = std::move(read), reply = std::move(reply)](storage::SqlDriver& db) { reply(read(db)); });
}

// Runs `task` on the engine thread; `reply` gets its result once durable.
template <typename T>
void on_engine(Runtime& rt, std::function<Result<T>(server::TaskContext&)> task, Reply<T> reply) {
  rt.engine.submit<T>(std::move(task), std::move(reply));
}

}  // namespace switchyard::app
