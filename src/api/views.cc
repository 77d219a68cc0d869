#include "api/views.h"

#include <boost/json.hpp>

#include "codec/config_json.h"

namespace switchyard::api {
namespace json = boost::json;

boost::json::value name_or_null(const core::Engine& e, codec::RefKind kind, uint32_t id) {
  if (id == core::kNoId) return nullptr;
  EngineResolver r(e);
  auto n = r.name_of(kind, id);
  return n ? json::value(*n) : json::value(id);
}

std::string agent_name(const core::Engine& e, core::AgentId a) {
  const core::AgentConfig* c = e.agent_config(a);
  return c ? c->name : std::string();
}

json::object contact_json(const core::Engine& e, const core::ContactView& c) {
  json::object o;
  o["id"] = c.id;
  o["state"] = core::to_string(c.state);
  o["queue"] = name_or_null(e, codec::RefKind::kQueue, c.queue);
  o["channel"] = core::to_string(c.channel);
  o["priority"] = c.priority;
  o["customer_id"] = c.customer_id;
  o["customer_group"] = c.customer_group;
  o["created_ms"] = c.created_ms;
  o["wait_since_ms"] = c.wait_since_ms;
  o["position_ms"] = c.position_ms;
  o["bullseye_step"] = c.step;
  o["overflowed"] = c.overflowed;
  o["callback"] = c.callback;
  o["agent"] = c.agent == core::kNoId ? json::value(nullptr) : json::value(agent_name(e, c.agent));
  json::array hist;
  for (core::QueueId q : c.history) hist.push_back(name_or_null(e, codec::RefKind::kQueue, q));
  o["history"] = std::move(hist);
  json::object attrs;
  for (const auto& [k, v] : c.attributes) attrs[k] = v;
  o["attributes"] = std::move(attrs);
  if (c.state == core::ContactState::kQueued) {
    if (auto w = e.wait_estimate(c.id)) {
      o["position"] = w->position;
      o["ewt_ms"] = w->ewt_ms;
    }
  }
  return o;
}

json::object agent_json(const core::Engine& e, const core::AgentView& a) {
  json::object o;
  EngineResolver r(e);
  const core::AgentConfig* cfg = e.agent_config(a.id);
  o["id"] = a.id;
  o["config"] = codec::to_json(*cfg, &r);
  o["state"] = core::to_string(a.state);
  o["reason"] = a.reason;
  o["state_since_ms"] = a.state_since_ms;
  o["in_backoff"] = a.in_backoff;
  o["consecutive_misses"] = a.consecutive_misses;
  o["contacts_today"] = a.contacts_today;
  o["occupancy"] = a.occupancy;
  json::object load;
  for (core::Channel ch : core::kAllChannels) load[core::to_string(ch)] = a.load[static_cast<int>(ch)];
  o["load"] = std::move(load);
  json::array contacts;
  for (core::ContactId c : a.contacts) contacts.push_back(c);
  o["contacts"] = std::move(contacts);
  return o;
}

json::object queue_json(const core::Engine& e, core::QueueId id) {
  EngineResolver r(e);
  json::object o;
  o["id"] = id;
  o["config"] = codec::to_json(*e.queue_config(id), &r);
  return o;
}

std::string realtime_json(const core::Engine& e, int64_t now_ms, const std::function<bool(core::AgentId)>& include_agent) {
  json::object root;
  root["time_ms"] = now_ms;
  root["seq"] = e.last_seq();
  json::array queues;
  const std::vector<core::QueueView> views = e.queue_views();
  for (core::QueueId q = 0; q < e.queue_count(); ++q) {
    const core::QueueView* v = &views[q];
    json::object qo{{"id", q},
                    {"name", v->name},
                    {"channel", core::to_string(e.queue_config(q)->channel)},
                    {"waiting", v->waiting},
                    {"longest_wait_ms", v->longest_wait_ms},
                    {"ewt_ms", v->ewt_ms},
                    {"overflowing", v->overflowing},
                    {"staffed", v->staffed}};
    json::object by_state;
    for (int s = 0; s < core::kAgentStateCount; ++s)
      by_state[core::to_string(static_cast<core::AgentState>(s))] = v->agents_by_state[s];
    qo["agents_by_state"] = std::move(by_state);
    queues.push_back(std::move(qo));
  }
  root["queues"] = std::move(queues);
  json::array agents;
  for (core::AgentId a = 0; a < e.agent_count(); ++a) {
    if (!include_agent(a)) continue;
    auto v = e.agent(a);
    const core::AgentConfig* cfg = e.agent_config(a);
    agents.push_back(json::object{{"id", a},
                                  {"name", v->name},
                                  {"team", name_or_null(e, codec::RefKind::kTeam, cfg->team)},
                                  {"state", core::to_string(v->state)},
                                  {"reason", v->reason},
                                  {"time_in_state_ms", now_ms - v->state_since_ms},
                                  {"contacts", v->contacts.size()},
                                  {"occupancy", v->occupancy}});
  }
  root["agents"] = std::move(agents);
  return json::serialize(root);
}

}  // namespace switchyard::api
