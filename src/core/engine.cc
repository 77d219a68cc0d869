// Engine commands: validate, emit events, route. State changes happen only in
// State::apply (engine_apply.cc).
#include "core/engine.h"

#include <cmath>

#include "core/engine_state.h"

namespace switchyard::core {
namespace {

constexpr size_t kMaxNameLength = 128;
constexpr size_t kMaxReasonLength = 64;
constexpr int kMaxPriority = 1'000'000;
constexpr size_t kMaxAttributes = 64;
constexpr size_t kMaxTextLength = 1024;
constexpr int kMaxCapacity = 100;

Result<void> check_name(std::string_view name, std::string_view field) {
  if (name.empty()) return make_error(ErrorCode::kInvalidArgument, "must not be empty", std::string(field));
  if (name.size() > kMaxNameLength)
    return make_error(ErrorCode::kInvalidArgument, "longer than 128 characters", std::string(field));
  for (unsigned char ch : name)
    if (ch < 0x20 || ch == 0x7f)
      return make_error(ErrorCode::kInvalidArgument, "contains control characters",
                        std::string(field));
  return {};
}

Result<void> check_proficiency(int p, const std::string& field) {
  if (p < kMinProficiency || p > kMaxProficiency)
    return make_error(ErrorCode::kInvalidArgument, "proficiency must be 1..5", field);
  return {};
}

std::unexpected<Error> not_found(std::string what, std::string field) {
  return make_error(ErrorCode::kNotFound, what + " not found", std::move(field));
}

}  // namespace

Engine::Engine(const Clock& clock, EventSink* sink)
    : st_(std::make_unique<State>(*this, clock, sink)) {
  st_->any_list = st_->new_list();
}

Engine::~Engine() = default;

void Engine::set_sink(EventSink* sink) { st_->sink = sink; }
const EngineSettings& Engine::settings() const { return st_->settings; }
size_t Engine::queue_count() const { return st_->queues.size(); }
const std::vector<std::string>& Engine::skill_names() const { return st_->skill_names; }
const std::vector<std::string>& Engine::team_names() const { return st_->team_names; }
const std::vector<std::string>& Engine::site_names() const { return st_->site_names; }
size_t Engine::agent_count() const { return st_->agents.size(); }
size_t Engine::skill_count() const { return st_->skill_names.size(); }
uint64_t Engine::last_seq() const { return st_->seq; }
size_t Engine::live_contacts() const { return st_->live_contacts; }

// ---- emission ---------------------------------------------------------------

void Engine::State::begin_command() {
  int64_t t = clock.now_ms();
  rebuild_dirty_pivots();
  fire_due_timers(t);
  if (t > now_ms) now_ms = t;
}

void Engine::State::emit(Event e) {
  e.seq = ++seq;
  e.time_ms = now_ms;
  auto r = apply(e);
  // A live event that does not apply is an engine bug: commands validate first.
  if (!r) std::abort();
  if (sink) sink->on_event(e);
  emit_derived();
}

void Engine::State::emit_derived() {
  while (!touched_agents.empty()) {
    AgentId a = touched_agents.back();
    touched_agents.pop_back();
    AgentRec& ag = agents[a];
    AgentState now_state = derive_state(ag);
    if (now_state != ag.reported) {
      Event e;
      e.type = EventType::kAgentStateChanged;
      e.agent = a;
      e.value = static_cast<int64_t>(now_state);
      e.value2 = static_cast<int64_t>(ag.reported);
      e.text = now_state == AgentState::kNotReady ? ag.reason : std::string();
      emit(std::move(e));
    }
  }
  while (!touched_queues.empty()) {
    QueueId q = touched_queues.back();
    touched_queues.pop_back();
    QueueRec& qr = queues[q];
    bool should = !qr.overflowed.empty();
    if (should != qr.overflowing) {
      Event e;
      e.type = should ? EventType::kQueueOverflowStarted : EventType::kQueueOverflowEnded;
      e.queue = q;
      emit(std::move(e));
    }
  }
}

void Engine::State::finish_command() {
  route_pending();
  emit_derived();
}

// ---- configuration ------------------------------------------------------------

Result<void> Engine::set_settings(const EngineSettings& s) {
  if (s.offer_timeout_ms < 0)
    return make_error(ErrorCode::kInvalidArgument, "must be >= 0", "offer_timeout_ms");
  if (s.missed_backoff_ms < 0)
    return make_error(ErrorCode::kInvalidArgument, "must be >= 0", "missed_backoff_ms");
  if (s.max_consecutive_misses < 0)
    return make_error(ErrorCode::kInvalidArgument, "must be >= 0", "max_consecutive_misses");
  if (s.default_acw_ms < 0)
    return make_error(ErrorCode::kInvalidArgument, "must be >= 0", "default_acw_ms");
  if (s.ewt_tau_ms <= 0) return make_error(ErrorCode::kInvalidArgument, "must be > 0", "ewt_tau_ms");
  if (s.day_offset_ms <= -86'400'000 || s.day_offset_ms >= 86'400'000)
    return make_error(ErrorCode::kInvalidArgument, "must be within one day", "day_offset_ms");
  auto& st = *st_;
  CommandScope cmd(st);
  Event e;
  e.type = EventType::kSettingsChanged;
  e.payload = std::make_shared<const EventPayload>(s);
  st.emit(std::move(e));
  return {};
}

namespace {
template <typename Ids>
std::optional<uint32_t> lookup(const Ids& ids, std::string_view name) {
  auto it = ids.find(std::string(name));
  if (it == ids.end()) return std::nullopt;
  return it->second;
}
}  // namespace

Result<SkillId> Engine::define_skill(std::string_view name) {
  if (auto r = check_name(name, "name"); !r) return std::unexpected(r.error());
  if (auto id = lookup(st_->skill_ids, name)) return *id;
  auto& st = *st_;
  CommandScope cmd(st);
  Event e;
  e.type = EventType::kSkillDefined;
  e.text = std::string(name);
  e.value = static_cast<int64_t>(st.skill_names.size());
  st.emit(std::move(e));
  return static_cast<SkillId>(st.skill_names.size() - 1);
}

Result<TeamId> Engine::define_team(std::string_view name) {
  if (auto r = check_name(name, "name"); !r) return std::unexpected(r.error());
  if (auto id = lookup(st_->team_ids, name)) return *id;
  auto& st = *st_;
  CommandScope cmd(st);
  Event e;
  e.type = EventType::kTeamDefined;
  e.text = std::string(name);
  e.value = static_cast<int64_t>(st.team_names.size());
  st.emit(std::move(e));
  return static_cast<TeamId>(st.team_names.size() - 1);
}

Result<SiteId> Engine::define_site(std::string_view name) {
  if (auto r = check_name(name, "name"); !r) return std::unexpected(r.error());
  if (auto id = lookup(st_->site_ids, name)) return *id;
  auto& st = *st_;
  CommandScope cmd(st);
  Event e;
  e.type = EventType::kSiteDefined;
  e.text = std::string(name);
  e.value = static_cast<int64_t>(st.site_names.size());
  st.emit(std::move(e));
  return static_cast<SiteId>(st.site_names.size() - 1);
}

std::optional<SkillId> Engine::find_skill(std::string_view n) const { return lookup(st_->skill_ids, n); }
std::optional<TeamId> Engine::find_team(std::string_view n) const { return lookup(st_->team_ids, n); }
std::optional<SiteId> Engine::find_site(std::string_view n) const { return lookup(st_->site_ids, n); }
std::optional<QueueId> Engine::find_queue(std::string_view n) const { return lookup(st_->queue_ids, n); }
std::optional<AgentId> Engine::find_agent(std::string_view n) const { return lookup(st_->agent_ids, n); }

const QueueConfig* Engine::queue_config(QueueId q) const {
  return q < st_->queues.size() ? &st_->queues[q].cfg : nullptr;
}
const AgentConfig* Engine::agent_config(AgentId a) const {
  return a < st_->agents.size() ? &st_->agents[a].cfg : nullptr;
}

namespace {

Result<void> check_requirements(const Engine::State* /*unused*/, size_t skills,
                                const std::vector<SkillRequirement>& req, const std::string& field) {
  for (size_t i = 0; i < req.size(); ++i) {
    std::string f = field + "[" + std::to_string(i) + "]";
    if (req[i].skill >= skills) return not_found("skill", f + ".skill");
    if (auto r = check_proficiency(req[i].min_proficiency, f + ".min_proficiency"); !r) return r;
    for (size_t j = 0; j < i; ++j)
      if (req[j].skill == req[i].skill)
        return make_error(ErrorCode::kInvalidArgument, "skill listed twice", f + ".skill");
  }
  return {};
}

}  // namespace

Result<QueueId> Engine::configure_queue(const QueueConfig& cfg) {
  auto& st = *st_;
  if (auto r = check_name(cfg.name, "name"); !r) return std::unexpected(r.error());
  auto existing = lookup(st.queue_ids, cfg.name);
  QueueId self = existing ? *existing : static_cast<QueueId>(st.queues.size());
  size_t nskills = st.skill_names.size();
  auto queue_ref = [&](QueueId q, const std::string& field) -> Result<void> {
    if (q >= st.queues.size()) return not_found("queue", field);
    if (q == self) return make_error(ErrorCode::kInvalidArgument, "a queue cannot name itself", field);
    return {};
  };
  if (auto r = check_requirements(&st, nskills, cfg.skills, "skills"); !r) return std::unexpected(r.error());
  if (!(cfg.weight > 0) || !std::isfinite(cfg.weight))
    return make_error(ErrorCode::kInvalidArgument, "must be a positive number", "weight");
  if (cfg.priority < -kMaxPriority || cfg.priority > kMaxPriority)
    return make_error(ErrorCode::kInvalidArgument, "out of range", "priority");
  if (cfg.max_wait_ms < 0) return make_error(ErrorCode::kInvalidArgument, "must be >= 0", "max_wait_ms");
  if (cfg.sl_target_ms < 0) return make_error(ErrorCode::kInvalidArgument, "must be >= 0", "sl_target_ms");
  if (!(cfg.sl_target_pct >= 0 && cfg.sl_target_pct <= 100))
    return make_error(ErrorCode::kInvalidArgument, "must be 0..100", "sl_target_pct");
  if (cfg.acw_ms && *cfg.acw_ms < 0) return make_error(ErrorCode::kInvalidArgument, "must be >= 0", "acw_ms");
  if (cfg.exit_action == ExitAction::kOverflow) {
    if (auto r = queue_ref(cfg.exit_target, "exit_target"); !r) return std::unexpected(r.error());
    if (st.queues[cfg.exit_target].cfg.channel != cfg.channel)
      return make_error(ErrorCode::kInvalidArgument, "target queue has another channel", "exit_target");
  }
  if (cfg.exit_action == ExitAction::kCallback && cfg.channel != Channel::kVoice)
    return make_error(ErrorCode::kInvalidArgument, "callbacks need a voice queue", "exit_action");
  if (cfg.exit_action != ExitAction::kNone && cfg.max_wait_ms == 0)
    return make_error(ErrorCode::kInvalidArgument, "an exit action needs max_wait_ms > 0", "max_wait_ms");
  for (size_t i = 0; i < cfg.sites.size(); ++i)
    if (cfg.sites[i] >= st.site_names.size()) return not_found("site", "sites[" + std::to_string(i) + "]");
  if (cfg.bullseye.size() > kMaxBullseyeSteps)
    return make_error(ErrorCode::kInvalidArgument, "at most 32 steps", "bullseye");
  int64_t prev_after = 0;
  for (size_t i = 0; i < cfg.bullseye.size(); ++i) {
    const BullseyeStep& s = cfg.bullseye[i];
    std::string f = "bullseye[" + std::to_string(i) + "]";
    if (s.after_ms <= prev_after)
      return make_error(ErrorCode::kInvalidArgument, "steps must have increasing after_ms > 0",
                        f + ".after_ms");
    prev_after = s.after_ms;
    if (s.min_proficiency)
      if (auto r = check_proficiency(*s.min_proficiency, f + ".min_proficiency"); !r)
        return std::unexpected(r.error());
    for (size_t j = 0; j < s.alternative_skills.size(); ++j) {
      if (s.alternative_skills[j].empty())
        return make_error(ErrorCode::kInvalidArgument, "an alternative needs skills",
                          f + ".alternative_skills[" + std::to_string(j) + "]");
      if (auto r = check_requirements(&st, nskills, s.alternative_skills[j],
                                      f + ".alternative_skills[" + std::to_string(j) + "]");
          !r)
        return std::unexpected(r.error());
    }
    for (size_t j = 0; j < s.add_queues.size(); ++j)
      if (auto r = queue_ref(s.add_queues[j], f + ".add_queues[" + std::to_string(j) + "]"); !r)
        return std::unexpected(r.error());
    for (size_t j = 0; j < s.add_sites.size(); ++j)
      if (s.add_sites[j] >= st.site_names.size())
        return not_found("site", f + ".add_sites[" + std::to_string(j) + "]");
  }
  const OverflowConfig& o = cfg.overflow;
  if (o.threshold_ms < 0)
    return make_error(ErrorCode::kInvalidArgument, "must be >= 0", "overflow.threshold_ms");
  for (size_t i = 0; i < o.group_thresholds.size(); ++i) {
    std::string f = "overflow.group_thresholds[" + std::to_string(i) + "]";
    if (auto r = check_name(o.group_thresholds[i].group, f + ".group"); !r) return std::unexpected(r.error());
    if (o.group_thresholds[i].threshold_ms <= 0)
      return make_error(ErrorCode::kInvalidArgument, "must be > 0", f + ".threshold_ms");
    for (size_t j = 0; j < i; ++j)
      if (o.group_thresholds[j].group == o.group_thresholds[i].group)
        return make_error(ErrorCode::kInvalidArgument, "group listed twice", f + ".group");
  }
  for (size_t i = 0; i < o.backup_queues.size(); ++i)
    if (auto r = queue_ref(o.backup_queues[i], "overflow.backup_queues[" + std::to_string(i) + "]"); !r)
      return std::unexpected(r.error());
  for (size_t i = 0; i < o.backup_teams.size(); ++i)
    if (o.backup_teams[i] >= st.team_names.size())
      return not_found("team", "overflow.backup_teams[" + std::to_string(i) + "]");
  if (existing && st.queues[self].cfg.channel != cfg.channel && !st.queues[self].waiting.empty())
    return make_error(ErrorCode::kIllegalState, "cannot change the channel while contacts wait", "channel");

  CommandScope cmd(st);
  Event e;
  e.type = EventType::kQueueConfigured;
  e.queue = self;
  e.payload = std::make_shared<const EventPayload>(cfg);
  st.emit(std::move(e));
  return self;
}

Result<AgentId> Engine::configure_agent(const AgentConfig& cfg) {
  auto& st = *st_;
  if (auto r = check_name(cfg.name, "name"); !r) return std::unexpected(r.error());
  if (cfg.team != kNoId && cfg.team >= st.team_names.size()) return not_found("team", "team");
  if (cfg.site != kNoId && cfg.site >= st.site_names.size()) return not_found("site", "site");
  for (size_t i = 0; i < cfg.skills.size(); ++i) {
    std::string f = "skills[" + std::to_string(i) + "]";
    if (cfg.skills[i].skill >= st.skill_names.size()) return not_found("skill", f + ".skill");
    if (auto r = check_proficiency(cfg.skills[i].proficiency, f + ".proficiency"); !r)
      return std::unexpected(r.error());
    for (size_t j = 0; j < i; ++j)
      if (cfg.skills[j].skill == cfg.skills[i].skill)
        return make_error(ErrorCode::kInvalidArgument, "skill listed twice", f + ".skill");
  }
  for (Channel ch : kAllChannels) {
    int c = cfg.capacity[static_cast<int>(ch)];
    std::string f = "capacity." + std::string(to_string(ch));
    if (c < 0 || c > kMaxCapacity) return make_error(ErrorCode::kInvalidArgument, "must be 0..100", f);
    if (ch == Channel::kVoice && c > 1) return make_error(ErrorCode::kInvalidArgument, "voice capacity is at most 1", f);
  }
  auto existing = lookup(st.agent_ids, cfg.name);
  AgentId self = existing ? *existing : static_cast<AgentId>(st.agents.size());
  CommandScope cmd(st);
  Event e;
  e.type = EventType::kAgentConfigured;
  e.agent = self;
  e.payload = std::make_shared<const EventPayload>(cfg);
  st.emit(std::move(e));
  return self;
}

// ---- agents -------------------------------------------------------------------

#define SY_AGENT(a)                                                      \
  if ((a) >= st.agents.size()) return not_found("agent", "agent");       \
  AgentRec& ag = st.agents[a];                                           \
  (void)ag

Result<void> Engine::login(AgentId a, bool ready) {
  auto& st = *st_;
  SY_AGENT(a);
  if (ag.logged_in) return make_error(ErrorCode::kIllegalState, "agent is already logged in", "agent");
  CommandScope cmd(st);
  Event e;
  e.type = EventType::kAgentLoggedIn;
  e.agent = a;
  e.value = ready ? 1 : 0;
  st.emit(std::move(e));
  return {};
}

Result<void> Engine::logout(AgentId a) {
  auto& st = *st_;
  SY_AGENT(a);
  if (!ag.logged_in) return make_error(ErrorCode::kIllegalState, "agent is not logged in", "agent");
  CommandScope cmd(st);
  if (!ag.work.empty())
    return make_error(ErrorCode::kIllegalState, "agent still holds contacts", "agent");
  Event e;
  e.type = EventType::kAgentLoggedOut;
  e.agent = a;
  st.emit(std::move(e));
  return {};
}

Result<void> Engine::set_ready(AgentId a) {
  auto& st = *st_;
  SY_AGENT(a);
  if (!ag.logged_in) return make_error(ErrorCode::kIllegalState, "agent is not logged in", "agent");
  CommandScope cmd(st);
  if (!ag.ready) {
    Event e;
    e.type = EventType::kAgentReady;
    e.agent = a;
    st.emit(std::move(e));
  }
  return {};
}

Result<void> Engine::set_not_ready(AgentId a, std::string_view reason) {
  auto& st = *st_;
  SY_AGENT(a);
  if (reason.empty() || reason.size() > kMaxReasonLength)
    return make_error(ErrorCode::kInvalidArgument, "reason code must be 1..64 characters", "reason");
  if (!ag.logged_in) return make_error(ErrorCode::kIllegalState, "agent is not logged in", "agent");
  CommandScope cmd(st);
  Event e;
  e.type = EventType::kAgentNotReady;
  e.agent = a;
  e.text = std::string(reason);
  st.emit(std::move(e));
  return {};
}

// ---- contacts -------------------------------------------------------------------

Result<ContactReceipt> Engine::create_contact(const ContactSpec& spec) {
  auto& st = *st_;
  if (spec.queue >= st.queues.size()) return not_found("queue", "queue");
  QueueRec& q = st.queues[spec.queue];
  if (spec.channel != q.cfg.channel)
    return make_error(ErrorCode::kInvalidArgument, "channel differs from the queue's channel", "channel");
  if (spec.priority < -kMaxPriority || spec.priority > kMaxPriority)
    return make_error(ErrorCode::kInvalidArgument, "out of range", "priority");
  if (spec.customer_id.size() > kMaxNameLength)
    return make_error(ErrorCode::kInvalidArgument, "longer than 128 characters", "customer_id");
  if (spec.customer_group.size() > kMaxNameLength)
    return make_error(ErrorCode::kInvalidArgument, "longer than 128 characters", "customer_group");
  if (spec.attributes.size() > kMaxAttributes)
    return make_error(ErrorCode::kInvalidArgument, "at most 64 attributes", "attributes");
  for (const auto& [k, v] : spec.attributes) {
    if (k.empty() || k.size() > kMaxNameLength)
      return make_error(ErrorCode::kInvalidArgument, "attribute names must be 1..128 characters", "attributes");
    if (v.size() > kMaxTextLength)
      return make_error(ErrorCode::kInvalidArgument, "attribute values are at most 1024 characters",
                        "attributes." + k);
  }
  CommandScope cmd(st);
  ContactReceipt receipt;
  receipt.id = st.peek_contact_id();
  std::string refuse;
  if (!q.cfg.open) refuse = "queue_closed";
  else if (q.cfg.max_length != 0 && q.waiting.size() >= q.cfg.max_length) refuse = "queue_full";
  Event e;
  e.contact = receipt.id;
  e.queue = spec.queue;
  e.payload = std::make_shared<const EventPayload>(spec);
  if (!refuse.empty()) {
    e.type = EventType::kContactRefused;
    e.text = refuse;
    st.emit(std::move(e));
    receipt.state = ContactState::kRefused;
    receipt.reason = std::move(refuse);
    return receipt;
  }
  AgentId agent = st.find_agent(spec.queue, spec.channel, 0, false);
  int64_t ewt = agent != kNoId ? 0 : st.ewt_for_new(q, spec.priority);
  e.type = EventType::kContactCreated;
  e.value = ewt;
  e.value2 = q.est.baseline_ms();
  st.emit(std::move(e));
  ContactRec* c = st.find_contact(receipt.id);
  if (agent != kNoId) {
    st.offer(*c, agent);
  } else if (q.cfg.overflow.use_ewt && ewt >= 0) {
    int64_t thr = st.group_threshold_ms(q, c->group);
    if (thr > 0 && ewt > thr) {
      Event o;
      o.type = EventType::kContactOverflowed;
      o.contact = c->id;
      o.queue = c->queue;
      st.emit(std::move(o));
    }
  }
  cmd.finish();
  receipt.ewt_ms = ewt;
  if (const ContactRec* now = st.find_contact(receipt.id)) {
    receipt.state = now->state;
    receipt.agent = now->agent;
    if (now->state == ContactState::kQueued) {
      if (auto w = wait_estimate(receipt.id)) receipt.position = w->position;
    }
  } else {
    receipt.state = ContactState::kCompleted;
  }
  return receipt;
}

#define SY_CONTACT(cid)                                                         \
  ContactRec* cp = st.find_contact(cid);                                        \
  if (!cp) return not_found("contact", "contact");                              \
  ContactRec& c = *cp

namespace {
std::unexpected<Error> wrong_state(const ContactRec& c, std::string_view want) {
  return make_error(ErrorCode::kIllegalState,
                    "contact is " + std::string(to_string(c.state)) + ", not " + std::string(want),
                    "contact");
}
}  // namespace

Result<void> Engine::accept(AgentId a, ContactId cid) {
  auto& st = *st_;
  SY_AGENT(a);
  CommandScope cmd(st);
  SY_CONTACT(cid);
  if (c.state != ContactState::kOffered || c.agent != a) return wrong_state(c, "offered to this agent");
  Event e;
  e.type = EventType::kContactAccepted;
  e.contact = cid;
  e.agent = a;
  e.queue = c.queue;
  e.value = st.now_ms - c.wait_since_ms;
  st.emit(std::move(e));
  return {};
}

Result<void> Engine::reject(AgentId a, ContactId cid) {
  auto& st = *st_;
  SY_AGENT(a);
  CommandScope cmd(st);
  SY_CONTACT(cid);
  if (c.state != ContactState::kOffered || c.agent != a) return wrong_state(c, "offered to this agent");
  Event e;
  e.type = EventType::kOfferRejected;
  e.contact = cid;
  e.agent = a;
  e.queue = c.queue;
  st.emit(std::move(e));
  st.handle_miss(a);
  return {};
}

Result<void> Engine::hold(AgentId a, ContactId cid) {
  auto& st = *st_;
  SY_AGENT(a);
  CommandScope cmd(st);
  SY_CONTACT(cid);
  WorkItem* w = st.find_work(ag, cid);
  if (!w || w->phase != WorkPhase::kActive) return wrong_state(c, "active with this agent");
  Event e;
  e.type = EventType::kContactHeld;
  e.contact = cid;
  e.agent = a;
  e.queue = c.queue;
  st.emit(std::move(e));
  return {};
}

Result<void> Engine::resume(AgentId a, ContactId cid) {
  auto& st = *st_;
  SY_AGENT(a);
  CommandScope cmd(st);
  SY_CONTACT(cid);
  WorkItem* w = st.find_work(ag, cid);
  if (!w || w->phase != WorkPhase::kHeld) return wrong_state(c, "on hold with this agent");
  Event e;
  e.type = EventType::kContactResumed;
  e.contact = cid;
  e.agent = a;
  e.queue = c.queue;
  e.value = st.now_ms - w->since_ms;
  st.emit(std::move(e));
  return {};
}

namespace {
// Emits kContactEnded for the agent's active/held contact; returns the ACW ms.
int64_t emit_end(Engine::State& st, AgentId a, ContactRec& c, WorkItem& w) {
  int64_t talk = w.talk_ms, hold = w.hold_ms;
  if (w.phase == WorkPhase::kActive) talk += st.now_ms - w.since_ms;
  else hold += st.now_ms - w.since_ms;
  Event e;
  e.type = EventType::kContactEnded;
  e.contact = c.id;
  e.agent = a;
  e.queue = w.queue;
  e.value = talk;
  e.value2 = hold;
  st.emit(std::move(e));
  return st.acw_ms(st.queues[w.queue]);
}
}  // namespace

Result<void> Engine::end_contact(AgentId a, ContactId cid) {
  auto& st = *st_;
  SY_AGENT(a);
  CommandScope cmd(st);
  SY_CONTACT(cid);
  WorkItem* w = st.find_work(ag, cid);
  if (!w || (w->phase != WorkPhase::kActive && w->phase != WorkPhase::kHeld))
    return wrong_state(c, "active with this agent");
  if (emit_end(st, a, c, *w) == 0) st.end_wrapup_now(a, cid, "");
  return {};
}

Result<void> Engine::end_wrapup(AgentId a, ContactId cid, std::string_view disposition) {
  auto& st = *st_;
  SY_AGENT(a);
  if (disposition.size() > kMaxReasonLength)
    return make_error(ErrorCode::kInvalidArgument, "at most 64 characters", "disposition");
  CommandScope cmd(st);
  WorkItem* w = st.find_work(ag, cid);
  if (!w || w->phase != WorkPhase::kWrapUp)
    return make_error(ErrorCode::kIllegalState, "agent is not in wrap-up for this contact", "contact");
  st.end_wrapup_now(a, cid, disposition);
  return {};
}

Result<void> Engine::abandon(ContactId cid) {
  auto& st = *st_;
  CommandScope cmd(st);
  SY_CONTACT(cid);
  if (c.state != ContactState::kQueued && c.state != ContactState::kOffered)
    return wrong_state(c, "queued or offered");
  Event e;
  e.type = EventType::kContactAbandoned;
  e.contact = cid;
  e.queue = c.queue;
  e.agent = c.state == ContactState::kOffered ? c.agent : kNoId;
  e.value = st.now_ms - c.wait_since_ms;
  st.emit(std::move(e));
  return {};
}

Result<void> Engine::transfer(AgentId a, ContactId cid, QueueId target, bool keep_place) {
  auto& st = *st_;
  SY_AGENT(a);
  if (target >= st.queues.size()) return not_found("queue", "target");
  CommandScope cmd(st);
  SY_CONTACT(cid);
  WorkItem* w = st.find_work(ag, cid);
  if (!w || (w->phase != WorkPhase::kActive && w->phase != WorkPhase::kHeld))
    return wrong_state(c, "active with this agent");
  const QueueRec& tq = st.queues[target];
  if (tq.cfg.channel != c.channel)
    return make_error(ErrorCode::kInvalidArgument, "target queue has another channel", "target");
  if (!tq.cfg.open) return make_error(ErrorCode::kIllegalState, "target queue is closed", "target");
  if (tq.cfg.max_length != 0 && tq.waiting.size() >= tq.cfg.max_length)
    return make_error(ErrorCode::kCapacity, "target queue is full", "target");
  int64_t acw = emit_end(st, a, c, *w);
  Event e;
  e.type = EventType::kContactTransferred;
  e.contact = cid;
  e.agent = a;
  e.queue = c.queue;
  e.value = target;
  e.value2 = keep_place ? 1 : 0;
  st.emit(std::move(e));
  if (acw == 0) st.end_wrapup_now(a, cid, "transferred");
  return {};
}

Result<void> Engine::request_callback(ContactId cid) {
  auto& st = *st_;
  CommandScope cmd(st);
  SY_CONTACT(cid);
  if (c.state != ContactState::kQueued) return wrong_state(c, "queued");
  if (c.channel != Channel::kVoice)
    return make_error(ErrorCode::kInvalidArgument, "only voice contacts can become callbacks", "contact");
  if (c.callback) return make_error(ErrorCode::kIllegalState, "already a callback", "contact");
  Event e;
  e.type = EventType::kCallbackRequested;
  e.contact = cid;
  e.queue = c.queue;
  st.emit(std::move(e));
  return {};
}

// ---- time and replay ----------------------------------------------------------

void Engine::advance() { CommandScope cmd(*st_); }

std::optional<int64_t> Engine::next_timer_ms() {
  auto& st = *st_;
  st.prune_timers();
  if (st.timers.empty()) return std::nullopt;
  return st.timers.front().due_ms;
}

Result<void> Engine::replay(const Event& e) {
  auto& st = *st_;
  if (e.seq != st.seq + 1)
    return make_error(ErrorCode::kInvalidArgument,
                      "expected seq " + std::to_string(st.seq + 1) + ", got " + std::to_string(e.seq),
                      "seq");
  if (e.time_ms < st.now_ms) return make_error(ErrorCode::kInvalidArgument, "time goes back", "time_ms");
  st.replaying = true;
  st.now_ms = e.time_ms;
  auto r = st.apply(e);
  st.replaying = false;
  st.pending_agents.clear();
  st.pending_contacts.clear();
  st.touched_agents.clear();
  st.touched_queues.clear();
  if (!r) return r;
  st.seq = e.seq;
  return {};
}

}  // namespace switchyard::core
