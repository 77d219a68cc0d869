#include "app/notify_service.h"

#include <algorithm>

#include "auth/account_repository.h"
#include "notify/notify_json.h"

namespace switchyard::app {

namespace {

constexpr size_t kFirstFrameItems = 20;
constexpr size_t kCatchUpBatch = 200;

Result<void> may_read(const Caller& c) {
  if (auto ok = require(c, auth::Permission::kReadNotifications); !ok) return ok;
  if (c.user_id == 0) return make_error(ErrorCode::kPermissionDenied, "notifications are for users, not API keys");
  return {};
}

}  // namespace

void NotifyService::list(const Caller& c, bool unread_only, int64_t before_id, size_t limit,
                         Reply<NotificationPage> reply) {
  if (auto ok = may_read(c); !ok) return reply(std::unexpected(ok.error()));
  if (limit < 1 || limit > 200) return reply(make_error(ErrorCode::kInvalidArgument, "1..200", "limit"));
  if (before_id < 0) return reply(make_error(ErrorCode::kInvalidArgument, "an id >= 0", "before"));
  on_store<NotificationPage>(
      rt_,
      [user = c.user_id, unread_only, before_id, limit](storage::SqlDriver& db) -> Result<NotificationPage> {
        notify::NotifyRepository repo(db);
        NotificationPage page;
        auto items = repo.list(user, unread_only, before_id, limit);
        if (!items) return std::unexpected(items.error());
        auto unread = repo.unread(user);
        if (!unread) return std::unexpected(unread.error());
        page.items = std::move(*items);
        page.unread = *unread;
        return page;
      },
      std::move(reply));
}

void NotifyService::mark_read(const Caller& c, std::vector<int64_t> ids, bool all, Reply<int64_t> reply) {
  if (auto ok = may_read(c); !ok) return reply(std::unexpected(ok.error()));
  if (!all && ids.empty()) return reply(make_error(ErrorCode::kInvalidArgument, "ids or all", "ids"));
  if (ids.size() > 200) return reply(make_error(ErrorCode::kInvalidArgument, "at most 200 ids", "ids"));
  on_store<int64_t>(
      rt_,
      [this, user = c.user_id, ids = std::move(ids), all](storage::SqlDriver& db) -> Result<int64_t> {
        notify::NotifyRepository repo(db);
        const int64_t now = rt_.clock.now_ms();
        auto changed = all ? repo.mark_all_read(user, now) : repo.mark_read(user, ids, now);
        if (!changed) return std::unexpected(changed.error());
        auto unread = repo.unread(user);
        if (!unread) return std::unexpected(unread.error());
        if (*changed > 0) push_unread(user, *unread);
        return *unread;
      },
      std::move(reply));
}

Result<uint64_t> NotifyService::subscribe(const Caller& c, Send send) {
  if (auto ok = may_read(c); !ok) return std::unexpected(ok.error());
  auto s = std::make_shared<Sub>();
  s->user = c.user_id;
  s->send = std::move(send);
  uint64_t id = 0;
  {
    std::lock_guard lk(mu_);
    id = next_id_++;
    subs_[id] = s;
  }
  sync(s);
  return id;
}

void NotifyService::unsubscribe(uint64_t id) {
  std::lock_guard lk(mu_);
  if (auto it = subs_.find(id); it != subs_.end()) {
    it->second->closed = true;
    subs_.erase(it);
  }
}

size_t NotifyService::subscribers() const {
  std::lock_guard lk(mu_);
  return subs_.size();
}

void NotifyService::delivered(std::span<const int64_t> users) {
  std::vector<std::shared_ptr<Sub>> hit;
  {
    std::lock_guard lk(mu_);
    for (const auto& [id, s] : subs_)
      if (std::find(users.begin(), users.end(), s->user) != users.end()) hit.push_back(s);
  }
  for (auto& s : hit) sync(std::move(s));
}

void NotifyService::sync(std::shared_ptr<Sub> s) {
  {
    std::lock_guard lk(mu_);
    if (s->closed) return;
    if (s->running) {
      s->again = true;
      return;
    }
    s->running = true;
  }
  rt_.store.post([this, s](storage::SqlDriver& db) {
    notify::NotifyRepository repo(db);
    int64_t last = 0;
    {
      std::lock_guard lk(mu_);
      last = s->last_sent;
    }
    std::vector<std::string> frames;
    auto unread = repo.unread(s->user);
    if (last < 0) {
      auto newest = repo.list(s->user, false, 0, kFirstFrameItems);
      if (newest && unread) {
        frames.push_back(notify::initial_frame(*newest, *unread));
        last = newest->empty() ? 0 : newest->front().id;
      }
    } else if (unread) {
      // Catch up in batches; the unread count is the one now, sent with each.
      for (;;) {
        auto batch = repo.after(s->user, last, kCatchUpBatch);
        if (!batch) break;
        for (const notify::Notification& n : *batch) {
          frames.push_back(notify::item_frame(n, *unread));
          last = n.id;
        }
        if (batch->size() < kCatchUpBatch) break;
      }
    }
    bool ok = true;
    for (std::string& f : frames)
      if (ok) ok = s->send(std::make_shared<const std::string>(std::move(f)));
    bool again = false;
    {
      std::lock_guard lk(mu_);
      s->running = false;
      if (last >= 0) s->last_sent = std::max(s->last_sent, last);
      again = s->again && !s->closed && ok;
      s->again = false;
    }
    if (again) sync(s);
  });
}

void NotifyService::push_unread(int64_t user, int64_t unread) {
  std::vector<std::shared_ptr<Sub>> hit;
  {
    std::lock_guard lk(mu_);
    for (const auto& [id, s] : subs_)
      if (s->user == user && s->last_sent >= 0) hit.push_back(s);
  }
  auto frame = std::make_shared<const std::string>(notify::unread_frame(unread));
  for (auto& s : hit) s->send(frame);
}

void NotifyService::prune(storage::SqlDriver& db) {
  notify::NotifyRepository(db).prune(rt_.clock.now_ms() - opts_.keep_days * 86'400'000);
}

Result<std::vector<int64_t>> users_of_agent(storage::SqlDriver& db, core::AgentId agent) {
  std::vector<int64_t> out;
  if (agent == core::kNoId) return out;
  auto users = auth::AccountRepository(db).list_users();
  if (!users) return std::unexpected(users.error());
  for (const auth::User& u : *users)
    if (u.agent == agent) out.push_back(u.id);
  return out;
}

Result<std::vector<int64_t>> leads_of_team(storage::SqlDriver& db, core::TeamId team) {
  std::vector<int64_t> out;
  if (team == core::kNoId) return out;
  auto users = auth::AccountRepository(db).list_users();
  if (!users) return std::unexpected(users.error());
  for (const auth::User& u : *users)
    if (u.team == team && u.role == auth::to_string(auth::Role::kTeamLead)) out.push_back(u.id);
  return out;
}

}  // namespace switchyard::app
