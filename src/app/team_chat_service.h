#pragma once
// Team chat and huddles over module "comms_chat" (docs/comms.md "Team chat", docs/api.md
// "Team chat"): rooms, messages, read marks, mentions, a team lead's broadcast, search and
// presence, over REST and the WebSocket /api/v1/comms/chat/socket.
//
// Who is in which room:
// - team room of team T: every user whose team is T: an agent user's team is its engine
//   agent's (configuration, not the account), other users' the account's team (team leads);
// - site room of site S: the agent users whose engine agent is at site S;
// - direct, group and huddle rooms: their members (stored).
// Team and site rooms are created on demand the first time one of their users asks.
//
// Presence: an agent user's state is its engine agent's (logged out -> offline; ready, idle ->
// available; offered, on a contact, wrap-up -> busy; not ready -> away), since the agent's last
// state change, except that an agent logged out of the queues with a chat socket open is away
// (it reads the chat, takes no contacts); other users are available while they have a chat
// socket open. The engine is
// looked at once a second by a periodic view of the engine host (observe()): simpler than
// following the event feed (no state to rebuild from events, the engine already has it) and
// correct (it reads the state the engine has, committed before it is published); a change
// reaches sockets within a second. The same look gives every agent's team and site.
//
// Notifications (module notify, in the message's transaction; after commit on_notify tells
// the notification sockets): `comms.mention` to each member named `@user` in a message (not
// the author), `comms.broadcast` to each member of the lead's team room.
//
// Permission: kReadComms (users only: API keys get kPermissionDenied); a broadcast needs
// kPublishComms and a team of one's own (its team room). A room the caller is not in is
// kNotFound ("id"), never a hint it exists.
//
// Threading: every method from any thread; replies and socket sends on store workers, and
// presence sends on the commit thread (observe()'s publication).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/caller.h"
#include "app/runtime.h"
#include "comms/chat_store.h"

namespace switchyard::app {

enum class ChatPresence : uint8_t { kOffline, kAvailable, kBusy, kAway };
std::string_view to_string(ChatPresence p);  // "offline", "available", "busy", "away"

struct PresenceEntry {
  std::string user;
  std::string agent;  // "" = not an agent user
  ChatPresence state = ChatPresence::kOffline;
  int64_t since_ms = 0;
};

// A member of a room as its member list shows it.
struct RoomMember {
  PresenceEntry presence;
  std::string display_name;  // "" when none was set
  std::string role;
};

struct NewRoom {
  comms::RoomKind kind = comms::RoomKind::kGroup;
  std::string with;                  // direct: the other user
  std::string name;                  // group, huddle
  std::vector<std::string> members;  // group, huddle (the caller is added)
  std::optional<comms::Huddle> huddle;
};

// What a chat socket is sent (rendered to JSON by the API). Every member has an initializer, so
// designated initializers may name just the fields they set.
struct ChatPush {
  enum class Type : uint8_t { kRooms, kMessage, kRead, kPresence, kRoom, kEdited } type = Type::kRooms;
  std::vector<comms::RoomSummary> rooms{};  // kRooms; kRoom: one
  comms::Message message{};                 // kMessage, kEdited
  int64_t room = 0, unread = 0;             // kRead
  PresenceEntry presence{};                 // kPresence
};

class TeamChatService {
 public:
  using Send = std::function<bool(const ChatPush&)>;
  explicit TeamChatService(Runtime& rt) : rt_(rt) {}
  // Called after a commit that stored notifications for `users`.
  void on_notify(std::function<void(std::span<const int64_t>)> f) { notify_ = std::move(f); }

