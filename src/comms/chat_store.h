#pragma once
// Module "comms_chat", team chat (docs/comms.md "Team chat"): rooms, their members, messages,
// each user's read mark per room, and full-text search over messages in English and Chinese
// (search_text.h) restricted to the rooms a user is in.
//
// A second module beside "comms" (kb_store.h) so that the chat's migrations and the knowledge
// base's (and the briefings' that follow) never compete for the same version numbers.
//
// Rooms: kDirect (two members, at most one room per pair: its key), kTeam and kSite (one per
// team or site name, created on demand; who is in them is the engine's configuration, not a
// row here: see TeamChatService), kGroup and kHuddle (members listed; a huddle has a time,
// an agenda and notes).
//
// Tables: comms_chat_rooms (key: "direct:a b", "team:NAME", "site:NAME", NULL for groups and
// huddles), comms_chat_members (direct, group and huddle rooms), comms_chat_reads (the last
// message each user has read in a room; posting marks the author's own message read),
// comms_chat_messages. The search index is comms_chat_fts (FTS5, rowid = message id, columns
// room = "r<id>" and search) on SQLite and a tsvector column with a GIN index on PostgreSQL
// (the room token weighted A, the text D). A search looks only in the caller's rooms (the room
// tokens are part of the index query, so the index intersects them with the words), takes the
// newest kChatSearchCandidates matches by id and ranks those (BM25 computed here over the
// candidates, the same on both databases): a common word costs about what a rare one costs.
//
// Threading: one connection, one thread at a time.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "storage/migrate.h"
#include "storage/sql_driver.h"

namespace switchyard::comms {

enum class RoomKind : uint8_t { kDirect, kTeam, kSite, kGroup, kHuddle };
std::string_view to_string(RoomKind k);  // "direct", "team", "site", "group", "huddle"
std::optional<RoomKind> room_kind_from_string(std::string_view s);

inline constexpr size_t kMaxMessageBytes = 4000;
inline constexpr size_t kMaxRoomNameBytes = 100;
inline constexpr size_t kMaxRoomMembers = 100;   // of a group or huddle
inline constexpr size_t kMaxAgendaBytes = 4000;
inline constexpr size_t kMaxNotesBytes = 20000;
inline constexpr size_t kChatSearchCandidates = 500;  // newest matches ranked per search

struct Huddle {
  int64_t starts_ms = 0, ends_ms = 0;
  std::string agenda, notes;
  bool operator==(const Huddle&) const = default;
};

struct Room {
  int64_t id = 0;
  RoomKind kind = RoomKind::kGroup;
  std::string name;                  // a team or site room: its team or site name
  std::string team, site;            // of a team / site room ("" otherwise)
  std::vector<std::string> members;  // direct, group, huddle rooms: user names, sorted
  std::optional<Huddle> huddle;      // huddles only
  std::string created_by;
  int64_t created_ms = 0;
};

struct Message {
  int64_t id = 0;  // increasing
  int64_t room = 0;
  std::string author;
  std::string body;
  std::vector<std::string> mentions;  // user names
  bool broadcast = false;             // a team lead's broadcast
  int64_t created_ms = 0;
  std::optional<int64_t> edited_ms;
  bool operator==(const Message&) const = default;
};

// A room as one user sees it in its list.
struct RoomSummary {
  Room room;
  int64_t unread = 0;                 // messages after the user's read mark
  std::optional<Message> last_message;
};

struct FoundMessage {
  Message message;
  std::string room_name;
};

// kInvalidArgument "body" unless 1..kMaxMessageBytes bytes of clean text.
Result<void> validate_body(std::string_view body);

class ChatRepository {
 public:
  explicit ChatRepository(storage::SqlDriver& db) : db_(db) {}
  static const storage::ModuleSchema& schema();  // module "comms_chat"

  // The room of team (or site) `name`, created when it does not exist yet. Returns its id.
  Result<int64_t> keyed_room(RoomKind kind, std::string_view name, int64_t now_ms);
  // The direct room of users a and b (a != b), created when new; `created` says which.
  Result<int64_t> direct_room(std::string_view a, std::string_view b, int64_t now_ms, bool* created = nullptr);
  // A group or huddle room with `members` (the creator is added). Returns its id.
  Result<int64_t> create_room(RoomKind kind, std::string_view name, std::span<const std::string> members,
                              const std::optional<Huddle>& huddle, std::string_view created_by, int64_t now_ms);
  Result<std::optional<Room>> room(int64_t id);
  // kNotFound "id" unless `id` is a huddle.
  Result<void> set_huddle_text(int64_t id, std::string_view agenda, std::string_view notes);

  // A message, indexed for search in the same transaction; the author's read mark moves to it.
  // `within`, when set, runs in that transaction too (e.g. the notifications of the message).
  using Within = std::function<Result<void>(const Message&)>;
  Result<Message> post(int64_t room, std::string_view author, std::string_view body,
                       std::span<const std::string> mentions, bool broadcast, int64_t now_ms,
                       const Within& within = {});
  // The message `id` (nullopt when there is none).
  Result<std::optional<Message>> message(int64_t id);
  // Replaces the body and mentions of the author's own message, re-indexed in the same
  // transaction (kNotFound "id" when `id` is not `author`'s); `within` as for post().
  Result<Message> edit(int64_t id, std::string_view author, std::string_view body,
                       std::span<const std::string> mentions, int64_t now_ms, const Within& within = {});
  // Newest first, ids < before_id (0 = newest), at most `limit`.
  Result<std::vector<Message>> messages(int64_t room, int64_t before_id, size_t limit);

  // Moves the user's read mark in `room` up to `message` (never back); returns the unread left.
  Result<int64_t> mark_read(int64_t room, std::string_view user, int64_t message);
  Result<int64_t> unread(int64_t room, std::string_view user);

  // The rooms of `user`: those it is a member of, and the team and site rooms named by
  // `team` / `site` ("" = none) when they exist. With unread counts and last messages, in one
  // query; most recent activity first.
  Result<std::vector<RoomSummary>> rooms_of(std::string_view user, std::string_view team, std::string_view site);
  // Their ids only.
  Result<std::vector<int64_t>> room_ids_of(std::string_view user, std::string_view team, std::string_view site);

  // Messages of `rooms` matching `query` (search_text.h; whole words: no prefix, see the .cc), best
  // first among the newest kChatSearchCandidates matches. kInvalidArgument "limit" unless 1..200.
  Result<std::vector<FoundMessage>> search(std::string_view query, std::span<const int64_t> rooms, size_t limit);

 private:
  bool postgres() const;
  Result<std::vector<std::string>> members(int64_t room);
  storage::SqlDriver& db_;
};

}  // namespace switchyard::comms
