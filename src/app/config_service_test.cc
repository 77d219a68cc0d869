// ConfigService: /skills, /teams, /sites, /settings, /queues, /agents
// (configuration; presence is AgentService). Reads for every role, changes
// for admins, each change audited with the engine event it caused.
#include "app/app_test_util.h"

namespace switchyard::app::testing {
namespace {

class ConfigServiceTest : public AppFixture {
 protected:
  Result<std::vector<NamedItem>> list(const Caller& c, Registry r) {
    return call<std::vector<NamedItem>>([&](Reply<std::vector<NamedItem>> reply) { config_->list(c, r, std::move(reply)); });
  }
  Result<NamedItem> define(const Caller& c, Registry r, const std::string& name) {
    return call<NamedItem>([&](Reply<NamedItem> reply) { config_->define(c, r, name, std::move(reply)); });
  }
  Result<core::EngineSettings> settings(const Caller& c) {
    return call<core::EngineSettings>([&](Reply<core::EngineSettings> r) { config_->settings(c, std::move(r)); });
  }
  Result<core::EngineSettings> set_settings(const Caller& c, core::EngineSettings s, const std::string& detail = "{}") {
    return call<core::EngineSettings>(
        [&](Reply<core::EngineSettings> r) { config_->set_settings(c, s, detail, std::move(r)); });
  }
  Result<std::vector<QueueInfo>> queues(const Caller& c) {
    return call<std::vector<QueueInfo>>([&](Reply<std::vector<QueueInfo>> r) { config_->queues(c, std::move(r)); });
  }
  Result<QueueInfo> queue(const Caller& c, core::QueueId id) {
    return call<QueueInfo>([&](Reply<QueueInfo> r) { config_->queue(c, id, std::move(r)); });
  }
  Result<QueueInfo> configure_queue(const Caller& c, Configure<core::QueueConfig> in) {
    return call<QueueInfo>([&](Reply<QueueInfo> r) { config_->configure_queue(c, std::move(in), std::move(r)); });
  }
  Result<std::vector<AgentInfo>> agents(const Caller& c) {
    return call<std::vector<AgentInfo>>([&](Reply<std::vector<AgentInfo>> r) { config_->agents(c, std::move(r)); });
  }
  Result<AgentInfo> agent(const Caller& c, core::AgentId id) {
    return call<AgentInfo>([&](Reply<AgentInfo> r) { config_->agent(c, id, std::move(r)); });
  }
  Result<AgentInfo> set_skills(const Caller& c, core::AgentId id, std::vector<core::AgentSkill> skills) {
    return call<AgentInfo>(
        [&](Reply<AgentInfo> r) { config_->set_agent_skills(c, id, std::move(skills), "detail", std::move(r)); });
  }
  Result<AgentInfo> configure_agent(const Caller& c, Configure<core::AgentConfig> in) {
    return call<AgentInfo>([&](Reply<AgentInfo> r) { config_->configure_agent(c, std::move(in), std::move(r)); });
  }
  // The one audit entry written since `mark`, with these fields.
  audit::AuditEntry one_audit(int64_t mark, const std::string& action, const std::string& target,
                              const std::string& detail) {
    auto audit = audit_after(mark);
    EXPECT_EQ(audit.size(), 1u) << action;
    if (audit.size() != 1) return {};
    EXPECT_EQ(audit[0].action, action);
    EXPECT_EQ(audit[0].target, target);
    EXPECT_EQ(audit[0].detail, detail);
    return audit[0];
  }
  static std::vector<std::string> names(const std::vector<NamedItem>& items) {
    std::vector<std::string> out;
    for (const auto& i : items) out.push_back(i.name);
    return out;
  }
  static std::vector<core::AgentId> ids(const Result<std::vector<AgentInfo>>& r) {
    std::vector<core::AgentId> out;
    if (r)
      for (const auto& a : *r) out.push_back(a.id);
    return out;
  }
  static std::vector<core::AgentId> range(core::AgentId from, core::AgentId to) {
    std::vector<core::AgentId> out;
    for (core::AgentId a = from; a < to; ++a) out.push_back(a);
    return out;
  }
  static core::QueueConfig new_queue(const std::string& name) {
    core::QueueConfig q;
    q.name = name;
    q.skills = {{0, 1}};  // billing
    return q;
  }
  std::vector<Caller> non_admins() {
    std::vector<Caller> out;
    for (const char* n : {"agent01", "lead.red", "quality", "wfm", "reporting"}) out.push_back(caller(n));
    out.push_back(integration());
    return out;
  }
  std::vector<Caller> everyone() {
    auto out = non_admins();
    out.push_back(admin_);
    return out;
  }
};

// ---- skills, teams, sites -------------------------------------------------------

TEST_F(ConfigServiceTest, EveryRoleListsTheRegistries) {
  for (const Caller& c : everyone()) {
    SCOPED_TRACE(c.name);
    auto skills = list(c, Registry::kSkill);
    ASSERT_TRUE(skills) << skills.error().message;
    EXPECT_EQ(names(*skills), (std::vector<std::string>{"billing", "tech", "sales", "spanish"}));
    EXPECT_EQ((*skills)[3].id, 3u);
    EXPECT_EQ(names(*list(c, Registry::kTeam)), (std::vector<std::string>{"red", "blue"}));
    EXPECT_EQ(names(*list(c, Registry::kSite)), (std::vector<std::string>{"paris", "lyon"}));
  }
}

TEST_F(ConfigServiceTest, DefiningANameIsAuditedAndADuplicateAlreadyExists) {
  int64_t mark = last_audit_id();
  auto s = define(admin_, Registry::kSkill, "french");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->id, 4u);
  EXPECT_EQ(s->name, "french");
  auto t = define(admin_, Registry::kTeam, "green");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->id, 2u);
  auto site = define(admin_, Registry::kSite, "nantes");
  ASSERT_TRUE(site);
  EXPECT_EQ(site->id, 2u);

