#include "app/team_chat_service.h"

#include <algorithm>

#include "app/directory.h"
#include "auth/account_repository.h"
#include "comms/search_text.h"
#include "core/text.h"
#include "notify/notify_store.h"

namespace switchyard::app {

namespace {

using auth::Permission;
using comms::ChatRepository;
using comms::Room;
using comms::RoomKind;

template <typename T>
Result<T> fail(const Error& e) {
  return std::unexpected(e);
}

ChatPresence presence_of_state(core::AgentState s) {
  switch (s) {
    case core::AgentState::kLoggedOut: return ChatPresence::kOffline;
    case core::AgentState::kAvailable: return ChatPresence::kAvailable;
    case core::AgentState::kNotReady: return ChatPresence::kAway;
    case core::AgentState::kReserved:
    case core::AgentState::kBusy:
    case core::AgentState::kWrapUp: return ChatPresence::kBusy;
  }
  return ChatPresence::kOffline;
}

bool name_char(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
         ch == '-';
}

// The names written "@name" in `body` (a name ends before a character that no user name has; a
// trailing '.' is punctuation), in order, once each.
std::vector<std::string> at_names(std::string_view body) {
  std::vector<std::string> out;
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '@' || (i > 0 && name_char(body[i - 1]))) continue;
    size_t j = i + 1;
    while (j < body.size() && name_char(body[j])) ++j;
    std::string name(body.substr(i + 1, j - i - 1));
    while (!name.empty() && name.back() == '.') name.pop_back();
    if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
    i = j - 1;
  }
  return out;
}

const auto kNoRoom = [] { return make_error(ErrorCode::kNotFound, "no such room of yours", "id"); };

constexpr std::string_view kPresenceNames[] = {"offline", "available", "busy", "away"};

}  // namespace

std::string_view to_string(ChatPresence p) { return kPresenceNames[static_cast<size_t>(p)]; }

const TeamChatService::Member* TeamChatService::Directory::find(std::string_view name) const {
  for (const Member& m : users)
    if (m.name == name) return &m;
  return nullptr;
}

Result<void> TeamChatService::may_chat(const Caller& c) {
  if (auto ok = require(c, Permission::kReadComms); !ok) return ok;
  if (c.user_id == 0) return make_error(ErrorCode::kPermissionDenied, "team chat is for users, not API keys");
  return {};
}

Result<TeamChatService::Directory> TeamChatService::directory(storage::SqlDriver& db) {
  auto users = auth::AccountRepository(db).list_users();
  if (!users) return fail<Directory>(users.error());
  std::shared_ptr<const Agents> agents;
  {
    std::lock_guard lk(mu_);
    agents = agents_;
  }
  const auto names = rt_.catalog.names();
  auto name = [&](Kind k, uint32_t id) {
    const std::string* n = id == core::kNoId ? nullptr : names->name(k, id);
    return n ? *n : std::string();
  };
  Directory d;
  for (const auth::User& u : *users) {
    Member m{u.id, u.username, name(Kind::kTeam, u.team), "", "", u.agent, u.display_name, u.role};
    if (u.agent != core::kNoId) {
      const AgentInfo* a = nullptr;
      if (agents)
        if (auto it = agents->find(u.agent); it != agents->end()) a = &it->second;
      if (a) {  // the engine's configuration decides an agent's team and site
        m.agent = a->name;
        m.team = a->team;
        m.site = a->site;
      } else {
        m.agent = name(Kind::kAgent, u.agent);
      }
    }
    d.users.push_back(std::move(m));
  }
  std::lock_guard lk(mu_);
  users_ = d.users;
  return d;
}

std::vector<std::string> TeamChatService::members_of(const Room& room, const Directory& d) {
  std::vector<std::string> out;
  switch (room.kind) {
    case RoomKind::kTeam:
      for (const Member& m : d.users)
        if (!room.team.empty() && m.team == room.team) out.push_back(m.name);
      return out;
    case RoomKind::kSite:
      for (const Member& m : d.users)
        if (!room.site.empty() && m.site == room.site) out.push_back(m.name);
      return out;
    case RoomKind::kDirect:
    case RoomKind::kGroup:
    case RoomKind::kHuddle: return room.members;
  }
  return out;
}

