#include "app/chat_service.h"

#include <algorithm>

#include "app/chat_service_parts.h"
#include "auth/token.h"
#include "core/text.h"

namespace switchyard::app {

using chat::MessageKind;
using chat::Sender;
using core::ContactState;
using chat_parts::ended_error;
using chat_parts::shared;

namespace {

Result<void> check_visitor(const chat::Visitor& v) {
  auto field = [](std::string_view s, size_t max, const char* name) -> Result<void> {
    if (s.size() > max || !is_clean_text(s))
      return make_error(ErrorCode::kInvalidArgument, "UTF-8 text of at most " + std::to_string(max) + " bytes",
                        name);
    return {};
  };
  if (auto r = field(v.name, 100, "name"); !r) return r;
  if (auto r = field(v.email, 200, "email"); !r) return r;
  if (auto r = field(v.customer_id, 128, "customer_id"); !r) return r;
  if (v.language != "en" && v.language != "zh-CN")
    return make_error(ErrorCode::kInvalidArgument, "en or zh-CN", "language");
  return {};
}

}  // namespace

// ---- visitors ------------------------------------------------------------------

void ChatService::start_chat(StartChat in, Reply<StartedChat> reply) {
  if (auto ok = check_visitor(in.visitor); !ok) return reply(std::unexpected(ok.error()));
  if (!in.first_message.empty()) {
    auto m = chat::clean_message(in.first_message, chat::kMaxMessageBytes, "message");
    if (!m) return reply(std::unexpected(m.error()));
  }
  chat::Widget widget;
  {
    std::lock_guard lk(mu_);
    const chat::Widget* found = nullptr;
    for (const auto& [id, w] : widgets_)
      if (w.key == in.widget_key && w.enabled) found = &w;
    if (!found) return reply(make_error(ErrorCode::kNotFound, "no enabled widget has this key", "widget"));
    if (!chat::origin_allowed(*found, in.origin))
      return reply(make_error(ErrorCode::kPermissionDenied, "this page's origin may not use the widget", "Origin"));
    const int64_t now = rt_.clock.now_ms();
    if (!starts_.try_begin(in.address, now)) {
      Error e{ErrorCode::kRateLimited, "too many chats started from this address; try again later", "address"};
      e.retry_after_ms = starts_.retry_after_ms(in.address, now);
      return reply(std::unexpected(std::move(e)));
    }
    starts_.finish(in.address, now, auth::RateLimiter::Outcome::kFailure);  // every start counts
    if (starts_.size() > 10'000) starts_.prune(now);
    widget = *found;
  }
  CreateContact create;
  create.spec.queue = widget.queue;
  create.spec.channel = core::Channel::kChat;
  create.channel_given = true;
  create.spec.customer_id = in.visitor.customer_id;
  contacts_.create(system_, std::move(create), [this, in = std::move(in), widget,
                                                reply = std::move(reply)](Result<CreatedContact> made) mutable {
    if (!made) return reply(std::unexpected(made.error()));
    if (!made->refused_reason.empty())
      return reply(make_error(ErrorCode::kCapacity, "the chat queue refused the contact: " + made->refused_reason,
                              "queue"));
    StartedChat out;
    out.contact = made->contact.id;
    out.token = auth::new_token("vt_");
    chat::Session s;
    s.contact = out.contact;
    s.widget = widget.id;
    s.queue = widget.queue;
    s.visitor = in.visitor;
    s.origin = in.origin;
    s.started_ms = rt_.clock.now_ms();
    s.expires_ms = out.expires_ms = s.started_ms + opts_.token_ttl_ms;
    s.token_hash = auth::sha256_hex(out.token);
    std::optional<chat::Message> first;
    if (!in.first_message.empty())
      first = chat::Message{s.contact, 1, Sender::kVisitor, MessageKind::kMessage, in.visitor.name,
                            in.first_message, s.started_ms, ""};
    std::optional<uint32_t> pos;
    if (made->position > 0) pos = made->position;
    write([this, s = std::move(s), first = std::move(first), pos, ewt = made->ewt_ms, out = std::move(out),
           reply = std::move(reply)](storage::SqlDriver& db) mutable {
      auto r = db.in_transaction([&]() -> Result<void> {
        chat::ChatRepository repo(db);
        if (auto i = repo.insert_session(s); !i) return i;
        return first ? repo.insert_message(*first) : Result<void>{};
      });
      if (!r) {
        contacts_.abandon(system_, s.contact, [](Result<ContactInfo>) {});  // no session: the customer cannot reach it
        return reply(std::unexpected(r.error()));
      }
      std::vector<std::function<void()>> after;
      {
        std::lock_guard lk(mu_);
        Live l;
        l.token_hash = s.token_hash;
        l.next_seq = first ? 2 : 1;
        l.position = pos;
        l.ewt_ms = ewt;
        l.session = std::move(s);
        l.session.last_seq = first ? 1 : 0;
        const core::ContactId id = l.session.contact;
        by_token_[l.token_hash] = id;
        auto& live = live_.emplace(id, std::move(l)).first->second;
        out.live = live_state(id, live);
        // Gone before its session was written (handled or expired within
        // milliseconds): end it now.
        if (!tracks_.contains(id)) on_contact_gone(id, "expired", false, after);
      }
      for (auto& f : after) f();
      reply(std::move(out));
    });
  });
}

void ChatService::with_visitor(const std::string& token, const std::string& origin,
                               std::function<void(const Result<core::ContactId>&)> then) {
  const std::string hash = auth::sha256_hex(token);
  const int64_t now = rt_.clock.now_ms();
  auto check = [this, origin, now](const chat::Session& s) -> Result<core::ContactId> {
    if (s.expires_ms <= now) return make_error(ErrorCode::kUnauthenticated, "the visitor token has expired", "token");
    auto w = widgets_.find(s.widget);
    if (w == widgets_.end() || !chat::origin_allowed(w->second, origin))
      return make_error(ErrorCode::kPermissionDenied, "this page's origin may not use the chat", "Origin");
    return s.contact;
  };
  std::optional<Result<core::ContactId>> known;
  {
    std::lock_guard lk(mu_);
    if (auto it = by_token_.find(hash); it != by_token_.end()) known = check(live_.at(it->second).session);
  }
  if (known) return then(std::move(*known));
  rt_.store.post([this, hash, check, then = std::move(then)](storage::SqlDriver& db) {
    auto s = chat::ChatRepository(db).session_by_token(hash);
    if (!s) return then(std::unexpected(s.error()));
    if (!*s) return then(make_error(ErrorCode::kUnauthenticated, "unknown visitor token", "token"));
    std::unique_lock lk(mu_);
    auto r = check(**s);
    lk.unlock();
    then(std::move(r));
  });
}

bool ChatService::visitor_origin_allowed(const std::string& token, std::string_view origin) const {
  const std::string hash = auth::sha256_hex(token);
  std::lock_guard lk(mu_);
  auto it = by_token_.find(hash);
  if (it == by_token_.end()) return false;
  auto w = widgets_.find(live_.at(it->second).session.widget);
  return w != widgets_.end() && chat::origin_allowed(w->second, origin);
}

void ChatService::view_of(core::ContactId id, bool with_messages, Reply<ChatView> reply) {
  rt_.store.post([this, id, with_messages, reply = std::move(reply)](storage::SqlDriver& db) {
    chat::ChatRepository repo(db);
    auto s = repo.session(id);
    if (!s) return reply(std::unexpected(s.error()));
    if (!*s) return reply(make_error(ErrorCode::kNotFound, "the contact is not a web chat", "contact"));
    ChatView v;
    v.session = std::move(**s);
    if (with_messages) {
      auto m = repo.messages(id, 0);
      if (!m) return reply(std::unexpected(m.error()));
      v.messages = std::move(*m);
    }
    {
      std::lock_guard lk(mu_);
      if (auto it = live_.find(id); it != live_.end()) {
        v.session.visitor_receipt = it->second.session.visitor_receipt;  // memory leads the store
        v.session.agent_receipt = it->second.session.agent_receipt;
        v.session.barged_by = it->second.session.barged_by;
        v.live = live_state(id, it->second);
      } else {
        v.live.state = "ended";
      }
    }
    reply(std::move(v));
  });
}

void ChatService::visitor_view(const std::string& token, const std::string& origin, Reply<ChatView> reply) {
  with_visitor(token, origin, [this, reply = std::move(reply)](const Result<core::ContactId>& id) mutable {
    if (!id) return reply(std::unexpected(id.error()));
    view_of(*id, true, [reply = std::move(reply)](Result<ChatView> v) {
      if (v) std::erase_if(v->messages, [](const chat::Message& m) { return m.kind == MessageKind::kWhisper; });
      reply(std::move(v));
    });
  });
}

void ChatService::post_message(core::ContactId id, Sender from, MessageKind kind, std::string author,
                               std::string text, std::string client_id, Reply<chat::Message> reply) {
  auto clean = chat::clean_message(text, chat::kMaxMessageBytes, "text");
  if (!clean) return reply(std::unexpected(clean.error()));
  if (client_id.size() > chat::kMaxClientIdBytes || !is_clean_text(client_id))
    return reply(make_error(ErrorCode::kInvalidArgument, "at most 64 bytes of text", "client_id"));
  chat::Message m;
  {
    std::lock_guard lk(mu_);
    auto it = live_.find(id);
    if (it == live_.end() || it->second.ending) return reply(std::unexpected(ended_error()));
    m = chat::Message{id, it->second.next_seq++, from, kind, std::move(author), std::move(*clean),
                      rt_.clock.now_ms(), std::move(client_id)};
  }
  write([this, m = std::move(m), reply = std::move(reply)](storage::SqlDriver& db) {
    storage::Transaction tx;
    chat::ChatRepository::stage_message(tx, m);
    if (auto r = tx.run(db); !r) return reply(std::unexpected(r.error()));
    {
      std::lock_guard lk(mu_);
      if (auto it = live_.find(m.contact); it != live_.end()) {
        it->second.session.last_seq = std::max(it->second.session.last_seq, m.seq);
        send_to(it->second, shared(chat::message_frame(m)), m.kind == MessageKind::kWhisper);
      }
    }
    reply(m);
  });
}

void ChatService::visitor_send(const std::string& token, const std::string& origin, std::string text,
                               std::string client_id, Reply<chat::Message> reply) {
  with_visitor(token, origin, [this, text = std::move(text), client_id = std::move(client_id),
                               reply = std::move(reply)](const Result<core::ContactId>& id) mutable {
    if (!id) return reply(std::unexpected(id.error()));
    std::string name;
    {
      std::lock_guard lk(mu_);
      if (auto it = live_.find(*id); it != live_.end()) name = it->second.session.visitor.name;
    }
    post_message(*id, Sender::kVisitor, MessageKind::kMessage, std::move(name), std::move(text),
                 std::move(client_id), std::move(reply));
  });
}

void ChatService::typing(core::ContactId id, Sender from, bool on) {
  std::lock_guard lk(mu_);
  auto it = live_.find(id);
  if (it == live_.end()) return;
  send_to(it->second, shared(chat::typing_frame(from, on)), from == Sender::kVisitor);
}

void ChatService::visitor_typing(const std::string& token, const std::string& origin, bool on, Reply<void> reply) {
  with_visitor(token, origin, [this, on, reply = std::move(reply)](const Result<core::ContactId>& id) {
    if (!id) return reply(std::unexpected(id.error()));
    typing(*id, Sender::kVisitor, on);
    reply({});
  });
}

void ChatService::move_receipt(core::ContactId id, bool visitor_side, std::optional<int64_t> delivered,
                               std::optional<int64_t> read, Reply<void> reply) {
  if ((delivered && *delivered < 0) || (read && *read < 0))
    return reply(make_error(ErrorCode::kInvalidArgument, "must be a seq >= 0", delivered ? "delivered" : "up_to"));
  chat::Receipt visitor, agent;
  {
    std::lock_guard lk(mu_);
    auto it = live_.find(id);
    if (it == live_.end()) return reply({});  // ended: nothing to move
    chat::Session& s = it->second.session;
    chat::Receipt& r = visitor_side ? s.visitor_receipt : s.agent_receipt;
    const int64_t top = it->second.next_seq - 1;
    chat::Receipt next = r;
    if (read) next.read = std::max(r.read, std::min(*read, top));
    next.delivered = std::max({r.delivered, next.read, delivered ? std::min(*delivered, top) : 0});
    if (next == r) return reply({});
    r = next;
    visitor = s.visitor_receipt;
    agent = s.agent_receipt;
  }
  write([this, id, visitor_side, visitor, agent, reply = std::move(reply)](storage::SqlDriver& db) {
    storage::Transaction tx;
    chat::ChatRepository::stage_receipts(tx, id, visitor, agent);
    if (auto r = tx.run(db); !r) return reply(std::unexpected(r.error()));
    {
      std::lock_guard lk(mu_);
      if (auto it = live_.find(id); it != live_.end())
        send_to(it->second,
                shared(chat::receipt_frame(visitor_side ? "visitor" : "agent", visitor_side ? visitor : agent)), false);
    }
    reply({});
  });
}

void ChatService::visitor_receipt(const std::string& token, const std::string& origin,
                                  std::optional<int64_t> delivered, std::optional<int64_t> read, Reply<void> reply) {
  with_visitor(token, origin, [this, delivered, read, reply = std::move(reply)](const Result<core::ContactId>& id) mutable {
    if (!id) return reply(std::unexpected(id.error()));
    move_receipt(*id, true, delivered, read, std::move(reply));
  });
}

void ChatService::visitor_end(const std::string& token, const std::string& origin, Reply<ChatView> reply) {
  with_visitor(token, origin, [this, reply = std::move(reply)](const Result<core::ContactId>& id) mutable {
    if (!id) return reply(std::unexpected(id.error()));
    ContactTrack track;
    bool live = false;
    {
      std::lock_guard lk(mu_);
      auto it = live_.find(*id);
      auto t = tracks_.find(*id);
      if (it != live_.end() && t != tracks_.end()) {
        it->second.visitor_ended = true;
        track = t->second;
        live = true;
      }
    }
    auto done = [this, id = *id, reply = std::move(reply)](Result<ContactInfo> r) mutable {
      if (!r && r.error().code != ErrorCode::kIllegalState) return reply(std::unexpected(r.error()));
      view_of(id, false, std::move(reply));
    };
    if (!live || track.state == ContactState::kWrapUp) return done(ContactInfo{});
    if (track.state == ContactState::kAccepted) {
      ActOnContact act;
      act.action = ContactAction::kEnd;
      act.contact = *id;
      act.agent = track.agent;
      return contacts_.act(system_, std::move(act), std::move(done));
    }
    contacts_.abandon(system_, *id, std::move(done));
  });
}

void ChatService::subscribe(core::ContactId id, bool staff, int64_t since, Sink sink, Reply<uint64_t> reply) {
  // On the writer: ordered with message writes, so the backlog and the live
  // frames neither overlap nor leave a gap.
  write([this, id, staff, since, sink = std::move(sink), reply = std::move(reply)](storage::SqlDriver& db) {
    chat::ChatRepository repo(db);
    auto s = repo.session(id);
    if (!s) return reply(std::unexpected(s.error()));
    if (!*s) return reply(make_error(ErrorCode::kNotFound, "the contact is not a web chat", "contact"));
    auto backlog = repo.messages(id, std::max<int64_t>(0, since));
    if (!backlog) return reply(std::unexpected(backlog.error()));
    std::lock_guard lk(mu_);
    auto it = live_.find(id);
    chat::LiveState live;
    if (it != live_.end()) {
      (*s)->visitor_receipt = it->second.session.visitor_receipt;
      (*s)->agent_receipt = it->second.session.agent_receipt;
      (*s)->barged_by = it->second.session.barged_by;
      live = live_state(id, it->second);
    } else {
      live.state = "ended";
    }
    sink(shared(chat::hello_frame(**s, live, !staff)));
    for (const chat::Message& m : *backlog)
      if (staff || m.kind != MessageKind::kWhisper) sink(shared(chat::message_frame(m)));
    if (it == live_.end()) {
      sink(shared(chat::ended_frame((*s)->end_reason, staff ? "" : (*s)->survey_token)));
      return reply(uint64_t{0});
    }
    const uint64_t sub = next_sub_++;
    it->second.subs.push_back(Sub{sub, staff, sink});
    sub_contact_[sub] = id;
    reply(sub);
  });
}

void ChatService::visitor_subscribe(const std::string& token, const std::string& origin, int64_t since, Sink sink,
                                    Reply<uint64_t> reply) {
  with_visitor(token, origin,
               [this, since, sink = std::move(sink), reply = std::move(reply)](const Result<core::ContactId>& id) mutable {
                 if (!id) return reply(std::unexpected(id.error()));
                 subscribe(*id, false, since, std::move(sink), std::move(reply));
               });
}

void ChatService::unsubscribe(uint64_t sub) {
  std::lock_guard lk(mu_);
  auto it = sub_contact_.find(sub);
  if (it == sub_contact_.end()) return;
  if (auto l = live_.find(it->second); l != live_.end())
    std::erase_if(l->second.subs, [sub](const Sub& s) { return s.id == sub; });
  sub_contact_.erase(it);
}

}  // namespace switchyard::app
