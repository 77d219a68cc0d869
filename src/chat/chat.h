#pragma once
// The chat module (docs/chat.md): web chat between a visitor without an
// account and an agent, plus the agent desk's per-contact notes and
// per-queue desk configuration (script, disposition codes).
//
// A chat is an ordinary contact on a chat queue: the engine routes it and
// the event log has its life (created, offered, accepted, ended ...). What
// the log does not have lives here: widgets (which pages may embed a chat
// and on which queue), sessions (the visitor's token, who they said they
// are, read and delivery watermarks), the messages of each contact (seq
// 1, 2, ... per contact), contact notes and queue desks.
//
// Pure parts (validation, origin checks, state names) have no I/O; the
// repositories take a connection. Threading: a repository is used by one
// thread at a time (its connection's).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/types.h"
#include "storage/migrate.h"
#include "storage/sql_driver.h"
#include "storage/sql_util.h"

namespace switchyard::chat {

const storage::ModuleSchema& schema();  // module "chat"

inline constexpr size_t kMaxMessageBytes = 4000;
inline constexpr size_t kMaxNoteBytes = 4000;
inline constexpr size_t kMaxScriptBytes = 20000;
inline constexpr size_t kMaxOrigins = 50;
inline constexpr size_t kMaxDispositions = 100;
inline constexpr size_t kMaxClientIdBytes = 64;

// Text in both languages of the app (docs/chat.md): "en" and "zh-CN".
struct Localized {
  std::string en;
  std::string zh;
  bool operator==(const Localized&) const = default;
};

struct Widget {
  int64_t id = 0;
  std::string key;  // public: in the embedding page ("wg_...")
  std::string name;
  core::QueueId queue = core::kNoId;
  std::vector<std::string> allowed_origins;  // exact origins, or "*"
  Localized title;
  bool enabled = true;
  int64_t created_ms = 0;
  bool operator==(const Widget&) const = default;
};

// kInvalidArgument naming the field ("name", "allowed_origins[2]", ...).
Result<void> validate(const Widget& w);
// An origin as browsers send it: scheme "http" or "https", a host, an
// optional port, nothing else ("https://shop.example:8443").
bool valid_origin(std::string_view origin);
// Whether a request from `origin` may use the widget ("*" allows any,
// including none: a same-origin request or a non-browser client).
bool origin_allowed(const Widget& w, std::string_view origin);

enum class Sender : uint8_t { kVisitor = 0, kAgent = 1, kSupervisor = 2, kSystem = 3 };
enum class MessageKind : uint8_t { kMessage = 0, kWhisper = 1 };
std::string_view sender_name(Sender s);
std::string_view kind_name(MessageKind k);
std::optional<MessageKind> kind_from_string(std::string_view s);

struct Message {
  core::ContactId contact = core::kNoContact;
  int64_t seq = 0;  // 1, 2, ... per contact
  Sender from = Sender::kVisitor;
  MessageKind kind = MessageKind::kMessage;
  std::string author;  // user name for staff, the visitor's name or ""
  std::string text;
  int64_t time_ms = 0;
  std::string client_id;  // the sender's own id for de-duplication ("" = none)
  bool operator==(const Message&) const = default;
};

// Text of a message or note: UTF-8 without NUL, not blank, at most `max`
// bytes. kInvalidArgument naming `field`.
Result<std::string> clean_message(std::string_view text, size_t max, std::string_view field);

// Watermarks: the highest seq of the other side's messages this side has
// received (delivered) and shown (read).
struct Receipt {
  int64_t delivered = 0;
  int64_t read = 0;
  bool operator==(const Receipt&) const = default;
};

struct Visitor {
  std::string name;
  std::string email;
  std::string customer_id;
  std::string language = "en";  // "en" or "zh-CN"
  bool operator==(const Visitor&) const = default;
};

struct Session {
  core::ContactId contact = core::kNoContact;
  int64_t widget = 0;
  core::QueueId queue = core::kNoId;  // where it started
  Visitor visitor;
  std::string origin;
  int64_t started_ms = 0;
  int64_t expires_ms = 0;  // the visitor token's end
  std::optional<int64_t> ended_ms;
  std::string end_reason;  // visitor, agent, abandoned, expired, refused
  std::string barged_by;   // a supervisor who took the chat over
  Receipt visitor_receipt;  // of staff messages, by the visitor
  Receipt agent_receipt;    // of visitor messages, by staff
  std::string survey_token;  // issued at the end (only the visitor sees it)
  std::string token_hash;    // SHA-256 of the visitor token (never shown)
  int64_t last_seq = 0;
  bool operator==(const Session&) const = default;
};

enum class NoteKind : uint8_t { kNote = 0, kVerified = 1 };
std::string_view note_kind_name(NoteKind k);
std::optional<NoteKind> note_kind_from_string(std::string_view s);

struct Note {
  int64_t id = 0;
  core::ContactId contact = core::kNoContact;
  std::string customer_id;  // of the contact, so a customer's notes are one look-up
  std::string author;
  NoteKind kind = NoteKind::kNote;
  std::string text;
  int64_t time_ms = 0;
  bool operator==(const Note&) const = default;
};

struct Disposition {
  std::string code;  // [a-z0-9_-], 1..40
  Localized label;
  bool operator==(const Disposition&) const = default;
};

struct Desk {
  Localized script;
  std::vector<Disposition> dispositions;
  bool operator==(const Desk&) const = default;
};
// kInvalidArgument naming the field ("dispositions[1].code", "script.en").
Result<void> validate(const Desk& d);
// No codes: any disposition is fine; else a given one must be one of them
// (none given is fine: as when the ACW time runs out).
bool disposition_allowed(const Desk& d, std::string_view code);

class ChatRepository {
 public:
  explicit ChatRepository(storage::SqlDriver& db) : db_(db) {}

