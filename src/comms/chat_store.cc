#include "comms/chat_store.h"

#include <algorithm>
#include <array>

#include "comms/search_text.h"
#include "core/text.h"
#include "comms/text_rules.h"
#include "storage/sql_util.h"

namespace switchyard::comms {

namespace {

using storage::SqlValue;
using storage::Statement;

#define SY_CHAT_TABLES(id_column, extra)                                                      \
  "CREATE TABLE comms_chat_rooms (\n"                                                         \
  "  id " id_column ",\n"                                                                     \
  "  kind TEXT NOT NULL,\n"                                                                   \
  "  name TEXT NOT NULL,\n"                                                                   \
  "  team TEXT NOT NULL,\n"                                                                   \
  "  site TEXT NOT NULL,\n"                                                                   \
  "  ukey TEXT UNIQUE,\n"                                                                     \
  "  created_by TEXT NOT NULL,\n"                                                             \
  "  created_ms BIGINT NOT NULL,\n"                                                           \
  "  starts_ms BIGINT,\n"                                                                     \
  "  ends_ms BIGINT,\n"                                                                       \
  "  agenda TEXT NOT NULL DEFAULT '',\n"                                                      \
  "  notes TEXT NOT NULL DEFAULT ''\n"                                                        \
  ");\n"                                                                                      \
  "CREATE TABLE comms_chat_members (\n"                                                       \
  "  room_id BIGINT NOT NULL,\n"                                                              \
  "  username TEXT NOT NULL,\n"                                                               \
  "  PRIMARY KEY (room_id, username)\n"                                                       \
  ");\n"                                                                                      \
  "CREATE INDEX comms_chat_members_user ON comms_chat_members (username, room_id);\n"        \
  "CREATE TABLE comms_chat_reads (\n"                                                         \
  "  room_id BIGINT NOT NULL,\n"                                                              \
  "  username TEXT NOT NULL,\n"                                                               \
  "  last_read BIGINT NOT NULL,\n"                                                            \
  "  PRIMARY KEY (room_id, username)\n"                                                       \
  ");\n"                                                                                      \
  "CREATE TABLE comms_chat_messages (\n"                                                      \
  "  id " id_column ",\n"                                                                     \
  "  room_id BIGINT NOT NULL,\n"                                                              \
  "  author TEXT NOT NULL,\n"                                                                 \
  "  body TEXT NOT NULL,\n"                                                                   \
  "  mentions TEXT NOT NULL,\n"                                                               \
  "  broadcast SMALLINT NOT NULL,\n"                                                          \
  "  created_ms BIGINT NOT NULL,\n"                                                           \
  "  edited_ms BIGINT" extra "\n"                                                             \
  ");\n"                                                                                      \
  "CREATE INDEX comms_chat_messages_room ON comms_chat_messages (room_id, id);\n"

constexpr std::string_view kV1Sqlite =
    SY_CHAT_TABLES("INTEGER PRIMARY KEY AUTOINCREMENT", "")
    "CREATE VIRTUAL TABLE comms_chat_fts USING fts5(room, search, tokenize = 'unicode61');\n";
constexpr std::string_view kV1Postgres =
    SY_CHAT_TABLES("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", ",\n  search TSVECTOR NOT NULL DEFAULT ''::tsvector")
    "CREATE INDEX comms_chat_search ON comms_chat_messages USING GIN (search);\n";
#undef SY_CHAT_TABLES

constexpr std::array<storage::Migration, 1> kMigrations = {{{1, "team chat", kV1Sqlite, kV1Postgres}}};

#define SY_ROOM_COLUMNS \
  "r.id, r.kind, r.name, r.team, r.site, r.created_by, r.created_ms, r.starts_ms, r.ends_ms, r.agenda, r.notes"
#define SY_MESSAGE_COLUMNS "m.id, m.room_id, m.author, m.body, m.mentions, m.broadcast, m.created_ms, m.edited_ms"

constexpr Statement kKeyedRoom{
    "INSERT INTO comms_chat_rooms (kind, name, team, site, ukey, created_by, created_ms) "
    "VALUES ($1, $2, $3, $4, $5, '', $6) ON CONFLICT (ukey) DO NOTHING"};
constexpr Statement kRoomByKey{"SELECT id FROM comms_chat_rooms WHERE ukey = $1"};
constexpr Statement kCreateRoom{
    "INSERT INTO comms_chat_rooms (kind, name, team, site, ukey, created_by, created_ms, starts_ms, ends_ms, agenda) "
    "VALUES ($1, $2, '', '', $3, $4, $5, $6, $7, $8) RETURNING id"};
constexpr Statement kAddMember{
    "INSERT INTO comms_chat_members (room_id, username) VALUES ($1, $2) ON CONFLICT (room_id, username) DO NOTHING"};
constexpr Statement kRoom{"SELECT " SY_ROOM_COLUMNS " FROM comms_chat_rooms r WHERE r.id = $1"};
constexpr Statement kMembers{"SELECT username FROM comms_chat_members WHERE room_id = $1 ORDER BY username"};
constexpr Statement kSetHuddle{
    "UPDATE comms_chat_rooms SET agenda = $2, notes = $3 WHERE id = $1 AND kind = 'huddle'"};

constexpr Statement kPost{
    "INSERT INTO comms_chat_messages (room_id, author, body, mentions, broadcast, created_ms) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
constexpr Statement kPostPostgres{
    "INSERT INTO comms_chat_messages (room_id, author, body, mentions, broadcast, created_ms, search) "
    "VALUES ($1, $2, $3, $4, $5, $6, setweight(to_tsvector('simple', $7), 'A') || "
    "setweight(to_tsvector('simple', $8), 'D')) RETURNING id"};
constexpr Statement kIndexSqliteDelete{"DELETE FROM comms_chat_fts WHERE rowid = $1"};
constexpr Statement kIndexSqlite{"INSERT INTO comms_chat_fts (rowid, room, search) VALUES ($1, $2, $3)"};
constexpr Statement kEdit{
    "UPDATE comms_chat_messages SET body = $3, edited_ms = $4, mentions = $5 WHERE id = $1 AND author = $2"};
constexpr Statement kEditPostgres{
    "UPDATE comms_chat_messages SET body = $3, edited_ms = $4, mentions = $5, "
    "search = setweight(to_tsvector('simple', $6), 'A') || setweight(to_tsvector('simple', $7), 'D') "
    "WHERE id = $1 AND author = $2"};
constexpr Statement kMessage{"SELECT " SY_MESSAGE_COLUMNS " FROM comms_chat_messages m WHERE m.id = $1"};
constexpr Statement kMessages{
    "SELECT " SY_MESSAGE_COLUMNS " FROM comms_chat_messages m WHERE m.room_id = $1 AND ($2 = 0 OR m.id < $2) "
    "ORDER BY m.id DESC LIMIT $3"};
constexpr Statement kInRoom{"SELECT COUNT(*) FROM comms_chat_messages WHERE id = $1 AND room_id = $2"};

constexpr Statement kMarkRead{
    "INSERT INTO comms_chat_reads (room_id, username, last_read) VALUES ($1, $2, $3) "
    "ON CONFLICT (room_id, username) DO UPDATE SET last_read = CASE WHEN excluded.last_read > "
    "comms_chat_reads.last_read THEN excluded.last_read ELSE comms_chat_reads.last_read END"};
constexpr Statement kUnread{
    "SELECT COUNT(*) FROM comms_chat_messages m WHERE m.room_id = $1 AND m.id > "
    "COALESCE((SELECT rd.last_read FROM comms_chat_reads rd WHERE rd.room_id = $1 AND rd.username = $2), 0)"};

// The user's rooms ($1 the user, $2 / $3 the team and site keys): the members' rows, the
// keyed rooms. One query for every room with its unread count and its last message.
#define SY_ROOMS_OF "(r.id IN (SELECT room_id FROM comms_chat_members WHERE username = $1) OR r.ukey = $2 OR r.ukey = $3)"
constexpr Statement kRoomsOf{
    "SELECT " SY_ROOM_COLUMNS ", "
    "(SELECT COUNT(*) FROM comms_chat_messages x WHERE x.room_id = r.id AND x.id > COALESCE(rd.last_read, 0)), "
    SY_MESSAGE_COLUMNS " FROM comms_chat_rooms r "
    "LEFT JOIN comms_chat_reads rd ON rd.room_id = r.id AND rd.username = $1 "
    "LEFT JOIN comms_chat_messages m ON m.id = (SELECT MAX(y.id) FROM comms_chat_messages y WHERE y.room_id = r.id) "
    "WHERE " SY_ROOMS_OF " ORDER BY COALESCE(m.id, 0) DESC, r.id DESC"};
constexpr Statement kRoomIdsOf{"SELECT r.id FROM comms_chat_rooms r WHERE " SY_ROOMS_OF " ORDER BY r.id"};
// The members of every direct, group and huddle room of user $1.
constexpr Statement kMembersOfRoomsOf{
    "SELECT b.room_id, b.username FROM comms_chat_members a JOIN comms_chat_members b ON b.room_id = a.room_id "
    "WHERE a.username = $1 ORDER BY b.room_id, b.username"};
#undef SY_ROOMS_OF

// The newest $2 matches of $1 (the rooms and the words), newest first: the candidates that
// search() ranks. No bm25() in SQL: FTS5 computes its IDF by reading every match of each
// phrase in the whole index (100 ms for a word in most messages of 1,000,000).
constexpr Statement kSearchSqlite{
    "SELECT " SY_MESSAGE_COLUMNS ", r.name FROM comms_chat_messages m JOIN comms_chat_rooms r ON r.id = m.room_id "
    "WHERE m.id IN (SELECT rowid FROM comms_chat_fts WHERE comms_chat_fts MATCH $1 ORDER BY rowid DESC LIMIT $2) "
    "ORDER BY m.id DESC"};
// PostgreSQL: planned per call. A word in most messages walks the id index newest first with the
// match as a filter (~55,000 rows, near each other, for 500 matches: 30 ms); a rare one lets the
// GIN index intersect the rooms' tokens with the words (docs/comms.md "Search on PostgreSQL").
constexpr Statement kSearchPostgres{
    .sql = "SELECT " SY_MESSAGE_COLUMNS ", r.name FROM comms_chat_messages m JOIN comms_chat_rooms r "
           "ON r.id = m.room_id WHERE m.id IN (SELECT x.id FROM comms_chat_messages x "
           "WHERE x.search @@ to_tsquery('simple', $1) ORDER BY x.id DESC LIMIT $2) ORDER BY m.id DESC",
    .plan_per_call = true};
#undef SY_MESSAGE_COLUMNS
#undef SY_ROOM_COLUMNS

constexpr std::array<std::string_view, 5> kKindNames = {"direct", "team", "site", "group", "huddle"};


Room read_room(const storage::RowReader& r) {
  Room room;
  room.id = r.int64(0);
  room.kind = room_kind_from_string(r.text(1)).value_or(RoomKind::kGroup);
  room.name = r.text(2);
  room.team = r.text(3);
  room.site = r.text(4);
  room.created_by = r.text(5);
  room.created_ms = r.int64(6);
  if (room.kind == RoomKind::kHuddle)
    room.huddle = Huddle{r.int64(7), r.int64(8), std::string(r.text(9)), std::string(r.text(10))};
  return room;
}

// A message from column `at` on.
Message read_message(const storage::RowReader& r, int at = 0) {
  Message m;
  m.id = r.int64(at);
  m.room = r.int64(at + 1);
  m.author = r.text(at + 2);
  m.body = r.text(at + 3);
  m.mentions = storage::split_tags(r.text(at + 4));
  m.broadcast = r.int64(at + 5) != 0;
  m.created_ms = r.int64(at + 6);
  m.edited_ms = storage::opt_col(r, at + 7);
  return m;
}

// The index token of a room: a word no query of the text can match: on SQLite the words are
// searched in column `search` only; on PostgreSQL the token is weighted A and the words D.
std::string room_token(int64_t room) { return "r" + std::to_string(room); }

// A tsquery of the text's words only (weight D), so that no word matches a room's token (A).
std::string text_only(const std::string& tsquery) {
  std::string out;
  bool in_token = false;
  for (size_t i = 0; i < tsquery.size(); ++i) {
    out += tsquery[i];
    if (tsquery[i] != '\'') continue;
    in_token = !in_token;
    if (in_token) continue;
    if (tsquery.compare(i + 1, 2, ":*") == 0) {
      out += ":*D";
      i += 2;
    } else {
      out += ":D";
    }
  }
  return out;
}

// How often `p` occurs in `tokens` (consecutive tokens; the last one a prefix when asked).
size_t occurrences(const std::vector<std::string_view>& tokens, const Phrase& p) {
  size_t n = 0;
  const size_t len = p.tokens.size();
  for (size_t i = 0; len > 0 && i + len <= tokens.size(); ++i) {
    bool match = true;
    for (size_t j = 0; match && j < len; ++j) {
      const bool last = j + 1 == len;
      match = p.prefix && last ? tokens[i + j].starts_with(p.tokens[j]) : tokens[i + j] == p.tokens[j];
    }
    n += match ? 1 : 0;
  }
  return n;
}

std::vector<std::string_view> split_tokens(std::string_view text) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < text.size();) {
    size_t j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    if (j > i) out.push_back(text.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// BM25 (k1 1.2, b 0.75) of each candidate, best first, the newest first among equals. Every
// candidate has every phrase, so their document frequencies are the same for all and the IDF
// drops out: what ranks is how often the phrases occur against the message's length.
void rank(std::vector<FoundMessage>& found, const std::vector<Phrase>& phrases) {
  constexpr double kK1 = 1.2, kB = 0.75;
  std::vector<std::pair<double, size_t>> scored;
  std::vector<std::vector<std::string_view>> tokens;
  std::vector<std::string> texts;
  texts.reserve(found.size());
  double total = 0;
  for (const FoundMessage& f : found) {
    texts.push_back(index_text(f.message.body));
    tokens.push_back(split_tokens(texts.back()));
    total += static_cast<double>(tokens.back().size());
  }
  const double avg = found.empty() ? 1.0 : std::max(1.0, total / static_cast<double>(found.size()));
  for (size_t i = 0; i < found.size(); ++i) {
    double score = 0;
    const double len = static_cast<double>(tokens[i].size());
    for (const Phrase& p : phrases) {
      const double tf = static_cast<double>(occurrences(tokens[i], p));
      score += tf * (kK1 + 1) / (tf + kK1 * (1 - kB + kB * len / avg));
    }
    scored.emplace_back(score, i);
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<FoundMessage> out;
  out.reserve(found.size());
  for (const auto& [score, i] : scored) out.push_back(std::move(found[i]));
  found = std::move(out);
}

std::string direct_key(std::string_view a, std::string_view b) {
  if (b < a) std::swap(a, b);
  return "direct:" + std::string(a) + " " + std::string(b);
}

}  // namespace

std::string_view to_string(RoomKind k) { return kKindNames[static_cast<size_t>(k)]; }

std::optional<RoomKind> room_kind_from_string(std::string_view s) {
  for (size_t i = 0; i < kKindNames.size(); ++i)
    if (kKindNames[i] == s) return static_cast<RoomKind>(i);
  return std::nullopt;
}

Result<void> validate_body(std::string_view body) {
  if (body.empty() || body.size() > kMaxMessageBytes || !is_clean_text(body))
    return invalid("1.." + std::to_string(kMaxMessageBytes) + " bytes of text", "body");
  return {};
}

const storage::ModuleSchema& ChatRepository::schema() {
  static const storage::ModuleSchema kSchema{"comms_chat", kMigrations};
  return kSchema;
}

bool ChatRepository::postgres() const { return db_.dialect() == "postgresql"; }

Result<int64_t> ChatRepository::keyed_room(RoomKind kind, std::string_view name, int64_t now_ms) {
  if (kind != RoomKind::kTeam && kind != RoomKind::kSite) return invalid("a team or site room", "kind");
  if (name.empty()) return invalid("a team or site name", "name");
  const std::string key = std::string(to_string(kind)) + ":" + std::string(name);
  const bool team = kind == RoomKind::kTeam;
  const SqlValue params[] = {to_string(kind), name, team ? name : std::string_view(), team ? std::string_view() : name,
                             std::string_view(key), now_ms};
  if (auto r = db_.execute(kKeyedRoom, params); !r) return std::unexpected(r.error());
  const SqlValue k[] = {std::string_view(key)};
  return storage::query_int(db_, kRoomByKey, k);
}

Result<int64_t> ChatRepository::direct_room(std::string_view a, std::string_view b, int64_t now_ms, bool* created) {
  if (a == b) return invalid("someone else", "with");
  const std::string key = direct_key(a, b);
  int64_t id = 0;
  bool made = false;
  auto tx = db_.in_transaction([&]() -> Result<void> {
    const SqlValue k[] = {std::string_view(key)};
    auto found = storage::query_int(db_, kRoomByKey, k);
    if (!found) return std::unexpected(found.error());
    if (*found != 0) {
      id = *found;
      return {};
    }
    const SqlValue params[] = {std::string_view("direct"), std::string_view(), std::string_view(key), a, now_ms,
                               nullptr, nullptr, std::string_view()};
    auto r = storage::query_int(db_, kCreateRoom, params);
    if (!r) return std::unexpected(r.error());
    id = *r;
    made = true;
    for (std::string_view u : {a, b}) {
      const SqlValue m[] = {id, u};
      if (auto x = db_.execute(kAddMember, m); !x) return std::unexpected(x.error());
    }
    return {};
  });
  if (!tx) return std::unexpected(tx.error());
  if (created) *created = made;
  return id;
}

Result<int64_t> ChatRepository::create_room(RoomKind kind, std::string_view name, std::span<const std::string> members,
                                            const std::optional<Huddle>& huddle, std::string_view created_by,
                                            int64_t now_ms) {
  if (kind != RoomKind::kGroup && kind != RoomKind::kHuddle) return invalid("group or huddle", "kind");
  if (name.empty() || name.size() > kMaxRoomNameBytes || !is_clean_text(name))
    return invalid("1.." + std::to_string(kMaxRoomNameBytes) + " bytes of text", "name");
  if (members.size() > kMaxRoomMembers) return invalid("at most " + std::to_string(kMaxRoomMembers), "members");
  if (kind == RoomKind::kHuddle) {
    if (!huddle) return invalid("a huddle's time and agenda", "huddle");
    if (huddle->starts_ms <= 0) return invalid("a time in epoch milliseconds", "huddle.starts_ms");
    if (huddle->ends_ms <= huddle->starts_ms) return invalid("after starts_ms", "huddle.ends_ms");
    if (huddle->agenda.size() > kMaxAgendaBytes || !is_clean_text(huddle->agenda))
      return invalid("at most " + std::to_string(kMaxAgendaBytes) + " bytes of text", "huddle.agenda");
  }
  int64_t id = 0;
  auto tx = db_.in_transaction([&]() -> Result<void> {
    const bool h = kind == RoomKind::kHuddle;
    const SqlValue params[] = {to_string(kind), name,   nullptr,
                               created_by,      now_ms, h ? SqlValue(huddle->starts_ms) : SqlValue(nullptr),
                               h ? SqlValue(huddle->ends_ms) : SqlValue(nullptr),
                               h ? std::string_view(huddle->agenda) : std::string_view()};
    auto r = storage::query_int(db_, kCreateRoom, params);
    if (!r) return std::unexpected(r.error());
    id = *r;
    const SqlValue self[] = {id, created_by};
    if (auto x = db_.execute(kAddMember, self); !x) return std::unexpected(x.error());
    for (const std::string& u : members) {
      const SqlValue m[] = {id, std::string_view(u)};
      if (auto x = db_.execute(kAddMember, m); !x) return std::unexpected(x.error());
    }
    return {};
  });
  if (!tx) return std::unexpected(tx.error());
  return id;
}

Result<std::vector<std::string>> ChatRepository::members(int64_t room) {
  const SqlValue params[] = {room};
  return storage::query_all<std::string>(db_, kMembers, params,
                                         [](const storage::RowReader& r) { return std::string(r.text(0)); });
}

Result<std::optional<Room>> ChatRepository::room(int64_t id) {
  const SqlValue params[] = {id};
  auto r = storage::query_one<Room>(db_, kRoom, params, read_room);
  if (!r || !*r) return r;
  auto m = members(id);
  if (!m) return std::unexpected(m.error());
  (*r)->members = std::move(*m);
  return r;
}

Result<void> ChatRepository::set_huddle_text(int64_t id, std::string_view agenda, std::string_view notes) {
  if (agenda.size() > kMaxAgendaBytes || !is_clean_text(agenda))
    return invalid("at most " + std::to_string(kMaxAgendaBytes) + " bytes of text", "agenda");
  if (notes.size() > kMaxNotesBytes || !is_clean_text(notes))
    return invalid("at most " + std::to_string(kMaxNotesBytes) + " bytes of text", "notes");
  const SqlValue params[] = {id, agenda, notes};
  return storage::expect_changed(db_.execute(kSetHuddle, params), "huddle");
}

Result<Message> ChatRepository::post(int64_t room, std::string_view author, std::string_view body,
                                     std::span<const std::string> mentions, bool broadcast, int64_t now_ms,
                                     const Within& within) {
  if (auto ok = validate_body(body); !ok) return std::unexpected(ok.error());
  Message m{0, room, std::string(author), std::string(body), {mentions.begin(), mentions.end()}, broadcast, now_ms, {}};
  const std::string joined = storage::joined_tags(m.mentions);
  const std::string token = room_token(room), text = index_text(body);
  auto tx = db_.in_transaction([&]() -> Result<void> {
    const SqlValue params[] = {room,   author, body, std::string_view(joined), int64_t{broadcast ? 1 : 0},
                               now_ms, std::string_view(token), std::string_view(text)};
    auto id = storage::query_int(db_, postgres() ? kPostPostgres : kPost,
                                 std::span(params).first(postgres() ? 8 : 6));
    if (!id) return std::unexpected(id.error());
    m.id = *id;
    if (!postgres()) {
      const SqlValue index[] = {m.id, std::string_view(token), std::string_view(text)};
      if (auto r = db_.execute(kIndexSqlite, index); !r) return std::unexpected(r.error());
    }
    const SqlValue read[] = {room, author, m.id};
    if (auto r = db_.execute(kMarkRead, read); !r) return std::unexpected(r.error());
    if (within) return within(m);
    return {};
  });
  if (!tx) return std::unexpected(tx.error());
  return m;
}

Result<std::optional<Message>> ChatRepository::message(int64_t id) {
  const SqlValue key[] = {id};
  return storage::query_one<Message>(db_, kMessage, key, [](const storage::RowReader& r) { return read_message(r); });
}

Result<Message> ChatRepository::edit(int64_t id, std::string_view author, std::string_view body,
                                     std::span<const std::string> mentions, int64_t now_ms, const Within& within) {
  if (auto ok = validate_body(body); !ok) return std::unexpected(ok.error());
  std::optional<Message> out;
  auto tx = db_.in_transaction([&]() -> Result<void> {
    const SqlValue key[] = {id};
    auto old = message(id);
    if (!old) return std::unexpected(old.error());
    if (!*old || (*old)->author != author) return make_error(ErrorCode::kNotFound, "no such message of yours", "id");
    const std::vector<std::string> named(mentions.begin(), mentions.end());
    const std::string joined = storage::joined_tags(named);
    const std::string token = room_token((*old)->room), text = index_text(body);
    const SqlValue params[] = {id, author, body, now_ms, std::string_view(joined), std::string_view(token), std::string_view(text)};
    if (auto r = db_.execute(postgres() ? kEditPostgres : kEdit, std::span(params).first(postgres() ? 7 : 5)); !r)
      return std::unexpected(r.error());
    if (!postgres()) {
      if (auto r = db_.execute(kIndexSqliteDelete, key); !r) return std::unexpected(r.error());
      const SqlValue index[] = {id, std::string_view(token), std::string_view(text)};
      if (auto r = db_.execute(kIndexSqlite, index); !r) return std::unexpected(r.error());
    }
    out = std::move(**old);
    out->body = std::string(body);
    out->mentions = named;
    out->edited_ms = now_ms;
    if (within) return within(*out);
    return {};
  });
  if (!tx) return std::unexpected(tx.error());
  return std::move(*out);
}

Result<std::vector<Message>> ChatRepository::messages(int64_t room, int64_t before_id, size_t limit) {
  if (limit < 1 || limit > 200) return invalid("1..200", "limit");
  const SqlValue params[] = {room, before_id, storage::limit_param(limit)};
  return storage::query_all<Message>(db_, kMessages, params, [](const storage::RowReader& r) { return read_message(r); });
}

Result<int64_t> ChatRepository::mark_read(int64_t room, std::string_view user, int64_t message) {
  const SqlValue in[] = {message, room};
  auto n = storage::query_int(db_, kInRoom, in);
  if (!n) return std::unexpected(n.error());
  if (*n == 0) return invalid("a message of this room", "message");
  const SqlValue params[] = {room, user, message};
  if (auto r = db_.execute(kMarkRead, params); !r) return std::unexpected(r.error());
  return unread(room, user);
}

Result<int64_t> ChatRepository::unread(int64_t room, std::string_view user) {
  const SqlValue params[] = {room, user};
  return storage::query_int(db_, kUnread, params);
}

Result<std::vector<RoomSummary>> ChatRepository::rooms_of(std::string_view user, std::string_view team,
                                                          std::string_view site) {
  const std::string tk = team.empty() ? "" : "team:" + std::string(team);
  const std::string sk = site.empty() ? "" : "site:" + std::string(site);
  const SqlValue params[] = {user, std::string_view(tk), std::string_view(sk)};
  auto rooms = storage::query_all<RoomSummary>(db_, kRoomsOf, params, [](const storage::RowReader& r) {
    RoomSummary s;
    s.room = read_room(r);
    s.unread = r.int64(11);
    if (!r.is_null(12)) s.last_message = read_message(r, 12);
    return s;
  });
  if (!rooms) return rooms;
  const SqlValue u[] = {user};
  auto m = db_.query(kMembersOfRoomsOf, u, [&](const storage::RowReader& r) {
    const int64_t id = r.int64(0);
    for (RoomSummary& s : *rooms)
      if (s.room.id == id) s.room.members.emplace_back(r.text(1));
    return true;
  });
  if (!m) return std::unexpected(m.error());
  return rooms;
}

Result<std::vector<int64_t>> ChatRepository::room_ids_of(std::string_view user, std::string_view team,
                                                         std::string_view site) {
  const std::string tk = team.empty() ? "" : "team:" + std::string(team);
  const std::string sk = site.empty() ? "" : "site:" + std::string(site);
  const SqlValue params[] = {user, std::string_view(tk), std::string_view(sk)};
  return storage::query_all<int64_t>(db_, kRoomIdsOf, params, [](const storage::RowReader& r) { return r.int64(0); });
}

Result<std::vector<FoundMessage>> ChatRepository::search(std::string_view query, std::span<const int64_t> rooms,
                                                         size_t limit) {
  if (limit < 1 || limit > 200) return invalid("1..200", "limit");
  // Whole words only: FTS5 answers a prefix by merging the doclists of every word it starts, in
  // full, before the first row ("the*" over 1,000,000 messages: 60 ms), where a word is a seek.
  const auto phrases = query_phrases(query, /*prefix_last=*/false);
  if (phrases.empty() || rooms.empty()) return std::vector<FoundMessage>{};
  // The rooms are part of the index query: the index intersects them with the words.
  std::string match;
  if (postgres()) {
    match = "(";
    for (size_t i = 0; i < rooms.size(); ++i) match += (i ? " | '" : "'") + room_token(rooms[i]) + "':A";
    match += ") & (" + text_only(pg_tsquery(phrases)) + ")";
  } else {
    match = "room : (";
    for (size_t i = 0; i < rooms.size(); ++i) match += (i ? " OR " : "") + room_token(rooms[i]);
    match += ") AND search : (" + fts5_match(phrases) + ")";
  }
  const SqlValue params[] = {std::string_view(match), storage::limit_param(kChatSearchCandidates)};
  auto found = storage::query_all<FoundMessage>(db_, postgres() ? kSearchPostgres : kSearchSqlite, params,
                                                [](const storage::RowReader& r) {
                                                  return FoundMessage{read_message(r), std::string(r.text(8))};
                                                });
  if (!found) return found;
  rank(*found, phrases);
  if (found->size() > limit) found->resize(limit);
  return found;
}

}  // namespace switchyard::comms
