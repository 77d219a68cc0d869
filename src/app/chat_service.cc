#include "app/chat_service.h"

#include <algorithm>
#include <atomic>

#include "audit/audit_log.h"
#include "auth/token.h"
#include "core/text.h"

namespace switchyard::app {

using chat::MessageKind;
using chat::Sender;
using core::ContactState;

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

Caller system_caller() {
  Caller c;
  c.name = "chat";
  c.role = auth::Role::kAdmin;  // acts for the visitor on their own contact only
  return c;
}

std::shared_ptr<const std::string> shared(std::string s) { return std::make_shared<const std::string>(std::move(s)); }

void audit(storage::SqlDriver& db, const Caller& c, int64_t now_ms, std::string action, std::string target,
           std::string detail) {
  // After the change: an audit failure does not undo it (the store logs it).
  (void)audit::AuditLog(db).append({0, now_ms, c.name, std::move(action), std::move(target), std::move(detail), 0});
}

Error ended_error() { return Error{ErrorCode::kIllegalState, "the chat has ended", "contact"}; }

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

struct ChatService::Access {
  bool live = false;
  core::AgentId agent = core::kNoId;
  core::QueueId queue = core::kNoId;
  std::string customer_id;
  bool own = false;         // the caller's agent holds the contact
  bool supervisor = false;  // team lead of the agent's team, or admin
};

ChatService::ChatService(Runtime& rt, ContactService& contacts, SurveyService& surveys, Options o)
    : rt_(rt),
      contacts_(contacts),
      surveys_(surveys),
      opts_(o),
      system_(system_caller()),
      starts_(std::max(1, o.starts_per_minute), 60'000, 60'000) {}

ChatService::~ChatService() { stop(); }

Result<void> ChatService::start(storage::SqlDriver& db, std::unique_ptr<storage::SqlDriver> writer) {
  chat::ChatRepository repo(db);
  auto widgets = repo.widgets();
  if (!widgets) return std::unexpected(widgets.error());
  auto open = repo.open_sessions();
  if (!open) return std::unexpected(open.error());
  auto desks = chat::DeskRepository(db).all_desks();
  if (!desks) return std::unexpected(desks.error());
  std::vector<core::ContactId> gone;
  auto r = rt_.engine.seed([&](server::TaskContext& ctx) -> Result<void> {
    std::lock_guard lk(mu_);
    for (chat::Widget& w : *widgets) widgets_[w.id] = std::move(w);
    for (auto& [q, d] : *desks) desks_[q] = std::move(d);
    for (chat::Session& s : *open) {
      auto view = ctx.engine.contact(s.contact);
      if (!view) {
        gone.push_back(s.contact);
        continue;
      }
      ContactTrack t;
      t.state = view->state;
      t.agent = view->agent;
      t.queue = view->queue;
      if (view->state == ContactState::kAccepted || view->state == ContactState::kWrapUp) t.answered_ms = s.started_ms;
      tracks_[s.contact] = t;
      Live l;
      l.next_seq = s.last_seq + 1;
      l.token_hash = s.token_hash;
      by_token_[s.token_hash] = s.contact;
      l.session = std::move(s);
      live_.emplace(l.session.contact, std::move(l));
    }
    return {};
  });
  if (!r) return r;
  // Chats whose contact ended while the server was down.
  storage::Transaction tx;
  for (core::ContactId id : gone) chat::ChatRepository::stage_end(tx, id, rt_.clock.now_ms(), "expired");
  if (auto w = tx.run(db); !w) return w;
  std::vector<std::unique_ptr<storage::SqlDriver>> conns;
  conns.push_back(std::move(writer));
  writer_ = std::make_unique<server::WorkQueue<storage::SqlDriver>>(std::move(conns));
  return {};
}

void ChatService::stop() {
  {
    std::lock_guard lk(mu_);
    stopped_ = true;
  }
  writer_.reset();  // finishes the queued writes, joins
}

void ChatService::write(std::function<void(storage::SqlDriver&)> job) {
  {
    std::lock_guard lk(mu_);
    if (!stopped_ && writer_) {
      writer_->post(std::move(job));
      return;
    }
  }
  // Not started or stopping: nothing is written (the job's reply is dropped
  // with it, which the HTTP layer answers 500; the server is going away).
}

size_t ChatService::live_sessions() const {
  std::lock_guard lk(mu_);
  return live_.size();
}

size_t ChatService::subscribers() const {
  std::lock_guard lk(mu_);
  return sub_contact_.size();
}

bool ChatService::disposition_allowed(core::QueueId queue, std::string_view code) const {
  std::lock_guard lk(mu_);
  auto it = desks_.find(queue);
  return it == desks_.end() || chat::disposition_allowed(it->second, code);
}

// ---- live state --------------------------------------------------------------

chat::LiveState ChatService::live_state(core::ContactId id, const Live& l) const {
  chat::LiveState s;
  auto names = rt_.catalog.names();
  auto t = tracks_.find(id);
  if (l.session.ended_ms || t == tracks_.end()) {
    s.state = "ended";
  } else {
    switch (t->second.state) {
      case ContactState::kQueued: s.state = "queued"; break;
      case ContactState::kOffered: s.state = "offered"; break;
      case ContactState::kAccepted: s.state = held_.contains(id) ? "held" : "active"; break;
      case ContactState::kWrapUp: s.state = "wrap_up"; break;
      default: s.state = "ended"; break;
    }
    if (t->second.agent != core::kNoId)
      if (const std::string* n = names->name(Kind::kAgent, t->second.agent)) s.agent = *n;
    if (const std::string* q = names->name(Kind::kQueue, t->second.queue)) s.queue = *q;
    s.answered_ms = t->second.answered_ms;
    if (t->second.state == ContactState::kQueued) {
      s.position = l.position;
      s.ewt_ms = l.ewt_ms;
    }
  }
  return s;
}

void ChatService::send_to(Live& l, const std::shared_ptr<const std::string>& frame, bool staff_only) {
  std::erase_if(l.subs, [&](const Sub& s) {
    if (staff_only && !s.staff) return false;
    if (s.sink(frame)) return false;
    sub_contact_.erase(s.id);
    return true;
  });
}

void ChatService::committed(std::span<const core::Event> events) {
  std::vector<std::function<void()>> after;
  {
    std::lock_guard lk(mu_);
    for (const core::Event& e : events) apply(e, after);
  }
  for (auto& f : after) f();
}

void ChatService::apply(const core::Event& e, std::vector<std::function<void()>>& after) {
  namespace ev = core::ev;
  const core::ContactId id = e.contact();
  if (id == core::kNoContact) return;
  if (const auto* c = std::get_if<ev::ContactCreated>(&e.body)) {
    if (c->spec.channel == core::Channel::kChat) tracks_[id] = ContactTrack{ContactState::kQueued, core::kNoId, c->spec.queue, {}};
    return;
  }
  auto t = tracks_.find(id);
  if (t == tracks_.end()) return;
  if (e.type() == core::EventType::kContactAbandoned || e.type() == core::EventType::kContactExpired ||
      e.type() == core::EventType::kWrapUpEnded || e.type() == core::EventType::kContactCompleted)
    held_.erase(id);
  ContactTrack& track = t->second;
  auto lit = live_.find(id);
  Live* l = lit == live_.end() ? nullptr : &lit->second;
  bool changed = true;
  std::string gone;  // the chat ended for this reason
  bool answered = track.answered_ms.has_value();
  switch (e.type()) {
    case core::EventType::kContactOffered:
      track.state = ContactState::kOffered;
      track.agent = e.agent();
      break;
    case core::EventType::kOfferRejected:
    case core::EventType::kOfferTimedOut:
      track.state = ContactState::kQueued;
      track.agent = core::kNoId;
      break;
    case core::EventType::kContactAccepted:
      track.state = ContactState::kAccepted;
      track.agent = e.agent();
      if (!track.answered_ms) track.answered_ms = e.time_ms;
      break;
    case core::EventType::kContactHeld: held_.insert(id); break;
    case core::EventType::kContactResumed: held_.erase(id); break;
    case core::EventType::kContactEnded:
      track.state = ContactState::kWrapUp;
      held_.erase(id);
      gone = l && l->visitor_ended ? "visitor" : "agent";
      answered = true;
      break;
    case core::EventType::kContactTransferred:
      track.state = ContactState::kQueued;
      track.agent = core::kNoId;
      track.queue = std::get<ev::ContactTransferred>(e.body).target;
      held_.erase(id);
      break;
    case core::EventType::kContactMoved: track.queue = std::get<ev::ContactMoved>(e.body).target; break;
    case core::EventType::kContactAbandoned:
      gone = l && l->visitor_ended ? "visitor" : "abandoned";
      tracks_.erase(t);
      break;
    case core::EventType::kContactExpired:
      gone = "expired";
      tracks_.erase(t);
      break;
    case core::EventType::kContactRefused:
      gone = "refused";
      tracks_.erase(t);
      break;
    case core::EventType::kWrapUpEnded:
    case core::EventType::kContactCompleted:
      tracks_.erase(t);
      changed = false;
      break;
    default: changed = false; break;
  }
  if (!l) return;
  if (!gone.empty()) {
    on_contact_gone(id, std::move(gone), answered, after);
    return;
  }
  if (changed) send_to(*l, shared(chat::state_frame(live_state(id, *l))), false);
}

void ChatService::on_contact_gone(core::ContactId id, std::string reason, bool answered,
                                  std::vector<std::function<void()>>& after) {
  auto it = live_.find(id);
  if (it == live_.end() || it->second.ending) return;
  it->second.ending = true;
  if (!answered) {
    after.push_back([this, id, reason] { finish_end(id, reason, ""); });
    return;
  }
  after.push_back([this, id, reason] {
    surveys_.issue(system_, id, [this, id, reason](Result<IssuedSurvey> s) {
      finish_end(id, reason, s ? s->token : std::string());  // surveys off for the queue: none
    });
  });
}

void ChatService::finish_end(core::ContactId id, std::string reason, std::string survey_token) {
  const int64_t now = rt_.clock.now_ms();
  write([this, id, reason = std::move(reason), token = std::move(survey_token), now](storage::SqlDriver& db) {
    storage::Transaction tx;
    chat::ChatRepository::stage_end(tx, id, now, reason);
    if (!token.empty()) chat::ChatRepository::stage_survey(tx, id, token);
    auto r = tx.run(db);
    std::lock_guard lk(mu_);
    auto it = live_.find(id);
    if (it == live_.end()) return;
    Live& l = it->second;
    if (!r) {  // stays open in the store: ended again at the next start
      l.ending = false;
      return;
    }
    l.session.ended_ms = now;
    l.session.end_reason = reason;
    l.session.survey_token = token;
    auto staff = shared(chat::ended_frame(reason, ""));
    auto visitor = shared(chat::ended_frame(reason, token));
    for (const Sub& s : l.subs) {
      s.sink(s.staff ? staff : visitor);
      sub_contact_.erase(s.id);
    }
    by_token_.erase(l.token_hash);
    live_.erase(it);
  });
}

std::function<void()> ChatService::observe(const core::Engine& e, int64_t) {
  std::vector<std::pair<core::ContactId, std::shared_ptr<const std::string>>> frames;
  {
    std::lock_guard lk(mu_);
    for (auto& [id, l] : live_) {
      auto t = tracks_.find(id);
      if (t == tracks_.end() || t->second.state != ContactState::kQueued) continue;
      bool watched = std::any_of(l.subs.begin(), l.subs.end(), [](const Sub& s) { return !s.staff; });
      if (!watched) continue;
      auto w = e.wait_estimate(id);
      if (!w) continue;
      std::optional<uint32_t> pos = w->position;
      std::optional<int64_t> ewt = w->ewt_ms >= 0 ? std::optional<int64_t>(w->ewt_ms) : std::nullopt;
      if (pos == l.position && ewt == l.ewt_ms) continue;
      l.position = pos;
      l.ewt_ms = ewt;
      frames.emplace_back(id, shared(chat::state_frame(live_state(id, l))));
    }
  }
  if (frames.empty()) return nullptr;
  return [this, frames = std::move(frames)] {
    std::lock_guard lk(mu_);
    for (const auto& [id, f] : frames)
      if (auto it = live_.find(id); it != live_.end()) send_to(it->second, f, false);
  };
}

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
