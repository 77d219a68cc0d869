#include "chat/chat.h"

#include <boost/json.hpp>

#include <array>

#include "core/text.h"

namespace switchyard::chat {

namespace {

using storage::SqlValue;
using storage::Statement;
namespace json = boost::json;

#define SY_CHAT_TABLES(ID)                                                                 \
  "CREATE TABLE chat_widgets (\n"                                                          \
  "  id " ID ",\n"                                                                         \
  "  widget_key TEXT NOT NULL UNIQUE,\n"                                                   \
  "  name TEXT NOT NULL,\n"                                                                \
  "  queue BIGINT NOT NULL,\n"                                                             \
  "  allowed_origins TEXT NOT NULL,\n"                                                     \
  "  title TEXT NOT NULL,\n"                                                               \
  "  enabled SMALLINT NOT NULL,\n"                                                         \
  "  created_ms BIGINT NOT NULL\n"                                                         \
  ");\n"                                                                                   \
  "CREATE TABLE chat_sessions (\n"                                                         \
  "  contact BIGINT PRIMARY KEY,\n"                                                        \
  "  widget BIGINT NOT NULL,\n"                                                            \
  "  queue BIGINT NOT NULL,\n"                                                             \
  "  token_hash TEXT NOT NULL UNIQUE,\n"                                                   \
  "  visitor TEXT NOT NULL,\n"                                                             \
  "  origin TEXT NOT NULL,\n"                                                              \
  "  started_ms BIGINT NOT NULL,\n"                                                        \
  "  expires_ms BIGINT NOT NULL,\n"                                                        \
  "  ended_ms BIGINT,\n"                                                                   \
  "  end_reason TEXT NOT NULL DEFAULT '',\n"                                               \
  "  barged_by TEXT NOT NULL DEFAULT '',\n"                                                \
  "  visitor_delivered BIGINT NOT NULL DEFAULT 0,\n"                                       \
  "  visitor_read BIGINT NOT NULL DEFAULT 0,\n"                                            \
  "  agent_delivered BIGINT NOT NULL DEFAULT 0,\n"                                         \
  "  agent_read BIGINT NOT NULL DEFAULT 0,\n"                                              \
  "  survey_token TEXT NOT NULL DEFAULT ''\n"                                              \
  ");\n"                                                                                   \
  "CREATE INDEX chat_sessions_open ON chat_sessions (ended_ms);\n"                         \
  "CREATE TABLE chat_messages (\n"                                                         \
  "  contact BIGINT NOT NULL,\n"                                                           \
  "  seq BIGINT NOT NULL,\n"                                                               \
  "  sender SMALLINT NOT NULL,\n"                                                          \
  "  kind SMALLINT NOT NULL,\n"                                                            \
  "  author TEXT NOT NULL,\n"                                                              \
  "  body TEXT NOT NULL,\n"                                                                \
  "  time_ms BIGINT NOT NULL,\n"                                                           \
  "  client_id TEXT NOT NULL,\n"                                                           \
  "  PRIMARY KEY (contact, seq)\n"                                                         \
  ");\n"                                                                                   \
  "CREATE TABLE contact_notes (\n"                                                         \
  "  id " ID ",\n"                                                                         \
  "  contact BIGINT NOT NULL,\n"                                                           \
  "  customer_id TEXT NOT NULL,\n"                                                         \
  "  author TEXT NOT NULL,\n"                                                              \
  "  kind SMALLINT NOT NULL,\n"                                                            \
  "  body TEXT NOT NULL,\n"                                                                \
  "  time_ms BIGINT NOT NULL\n"                                                            \
  ");\n"                                                                                   \
  "CREATE INDEX contact_notes_contact ON contact_notes (contact);\n"                       \
  "CREATE INDEX contact_notes_customer ON contact_notes (customer_id, time_ms);\n"        \
  "CREATE TABLE queue_desks (\n"                                                           \
  "  queue BIGINT PRIMARY KEY,\n"                                                          \
  "  script TEXT NOT NULL,\n"                                                              \
  "  dispositions TEXT NOT NULL\n"                                                         \
  ");\n"

constexpr std::string_view kV1Sqlite = SY_CHAT_TABLES("INTEGER PRIMARY KEY AUTOINCREMENT");
constexpr std::string_view kV1Postgres = SY_CHAT_TABLES("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
#undef SY_CHAT_TABLES

constexpr std::array<storage::Migration, 1> kMigrations = {
    {{1, "chat widgets, sessions, messages; contact notes; queue desks", kV1Sqlite, kV1Postgres}}};

#define SY_WIDGET_COLUMNS "id, widget_key, name, queue, allowed_origins, title, enabled, created_ms"
constexpr Statement kWidgets{"SELECT " SY_WIDGET_COLUMNS " FROM chat_widgets ORDER BY id"};
constexpr Statement kWidget{"SELECT " SY_WIDGET_COLUMNS " FROM chat_widgets WHERE id = $1"};
constexpr Statement kWidgetByKey{"SELECT " SY_WIDGET_COLUMNS " FROM chat_widgets WHERE widget_key = $1"};
constexpr Statement kInsertWidget{
    "INSERT INTO chat_widgets (widget_key, name, queue, allowed_origins, title, enabled, created_ms) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
constexpr Statement kUpdateWidget{
    "UPDATE chat_widgets SET name = $2, queue = $3, allowed_origins = $4, title = $5, enabled = $6 WHERE id = $1"};
constexpr Statement kDeleteWidget{"DELETE FROM chat_widgets WHERE id = $1"};
#undef SY_WIDGET_COLUMNS

#define SY_SESSION_COLUMNS                                                                                   \
  "s.contact, s.widget, s.queue, s.visitor, s.origin, s.started_ms, s.expires_ms, s.ended_ms, s.end_reason, " \
  "s.barged_by, s.visitor_delivered, s.visitor_read, s.agent_delivered, s.agent_read, s.survey_token, "      \
  "(SELECT COALESCE(MAX(m.seq), 0) FROM chat_messages m WHERE m.contact = s.contact), s.token_hash"
constexpr Statement kInsertSession{
    "INSERT INTO chat_sessions (contact, widget, queue, token_hash, visitor, origin, started_ms, expires_ms) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (contact) DO NOTHING"};
constexpr Statement kSession{"SELECT " SY_SESSION_COLUMNS " FROM chat_sessions s WHERE s.contact = $1"};
constexpr Statement kSessionByToken{"SELECT " SY_SESSION_COLUMNS " FROM chat_sessions s WHERE s.token_hash = $1"};
constexpr Statement kOpenSessions{
    "SELECT " SY_SESSION_COLUMNS " FROM chat_sessions s WHERE s.ended_ms IS NULL ORDER BY s.contact"};
constexpr Statement kEndedSessions{"SELECT " SY_SESSION_COLUMNS
                                   " FROM chat_sessions s WHERE s.ended_ms IS NOT NULL "
                                   "ORDER BY s.ended_ms DESC, s.contact DESC LIMIT $1"};
#undef SY_SESSION_COLUMNS
constexpr Statement kInsertMessage{
    "INSERT INTO chat_messages (contact, seq, sender, kind, author, body, time_ms, client_id) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr Statement kMessages{
    "SELECT contact, seq, sender, kind, author, body, time_ms, client_id FROM chat_messages "
    "WHERE contact = $1 AND seq > $2 ORDER BY seq LIMIT $3"};
constexpr Statement kReceipts{
    "UPDATE chat_sessions SET visitor_delivered = $2, visitor_read = $3, agent_delivered = $4, agent_read = $5 "
    "WHERE contact = $1"};
constexpr Statement kEnd{
    "UPDATE chat_sessions SET ended_ms = $2, end_reason = $3 WHERE contact = $1 AND ended_ms IS NULL"};
constexpr Statement kBarge{"UPDATE chat_sessions SET barged_by = $2 WHERE contact = $1"};
constexpr Statement kSurvey{"UPDATE chat_sessions SET survey_token = $2 WHERE contact = $1"};

constexpr Statement kInsertNote{
    "INSERT INTO contact_notes (contact, customer_id, author, kind, body, time_ms) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
constexpr Statement kNotes{
    "SELECT id, contact, customer_id, author, kind, body, time_ms FROM contact_notes WHERE contact = $1 ORDER BY id"};
constexpr Statement kCustomerNotes{
    "SELECT id, contact, customer_id, author, kind, body, time_ms FROM contact_notes WHERE customer_id = $1 "
    "ORDER BY time_ms DESC, id DESC LIMIT $2"};
constexpr Statement kDesk{"SELECT script, dispositions FROM queue_desks WHERE queue = $1"};
constexpr Statement kAllDesks{"SELECT script, dispositions, queue FROM queue_desks ORDER BY queue"};
constexpr Statement kUpsertDesk{
    "INSERT INTO queue_desks (queue, script, dispositions) VALUES ($1, $2, $3) "
    "ON CONFLICT (queue) DO UPDATE SET script = excluded.script, dispositions = excluded.dispositions"};

json::object localized_json(const Localized& l) { return json::object{{"en", l.en}, {"zh-CN", l.zh}}; }

Localized localized_of(const json::value& v) {
  Localized l;
  if (const json::object* o = v.if_object()) {
    if (const json::value* en = o->if_contains("en"); en && en->is_string()) l.en = en->as_string();
    if (const json::value* zh = o->if_contains("zh-CN"); zh && zh->is_string()) l.zh = zh->as_string();
  }
  return l;
}

json::value parse_or_null(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? json::value() : v;
}

Widget read_widget(const storage::RowReader& r) {
  Widget w;
  w.id = r.int64(0);
  w.key = r.text(1);
  w.name = r.text(2);
  w.queue = storage::id_col(r, 3);
  json::value origins = parse_or_null(r.text(4));
  if (const json::array* a = origins.if_array())
    for (const json::value& o : *a)
      if (o.is_string()) w.allowed_origins.emplace_back(o.as_string());
  w.title = localized_of(parse_or_null(r.text(5)));
  w.enabled = r.int64(6) != 0;
  w.created_ms = r.int64(7);
  return w;
}

std::string origins_json(const std::vector<std::string>& v) {
  json::array a;
  for (const std::string& s : v) a.emplace_back(s);
  return json::serialize(a);
}

std::string visitor_json(const Visitor& v) {
  return json::serialize(json::object{
      {"name", v.name}, {"email", v.email}, {"customer_id", v.customer_id}, {"language", v.language}});
}

Visitor visitor_of(std::string_view text) {
  Visitor v;
  json::value j = parse_or_null(text);
  if (const json::object* o = j.if_object()) {
    auto str = [o](std::string_view k) -> std::string {
      const json::value* x = o->if_contains(k);
      return x && x->is_string() ? std::string(x->as_string()) : std::string();
    };
    v.name = str("name");
    v.email = str("email");
    v.customer_id = str("customer_id");
    v.language = str("language");
  }
  return v;
}

Session read_session(const storage::RowReader& r) {
  Session s;
  s.contact = static_cast<core::ContactId>(r.int64(0));
  s.widget = r.int64(1);
  s.queue = storage::id_col(r, 2);
  s.visitor = visitor_of(r.text(3));
  s.origin = r.text(4);
  s.started_ms = r.int64(5);
  s.expires_ms = r.int64(6);
  s.ended_ms = storage::opt_col(r, 7);
  s.end_reason = r.text(8);
  s.barged_by = r.text(9);
  s.visitor_receipt = {r.int64(10), r.int64(11)};
  s.agent_receipt = {r.int64(12), r.int64(13)};
  s.survey_token = r.text(14);
  s.last_seq = r.int64(15);
  s.token_hash = r.text(16);
  return s;
}

Message read_message(const storage::RowReader& r) {
  Message m;
  m.contact = static_cast<core::ContactId>(r.int64(0));
  m.seq = r.int64(1);
  m.from = static_cast<Sender>(std::clamp<int64_t>(r.int64(2), 0, 3));
  m.kind = r.int64(3) == 1 ? MessageKind::kWhisper : MessageKind::kMessage;
  m.author = r.text(4);
  m.text = r.text(5);
  m.time_ms = r.int64(6);
  m.client_id = r.text(7);
  return m;
}

Note read_note(const storage::RowReader& r) {
  Note n;
  n.id = r.int64(0);
  n.contact = static_cast<core::ContactId>(r.int64(1));
  n.customer_id = r.text(2);
  n.author = r.text(3);
  n.kind = r.int64(4) == 1 ? NoteKind::kVerified : NoteKind::kNote;
  n.text = r.text(5);
  n.time_ms = r.int64(6);
  return n;
}

std::string desk_dispositions_json(const std::vector<Disposition>& ds) {
  json::array a;
  for (const Disposition& d : ds) a.emplace_back(json::object{{"code", d.code}, {"label", localized_json(d.label)}});
  return json::serialize(a);
}

bool valid_code(std::string_view c) {
  if (c.empty() || c.size() > 40) return false;
  for (char ch : c)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-')) return false;
  return true;
}

Result<void> check_text(std::string_view s, size_t max, std::string field) {
  if (!is_clean_text(s)) return make_error(ErrorCode::kInvalidArgument, "must be UTF-8 text without NUL", field);
  if (s.size() > max)
    return make_error(ErrorCode::kInvalidArgument, "at most " + std::to_string(max) + " bytes", std::move(field));
  return {};
}

}  // namespace

const storage::ModuleSchema& schema() {
  static const storage::ModuleSchema kSchema{"chat", kMigrations};
  return kSchema;
}

bool valid_origin(std::string_view o) {
  std::string_view rest;
  if (o.starts_with("https://")) rest = o.substr(8);
  else if (o.starts_with("http://")) rest = o.substr(7);
  else return false;
  if (rest.empty() || rest.size() > 253 + 6) return false;
  size_t colon = rest.rfind(':');
  std::string_view host = rest;
  if (colon != std::string_view::npos && rest.front() != '[') {
    std::string_view port = rest.substr(colon + 1);
    if (port.empty() || port.size() > 5) return false;
    for (char c : port)
      if (c < '0' || c > '9') return false;
    host = rest.substr(0, colon);
  }
  if (host.empty()) return false;
  for (char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '[' || c == ']' ||
              c == ':';
    if (!ok) return false;  // upper case, paths, user info, spaces: not an origin
  }
  return true;
}

bool origin_allowed(const Widget& w, std::string_view origin) {
  for (const std::string& o : w.allowed_origins)
    if (o == "*" || (!origin.empty() && o == origin)) return true;
  return false;
}

Result<void> validate(const Widget& w) {
  if (w.name.empty() || w.name.size() > 100 || !is_clean_text(w.name))
    return make_error(ErrorCode::kInvalidArgument, "a name of 1..100 characters is required", "name");
  if (w.queue == core::kNoId) return make_error(ErrorCode::kInvalidArgument, "a chat queue is required", "queue");
  if (w.allowed_origins.empty())
    return make_error(ErrorCode::kInvalidArgument, "at least one origin (or \"*\") is required", "allowed_origins");
  if (w.allowed_origins.size() > kMaxOrigins)
    return make_error(ErrorCode::kInvalidArgument, "at most " + std::to_string(kMaxOrigins) + " origins",
                      "allowed_origins");
  for (size_t i = 0; i < w.allowed_origins.size(); ++i)
    if (w.allowed_origins[i] != "*" && !valid_origin(w.allowed_origins[i]))
      return make_error(ErrorCode::kInvalidArgument,
                        "an origin is scheme://host[:port] in lower case (http or https), or \"*\"",
                        "allowed_origins[" + std::to_string(i) + "]");
  if (auto r = check_text(w.title.en, 200, "title.en"); !r) return r;
  if (auto r = check_text(w.title.zh, 200, "title.zh-CN"); !r) return r;
  return {};
}

std::string_view sender_name(Sender s) {
  switch (s) {
    case Sender::kVisitor: return "visitor";
    case Sender::kAgent: return "agent";
    case Sender::kSupervisor: return "supervisor";
    case Sender::kSystem: return "system";
  }
  return "system";
}

std::string_view kind_name(MessageKind k) { return k == MessageKind::kWhisper ? "whisper" : "message"; }

std::optional<MessageKind> kind_from_string(std::string_view s) {
  if (s == "message") return MessageKind::kMessage;
  if (s == "whisper") return MessageKind::kWhisper;
  return std::nullopt;
}

std::string_view note_kind_name(NoteKind k) { return k == NoteKind::kVerified ? "verified" : "note"; }

std::optional<NoteKind> note_kind_from_string(std::string_view s) {
  if (s == "note") return NoteKind::kNote;
  if (s == "verified") return NoteKind::kVerified;
  return std::nullopt;
}

Result<std::string> clean_message(std::string_view text, size_t max, std::string_view field) {
  if (!is_clean_text(text))
    return make_error(ErrorCode::kInvalidArgument, "must be UTF-8 text without NUL", std::string(field));
  if (text.size() > max)
    return make_error(ErrorCode::kInvalidArgument, "at most " + std::to_string(max) + " bytes", std::string(field));
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return make_error(ErrorCode::kInvalidArgument, "must not be empty", std::string(field));
  return std::string(text);
}

Result<void> validate(const Desk& d) {
  if (auto r = check_text(d.script.en, kMaxScriptBytes, "script.en"); !r) return r;
  if (auto r = check_text(d.script.zh, kMaxScriptBytes, "script.zh-CN"); !r) return r;
  if (d.dispositions.size() > kMaxDispositions)
    return make_error(ErrorCode::kInvalidArgument, "at most " + std::to_string(kMaxDispositions) + " codes",
                      "dispositions");
  for (size_t i = 0; i < d.dispositions.size(); ++i) {
    const std::string at = "dispositions[" + std::to_string(i) + "]";
    const Disposition& x = d.dispositions[i];
    if (!valid_code(x.code))
      return make_error(ErrorCode::kInvalidArgument, "1..40 characters of a-z, 0-9, _ and -", at + ".code");
    for (size_t j = 0; j < i; ++j)
      if (d.dispositions[j].code == x.code)
        return make_error(ErrorCode::kInvalidArgument, "duplicate code", at + ".code");
    if (auto r = check_text(x.label.en, 200, at + ".label.en"); !r) return r;
    if (auto r = check_text(x.label.zh, 200, at + ".label.zh-CN"); !r) return r;
  }
  return {};
}

bool disposition_allowed(const Desk& d, std::string_view code) {
  if (d.dispositions.empty() || code.empty()) return true;
  for (const Disposition& x : d.dispositions)
    if (x.code == code) return true;
  return false;
}

// ---- ChatRepository --------------------------------------------------------

Result<std::vector<Widget>> ChatRepository::widgets() {
  return storage::query_all<Widget>(db_, kWidgets, {}, read_widget);
}

Result<std::optional<Widget>> ChatRepository::widget(int64_t id) {
  const SqlValue p[] = {id};
  return storage::query_one<Widget>(db_, kWidget, p, read_widget);
}

Result<std::optional<Widget>> ChatRepository::widget_by_key(std::string_view key) {
  const SqlValue p[] = {key};
  return storage::query_one<Widget>(db_, kWidgetByKey, p, read_widget);
}

Result<int64_t> ChatRepository::insert_widget(const Widget& w) {
  const std::string origins = origins_json(w.allowed_origins);
  const std::string title = json::serialize(localized_json(w.title));
  const SqlValue p[] = {std::string_view(w.key), std::string_view(w.name), storage::id_param(w.queue),
                        std::string_view(origins), std::string_view(title), int64_t{w.enabled ? 1 : 0},
                        w.created_ms};
  return storage::query_int(db_, kInsertWidget, p);
}

Result<void> ChatRepository::update_widget(const Widget& w) {
  const std::string origins = origins_json(w.allowed_origins);
  const std::string title = json::serialize(localized_json(w.title));
  const SqlValue p[] = {w.id, std::string_view(w.name), storage::id_param(w.queue), std::string_view(origins),
                        std::string_view(title), int64_t{w.enabled ? 1 : 0}};
  return storage::expect_changed(db_.execute(kUpdateWidget, p), "widget");
}

Result<void> ChatRepository::delete_widget(int64_t id) {
  const SqlValue p[] = {id};
  return storage::expect_changed(db_.execute(kDeleteWidget, p), "widget");
}

Result<void> ChatRepository::insert_session(const Session& s) {
  const std::string visitor = visitor_json(s.visitor);
  const SqlValue p[] = {storage::contact_param(s.contact), s.widget, storage::id_param(s.queue), std::string_view(s.token_hash),
                        std::string_view(visitor), std::string_view(s.origin), s.started_ms, s.expires_ms};
  auto n = db_.execute(kInsertSession, p);
  if (!n) return std::unexpected(n.error());
  if (*n == 0) return make_error(ErrorCode::kAlreadyExists, "the contact has a chat session already", "contact");
  return {};
}

Result<std::optional<Session>> ChatRepository::session(core::ContactId contact) {
  const SqlValue p[] = {storage::contact_param(contact)};
  return storage::query_one<Session>(db_, kSession, p, read_session);
}

Result<std::optional<Session>> ChatRepository::session_by_token(std::string_view token_hash) {
  const SqlValue p[] = {token_hash};
  return storage::query_one<Session>(db_, kSessionByToken, p, read_session);
}

Result<std::vector<Session>> ChatRepository::open_sessions() {
  return storage::query_all<Session>(db_, kOpenSessions, {}, read_session);
}

Result<std::vector<Session>> ChatRepository::ended_sessions(size_t limit) {
  const SqlValue p[] = {storage::limit_param(limit)};
  return storage::query_all<Session>(db_, kEndedSessions, p, read_session);
}

Result<std::vector<Message>> ChatRepository::messages(core::ContactId contact, int64_t after, size_t limit) {
  const SqlValue p[] = {storage::contact_param(contact), after, storage::limit_param(limit == 0 ? SIZE_MAX : limit)};
  return storage::query_all<Message>(db_, kMessages, p, read_message);
}

Result<void> ChatRepository::insert_message(const Message& m) {
  const SqlValue p[] = {storage::contact_param(m.contact), m.seq, int64_t{static_cast<int>(m.from)},
                        int64_t{static_cast<int>(m.kind)}, std::string_view(m.author), std::string_view(m.text),
                        m.time_ms, std::string_view(m.client_id)};
  auto n = db_.execute(kInsertMessage, p);
  if (!n) return std::unexpected(n.error());
  return {};
}

void ChatRepository::stage_message(storage::Transaction& tx, const Message& m) {
  tx.add(kInsertMessage, {storage::contact_param(m.contact), m.seq, int64_t{static_cast<int>(m.from)},
                          int64_t{static_cast<int>(m.kind)}, tx.keep(m.author), tx.keep(m.text), m.time_ms,
                          tx.keep(m.client_id)});
}

void ChatRepository::stage_receipts(storage::Transaction& tx, core::ContactId c, const Receipt& visitor,
                                    const Receipt& agent) {
  tx.add(kReceipts, {storage::contact_param(c), visitor.delivered, visitor.read, agent.delivered, agent.read});
}

void ChatRepository::stage_end(storage::Transaction& tx, core::ContactId c, int64_t ended_ms,
                               std::string_view reason) {
  tx.add(kEnd, {storage::contact_param(c), ended_ms, tx.keep(std::string(reason))});
}

void ChatRepository::stage_barge(storage::Transaction& tx, core::ContactId c, std::string_view by) {
  tx.add(kBarge, {storage::contact_param(c), tx.keep(std::string(by))});
}

void ChatRepository::stage_survey(storage::Transaction& tx, core::ContactId c, std::string_view token) {
  tx.add(kSurvey, {storage::contact_param(c), tx.keep(std::string(token))});
}

// ---- DeskRepository --------------------------------------------------------

Result<int64_t> DeskRepository::add_note(const Note& n) {
  const SqlValue p[] = {storage::contact_param(n.contact), std::string_view(n.customer_id),
                        std::string_view(n.author), int64_t{static_cast<int>(n.kind)}, std::string_view(n.text),
                        n.time_ms};
  return storage::query_int(db_, kInsertNote, p);
}

Result<std::vector<Note>> DeskRepository::notes(core::ContactId contact) {
  const SqlValue p[] = {storage::contact_param(contact)};
  return storage::query_all<Note>(db_, kNotes, p, read_note);
}

Result<std::vector<Note>> DeskRepository::customer_notes(std::string_view customer_id, size_t limit) {
  const SqlValue p[] = {customer_id, storage::limit_param(limit)};
  return storage::query_all<Note>(db_, kCustomerNotes, p, read_note);
}

namespace {
Desk read_desk(const storage::RowReader& r) {
    Desk d;
    d.script = localized_of(parse_or_null(r.text(0)));
    json::value ds = parse_or_null(r.text(1));
    if (const json::array* a = ds.if_array())
      for (const json::value& x : *a) {
        const json::object* o = x.if_object();
        if (!o) continue;
        Disposition disp;
        if (const json::value* c = o->if_contains("code"); c && c->is_string()) disp.code = c->as_string();
        if (const json::value* l = o->if_contains("label")) disp.label = localized_of(*l);
        d.dispositions.push_back(std::move(disp));
      }
    return d;
}
}  // namespace

Result<std::optional<Desk>> DeskRepository::desk(core::QueueId queue) {
  const SqlValue p[] = {int64_t{queue}};
  return storage::query_one<Desk>(db_, kDesk, p, read_desk);
}

Result<std::vector<std::pair<core::QueueId, Desk>>> DeskRepository::all_desks() {
  using Row = std::pair<core::QueueId, Desk>;
  return storage::query_all<Row>(db_, kAllDesks, {}, [](const storage::RowReader& r) {
    return Row{storage::id_col(r, 2), read_desk(r)};
  });
}

void DeskRepository::stage_desk(storage::Transaction& tx, core::QueueId queue, const Desk& d) {
  tx.add(kUpsertDesk, {int64_t{queue}, tx.keep(json::serialize(localized_json(d.script))),
                       tx.keep(desk_dispositions_json(d.dispositions))});
}

}  // namespace switchyard::chat
