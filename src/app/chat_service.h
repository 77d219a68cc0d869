#pragma once
// Web chat and the agent desk (docs/chat.md, module src/chat). One class in four files:
// chat_service.cc (start-up and the live state from the engine's events), chat_widgets.cc,
// chat_visitor.cc (a visitor's calls and the sockets' subscriptions), chat_staff.cc (agents,
// supervisors, notes and a queue's desk).
//
// A visitor starts a chat through a widget (no account): the service checks
// the widget and the page's origin, limits starts per client address,
// creates the contact on the widget's chat queue (an ordinary contact: the
// engine routes it) and issues a visitor token scoped to that one contact.
// Messages go both ways with delivery and read watermarks and typing
// indicators; whispers stay between staff; a supervisor may barge in. When
// an answered chat ends the visitor gets a survey token.
//
// Live state comes from the committed events (committed()): each chat
// contact's state, agent and queue; queue position and EWT come from an
// engine view every `position_period_ms` for chats with a visitor watching.
// Messages, watermarks and session changes are written in order by one
// writer (its own connection): a message is durable before anyone gets it,
// and subscribers get a contact's messages in seq order.
//
// Rules that live here and nowhere else:
// - a visitor request is allowed when the token is valid (not expired) and
//   the widget allows the request's Origin;
// - staff read a chat when its contact is in their scope (read contacts);
//   `message` is sent by the contact's agent while active or held, or by a
//   supervisor who barged; `whisper` by the agent, their team lead or admin;
// - a queue's disposition codes (its desk) bind wrap-up dispositions.
//
// Threading: every method from any thread; replies on service threads.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "app/caller.h"
#include "app/contact_service.h"
#include "app/runtime.h"
#include "app/survey_service.h"
#include "auth/rate_limiter.h"
#include "chat/chat.h"
#include "chat/chat_json.h"
#include "server/work_queue.h"

namespace switchyard::app {

struct StartChat {
  std::string widget_key;
  std::string origin;   // the request's Origin header ("" = none)
  std::string address;  // the client's address (rate limit)
  chat::Visitor visitor;
  std::string first_message;  // "" = none
};

struct StartedChat {
  core::ContactId contact = core::kNoContact;
  std::string token;  // shown once; only its hash is stored
  int64_t expires_ms = 0;
  chat::LiveState live;
};

struct ChatView {
  chat::Session session;
  chat::LiveState live;
  std::vector<chat::Message> messages;  // in seq order (empty in lists)
};

struct NotesView {
  std::vector<chat::Note> notes;
  std::optional<chat::Note> verified;  // the first "verified" note
};

class ChatService {
 public:
  struct Options {
    int starts_per_minute = 10;                 // per client address
    int64_t token_ttl_ms = 24 * 3'600'000LL;    // a visitor token's life from the start
    int64_t position_period_ms = 1000;          // queue position refresh for watched chats
  };
  // A subscriber: delivers one frame, false when gone.
  using Sink = std::function<bool(std::shared_ptr<const std::string>)>;

  ChatService(Runtime& rt, ContactService& contacts, SurveyService& surveys, Options o);
  ~ChatService();

  // Start-up, before serving: loads widgets, desks and the open sessions
  // from `db`, then asks the engine for the state of each open chat (a chat
  // whose contact is gone is ended). `writer` becomes the writer's
  // connection.
  Result<void> start(storage::SqlDriver& db, std::unique_ptr<storage::SqlDriver> writer);
  // Finishes queued writes; later calls answer kUnavailable.
  void stop();
  // Commit listener: the committed events, in order.
  void committed(std::span<const core::Event> events);
  // Engine view (EngineHost::add_view): positions and EWTs of watched,
  // queued chats; the returned work sends the frames off the engine thread.
  std::function<void()> observe(const core::Engine& e, int64_t now_ms);
  // Wrap-up check for ContactService (engine thread): whether `code` is
  // allowed on `queue` (its desk's codes; none = any).
  bool disposition_allowed(core::QueueId queue, std::string_view code) const;

  // ---- widgets (read configuration; changes: write configuration, audited)
  void widgets(const Caller& c, Reply<std::vector<chat::Widget>> reply);
  void widget(const Caller& c, int64_t id, Reply<chat::Widget> reply);
  void create_widget(const Caller& c, chat::Widget w, Reply<chat::Widget> reply);
  void update_widget(const Caller& c, chat::Widget w, Reply<chat::Widget> reply);
  void delete_widget(const Caller& c, int64_t id, Reply<void> reply);
  // What the widget script shows before a chat starts (public): the enabled
  // widget with this key; kNotFound naming "key", kPermissionDenied naming
  // "Origin" when the page may not embed it.
  void public_widget(const std::string& key, const std::string& origin, Reply<chat::Widget> reply);
  // CORS preflight: whether some enabled widget allows `origin`.
  bool origin_known(std::string_view origin) const;

  // ---- visitors (the token is the credential)
  // kNotFound naming "widget" (unknown or disabled), kPermissionDenied naming
  // "Origin", kRateLimited, kCapacity / kIllegalState when refused.
  void start_chat(StartChat in, Reply<StartedChat> reply);
  void visitor_view(const std::string& token, const std::string& origin, Reply<ChatView> reply);
  void visitor_send(const std::string& token, const std::string& origin, std::string text, std::string client_id,
                    Reply<chat::Message> reply);
  void visitor_typing(const std::string& token, const std::string& origin, bool on, Reply<void> reply);
  void visitor_receipt(const std::string& token, const std::string& origin, std::optional<int64_t> delivered,
                       std::optional<int64_t> read, Reply<void> reply);
  // Queued or ringing: abandoned; talking: ended (the agent wraps up).
  void visitor_end(const std::string& token, const std::string& origin, Reply<ChatView> reply);
  // hello, the messages after `since`, then live frames. Replies with the
  // subscription id.
  void visitor_subscribe(const std::string& token, const std::string& origin, int64_t since, Sink sink,
                         Reply<uint64_t> reply);
  // Whether `origin` may use the session of `token` (for CORS headers on
  // answers); false when unknown.
  bool visitor_origin_allowed(const std::string& token, std::string_view origin) const;