  auto audit = audit_after(mark);
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[0].action, "skill.define");
  EXPECT_EQ(audit[0].target, "skill:french");
  EXPECT_EQ(audit[0].actor, "admin");
  EXPECT_GT(audit[0].seq, 0u) << "the engine event of the change";
  EXPECT_EQ(audit[1].action, "team.define");
  EXPECT_EQ(audit[1].target, "team:green");
  EXPECT_EQ(audit[2].action, "site.define");
  EXPECT_EQ(audit[2].target, "site:nantes");
  EXPECT_LT(audit[0].seq, audit[1].seq);
  EXPECT_EQ(audit[2].seq, host_->durable_seq());

  mark = last_audit_id();
  EXPECT_TRUE(IsError(define(admin_, Registry::kSkill, "billing"), ErrorCode::kAlreadyExists, "name"));
  EXPECT_TRUE(IsError(define(admin_, Registry::kTeam, "green"), ErrorCode::kAlreadyExists, "name"));
  EXPECT_TRUE(IsError(define(admin_, Registry::kSite, "paris"), ErrorCode::kAlreadyExists, "name"));
  EXPECT_TRUE(IsError(define(admin_, Registry::kSkill, ""), ErrorCode::kInvalidArgument, "name"));
  for (const Caller& c : non_admins())
    EXPECT_TRUE(IsError(define(c, Registry::kSkill, "german"), ErrorCode::kPermissionDenied, "")) << c.name;
  EXPECT_TRUE(audit_after(mark).empty());
  EXPECT_EQ(list(admin_, Registry::kSkill)->size(), 5u);

  // The catalog learns the committed names.
  EXPECT_TRUE(eventually([&] { return catalog_.names()->id(Kind::kSkill, "french") == 4u; }));
  EXPECT_TRUE(eventually([&] { return catalog_.names()->id(Kind::kTeam, "green") == 2u; }));
}

// ---- settings -----------------------------------------------------------------------

