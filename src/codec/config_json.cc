#include "codec/config_json.h"

#include "codec/json_fields.h"

namespace switchyard::codec {

namespace json = boost::json;
using detail::Errors;
using detail::Fields;
using detail::Need;
using detail::reference_to_json;

namespace {

json::array refs_to_json(RefKind kind, const std::vector<uint32_t>& ids, const Resolver* r) {
  json::array out;
  out.reserve(ids.size());
  for (uint32_t id : ids) out.push_back(reference_to_json(kind, id, r));
  return out;
}

json::array requirements_to_json(const std::vector<core::SkillRequirement>& reqs,
                                 const Resolver* r) {
  json::array out;
  out.reserve(reqs.size());
  for (const auto& req : reqs)
    out.push_back(json::object{{"skill", reference_to_json(RefKind::kSkill, req.skill, r)},
                               {"min_proficiency", req.min_proficiency}});
  return out;
}

void read_refs(Fields& f, std::string_view key, RefKind kind, const Resolver* r,
               std::vector<uint32_t>& out) {
  out.clear();
  f.array(key, [&](const json::value& v, const std::string& path) {
    uint32_t id = core::kNoId;
    if (detail::to_reference(v, kind, path, id, r, f.errors())) out.push_back(id);
  });
}

void read_requirements(const json::value& v, const std::string& path, const Resolver* r,
                       Errors& errors, std::vector<core::SkillRequirement>& out) {
  out.clear();
  if (!errors.ok()) return;
  if (!v.is_array()) {
    errors.fail(ErrorCode::kInvalidArgument,
                "expected an array, got " + std::string(detail::json_kind(v)), path);
    return;
  }
  const auto& arr = v.get_array();
  for (size_t i = 0; i < arr.size() && errors.ok(); ++i) {
    Fields f(arr[i], detail::index_path(path, i), {"skill", "min_proficiency"}, errors);
    core::SkillRequirement req;
    f.reference("skill", RefKind::kSkill, req.skill, r, Need::kRequired);
    f.integer("min_proficiency", req.min_proficiency);
    if (f.ok()) out.push_back(req);
  }
}

void read_step(const json::value& v, const std::string& path, const Resolver* r, Errors& errors,
               core::BullseyeStep& step) {
  Fields f(v, path,
           {"after_ms", "min_proficiency", "alternative_skills", "add_queues", "add_sites"},
           errors);
  f.integer("after_ms", step.after_ms, Need::kRequired);
  if (f.get("min_proficiency")) {
    int p = 0;
    f.integer("min_proficiency", p);
    step.min_proficiency = p;
  }
  f.array("alternative_skills", [&](const json::value& alt, const std::string& alt_path) {
    std::vector<core::SkillRequirement> reqs;
    read_requirements(alt, alt_path, r, errors, reqs);
    step.alternative_skills.push_back(std::move(reqs));
  });
  read_refs(f, "add_queues", RefKind::kQueue, r, step.add_queues);
  read_refs(f, "add_sites", RefKind::kSite, r, step.add_sites);
}

void read_overflow(const json::value& v, const std::string& path, const Resolver* r, Errors& errors,
                   core::OverflowConfig& o) {
  Fields f(v, path,
           {"threshold_ms", "group_thresholds", "use_ewt", "backup_queues", "backup_teams"},
           errors);
  f.integer("threshold_ms", o.threshold_ms);
  f.array("group_thresholds", [&](const json::value& gv, const std::string& gpath) {
    Fields g(gv, gpath, {"group", "threshold_ms"}, errors);
    core::GroupThreshold gt;
    g.string("group", gt.group, Need::kRequired);
    g.integer("threshold_ms", gt.threshold_ms, Need::kRequired);
    if (g.ok()) o.group_thresholds.push_back(std::move(gt));
  });
  f.boolean("use_ewt", o.use_ewt);
  read_refs(f, "backup_queues", RefKind::kQueue, r, o.backup_queues);
  read_refs(f, "backup_teams", RefKind::kTeam, r, o.backup_teams);
}

}  // namespace

// ---- writing ----------------------------------------------------------------

json::object to_json(const core::EngineSettings& s) {
  return json::object{{"offer_timeout_ms", s.offer_timeout_ms},
                      {"missed_backoff_ms", s.missed_backoff_ms},
                      {"max_consecutive_misses", s.max_consecutive_misses},
                      {"default_acw_ms", s.default_acw_ms},
                      {"voice_blocks_others", s.voice_blocks_others},
                      {"day_offset_ms", s.day_offset_ms},
                      {"ewt_tau_ms", s.ewt_tau_ms}};
}

json::object to_json(const core::QueueConfig& q, const Resolver* r) {
  json::object o;
  o["name"] = q.name;
  o["channel"] = core::to_string(q.channel);
  o["skills"] = requirements_to_json(q.skills, r);
  o["priority"] = q.priority;
  o["weight"] = q.weight;
  o["max_length"] = q.max_length;
  o["max_wait_ms"] = q.max_wait_ms;
  o["exit_action"] = core::to_string(q.exit_action);
  if (q.exit_target != core::kNoId)
    o["exit_target"] = reference_to_json(RefKind::kQueue, q.exit_target, r);
  o["sl_target_ms"] = q.sl_target_ms;
  o["sl_target_pct"] = q.sl_target_pct;
  json::array steps;
  for (const auto& s : q.bullseye) {
    json::object step;
    step["after_ms"] = s.after_ms;
    if (s.min_proficiency) step["min_proficiency"] = *s.min_proficiency;
    json::array alts;
    for (const auto& alt : s.alternative_skills) alts.push_back(requirements_to_json(alt, r));
    step["alternative_skills"] = std::move(alts);
    step["add_queues"] = refs_to_json(RefKind::kQueue, s.add_queues, r);
    step["add_sites"] = refs_to_json(RefKind::kSite, s.add_sites, r);
    steps.push_back(std::move(step));
  }
  o["bullseye"] = std::move(steps);
  json::array groups;
  for (const auto& g : q.overflow.group_thresholds)
    groups.push_back(json::object{{"group", g.group}, {"threshold_ms", g.threshold_ms}});
  o["overflow"] =
      json::object{{"threshold_ms", q.overflow.threshold_ms},
                   {"group_thresholds", std::move(groups)},
                   {"use_ewt", q.overflow.use_ewt},
                   {"backup_queues", refs_to_json(RefKind::kQueue, q.overflow.backup_queues, r)},
                   {"backup_teams", refs_to_json(RefKind::kTeam, q.overflow.backup_teams, r)}};
  o["strategy"] = core::to_string(q.strategy);
  o["sites"] = refs_to_json(RefKind::kSite, q.sites, r);
  if (q.acw_ms) o["acw_ms"] = *q.acw_ms;
  o["open"] = q.open;
  return o;
}

json::object to_json(const core::AgentConfig& a, const Resolver* r) {
  json::object o;
  o["name"] = a.name;
  if (a.team != core::kNoId) o["team"] = reference_to_json(RefKind::kTeam, a.team, r);
  if (a.site != core::kNoId) o["site"] = reference_to_json(RefKind::kSite, a.site, r);
  json::array skills;
  for (const auto& s : a.skills)
    skills.push_back(json::object{{"skill", reference_to_json(RefKind::kSkill, s.skill, r)},
                                  {"proficiency", s.proficiency}});
  o["skills"] = std::move(skills);
  json::object cap;
  for (core::Channel ch : core::kAllChannels)
    cap[core::to_string(ch)] = a.capacity[static_cast<int>(ch)];
  o["capacity"] = std::move(cap);
  return o;
}

json::object to_json(const core::ContactSpec& c, const Resolver* r) {
  json::object o;
  o["queue"] = reference_to_json(RefKind::kQueue, c.queue, r);
  o["channel"] = core::to_string(c.channel);
  o["priority"] = c.priority;
  o["customer_id"] = c.customer_id;
  o["customer_group"] = c.customer_group;
  json::object attrs;
  for (const auto& [k, v] : c.attributes) attrs[k] = v;  // keys are unique by contract
  o["attributes"] = std::move(attrs);
  return o;
}

// ---- reading ----------------------------------------------------------------

namespace detail {

void read_settings(const json::value& v, const std::string& path, std::string_view also,
                   Errors& errors, core::EngineSettings& s) {
  Fields f(v, path,
           {"offer_timeout_ms", "missed_backoff_ms", "max_consecutive_misses", "default_acw_ms",
            "voice_blocks_others", "day_offset_ms", "ewt_tau_ms"},
           errors, also);
  f.integer("offer_timeout_ms", s.offer_timeout_ms);
  f.integer("missed_backoff_ms", s.missed_backoff_ms);
  f.integer("max_consecutive_misses", s.max_consecutive_misses);
  f.integer("default_acw_ms", s.default_acw_ms);
  f.boolean("voice_blocks_others", s.voice_blocks_others);
  f.integer("day_offset_ms", s.day_offset_ms);
  f.integer("ewt_tau_ms", s.ewt_tau_ms);
}

void read_queue_config(const json::value& v, const std::string& path, std::string_view also,
                       const Resolver* r, Errors& errors, core::QueueConfig& q) {
  Fields f(v, path,
           {"name", "channel", "skills", "priority", "weight", "max_length", "max_wait_ms",
            "exit_action", "exit_target", "sl_target_ms", "sl_target_pct", "bullseye", "overflow",
            "strategy", "sites", "acw_ms", "open"},
           errors, also);
  f.string("name", q.name, Need::kRequired);
  f.enumeration("channel", q.channel, &core::channel_from_string);
  if (const json::value* skills = f.get("skills"))
    read_requirements(*skills, f.field("skills"), r, errors, q.skills);
  f.integer("priority", q.priority);
  f.number("weight", q.weight);
  f.integer("max_length", q.max_length);
  f.integer("max_wait_ms", q.max_wait_ms);
  f.enumeration("exit_action", q.exit_action, &core::exit_action_from_string);
  f.reference("exit_target", RefKind::kQueue, q.exit_target, r);
  f.integer("sl_target_ms", q.sl_target_ms);
  f.number("sl_target_pct", q.sl_target_pct);
  f.array("bullseye", [&](const json::value& sv, const std::string& spath) {
    core::BullseyeStep step;
    read_step(sv, spath, r, errors, step);
    q.bullseye.push_back(std::move(step));
  });
  if (const json::value* ov = f.get("overflow"))
    read_overflow(*ov, f.field("overflow"), r, errors, q.overflow);
  f.enumeration("strategy", q.strategy, &core::strategy_from_string);
  read_refs(f, "sites", RefKind::kSite, r, q.sites);
  if (f.get("acw_ms")) {
    int64_t acw = 0;
    f.integer("acw_ms", acw);
    q.acw_ms = acw;
  }
  f.boolean("open", q.open);
}

// The "skills" array of `f`: [{"skill", "proficiency"}...].
void read_agent_skills(Fields& f, const Resolver* r, Errors& errors, std::vector<core::AgentSkill>& out,
                       Need need = Need::kOptional) {
  f.array(
      "skills",
      [&](const json::value& sv, const std::string& spath) {
        Fields s(sv, spath, {"skill", "proficiency"}, errors);
        core::AgentSkill skill;
        s.reference("skill", RefKind::kSkill, skill.skill, r, Need::kRequired);
        s.integer("proficiency", skill.proficiency);
        if (s.ok()) out.push_back(skill);
      },
      need);
}

void read_agent_config(const json::value& v, const std::string& path, std::string_view also,
                       const Resolver* r, Errors& errors, core::AgentConfig& a) {
  Fields f(v, path, {"name", "team", "site", "skills", "capacity"}, errors, also);
  f.string("name", a.name, Need::kRequired);
  f.reference("team", RefKind::kTeam, a.team, r);
  f.reference("site", RefKind::kSite, a.site, r);
  read_agent_skills(f, r, errors, a.skills);
  if (const json::value* cv = f.get("capacity")) {
    const std::string cpath = f.field("capacity");
    if (!cv->is_object()) {
      errors.fail(ErrorCode::kInvalidArgument,
                  "expected an object, got " + std::string(json_kind(*cv)), cpath);
      return;
    }
    for (const auto& kv : cv->get_object()) {
      std::string kpath = join_path(cpath, kv.key());
      std::optional<core::Channel> ch = core::channel_from_string(kv.key());
      if (!ch) {
        errors.fail(ErrorCode::kInvalidArgument, "unknown field", kpath);
        return;
      }
      to_integer(kv.value(), kpath, a.capacity[static_cast<int>(*ch)], errors);
    }
  }
}

void read_contact_spec(const json::value& v, const std::string& path, std::string_view also,
                       const Resolver* r, Errors& errors, core::ContactSpec& c) {
  Fields f(v, path, {"queue", "channel", "priority", "customer_id", "customer_group", "attributes"},
           errors, also);
  f.reference("queue", RefKind::kQueue, c.queue, r, Need::kRequired);
  f.enumeration("channel", c.channel, &core::channel_from_string);
  f.integer("priority", c.priority);
  f.string("customer_id", c.customer_id);
  f.string("customer_group", c.customer_group);
  if (const json::value* av = f.get("attributes")) {
    const std::string apath = f.field("attributes");
    if (!av->is_object()) {
      errors.fail(ErrorCode::kInvalidArgument,
                  "expected an object, got " + std::string(json_kind(*av)), apath);
      return;
    }
    for (const auto& kv : av->get_object()) {
      if (!kv.value().is_string()) {
        errors.fail(ErrorCode::kInvalidArgument,
                    "expected a string, got " + std::string(json_kind(kv.value())),
                    join_path(apath, kv.key()));
        return;
      }
      c.attributes.emplace_back(std::string(kv.key()), std::string(kv.value().get_string()));
    }
  }
}

}  // namespace detail

Result<core::EngineSettings> settings_from_json(const json::value& v) {
  Errors errors;
  core::EngineSettings s;
  detail::read_settings(v, "", {}, errors, s);
  return detail::finish(errors, std::move(s));
}

Result<core::QueueConfig> queue_config_from_json(const json::value& v, const Resolver* r) {
  Errors errors;
  core::QueueConfig q;
  detail::read_queue_config(v, "", {}, r, errors, q);
  return detail::finish(errors, std::move(q));
}

Result<core::AgentConfig> agent_config_from_json(const json::value& v, const Resolver* r) {
  Errors errors;
  core::AgentConfig a;
  detail::read_agent_config(v, "", {}, r, errors, a);
  return detail::finish(errors, std::move(a));
}

Result<std::vector<core::AgentSkill>> agent_skills_from_json(const json::value& v, const Resolver* r) {
  Errors errors;
  std::vector<core::AgentSkill> skills;
  Fields f(v, "", {"skills"}, errors);
  detail::read_agent_skills(f, r, errors, skills, Need::kRequired);
  return detail::finish(errors, std::move(skills));
}

Result<core::ContactSpec> contact_spec_from_json(const json::value& v, const Resolver* r) {
  Errors errors;
  core::ContactSpec c;
  detail::read_contact_spec(v, "", {}, r, errors, c);
  return detail::finish(errors, std::move(c));
}

}  // namespace switchyard::codec
