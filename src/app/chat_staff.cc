#include "app/chat_service.h"

#include <algorithm>

#include "app/chat_service_parts.h"

namespace switchyard::app {

using chat::MessageKind;
using chat::Sender;
using core::ContactState;
using chat_parts::audit;
using chat_parts::ended_error;

struct ChatService::Access {
  bool live = false;
  core::AgentId agent = core::kNoId;
  core::QueueId queue = core::kNoId;
  std::string customer_id;
  bool own = false;         // the caller's agent holds the contact
  bool supervisor = false;  // team lead of the agent's team, or admin
};

// ---- staff ---------------------------------------------------------------------

void ChatService::with_staff(const Caller& c, core::ContactId id, bool write_access,
                             std::function<void(const Result<std::shared_ptr<const Access>>&)> then) {
  const auth::Permission p = write_access ? auth::Permission::kHandleContacts : auth::Permission::kReadContacts;
  if (auto ok = require(c, p); !ok) return then(std::unexpected(ok.error()));
  auto fallback = std::make_shared<bool>(false);
  on_engine<std::shared_ptr<const Access>>(
      rt_,
      [c, id, p, fallback](server::TaskContext& ctx) -> Result<std::shared_ptr<const Access>> {
        const core::Engine& e = ctx.engine;
        auto view = e.contact(id);
        if (!view) {
          *fallback = true;
          return std::shared_ptr<const Access>();
        }
        if (!contact_in_scope(e, c, p, view->agent))
          return make_error(ErrorCode::kPermissionDenied, "the contact is not in your scope", "contact");
        auto a = std::make_shared<Access>();
        a->live = true;
        a->agent = view->agent;
        a->queue = view->queue;
        a->customer_id = view->customer_id;
        a->own = c.agent != core::kNoId && c.agent == view->agent;
        a->supervisor = (c.role == auth::Role::kTeamLead || c.role == auth::Role::kAdmin) &&
                        (view->agent == core::kNoId ? c.role == auth::Role::kAdmin
                                                    : agent_in_scope(e, c, auth::Permission::kHandleContacts, view->agent));
        return std::shared_ptr<const Access>(std::move(a));
      },
      [this, c, id, fallback, then = std::move(then)](Result<std::shared_ptr<const Access>> r) mutable {
        if (!r || !*fallback) return then(std::move(r));
        // Not live any more: the contact history decides the scope.
        contacts_.get(c, id, [then = std::move(then)](Result<ContactInfo> info) {
          if (!info) return then(std::unexpected(info.error()));
          auto a = std::make_shared<Access>();
          if (info->record) {
            a->agent = info->record->agent;
            a->queue = info->record->queue;
            a->customer_id = info->record->customer_id;
          }
          then(std::shared_ptr<const Access>(std::move(a)));
        });
      });
}

void ChatService::sessions(const Caller& c, bool ended, size_t limit, Reply<std::vector<ChatView>> reply) {
  if (auto ok = require(c, auth::Permission::kReadContacts); !ok) return reply(std::unexpected(ok.error()));
  limit = std::clamp<size_t>(limit, 1, 500);
  if (ended) {
    // Ended chats: from the store, then narrowed to the caller's scope by
    // their contacts' agents (history).
    rt_.store.post([this, c, limit, reply = std::move(reply)](storage::SqlDriver& db) mutable {
      auto s = chat::ChatRepository(db).ended_sessions(limit);
      if (!s) return reply(std::unexpected(s.error()));
      std::vector<ChatView> out;
      for (chat::Session& x : *s) {
        ChatView v;
        v.session = std::move(x);
        v.live.state = "ended";
        out.push_back(std::move(v));
      }
      if (c.scope(auth::Permission::kReadContacts) == auth::Scope::kAll) return reply(std::move(out));
      // Team and self scopes: only chats whose history names an agent in scope.
      auto pending = std::make_shared<std::pair<std::mutex, std::vector<ChatView>>>();
      auto left = std::make_shared<std::atomic<size_t>>(out.size());
      if (out.empty()) return reply(std::move(out));
      auto shared_reply = std::make_shared<Reply<std::vector<ChatView>>>(std::move(reply));
      for (ChatView& v : out)
        contacts_.get(c, v.session.contact, [pending, left, shared_reply, v](Result<ContactInfo> info) {
          {
            std::lock_guard lk(pending->first);
            if (info) pending->second.push_back(v);
          }
          if (left->fetch_sub(1) == 1) {
            auto& vs = pending->second;
            std::sort(vs.begin(), vs.end(), [](const ChatView& a, const ChatView& b) {
              return a.session.ended_ms > b.session.ended_ms;
            });
            (*shared_reply)(std::move(vs));
          }
        });
    });
    return;
  }
  on_engine<std::vector<ChatView>>(
      rt_,
      [this, c, limit](server::TaskContext& ctx) -> Result<std::vector<ChatView>> {
        std::vector<ChatView> out;
        std::lock_guard lk(mu_);
        for (const auto& [id, l] : live_) {
          auto view = ctx.engine.contact(id);
          if (!view || !contact_in_scope(ctx.engine, c, auth::Permission::kReadContacts, view->agent)) continue;
          ChatView v;
          v.session = l.session;
          v.live = live_state(id, l);
          out.push_back(std::move(v));
        }
        std::sort(out.begin(), out.end(),
                  [](const ChatView& a, const ChatView& b) { return a.session.started_ms > b.session.started_ms; });
        if (out.size() > limit) out.resize(limit);
        return out;
      },
      std::move(reply));
}

void ChatService::session(const Caller& c, core::ContactId id, Reply<ChatView> reply) {
  with_staff(c, id, false, [this, id, reply = std::move(reply)](const Result<std::shared_ptr<const Access>>& a) mutable {
    if (!a) return reply(std::unexpected(a.error()));
    view_of(id, true, std::move(reply));
  });
}

void ChatService::staff_send(const Caller& c, core::ContactId id, MessageKind kind, std::string text,
                             std::string client_id, Reply<chat::Message> reply) {
  with_staff(c, id, true, [this, c, id, kind, text = std::move(text), client_id = std::move(client_id),
                           reply = std::move(reply)](const Result<std::shared_ptr<const Access>>& a) mutable {
    if (!a) return reply(std::unexpected(a.error()));
    const Access& acc = **a;
    if (!acc.live) return reply(std::unexpected(ended_error()));
    Sender from = acc.own ? Sender::kAgent : Sender::kSupervisor;
    if (kind == MessageKind::kWhisper) {
      if (!acc.own && !acc.supervisor)
        return reply(make_error(ErrorCode::kPermissionDenied,
                                "whispers are between the contact's agent and their team lead", "kind"));
    } else {
      std::lock_guard lk(mu_);
      auto it = live_.find(id);
      if (it == live_.end()) return reply(std::unexpected(ended_error()));
      auto t = tracks_.find(id);
      const bool talking = t != tracks_.end() && t->second.state == ContactState::kAccepted;
      const bool barged = !it->second.session.barged_by.empty() && it->second.session.barged_by == c.name;
      if (barged) from = Sender::kSupervisor;
      else if (!acc.own)
        return reply(make_error(ErrorCode::kPermissionDenied,
                                "only the contact's agent, or a supervisor who barged in, writes to the visitor",
                                "contact"));
      if (!talking) return reply(make_error(ErrorCode::kIllegalState, "the chat is not in progress", "contact"));
    }
    post_message(id, from, kind, c.name, std::move(text), std::move(client_id), std::move(reply));
  });
}

void ChatService::staff_typing(const Caller& c, core::ContactId id, bool on, Reply<void> reply) {
  with_staff(c, id, true, [this, id, on, reply = std::move(reply)](const Result<std::shared_ptr<const Access>>& a) {
    if (!a) return reply(std::unexpected(a.error()));
    typing(id, (*a)->own ? Sender::kAgent : Sender::kSupervisor, on);
    reply({});
  });
}

void ChatService::staff_receipt(const Caller& c, core::ContactId id, std::optional<int64_t> delivered,
                                std::optional<int64_t> read, Reply<void> reply) {
  with_staff(c, id, true,
             [this, id, delivered, read, reply = std::move(reply)](const Result<std::shared_ptr<const Access>>& a) mutable {
               if (!a) return reply(std::unexpected(a.error()));
               if (!(*a)->own) return reply({});  // a supervisor reading along does not mark it read
               move_receipt(id, false, delivered, read, std::move(reply));
             });
}

void ChatService::barge(const Caller& c, core::ContactId id, Reply<ChatView> reply) {
  with_staff(c, id, true, [this, c, id, reply = std::move(reply)](const Result<std::shared_ptr<const Access>>& a) mutable {
    if (!a) return reply(std::unexpected(a.error()));
    if (!(*a)->live) return reply(std::unexpected(ended_error()));
    if (!(*a)->supervisor)
      return reply(make_error(ErrorCode::kPermissionDenied, "only a team lead of the agent's team or admin barges in",
                              "contact"));
    {
      std::lock_guard lk(mu_);
      auto it = live_.find(id);
      if (it == live_.end()) return reply(std::unexpected(ended_error()));
      if (it->second.session.barged_by == c.name) return view_of(id, false, std::move(reply));
      it->second.session.barged_by = c.name;
    }
    write([this, c, id, reply = std::move(reply)](storage::SqlDriver& db) mutable {
      storage::Transaction tx;
      chat::ChatRepository::stage_barge(tx, id, c.name);
      if (auto r = tx.run(db); !r) return reply(std::unexpected(r.error()));
      audit(db, c, rt_.clock.now_ms(), "chat.barge", "contact:" + std::to_string(id), "");
      // The system line both sides see: text "barge", author the supervisor.
      post_message(id, Sender::kSystem, MessageKind::kMessage, c.name, "barge", "",
                   [this, id, reply = std::move(reply)](Result<chat::Message> m) mutable {
                     if (!m) return reply(std::unexpected(m.error()));
                     view_of(id, false, std::move(reply));
                   });
    });
  });
}

void ChatService::staff_subscribe(const Caller& c, core::ContactId id, int64_t since, Sink sink,
                                  Reply<uint64_t> reply) {
  with_staff(c, id, false, [this, id, since, sink = std::move(sink),
                            reply = std::move(reply)](const Result<std::shared_ptr<const Access>>& a) mutable {
    if (!a) return reply(std::unexpected(a.error()));
    subscribe(id, true, since, std::move(sink), std::move(reply));
  });
}

// ---- desk ----------------------------------------------------------------------

void ChatService::notes(const Caller& c, core::ContactId id, Reply<NotesView> reply) {
  with_staff(c, id, false, [this, id, reply = std::move(reply)](const Result<std::shared_ptr<const Access>>& a) mutable {
    if (!a) return reply(std::unexpected(a.error()));
    on_store<NotesView>(
        rt_,
        [id](storage::SqlDriver& db) -> Result<NotesView> {
          auto n = chat::DeskRepository(db).notes(id);
          if (!n) return std::unexpected(n.error());
          NotesView v;
          v.notes = std::move(*n);
          for (const chat::Note& x : v.notes)
            if (x.kind == chat::NoteKind::kVerified) {
              v.verified = x;
              break;
            }
          return v;
        },
        std::move(reply));
  });
}

void ChatService::add_note(const Caller& c, core::ContactId id, chat::NoteKind kind, std::string text,
                           Reply<chat::Note> reply) {
  auto clean = chat::clean_message(text, chat::kMaxNoteBytes, "text");
  if (!clean) return reply(std::unexpected(clean.error()));
  with_staff(c, id, true, [this, c, id, kind, text = std::move(*clean),
                           reply = std::move(reply)](const Result<std::shared_ptr<const Access>>& a) mutable {
    if (!a) return reply(std::unexpected(a.error()));
    chat::Note n{0, id, (*a)->customer_id, c.name, kind, std::move(text), rt_.clock.now_ms()};
    on_store<chat::Note>(
        rt_,
        [n = std::move(n)](storage::SqlDriver& db) mutable -> Result<chat::Note> {
          auto nid = chat::DeskRepository(db).add_note(n);
          if (!nid) return std::unexpected(nid.error());
          n.id = *nid;
          return n;
        },
        std::move(reply));
  });
}

void ChatService::customer_notes(std::string customer_id, size_t limit, Reply<std::vector<chat::Note>> reply) {
  on_store<std::vector<chat::Note>>(
      rt_,
      [customer_id = std::move(customer_id), limit](storage::SqlDriver& db) {
        return chat::DeskRepository(db).customer_notes(customer_id, limit);
      },
      std::move(reply));
}

void ChatService::desk(const Caller& c, core::QueueId queue, Reply<chat::Desk> reply) {
  if (auto ok = require(c, auth::Permission::kReadConfig); !ok) return reply(std::unexpected(ok.error()));
  std::lock_guard lk(mu_);
  auto it = desks_.find(queue);
  reply(it == desks_.end() ? chat::Desk{} : it->second);
}

void ChatService::set_desk(const Caller& c, core::QueueId queue, chat::Desk d, Reply<chat::Desk> reply) {
  if (auto ok = require(c, auth::Permission::kWriteConfig); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = chat::validate(d); !ok) return reply(std::unexpected(ok.error()));
  on_store<chat::Desk>(
      rt_,
      [this, c, queue, d = std::move(d)](storage::SqlDriver& db) mutable -> Result<chat::Desk> {
        storage::Transaction tx;
        chat::DeskRepository::stage_desk(tx, queue, d);
        audit::AuditLog::stage(tx, {0, rt_.clock.now_ms(), c.name, "queue.desk", "queue:" + std::to_string(queue),
                                    std::to_string(d.dispositions.size()) + " disposition codes", 0});
        if (auto r = tx.run(db); !r) return std::unexpected(r.error());
        std::lock_guard lk(mu_);
        desks_[queue] = d;
        return d;
      },
      std::move(reply));
}

}  // namespace switchyard::app