  Result<std::vector<Widget>> widgets();
  Result<std::optional<Widget>> widget(int64_t id);
  Result<std::optional<Widget>> widget_by_key(std::string_view key);
  Result<int64_t> insert_widget(const Widget& w);  // id is assigned
  Result<void> update_widget(const Widget& w);     // kNotFound naming "id"
  Result<void> delete_widget(int64_t id);          // kNotFound naming "id"

  // A new session (with its token_hash); kAlreadyExists when the contact has one.
  Result<void> insert_session(const Session& s);
  Result<std::optional<Session>> session(core::ContactId contact);
  Result<std::optional<Session>> session_by_token(std::string_view token_hash);
  // Sessions not ended (at start, to rebuild live state).
  Result<std::vector<Session>> open_sessions();
  // Sessions ended, newest first.
  Result<std::vector<Session>> ended_sessions(size_t limit);

  // Messages with seq > after, in seq order (limit 0 = all).
  Result<std::vector<Message>> messages(core::ContactId contact, int64_t after, size_t limit = 0);

  Result<void> insert_message(const Message& m);
  // Writes, staged so that the chat writer can commit a batch at once.
  static void stage_message(storage::Transaction& tx, const Message& m);
  static void stage_receipts(storage::Transaction& tx, core::ContactId c, const Receipt& visitor, const Receipt& agent);
  static void stage_end(storage::Transaction& tx, core::ContactId c, int64_t ended_ms, std::string_view reason);
  static void stage_barge(storage::Transaction& tx, core::ContactId c, std::string_view by);
  static void stage_survey(storage::Transaction& tx, core::ContactId c, std::string_view token);

 private:
  storage::SqlDriver& db_;
};

class DeskRepository {
 public:
  explicit DeskRepository(storage::SqlDriver& db) : db_(db) {}
  Result<int64_t> add_note(const Note& n);  // id is assigned
  Result<std::vector<Note>> notes(core::ContactId contact);
  // The notes of a customer's contacts, newest first.
  Result<std::vector<Note>> customer_notes(std::string_view customer_id, size_t limit);
  // Every queue's desk (at start).
  Result<std::vector<std::pair<core::QueueId, Desk>>> all_desks();
  // nullopt: none set (an empty desk applies).
  Result<std::optional<Desk>> desk(core::QueueId queue);
  static void stage_desk(storage::Transaction& tx, core::QueueId queue, const Desk& d);

 private:
  storage::SqlDriver& db_;
};

}  // namespace switchyard::chat
