#pragma once
// The fixture of the ContactService tests (contact_service_test.cc,
// contact_keys_test.cc): the demo center on a real runtime with a manual
// clock, short key windows, and one helper per service call.
#include "app/app_test_util.h"
#include "eventlog/idempotency.h"

namespace switchyard::app::testing {

class ContactServiceTest : public AppFixture {
 protected:
  void SetUp() override {
    contact_options().recent_window_ms = 1'000;     // keys leave memory after 1 s (manual clock)
    contact_options().idempotency_ttl_ms = 60'000;  // and the store after 1 min
    contact_options().prune_chunk = 2;              // several transactions in a test
    AppFixture::SetUp();
  }

  Result<CreatedContact> create(const Caller& c, CreateContact in) {
    return call<CreatedContact>([&](Reply<CreatedContact> r) { contacts_->create(c, std::move(in), std::move(r)); });
  }
  static CreateContact spec(core::QueueId q, const std::string& customer = "cust-1", const std::string& key = {},
                            const std::string& hash = {}) {
    CreateContact in;
    in.spec.queue = q;
    in.spec.customer_id = customer;
    in.idempotency_key = key;
    in.request_hash = hash;
    return in;
  }
  Result<ContactInfo> get(const Caller& c, core::ContactId id) {
    return call<ContactInfo>([&](Reply<ContactInfo> r) { contacts_->get(c, id, std::move(r)); });
  }
  Result<ContactInfo> act_as(const Caller& c, ContactAction action, core::ContactId id,
                             std::optional<core::AgentId> agent = std::nullopt) {
    ActOnContact in;
    in.action = action;
    in.contact = id;
    in.agent = agent;
    return act_with(c, in);
  }
  Result<ContactInfo> act_with(const Caller& c, ActOnContact in) {
    return call<ContactInfo>([&](Reply<ContactInfo> r) { contacts_->act(c, in, std::move(r)); });
  }
  Result<ContactInfo> abandon(const Caller& c, core::ContactId id) {
    return call<ContactInfo>([&](Reply<ContactInfo> r) { contacts_->abandon(c, id, std::move(r)); });
  }
  Result<ContactInfo> callback(const Caller& c, core::ContactId id) {
    return call<ContactInfo>([&](Reply<ContactInfo> r) { contacts_->request_callback(c, id, std::move(r)); });
  }
  Result<std::vector<history::ContactRecord>> customer(const Caller& c, const std::string& id, size_t limit = 100) {
    return call<std::vector<history::ContactRecord>>(
        [&](Reply<std::vector<history::ContactRecord>> r) { contacts_->customer_history(c, id, limit, std::move(r)); });
  }
  Result<std::vector<ContactInfo>> offers(const Caller& c, core::AgentId a) {
    return call<std::vector<ContactInfo>>(
        [&](Reply<std::vector<ContactInfo>> r) { contacts_->offers(c, a, std::move(r)); });
  }
  uint32_t waiting(core::QueueId q) {
    auto v = on_engine<uint32_t>([q](server::TaskContext& ctx) -> Result<uint32_t> {
      return ctx.engine.queue(q)->waiting;
    });
    EXPECT_TRUE(v);
    return v ? *v : 0;
  }
  // A billing contact accepted by agent01 (logged in first).
  core::ContactId accepted_by_agent01(const std::string& customer = "cust-1") {
    login_agent(agent_id(1));
    core::ContactId id = create_contact(kBilling, customer);
    EXPECT_EQ(act(ContactAction::kAccept, id, agent_id(1)).state, core::ContactState::kAccepted);
    return id;
  }
};

}  // namespace switchyard::app::testing