  // The caller's rooms (team and site rooms made on demand), unread counts and last messages.
  void rooms(const Caller& c, Reply<std::vector<comms::RoomSummary>> reply);
  // A direct room (once per pair; `created` false when it existed), a group or a huddle. Users
  // named must exist (kInvalidArgument "with" / "members[i]").
  struct Made {
    comms::RoomSummary room;
    bool created = false;
  };
  void create_room(const Caller& c, NewRoom in, Reply<Made> reply);
  void messages(const Caller& c, int64_t room, int64_t before_id, size_t limit, Reply<std::vector<comms::Message>> reply);
  void post(const Caller& c, int64_t room, std::string body, Reply<comms::Message> reply);
  // The caller's own message with a new body (kNotFound "id" for anyone else's, or when the
  // caller is no longer in its room). Mentions are taken again from the new body; members named
  // for the first time are told (`comms.mention`); the room's sockets get an "edited" frame.
  void edit(const Caller& c, int64_t message, std::string body, Reply<comms::Message> reply);
  // Who is in the room, by user name, with presence (kNotFound "id" unless the caller is in it).
  void members(const Caller& c, int64_t room, Reply<std::vector<RoomMember>> reply);
  // Answers the caller's unread count left in the room.
  void mark_read(const Caller& c, int64_t room, int64_t message, Reply<int64_t> reply);
  // Huddle members and its creator.
  void edit_huddle(const Caller& c, int64_t room, std::string agenda, std::string notes, Reply<comms::RoomSummary> reply);
  // A team lead's message to its team room, told to each member.
  void broadcast(const Caller& c, std::string body, Reply<comms::Message> reply);
  // `room` 0 = every room of the caller's. kInvalidArgument "q" without a word.
  void search(const Caller& c, std::string q, int64_t room, size_t limit, Reply<std::vector<comms::FoundMessage>> reply);
  // The members of the caller's rooms (the caller too), by user name.
  void presence(const Caller& c, Reply<std::vector<PresenceEntry>> reply);

  // A chat socket of the caller: `send` gets the rooms frame, then messages, reads, presence
  // changes and rooms. Returns its id.
  Result<uint64_t> subscribe(const Caller& c, Send send);
  void unsubscribe(uint64_t id);
  size_t subscribers() const;

  // The periodic look at the engine (EngineHost::add_view, engine thread): every agent's
  // state, team and site; the returned function publishes the changes (commit thread).
  std::function<void()> observe(const core::Engine& e, int64_t now_ms);

 private:
  struct AgentInfo {
    std::string name, team, site;
    ChatPresence state = ChatPresence::kOffline;
    int64_t since_ms = 0;
  };
  using Agents = std::unordered_map<core::AgentId, AgentInfo>;
  // A user as chat sees it: its team, its site (agents only), its agent.
  struct Member {
    int64_t id = 0;
    std::string name, team, site, agent;
    core::AgentId agent_id = core::kNoId;
    std::string display_name{}, role{};
  };
  struct Directory {
    std::vector<Member> users;
    const Member* find(std::string_view name) const;
  };
  struct Sub {
    std::string user;
    Send send;
    std::set<std::string> sees;  // users whose presence it is sent
    bool closed = false;
  };

  // Store thread: the users with their teams and sites as the last look saw them.
  Result<Directory> directory(storage::SqlDriver& db);
  // Who is in `room` (user names).
  static std::vector<std::string> members_of(const comms::Room& room, const Directory& d);
  // The room if `who` is in it (kNotFound "id" otherwise).
  static Result<comms::Room> readable(storage::SqlDriver& db, int64_t room, const Member& who, const Directory& d);
  // The caller as a member (kPermissionDenied for API keys).
  static Result<void> may_chat(const Caller& c);
  Result<std::vector<comms::RoomSummary>> rooms_of(storage::SqlDriver& db, const Member& who);
  Result<comms::RoomSummary> summary(storage::SqlDriver& db, int64_t room, const std::string& user);
  // Stores the message with its notifications, then pushes it to the room's sockets.
  Result<comms::Message> write(storage::SqlDriver& db, const comms::Room& room, const Directory& d,
                               const Member& author, const std::string& body, bool broadcast);
  PresenceEntry presence_of(const Member& m) const;  // needs mu_
  bool has_socket(const std::string& user) const;    // needs mu_
  // The members of `room` named in `body` as "@name" (never the author), in order.
  static std::vector<std::string> mentions_in(const std::string& body, const std::vector<std::string>& members,
                                              const std::string& author);
  void push(const std::vector<std::string>& users, const ChatPush& p);
  void push_presence(const std::vector<PresenceEntry>& changed);

  Runtime& rt_;
  std::function<void(std::span<const int64_t>)> notify_;
  mutable std::mutex mu_;
  std::shared_ptr<const Agents> agents_;              // guarded by mu_; null before the first look
  std::vector<Member> users_;                         // guarded by mu_: the last directory read
  std::map<std::string, int64_t> socket_since_;       // guarded by mu_: first socket opened / last closed
  uint64_t next_id_ = 1;                              // guarded by mu_
  std::unordered_map<uint64_t, std::shared_ptr<Sub>> subs_;  // guarded by mu_
};

}  // namespace switchyard::app
