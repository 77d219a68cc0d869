#include "comms/news_store.h"

#include <algorithm>
#include <array>

#include "comms/text_rules.h"
#include "storage/sql_util.h"

namespace switchyard::comms {

namespace {

using storage::SqlValue;
using storage::Statement;

#define SY_NEWS_TABLES(id_column)                                                              \
  "CREATE TABLE comms_briefing_schedules (\n"                                                   \
  "  site TEXT PRIMARY KEY,\n"                                                                  \
  "  time_zone TEXT NOT NULL,\n"                                                                \
  "  publish_min INTEGER NOT NULL,\n"                                                           \
  "  deadline_min INTEGER NOT NULL\n"                                                           \
  ");\n"                                                                                        \
  "CREATE TABLE comms_briefing_items (\n"                                                       \
  "  id " id_column ",\n"                                                                       \
  "  site TEXT NOT NULL,\n"                                                                     \
  "  department TEXT NOT NULL,\n"                                                               \
  "  title TEXT NOT NULL,\n"                                                                    \
  "  body TEXT NOT NULL,\n"                                                                     \
  "  author TEXT NOT NULL,\n"                                                                   \
  "  created_ms BIGINT NOT NULL\n"                                                              \
  ");\n"                                                                                        \
  "CREATE INDEX comms_briefing_items_created ON comms_briefing_items (created_ms);\n"           \
  "CREATE TABLE comms_briefings (\n"                                                            \
  "  id " id_column ",\n"                                                                       \
  "  site TEXT NOT NULL,\n"                                                                     \
  "  date TEXT NOT NULL,\n"                                                                     \
  "  published_ms BIGINT NOT NULL,\n"                                                           \
  "  UNIQUE (site, date)\n"                                                                     \
  ");\n"                                                                                        \
  "CREATE TABLE comms_briefing_contents (\n"                                                    \
  "  briefing_id BIGINT NOT NULL,\n"                                                            \
  "  item_id BIGINT NOT NULL,\n"                                                                \
  "  position INTEGER NOT NULL,\n"                                                              \
  "  PRIMARY KEY (briefing_id, item_id)\n"                                                      \
  ");\n"                                                                                        \
  "CREATE TABLE comms_briefing_reads (\n"                                                       \
  "  briefing_id BIGINT NOT NULL,\n"                                                            \
  "  username TEXT NOT NULL,\n"                                                                 \
  "  read_ms BIGINT NOT NULL,\n"                                                                \
  "  PRIMARY KEY (briefing_id, username)\n"                                                     \
  ");\n"                                                                                        \
  "CREATE TABLE comms_announcements (\n"                                                        \
  "  id " id_column ",\n"                                                                       \
  "  title TEXT NOT NULL,\n"                                                                    \
  "  body TEXT NOT NULL,\n"                                                                     \
  "  category TEXT NOT NULL,\n"                                                                 \
  "  audience_kind TEXT NOT NULL,\n"                                                            \
  "  audience_value TEXT NOT NULL,\n"                                                           \
  "  pinned SMALLINT NOT NULL,\n"                                                               \
  "  urgent SMALLINT NOT NULL,\n"                                                               \
  "  expires_ms BIGINT,\n"                                                                      \
  "  author TEXT NOT NULL,\n"                                                                   \
  "  created_ms BIGINT NOT NULL,\n"                                                             \
  "  updated_ms BIGINT NOT NULL\n"                                                              \
  ");\n"                                                                                        \
  "CREATE TABLE comms_announcement_reads (\n"                                                   \
  "  announcement_id BIGINT NOT NULL,\n"                                                        \
  "  username TEXT NOT NULL,\n"                                                                 \
  "  read_ms BIGINT NOT NULL,\n"                                                                \
  "  PRIMARY KEY (announcement_id, username)\n"                                                 \
  ");\n"

constexpr std::string_view kV1Sqlite = SY_NEWS_TABLES("INTEGER PRIMARY KEY AUTOINCREMENT");
constexpr std::string_view kV1Postgres = SY_NEWS_TABLES("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
#undef SY_NEWS_TABLES

constexpr std::array<storage::Migration, 1> kMigrations = {{{1, "briefings and announcements", kV1Sqlite, kV1Postgres}}};

constexpr Statement kSchedules{
    "SELECT site, time_zone, publish_min, deadline_min FROM comms_briefing_schedules ORDER BY site"};
constexpr Statement kClearSchedules{"DELETE FROM comms_briefing_schedules"};
constexpr Statement kAddSchedule{
    "INSERT INTO comms_briefing_schedules (site, time_zone, publish_min, deadline_min) VALUES ($1, $2, $3, $4)"};
constexpr Statement kAddItem{
    "INSERT INTO comms_briefing_items (site, department, title, body, author, created_ms) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"};
#define SY_ITEM_COLUMNS "i.id, i.site, i.department, i.title, i.body, i.author, i.created_ms"
constexpr Statement kItemsBetween{
    "SELECT " SY_ITEM_COLUMNS " FROM comms_briefing_items i WHERE (i.site = $1 OR i.site = '') "
    "AND i.created_ms >= $2 AND i.created_ms < $3 ORDER BY i.created_ms, i.id"};
constexpr Statement kBriefingItems{
    "SELECT " SY_ITEM_COLUMNS " FROM comms_briefing_contents c JOIN comms_briefing_items i ON i.id = c.item_id "
    "WHERE c.briefing_id = $1 ORDER BY c.position"};
#undef SY_ITEM_COLUMNS
constexpr Statement kBriefingId{"SELECT id FROM comms_briefings WHERE site = $1 AND date = $2"};
constexpr Statement kPublish{
    "INSERT INTO comms_briefings (site, date, published_ms) VALUES ($1, $2, $3) RETURNING id"};
constexpr Statement kAddContent{
    "INSERT INTO comms_briefing_contents (briefing_id, item_id, position) VALUES ($1, $2, $3)"};
constexpr Statement kBriefing{"SELECT id, site, date, published_ms FROM comms_briefings WHERE id = $1"};
constexpr Statement kBriefings{
    "SELECT id, site, date, published_ms FROM comms_briefings WHERE ($1 = '' OR site = $1) "
    "ORDER BY published_ms DESC, id DESC LIMIT $2"};
constexpr Statement kBriefingExists{"SELECT COUNT(*) FROM comms_briefings WHERE id = $1"};
constexpr Statement kBriefingRead{
    "INSERT INTO comms_briefing_reads (briefing_id, username, read_ms) VALUES ($1, $2, $3) "
    "ON CONFLICT (briefing_id, username) DO NOTHING"};
constexpr Statement kBriefingReceipts{"SELECT username, read_ms FROM comms_briefing_reads WHERE briefing_id = $1"};

#define SY_ANNOUNCEMENT_COLUMNS                                                                          \
  "id, title, body, category, audience_kind, audience_value, pinned, urgent, expires_ms, author, created_ms, " \
  "updated_ms"
constexpr Statement kAddAnnouncement{
    "INSERT INTO comms_announcements (title, body, category, audience_kind, audience_value, pinned, urgent, "
    "expires_ms, author, created_ms, updated_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id"};
constexpr Statement kUpdateAnnouncement{
    "UPDATE comms_announcements SET title = $2, body = $3, category = $4, audience_kind = $5, audience_value = $6, "
    "pinned = $7, urgent = $8, expires_ms = $9, updated_ms = $10 WHERE id = $1"};
constexpr Statement kDeleteAnnouncement{"DELETE FROM comms_announcements WHERE id = $1"};
constexpr Statement kDeleteAnnouncementReads{"DELETE FROM comms_announcement_reads WHERE announcement_id = $1"};
constexpr Statement kAnnouncement{"SELECT " SY_ANNOUNCEMENT_COLUMNS " FROM comms_announcements WHERE id = $1"};
constexpr Statement kAnnouncements{
    "SELECT " SY_ANNOUNCEMENT_COLUMNS " FROM comms_announcements WHERE $1 = 1 OR expires_ms IS NULL OR expires_ms > $2 "
    "ORDER BY pinned DESC, created_ms DESC, id DESC"};
#undef SY_ANNOUNCEMENT_COLUMNS
constexpr Statement kAnnouncementExists{"SELECT COUNT(*) FROM comms_announcements WHERE id = $1"};
constexpr Statement kAnnouncementRead{
    "INSERT INTO comms_announcement_reads (announcement_id, username, read_ms) VALUES ($1, $2, $3) "
    "ON CONFLICT (announcement_id, username) DO NOTHING"};
constexpr Statement kAnnouncementReceipts{
    "SELECT username, read_ms FROM comms_announcement_reads WHERE announcement_id = $1"};

BriefingItem read_item(const storage::RowReader& r) {
  return BriefingItem{r.int64(0), std::string(r.text(1)), std::string(r.text(2)), std::string(r.text(3)),
                      std::string(r.text(4)), std::string(r.text(5)), r.int64(6)};
}

Briefing read_briefing(const storage::RowReader& r) {
  return Briefing{r.int64(0), std::string(r.text(1)), std::string(r.text(2)), r.int64(3), {}};
}

Announcement read_announcement(const storage::RowReader& r) {
  Announcement a;
  a.id = r.int64(0);
  a.title = r.text(1);
  a.body = r.text(2);
  a.category = r.text(3);
  a.audience.kind = audience_kind_from_string(r.text(4)).value_or(AudienceKind::kEveryone);
  a.audience.value = r.text(5);
  a.pinned = r.int64(6) != 0;
  a.urgent = r.int64(7) != 0;
  if (!r.is_null(8)) a.expires_ms = r.int64(8);
  a.author = r.text(9);
  a.created_ms = r.int64(10);
  a.updated_ms = r.int64(11);
  return a;
}

constexpr std::array<std::string_view, 4> kAudienceNames = {"everyone", "site", "team", "role"};

Result<int64_t> count_of(storage::SqlDriver& db, const Statement& s, int64_t id) {
  const SqlValue key[] = {id};
  return storage::query_int(db, s, key);
}

// A first read of `id` (counted by `exists`) by `user`, inserted by `insert`; kNotFound "id".
Result<void> mark_read(storage::SqlDriver& db, const Statement& exists, const Statement& insert, std::string_view what,
                       int64_t id, std::string_view user, int64_t now_ms) {
  auto n = count_of(db, exists, id);
  if (!n) return std::unexpected(n.error());
  if (*n == 0) return make_error(ErrorCode::kNotFound, "no such " + std::string(what), "id");
  const SqlValue params[] = {id, user, now_ms};
  if (auto r = db.execute(insert, params); !r) return std::unexpected(r.error());
  return {};
}

}  // namespace

std::string_view to_string(AudienceKind k) { return kAudienceNames[static_cast<size_t>(k)]; }

std::optional<AudienceKind> audience_kind_from_string(std::string_view s) {
  for (size_t i = 0; i < kAudienceNames.size(); ++i)
    if (kAudienceNames[i] == s) return static_cast<AudienceKind>(i);
  return std::nullopt;
}

Result<void> validate(const BriefingItem& i) {
  if (auto ok = check_text(i.department, 1, 100, "department"); !ok) return ok;
  if (auto ok = check_text(i.title, 1, 200, "title"); !ok) return ok;
  if (auto ok = check_text(i.body, 0, 10'000, "body"); !ok) return ok;
  return check_text(i.site, 0, 100, "site");
}

Result<void> validate(const Announcement& a) {
  if (auto ok = check_text(a.title, 1, 200, "title"); !ok) return ok;
  if (auto ok = check_text(a.body, 0, 20'000, "body"); !ok) return ok;
  if (std::find(std::begin(kAnnouncementCategories), std::end(kAnnouncementCategories), a.category) ==
      std::end(kAnnouncementCategories))
    return invalid("hr, product, policy, it or general", "category");
  if (a.audience.kind == AudienceKind::kEveryone) {
    if (!a.audience.value.empty()) return invalid("empty for everyone", "audience.value");
  } else if (auto ok = check_text(a.audience.value, 1, 100, "audience.value"); !ok) {
    return ok;
  }
  return {};
}

const storage::ModuleSchema& NewsRepository::schema() {
  static const storage::ModuleSchema kSchema{"comms_news", kMigrations};
  return kSchema;
}

Result<std::vector<BriefingSchedule>> NewsRepository::schedules() {
  return storage::query_all<BriefingSchedule>(db_, kSchedules, {}, [](const storage::RowReader& r) {
    return BriefingSchedule{std::string(r.text(0)), std::string(r.text(1)), static_cast<int>(r.int64(2)),
                            static_cast<int>(r.int64(3))};
  });
}

Result<void> NewsRepository::replace_schedules(std::span<const BriefingSchedule> all) {
  for (size_t i = 0; i < all.size(); ++i) {
    const std::string at = "items[" + std::to_string(i) + "].";
    if (auto ok = check_text(all[i].site, 1, 100, at + "site"); !ok) return ok;
    for (size_t j = 0; j < i; ++j)
      if (all[j].site == all[i].site) return invalid("named twice", at + "site");
    if (auto ok = validate(all[i]); !ok) return invalid(ok.error().message, at + ok.error().field);
  }
  return db_.in_transaction([&]() -> Result<void> {
    if (auto r = db_.execute(kClearSchedules, {}); !r) return std::unexpected(r.error());
    for (const BriefingSchedule& s : all) {
      const SqlValue params[] = {std::string_view(s.site), std::string_view(s.time_zone), int64_t{s.publish_min},
                                 int64_t{s.deadline_min}};
      if (auto r = db_.execute(kAddSchedule, params); !r) return std::unexpected(r.error());
    }
    return {};
  });
}

Result<int64_t> NewsRepository::add_item(const BriefingItem& i) {
  if (auto ok = validate(i); !ok) return std::unexpected(ok.error());
  const SqlValue params[] = {std::string_view(i.site),  std::string_view(i.department), std::string_view(i.title),
                             std::string_view(i.body),  std::string_view(i.author),     i.created_ms};
  return storage::query_int(db_, kAddItem, params);
}

Result<std::vector<BriefingItem>> NewsRepository::items_between(std::string_view site, int64_t from_ms, int64_t to_ms) {
  const SqlValue params[] = {site, from_ms, to_ms};
  return storage::query_all<BriefingItem>(db_, kItemsBetween, params, read_item);
}

Result<std::optional<int64_t>> NewsRepository::briefing_id(std::string_view site, std::string_view date) {
  const SqlValue params[] = {site, date};
  return storage::query_one<int64_t>(db_, kBriefingId, params, [](const storage::RowReader& r) { return r.int64(0); });
}

Result<int64_t> NewsRepository::publish(std::string_view site, std::string_view date, int64_t now_ms,
                                        std::span<const int64_t> item_ids) {
  auto existing = briefing_id(site, date);
  if (!existing) return std::unexpected(existing.error());
  if (*existing) return make_error(ErrorCode::kConflict, "published already", "date");
  const SqlValue params[] = {site, date, now_ms};
  auto id = storage::query_int(db_, kPublish, params);
  if (!id) return std::unexpected(id.error());
  for (size_t i = 0; i < item_ids.size(); ++i) {
    const SqlValue content[] = {*id, item_ids[i], static_cast<int64_t>(i)};
    if (auto r = db_.execute(kAddContent, content); !r) return std::unexpected(r.error());
  }
  return *id;
}

Result<std::optional<Briefing>> NewsRepository::briefing(int64_t id) {
  const SqlValue key[] = {id};
  auto b = storage::query_one<Briefing>(db_, kBriefing, key, read_briefing);
  if (!b || !*b) return b;
  auto items = storage::query_all<BriefingItem>(db_, kBriefingItems, key, read_item);
  if (!items) return std::unexpected(items.error());
  (*b)->items = std::move(*items);
  return b;
}

Result<std::vector<Briefing>> NewsRepository::briefings(std::string_view site, size_t limit) {
  const SqlValue params[] = {site, storage::limit_param(limit)};
  auto all = storage::query_all<Briefing>(db_, kBriefings, params, read_briefing);
  if (!all) return all;
  for (Briefing& b : *all) {
    const SqlValue key[] = {b.id};
    auto items = storage::query_all<BriefingItem>(db_, kBriefingItems, key, read_item);
    if (!items) return std::unexpected(items.error());
    b.items = std::move(*items);
  }
  return all;
}

Result<void> NewsRepository::mark_briefing_read(int64_t id, std::string_view user, int64_t now_ms) {
  return mark_read(db_, kBriefingExists, kBriefingRead, "briefing", id, user, now_ms);
}

namespace {
Result<Receipts> receipts(storage::SqlDriver& db, const Statement& s, int64_t id) {
  Receipts out;
  const SqlValue key[] = {id};
  auto r = db.query(s, key, [&](const storage::RowReader& row) {
    out.emplace(std::string(row.text(0)), row.int64(1));
    return true;
  });
  if (!r) return std::unexpected(r.error());
  return out;
}
}  // namespace

Result<Receipts> NewsRepository::briefing_receipts(int64_t id) { return receipts(db_, kBriefingReceipts, id); }

namespace {
// The parameters of what an author writes, $first.. in the order of kAddAnnouncement's columns
// (title ... expiry), after `head` and before `tail`.
std::vector<SqlValue> written(const Announcement& a, std::vector<SqlValue> head, std::initializer_list<SqlValue> tail) {
  head.insert(head.end(), {std::string_view(a.title), std::string_view(a.body), std::string_view(a.category),
                           to_string(a.audience.kind), std::string_view(a.audience.value), int64_t{a.pinned},
                           int64_t{a.urgent}, a.expires_ms ? SqlValue(*a.expires_ms) : SqlValue(nullptr)});
  head.insert(head.end(), tail);
  return head;
}
}  // namespace

Result<int64_t> NewsRepository::add_announcement(const Announcement& a) {
  if (auto ok = validate(a); !ok) return std::unexpected(ok.error());
  const auto params = written(a, {}, {std::string_view(a.author), a.created_ms});
  return storage::query_int(db_, kAddAnnouncement, params);
}

Result<void> NewsRepository::update_announcement(const Announcement& a) {
  if (auto ok = validate(a); !ok) return std::unexpected(ok.error());
  const auto params = written(a, {a.id}, {a.updated_ms});
  return storage::expect_changed(db_.execute(kUpdateAnnouncement, params), "announcement");
}

Result<void> NewsRepository::delete_announcement(int64_t id) {
  return db_.in_transaction([&]() -> Result<void> {
    const SqlValue key[] = {id};
    if (auto r = db_.execute(kDeleteAnnouncementReads, key); !r) return std::unexpected(r.error());
    return storage::expect_changed(db_.execute(kDeleteAnnouncement, key), "announcement");
  });
}

Result<std::optional<Announcement>> NewsRepository::announcement(int64_t id) {
  const SqlValue key[] = {id};
  return storage::query_one<Announcement>(db_, kAnnouncement, key, read_announcement);
}

Result<std::vector<Announcement>> NewsRepository::announcements(bool include_expired, int64_t now_ms) {
  const SqlValue params[] = {int64_t{include_expired}, now_ms};
  return storage::query_all<Announcement>(db_, kAnnouncements, params, read_announcement);
}

Result<void> NewsRepository::mark_announcement_read(int64_t id, std::string_view user, int64_t now_ms) {
  return mark_read(db_, kAnnouncementExists, kAnnouncementRead, "announcement", id, user, now_ms);
}

Result<Receipts> NewsRepository::announcement_receipts(int64_t id) { return receipts(db_, kAnnouncementReceipts, id); }

}  // namespace switchyard::comms
