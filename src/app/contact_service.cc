#include "app/contact_service.h"

#include "eventlog/idempotency.h"

namespace switchyard::app {

using auth::Permission;

namespace {

std::unexpected<Error> not_found(std::string what, std::string field) {
  return make_error(ErrorCode::kNotFound, what + " not found", std::move(field));
}

std::unexpected<Error> key_reused() {
  return make_error(ErrorCode::kUnprocessable,
                    "this Idempotency-Key was used for a different request; use a new key",
                    "Idempotency-Key");
}

// A contact the engine no longer holds, as an action reports it.
ContactInfo gone(core::ContactId id, core::ContactState state) {
  ContactInfo i;
  i.id = id;
  i.state = state;
  return i;
}

// The acting agent of an action: the one named, or the caller's own, in scope.
Result<core::AgentId> acting_agent(const core::Engine& e, const Caller& c, std::optional<core::AgentId> named,
                                   Permission p) {
  core::AgentId a = named.value_or(c.agent);
  if (a == core::kNoId) return make_error(ErrorCode::kInvalidArgument, "name the agent", "agent");
  if (a >= e.agent_count()) return not_found("agent", "agent");
  if (!agent_in_scope(e, c, p, a)) return make_error(ErrorCode::kPermissionDenied, "not your agent", "agent");
  return a;
}

}  // namespace

std::optional<ContactInfo> live_contact(const core::Engine& e, core::ContactId id) {
  auto v = e.contact(id);
  if (!v) return std::nullopt;
  ContactInfo i;
  i.id = id;
  i.state = v->state;
  if (v->state == core::ContactState::kQueued)
    if (auto w = e.wait_estimate(id)) i.wait = *w;
  i.live = std::move(*v);
  return i;
}

ContactService::ContactService(Runtime& rt, Options opts)
    : rt_(rt), opts_(opts), used_(opts.filter_bits, opts.idempotency_ttl_ms) {}

namespace {
// A key as remembered in memory and in the filter: the caller's identity, then the key.
std::string scoped_key(const std::string& caller, const std::string& key) { return caller + "\n" + key; }
std::string scoped_key(const Caller& c, const std::string& key) { return scoped_key(c.identity(), key); }
}  // namespace

void ContactService::warm_up(storage::SqlDriver& db) {
  auto r = eventlog::IdempotencyKeys(db).for_each_since(
      rt_.clock.now_ms() - opts_.idempotency_ttl_ms, [&](const eventlog::IdempotencyEntry& e) {
        used_.add(scoped_key(e.caller, e.key), e.created_ms);
        return true;
      });
  if (r) used_.set_ready();  // else: look-ups for every key, as before
}

// ---- idempotency ------------------------------------------------------------

std::optional<Result<core::ContactId>> ContactService::recent_key(const std::string& scoped_key,
                                                                  const std::string& hash) {
  std::lock_guard lk(mu_);
  // Keys older than the window are not trusted from memory (their commit is
  // long done, and they may be past their TTL): forget them before looking,
  // not only when the next key is remembered.
  int64_t now_ms = rt_.clock.now_ms();  // engine thread
  while (!recent_order_.empty() && recent_order_.front().first < now_ms - opts_.recent_window_ms) {
    recent_.erase(recent_order_.front().second);
    recent_order_.pop_front();
  }
  auto it = recent_.find(scoped_key);
  if (it == recent_.end()) return std::nullopt;
  if (it->second.hash != hash) return Result<core::ContactId>(key_reused());
  return Result<core::ContactId>(it->second.contact);
}

void ContactService::remember_key(const std::string& scoped_key, const std::string& hash, core::ContactId id,
                                  int64_t now_ms) {
  std::lock_guard lk(mu_);
  recent_.insert_or_assign(scoped_key, Recent{hash, id});
  recent_order_.emplace_back(now_ms, scoped_key);
  // Bounded: a key leaves memory once its commit is long done (it is then
  // found in the store). Memory holds at most rate x window keys.
  while (!recent_order_.empty() && recent_order_.front().first < now_ms - opts_.recent_window_ms) {
    recent_.erase(recent_order_.front().second);
    recent_order_.pop_front();
  }
}

size_t ContactService::recent_keys() const {
  std::lock_guard lk(mu_);
  return recent_.size();
}

Result<uint64_t> ContactService::prune_keys(storage::SqlDriver& db, const std::function<void()>& between_chunks) {
  const int64_t before = rt_.clock.now_ms() - opts_.idempotency_ttl_ms;
  eventlog::IdempotencyKeys keys(db);
  const int64_t chunk = std::max<int64_t>(1, opts_.prune_chunk);
  uint64_t total = 0;
  for (;;) {
    auto n = keys.delete_before(before, chunk);
    if (!n) return std::unexpected(n.error());
    total += *n;
    if (*n < static_cast<uint64_t>(chunk)) return total;
    if (between_chunks) between_chunks();
  }
}

// ---- create ---------------------------------------------------------------------

void ContactService::create(const Caller& c, CreateContact in, Reply<CreatedContact> reply) {
  if (auto r = require(c, Permission::kCreateContact); !r) return reply(std::unexpected(r.error()));
  if (in.idempotency_key.empty()) return create_on_engine(c, std::move(in), std::move(reply));
  // A key may be in the store (older than the in-memory window) or in
  // memory (recent, perhaps not committed yet): look in both, store first.
  // A key the filter has never seen cannot be in either.
  if (!used_.maybe_contains(scoped_key(c, in.idempotency_key), rt_.clock.now_ms()))
    return create_on_engine(c, std::move(in), std::move(reply));
  std::string caller = c.identity();
  std::string key = in.idempotency_key;
  int64_t since = rt_.clock.now_ms() - opts_.idempotency_ttl_ms;
  on_store<std::optional<eventlog::IdempotencyEntry>>(
      rt_,
      [caller, key](storage::SqlDriver& db) { return eventlog::IdempotencyKeys(db).find(caller, key); },
      [this, c, in = std::move(in), since, reply = std::move(reply)](
          Result<std::optional<eventlog::IdempotencyEntry>> found) mutable {
        if (!found) return reply(std::unexpected(found.error()));
        if (*found && (*found)->created_ms >= since) {
          if ((*found)->request_hash != in.request_hash) return reply(key_reused());
          return replay(c, (*found)->contact, std::move(reply));
        }
        create_on_engine(c, std::move(in), std::move(reply));
      });
}

void ContactService::create_on_engine(const Caller& c, CreateContact in, Reply<CreatedContact> reply) {
  std::string scoped = in.idempotency_key.empty() ? std::string() : scoped_key(c, in.idempotency_key);
  auto replayed = std::make_shared<std::optional<core::ContactId>>();
  on_engine<CreatedContact>(
      rt_,
      [this, c, in = std::move(in), scoped, replayed](server::TaskContext& ctx) -> Result<CreatedContact> {
        core::Engine& e = ctx.engine;
        if (!scoped.empty()) {
          if (auto prior = recent_key(scoped, in.request_hash)) {
            if (!*prior) return std::unexpected(prior->error());
            *replayed = **prior;
            return CreatedContact{};
          }
        }
        core::ContactSpec spec = in.spec;
        const core::QueueConfig* q = e.queue_config(spec.queue);
        if (!q) return not_found("queue", "queue");
        if (!in.channel_given) spec.channel = q->channel;
        auto receipt = e.create_contact(spec);
        if (!receipt) return std::unexpected(receipt.error());
        if (!scoped.empty()) {
          remember_key(scoped, in.request_hash, receipt->id, ctx.now_ms());
          used_.add(scoped, ctx.now_ms());
          eventlog::IdempotencyKeys::stage(ctx.writes(), {c.identity(), in.idempotency_key, in.request_hash,
                                                          receipt->id, e.last_seq(), ctx.now_ms()});
        }
        CreatedContact out;
        if (auto live = live_contact(e, receipt->id)) out.contact = std::move(*live);
        else out.contact = gone(receipt->id, receipt->state);
        if (receipt->ewt_ms >= 0) out.ewt_ms = receipt->ewt_ms;
        out.position = receipt->position;
        out.refused_reason = receipt->reason;
        return out;
      },
      [this, c, replayed, reply = std::move(reply)](Result<CreatedContact> r) mutable {
        if (r && *replayed) return replay(c, **replayed, std::move(reply));
        reply(std::move(r));
      });
}

void ContactService::replay(const Caller& c, core::ContactId id, Reply<CreatedContact> reply) {
  // Roles that create contacts read every contact (auth/roles.cc).
  get(c, id, [reply = std::move(reply), id](Result<ContactInfo> info) {
    CreatedContact out;
    out.replay = true;
    if (info) out.contact = std::move(*info);
    else out.contact = gone(id, core::ContactState::kCompleted);
    reply(std::move(out));
  });
}

// ---- read ---------------------------------------------------------------------

void ContactService::get(const Caller& c, core::ContactId id, Reply<ContactInfo> reply) { get_as(c, id, false, std::move(reply)); }

void ContactService::get_for_review(const Caller& c, core::ContactId id, Reply<ContactInfo> reply) {
  // the peer rule is an agent's with the right to peer review; anyone else reads in scope
  const bool peer = c.agent != core::kNoId && c.team != core::kNoId && c.scope(Permission::kReadEvaluations) != auth::Scope::kNone;
  get_as(c, id, peer, std::move(reply));
}

void ContactService::get_as(const Caller& c, core::ContactId id, bool peer, Reply<ContactInfo> reply) {
  if (auto r = require(c, Permission::kReadContacts); !r) return reply(std::unexpected(r.error()));
  // Live in the engine, or else ended: then the history projection has it
  // once it has applied the events up to what the engine has seen.
  auto ended_at = std::make_shared<uint64_t>(0);
  on_engine<ContactInfo>(
      rt_,
      [c, id, ended_at](server::TaskContext& ctx) -> Result<ContactInfo> {
        auto info = live_contact(ctx.engine, id);
        if (!info) {
          *ended_at = ctx.engine.last_seq();
          return ContactInfo{};
        }
        if (!contact_in_scope(ctx.engine, c, Permission::kReadContacts, info->live->agent))
          return make_error(ErrorCode::kPermissionDenied, "not your contact", "id");
        return std::move(*info);
      },
      [this, c, id, peer, ended_at, reply = std::move(reply)](Result<ContactInfo> r) mutable {
        if (!r || *ended_at == 0) return reply(std::move(r));
        from_history(c, id, *ended_at, peer, std::move(reply));
      });
}

void ContactService::from_history(const Caller& c, core::ContactId id, uint64_t seq, bool peer, Reply<ContactInfo> reply) {
  rt_.projections.when_applied("history", seq, [this, c, id, peer, reply = std::move(reply)]() mutable {
    on_store<std::optional<history::ContactRecord>>(
        rt_, [id](storage::SqlDriver& db) { return history::HistoryRepository(db).contact(id); },
        [this, c, id, peer, reply = std::move(reply)](Result<std::optional<history::ContactRecord>> rec) mutable {
          if (!rec) return reply(std::unexpected(rec.error()));
          if (!*rec) return reply(not_found("contact", "id"));
          // The agent's team is engine state: check the scope there.
          on_engine<ContactInfo>(
              rt_,
              [c, peer, rec = std::move(**rec)](server::TaskContext& ctx) -> Result<ContactInfo> {
                ContactInfo i = gone(rec.id, rec.state);
                if (!contact_in_scope(ctx.engine, c, Permission::kReadContacts, rec.agent)) {
                  // a peer review: a teammate's contact once it has ended
                  const core::AgentConfig* cfg = rec.agent == core::kNoId ? nullptr : ctx.engine.agent_config(rec.agent);
                  if (!peer || !rec.ended_ms || rec.agent == c.agent || !cfg || cfg->team != c.team)
                    return make_error(ErrorCode::kPermissionDenied, "not your contact", "id");
                  i.peer_review = true;
                }
                i.record = rec;
                return i;
              },
              std::move(reply));
        });
  });
}

void ContactService::customer_history(const Caller& c, std::string customer_id, size_t limit,
                                      Reply<std::vector<history::ContactRecord>> reply) {
  if (auto r = require(c, Permission::kReadContacts); !r) return reply(std::unexpected(r.error()));
  using Records = std::vector<history::ContactRecord>;
  // Everything committed so far is reflected before the read.
  rt_.projections.when_applied("history", rt_.engine.durable_seq(), [this, c, customer_id, limit,
                                                                     reply = std::move(reply)]() mutable {
    on_store<Records>(
        rt_,
        [customer_id, limit](storage::SqlDriver& db) {
          return history::HistoryRepository(db).customer_contacts(customer_id, limit);
        },
        [this, c, customer_id, reply = std::move(reply)](Result<Records> recs) mutable {
          if (!recs) return reply(std::unexpected(recs.error()));
          on_engine<Records>(
              rt_,
              [c, customer_id, recs = std::move(*recs)](server::TaskContext& ctx) -> Result<Records> {
                const core::Engine& e = ctx.engine;
                // The contact at hand opens the customer's history: an agent in
                // the caller's scope who holds a live contact of this customer
                // sees every earlier contact of theirs, whoever handled it.
                bool serving = false;
                for (core::AgentId a = 0; a < e.agent_count() && !serving; ++a) {
                  if (!agent_in_scope(e, c, Permission::kReadContacts, a)) continue;
                  auto view = e.agent(a);
                  for (core::ContactId id : view->contacts)
                    if (auto cv = e.contact(id); cv && !customer_id.empty() && cv->customer_id == customer_id) serving = true;
                }
                Records out;
                for (const auto& r : recs)
                  if (serving || contact_in_scope(e, c, Permission::kReadContacts, r.agent)) out.push_back(r);
                return out;
              },
              std::move(reply));
        });
  });
}

void ContactService::offers(const Caller& c, core::AgentId agent, Reply<std::vector<ContactInfo>> reply) {
  if (auto r = require(c, Permission::kHandleContacts); !r) return reply(std::unexpected(r.error()));
  on_engine<std::vector<ContactInfo>>(
      rt_,
      [c, agent](server::TaskContext& ctx) -> Result<std::vector<ContactInfo>> {
        core::Engine& e = ctx.engine;
        auto view = e.agent(agent);
        if (!view) return not_found("agent", "id");
        if (!agent_in_scope(e, c, Permission::kHandleContacts, agent))
          return make_error(ErrorCode::kPermissionDenied, "not your agent", "id");
        std::vector<ContactInfo> out;
        for (core::ContactId id : view->contacts)
          if (auto i = live_contact(e, id); i && i->state == core::ContactState::kOffered && i->live->agent == agent)
            out.push_back(std::move(*i));
        return out;
      },
      std::move(reply));
}

// ---- changes --------------------------------------------------------------------

void ContactService::act(const Caller& c, ActOnContact in, Reply<ContactInfo> reply) {
  if (auto r = require(c, Permission::kHandleContacts); !r) return reply(std::unexpected(r.error()));
  on_engine<ContactInfo>(
      rt_,
      [this, c, in](server::TaskContext& ctx) -> Result<ContactInfo> {
        core::Engine& e = ctx.engine;
        auto a = acting_agent(e, c, in.agent, Permission::kHandleContacts);
        if (!a) return std::unexpected(a.error());
        if (in.action == ContactAction::kWrapUp && disposition_check_)
          if (auto v = e.contact(in.contact); v && !disposition_check_(v->queue, in.disposition))
            return make_error(ErrorCode::kInvalidArgument, "not one of the queue's disposition codes", "disposition");
        Result<void> r;
        switch (in.action) {
          case ContactAction::kAccept: r = e.accept(*a, in.contact); break;
          case ContactAction::kReject: r = e.reject(*a, in.contact); break;
          case ContactAction::kHold: r = e.hold(*a, in.contact); break;
          case ContactAction::kResume: r = e.resume(*a, in.contact); break;
          case ContactAction::kEnd: r = e.end_contact(*a, in.contact); break;
          case ContactAction::kWrapUp: r = e.end_wrapup(*a, in.contact, in.disposition); break;
          case ContactAction::kTransfer:
            r = e.transfer(*a, in.contact, core::Engine::TransferTo{in.target, in.to_agent, in.wait_ms, in.keep_place});
            break;
        }
        if (!r) return std::unexpected(r.error());
        if (auto i = live_contact(e, in.contact)) return std::move(*i);
        return gone(in.contact, core::ContactState::kCompleted);
      },
      std::move(reply));
}

void ContactService::abandon(const Caller& c, core::ContactId id, Reply<ContactInfo> reply) {
  if (auto r = require(c, Permission::kCreateContact); !r) return reply(std::unexpected(r.error()));
  on_engine<ContactInfo>(
      rt_,
      [id](server::TaskContext& ctx) -> Result<ContactInfo> {
        if (auto r = ctx.engine.abandon(id); !r) return std::unexpected(r.error());
        if (auto i = live_contact(ctx.engine, id)) return std::move(*i);
        return gone(id, core::ContactState::kAbandoned);
      },
      std::move(reply));
}

void ContactService::request_callback(const Caller& c, core::ContactId id, Reply<ContactInfo> reply) {
  if (auto r = require(c, Permission::kCreateContact); !r) return reply(std::unexpected(r.error()));
  on_engine<ContactInfo>(
      rt_,
      [id](server::TaskContext& ctx) -> Result<ContactInfo> {
        if (auto r = ctx.engine.request_callback(id); !r) return std::unexpected(r.error());
        if (auto i = live_contact(ctx.engine, id)) return std::move(*i);
        return gone(id, core::ContactState::kQueued);
      },
      std::move(reply));
}

}  // namespace switchyard::app
