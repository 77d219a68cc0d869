#pragma once
// Configuration of the routing engine: skills, teams, sites, engine
// settings, queues and agents (their configuration; presence is
// AgentService). Reads for every role; changes for admins, each audited in
// the same transaction as the engine event it causes.
//
// Threading: every method from any thread; replies on service threads.
#include <string>
#include <vector>

#include "app/caller.h"
#include "app/runtime.h"
#include "core/config.h"
#include "core/engine.h"

namespace switchyard::app {

// What a named registry holds: skills, teams or sites.
enum class Registry { kSkill, kTeam, kSite };

struct NamedItem {
  uint32_t id = 0;
  std::string name;
};

struct QueueInfo {
  core::QueueId id = core::kNoId;
  core::QueueConfig config;
  core::QueueView live;  // waiting, longest wait, EWT (-1 = unknown), ...
};

struct AgentInfo {
  core::AgentId id = core::kNoId;
  core::AgentConfig config;
  core::AgentView live;
};

// A configuration change: the new configuration and, for the audit log, its
// text as the caller sent it (e.g. JSON).
template <typename Cfg>
struct Configure {
  Cfg config;
  bool create = false;                   // true: the name must be new; false: replace `id`
  uint32_t id = core::kNoId;             // the one to replace (it keeps its name)
  std::string audit_detail;
};

class ConfigService {
 public:
  explicit ConfigService(Runtime& rt) : rt_(rt) {}

  void list(const Caller& c, Registry r, Reply<std::vector<NamedItem>> reply);
  // kAlreadyExists (field "name") when the name is taken.
  void define(const Caller& c, Registry r, std::string name, Reply<NamedItem> reply);

  void settings(const Caller& c, Reply<core::EngineSettings> reply);
  void set_settings(const Caller& c, core::EngineSettings s, std::string audit_detail,
                    Reply<core::EngineSettings> reply);

  void queues(const Caller& c, Reply<std::vector<QueueInfo>> reply);
  void queue(const Caller& c, core::QueueId id, Reply<QueueInfo> reply);
  void configure_queue(const Caller& c, Configure<core::QueueConfig> in, Reply<QueueInfo> reply);

  // The agents the caller may see (its scope for realtime reads; admins all).
  void agents(const Caller& c, Reply<std::vector<AgentInfo>> reply);
  void agent(const Caller& c, core::AgentId id, Reply<AgentInfo> reply);
  void configure_agent(const Caller& c, Configure<core::AgentConfig> in, Reply<AgentInfo> reply);
  // Replaces an agent's skills and proficiencies, the rest of its
  // configuration unchanged: what moves it between queues. Admins any
  // agent, team leads the agents of their team (kAssignSkills); audited as
  // "agent.skills" with `audit_detail`. kPermissionDenied / kNotFound name "id".
  void set_agent_skills(const Caller& c, core::AgentId id, std::vector<core::AgentSkill> skills,
                        std::string audit_detail, Reply<AgentInfo> reply);

 private:
  Runtime& rt_;
};

// Engine thread: the views of one queue / agent.
QueueInfo queue_info(const core::Engine& e, core::QueueId id);
AgentInfo agent_info(const core::Engine& e, core::AgentId id);

}  // namespace switchyard::app
