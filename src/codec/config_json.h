#pragma once
// JSON mapping of the engine configuration (core/config.h): EngineSettings,
// QueueConfig, AgentConfig, ContactSpec.
//
// Writing (to_json) emits every field, except optional ones that are unset
// (QueueConfig.exit_target / acw_ms, BullseyeStep.min_proficiency,
// AgentConfig.team / site when kNoId). Enums are their to_string names
// ("voice", "longest_idle", "overflow"); AgentConfig.capacity is an object
// {"voice": 1, "chat": 3, ...}; ContactSpec.attributes is an object of strings.
//
// Reading (*_from_json) is strict: an unknown field, a value of the wrong JSON
// type, an unknown enum name or a number that does not fit the C++ field is a
// kInvalidArgument error whose `field` is the path of the offending value
// (e.g. "bullseye[1].after_ms", "overflow.backup_teams[0]"); a missing
// required field is an error too. Absent optional fields keep the defaults of
// config.h. Semantic limits (proficiency 1..5, weights, durations >= 0, ...)
// are the engine's to check; it names the same fields.
//
// References (skills, queues, teams, sites) are numeric ids. With a Resolver,
// a reference may also be a name (an unknown name is kNotFound naming the
// field), and to_json writes names wherever the resolver knows one.
//
// Required fields: QueueConfig.name, skill requirement .skill,
// BullseyeStep.after_ms, group threshold .group and .threshold_ms,
// AgentConfig.name, agent skill .skill, ContactSpec.queue.
//
// Thread-safety: pure functions; safe from any thread (the Resolver's own
// rules apply to it).
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "codec/resolver.h"
#include "core/config.h"
#include "core/result.h"

namespace switchyard::codec {

boost::json::object to_json(const core::EngineSettings& s);
boost::json::object to_json(const core::QueueConfig& q, const Resolver* resolver = nullptr);
boost::json::object to_json(const core::AgentConfig& a, const Resolver* resolver = nullptr);
boost::json::object to_json(const core::ContactSpec& c, const Resolver* resolver = nullptr);

Result<core::EngineSettings> settings_from_json(const boost::json::value& v);
Result<core::QueueConfig> queue_config_from_json(const boost::json::value& v,
                                                 const Resolver* resolver = nullptr);
Result<core::AgentConfig> agent_config_from_json(const boost::json::value& v,
                                                 const Resolver* resolver = nullptr);
// {"skills":[{"skill","proficiency"}...]}: an agent's skills alone
// (PUT /api/v1/agents/{id}/skills).
Result<std::vector<core::AgentSkill>> agent_skills_from_json(const boost::json::value& v,
                                                             const Resolver* resolver = nullptr);
Result<core::ContactSpec> contact_spec_from_json(const boost::json::value& v,
                                                 const Resolver* resolver = nullptr);

}  // namespace switchyard::codec
