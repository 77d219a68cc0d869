#pragma once
// JSON views of engine objects for the API, and a codec Resolver backed by
// the engine (names <-> ids). Engine thread only.
#include <boost/json/object.hpp>

#include "codec/resolver.h"
#include "core/engine.h"

namespace switchyard::api {

class EngineResolver final : public codec::Resolver {
 public:
  explicit EngineResolver(const core::Engine& e) : e_(e) {}
  std::optional<uint32_t> skill(std::string_view name) const override { return e_.find_skill(name); }
  std::optional<uint32_t> queue(std::string_view name) const override { return e_.find_queue(name); }
  std::optional<uint32_t> team(std::string_view name) const override { return e_.find_team(name); }
  std::optional<uint32_t> site(std::string_view name) const override { return e_.find_site(name); }
  std::optional<std::string> skill_name(uint32_t id) const override { return name(e_.skill_names(), id); }
  std::optional<std::string> queue_name(uint32_t id) const override {
    const core::QueueConfig* q = e_.queue_config(id);
    return q ? std::optional<std::string>(q->name) : std::nullopt;
  }
  std::optional<std::string> team_name(uint32_t id) const override { return name(e_.team_names(), id); }
  std::optional<std::string> site_name(uint32_t id) const override { return name(e_.site_names(), id); }

 private:
  static std::optional<std::string> name(const std::vector<std::string>& v, uint32_t id) {
    return id < v.size() ? std::optional<std::string>(v[id]) : std::nullopt;
  }
  const core::Engine& e_;
};

boost::json::object contact_json(const core::Engine& e, const core::ContactView& c);
boost::json::object agent_json(const core::Engine& e, const core::AgentView& a);
boost::json::object queue_json(const core::Engine& e, core::QueueId id);  // config + live figures
boost::json::value name_or_null(const core::Engine& e, codec::RefKind kind, uint32_t id);
std::string agent_name(const core::Engine& e, core::AgentId a);

// The live picture: every queue and the agents `include_agent` admits.
std::string realtime_json(const core::Engine& e, int64_t now_ms,
                          const std::function<bool(core::AgentId)>& include_agent);

}  // namespace switchyard::api
