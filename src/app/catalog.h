#pragma once
// The names of what the engine has configured (skills, teams, sites, queues,
// agents) and their ids, as committed. Transports resolve names in requests
// and render names in answers with it, off the engine thread. Names are
// never deleted and never change id, so a name resolved here stays valid.
//
// Updated from committed events (EngineHost commit listener) before the
// replies of their batch are sent: a client that created a skill can name it
// in its very next request.
//
// Threading: names() from any thread (an immutable snapshot); update() and
// load() from one thread at a time (the commit thread; start-up).
#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/engine.h"
#include "core/event.h"

namespace switchyard::app {

enum class Kind : uint8_t { kSkill, kQueue, kTeam, kSite, kAgent };
inline constexpr int kKindCount = 5;

class Names {
 public:
  std::optional<uint32_t> id(Kind k, std::string_view name) const;
  // The name of `id`, or nullopt when unknown.
  const std::string* name(Kind k, uint32_t id) const;
  size_t count(Kind k) const { return table(k).names.size(); }
  // A name, or else an id in decimal (ids of other kinds' views resolve the same way).
  std::optional<uint32_t> resolve(Kind k, std::string_view name_or_id) const;

 private:
  friend class Catalog;
  struct Table {
    std::vector<std::string> names;  // by id
    std::unordered_map<std::string, uint32_t> ids;
  };
  const Table& table(Kind k) const { return tables_[static_cast<size_t>(k)]; }
  void set(Kind k, uint32_t id, const std::string& name);
  std::array<Table, kKindCount> tables_;
};

class Catalog {
 public:
  Catalog() : names_(std::make_shared<const Names>()) {}
  std::shared_ptr<const Names> names() const;
  // From the engine's current configuration (start-up, before serving).
  void load(const core::Engine& e);
  // Learns the names a committed batch defines.
  void update(const std::vector<core::Event>& events);

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const Names> names_;  // guarded by mu_
};

}  // namespace switchyard::app
