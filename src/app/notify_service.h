#pragma once
// Personal notifications (docs/api.md, "Notifications"): what module "notify"
// keeps for each user, listed and marked read over REST and pushed live over
// the WebSocket /api/v1/notifications/socket.
//
// Writers (e.g. WfmService) stage notifications in their own transaction
// (notify::NotifyRepository::stage) and, once it has committed, call
// `delivered(users)`: each live subscription of those users then reads what
// it has not sent yet, in id order. A subscription's reads run one at a time
// (a delivery arriving meanwhile runs again after), so nothing is sent twice
// or skipped; its first frame is the newest 20 and the unread count.
//
// Permission: kReadNotifications (every user role, one's own only; API keys
// have no user and none).
//
// Threading: every method from any thread; replies and sends on store workers.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <unordered_map>
#include <vector>

#include "app/caller.h"
#include "app/runtime.h"
#include "notify/notify_store.h"

namespace switchyard::app {

struct NotificationPage {
  int64_t unread = 0;
  std::vector<notify::Notification> items;  // newest first
};

class NotifyService {
 public:
  using Send = std::function<bool(std::shared_ptr<const std::string>)>;
  struct Options {
    int64_t keep_days = 90;  // notifications older than this are pruned (read or not)
  };
  NotifyService(Runtime& rt, Options o) : rt_(rt), opts_(o) {}
  explicit NotifyService(Runtime& rt) : NotifyService(rt, Options{}) {}

  // The caller's notifications with id < before_id (0: newest), at most
  // `limit` (1..200), unread ones only when asked.
  void list(const Caller& c, bool unread_only, int64_t before_id, size_t limit, Reply<NotificationPage> reply);
  // Marks the caller's `ids` (or all when `all`) read; answers the unread
  // count left, which every live subscription of the caller hears too.
  void mark_read(const Caller& c, std::vector<int64_t> ids, bool all, Reply<int64_t> reply);

  // Starts a live subscription for the caller: the first frame, then one per
  // new notification. kPermissionDenied without a user.
  Result<uint64_t> subscribe(const Caller& c, Send send);
  void unsubscribe(uint64_t id);
  // Committed notifications were addressed to `users`: their subscriptions catch up.
  void delivered(std::span<const int64_t> users);
  // Deletes notifications older than keep_days (store thread).
  void prune(storage::SqlDriver& db);
  size_t subscribers() const;

 private:
  struct Sub {
    int64_t user = 0;
    Send send;
    int64_t last_sent = -1;  // -1: the first frame is not sent yet
    bool running = false, again = false, closed = false;
  };
  void sync(std::shared_ptr<Sub> s);
  void push_unread(int64_t user, int64_t unread);

  Runtime& rt_;
  Options opts_;
  mutable std::mutex mu_;
  uint64_t next_id_ = 1;                                       // guarded by mu_
  std::unordered_map<uint64_t, std::shared_ptr<Sub>> subs_;    // guarded by mu_
};

// Whom to tell (store thread; reads module "auth"'s users): the users who
// work as `agent`, and the team leads of `team` (none for kNoId).
Result<std::vector<int64_t>> users_of_agent(storage::SqlDriver& db, core::AgentId agent);
Result<std::vector<int64_t>> leads_of_team(storage::SqlDriver& db, core::TeamId team);

}  // namespace switchyard::app
