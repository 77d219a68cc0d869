#include "app/chat_service.h"

#include <algorithm>

#include "app/chat_service_parts.h"
#include "auth/token.h"

namespace switchyard::app {

using chat_parts::audit;

namespace {

// Calls next(reply) once the engine has confirmed that `queue` is a chat
// queue; else replies kInvalidArgument naming "queue" (a widget on a voice
// queue would start contacts no agent can chat on).
void on_chat_queue(Runtime& rt, core::QueueId queue, Reply<chat::Widget> reply,
                   std::function<void(Reply<chat::Widget>)> next) {
  on_engine<bool>(
      rt,
      [queue](server::TaskContext& ctx) -> Result<bool> {
        const core::QueueConfig* q = ctx.engine.queue_config(queue);
        if (!q) return make_error(ErrorCode::kInvalidArgument, "no such queue", "queue");
        if (q->channel != core::Channel::kChat)
          return make_error(ErrorCode::kInvalidArgument,
                            "a widget's queue must be a chat queue, not " + std::string(core::to_string(q->channel)),
                            "queue");
        return true;
      },
      [reply = std::move(reply), next = std::move(next)](Result<bool> r) mutable {
        if (!r) return reply(std::unexpected(r.error()));
        next(std::move(reply));
      });
}

// Browsers send origins in lower case; an admin may type "https://Shop.example".
void lower_origins(chat::Widget& w) {
  for (std::string& o : w.allowed_origins)
    for (char& ch : o)
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
}

}  // namespace

// ---- widgets -----------------------------------------------------------------

void ChatService::widgets(const Caller& c, Reply<std::vector<chat::Widget>> reply) {
  if (auto ok = require(c, auth::Permission::kReadConfig); !ok) return reply(std::unexpected(ok.error()));
  std::vector<chat::Widget> out;
  {
    std::lock_guard lk(mu_);
    for (const auto& [id, w] : widgets_) out.push_back(w);
  }
  std::sort(out.begin(), out.end(), [](const chat::Widget& a, const chat::Widget& b) { return a.id < b.id; });
  reply(std::move(out));
}

void ChatService::widget(const Caller& c, int64_t id, Reply<chat::Widget> reply) {
  if (auto ok = require(c, auth::Permission::kReadConfig); !ok) return reply(std::unexpected(ok.error()));
  std::lock_guard lk(mu_);
  auto it = widgets_.find(id);
  if (it == widgets_.end()) return reply(make_error(ErrorCode::kNotFound, "no such widget", "id"));
  reply(it->second);
}

void ChatService::create_widget(const Caller& c, chat::Widget w, Reply<chat::Widget> reply) {
  if (auto ok = require(c, auth::Permission::kWriteConfig); !ok) return reply(std::unexpected(ok.error()));
  lower_origins(w);
  if (auto ok = chat::validate(w); !ok) return reply(std::unexpected(ok.error()));
  if (w.key.empty()) w.key = "wg_" + auth::new_token().substr(0, 24);
  w.created_ms = rt_.clock.now_ms();
  const core::QueueId queue = w.queue;
  on_chat_queue(rt_, queue, std::move(reply), [this, c, w = std::move(w)](Reply<chat::Widget> reply) mutable {
    on_store<chat::Widget>(
        rt_,
        [this, c, w = std::move(w)](storage::SqlDriver& db) mutable -> Result<chat::Widget> {
          auto id = chat::ChatRepository(db).insert_widget(w);
          if (!id) return std::unexpected(id.error());
          w.id = *id;
          audit(db, c, w.created_ms, "chat_widget.create", "chat_widget:" + std::to_string(w.id), w.name);
          std::lock_guard lk(mu_);
          widgets_[w.id] = w;
          return w;
        },
        std::move(reply));
  });
}

void ChatService::update_widget(const Caller& c, chat::Widget w, Reply<chat::Widget> reply) {
  if (auto ok = require(c, auth::Permission::kWriteConfig); !ok) return reply(std::unexpected(ok.error()));
  lower_origins(w);
  if (auto ok = chat::validate(w); !ok) return reply(std::unexpected(ok.error()));
  const core::QueueId queue = w.queue;
  on_chat_queue(rt_, queue, std::move(reply), [this, c, w = std::move(w)](Reply<chat::Widget> reply) mutable {
    on_store<chat::Widget>(
        rt_,
        [this, c, w = std::move(w)](storage::SqlDriver& db) mutable -> Result<chat::Widget> {
          {
            std::lock_guard lk(mu_);
            auto it = widgets_.find(w.id);
            if (it == widgets_.end()) return make_error(ErrorCode::kNotFound, "no such widget", "id");
            w.key = it->second.key;
            w.created_ms = it->second.created_ms;
          }
          if (auto r = chat::ChatRepository(db).update_widget(w); !r) return std::unexpected(r.error());
          audit(db, c, rt_.clock.now_ms(), "chat_widget.update", "chat_widget:" + std::to_string(w.id), w.name);
          std::lock_guard lk(mu_);
          widgets_[w.id] = w;
          return w;
        },
        std::move(reply));
  });
}

void ChatService::delete_widget(const Caller& c, int64_t id, Reply<void> reply) {
  if (auto ok = require(c, auth::Permission::kWriteConfig); !ok) return reply(std::unexpected(ok.error()));
  on_store<void>(
      rt_,
      [this, c, id](storage::SqlDriver& db) -> Result<void> {
        if (auto r = chat::ChatRepository(db).delete_widget(id); !r) return r;
        audit(db, c, rt_.clock.now_ms(), "chat_widget.delete", "chat_widget:" + std::to_string(id), "");
        std::lock_guard lk(mu_);
        widgets_.erase(id);
        return {};
      },
      std::move(reply));
}

void ChatService::public_widget(const std::string& key, const std::string& origin, Reply<chat::Widget> reply) {
  std::unique_lock lk(mu_);
  for (const auto& [id, w] : widgets_)
    if (w.key == key && w.enabled) {
      if (!chat::origin_allowed(w, origin)) {
        lk.unlock();
        return reply(make_error(ErrorCode::kPermissionDenied, "this page's origin may not use the widget", "Origin"));
      }
      chat::Widget out = w;
      lk.unlock();
      return reply(std::move(out));
    }
  lk.unlock();
  reply(make_error(ErrorCode::kNotFound, "no enabled widget has this key", "key"));
}

bool ChatService::origin_known(std::string_view origin) const {
  std::lock_guard lk(mu_);
  for (const auto& [id, w] : widgets_)
    if (w.enabled && chat::origin_allowed(w, origin)) return true;
  return false;
}

}  // namespace switchyard::app