TEST_F(ConfigServiceTest, SettingsAreReadByAllAndChangedByAdminsWithAnAuditEntry) {
  for (const Caller& c : everyone()) {
    auto s = settings(c);
    ASSERT_TRUE(s) << c.name;
    EXPECT_EQ(s->offer_timeout_ms, 20'000) << c.name;
    EXPECT_EQ(s->default_acw_ms, 10'000);
  }
  core::EngineSettings next = *settings(admin_);
  next.offer_timeout_ms = 15'000;
  next.max_consecutive_misses = 2;
  int64_t mark = last_audit_id();
  auto changed = set_settings(admin_, next, R"({"offer_timeout_ms":15000})");
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(*changed, next);
  EXPECT_EQ(*settings(caller("wfm")), next);
  EXPECT_EQ(one_audit(mark, "settings.change", "settings", R"({"offer_timeout_ms":15000})").seq, host_->durable_seq());
}

TEST_F(ConfigServiceTest, InvalidSettingsNameTheFieldAndChangeNothing) {
  core::EngineSettings good = *settings(admin_);
  int64_t mark = last_audit_id();
  struct Case {
    const char* field;
    std::function<void(core::EngineSettings&)> spoil;
  };
  const Case cases[] = {
      {"offer_timeout_ms", [](core::EngineSettings& s) { s.offer_timeout_ms = -1; }},
      {"missed_backoff_ms", [](core::EngineSettings& s) { s.missed_backoff_ms = -5; }},
      {"max_consecutive_misses", [](core::EngineSettings& s) { s.max_consecutive_misses = -1; }},
      {"default_acw_ms", [](core::EngineSettings& s) { s.default_acw_ms = -1; }},
      {"ewt_tau_ms", [](core::EngineSettings& s) { s.ewt_tau_ms = 0; }},
      {"day_offset_ms", [](core::EngineSettings& s) { s.day_offset_ms = 2LL * 24 * 3600 * 1000; }},
  };
  for (const Case& c : cases) {
    core::EngineSettings bad = good;
    c.spoil(bad);
    EXPECT_TRUE(IsError(set_settings(admin_, bad), ErrorCode::kInvalidArgument, c.field));
  }
  for (const Caller& c : non_admins())
    EXPECT_TRUE(IsError(set_settings(c, good), ErrorCode::kPermissionDenied, "")) << c.name;
  EXPECT_EQ(*settings(admin_), good);
  EXPECT_TRUE(audit_after(mark).empty());
}

// ---- queues -------------------------------------------------------------------------

TEST_F(ConfigServiceTest, QueuesAreListedAndReadByEveryRole) {
  create_contact(kTech);
  for (const Caller& c : everyone()) {
    SCOPED_TRACE(c.name);
    auto all = queues(c);
    ASSERT_TRUE(all) << all.error().message;
    ASSERT_EQ(all->size(), 4u);
    EXPECT_EQ((*all)[kBilling].config.name, "billing");
    EXPECT_EQ((*all)[kChat].config.channel, core::Channel::kChat);
    EXPECT_EQ((*all)[kTech].live.waiting, 1u);
    auto one = queue(c, kSales);
    ASSERT_TRUE(one);
    EXPECT_EQ(one->id, kSales);
    EXPECT_EQ(one->config.priority, 1);
    EXPECT_EQ(one->live.name, "sales");
  }
  EXPECT_TRUE(IsError(queue(admin_, 4), ErrorCode::kNotFound, "id"));
}

TEST_F(ConfigServiceTest, CreatingAQueue) {
  int64_t mark = last_audit_id();
  auto q = configure_queue(admin_, {new_queue("returns"), true, core::kNoId, R"({"name":"returns"})"});
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->id, 4u);
  EXPECT_EQ(q->config.name, "returns");
  EXPECT_EQ(q->live.waiting, 0u);
  EXPECT_EQ(one_audit(mark, "queue.create", "queue:returns", R"({"name":"returns"})").seq, host_->durable_seq());
  EXPECT_EQ(queues(caller("reporting"))->size(), 5u);
  EXPECT_TRUE(eventually([&] { return catalog_.names()->id(Kind::kQueue, "returns") == 4u; }));

  mark = last_audit_id();
  EXPECT_TRUE(IsError(configure_queue(admin_, {new_queue("billing"), true, core::kNoId, ""}), ErrorCode::kAlreadyExists,
                      "name"))
      << "the name is taken";
  core::QueueConfig bad = new_queue("broken");
  bad.weight = 0;
  EXPECT_TRUE(IsError(configure_queue(admin_, {bad, true, core::kNoId, ""}), ErrorCode::kInvalidArgument, "weight"));
  bad = new_queue("");
  EXPECT_TRUE(IsError(configure_queue(admin_, {bad, true, core::kNoId, ""}), ErrorCode::kInvalidArgument, "name"));
  for (const Caller& c : non_admins())
    EXPECT_TRUE(IsError(configure_queue(c, {new_queue("mine"), true, core::kNoId, ""}), ErrorCode::kPermissionDenied,
                        ""))
        << c.name;
  EXPECT_TRUE(audit_after(mark).empty());
  EXPECT_EQ(queues(admin_)->size(), 5u);
}

TEST_F(ConfigServiceTest, ReplacingAQueue) {
  QueueInfo billing = *queue(admin_, kBilling);
  core::QueueConfig cfg = billing.config;
  cfg.priority = 7;
  cfg.max_length = 3;
  int64_t mark = last_audit_id();
  auto q = configure_queue(admin_, {cfg, false, kBilling, "priority 7"});
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->id, kBilling);
  EXPECT_EQ(q->config.priority, 7);
  EXPECT_EQ(queue(admin_, kBilling)->config, cfg);
  one_audit(mark, "queue.configure", "queue:billing", "priority 7");

  mark = last_audit_id();
  core::QueueConfig renamed = cfg;
  renamed.name = "invoices";
  EXPECT_TRUE(IsError(configure_queue(admin_, {renamed, false, kBilling, ""}), ErrorCode::kInvalidArgument, "name"))
      << "a queue keeps its name";
  EXPECT_TRUE(IsError(configure_queue(admin_, {cfg, false, 42, ""}), ErrorCode::kNotFound, "id"));
  core::QueueConfig other_name = cfg;
  other_name.name = "tech";
  EXPECT_TRUE(IsError(configure_queue(admin_, {other_name, false, kBilling, ""}), ErrorCode::kInvalidArgument, "name"))
      << "not even onto another queue's name";
  core::QueueConfig bad = cfg;
  bad.sl_target_pct = 120;
  EXPECT_TRUE(IsError(configure_queue(admin_, {bad, false, kBilling, ""}), ErrorCode::kInvalidArgument,
                      "sl_target_pct"));
  EXPECT_TRUE(IsError(configure_queue(caller("lead.red"), {cfg, false, kBilling, ""}), ErrorCode::kPermissionDenied,
                      ""));
  EXPECT_TRUE(audit_after(mark).empty());
  EXPECT_EQ(queue(admin_, kBilling)->config, cfg);
  EXPECT_EQ(queue(admin_, kTech)->config.name, "tech");
}

