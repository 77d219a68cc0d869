#include "eventlog/snapshot_codec.h"

#include <boost/json.hpp>

#include <stdexcept>

#include "codec/config_json.h"

namespace switchyard::eventlog {
namespace json = boost::json;
using core::EngineSnapshot;

namespace {

constexpr int64_t kVersion = 1;

json::array ints(const auto& v) {
  json::array a;
  a.reserve(v.size());
  for (auto x : v) a.emplace_back(x);
  return a;
}

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

// Reading helpers: throw on a type mismatch; snapshot_from_json turns that into an error.
struct Bad : std::runtime_error {
  using std::runtime_error::runtime_error;
};
const json::value& at(const json::object& o, std::string_view k) {
  auto it = o.find(k);
  if (it == o.end()) throw Bad("missing " + std::string(k));
  return it->value();
}
const json::object& obj(const json::value& v) {
  if (!v.is_object()) throw Bad("expected an object");
  return v.get_object();
}
const json::array& arr(const json::value& v) {
  if (!v.is_array()) throw Bad("expected an array");
  return v.get_array();
}
int64_t i64(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) return static_cast<int64_t>(v.get_uint64());
  throw Bad("expected an integer");
}
uint64_t u64(const json::value& v) {
  if (v.is_uint64()) return v.get_uint64();
  if (v.is_int64() && v.get_int64() >= 0) return static_cast<uint64_t>(v.get_int64());
  throw Bad("expected an unsigned integer");
}
double num(const json::value& v) {
  if (v.is_double()) return v.get_double();
  return static_cast<double>(i64(v));
}
bool boolean(const json::value& v) {
  if (!v.is_bool()) throw Bad("expected a boolean");
  return v.get_bool();
}
std::string str(const json::value& v) {
  if (!v.is_string()) throw Bad("expected a string");
  return std::string(v.get_string());
}
// An enum stored as its integer value, checked against its range.
template <typename Enum>
Enum enum_of(const json::value& v, int count) {
  int64_t x = i64(v);
  if (x < 0 || x >= count) throw Bad("enum out of range");
  return static_cast<Enum>(x);
}
template <typename T>
T unwrap(Result<T> r) {
  if (!r) throw Bad(r.error().field + ": " + r.error().message);
  return std::move(*r);
}

}  // namespace

std::string snapshot_to_json(const EngineSnapshot& s) {
  json::object o;
  o["version"] = kVersion;
  o["seq"] = s.seq;
  o["now_ms"] = s.now_ms;
  o["settings"] = codec::to_json(s.settings);
  o["skills"] = strings(s.skills);
  o["teams"] = strings(s.teams);
  o["sites"] = strings(s.sites);
  json::array queues;
  for (const auto& q : s.queues) {
    queues.push_back(json::object{{"cfg", codec::to_json(q.cfg)},
                                  {"rr_last", q.rr_last},
                                  {"overflowing", q.overflowing},
                                  {"est", json::array{q.est.departures, q.est.busy_ms, q.est.aht_ms, q.est.per_place_ms,
                                                      q.est.recent_ms, q.est.last_ms, q.est.holdtime_ms, q.est.started,
                                                      q.est.served_seen, q.est.error_ms[0], q.est.error_ms[1],
                                                      q.est.error_ms[2]}}});
  }
  o["queues"] = std::move(queues);
  json::array agents;
  for (const auto& a : s.agents) {
    json::array work;
    for (const auto& w : a.work)
      work.push_back(json::array{w.contact, w.queue, static_cast<int>(w.channel), w.phase, w.since_ms, w.talk_ms,
                                 w.hold_ms});
    agents.push_back(json::object{{"cfg", codec::to_json(a.cfg)},
                                  {"in", a.logged_in},
                                  {"ready", a.ready},
                                  {"reason", a.reason},
                                  {"backoff", a.backoff_until_ms},
                                  {"misses", a.misses},
                                  {"work", std::move(work)},
                                  {"state", static_cast<int>(a.reported)},
                                  {"since", a.state_since_ms},
                                  {"times", ints(a.time_in_state_ms)},
                                  {"today", json::array{a.today, a.contacts_today}},
                                  {"free", ints(a.free_since_ms)}});
  }
  o["agents"] = std::move(agents);
  json::array idle;
  for (const auto& order : s.idle_order) idle.push_back(ints(order));
  o["idle"] = std::move(idle);
  json::array contacts;
  contacts.reserve(s.contacts.size());
  for (const auto& c : s.contacts) {
    json::object attrs;
    for (const auto& [k, v] : c.attributes) attrs[k] = v;
    contacts.push_back(json::array{c.id, static_cast<int>(c.state), c.queue, static_cast<int>(c.channel), c.priority,
                                   c.customer_id, c.group, std::move(attrs), c.created_ms, c.wait_since_ms,
                                   c.position_ms, c.step, c.overflowed, c.callback, c.agent, ints(c.history),
                                   c.ahead_at_entry, ints(c.preds)});
    // Two more for a reservation only: snapshots without one read as before.
    if (c.reserved_for != core::kNoId) {
      contacts.back().as_array().push_back(c.reserved_for);
      contacts.back().as_array().push_back(c.reserved_until_ms);
    }
  }
  o["contacts"] = std::move(contacts);
  o["slot_gens"] = ints(s.slot_gens);
  o["free_slots"] = ints(s.free_slots);
  json::array timers;
  for (const auto& t : s.timers) timers.push_back(json::array{t.due_ms, t.kind, t.contact, t.agent, t.arg});
  o["timers"] = std::move(timers);
  return json::serialize(o);
}

