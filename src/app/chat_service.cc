#include "app/chat_service.h"

#include <algorithm>

#include "app/chat_service_parts.h"

namespace switchyard::app {

using core::ContactState;
using chat_parts::shared;

namespace {

Caller system_caller() {
  Caller c;
  c.name = "chat";
  c.role = auth::Role::kAdmin;  // acts for the visitor on their own contact only
  return c;
}

}  // namespace

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

}  // namespace switchyard::app