// ---- agents ---------------------------------------------------------------------------

TEST_F(ConfigServiceTest, TheAgentListIsScopedToWhatTheCallerMaySee) {
  EXPECT_EQ(ids(agents(admin_)), range(0, 20));
  EXPECT_EQ(ids(agents(caller("agent01"))), std::vector<core::AgentId>{agent_id(1)});
  EXPECT_EQ(ids(agents(caller("agent11"))), std::vector<core::AgentId>{agent_id(11)});
  EXPECT_EQ(ids(agents(caller("lead.red"))), range(0, 10));
  EXPECT_EQ(ids(agents(caller("lead.blue"))), range(10, 20));
  for (const char* n : {"quality", "wfm", "reporting"}) EXPECT_EQ(ids(agents(caller(n))), range(0, 20)) << n;

  login_agent(agent_id(1));
  auto mine = agents(caller("agent01"));
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].config.name, "agent01");
  EXPECT_EQ((*mine)[0].config.team, kRed);
  EXPECT_EQ((*mine)[0].live.state, core::AgentState::kAvailable);
}

TEST_F(ConfigServiceTest, ReadingOneAgentIsScoped) {
  auto own = agent(caller("agent01"), agent_id(1));
  ASSERT_TRUE(own) << own.error().message;
  EXPECT_EQ(own->config.name, "agent01");
  EXPECT_EQ(own->live.state, core::AgentState::kLoggedOut);
  EXPECT_TRUE(IsError(agent(caller("agent01"), agent_id(2)), ErrorCode::kPermissionDenied, "id"));
  EXPECT_TRUE(agent(caller("lead.red"), agent_id(5)));
  EXPECT_TRUE(IsError(agent(caller("lead.red"), agent_id(15)), ErrorCode::kPermissionDenied, "id"));
  EXPECT_TRUE(agent(caller("lead.blue"), agent_id(15)));
  for (const char* n : {"quality", "wfm", "reporting", "admin"}) EXPECT_TRUE(agent(caller(n), agent_id(20))) << n;
  EXPECT_TRUE(IsError(agent(integration(), agent_id(1)), ErrorCode::kPermissionDenied, ""));
  EXPECT_TRUE(IsError(agent(admin_, 20), ErrorCode::kNotFound, "id"));
}