Result<EngineSnapshot> snapshot_from_json(std::string_view text) {
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec) return make_error(ErrorCode::kInvalidArgument, "snapshot is not JSON: " + ec.message(), "snapshot");
  try {
    const json::object& o = obj(root);
    if (i64(at(o, "version")) != kVersion) throw Bad("unsupported version");
    EngineSnapshot s;
    s.seq = u64(at(o, "seq"));
    s.now_ms = i64(at(o, "now_ms"));
    s.settings = unwrap(codec::settings_from_json(at(o, "settings")));
    for (const auto& v : arr(at(o, "skills"))) s.skills.push_back(str(v));
    for (const auto& v : arr(at(o, "teams"))) s.teams.push_back(str(v));
    for (const auto& v : arr(at(o, "sites"))) s.sites.push_back(str(v));
    for (const auto& qv : arr(at(o, "queues"))) {
      const json::object& q = obj(qv);
      EngineSnapshot::Queue sq;
      sq.cfg = unwrap(codec::queue_config_from_json(at(q, "cfg")));
      sq.rr_last = static_cast<core::AgentId>(u64(at(q, "rr_last")));
      sq.overflowing = boolean(at(q, "overflowing"));
      const json::array& e = arr(at(q, "est"));
      if (e.size() != 12) throw Bad("estimator");
      sq.est.departures = num(e[0]);
      sq.est.busy_ms = num(e[1]);
      sq.est.aht_ms = num(e[2]);
      sq.est.per_place_ms = num(e[3]);
      sq.est.recent_ms = num(e[4]);
      sq.est.last_ms = i64(e[5]);
      sq.est.holdtime_ms = i64(e[6]);
      sq.est.started = boolean(e[7]);
      sq.est.served_seen = boolean(e[8]);
      for (int i = 0; i < 3; ++i) sq.est.error_ms[i] = num(e[9 + i]);
      s.queues.push_back(std::move(sq));
    }
    for (const auto& av : arr(at(o, "agents"))) {
      const json::object& a = obj(av);
      EngineSnapshot::Agent sa;
      sa.cfg = unwrap(codec::agent_config_from_json(at(a, "cfg")));
      sa.logged_in = boolean(at(a, "in"));
      sa.ready = boolean(at(a, "ready"));
      sa.reason = str(at(a, "reason"));
      sa.backoff_until_ms = i64(at(a, "backoff"));
      sa.misses = static_cast<int>(i64(at(a, "misses")));
      for (const auto& wv : arr(at(a, "work"))) {
        const json::array& w = arr(wv);
        if (w.size() != 7) throw Bad("work item");
        sa.work.push_back({u64(w[0]), static_cast<core::QueueId>(u64(w[1])), enum_of<core::Channel>(w[2], core::kChannelCount),
                           static_cast<int>(i64(w[3])), i64(w[4]), i64(w[5]), i64(w[6])});
      }
      sa.reported = enum_of<core::AgentState>(at(a, "state"), core::kAgentStateCount);
      sa.state_since_ms = i64(at(a, "since"));
      const json::array& times = arr(at(a, "times"));
      if (times.size() != sa.time_in_state_ms.size()) throw Bad("times");
      for (size_t i = 0; i < times.size(); ++i) sa.time_in_state_ms[i] = i64(times[i]);
      const json::array& today = arr(at(a, "today"));
      if (today.size() != 2) throw Bad("today");
      sa.today = i64(today[0]);
      sa.contacts_today = static_cast<uint32_t>(u64(today[1]));
      const json::array& free = arr(at(a, "free"));
      if (free.size() != sa.free_since_ms.size()) throw Bad("free");
      for (size_t i = 0; i < free.size(); ++i) sa.free_since_ms[i] = i64(free[i]);
      s.agents.push_back(std::move(sa));
    }
    const json::array& idle = arr(at(o, "idle"));
    if (idle.size() != s.idle_order.size()) throw Bad("idle");
    for (size_t ch = 0; ch < idle.size(); ++ch)
      for (const auto& v : arr(idle[ch])) s.idle_order[ch].push_back(static_cast<core::AgentId>(u64(v)));
    const json::array& contacts = arr(at(o, "contacts"));
    s.contacts.reserve(contacts.size());
    for (const auto& cv : contacts) {
      const json::array& c = arr(cv);
      if (c.size() != 18 && c.size() != 20) throw Bad("contact");
      EngineSnapshot::Contact sc;
      sc.id = u64(c[0]);
      sc.state = enum_of<core::ContactState>(c[1], static_cast<int>(core::ContactState::kExpired) + 1);
      sc.queue = static_cast<core::QueueId>(u64(c[2]));
      sc.channel = enum_of<core::Channel>(c[3], core::kChannelCount);
      sc.priority = static_cast<int>(i64(c[4]));
      sc.customer_id = str(c[5]);
      sc.group = str(c[6]);
      for (const auto& kv : obj(c[7])) sc.attributes.emplace_back(std::string(kv.key()), str(kv.value()));
      sc.created_ms = i64(c[8]);
      sc.wait_since_ms = i64(c[9]);
      sc.position_ms = i64(c[10]);
      sc.step = static_cast<int>(i64(c[11]));
      sc.overflowed = boolean(c[12]);
      sc.callback = boolean(c[13]);
      sc.agent = static_cast<core::AgentId>(u64(c[14]));
      for (const auto& h : arr(c[15])) sc.history.push_back(static_cast<core::QueueId>(u64(h)));
      sc.ahead_at_entry = static_cast<uint32_t>(u64(c[16]));
      const json::array& preds = arr(c[17]);
      if (preds.size() != sc.preds.size()) throw Bad("predictions");
      for (size_t i = 0; i < preds.size(); ++i) sc.preds[i] = static_cast<int32_t>(i64(preds[i]));
      if (c.size() == 20) {
        sc.reserved_for = static_cast<core::AgentId>(u64(c[18]));
        sc.reserved_until_ms = i64(c[19]);
      }
      s.contacts.push_back(std::move(sc));
    }
    for (const auto& v : arr(at(o, "slot_gens"))) s.slot_gens.push_back(static_cast<uint32_t>(u64(v)));
    for (const auto& v : arr(at(o, "free_slots"))) s.free_slots.push_back(static_cast<uint32_t>(u64(v)));
    for (const auto& tv : arr(at(o, "timers"))) {
      const json::array& t = arr(tv);
      if (t.size() != 5) throw Bad("timer");
      s.timers.push_back({i64(t[0]), static_cast<int>(i64(t[1])), u64(t[2]), static_cast<core::AgentId>(u64(t[3])),
                          static_cast<int>(i64(t[4]))});
    }
    return s;
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kInvalidArgument, std::string("corrupt snapshot: ") + e.what(), "snapshot");
  }
}

}  // namespace switchyard::eventlog
