#include "metrics/kpi_collector.h"

#include <algorithm>
#include <cstdlib>

namespace switchyard::metrics {

namespace {

using core::AgentState;

// Contact slots below this live in a dense table; beyond it in a hash map.
constexpr uint32_t kMaxDenseSlot = 1u << 24;

// Predictions above this count as this much (an estimator with almost no
// departures can announce centuries; one such value must not swamp the mean
// or overflow the sum).
constexpr int64_t kEwtCapMs = 86'400'000;

double ratio(double num, double den) { return den > 0 ? num / den : 0.0; }

bool on_contacts(AgentState s) { return s == AgentState::kBusy || s == AgentState::kWrapUp; }
bool idle_ready(AgentState s) { return s == AgentState::kAvailable || s == AgentState::kReserved; }

}  // namespace

std::string_view to_string(Dim d) {
  static constexpr std::string_view kNames[kDimCount] = {"center", "queue", "channel", "agent",
                                                         "team",   "site",  "group"};
  return kNames[static_cast<int>(d)];
}

std::string_view to_string(FcrTopic t) { return t == FcrTopic::kQueue ? "queue" : "disposition"; }

std::optional<FcrTopic> fcr_topic_from_string(std::string_view s) {
  if (s == "queue") return FcrTopic::kQueue;
  if (s == "disposition") return FcrTopic::kDisposition;
  return std::nullopt;
}

void keep_config(ConfigEvents& configs, const core::Event& e) {
  if (auto* q = e.as<core::ev::QueueConfigured>()) configs.insert_or_assign({0, q->queue}, e);
  else if (auto* a = e.as<core::ev::AgentConfigured>()) configs.insert_or_assign({1, a->agent}, e);
}

void add_state_time(KpiCounters& c, AgentState s, int64_t ms) {
  if (on_contacts(s)) {
    c.busy_ms += ms;
  } else if (idle_ready(s)) {
    c.idle_ms += ms;
  } else if (s == AgentState::kNotReady) {
    c.not_ready_ms += ms;
  }
}

void merge(KpiCounters& a, const KpiCounters& d) {
  a.offered += d.offered;
  a.answered += d.answered;
  a.answered_in_sl += d.answered_in_sl;
  a.abandoned += d.abandoned;
  a.short_abandoned += d.short_abandoned;
  a.expired += d.expired;
  a.moved_out += d.moved_out;
  a.refused += d.refused;
  a.transferred += d.transferred;
  a.overflowed += d.overflowed;
  a.callbacks += d.callbacks;
  a.waited += d.waited;
  a.handled += d.handled;
  a.held += d.held;
  a.offers += d.offers;
  a.missed_offers += d.missed_offers;
  a.survey_answers += d.survey_answers;
  a.survey_satisfied += d.survey_satisfied;
  a.survey_score_sum += d.survey_score_sum;
  a.fcr_eligible += d.fcr_eligible;
  a.repeats += d.repeats;
  a.unresolved += d.unresolved;
  a.waiting += d.waiting;
  a.wait_answered_ms += d.wait_answered_ms;
  a.wait_abandoned_ms += d.wait_abandoned_ms;
  a.max_wait_ms = std::max(a.max_wait_ms, d.max_wait_ms);
  a.talk_ms += d.talk_ms;
  a.hold_ms += d.hold_ms;
  a.acw_ms += d.acw_ms;
  a.ewt_samples += d.ewt_samples;
  a.ewt_abs_err_ms += d.ewt_abs_err_ms;
  a.ewt_baseline_samples += d.ewt_baseline_samples;
  a.ewt_baseline_abs_err_ms += d.ewt_baseline_abs_err_ms;
  a.busy_ms += d.busy_ms;
  a.idle_ms += d.idle_ms;
  a.not_ready_ms += d.not_ready_ms;
}

KpiFigures derive(const KpiCounters& c) {
  KpiFigures f;
  f.offered = c.offered;
  f.answered = c.answered;
  f.abandoned = c.abandoned;
  f.short_abandoned = c.short_abandoned;
  f.refused = c.refused;
  f.expired = c.expired;
  f.handled = c.handled;
  f.transferred = c.transferred;
  f.callbacks = c.callbacks;
  f.offers = c.offers;
  f.missed_offers = c.missed_offers;
  f.survey_answers = c.survey_answers;
  f.csat = ratio(static_cast<double>(c.survey_satisfied), static_cast<double>(c.survey_answers));
  f.csat_mean = ratio(static_cast<double>(c.survey_score_sum), static_cast<double>(c.survey_answers));
  f.fcr_eligible = c.fcr_eligible;
  f.repeats = c.repeats;
  f.unresolved = c.unresolved;
  const double eligible = static_cast<double>(c.fcr_eligible);
  f.fcr = ratio(eligible - static_cast<double>(c.unresolved), eligible);
  f.repeat_rate = ratio(static_cast<double>(c.repeats), eligible);
  f.waiting = c.waiting;
  const double sl_base = static_cast<double>(c.offered) - static_cast<double>(c.short_abandoned);
  f.service_level = ratio(static_cast<double>(c.answered_in_sl), sl_base);
  f.asa_s = ratio(c.wait_answered_ms / 1000.0, static_cast<double>(c.answered));
  const double gone = static_cast<double>(c.answered + c.abandoned);
  f.avg_wait_s = ratio((c.wait_answered_ms + c.wait_abandoned_ms) / 1000.0, gone);
  f.max_wait_s = c.max_wait_ms / 1000.0;
  const double handled = static_cast<double>(c.handled);
  f.aht_s = ratio((c.talk_ms + c.hold_ms + c.acw_ms) / 1000.0, handled);
  f.avg_talk_s = ratio(c.talk_ms / 1000.0, handled);
  f.avg_hold_s = ratio(c.hold_ms / 1000.0, handled);
  f.avg_acw_s = ratio(c.acw_ms / 1000.0, handled);
  f.p_wait = ratio(static_cast<double>(c.waited), gone);
  f.abandon_rate = ratio(static_cast<double>(c.abandoned), static_cast<double>(c.offered));
  f.transfer_rate = ratio(static_cast<double>(c.transferred), static_cast<double>(c.answered));
  const double logged_ready = static_cast<double>(c.busy_ms + c.idle_ms);
  f.occupancy = ratio(static_cast<double>(c.busy_ms), logged_ready);
  f.utilisation = ratio(logged_ready, logged_ready + static_cast<double>(c.not_ready_ms));
  f.ewt_mae_s = ratio(c.ewt_abs_err_ms / 1000.0, static_cast<double>(c.ewt_samples));
  f.ewt_baseline_mae_s =
      ratio(c.ewt_baseline_abs_err_ms / 1000.0, static_cast<double>(c.ewt_baseline_samples));
  f.ewt_samples = c.ewt_samples;
  return f;
}

KpiCollector::KpiCollector(KpiOptions opts, KpiBins* bins) : opts_(opts), bins_(bins) {
  customers_.track_changes(opts_.durable);
}

void KpiCollector::set_customers(CustomerMemory m) {
  customers_ = std::move(m);
  customers_.track_changes(opts_.durable);
}

const KpiCounters& KpiCollector::queue(core::QueueId q) const {
  return q < queues_.size() ? queues_[q] : empty_;
}

std::string_view KpiCollector::queue_name(core::QueueId q) const {
  return q < queue_recs_.size() ? std::string_view(queue_recs_[q].name) : std::string_view();
}

int64_t KpiCollector::sl_target_ms(core::QueueId q) const {
  if (q < queue_recs_.size() && queue_recs_[q].configured) return queue_recs_[q].sl_target_ms;
  return opts_.default_sl_target_ms;
}

const KpiCounters& KpiCollector::queue_interval(core::QueueId q, size_t i) const {
  if (q < queue_intervals_.size() && i < queue_intervals_[q].size()) return queue_intervals_[q][i];
  return empty_;
}

int64_t KpiCollector::agent_state_ms(core::AgentId a, core::AgentState s) const {
  return a < agents_.size() ? agents_[a].state_ms[static_cast<int>(s)] : 0;
}

std::pair<AgentState, int64_t> KpiCollector::agent_state(core::AgentId a) const {
  if (a >= agents_.size()) return {AgentState::kLoggedOut, 0};
  return {agents_[a].state, agents_[a].since_ms};
}

void KpiCollector::restore_agent(core::AgentId a, AgentState s, int64_t since_ms) {
  if (a == core::kNoId) return;
  AgentRec& r = agent_rec(a);
  r.state = s;
  r.since_ms = since_ms;
}

core::TeamId KpiCollector::agent_team(core::AgentId a) const {
  return a < agents_.size() ? agents_[a].team : core::kNoId;
}

core::SiteId KpiCollector::agent_site(core::AgentId a) const {
  return a < agents_.size() ? agents_[a].site : core::kNoId;
}

KpiCollector::AgentRec& KpiCollector::agent_rec(core::AgentId a) {
  if (a >= agents_.size()) agents_.resize(a + 1);
  return agents_[a];
}

// ---- tables -----------------------------------------------------------------

KpiCollector::ContactRec* KpiCollector::find(core::ContactId id) {
  const auto slot = static_cast<uint32_t>(id);
  const auto gen = static_cast<uint32_t>(id >> 32);
  if (slot < kMaxDenseSlot) {
    if (slot >= contacts_.size()) return nullptr;
    ContactRec& r = contacts_[slot];
    return (r.gen != 0 && r.gen == gen) ? &r : nullptr;
  }
  auto it = sparse_.find(id);
  return it == sparse_.end() ? nullptr : &it->second;
}

KpiCollector::ContactRec& KpiCollector::create(core::ContactId id) {
  const auto slot = static_cast<uint32_t>(id);
  ContactRec* r;
  if (slot < kMaxDenseSlot) {
    if (slot >= contacts_.size()) contacts_.resize(std::max<size_t>(slot + 1, contacts_.size() * 2));
    r = &contacts_[slot];
  } else {
    r = &sparse_[id];
  }
  *r = ContactRec{};
  // A generation of 0 would read as a free slot; such ids are then untracked.
  r->gen = static_cast<uint32_t>(id >> 32);
  return *r;
}

void KpiCollector::release(core::ContactId id) {
  if (opts_.durable)
    if (const ContactRec* r = find(id)) live_seqs_.erase(r->created_seq);
  const auto slot = static_cast<uint32_t>(id);
  if (slot < kMaxDenseSlot) {
    if (slot < contacts_.size()) contacts_[slot].gen = 0;
  } else {
    sparse_.erase(id);
  }
}

KpiCollector::QueueRec& KpiCollector::queue_rec(core::QueueId q) {
  if (q >= queue_recs_.size()) {
    queue_recs_.resize(q + 1);
    queues_.resize(q + 1);
    if (opts_.per_queue_intervals) queue_intervals_.resize(q + 1);
  }
  return queue_recs_[q];
}

KpiCounters& KpiCollector::qc(core::QueueId q) {
  if (q == core::kNoId) return discard_;
  queue_rec(q);
  return queues_[q];
}

KpiCounters& KpiCollector::interval_rec(uint32_t i) {
  if (i >= intervals_.size()) intervals_.resize(i + 1);
  return intervals_[i];
}

KpiCounters* KpiCollector::queue_interval_rec(core::QueueId q, uint32_t i) {
  if (q == core::kNoId) return &discard_;
  queue_rec(q);
  auto& v = queue_intervals_[q];
  if (i >= v.size()) v.resize(i + 1);
  return &v[i];
}

KpiCollector::Targets KpiCollector::queue_targets(const ContactRec& r, core::QueueId q) {
  Targets t;
  t.add(&qc(q));
  if (opts_.per_queue_intervals && opts_.interval_ms > 0) t.add(queue_interval_rec(q, r.interval));
  if (bins_ && q != core::kNoId) bins_->bins(Dim::kQueue, q, r.arrival_ms, t);
  return t;
}

KpiCollector::Targets KpiCollector::overall_targets(const ContactRec& r) {
  Targets t;
  t.add(&overall_);
  if (opts_.interval_ms > 0) t.add(&interval_rec(r.interval));
  if (bins_) {
    bins_->bins(Dim::kCenter, 0, r.arrival_ms, t);
    bins_->bins(Dim::kChannel, static_cast<uint32_t>(r.channel), r.arrival_ms, t);
    if (r.group != core::kNoId) bins_->bins(Dim::kGroup, r.group, r.arrival_ms, t);
  }
  return t;
}

KpiCollector::Targets KpiCollector::agent_targets(const ContactRec& r, core::AgentId a) {
  if (!bins_ || a == core::kNoId) return Targets{};
  const AgentRec& ag = agent_rec(a);
  return agent_targets(r.arrival_ms, a, ag.team, ag.site);
}

KpiCollector::Targets KpiCollector::agent_targets(int64_t arrival_ms, core::AgentId a, core::TeamId team,
                                                  core::SiteId site) {
  Targets t;
  if (!bins_ || a == core::kNoId) return t;
  bins_->bins(Dim::kAgent, a, arrival_ms, t);
  if (team != core::kNoId) bins_->bins(Dim::kTeam, team, arrival_ms, t);
  if (site != core::kNoId) bins_->bins(Dim::kSite, site, arrival_ms, t);
  return t;
}

KpiCollector::Targets KpiCollector::fcr_targets(const HandledContact& h) {
  ContactRec r;
  r.arrival_ms = h.arrival_ms;
  r.channel = h.channel;
  r.group = h.group;
  if (opts_.interval_ms > 0) r.interval = static_cast<uint32_t>(h.arrival_ms / opts_.interval_ms);
  Targets all = overall_targets(r);
  for (const Targets& more : {queue_targets(r, h.queue), agent_targets(h.arrival_ms, h.agent, h.team, h.site)})
    for (int i = 0; i < more.n; ++i) all.add(more.c[i]);
  return all;
}

// ---- events -----------------------------------------------------------------

void KpiCollector::on_event(const core::Event& e) {
  ++events_;
  cur_seq_ = e.seq;
  std::visit([&](const auto& body) { handle(body, e.time_ms); }, e.body);
}

void KpiCollector::learn(const core::Event& e) {
  cur_seq_ = e.seq;
  if (auto* c = e.as<core::ev::ContactCreated>()) {
    customer_arrived(c->contact, c->spec, e.time_ms);
  } else if (auto* w = e.as<core::ev::WrapUpEnded>()) {
    wrapped_up(*w);
  } else if (auto* d = e.as<core::ev::ContactCompleted>()) {
    fcr_completed(*d, e.time_ms);
  } else if (auto* a = e.as<core::ev::ContactAbandoned>()) {
    customers_.close(a->contact);
  } else if (auto* x = e.as<core::ev::ContactExpired>()) {
    customers_.close(x->contact);
  } else if (auto* g = e.as<core::ev::ContactRefused>()) {
    customers_.intern_group(g->spec.customer_group);
  } else if (auto* a = e.as<core::ev::AgentConfigured>(); a && a->agent != core::kNoId) {
    // Teams and sites as they were when the contacts learned here completed.
    AgentRec& r = agent_rec(a->agent);
    r.team = a->config.team;
    r.site = a->config.site;
  }
}

uint32_t KpiCollector::customer_arrived(core::ContactId c, const core::ContactSpec& spec, int64_t t) {
  const uint32_t group = customers_.intern_group(spec.customer_group);
  if (!spec.customer_id.empty()) customers_.open(c, OpenContact{spec.customer_id, t, spec.channel, group, core::kNoId, {}});
  return group;
}

// The FCR rule (the top of kpi_collector.h; docs/kpis.md, "FCR").
void KpiCollector::fcr_completed(const core::ev::ContactCompleted& b, int64_t t) {
  OpenContact* o = customers_.find_open(b.contact);
  if (!o) return;
  std::string topic;
  if (opts_.fcr_topic == FcrTopic::kQueue) {
    topic = std::to_string(b.queue);
  } else if (o->wrap_agent == b.agent) {
    topic = o->disposition;
  }
  if (!topic.empty()) {
    const HandledContact h{.arrival_ms = o->arrival_ms,
                           .end_ms = t,
                           .queue = b.queue,
                           .agent = b.agent,
                           .team = agent_team(b.agent),
                           .site = agent_site(b.agent),
                           .channel = o->channel,
                           .group = o->group};
    const std::optional<HandledContact> before = customers_.handled(o->customer, topic, h, opts_.fcr_window_ms);
    if (h.arrival_ms >= opts_.stats_from_ms) {
      const Targets ts = fcr_targets(h);
      for (int i = 0; i < ts.n; ++i) {
        ++ts.c[i]->fcr_eligible;
        if (before) ++ts.c[i]->repeats;
      }
    }
    if (before && before->arrival_ms >= opts_.stats_from_ms) {
      const Targets ts = fcr_targets(*before);
      for (int i = 0; i < ts.n; ++i) ++ts.c[i]->unresolved;
    }
  }
  customers_.close(b.contact);
  customers_.prune(t, opts_.fcr_window_ms);
}

void KpiCollector::handle(const core::ev::QueueConfigured& b, int64_t /*t*/) {
  if (b.queue == core::kNoId) return;
  QueueRec& q = queue_rec(b.queue);
  q.name = b.config.name;
  q.sl_target_ms = b.config.sl_target_ms;
  q.skills = b.config.skills;
  q.configured = true;
}

void KpiCollector::handle(const core::ev::AgentConfigured& b, int64_t /*t*/) {
  if (b.agent == core::kNoId) return;
  AgentRec& a = agent_rec(b.agent);
  a.team = b.config.team;
  a.site = b.config.site;
  if (b.agent >= agent_skills_.size()) agent_skills_.resize(b.agent + 1);
  agent_skills_[b.agent] = b.config.skills;
}

void KpiCollector::handle(const core::ev::ContactRefused& b, int64_t t) {
  const uint32_t group = customers_.intern_group(b.spec.customer_group);
  if (t < opts_.stats_from_ms) return;
  ContactRec r;
  r.arrival_ms = t;
  r.channel = b.spec.channel;
  r.group = group;
  if (opts_.interval_ms > 0) r.interval = static_cast<uint32_t>(t / opts_.interval_ms);
  const Targets o = overall_targets(r);
  for (int i = 0; i < o.n; ++i) ++o.c[i]->refused;
  if (b.spec.queue == core::kNoId) return;
  KpiTargets q;
  q.add(&qc(b.spec.queue));
  if (bins_) bins_->bins(Dim::kQueue, b.spec.queue, t, q);
  for (int i = 0; i < q.n; ++i) ++q.c[i]->refused;
}

void KpiCollector::count_flag(core::ContactId c, core::QueueId q, uint64_t KpiCounters::*field) {
  ContactRec* r = find(c);
  if (!r) return;
  const Targets t = queue_targets(*r, q);
  for (int i = 0; i < t.n; ++i) ++(t.c[i]->*field);
  const Targets o = overall_targets(*r);
  for (int i = 0; i < o.n; ++i) ++(o.c[i]->*field);
}

void KpiCollector::handle(const core::ev::ContactOverflowed& b, int64_t /*t*/) {
  count_flag(b.contact, b.queue, &KpiCounters::overflowed);
}

void KpiCollector::handle(const core::ev::CallbackRequested& b, int64_t /*t*/) {
  count_flag(b.contact, b.queue, &KpiCounters::callbacks);
}

void KpiCollector::count_agent(core::ContactId c, core::AgentId a, uint64_t KpiCounters::*field) {
  ContactRec* r = find(c);
  if (!r) return;
  const Targets t = agent_targets(*r, a);
  for (int i = 0; i < t.n; ++i) ++(t.c[i]->*field);
}

// A survey answer counts when it is given (the contact is usually gone),
// per queue, center, channel and agent.
void KpiCollector::handle(const core::ev::SurveyAnswered& b, int64_t t) {
  if (t < opts_.stats_from_ms) return;
  ContactRec r;
  r.arrival_ms = t;
  r.channel = b.channel;
  if (opts_.interval_ms > 0) r.interval = static_cast<uint32_t>(t / opts_.interval_ms);
  Targets all = overall_targets(r);
  if (b.queue != core::kNoId)
    for (const Targets& more : {queue_targets(r, b.queue), agent_targets(r, b.agent)})
      for (int i = 0; i < more.n; ++i) all.add(more.c[i]);
  for (int i = 0; i < all.n; ++i) {
    ++all.c[i]->survey_answers;
    all.c[i]->survey_score_sum += static_cast<uint64_t>(b.rating);
    if (b.rating >= 4) ++all.c[i]->survey_satisfied;
  }
}

void KpiCollector::handle(const core::ev::ContactOffered& b, int64_t /*t*/) {
  count_agent(b.contact, b.agent, &KpiCounters::offers);
}

void KpiCollector::handle(const core::ev::OfferRejected& b, int64_t /*t*/) {
  count_agent(b.contact, b.agent, &KpiCounters::missed_offers);
}

void KpiCollector::handle(const core::ev::OfferTimedOut& b, int64_t /*t*/) {
  count_agent(b.contact, b.agent, &KpiCounters::missed_offers);
}

void KpiCollector::handle(const core::ev::ContactEnded& b, int64_t /*t*/) {
  ContactRec* r = find(b.contact);
  if (!r) return;
  r->pending_talk_ms += b.talk_ms;
  r->pending_hold_ms += b.hold_ms;
  r->pending_queue = b.queue;
  r->pending_agent = b.agent;
  r->pending = true;
}

void KpiCollector::wrapped_up(const core::ev::WrapUpEnded& b) {
  if (OpenContact* o = customers_.find_open(b.contact)) {
    o->wrap_agent = b.agent;
    o->disposition = b.disposition;
  }
}

void KpiCollector::handle(const core::ev::WrapUpEnded& b, int64_t /*t*/) {
  wrapped_up(b);
  if (ContactRec* r = find(b.contact); r && r->pending) count_handled(*r, b.acw_ms);
}

void KpiCollector::handle(const core::ev::ContactCompleted& b, int64_t t) {
  if (ContactRec* r = find(b.contact)) {
    if (r->pending) count_handled(*r, 0);
    release(b.contact);
  }
  fcr_completed(b, t);
}

void KpiCollector::handle(const core::ev::ContactCreated& b, int64_t t) {
  const uint32_t group = customer_arrived(b.contact, b.spec, t);
  if (t < opts_.stats_from_ms) return;  // warm-up: counted never (remembered for FCR)
  ContactRec& r = create(b.contact);
  r.origin = b.spec.queue;
  r.arrival_ms = t;
  r.channel = b.spec.channel;
  r.group = group;
  r.created_seq = cur_seq_;
  if (opts_.durable) live_seqs_.insert(cur_seq_);
  r.ewt_ms = b.ewt_ms;
  r.baseline_ms = b.baseline_ewt_ms;
  if (opts_.interval_ms > 0) r.interval = static_cast<uint32_t>(t / opts_.interval_ms);
  const Targets o = overall_targets(r);
  for (int i = 0; i < o.n; ++i) ++o.c[i]->offered;
  enter_queue(r, b.spec.queue, t);
}

void KpiCollector::enter_queue(ContactRec& r, core::QueueId q, int64_t now_ms) {
  r.queue = q;
  r.entered_ms = now_ms;
  r.waiting = true;
  const Targets t = queue_targets(r, q);
  for (int i = 0; i < t.n; ++i) {
    ++t.c[i]->offered;
    ++t.c[i]->waiting;
  }
  if (!r.answered) {
    const Targets o = overall_targets(r);
    for (int i = 0; i < o.n; ++i) ++o.c[i]->waiting;
  }
}

void KpiCollector::leave_queue(ContactRec& r) {
  if (!r.waiting) return;
  r.waiting = false;
  const Targets t = queue_targets(r, r.queue);
  for (int i = 0; i < t.n; ++i) --t.c[i]->waiting;
  if (!r.answered) {
    const Targets o = overall_targets(r);
    for (int i = 0; i < o.n; ++i) --o.c[i]->waiting;
  }
}

void KpiCollector::handle(const core::ev::ContactAccepted& b, int64_t /*t*/) {
  ContactRec* r = find(b.contact);
  if (!r) return;
  leave_queue(*r);
  const int64_t wait = b.wait_ms;
  const int64_t target = sl_target_ms(b.queue);
  Targets t = queue_targets(*r, b.queue);
  const Targets ag = agent_targets(*r, b.agent);
  for (int i = 0; i < ag.n; ++i) t.add(ag.c[i]);
  for (int i = 0; i < t.n; ++i) {
    KpiCounters& c = *t.c[i];
    ++c.answered;
    c.wait_answered_ms += wait;
    c.max_wait_ms = std::max(c.max_wait_ms, wait);
    if (wait <= target) ++c.answered_in_sl;
    if (wait > 0) ++c.waited;
  }
  if (r->answered) return;  // overall counts the first answer only
  r->answered = true;
  const int64_t total = r->prior_wait_ms + wait;
  const Targets o = overall_targets(*r);
  for (int i = 0; i < o.n; ++i) {
    KpiCounters& c = *o.c[i];
    ++c.answered;
    c.wait_answered_ms += total;
    c.max_wait_ms = std::max(c.max_wait_ms, total);
    if (total <= target) ++c.answered_in_sl;
    if (total > 0) ++c.waited;
  }
  // EWT accuracy: the prediction made at arrival against the real total wait,
  // credited to the queue the prediction was made for.
  Targets p = o;
  if (r->origin != core::kNoId) {
    const Targets oq = queue_targets(*r, r->origin);
    for (int i = 0; i < oq.n; ++i) p.add(oq.c[i]);
  }
  const int64_t ewt = std::min(r->ewt_ms, kEwtCapMs);
  const int64_t baseline = std::min(r->baseline_ms, kEwtCapMs);
  for (int i = 0; i < p.n; ++i) {
    KpiCounters& c = *p.c[i];
    if (ewt >= 0) {
      ++c.ewt_samples;
      c.ewt_abs_err_ms += std::llabs(ewt - total);
    }
    if (baseline >= 0) {
      ++c.ewt_baseline_samples;
      c.ewt_baseline_abs_err_ms += std::llabs(baseline - total);
    }
  }
}

void KpiCollector::handle(const core::ev::ContactAbandoned& b, int64_t /*t*/) {
  customers_.close(b.contact);  // abandoned contacts take no part in FCR
  ContactRec* r = find(b.contact);
  if (!r) return;
  leave_queue(*r);
  const int64_t wait = b.wait_ms;
  const bool is_short = wait < opts_.short_abandon_ms;
  const Targets t = queue_targets(*r, b.queue);
  for (int i = 0; i < t.n; ++i) {
    KpiCounters& c = *t.c[i];
    ++c.abandoned;
    c.wait_abandoned_ms += wait;
    c.max_wait_ms = std::max(c.max_wait_ms, wait);
    if (is_short) ++c.short_abandoned;
    if (wait > 0) ++c.waited;
  }
  if (!r->answered) {
    const int64_t total = r->prior_wait_ms + wait;
    const bool total_short = total < opts_.short_abandon_ms;
    const Targets o = overall_targets(*r);
    for (int i = 0; i < o.n; ++i) {
      KpiCounters& c = *o.c[i];
      ++c.abandoned;
      c.wait_abandoned_ms += total;
      c.max_wait_ms = std::max(c.max_wait_ms, total);
      if (total_short) ++c.short_abandoned;
      if (total > 0) ++c.waited;
    }
  }
  release(b.contact);
}

void KpiCollector::handle(const core::ev::ContactExpired& b, int64_t /*t*/) {
  customers_.close(b.contact);
  ContactRec* r = find(b.contact);
  if (!r) return;
  leave_queue(*r);
  const Targets t = queue_targets(*r, b.queue);
  for (int i = 0; i < t.n; ++i) ++t.c[i]->expired;
  if (!r->answered) {
    const Targets o = overall_targets(*r);
    for (int i = 0; i < o.n; ++i) ++o.c[i]->expired;
  }
  release(b.contact);
}

void KpiCollector::handle(const core::ev::ContactMoved& b, int64_t t) {
  moved(b.contact, b.queue, b.target, t, std::nullopt);
}

void KpiCollector::handle(const core::ev::ContactTransferred& b, int64_t t) {
  moved(b.contact, b.queue, b.target, t, b.agent);
}

void KpiCollector::moved(core::ContactId c, core::QueueId from, core::QueueId target, int64_t now_ms,
                         std::optional<core::AgentId> by) {
  ContactRec* r = find(c);
  if (!r) return;
  Targets t = queue_targets(*r, from);
  if (by) {  // a transfer by agent *by
    const Targets ag = agent_targets(*r, *by);
    for (int i = 0; i < ag.n; ++i) t.add(ag.c[i]);
    for (int i = 0; i < t.n; ++i) ++t.c[i]->transferred;
    const Targets o = overall_targets(*r);
    for (int i = 0; i < o.n; ++i) ++o.c[i]->transferred;
  } else {
    if (r->waiting && !r->answered) r->prior_wait_ms += now_ms - r->entered_ms;
    leave_queue(*r);
    for (int i = 0; i < t.n; ++i) ++t.c[i]->moved_out;
  }
  if (target != core::kNoId) enter_queue(*r, target, now_ms);
}

void KpiCollector::count_handled(ContactRec& r, int64_t acw_ms) {
  const Targets t = queue_targets(r, r.pending_queue);
  const Targets o = overall_targets(r);
  const Targets ag = agent_targets(r, r.pending_agent);
  const bool held = r.pending_hold_ms > 0;
  for (const Targets* ts : {&t, &o, &ag}) {
    for (int i = 0; i < ts->n; ++i) {
      KpiCounters& c = *ts->c[i];
      ++c.handled;
      c.talk_ms += r.pending_talk_ms;
      c.hold_ms += r.pending_hold_ms;
      c.acw_ms += acw_ms;
      if (held) ++c.held;
    }
  }
  r.pending = false;
  r.pending_talk_ms = 0;
  r.pending_hold_ms = 0;
}

// ---- agent time ---------------------------------------------------------------

void KpiCollector::add_agent_time(core::AgentId id, const AgentRec& a, int64_t from_ms, int64_t to_ms) {
  from_ms = std::max(from_ms, opts_.stats_from_ms);
  if (to_ms <= from_ms || a.state == AgentState::kLoggedOut) return;
  const AgentState s = a.state;
  add_state_time(overall_, s, to_ms - from_ms);
  if (bins_) {
    bins_->agent_time(Dim::kCenter, 0, s, from_ms, to_ms);
    bins_->agent_time(Dim::kAgent, id, s, from_ms, to_ms);
    if (a.team != core::kNoId) bins_->agent_time(Dim::kTeam, a.team, s, from_ms, to_ms);
    if (a.site != core::kNoId) bins_->agent_time(Dim::kSite, a.site, s, from_ms, to_ms);
  }
  if (opts_.interval_ms <= 0) return;
  // Split at interval boundaries.
  int64_t t = from_ms;
  while (t < to_ms) {
    const auto i = static_cast<uint32_t>(t / opts_.interval_ms);
    const int64_t end = std::min<int64_t>(to_ms, (static_cast<int64_t>(i) + 1) * opts_.interval_ms);
    add_state_time(interval_rec(i), s, end - t);
    t = end;
  }
}

void KpiCollector::integrate(core::AgentId id, AgentRec& a, int64_t to_ms) {
  if (to_ms > a.since_ms) {
    const int64_t from = std::max(a.since_ms, opts_.stats_from_ms);
    if (to_ms > from) a.state_ms[static_cast<int>(a.state)] += to_ms - from;
    add_agent_time(id, a, a.since_ms, to_ms);
    a.since_ms = to_ms;
  }
}

void KpiCollector::handle(const core::ev::AgentStateChanged& b, int64_t t) {
  if (b.agent == core::kNoId) return;
  AgentRec& a = agent_rec(b.agent);
  integrate(b.agent, a, t);
  a.state = b.state;
  a.since_ms = std::max(a.since_ms, t);
}

void KpiCollector::close_time(int64_t now_ms) {
  for (size_t id = 0; id < agents_.size(); ++id) integrate(static_cast<core::AgentId>(id), agents_[id], now_ms);
  // Per-queue occupancy over the agents eligible for the queue's base skills.
  for (size_t q = 0; q < queues_.size(); ++q) {
    KpiCounters& c = queues_[q];
    c.busy_ms = c.idle_ms = c.not_ready_ms = 0;
    const auto& req = queue_recs_[q].skills;
    for (size_t id = 0; id < agents_.size(); ++id) {
      const AgentRec& a = agents_[id];
      static const std::vector<core::AgentSkill> kNone;
      const auto& skills = id < agent_skills_.size() ? agent_skills_[id] : kNone;
      bool ok = true;
      for (const core::SkillRequirement& r : req) {
        auto it = std::find_if(skills.begin(), skills.end(),
                               [&](const core::AgentSkill& s) { return s.skill == r.skill; });
        if (it == skills.end() || it->proficiency < r.min_proficiency) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      c.busy_ms += a.state_ms[static_cast<int>(AgentState::kBusy)] +
                   a.state_ms[static_cast<int>(AgentState::kWrapUp)];
      c.idle_ms += a.state_ms[static_cast<int>(AgentState::kAvailable)] +
                   a.state_ms[static_cast<int>(AgentState::kReserved)];
      c.not_ready_ms += a.state_ms[static_cast<int>(AgentState::kNotReady)];
    }
  }
}

}  // namespace switchyard::metrics
