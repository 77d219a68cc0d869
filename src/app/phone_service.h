#pragma once
// Agents' phones (docs/voice.md, "Phones"): the SIP credentials a softphone
// registers with, managed through the API, kept in module "voice" as HA1
// only; the voice edge is told of every change and says whether a phone is
// registered.
//
// Rules: setting or removing a phone needs kWriteConfig (admins); reading
// one needs kAgentPresence in scope (the agent, their team lead, admins).
// A username is 1..64 of [A-Za-z0-9._+-] and belongs to one agent; a
// password is 8..128 characters. Every change is audited (phone.set,
// phone.remove).
//
// Threading: any thread; replies on service threads; the change listener is
// called on a store worker after the change is stored.
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/caller.h"
#include "app/runtime.h"
#include "voice/phone_book.h"

namespace switchyard::app {

struct PhoneRegistration {
  std::string contact;  // the URI it registered
  std::string source;   // host:port its REGISTER came from
  int64_t expires_ms = 0;
};

struct PhoneInfo {
  std::string agent;
  std::string username;
  int64_t updated_ms = 0;
  std::optional<PhoneRegistration> registration;  // nullopt: not registered now
};

class PhoneService {
 public:
  PhoneService(Runtime& rt, std::string realm);
  // At start, before serving: the stored phones.
  Result<void> load(storage::SqlDriver& db);
  void set(const Caller& c, core::AgentId agent, std::string username, std::string password, Reply<PhoneInfo> reply);
  void remove(const Caller& c, core::AgentId agent, Reply<void> reply);
  void get(const Caller& c, core::AgentId agent, Reply<PhoneInfo> reply);

  std::vector<voice::PhoneRow> phones() const;
  const std::string& realm() const { return realm_; }
  // The edge: called with every phone after each change.
  void on_change(std::function<void(std::vector<voice::PhoneRow>)> f);
  // The edge: whether an agent's phone is registered now.
  void set_status(std::function<std::optional<PhoneRegistration>(const std::string& agent)> f);

 private:
  void with_agent(const Caller& c, core::AgentId agent, auth::Permission p, Reply<std::string> reply);
  void changed();

  Runtime& rt_;
  std::string realm_;
  mutable std::mutex mu_;
  std::vector<voice::PhoneRow> rows_;
  std::function<void(std::vector<voice::PhoneRow>)> on_change_;
  std::function<std::optional<PhoneRegistration>(const std::string&)> status_;
};

}  // namespace switchyard::app
