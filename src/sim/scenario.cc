#include "sim/scenario.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "sim/toml_reader.h"

namespace switchyard::sim {

namespace {

using detail::as_table;
using detail::ParseFailure;
using detail::TableReader;
using detail::to_ms;

class Parser : public detail::Diagnostics {
 public:
  explicit Parser(std::string source) : Diagnostics(std::move(source)) {}

  Scenario parse(const toml::table& root);

 private:
  void parse_simulation(TableReader& r, Scenario& sc);
  void parse_routing(TableReader& r, Scenario& sc);
  void parse_skills(const toml::array& a, const std::string& path, Scenario& sc);
  void parse_groups(const toml::array& a, const std::string& path, Scenario& sc);
  void parse_customers(TableReader& r, Scenario& sc);
  void parse_agents(const toml::array& a, const std::string& path, Scenario& sc);
  void parse_queue(TableReader& r, Scenario& sc, QueueSpec& q);
  void parse_arrivals(TableReader& r, const Scenario& sc, QueueSpec& q);
  DistSpec parse_dist(TableReader& r);
  std::vector<core::SkillRequirement> parse_requirements(const toml::array& a, const std::string& path,
                                                         const Scenario& sc);
  uint32_t lookup(const std::vector<std::string>& names, const toml::node& n, const std::string& field,
                  std::string_view what) const;
  std::vector<uint32_t> lookup_list(const toml::array& a, const std::vector<std::string>& names,
                                    const std::string& path, std::string_view what) const;
  int64_t time_of_day(const toml::node& n, const std::string& field) const;
  uint32_t intern(std::vector<std::string>& names, const std::string& name);

  std::map<std::string, std::vector<double>, std::less<>> profiles_;
  std::vector<std::string> queue_names_;
};


uint32_t Parser::intern(std::vector<std::string>& names, const std::string& name) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it != names.end()) return static_cast<uint32_t>(it - names.begin());
  names.push_back(name);
  return static_cast<uint32_t>(names.size() - 1);
}

uint32_t Parser::lookup(const std::vector<std::string>& names, const toml::node& n, const std::string& field,
                        std::string_view what) const {
  if (!n.is_string()) fail_type(n, field, fmt::format("a {} name", what));
  const std::string& s = n.as_string()->get();
  auto it = std::find(names.begin(), names.end(), s);
  if (it == names.end()) fail(n.source(), field, fmt::format("unknown {} '{}'", what, s));
  return static_cast<uint32_t>(it - names.begin());
}

std::vector<uint32_t> Parser::lookup_list(const toml::array& a, const std::vector<std::string>& names,
                                          const std::string& path, std::string_view what) const {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < a.size(); ++i) out.push_back(lookup(names, *a.get(i), fmt::format("{}[{}]", path, i), what));
  return out;
}