TEST_F(ConfigServiceTest, ConfiguringAgents) {
  core::AgentConfig a;
  a.name = "agent21";
  a.team = kBlue;
  a.site = 1;
  a.skills = {{1, 4}};
  int64_t mark = last_audit_id();
  auto created = configure_agent(admin_, {a, true, core::kNoId, "new"});
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->id, 20u);
  EXPECT_EQ(created->config, a);
  EXPECT_EQ(created->live.state, core::AgentState::kLoggedOut);
  EXPECT_EQ(ids(agents(caller("lead.blue"))).back(), 20u) << "in the blue team now";
  EXPECT_TRUE(eventually([&] { return catalog_.names()->id(Kind::kAgent, "agent21") == 20u; }));

  core::AgentConfig changed = created->config;
  changed.skills = {{1, 5}, {3, 2}};
  auto replaced = configure_agent(admin_, {changed, false, 20, "skills"});
  ASSERT_TRUE(replaced) << replaced.error().message;
  EXPECT_EQ(replaced->config.skills, changed.skills);
  auto audit = audit_after(mark);
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "agent.create");
  EXPECT_EQ(audit[0].target, "agent:agent21");
  EXPECT_EQ(audit[0].detail, "new");
  EXPECT_EQ(audit[1].action, "agent.configure");
  EXPECT_EQ(audit[1].target, "agent:agent21");
  EXPECT_EQ(audit[1].detail, "skills");

  mark = last_audit_id();
  EXPECT_TRUE(IsError(configure_agent(admin_, {a, true, core::kNoId, ""}), ErrorCode::kAlreadyExists, "name"));
  core::AgentConfig renamed = changed;
  renamed.name = "agent99";
  EXPECT_TRUE(IsError(configure_agent(admin_, {renamed, false, 20, ""}), ErrorCode::kInvalidArgument, "name"));
  EXPECT_TRUE(IsError(configure_agent(admin_, {changed, false, 77, ""}), ErrorCode::kNotFound, "id"));
  core::AgentConfig bad = changed;
  bad.capacity[0] = 2;  // voice is at most 1
  EXPECT_TRUE(IsError(configure_agent(admin_, {bad, false, 20, ""}), ErrorCode::kInvalidArgument, "capacity.voice"));
  for (const Caller& c : non_admins())
    EXPECT_TRUE(IsError(configure_agent(c, {changed, false, 20, ""}), ErrorCode::kPermissionDenied, "")) << c.name;
  EXPECT_TRUE(audit_after(mark).empty());
  EXPECT_EQ(agent(admin_, 20)->config, changed);
}

// A team lead moves the agents of their team between queues by their skills;
// nothing else of the agent changes.
TEST_F(ConfigServiceTest, TeamLeadsSetTheSkillsOfTheirAgents) {
  const core::AgentConfig before = agent(admin_, agent_id(3))->config;
  const std::vector<core::AgentSkill> skills = {{1, 5}, {3, 2}};
  ASSERT_NE(before.skills, skills);
  int64_t mark = last_audit_id();
  auto moved = set_skills(caller("lead.red"), agent_id(3), skills);
  ASSERT_TRUE(moved) << moved.error().message;
  core::AgentConfig want = before;
  want.skills = skills;
  EXPECT_EQ(moved->config, want);
  EXPECT_EQ(agent(admin_, agent_id(3))->config, want);
  one_audit(mark, "agent.skills", "agent:agent03", "detail");

  mark = last_audit_id();
  EXPECT_TRUE(IsError(set_skills(caller("lead.red"), agent_id(15), skills), ErrorCode::kPermissionDenied, "id"))
      << "not their team";
  for (const char* n : {"agent01", "quality", "wfm", "reporting"})
    EXPECT_TRUE(IsError(set_skills(caller(n), agent_id(3), {}), ErrorCode::kPermissionDenied, "")) << n;
  EXPECT_TRUE(IsError(set_skills(integration(), agent_id(3), {}), ErrorCode::kPermissionDenied, ""));
  EXPECT_TRUE(IsError(set_skills(admin_, 77, skills), ErrorCode::kNotFound, "id"));
  EXPECT_FALSE(set_skills(admin_, agent_id(3), {{99, 1}})) << "no such skill";
  EXPECT_TRUE(audit_after(mark).empty());
  EXPECT_EQ(agent(admin_, agent_id(3))->config, want);
  EXPECT_TRUE(set_skills(admin_, agent_id(15), {}));
  EXPECT_TRUE(set_skills(caller("lead.blue"), agent_id(15), {{0, 1}}));
}

// catalog.h: the names a batch defines are learned before the replies of
// the batch are sent, so a client can name a skill in its very next request.
// (Failed 20 of 20 while EngineHost answered before calling its commit
// listeners; fixed in 28385aa.)
TEST_F(ConfigServiceTest, TheCatalogKnowsANameWhenItsDefinitionIsAnswered) {
  int known = 0;
  for (int i = 0; i < 20; ++i) {
    Awaited<bool> a;
    auto reply = a.reply();
    std::string name = "skill" + std::to_string(i);
    config_->define(admin_, Registry::kSkill, name, [this, reply, name](Result<NamedItem> r) {
      reply(r && catalog_.names()->id(Kind::kSkill, name).has_value());
    });
    known += *a.wait() ? 1 : 0;
  }
  EXPECT_EQ(known, 20);
}

}  // namespace
}  // namespace switchyard::app::testing
