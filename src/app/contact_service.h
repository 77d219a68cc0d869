#pragma once
// Contacts: create (idempotent per caller), read (live from the engine, or
// from history once ended), the agent's actions on it, the customer's
// (abandon, callback), the customer's history and an agent's offers.
//
// Rules that live here and nowhere else:
// - a contact without a channel takes its queue's;
// - an idempotency key is scoped to the caller; a retry with the same body
//   gets the same contact back (replay = true), the same key with another
//   body is kUnprocessable naming "Idempotency-Key"; keys are kept
//   `idempotency_ttl_ms` in the store and, while their commit may still be in
//   flight, in a bounded in-memory set (`recent_window_ms`); a fixed-size
//   filter of the keys used in the TTL spares the store look-up for a key
//   that was never used;
// - the acting agent of an action is the one named, or the caller's own; it
//   must be in the caller's scope (own agent, own team, or all);
// - a contact is visible to a caller when its agent is in scope (a contact
//   nobody holds: scope all only).
//
// Threading: every method from any thread; replies arrive on service threads.
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/caller.h"
#include "app/key_filter.h"
#include "app/runtime.h"
#include "core/engine.h"
#include "history/contact_history.h"

namespace switchyard::app {

// A contact as a caller sees it: live (engine) or ended (history).
struct ContactInfo {
  core::ContactId id = core::kNoContact;
  core::ContactState state = core::ContactState::kQueued;
  std::optional<core::ContactView> live;
  std::optional<core::WaitEstimate> wait;          // live and queued
  std::optional<history::ContactRecord> record;    // ended
  // Admitted only by the peer-review rule (ContactService::get_for_review): the
  // caller is a teammate of the contact's agent, not in the caller's own scope.
  bool peer_review = false;
};

struct CreateContact {
  core::ContactSpec spec;       // queue resolved; channel used only when channel_given
  bool channel_given = false;
  std::string idempotency_key;  // empty: none
  std::string request_hash;     // identifies the request (e.g. SHA-256 of its body)
};

struct CreatedContact {
  ContactInfo contact;
  std::optional<int64_t> ewt_ms;  // announced estimate; nullopt = unknown
  uint32_t position = 0;          // 1-based; 0 = not waiting
  std::string refused_reason;     // when refused
  bool replay = false;            // an idempotent retry: nothing was created
};

enum class ContactAction { kAccept, kReject, kHold, kResume, kEnd, kWrapUp, kTransfer };

struct ActOnContact {
  ContactAction action = ContactAction::kAccept;
  core::ContactId contact = core::kNoContact;
  std::optional<core::AgentId> agent;  // nullopt: the caller's own agent
  std::string disposition;             // kWrapUp
  core::QueueId target = core::kNoId;  // kTransfer: the queue (kNoId with to_agent: the current one)
  bool keep_place = false;             // kTransfer
  core::AgentId to_agent = core::kNoId;  // kTransfer to an agent (Engine::TransferTo)
  int64_t wait_ms = 30'000;              // ... how long the contact waits for it alone
};

class ContactService {
 public:
  struct Options {
    int64_t idempotency_ttl_ms = 24 * 3600 * 1000;
    // In-memory keys: they cover a key between its creation and its commit
    // (milliseconds; seconds under overload). Older keys are found in the
    // store. Memory: about 300 bytes x contacts/s x window.
    int64_t recent_window_ms = 30'000;
    // Bits per generation of the filter of used keys (key_filter.h; three
    // generations): 2^25 bits is 12 MB and keeps false "maybe"s near 1% up to
    // ~3.5 million keys per half TTL.
    uint64_t filter_bits = uint64_t{1} << 25;
    int64_t prune_chunk = 10'000;  // keys forgotten per transaction at most (>= 1)
  };
  ContactService(Runtime& rt, Options opts);

  void create(const Caller& c, CreateContact in, Reply<CreatedContact> reply);
  void get(const Caller& c, core::ContactId id, Reply<ContactInfo> reply);
  // get() widened for a peer review (docs/quality.md, "Peer review"): an agent
  // with kReadEvaluations also reads an ended contact that a teammate handled
  // (same team now, not the caller's own; answered with peer_review = true).
  // Live contacts and other teams' stay refused as in get(). The media routes
  // use it and audit what a peer opens.
  void get_for_review(const Caller& c, core::ContactId id, Reply<ContactInfo> reply);
  void act(const Caller& c, ActOnContact in, Reply<ContactInfo> reply);
  // The customer left while waiting or ringing / asked for a callback.
  void abandon(const Caller& c, core::ContactId id, Reply<ContactInfo> reply);
  void request_callback(const Caller& c, core::ContactId id, Reply<ContactInfo> reply);
  // The customer's contacts in the caller's scope, newest first; all of them
  // while an agent in the caller's scope holds a live contact of this
  // customer (the contact panel of the agent desk).
  void customer_history(const Caller& c, std::string customer_id, size_t limit,
                        Reply<std::vector<history::ContactRecord>> reply);
  // The contacts offered to (ringing at) `agent`.
  void offers(const Caller& c, core::AgentId agent, Reply<std::vector<ContactInfo>> reply);
  // Wrap-up dispositions: `check(queue, code)` runs on the engine thread
  // before a wrap-up; false refuses it (kInvalidArgument naming
  // "disposition"). Set once before serving (the desk's codes, chat_service.h).
  void set_disposition_check(std::function<bool(core::QueueId, std::string_view)> check) {
    disposition_check_ = std::move(check);
  }

  // Store maintenance (bulk lane): forgets keys past the TTL, at most
  // `prune_chunk` per transaction, calling `between_chunks` between two (the
  // server pauses there, so a group commit waiting for SQLite's write lock
  // gets it). Returns how many keys it forgot.
  Result<uint64_t> prune_keys(storage::SqlDriver& db, const std::function<void()>& between_chunks = {});
  // At start (bulk lane): loads the keys of the last TTL into the filter of
  // used keys; until it has, every keyed create looks its key up.
  void warm_up(storage::SqlDriver& db);
  bool warmed_up() const { return used_.ready(); }
  size_t recent_keys() const;

 private:
  struct Recent {
    std::string hash;
    core::ContactId contact;
  };
  // On the engine thread: the existing contact for a key, if any.
  std::optional<Result<core::ContactId>> recent_key(const std::string& scoped_key, const std::string& hash);
  void remember_key(const std::string& scoped_key, const std::string& hash, core::ContactId id, int64_t now_ms);
  void create_on_engine(const Caller& c, CreateContact in, Reply<CreatedContact> reply);
  void replay(const Caller& c, core::ContactId id, Reply<CreatedContact> reply);
  // `peer`: also admit a teammate's ended contact (get_for_review).
  void from_history(const Caller& c, core::ContactId id, uint64_t seq, bool peer, Reply<ContactInfo> reply);
  void get_as(const Caller& c, core::ContactId id, bool peer, Reply<ContactInfo> reply);

  Runtime& rt_;
  Options opts_;
  std::function<bool(core::QueueId, std::string_view)> disposition_check_;
  KeyFilter used_;  // keys used in the last TTL: "no" skips the store look-up
  mutable std::mutex mu_;
  std::unordered_map<std::string, Recent> recent_;          // guarded by mu_: scoped key ->
  std::deque<std::pair<int64_t, std::string>> recent_order_;  // guarded by mu_: (time, scoped key)
};

// The engine's view of `id` for a caller (engine thread): live, or nullopt
// when the engine no longer holds it.
std::optional<ContactInfo> live_contact(const core::Engine& e, core::ContactId id);

}  // namespace switchyard::app
