#include "app/app_test_util.h"

#include <stdlib.h>
#include <unistd.h>

#include <thread>

#include "app/demo.h"
#include "app/store_setup.h"
#include "auth/account_repository.h"
#include "eventlog/schema.h"
#include "history/contact_history.h"
#include "storage/database.h"
#include "storage/migrate.h"

namespace switchyard::app::testing {

namespace {

// /dev/shm when it is there and writable (nothing touches a disk), else the
// temporary directory.
std::filesystem::path scratch_base() {
  std::filesystem::path shm = "/dev/shm";
  std::error_code ec;
  if (std::filesystem::is_directory(shm, ec) && ::access(shm.c_str(), W_OK) == 0) return shm;
  return std::filesystem::temp_directory_path();
}

}  // namespace

// ---- fixture ------------------------------------------------------------------

void AppFixture::SetUp() {
  std::string tmpl = (scratch_base() / "switchyard-app-test-XXXXXX").string();
  ASSERT_NE(::mkdtemp(tmpl.data()), nullptr) << "mkdtemp " << tmpl;
  dir_ = tmpl;
  url_ = "sqlite:" + (dir_ / "store.db").string();
  auto open = [url = url_](storage::OpenOptions o = {}) { return storage::open_database(url, o); };

  auto setup = open();
  ASSERT_TRUE(setup) << setup.error().message;
  auto migrated = migrate_all(**setup);
  ASSERT_TRUE(migrated) << migrated.error().message;
  auto log_db = open();
  ASSERT_TRUE(log_db) << log_db.error().message;
  host_ = std::make_unique<server::EngineHost>(std::move(*log_db), clock_, server::EngineHost::Options{});
  auto replayed = host_->recover();
  ASSERT_TRUE(replayed) << replayed.error().message;
  auto seeded = seed_demo(*host_, **setup, clock_.now_ms());
  ASSERT_TRUE(seeded) << seeded.error().message;
  db_ = std::move(*setup);

  auto pool = server::StorePool::open([&] { return open(); }, server::StorePool::Options{opts_.store_threads, 1});
  ASSERT_TRUE(pool) << pool.error().message;
  pool_ = std::move(*pool);
  auto projection_db = open(storage::OpenOptions{.relaxed_durability = true});
  ASSERT_TRUE(projection_db) << projection_db.error().message;
  auto start = app::start_read_models(*host_, catalog_);
  ASSERT_TRUE(start) << start.error().message;
  projections_ = std::make_unique<server::ProjectionHost>(std::move(*projection_db), server::ProjectionHost::Options{});
  metrics::KpiProjection::Options kpi_options;
  kpi_options.publish_ms = 0;  // every apply: tests read their writes without waiting for a tick
  kpi_projection_ = std::make_unique<metrics::KpiProjection>(metrics::Calendar::utc(), std::move(start->configs),
                                                             clock_, kpi_options);
  projections_->add(&history_projection_);
  projections_->add(kpi_projection_.get());
  feed_ = std::make_unique<server::EventFeed>(*pool_, &encode_for_test, host_->durable_seq());
  host_->add_commit_listener([this](const server::CommittedEvents& events) {
    catalog_.update(*events);
    projections_->committed(events);
    feed_->committed(events);
  });

  rt_ = std::make_unique<Runtime>(Runtime{*host_, *pool_, *projections_, catalog_, clock_});
  auth_ = std::make_unique<AuthService>(*rt_, opts_.auth);
  accounts_ = std::make_unique<AccountService>(*rt_, *auth_);
  config_ = std::make_unique<ConfigService>(*rt_);
  agents_ = std::make_unique<AgentService>(*rt_);
  contacts_ = std::make_unique<ContactService>(*rt_, opts_.contacts);
  contacts_->warm_up(*db_);  // as serve does on the bulk lane: keyed creates use the filter
  realtime_ = std::make_unique<RealtimeService>(*rt_, [kpis = kpi_projection_.get()] { return kpis->today(); });
  feeds_ = std::make_unique<FeedService>(*rt_, *feed_);

  host_->start();
  started_ = true;
  auto p = projections_->start(host_->durable_seq());
  ASSERT_TRUE(p) << p.error().message;

  auto users = auth::AccountRepository(*db_).list_users();
  ASSERT_TRUE(users) << users.error().message;
  for (const auth::User& u : *users) users_[u.username] = caller_of(u);
  ASSERT_EQ(users_.size(), 9u);
  admin_ = users_.at("admin");
}

void AppFixture::TearDown() {
  // The serve order: no more tasks, projections keep their checkpoints, the
  // store workers finish their jobs; then the services they call go.
  if (host_) host_->stop();
  if (projections_) projections_->stop();
  pool_.reset();
  feeds_.reset();
  realtime_.reset();
  contacts_.reset();
  agents_.reset();
  config_.reset();
  accounts_.reset();
  auth_.reset();
  rt_.reset();
  feed_.reset();
  projections_.reset();
  kpi_projection_.reset();
  host_.reset();
  db_.reset();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

void AppFixture::sync() {
  auto r = on_engine<bool>([](server::TaskContext&) -> Result<bool> { return true; });
  EXPECT_TRUE(r) << r.error().message;
}

void AppFixture::advance(int64_t ms) {
  auto r = on_engine<bool>([this, ms](server::TaskContext&) -> Result<bool> {
    clock_.advance_ms(ms);
    return true;
  });
  EXPECT_TRUE(r) << r.error().message;
  // The next batch begins with the engine's timers, now due.
  sync();
}

void AppFixture::wait_projection(const std::string& name) {
  Awaited<bool> a;
  auto reply = a.reply();
  projections_->when_applied(name, host_->durable_seq(), [reply] { reply(true); });
  EXPECT_TRUE(a.wait()) << name;
}

void AppFixture::wait_projections() {
  for (const server::ProjectionStatus& p : projections_->status()) wait_projection(p.name);
}

Caller AppFixture::caller(const std::string& username) {
  if (auto it = users_.find(username); it != users_.end()) return it->second;
  auto u = auth::AccountRepository(*db_).find_user_by_name(username);
  EXPECT_TRUE(u && *u) << "no user " << username;
  if (!u || !*u) return Caller{};
  return caller_of(**u);
}

Caller AppFixture::login_caller(const std::string& username, const std::string& password, const std::string& address) {
  auto login = call<LoginResult>([&](Reply<LoginResult> r) { auth_->login(username, password, address, std::move(r)); });
  EXPECT_TRUE(login) << username << ": " << login.error().message;
  if (!login) return Caller{};
  auto c = call<Caller>([&](Reply<Caller> r) {
    auth_->authenticate(Credentials{Credentials::Kind::kSession, login->token}, address, std::move(r));
  });
  EXPECT_TRUE(c) << c.error().message;
  return c ? *c : Caller{};
}

Caller AppFixture::integration(int64_t key_id) {
  Caller c;
  c.name = "apikey:edge-" + std::to_string(key_id);
  c.role = auth::Role::kIntegration;
  c.api_key_id = key_id;
  return c;
}

Caller AppFixture::role_only(auth::Role role, const std::string& name) {
  Caller c;
  c.name = name;
  c.role = role;
  c.user_id = 1000;
  return c;
}

std::vector<audit::AuditEntry> AppFixture::audit_entries(int64_t after_id) {
  auto r = audit::AuditLog(*db_).list(after_id, 1'000'000);
  EXPECT_TRUE(r) << r.error().message;
  return r ? *r : std::vector<audit::AuditEntry>{};
}

int64_t AppFixture::last_audit_id() {
  auto all = audit_entries();
  return all.empty() ? 0 : all.back().id;
}

std::vector<audit::AuditEntry> AppFixture::audit_after(int64_t mark, const std::string& action) {
  std::vector<audit::AuditEntry> out;
  for (auto& e : audit_entries(mark))
    if (action.empty() || e.action == action) out.push_back(std::move(e));
  return out;
}

void AppFixture::login_agent(core::AgentId a, bool ready) {
  auto r = call<AgentInfo>([&](Reply<AgentInfo> reply) {
    agents_->set_presence(admin_, SetPresence{a, Presence::kLogin, ready, {}}, std::move(reply));
  });
  EXPECT_TRUE(r) << "login agent " << a << ": " << r.error().message;
}

core::ContactId AppFixture::create_contact(core::QueueId q, const std::string& customer) {
  CreateContact in;
  in.spec.queue = q;
  in.spec.customer_id = customer;
  auto r = call<CreatedContact>([&](Reply<CreatedContact> reply) { contacts_->create(admin_, in, std::move(reply)); });
  EXPECT_TRUE(r) << "create in queue " << q << ": " << r.error().message;
  return r ? r->contact.id : core::kNoContact;
}

ContactInfo AppFixture::get_contact(core::ContactId id) {
  auto r = call<ContactInfo>([&](Reply<ContactInfo> reply) { contacts_->get(admin_, id, std::move(reply)); });
  EXPECT_TRUE(r) << "get " << id << ": " << r.error().message;
  return r ? *r : ContactInfo{};
}

ContactInfo AppFixture::act(ContactAction action, core::ContactId id, core::AgentId agent) {
  ActOnContact in;
  in.action = action;
  in.contact = id;
  in.agent = agent;
  auto r = call<ContactInfo>([&](Reply<ContactInfo> reply) { contacts_->act(admin_, in, std::move(reply)); });
  EXPECT_TRUE(r) << "action " << static_cast<int>(action) << " on " << id << ": " << r.error().message;
  return r ? *r : ContactInfo{};
}

// ---- feed helpers -------------------------------------------------------------

std::string encode_for_test(const core::Event& e) {
  return std::to_string(e.seq) + " " + std::string(core::to_string(e.type())) + " " + std::to_string(e.agent()) +
         " " + std::to_string(e.queue());
}

uint64_t seq_of(const std::string& encoded) { return std::stoull(encoded.substr(0, encoded.find(' '))); }

std::function<bool(std::shared_ptr<const std::string>)> Received::sink() {
  return [s = state_, open = open_](std::shared_ptr<const std::string> text) {
    if (!open->load()) return false;
    {
      std::lock_guard lk(s->mu);
      s->events.push_back(*text);
    }
    s->cv.notify_all();
    return true;
  };
}

std::vector<std::string> Received::events() const {
  std::lock_guard lk(state_->mu);
  return state_->events;
}

std::vector<uint64_t> Received::seqs() const {
  std::vector<uint64_t> out;
  for (const std::string& e : events()) out.push_back(seq_of(e));
  return out;
}

bool Received::wait_for_seq(uint64_t seq, std::chrono::milliseconds timeout) {
  std::unique_lock lk(state_->mu);
  return state_->cv.wait_for(lk, timeout, [&] {
    for (const std::string& e : state_->events)
      if (seq_of(e) >= seq) return true;
    return false;
  });
}

bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
  const int64_t deadline_ns = monotonic_ns() + std::chrono::nanoseconds(timeout).count();
  while (!pred()) {
    if (monotonic_ns() >= deadline_ns) return pred();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

}  // namespace switchyard::app::testing
