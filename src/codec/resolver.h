#pragma once
// Name <-> id resolution for the JSON codec. The persistence format stores
// references (skills, queues, teams, sites) as numeric ids; the HTTP API
// accepts and returns names. A Resolver bridges the two: the codec functions
// take an optional `const Resolver*` and, when given, read a reference as a
// name (string) or an id (number) and write it as a name.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/event.h"

namespace switchyard::codec {

// The kinds of named things a configuration refers to.
enum class RefKind : uint8_t { kSkill, kQueue, kTeam, kSite };
inline constexpr int kRefKindCount = 4;
std::string_view to_string(RefKind k);  // "skill", "queue", "team", "site"

// Looks names and ids up in both directions. Implementations decide their own
// thread-safety; the codec calls only the const methods, from the caller's
// thread, while a from_json / to_json call runs.
class Resolver {
 public:
  virtual ~Resolver() = default;
  virtual std::optional<uint32_t> skill(std::string_view name) const = 0;
  virtual std::optional<uint32_t> queue(std::string_view name) const = 0;
  virtual std::optional<uint32_t> team(std::string_view name) const = 0;
  virtual std::optional<uint32_t> site(std::string_view name) const = 0;
  virtual std::optional<std::string> skill_name(uint32_t id) const = 0;
  virtual std::optional<std::string> queue_name(uint32_t id) const = 0;
  virtual std::optional<std::string> team_name(uint32_t id) const = 0;
  virtual std::optional<std::string> site_name(uint32_t id) const = 0;

  // Dispatch on `kind` to the methods above.
  std::optional<uint32_t> id_of(RefKind kind, std::string_view name) const;
  std::optional<std::string> name_of(RefKind kind, uint32_t id) const;
};

// A Resolver backed by in-memory tables. It can follow the engine's event
// log (observe), which defines every skill, team, site and queue name.
// Not thread-safe: one thread mutates and reads it (or guard it externally).
class NameTable final : public Resolver {
 public:
  // Records name <-> id for `kind`. A later add of the same id or name
  // replaces the earlier mapping of that id / name.
  void add(RefKind kind, std::string name, uint32_t id);
  // Learns from skill_defined / team_defined / site_defined (text, value) and
  // queue_configured (queue, payload name) events; ignores all others.
  void observe(const core::Event& e);

  std::optional<uint32_t> skill(std::string_view name) const override;
  std::optional<uint32_t> queue(std::string_view name) const override;
  std::optional<uint32_t> team(std::string_view name) const override;
  std::optional<uint32_t> site(std::string_view name) const override;
  std::optional<std::string> skill_name(uint32_t id) const override;
  std::optional<std::string> queue_name(uint32_t id) const override;
  std::optional<std::string> team_name(uint32_t id) const override;
  std::optional<std::string> site_name(uint32_t id) const override;

 private:
  struct Table {
    std::map<std::string, uint32_t, std::less<>> ids;
    std::map<uint32_t, std::string> names;
  };
  std::optional<uint32_t> find(RefKind kind, std::string_view name) const;
  std::optional<std::string> name(RefKind kind, uint32_t id) const;

  std::array<Table, kRefKindCount> tables_;
};

}  // namespace switchyard::codec