Result<Room> TeamChatService::readable(storage::SqlDriver& db, int64_t id, const Member& who, const Directory& d) {
  auto room = ChatRepository(db).room(id);
  if (!room) return fail<Room>(room.error());
  if (!*room) return kNoRoom();
  const auto members = members_of(**room, d);
  if (std::find(members.begin(), members.end(), who.name) == members.end()) return kNoRoom();
  return std::move(**room);
}

Result<std::vector<comms::RoomSummary>> TeamChatService::rooms_of(storage::SqlDriver& db, const Member& who) {
  ChatRepository repo(db);
  const int64_t now = rt_.clock.now_ms();
  if (!who.team.empty())
    if (auto r = repo.keyed_room(RoomKind::kTeam, who.team, now); !r) return std::unexpected(r.error());
  if (!who.site.empty())
    if (auto r = repo.keyed_room(RoomKind::kSite, who.site, now); !r) return std::unexpected(r.error());
  return repo.rooms_of(who.name, who.team, who.site);
}

Result<comms::RoomSummary> TeamChatService::summary(storage::SqlDriver& db, int64_t id, const std::string& user) {
  ChatRepository repo(db);
  auto room = repo.room(id);
  if (!room) return std::unexpected(room.error());
  if (!*room) return kNoRoom();
  comms::RoomSummary s{std::move(**room), 0, std::nullopt};
  auto unread = repo.unread(id, user);
  if (!unread) return std::unexpected(unread.error());
  s.unread = *unread;
  auto last = repo.messages(id, 0, 1);
  if (!last) return std::unexpected(last.error());
  if (!last->empty()) s.last_message = std::move(last->front());
  return s;
}

// A handler's start: the caller as a member of the directory, on a store worker.
#define SY_CHAT_WHO(d, who, T)                                                     \
  auto d = directory(db);                                                          \
  if (!d) return fail<T>(d.error());                                               \
  const Member* who = d->find(name);                                               \
  if (!who) return make_error(ErrorCode::kPermissionDenied, "no such user", "")

