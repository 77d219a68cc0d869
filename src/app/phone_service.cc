#include "app/phone_service.h"

#include <algorithm>

#include "audit/audit_log.h"
#include "voice/digest.h"

namespace switchyard::app {

using auth::Permission;

namespace {

Result<void> check_username(const std::string& u) {
  if (u.empty() || u.size() > 64) return make_error(ErrorCode::kInvalidArgument, "must be 1..64 characters", "username");
  for (char ch : u)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' || ch == '-' || ch == '+'))
      return make_error(ErrorCode::kInvalidArgument, "only letters, digits and . _ - +", "username");
  return {};
}

}  // namespace

PhoneService::PhoneService(Runtime& rt, std::string realm) : rt_(rt), realm_(std::move(realm)) {}

Result<void> PhoneService::load(storage::SqlDriver& db) {
  auto rows = voice::PhoneBook(db).list();
  if (!rows) return std::unexpected(rows.error());
  std::lock_guard lock(mu_);
  rows_ = std::move(*rows);
  return {};
}

std::vector<voice::PhoneRow> PhoneService::phones() const {
  std::lock_guard lock(mu_);
  return rows_;
}

void PhoneService::on_change(std::function<void(std::vector<voice::PhoneRow>)> f) {
  std::lock_guard lock(mu_);
  on_change_ = std::move(f);
}

void PhoneService::set_status(std::function<std::optional<PhoneRegistration>(const std::string&)> f) {
  std::lock_guard lock(mu_);
  status_ = std::move(f);
}

void PhoneService::changed() {
  std::function<void(std::vector<voice::PhoneRow>)> f;
  std::vector<voice::PhoneRow> rows;
  {
    std::lock_guard lock(mu_);
    f = on_change_;
    rows = rows_;
  }
  if (f) f(std::move(rows));
}

// The agent's name when `c` may use `p` on it.
void PhoneService::with_agent(const Caller& c, core::AgentId agent, Permission p, Reply<std::string> reply) {
  if (auto ok = require(c, p); !ok) return reply(std::unexpected(ok.error()));
  on_engine<std::string>(
      rt_,
      [c, agent, p](server::TaskContext& ctx) -> Result<std::string> {
        const core::AgentConfig* a = ctx.engine.agent_config(agent);
        if (!a) return make_error(ErrorCode::kNotFound, "agent not found", "id");
        if (!agent_in_scope(ctx.engine, c, p, agent)) return make_error(ErrorCode::kPermissionDenied, "not in your scope", "id");
        return a->name;
      },
      std::move(reply));
}

void PhoneService::set(const Caller& c, core::AgentId agent, std::string username, std::string password, Reply<PhoneInfo> reply) {
  if (auto ok = check_username(username); !ok) return reply(std::unexpected(ok.error()));
  if (password.size() < 8 || password.size() > 128)
    return reply(make_error(ErrorCode::kInvalidArgument, "must be 8..128 characters", "password"));
  std::string ha1 = voice::digest_ha1(username, realm_, password);
  with_agent(c, agent, Permission::kWriteConfig,
             [this, c, username = std::move(username), ha1 = std::move(ha1), reply = std::move(reply)](Result<std::string> name) {
               if (!name) return reply(std::unexpected(name.error()));
               rt_.store.post([this, c, name = *name, username, ha1, reply](storage::SqlDriver& db) {
                 voice::PhoneRow row{name, username, ha1, rt_.clock.now_ms()};
                 auto r = db.in_transaction([&]() -> Result<void> {
                   if (auto p = voice::PhoneBook(db).put(row); !p) return p;
                   auto a = audit::AuditLog(db).append({0, row.updated_ms, c.name, "phone.set", "agent:" + name, "username " + username, 0});
                   if (!a) return std::unexpected(a.error());
                   return {};
                 });
                 if (!r) return reply(std::unexpected(r.error()));
                 {
                   std::lock_guard lock(mu_);
                   std::erase_if(rows_, [&](const voice::PhoneRow& x) { return x.agent == name; });
                   rows_.push_back(row);
                 }
                 changed();
                 reply(PhoneInfo{name, username, row.updated_ms, std::nullopt});
               });
             });
}

void PhoneService::remove(const Caller& c, core::AgentId agent, Reply<void> reply) {
  with_agent(c, agent, Permission::kWriteConfig, [this, c, reply = std::move(reply)](Result<std::string> name) {
    if (!name) return reply(std::unexpected(name.error()));
    rt_.store.post([this, c, name = *name, reply](storage::SqlDriver& db) {
      auto r = db.in_transaction([&]() -> Result<void> {
        if (auto p = voice::PhoneBook(db).remove(name); !p) return p;
        auto a = audit::AuditLog(db).append({0, rt_.clock.now_ms(), c.name, "phone.remove", "agent:" + name, "", 0});
        if (!a) return std::unexpected(a.error());
        return {};
      });
      if (!r) return reply(std::unexpected(r.error()));
      {
        std::lock_guard lock(mu_);
        std::erase_if(rows_, [&](const voice::PhoneRow& x) { return x.agent == name; });
      }
      changed();
      reply({});
    });
  });
}

void PhoneService::get(const Caller& c, core::AgentId agent, Reply<PhoneInfo> reply) {
  with_agent(c, agent, Permission::kAgentPresence, [this, reply = std::move(reply)](Result<std::string> name) {
    if (!name) return reply(std::unexpected(name.error()));
    std::optional<voice::PhoneRow> row;
    std::function<std::optional<PhoneRegistration>(const std::string&)> status;
    {
      std::lock_guard lock(mu_);
      for (const voice::PhoneRow& r : rows_)
        if (r.agent == *name) row = r;
      status = status_;
    }
    if (!row) return reply(make_error(ErrorCode::kNotFound, "this agent has no phone", "id"));
    reply(PhoneInfo{row->agent, row->username, row->updated_ms, status ? status(row->agent) : std::nullopt});
  });
}

}  // namespace switchyard::app