  // ---- staff
  void sessions(const Caller& c, bool ended, size_t limit, Reply<std::vector<ChatView>> reply);
  void session(const Caller& c, core::ContactId id, Reply<ChatView> reply);
  void staff_send(const Caller& c, core::ContactId id, chat::MessageKind kind, std::string text,
                  std::string client_id, Reply<chat::Message> reply);
  void staff_typing(const Caller& c, core::ContactId id, bool on, Reply<void> reply);
  void staff_receipt(const Caller& c, core::ContactId id, std::optional<int64_t> delivered,
                     std::optional<int64_t> read, Reply<void> reply);
  void barge(const Caller& c, core::ContactId id, Reply<ChatView> reply);
  void staff_subscribe(const Caller& c, core::ContactId id, int64_t since, Sink sink, Reply<uint64_t> reply);
  void unsubscribe(uint64_t id);

  // ---- desk
  void notes(const Caller& c, core::ContactId id, Reply<NotesView> reply);
  void add_note(const Caller& c, core::ContactId id, chat::NoteKind kind, std::string text, Reply<chat::Note> reply);
  // The notes of a customer's contacts (the caller already read the
  // customer's history), newest first.
  void customer_notes(std::string customer_id, size_t limit, Reply<std::vector<chat::Note>> reply);
  void desk(const Caller& c, core::QueueId queue, Reply<chat::Desk> reply);
  void set_desk(const Caller& c, core::QueueId queue, chat::Desk d, Reply<chat::Desk> reply);

  // Figures for /metrics and tests.
  size_t live_sessions() const;
  size_t subscribers() const;

 private:
  struct Sub {
    uint64_t id = 0;
    bool staff = false;
    Sink sink;
  };
  // What the engine says about a chat contact (from committed events).
  struct ContactTrack {
    core::ContactState state = core::ContactState::kQueued;
    core::AgentId agent = core::kNoId;
    core::QueueId queue = core::kNoId;
    std::optional<int64_t> answered_ms;
  };
  struct Live {
    chat::Session session;
    std::string token_hash;
    int64_t next_seq = 1;
    bool visitor_ended = false;
    bool ending = false;  // the end is being written
    std::optional<uint32_t> position;
    std::optional<int64_t> ewt_ms;
    std::vector<Sub> subs;
  };
  struct Access;  // what a staff caller may do with a chat

  chat::LiveState live_state(core::ContactId id, const Live& l) const;  // mu_ held
  void send_to(Live& l, const std::shared_ptr<const std::string>& frame, bool staff_only);  // mu_ held
  void apply(const core::Event& e, std::vector<std::function<void()>>& after);            // mu_ held
  void on_contact_gone(core::ContactId id, std::string reason, bool answered, std::vector<std::function<void()>>& after);
  void finish_end(core::ContactId id, std::string reason, std::string survey_token);
  void with_visitor(const std::string& token, const std::string& origin,
                    std::function<void(const Result<core::ContactId>&)> then);
  void with_staff(const Caller& c, core::ContactId id, bool write,
                  std::function<void(const Result<std::shared_ptr<const Access>>&)> then);
  void post_message(core::ContactId id, chat::Sender from, chat::MessageKind kind, std::string author,
                    std::string text, std::string client_id, Reply<chat::Message> reply);
  void move_receipt(core::ContactId id, bool visitor_side, std::optional<int64_t> delivered,
                    std::optional<int64_t> read, Reply<void> reply);
  void typing(core::ContactId id, chat::Sender from, bool on);
  void subscribe(core::ContactId id, bool staff, int64_t since, Sink sink, Reply<uint64_t> reply);
  void view_of(core::ContactId id, bool with_messages, Reply<ChatView> reply);
  void write(std::function<void(storage::SqlDriver&)> job);

  Runtime& rt_;
  ContactService& contacts_;
  SurveyService& surveys_;
  Options opts_;
  const Caller system_;  // what the service acts as on the visitor's behalf

  mutable std::mutex mu_;
  std::unordered_map<core::ContactId, ContactTrack> tracks_;  // guarded by mu_: chat contacts the engine holds
  std::unordered_set<core::ContactId> held_;                  // guarded by mu_: chat contacts on hold
  std::unordered_map<core::ContactId, Live> live_;            // guarded by mu_: sessions not ended
  std::unordered_map<std::string, core::ContactId> by_token_;  // guarded by mu_: hash -> live session
  std::unordered_map<int64_t, chat::Widget> widgets_;         // guarded by mu_: by id
  std::unordered_map<core::QueueId, chat::Desk> desks_;       // guarded by mu_
  auth::RateLimiter starts_;                                  // guarded by mu_
  uint64_t next_sub_ = 1;                                     // guarded by mu_
  std::unordered_map<uint64_t, core::ContactId> sub_contact_;  // guarded by mu_
  bool stopped_ = false;                                      // guarded by mu_
  std::unique_ptr<server::WorkQueue<storage::SqlDriver>> writer_;
};

}  // namespace switchyard::app