void TeamChatService::rooms(const Caller& c, Reply<std::vector<comms::RoomSummary>> reply) {
  if (auto ok = may_chat(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<comms::RoomSummary>>(
      rt_,
      [this, name = c.name](storage::SqlDriver& db) -> Result<std::vector<comms::RoomSummary>> {
        SY_CHAT_WHO(d, who, std::vector<comms::RoomSummary>);
        return rooms_of(db, *who);
      },
      std::move(reply));
}

void TeamChatService::create_room(const Caller& c, NewRoom in, Reply<Made> reply) {
  if (auto ok = may_chat(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<Made>(
      rt_,
      [this, name = c.name, in = std::move(in)](storage::SqlDriver& db) -> Result<Made> {
        SY_CHAT_WHO(d, who, Made);
        ChatRepository repo(db);
        const int64_t now = rt_.clock.now_ms();
        Made made;
        int64_t id = 0;
        if (in.kind == RoomKind::kDirect) {
          if (!d->find(in.with)) return make_error(ErrorCode::kInvalidArgument, "no such user", "with");
          auto r = repo.direct_room(who->name, in.with, now, &made.created);
          if (!r) return fail<Made>(r.error());
          id = *r;
        } else if (in.kind == RoomKind::kGroup || in.kind == RoomKind::kHuddle) {
          std::vector<std::string> members;
          for (size_t i = 0; i < in.members.size(); ++i) {
            if (!d->find(in.members[i]))
              return make_error(ErrorCode::kInvalidArgument, "no such user", "members[" + std::to_string(i) + "]");
            if (in.members[i] != who->name && std::find(members.begin(), members.end(), in.members[i]) == members.end())
              members.push_back(in.members[i]);
          }
          auto r = repo.create_room(in.kind, in.name, members, in.huddle, who->name, now);
          if (!r) return fail<Made>(r.error());
          id = *r;
          made.created = true;
        } else {
          return make_error(ErrorCode::kInvalidArgument, "direct, group or huddle", "kind");
        }
        auto s = summary(db, id, who->name);
        if (!s) return fail<Made>(s.error());
        made.room = std::move(*s);
        if (made.created) {
          ChatPush p{.type = ChatPush::Type::kRoom};
          p.rooms.push_back(made.room);
          push(made.room.room.members, p);
        }
        return made;
      },
      std::move(reply));
}

void TeamChatService::messages(const Caller& c, int64_t room, int64_t before_id, size_t limit,
                               Reply<std::vector<comms::Message>> reply) {
  if (auto ok = may_chat(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<comms::Message>>(
      rt_,
      [this, name = c.name, room, before_id, limit](storage::SqlDriver& db) -> Result<std::vector<comms::Message>> {
        SY_CHAT_WHO(d, who, std::vector<comms::Message>);
        if (auto r = readable(db, room, *who, *d); !r) return fail<std::vector<comms::Message>>(r.error());
        return ChatRepository(db).messages(room, before_id, limit);
      },
      std::move(reply));
}

Result<comms::Message> TeamChatService::write(storage::SqlDriver& db, const Room& room, const Directory& d,
                                              const Member& author, const std::string& body, bool broadcast) {
  if (auto ok = comms::validate_body(body); !ok) return fail<comms::Message>(ok.error());
  const std::vector<std::string> members = members_of(room, d);
  const std::vector<std::string> mentions = mentions_in(body, members, author.name);
  // who is told: the mentioned; on a broadcast every other member
  std::vector<int64_t> mentioned, everyone;
  for (const std::string& n : members) {
    const Member* m = d.find(n);
    if (!m || n == author.name) continue;
    everyone.push_back(m->id);
    if (std::find(mentions.begin(), mentions.end(), n) != mentions.end()) mentioned.push_back(m->id);
  }
  const int64_t now = rt_.clock.now_ms();
  std::vector<int64_t> told;
  auto m = ChatRepository(db).post(
      room.id, author.name, body, mentions, broadcast, now, [&](const comms::Message& msg) -> Result<void> {
        const std::string link = "/comms/chat/" + std::to_string(room.id);
        const std::string data = notify::encode_data({{"room", room.id}, {"message", msg.id}, {"by", author.name}});
        if (auto r = add_notifications(db, mentioned, "comms.mention", data, link, now, told); !r) return r;
        if (broadcast) return add_notifications(db, everyone, "comms.broadcast", data, link, now, told);
        return {};
      });
  if (!m) return m;
  if (notify_ && !told.empty()) notify_(told);
  push(members, ChatPush{.type = ChatPush::Type::kMessage, .message = *m});
  return m;
}

std::vector<std::string> TeamChatService::mentions_in(const std::string& body, const std::vector<std::string>& members,
                                                      const std::string& author) {
  std::vector<std::string> out;
  for (std::string& n : at_names(body))
    if (n != author && std::find(members.begin(), members.end(), n) != members.end()) out.push_back(std::move(n));
  return out;
}

void TeamChatService::edit(const Caller& c, int64_t message, std::string body, Reply<comms::Message> reply) {
  if (auto ok = may_chat(c); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = comms::validate_body(body); !ok) return reply(std::unexpected(ok.error()));
  on_store<comms::Message>(
      rt_,
      [this, name = c.name, message, body = std::move(body)](storage::SqlDriver& db) -> Result<comms::Message> {
        SY_CHAT_WHO(d, who, comms::Message);
        ChatRepository repo(db);
        auto old = repo.message(message);
        if (!old) return fail<comms::Message>(old.error());
        const auto mine = [] { return make_error(ErrorCode::kNotFound, "no such message of yours", "id"); };
        if (!*old || (*old)->author != who->name) return mine();
        auto room = readable(db, (*old)->room, *who, *d);
        if (!room) return mine();
        const std::vector<std::string> members = members_of(*room, *d);
        const std::vector<std::string> mentions = mentions_in(body, members, who->name);
        std::vector<int64_t> fresh;  // named now, not before
        for (const std::string& n : mentions)
          if (std::find((*old)->mentions.begin(), (*old)->mentions.end(), n) == (*old)->mentions.end())
            if (const Member* m = d->find(n)) fresh.push_back(m->id);
        const int64_t now = rt_.clock.now_ms();
        std::vector<int64_t> told;
        auto m = repo.edit(message, who->name, body, mentions, now, [&](const comms::Message& msg) -> Result<void> {
          const std::string data = notify::encode_data({{"room", msg.room}, {"message", msg.id}, {"by", who->name}});
          return add_notifications(db, fresh, "comms.mention", data, "/comms/chat/" + std::to_string(msg.room), now, told);
        });
        if (!m) return m;
        if (notify_ && !told.empty()) notify_(told);
        push(members, ChatPush{.type = ChatPush::Type::kEdited, .message = *m});
        return m;
      },
      std::move(reply));
}

void TeamChatService::members(const Caller& c, int64_t room, Reply<std::vector<RoomMember>> reply) {
  if (auto ok = may_chat(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<RoomMember>>(
      rt_,
      [this, name = c.name, room](storage::SqlDriver& db) -> Result<std::vector<RoomMember>> {
        SY_CHAT_WHO(d, who, std::vector<RoomMember>);
        auto r = readable(db, room, *who, *d);
        if (!r) return fail<std::vector<RoomMember>>(r.error());
        std::vector<std::string> names = members_of(*r, *d);
        std::sort(names.begin(), names.end());
        std::vector<RoomMember> out;
        std::lock_guard lk(mu_);
        for (const std::string& n : names)
          if (const Member* m = d->find(n)) out.push_back(RoomMember{presence_of(*m), m->display_name, m->role});
        return out;
      },
      std::move(reply));
}

void TeamChatService::post(const Caller& c, int64_t room, std::string body, Reply<comms::Message> reply) {
  if (auto ok = may_chat(c); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = comms::validate_body(body); !ok) return reply(std::unexpected(ok.error()));
  on_store<comms::Message>(
      rt_,
      [this, name = c.name, room, body = std::move(body)](storage::SqlDriver& db) -> Result<comms::Message> {
        SY_CHAT_WHO(d, who, comms::Message);
        auto r = readable(db, room, *who, *d);
        if (!r) return fail<comms::Message>(r.error());
        return write(db, *r, *d, *who, body, false);
      },
      std::move(reply));
}

void TeamChatService::broadcast(const Caller& c, std::string body, Reply<comms::Message> reply) {
  if (auto ok = may_chat(c); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = require(c, Permission::kPublishComms); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = comms::validate_body(body); !ok) return reply(std::unexpected(ok.error()));
  on_store<comms::Message>(
      rt_,
      [this, name = c.name, body = std::move(body)](storage::SqlDriver& db) -> Result<comms::Message> {
        SY_CHAT_WHO(d, who, comms::Message);
        if (who->team.empty())
          return make_error(ErrorCode::kPermissionDenied, "a broadcast goes to one's own team room: you have no team");
        auto id = ChatRepository(db).keyed_room(RoomKind::kTeam, who->team, rt_.clock.now_ms());
        if (!id) return fail<comms::Message>(id.error());
        auto r = readable(db, *id, *who, *d);
        if (!r) return fail<comms::Message>(r.error());
        return write(db, *r, *d, *who, body, true);
      },
      std::move(reply));
}

void TeamChatService::mark_read(const Caller& c, int64_t room, int64_t message, Reply<int64_t> reply) {
  if (auto ok = may_chat(c); !ok) return reply(std::unexpected(ok.error()));
  if (message < 1) return reply(make_error(ErrorCode::kInvalidArgument, "a message id", "message"));
  on_store<int64_t>(
      rt_,
      [this, name = c.name, room, message](storage::SqlDriver& db) -> Result<int64_t> {
        SY_CHAT_WHO(d, who, int64_t);
        if (auto r = readable(db, room, *who, *d); !r) return fail<int64_t>(r.error());
        auto unread = ChatRepository(db).mark_read(room, who->name, message);
        if (!unread) return unread;
        push({who->name}, ChatPush{.type = ChatPush::Type::kRead, .room = room, .unread = *unread});
        return unread;
      },
      std::move(reply));
}

void TeamChatService::edit_huddle(const Caller& c, int64_t room, std::string agenda, std::string notes,
                                  Reply<comms::RoomSummary> reply) {
  if (auto ok = may_chat(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<comms::RoomSummary>(
      rt_,
      [this, name = c.name, room, agenda = std::move(agenda),
       notes = std::move(notes)](storage::SqlDriver& db) -> Result<comms::RoomSummary> {
        SY_CHAT_WHO(d, who, comms::RoomSummary);
        auto r = readable(db, room, *who, *d);  // members (the creator is one)
        if (!r) return fail<comms::RoomSummary>(r.error());
        if (r->kind != RoomKind::kHuddle) return make_error(ErrorCode::kInvalidArgument, "not a huddle", "id");
        if (auto x = ChatRepository(db).set_huddle_text(room, agenda, notes); !x)
          return fail<comms::RoomSummary>(x.error());
        auto s = summary(db, room, who->name);
        if (!s) return s;
        ChatPush p{.type = ChatPush::Type::kRoom};
        p.rooms.push_back(*s);
        push(s->room.members, p);
        return s;
      },
      std::move(reply));
}

void TeamChatService::search(const Caller& c, std::string q, int64_t room, size_t limit,
                             Reply<std::vector<comms::FoundMessage>> reply) {
  if (auto ok = may_chat(c); !ok) return reply(std::unexpected(ok.error()));
  if (q.size() > 200 || !is_clean_text(q) || comms::query_phrases(q).empty())
    return reply(make_error(ErrorCode::kInvalidArgument, "a word to search for (at most 200 bytes)", "q"));
  if (limit < 1 || limit > 200) return reply(make_error(ErrorCode::kInvalidArgument, "1..200", "limit"));
  on_store<std::vector<comms::FoundMessage>>(
      rt_,
      [this, name = c.name, q = std::move(q), room, limit](storage::SqlDriver& db) -> Result<std::vector<comms::FoundMessage>> {
        SY_CHAT_WHO(d, who, std::vector<comms::FoundMessage>);
        ChatRepository repo(db);
        std::vector<int64_t> rooms;
        if (room != 0) {
          if (auto r = readable(db, room, *who, *d); !r) return fail<std::vector<comms::FoundMessage>>(r.error());
          rooms.push_back(room);
        } else {
          auto ids = repo.room_ids_of(who->name, who->team, who->site);
          if (!ids) return fail<std::vector<comms::FoundMessage>>(ids.error());
          rooms = std::move(*ids);
        }
        return repo.search(q, rooms, limit);
      },
      std::move(reply));
}

bool TeamChatService::has_socket(const std::string& user) const {
  return std::any_of(subs_.begin(), subs_.end(), [&](const auto& x) { return x.second->user == user; });
}

PresenceEntry TeamChatService::presence_of(const Member& m) const {
  PresenceEntry p{m.name, m.agent, ChatPresence::kOffline, 0};
  const auto socket = socket_since_.find(m.name);
  const int64_t socket_ms = socket == socket_since_.end() ? 0 : socket->second;
  if (m.agent_id != core::kNoId) {
    if (agents_)
      if (auto it = agents_->find(m.agent_id); it != agents_->end()) {
        p.state = it->second.state;
        p.since_ms = it->second.since_ms;
      }
    if (p.state == ChatPresence::kOffline && has_socket(m.name)) {  // reads the chat, takes no contacts
      p.state = ChatPresence::kAway;
      p.since_ms = std::max(p.since_ms, socket_ms);
    }
    return p;
  }
  p.since_ms = socket_ms;
  if (has_socket(m.name)) p.state = ChatPresence::kAvailable;
  return p;
}

void TeamChatService::presence(const Caller& c, Reply<std::vector<PresenceEntry>> reply) {
  if (auto ok = may_chat(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<PresenceEntry>>(
      rt_,
      [this, name = c.name](storage::SqlDriver& db) -> Result<std::vector<PresenceEntry>> {
        SY_CHAT_WHO(d, who, std::vector<PresenceEntry>);
        auto rooms = rooms_of(db, *who);
        if (!rooms) return fail<std::vector<PresenceEntry>>(rooms.error());
        std::set<std::string> users{who->name};
        for (const comms::RoomSummary& s : *rooms)
          for (std::string& u : members_of(s.room, *d)) users.insert(std::move(u));
        std::vector<PresenceEntry> out;
        std::lock_guard lk(mu_);
        for (const std::string& u : users)
          if (const Member* m = d->find(u)) out.push_back(presence_of(*m));
        return out;
      },
      std::move(reply));
}

Result<uint64_t> TeamChatService::subscribe(const Caller& c, Send send) {
  if (auto ok = may_chat(c); !ok) return std::unexpected(ok.error());
  auto s = std::make_shared<Sub>();
  s->user = c.name;
  s->send = std::move(send);
  uint64_t id = 0;
  bool opened = false;  // the user's first socket: a non-agent or a logged-out agent shows it
  {
    std::lock_guard lk(mu_);
    id = next_id_++;
    opened = !has_socket(c.name);
    if (opened) socket_since_[c.name] = rt_.clock.now_ms();
    subs_[id] = s;
  }
  // the first frame: the rooms (who is in them is whose presence the socket hears)
  rt_.store.post([this, s, name = c.name, opened](storage::SqlDriver& db) {
    auto d = directory(db);
    if (!d) return;
    const Member* who = d->find(name);
    if (!who) return;
    auto rooms = rooms_of(db, *who);
    if (!rooms) return;
    std::set<std::string> sees{name};
    for (const comms::RoomSummary& r : *rooms)
      for (std::string& u : members_of(r.room, *d)) sees.insert(std::move(u));
    {
      std::lock_guard lk(mu_);
      if (s->closed) return;
      s->sees = sees;
    }
    ChatPush p{.type = ChatPush::Type::kRooms};
    p.rooms = std::move(*rooms);
    s->send(p);
    if (opened) {
      PresenceEntry e;
      {
        std::lock_guard lk(mu_);
        e = presence_of(*who);
      }
      // an agent in the queues shows its engine state, which the socket did not change
      if (who->agent_id == core::kNoId || e.state == ChatPresence::kAway) push_presence({e});
    }
  });
  return id;
}

void TeamChatService::unsubscribe(uint64_t id) {
  std::optional<PresenceEntry> gone;
  {
    std::lock_guard lk(mu_);
    auto it = subs_.find(id);
    if (it == subs_.end()) return;
    it->second->closed = true;
    const std::string user = it->second->user;
    subs_.erase(it);
    auto m = std::find_if(users_.begin(), users_.end(), [&](const Member& u) { return u.name == user; });
    if (!has_socket(user) && m != users_.end()) {
      socket_since_[user] = rt_.clock.now_ms();
      PresenceEntry e = presence_of(*m);
      if (e.state == ChatPresence::kOffline) gone = std::move(e);  // not an agent in the queues
    }
  }
  if (gone) push_presence({*gone});
}

size_t TeamChatService::subscribers() const {
  std::lock_guard lk(mu_);
  return subs_.size();
}

void TeamChatService::push(const std::vector<std::string>& users, const ChatPush& p) {
  std::vector<std::shared_ptr<Sub>> hit;
  {
    std::lock_guard lk(mu_);
    for (const auto& [id, s] : subs_)
      if (std::find(users.begin(), users.end(), s->user) != users.end()) {
        hit.push_back(s);
        // a new room or message: its members become visible to the socket
        if (p.type == ChatPush::Type::kRoom || p.type == ChatPush::Type::kMessage) s->sees.insert(users.begin(), users.end());
      }
  }
  for (auto& s : hit) s->send(p);
}

void TeamChatService::push_presence(const std::vector<PresenceEntry>& changed) {
  for (const PresenceEntry& e : changed) {
    std::vector<std::shared_ptr<Sub>> hit;
    {
      std::lock_guard lk(mu_);
      for (const auto& [id, s] : subs_)
        if (s->sees.contains(e.user)) hit.push_back(s);
    }
    const ChatPush p{.type = ChatPush::Type::kPresence, .presence = e};
    for (auto& s : hit) s->send(p);
  }
}

std::function<void()> TeamChatService::observe(const core::Engine& e, int64_t) {
  auto now = std::make_shared<Agents>();
  const auto& teams = e.team_names();
  const auto& sites = e.site_names();
  for (size_t i = 0; i < e.agent_count(); ++i) {
    const auto id = static_cast<core::AgentId>(i);
    const core::AgentConfig* cfg = e.agent_config(id);
    auto view = e.agent(id);
    if (!cfg || !view) continue;
    AgentInfo a;
    a.name = cfg->name;
    if (cfg->team != core::kNoId && cfg->team < teams.size()) a.team = teams[cfg->team];
    if (cfg->site != core::kNoId && cfg->site < sites.size()) a.site = sites[cfg->site];
    a.state = presence_of_state(view->state);
    a.since_ms = view->state_since_ms;
    now->emplace(id, std::move(a));
  }
  return [this, now = std::shared_ptr<const Agents>(std::move(now))] {
    std::vector<PresenceEntry> changed;
    {
      std::lock_guard lk(mu_);
      const auto before = agents_;
      agents_ = now;
      if (!before) return;  // the first look: nothing to compare
      for (const Member& m : users_) {
        if (m.agent_id == core::kNoId) continue;
        auto a = now->find(m.agent_id);
        auto b = before->find(m.agent_id);
        if (a == now->end()) continue;
        if (b == before->end() || b->second.state != a->second.state) changed.push_back(presence_of(m));
      }
    }
    if (!changed.empty()) push_presence(changed);
  };
}

}  // namespace switchyard::app