int64_t Parser::time_of_day(const toml::node& n, const std::string& field) const {
  int64_t s = -1;
  if (n.is_integer()) {
    s = n.as_integer()->get();
  } else if (n.is_string()) {
    s = parse_time_of_day_s(n.as_string()->get());
  } else {
    fail_type(n, field, "seconds since midnight or \"HH:MM\"");
  }
  if (s < 0 || s > 86'400) fail(n.source(), field, "must be a time of day: 0..86400 s or \"HH:MM\"");
  return s * 1000;
}

// ---- sections ------------------------------------------------------------------

void Parser::parse_simulation(TableReader& r, Scenario& sc) {
  SimulationSpec& s = sc.simulation;
  if (auto v = r.number("duration_s", 0.001)) s.duration_ms = to_ms(*v);
  if (auto v = r.integer("seed", 0, INT64_MAX)) s.seed = static_cast<uint64_t>(*v);
  if (auto v = r.number("interval_s", 1)) s.interval_ms = to_ms(*v);
  if (auto v = r.seconds("warmup_s")) s.warmup_ms = to_ms(*v);
  if (const toml::array* a = r.array("weekdays")) {
    if (a->size() != 7) fail(a->source(), r.key_path("weekdays"), "expected 7 factors, Monday first");
    for (size_t i = 0; i < a->size(); ++i) {
      const toml::node& x = *a->get(i);
      if (!x.is_number() || x.value<double>().value_or(-1) < 0)
        fail(x.source(), fmt::format("{}[{}]", r.key_path("weekdays"), i), "expected a factor >= 0");
      s.weekday_factors.push_back(*x.value<double>());
    }
  }
  r.done();
}

void Parser::parse_routing(TableReader& r, Scenario& sc) {
  core::EngineSettings& e = sc.settings;
  if (auto v = r.seconds("offer_timeout_s")) e.offer_timeout_ms = to_ms(*v);
  if (auto v = r.seconds("missed_backoff_s")) e.missed_backoff_ms = to_ms(*v);
  if (auto v = r.integer("max_misses", 0, 1000)) e.max_consecutive_misses = static_cast<int>(*v);
  if (auto v = r.seconds("acw_s")) e.default_acw_ms = to_ms(*v);
  if (auto v = r.boolean("voice_blocks_others")) e.voice_blocks_others = *v;
  if (auto v = r.number("ewt_tau_s", 1)) e.ewt_tau_ms = to_ms(*v);
  if (auto v = r.seconds("short_abandon_s")) sc.short_abandon_ms = to_ms(*v);
  r.done();
}

void Parser::parse_skills(const toml::array& a, const std::string& path, Scenario& sc) {
  for (size_t i = 0; i < a.size(); ++i) {
    const toml::node& n = *a.get(i);
    const std::string field = fmt::format("{}[{}]", path, i);
    std::string name;
    if (n.is_string()) {
      name = n.as_string()->get();
    } else {
      TableReader r(*this, as_table(*this, n, field), field);
      name = r.required_string("name");
      r.done();
    }
    if (name.empty()) fail(n.source(), field, "a skill needs a name");
    if (std::find(sc.skills.begin(), sc.skills.end(), name) != sc.skills.end()) {
      fail(n.source(), field, fmt::format("skill '{}' defined twice", name));
    }
    sc.skills.push_back(name);
  }
}

void Parser::parse_groups(const toml::array& a, const std::string& path, Scenario& sc) {
  double total = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const std::string field = fmt::format("{}[{}]", path, i);
    TableReader r(*this, as_table(*this, *a.get(i), field), field);
    CustomerGroup g;
    g.name = r.required_string("name");
    const auto share = r.number("share", 0);
    if (!share) fail(r.table().source(), r.key_path("share"), "required (0..1)");
    g.share = *share;
    if (g.share > 1) fail(r.get("share")->source(), r.key_path("share"), "must be <= 1");
    if (auto v = r.integer("priority", -1000, 1000)) g.priority = static_cast<int>(*v);
    r.done();
    total += g.share;
    if (total > 1 + 1e-9) fail(r.table().source(), r.key_path("share"), "the shares of all groups exceed 1");
    sc.customer_groups.push_back(std::move(g));
  }
}

