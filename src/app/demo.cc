#include "app/demo.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <random>
#include <tuple>
#include <utility>
#include <vector>

#include "auth/account_repository.h"
#include "auth/password.h"
#include "chat/chat.h"
#include "sim/scenario.h"
#include "sim/simulator.h"

namespace switchyard::app {

Result<void> configure_demo_center(core::Engine& e) {
  if (e.queue_count() > 0) return {};
  core::EngineSettings s = e.settings();
  s.offer_timeout_ms = 20'000;
  s.default_acw_ms = 10'000;
  if (auto r = e.set_settings(s); !r) return r;
  auto skill = [&](const char* n) { return *e.define_skill(n); };
  core::SkillId billing = skill("billing"), tech = skill("tech"), sales = skill("sales"), spanish = skill("spanish");
  core::TeamId red = *e.define_team("red"), blue = *e.define_team("blue");
  core::SiteId paris = *e.define_site("paris"), lyon = *e.define_site("lyon");
  (void)paris;
  (void)lyon;

  core::QueueConfig q;
  q.name = "billing";
  q.skills = {{billing, 2}};
  q.sl_target_ms = 20'000;
  q.overflow.threshold_ms = 60'000;
  q.overflow.group_thresholds = {{"vip", 10'000}};
  q.overflow.backup_teams = {blue};
  if (auto r = e.configure_queue(q); !r) return std::unexpected(r.error());
  core::QueueConfig t;
  t.name = "tech";
  t.skills = {{tech, 3}};
  t.strategy = core::Strategy::kHighestProficiency;
  t.bullseye = {core::BullseyeStep{30'000, 1, {}, {}, {}}};
  t.max_wait_ms = 600'000;
  t.exit_action = core::ExitAction::kCallback;
  if (auto r = e.configure_queue(t); !r) return std::unexpected(r.error());
  core::QueueConfig sq;
  sq.name = "sales";
  sq.skills = {{sales, 1}};
  sq.priority = 1;
  sq.bullseye = {core::BullseyeStep{45'000, {}, {{{spanish, 3}}}, {}, {}}};
  if (auto r = e.configure_queue(sq); !r) return std::unexpected(r.error());
  core::QueueConfig chat;
  chat.name = "support-chat";
  chat.channel = core::Channel::kChat;
  chat.skills = {{tech, 1}};
  chat.sl_target_ms = 60'000;
  if (auto r = e.configure_queue(chat); !r) return std::unexpected(r.error());

  for (int i = 1; i <= 20; ++i) {
    core::AgentConfig a;
    a.name = (i < 10 ? "agent0" : "agent") + std::to_string(i);
    a.team = i <= 10 ? red : blue;
    a.site = i % 2 ? paris : lyon;
    if (i <= 8) a.skills = {{billing, 2 + i % 4}, {sales, 1 + i % 3}};
    else if (i <= 16) a.skills = {{tech, 1 + i % 5}, {billing, 1}};
    else a.skills = {{sales, 3}, {spanish, 4}, {tech, 2}};
    a.capacity = {1, i > 12 || i == 11 ? 3 : 1, 1, 1, 1};  // agent11 (a demo login) takes 3 chats
    auto id = e.configure_agent(a);
    if (!id) return std::unexpected(id.error());
  }
  return {};
}

Result<RecordedRun> write_demo_history(storage::SqlDriver& db, int days, int64_t now_ms, int64_t utc_offset_ms) {
  auto scenario = sim::parse_scenario(demo_history_scenario(), "demo-history.toml");
  if (!scenario) return std::unexpected(scenario.error());
  scenario->simulation.duration_ms = days * sim::kDayMs;
  sim::SimOptions opts;
  opts.start_ms = now_ms - scenario->simulation.duration_ms;
  opts.utc_offset_ms = utc_offset_ms;
  sim::Simulator simulator(std::move(*scenario), std::move(opts));
  return record_simulation(simulator, db);
}

namespace {

// The demo's chat widget (any origin: the demo page is served by the server
// itself) and each queue's desk: a short script and disposition codes.
Result<void> seed_demo_desks(server::EngineHost& host, storage::SqlDriver& db, int64_t now_ms) {
  std::map<std::string, core::QueueId> queues;
  auto r = host.seed([&](server::TaskContext& ctx) -> Result<void> {
    for (const char* n : {"billing", "tech", "sales", "support-chat"})
      if (auto q = ctx.engine.find_queue(n)) queues[n] = *q;
    return {};
  });
  if (!r) return r;
  if (!queues.contains("support-chat")) return {};
  chat::Widget w;
  w.key = "wg_demo";
  w.name = "Demo site";
  w.queue = queues["support-chat"];
  w.allowed_origins = {"*"};
  w.title = {"Chat with us", "在线客服"};
  w.created_ms = now_ms;
  if (auto id = chat::ChatRepository(db).insert_widget(w); !id) return std::unexpected(id.error());
  const std::vector<chat::Disposition> common = {
      {"resolved", {"Resolved", "已解决"}},
      {"follow_up", {"Follow-up needed", "需跟进"}},
      {"escalated", {"Escalated", "已升级"}},
      {"no_action", {"No action needed", "无需处理"}},
  };
  struct DemoDesk {
    const char* queue;
    chat::Localized script;
  };
  const DemoDesk kDesks[] = {
      {"billing",
       {"1. Greet the customer and give your name.\n2. Verify identity: full name and date of birth.\n"
        "3. Open the latest invoice and explain each line in question.\n4. Offer a payment plan when the amount is over 200.\n"
        "5. Summarise, and ask whether anything else is open.",
        "1. 问候客户并报上姓名。\n2. 核实身份：全名和出生日期。\n3. 打开最近的账单，解释客户询问的每一项。\n"
        "4. 金额超过 200 时提供分期付款方案。\n5. 总结，并询问是否还有其他问题。"}},
      {"tech",
       {"1. Greet, verify identity.\n2. Ask for the device model and what changed before the fault.\n"
        "3. Walk through restart, update, reset in that order.\n4. Escalate to level 2 after 15 minutes without progress.",
        "1. 问候并核实身份。\n2. 询问设备型号，以及故障前有何变化。\n3. 依次引导：重启、更新、重置。\n4. 15 分钟无进展则升级至二线。"}},
      {"sales",
       {"1. Greet, ask what the customer is looking for.\n2. Offer the plan that fits; mention this month's offer.\n"
        "3. Confirm the order back to the customer before placing it.",
        "1. 问候，询问客户需求。\n2. 推荐合适的套餐，并介绍本月优惠。\n3. 下单前向客户复述确认订单。"}},
      {"support-chat",
       {"1. Greet by name within 30 seconds.\n2. Keep answers short; one question at a time.\n"
        "3. Link the help article when there is one.\n4. Close by asking whether the answer solved the problem.",
        "1. 30 秒内称呼客户姓名问候。\n2. 回答简短，一次只问一个问题。\n3. 有帮助文章时附上链接。\n4. 结束前询问问题是否已解决。"}},
  };
  storage::Transaction tx;
  for (const DemoDesk& d : kDesks)
    if (auto q = queues.find(d.queue); q != queues.end())
      chat::DeskRepository::stage_desk(tx, q->second, chat::Desk{d.script, common});
  return tx.run(db);
}

}  // namespace

Result<void> seed_demo(server::EngineHost& host, storage::SqlDriver& db, int64_t now_ms) {
  auto r = host.seed([](server::TaskContext& ctx) { return configure_demo_center(ctx.engine); });
  if (!r) return r;
  auth::AccountRepository s(db);
  {
    auto users = s.list_users();
    if (!users) return std::unexpected(users.error());
    if (!users->empty()) return {};
    auto hash = auth::hash_password(kDemoPassword);
    if (!hash) return std::unexpected(hash.error());
    struct Demo {
      const char* name;
      const char* role;
      core::TeamId team;
      core::AgentId agent;
    };
    const Demo kUsers[] = {
        {"admin", "admin", core::kNoId, core::kNoId},     {"lead.red", "team_lead", 0, core::kNoId},
        {"lead.blue", "team_lead", 1, core::kNoId},       {"quality", "quality", core::kNoId, core::kNoId},
        {"wfm", "wfm", core::kNoId, core::kNoId},         {"reporting", "reporting", core::kNoId, core::kNoId},
        {"agent01", "agent", 0, 0},                       {"agent02", "agent", 0, 1},
        {"agent11", "agent", 1, 10},
    };
    for (const Demo& d : kUsers) {
      auth::User u;
      u.username = d.name;
      u.password_hash = *hash;
      u.role = d.role;
      u.team = d.team;
      u.agent = d.agent;
      u.display_name = d.name;
      u.created_ms = now_ms;
      if (auto id = s.create_user(u); !id) return std::unexpected(id.error());
    }
    return seed_demo_desks(host, db, now_ms);
  }
}

DemoTraffic::DemoTraffic(server::EngineHost& host, double contacts_per_minute, uint64_t seed)
    : host_(host), per_minute_(contacts_per_minute), seed_(seed) {
  thread_ = std::thread([this] { loop(); });
}

DemoTraffic::~DemoTraffic() { stop(); }

void DemoTraffic::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

// Every 200 ms one engine task: Poisson arrivals, simulated agents answering
// offers after a few seconds and ending contacts after a lognormal-ish time.
// Customers: a fresh contact is a customer drawn from a population of ten
// weeks of arrivals (at least the history's 100,000, whose ids it shares);
// kRepeatShare of the contacts are instead a recent contact's customer coming
// back to the same queue (FCR and the repeat rate show real values).
void DemoTraffic::loop() {
  constexpr double kRepeatShare = 0.2;
  constexpr size_t kRecent = 4096;  // recent (customer, queue) pairs a repeat comes from
  auto rng = std::make_shared<std::mt19937_64>(seed_);
  auto ends = std::make_shared<std::map<core::ContactId, int64_t>>();  // accepted -> end time
  auto recent = std::make_shared<std::vector<std::pair<uint64_t, core::QueueId>>>();
  const auto population = static_cast<uint64_t>(std::max(100'000.0, per_minute_ * 60 * 24 * 7 * 10));
  constexpr int64_t kTickMs = 200;
  bool first = true;
  while (!stop_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(kTickMs));
    double lambda = per_minute_ * kTickMs / 60'000.0;
    bool login = first;
    first = false;
    host_.submit<bool>(
        [rng, ends, recent, population, lambda, login](server::TaskContext& ctx) -> Result<bool> {
          core::Engine& e = ctx.engine;
          int64_t now = ctx.now_ms();
          std::uniform_real_distribution<double> u(0.0, 1.0);
          // At the start every agent works, and the contacts in progress (the
          // history's last ones, or those of a stopped server) end like ours.
          for (core::AgentId a = 0; login && a < e.agent_count(); ++a) {
            (void)e.login(a);
            auto v = e.agent(a);
            if (!v) continue;
            if (v->state == core::AgentState::kNotReady) (void)e.set_ready(a);
            for (core::ContactId c : v->contacts)
              if (auto cv = e.contact(c); cv && cv->agent == a && cv->state == core::ContactState::kAccepted)
                (*ends)[c] = now + static_cast<int64_t>(60'000 * std::exp(u(*rng)));
          }
          std::poisson_distribution<int> arrivals(lambda);
          int n = arrivals(*rng);
          for (int i = 0; i < n && e.queue_count() > 0; ++i) {
            core::ContactSpec s;
            uint64_t customer = 0;
            if (!recent->empty() && u(*rng) < kRepeatShare) {
              std::tie(customer, s.queue) = (*recent)[(*rng)() % recent->size()];
            } else {
              customer = 1 + (*rng)() % population;
              s.queue = static_cast<core::QueueId>((*rng)() % e.queue_count());
              if (recent->size() < kRecent) recent->emplace_back(customer, s.queue);
              else (*recent)[(*rng)() % kRecent] = {customer, s.queue};
            }
            if (s.queue >= e.queue_count()) continue;
            s.channel = e.queue_config(s.queue)->channel;
            s.customer_id = "cust-" + std::to_string(customer);
            s.customer_group = customer % 10 == 0 ? "vip" : "standard";  // a customer keeps its group
            (void)e.create_contact(s);
          }
          for (core::AgentId a = 0; a < e.agent_count(); ++a) {
            auto v = e.agent(a);
            for (core::ContactId c : v->contacts) {
              auto cv = e.contact(c);
              if (!cv || cv->agent != a) continue;
              if (cv->state == core::ContactState::kOffered && u(*rng) < 0.3) {
                if (u(*rng) < 0.03) (void)e.reject(a, c);
                else if (e.accept(a, c)) (*ends)[c] = now + static_cast<int64_t>(60'000 * std::exp(u(*rng)));
              }
            }
          }
          for (auto it = ends->begin(); it != ends->end();) {
            if (it->second > now) {
              ++it;
              continue;
            }
            if (auto cv = e.contact(it->first); cv && cv->state == core::ContactState::kAccepted)
              (void)e.end_contact(cv->agent, it->first);
            it = ends->erase(it);
          }
          return true;
        },
        [](Result<bool>) {});
  }
}

}  // namespace switchyard::app