void Parser::parse_customers(TableReader& r, Scenario& sc) {
  CustomerSpec& c = sc.customers;
  auto count = r.integer("count", 1, 1'000'000'000);
  if (!count) fail(r.table().source(), r.key_path("count"), "required (the number of customers, >= 1)");
  c.count = *count;
  if (auto p = r.number("repeat_probability", 0)) {
    if (*p > 1) fail(r.get("repeat_probability")->source(), r.key_path("repeat_probability"), "must be <= 1");
    c.repeat_probability = *p;
  }
  if (const toml::table* t = r.subtable("repeat_after")) {
    TableReader dr(*this, *t, r.key_path("repeat_after"));
    c.repeat_after = parse_dist(dr);
  }
  if (auto d = r.number("fcr_window_days", 0)) {
    if (*d <= 0) fail(r.get("fcr_window_days")->source(), r.key_path("fcr_window_days"), "must be > 0");
    c.fcr_window_ms = to_ms(*d * 86'400);
  }
  r.done();
}

void Parser::parse_agents(const toml::array& a, const std::string& path, Scenario& sc) {
  for (size_t i = 0; i < a.size(); ++i) {
    const std::string field = fmt::format("{}[{}]", path, i);
    TableReader r(*this, as_table(*this, *a.get(i), field), field);
    AgentGroupSpec g;
    if (const toml::array* names = r.array("names")) {
      for (size_t j = 0; j < names->size(); ++j) {
        const toml::node& n = *names->get(j);
        const std::string nf = fmt::format("{}[{}]", r.key_path("names"), j);
        if (!n.is_string() || n.as_string()->get().empty()) fail_type(n, nf, "a non-empty agent name");
        g.names.push_back(n.as_string()->get());
      }
      if (g.names.empty()) fail(names->source(), r.key_path("names"), "must not be empty");
    }
    g.name = g.names.empty() || r.has("name") ? r.required_string("name") : g.names.front();
    for (const auto& other : sc.agents) {
      if (other.name == g.name) fail(r.table().source(), r.key_path("name"), fmt::format("agent group '{}' defined twice", g.name));
    }
    auto count = r.integer("count", 0, 10'000'000);
    g.count = count ? static_cast<int>(*count) : (g.names.empty() ? 1 : static_cast<int>(g.names.size()));
    if (!g.names.empty() && g.count != static_cast<int>(g.names.size()))
      fail(r.get("count")->source(), r.key_path("count"), "must equal the number of names");
    if (auto v = r.string("team")) g.team = intern(sc.teams, *v);
    if (auto v = r.string("site")) g.site = intern(sc.sites, *v);
    if (const toml::table* t = r.subtable("skills")) {
      TableReader sr(*this, *t, r.key_path("skills"));
      for (auto&& [k, v] : *t) {
        const std::string kf = sr.key_path(k.str());
        auto it = std::find(sc.skills.begin(), sc.skills.end(), k.str());
        if (it == sc.skills.end()) fail(k.source(), kf, fmt::format("unknown skill '{}'", k.str()));
        auto p = sr.integer(k.str(), core::kMinProficiency, core::kMaxProficiency);
        g.skills.push_back({static_cast<core::SkillId>(it - sc.skills.begin()), static_cast<int>(*p)});
      }
    }
    if (const toml::table* t = r.subtable("capacity")) {
      TableReader cr(*this, *t, r.key_path("capacity"));
      for (auto&& [k, v] : *t) {
        auto ch = core::channel_from_string(k.str());
        if (!ch) fail(k.source(), cr.key_path(k.str()), "unknown channel (voice, chat, email, sms, social)");
        const int max = *ch == core::Channel::kVoice ? 1 : 100;
        g.capacity[static_cast<int>(*ch)] = static_cast<int>(*cr.integer(k.str(), 0, max));
      }
    }
    if (const toml::array* s = r.array("shift")) {
      if (s->size() != 2) fail(s->source(), r.key_path("shift"), "expected [start, end]");
      g.has_shift = true;
      g.shift_start_ms = time_of_day(*s->get(0), r.key_path("shift[0]"));
      g.shift_end_ms = time_of_day(*s->get(1), r.key_path("shift[1]"));
    }
    const toml::node* ss = r.get("shift_start");
    const toml::node* se = r.get("shift_end");
    if (ss || se) {
      if (g.has_shift) fail((ss ? ss : se)->source(), r.key_path("shift_start"), "give either shift or shift_start/shift_end");
      if (!ss || !se) fail(r.table().source(), r.key_path(ss ? "shift_end" : "shift_start"), "required with the other shift key");
      g.has_shift = true;
      g.shift_start_ms = time_of_day(*ss, r.key_path("shift_start"));
      g.shift_end_ms = time_of_day(*se, r.key_path("shift_end"));
    }
    if (g.has_shift) {
      g.shift_start_ms %= kDayMs;
      g.shift_end_ms %= kDayMs;
    }
    if (const toml::array* d = r.array("on_duty")) {
      const std::string df = r.key_path("on_duty");
      if (g.has_shift) fail(d->source(), df, "give either shift or on_duty");
      for (size_t j = 0; j < d->size(); ++j) {
        const toml::node& p = *d->get(j);
        const std::string pf = fmt::format("{}[{}]", df, j);
        const toml::array* pair = p.as_array();
        auto secs = [&](size_t k) -> std::optional<double> {
          const toml::node* v = pair && pair->size() == 2 ? pair->get(k) : nullptr;
          if (v && v->is_integer()) return static_cast<double>(v->as_integer()->get());
          if (v && v->is_floating_point()) return v->as_floating_point()->get();
          return std::nullopt;
        };
        const auto start = secs(0), end = secs(1);
        if (!start || !end) fail_type(p, pf, "[start_s, end_s] (seconds since the run's start)");
        if (!(*start >= 0 && *start < *end && *end <= 1e12)) fail(p.source(), pf, "needs 0 <= start_s < end_s");
        const int64_t s_ms = to_ms(*start), e_ms = to_ms(*end);
        if (!g.on_duty_ms.empty() && s_ms < g.on_duty_ms.back().second)
          fail(p.source(), pf, "must start at or after the previous period's end");
        g.on_duty_ms.emplace_back(s_ms, e_ms);
      }
    }
    if (auto v = r.seconds("answer_delay_s")) g.answer_delay_ms = to_ms(*v);
    r.done();
    sc.agents.push_back(std::move(g));
  }
  // Named agents: the engine would merge two agents of one name.
  const bool any_names = std::any_of(sc.agents.begin(), sc.agents.end(), [](const auto& g) { return !g.names.empty(); });
  if (!any_names) return;
  std::set<std::string, std::less<>> seen;
  for (size_t i = 0; i < sc.agents.size(); ++i) {
    for (int n = 1; n <= sc.agents[i].count; ++n) {
      std::string name = sc.agent_name(i, n);
      if (seen.insert(name).second) continue;
      const toml::table& t = *a.get(i)->as_table();
      const toml::node* where = sc.agents[i].names.empty() ? t.get("name") : t.get("names")->as_array()->get(static_cast<size_t>(n - 1));
      fail(where->source(), fmt::format("{}[{}].{}", path, i, sc.agents[i].names.empty() ? "name" : fmt::format("names[{}]", n - 1)),
           fmt::format("agent '{}' defined twice", name));
    }
  }
}

DistSpec Parser::parse_dist(TableReader& r) {
  DistSpec d;
  const std::string kind = r.string("dist").value_or("exponential");
  if (kind == "exponential") {
    d.kind = DistSpec::Kind::kExponential;
  } else if (kind == "lognormal") {
    d.kind = DistSpec::Kind::kLognormal;
  } else if (kind == "constant") {
    d.kind = DistSpec::Kind::kConstant;
  } else {
    fail(r.get("dist")->source(), r.key_path("dist"), fmt::format("unknown distribution '{}' (exponential, lognormal, constant)", kind));
  }
  auto mean = r.number("mean_s", 0);
  if (!mean) fail(r.table().source(), r.key_path("mean_s"), "required");
  if (*mean <= 0 && d.kind != DistSpec::Kind::kConstant) fail(r.get("mean_s")->source(), r.key_path("mean_s"), "must be > 0");
  d.mean_s = *mean;
  if (auto sd = r.number("sd_s", 0)) {
    if (d.kind != DistSpec::Kind::kLognormal) fail(r.get("sd_s")->source(), r.key_path("sd_s"), "only for dist = \"lognormal\"");
    d.sd_s = *sd;
  } else if (d.kind == DistSpec::Kind::kLognormal) {
    fail(r.table().source(), r.key_path("sd_s"), "required for dist = \"lognormal\"");
  }
  r.done();
  return d;
}

std::vector<core::SkillRequirement> Parser::parse_requirements(const toml::array& a, const std::string& path,
                                                               const Scenario& sc) {
  std::vector<core::SkillRequirement> out;
  for (size_t i = 0; i < a.size(); ++i) {
    const toml::node& n = *a.get(i);
    const std::string field = fmt::format("{}[{}]", path, i);
    core::SkillRequirement req;
    if (n.is_string()) {
      req.skill = lookup(sc.skills, n, field, "skill");
    } else {
      TableReader r(*this, as_table(*this, n, field), field);
      const toml::node* s = r.get("skill");
      if (!s) fail(n.source(), r.key_path("skill"), "required");
      req.skill = lookup(sc.skills, *s, r.key_path("skill"), "skill");
      if (auto m = r.integer("min", core::kMinProficiency, core::kMaxProficiency)) req.min_proficiency = static_cast<int>(*m);
      r.done();
    }
    out.push_back(req);
  }
  return out;
}

void Parser::parse_arrivals(TableReader& r, const Scenario& sc, QueueSpec& q) {
  const double interval_s = sc.simulation.interval_ms / 1000.0;
  std::vector<double> shape;
  if (const toml::node* s = r.get("shape")) {
    if (s->is_string()) {
      auto it = profiles_.find(s->as_string()->get());
      if (it == profiles_.end()) fail(s->source(), r.key_path("shape"), fmt::format("unknown profile '{}'", s->as_string()->get()));
      shape = it->second;
    } else if (s->is_array()) {
      for (size_t i = 0; i < s->as_array()->size(); ++i) {
        const toml::node& v = *s->as_array()->get(i);
        const double x = v.value<double>().value_or(-1);
        if (!(v.is_number()) || x < 0) fail(v.source(), fmt::format("{}[{}]", r.key_path("shape"), i), "expected a number >= 0");
        shape.push_back(x);
      }
    } else {
      fail_type(*s, r.key_path("shape"), "a profile name or an array of weights");
    }
  }
  const int given = r.has("rate_per_hour") + r.has("per_day") + r.has("profile");
  if (given != 1) fail(r.table().source(), r.path(), "give exactly one of rate_per_hour, per_day, profile");
  if (const toml::array* p = r.array("profile")) {
    if (!shape.empty()) fail(p->source(), r.key_path("shape"), "not allowed with profile");
    for (size_t i = 0; i < p->size(); ++i) {
      const toml::node& v = *p->get(i);
      const double x = v.value<double>().value_or(-1);
      if (!v.is_number() || x < 0) fail(v.source(), fmt::format("{}[{}]", r.key_path("profile"), i), "expected a count >= 0");
      q.rate_per_s.push_back(x / interval_s);
    }
    if (q.rate_per_s.empty()) fail(p->source(), r.key_path("profile"), "must not be empty");
  } else {
    double mean_per_s = 0;
    if (auto v = r.number("rate_per_hour", 0)) mean_per_s = *v / 3600.0;
    if (auto v = r.number("per_day", 0)) mean_per_s = *v / 86'400.0;
    if (shape.empty()) {
      q.rate_per_s = {mean_per_s};
    } else {
      double sum = 0;
      for (double w : shape) sum += w;
      if (sum <= 0) fail(r.get("shape")->source(), r.key_path("shape"), "weights sum to 0");
      for (double w : shape) q.rate_per_s.push_back(mean_per_s * w * static_cast<double>(shape.size()) / sum);
    }
  }
  r.done();
}

void Parser::parse_queue(TableReader& r, Scenario& sc, QueueSpec& q) {
  core::QueueConfig& c = q.config;
  c.name = r.required_string("name");
  if (auto v = r.string("channel")) {
    auto ch = core::channel_from_string(*v);
    if (!ch) fail(r.get("channel")->source(), r.key_path("channel"), fmt::format("unknown channel '{}'", *v));
    c.channel = *ch;
  }
  if (const toml::array* a = r.array("skills")) c.skills = parse_requirements(*a, r.key_path("skills"), sc);
  if (auto v = r.integer("priority", -1'000'000, 1'000'000)) c.priority = static_cast<int>(*v);
  if (auto v = r.number("weight", 0)) c.weight = *v;
  if (auto v = r.integer("max_length", 0, UINT32_MAX)) c.max_length = static_cast<uint32_t>(*v);
  if (auto v = r.seconds("max_wait_s")) c.max_wait_ms = to_ms(*v);
  if (auto v = r.string("exit")) {
    auto x = core::exit_action_from_string(*v);
    if (!x) fail(r.get("exit")->source(), r.key_path("exit"), fmt::format("unknown exit '{}' (none, end, overflow, callback)", *v));
    c.exit_action = *x;
  }
  if (const toml::node* n = r.get("exit_target")) c.exit_target = lookup(queue_names_, *n, r.key_path("exit_target"), "queue");
  if (c.exit_action == core::ExitAction::kOverflow && c.exit_target == core::kNoId) {
    fail(r.table().source(), r.key_path("exit_target"), "required with exit = \"overflow\"");
  }
  if (auto v = r.number("sl_target_s", 0)) c.sl_target_ms = to_ms(*v);
  if (auto v = r.number("sl_target_pct", 0)) {
    if (*v > 100) fail(r.get("sl_target_pct")->source(), r.key_path("sl_target_pct"), "must be <= 100");
    c.sl_target_pct = *v;
  }
  if (auto v = r.string("strategy")) {
    auto s = core::strategy_from_string(*v);
    if (!s) fail(r.get("strategy")->source(), r.key_path("strategy"), fmt::format("unknown strategy '{}'", *v));
    c.strategy = *s;
  }
  if (auto v = r.seconds("acw_s")) c.acw_ms = to_ms(*v);
  if (auto v = r.boolean("open")) c.open = *v;
  if (const toml::array* a = r.array("sites")) c.sites = lookup_list(*a, sc.sites, r.key_path("sites"), "site");
  if (const toml::table* t = r.subtable("arrivals")) {
    TableReader ar(*this, *t, r.key_path("arrivals"));
    parse_arrivals(ar, sc, q);
  } else {
    fail(r.table().source(), r.key_path("arrivals"), "required");
  }
  if (const toml::table* t = r.subtable("handle_time")) {
    TableReader hr(*this, *t, r.key_path("handle_time"));
    q.handle = parse_dist(hr);
  } else {
    fail(r.table().source(), r.key_path("handle_time"), "required");
  }
  if (const toml::table* t = r.subtable("patience")) {
    TableReader pr(*this, *t, r.key_path("patience"));
    q.patience = parse_dist(pr);
  }
  if (const toml::array* a = r.array("bullseye")) {
    int64_t last = -1;
    for (size_t i = 0; i < a->size(); ++i) {
      const std::string field = fmt::format("{}[{}]", r.key_path("bullseye"), i);
      TableReader br(*this, as_table(*this, *a->get(i), field), field);
      core::BullseyeStep step;
      auto after = br.seconds("after_s");
      if (!after) fail(br.table().source(), br.key_path("after_s"), "required");
      step.after_ms = to_ms(*after);
      if (step.after_ms <= last) fail(br.get("after_s")->source(), br.key_path("after_s"), "steps must be in increasing after_s");
      last = step.after_ms;
      if (auto v = br.integer("min_proficiency", core::kMinProficiency, core::kMaxProficiency)) step.min_proficiency = static_cast<int>(*v);
      if (const toml::array* alt = br.array("alternative_skills")) {
        for (size_t j = 0; j < alt->size(); ++j) {
          const std::string af = fmt::format("{}[{}]", br.key_path("alternative_skills"), j);
          const toml::node& n = *alt->get(j);
          if (!n.is_array()) fail_type(n, af, "an array of skills");
          step.alternative_skills.push_back(parse_requirements(*n.as_array(), af, sc));
        }
      }
      if (const toml::array* aq = br.array("add_queues")) step.add_queues = lookup_list(*aq, queue_names_, br.key_path("add_queues"), "queue");
      if (const toml::array* as = br.array("add_sites")) step.add_sites = lookup_list(*as, sc.sites, br.key_path("add_sites"), "site");
      br.done();
      c.bullseye.push_back(std::move(step));
    }
  }
  if (const toml::table* t = r.subtable("overflow")) {
    TableReader orr(*this, *t, r.key_path("overflow"));
    core::OverflowConfig& o = c.overflow;
    if (auto v = orr.seconds("threshold_s")) o.threshold_ms = to_ms(*v);
    if (const toml::table* g = orr.subtable("group_thresholds")) {
      TableReader gr(*this, *g, orr.key_path("group_thresholds"));
      for (auto&& [k, v] : *g) {
        const bool known = std::any_of(sc.customer_groups.begin(), sc.customer_groups.end(),
                                       [&](const CustomerGroup& cg) { return cg.name == k.str(); });
        if (!known) fail(k.source(), gr.key_path(k.str()), fmt::format("unknown customer group '{}'", k.str()));
        o.group_thresholds.push_back({std::string(k.str()), to_ms(*gr.seconds(k.str()))});
      }
    }
    if (auto v = orr.boolean("use_ewt")) o.use_ewt = *v;
    if (const toml::array* a = orr.array("backup_queues")) o.backup_queues = lookup_list(*a, queue_names_, orr.key_path("backup_queues"), "queue");
    if (const toml::array* a = orr.array("backup_teams")) o.backup_teams = lookup_list(*a, sc.teams, orr.key_path("backup_teams"), "team");
    orr.done();
  }
  r.done();
}

Scenario Parser::parse(const toml::table& root) {
  Scenario sc;
  TableReader top(*this, root, "");
  if (const toml::table* t = top.subtable("simulation")) {
    TableReader r(*this, *t, "simulation");
    parse_simulation(r, sc);
  }
  if (const toml::table* t = top.subtable("routing")) {
    TableReader r(*this, *t, "routing");
    parse_routing(r, sc);
  }
  if (const toml::array* a = top.array("skills")) parse_skills(*a, "skills", sc);
  if (const toml::array* a = top.array("customer_groups")) parse_groups(*a, "customer_groups", sc);
  if (const toml::table* t = top.subtable("customers")) {
    TableReader r(*this, *t, "customers");
    parse_customers(r, sc);
  }
  if (const toml::table* t = top.subtable("profiles")) {
    TableReader pr(*this, *t, "profiles");
    for (auto&& [k, v] : *t) {
      const std::string f = pr.key_path(k.str());
      pr.get(k.str());
      if (!v.is_array() || v.as_array()->empty()) fail_type(v, f, "a non-empty array of weights");
      std::vector<double> w;
      for (size_t i = 0; i < v.as_array()->size(); ++i) {
        const toml::node& x = *v.as_array()->get(i);
        if (!x.is_number() || x.value<double>().value_or(-1) < 0) fail(x.source(), fmt::format("{}[{}]", f, i), "expected a weight >= 0");
        w.push_back(*x.value<double>());
      }
      profiles_.emplace(std::string(k.str()), std::move(w));
    }
  }
  const toml::array* agents = top.array("agents");
  if (agents) parse_agents(*agents, "agents", sc);
  const toml::array* queues = top.array("queues");
  if (!queues || queues->empty()) fail(root.source(), "queues", "at least one [[queues]] table is required");
  // First pass: names, so that queues can refer to queues defined later.
  for (size_t i = 0; i < queues->size(); ++i) {
    const std::string field = fmt::format("queues[{}]", i);
    const toml::table& t = as_table(*this, *queues->get(i), field);
    const toml::node* n = t.get("name");
    if (!n || !n->is_string() || n->as_string()->get().empty()) fail(t.source(), field + ".name", "required (a non-empty string)");
    const std::string& name = n->as_string()->get();
    if (std::find(queue_names_.begin(), queue_names_.end(), name) != queue_names_.end()) {
      fail(n->source(), field + ".name", fmt::format("queue '{}' defined twice", name));
    }
    queue_names_.push_back(name);
  }
  for (size_t i = 0; i < queues->size(); ++i) {
    const toml::table& t = *queues->get(i)->as_table();
    TableReader r(*this, t, fmt::format("queues[{}]", i));
    QueueSpec q;
    q.line = static_cast<int>(t.source().begin.line);
    parse_queue(r, sc, q);
    sc.queues.push_back(std::move(q));
  }
  top.done();
  return sc;
}

}  // namespace

int Scenario::total_agents() const {
  int n = 0;
  for (const auto& g : agents) n += g.count;
  return n;
}

std::string Scenario::agent_name(size_t group, int n) const {
  const AgentGroupSpec& g = agents[group];
  return g.names.empty() ? fmt::format("{}-{}", g.name, n) : g.names[static_cast<size_t>(n - 1)];
}

int64_t parse_time_of_day_s(std::string_view s) {
  int parts[3] = {0, 0, 0};
  int n = 0;
  size_t i = 0;
  while (n < 3) {
    size_t digits = 0;
    int v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 2) {
      v = v * 10 + (s[i] - '0');
      ++i;
      ++digits;
    }
    if (digits == 0) return -1;
    parts[n++] = v;
    if (i == s.size()) break;
    if (s[i] != ':') return -1;
    ++i;
  }
  if (i != s.size() || n < 2) return -1;
  if (parts[0] > 24 || parts[1] > 59 || parts[2] > 59) return -1;
  const int64_t t = parts[0] * 3600 + parts[1] * 60 + parts[2];
  return t > 86'400 ? -1 : t;
}

Result<Scenario> parse_scenario(std::string_view toml_text, std::string_view source_name) {
  const std::string source(source_name);
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    return make_error(ErrorCode::kInvalidArgument,
                      fmt::format("{}:{}:{}: {}", source, e.source().begin.line, e.source().begin.column,
                                  e.description()));
  }
  try {
    Parser p(source);
    return p.parse(root);
  } catch (const ParseFailure& f) {
    return make_error(ErrorCode::kInvalidArgument, f.message, f.field);
  }
}

Result<Scenario> load_scenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::kNotFound, fmt::format("{}: cannot open the scenario file", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_scenario(ss.str(), path);
}

}  // namespace switchyard::sim
