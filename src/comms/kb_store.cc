#include "comms/kb_store.h"

#include <array>

#include "comms/search_text.h"
#include "core/text.h"
#include "comms/text_rules.h"
#include "storage/sql_util.h"

namespace switchyard::comms {

namespace {

using storage::SqlValue;
using storage::Statement;

#define SY_KB_TABLES(id_column, extra)                                                       \
  "CREATE TABLE comms_kb_articles (\n"                                                        \
  "  id " id_column ",\n"                                                                     \
  "  title TEXT NOT NULL,\n"                                                                  \
  "  body TEXT NOT NULL,\n"                                                                   \
  "  category TEXT NOT NULL,\n"                                                               \
  "  tags TEXT NOT NULL,\n"                                                                   \
  "  version INTEGER NOT NULL,\n"                                                             \
  "  author TEXT NOT NULL,\n"                                                                 \
  "  reviewer TEXT NOT NULL,\n"                                                               \
  "  status TEXT NOT NULL,\n"                                                                 \
  "  created_ms BIGINT NOT NULL,\n"                                                           \
  "  updated_ms BIGINT NOT NULL,\n"                                                           \
  "  views BIGINT NOT NULL DEFAULT 0,\n"                                                      \
  "  helpful BIGINT NOT NULL DEFAULT 0,\n"                                                    \
  "  not_helpful BIGINT NOT NULL DEFAULT 0" extra "\n"                                        \
  ");\n"                                                                                      \
  "CREATE INDEX comms_kb_updated ON comms_kb_articles (updated_ms);\n"                        \
  "CREATE TABLE comms_kb_versions (\n"                                                        \
  "  article_id BIGINT NOT NULL,\n"                                                           \
  "  version INTEGER NOT NULL,\n"                                                             \
  "  title TEXT NOT NULL,\n"                                                                  \
  "  body TEXT NOT NULL,\n"                                                                   \
  "  category TEXT NOT NULL,\n"                                                               \
  "  tags TEXT NOT NULL,\n"                                                                   \
  "  author TEXT NOT NULL,\n"                                                                 \
  "  note TEXT NOT NULL,\n"                                                                   \
  "  created_ms BIGINT NOT NULL,\n"                                                           \
  "  PRIMARY KEY (article_id, version)\n"                                                     \
  ");\n"                                                                                      \
  "CREATE TABLE comms_kb_votes (\n"                                                           \
  "  article_id BIGINT NOT NULL,\n"                                                           \
  "  username TEXT NOT NULL,\n"                                                               \
  "  helpful SMALLINT NOT NULL,\n"                                                            \
  "  PRIMARY KEY (article_id, username)\n"                                                    \
  ");\n"                                                                                      \
  "CREATE TABLE comms_kb_comments (\n"                                                        \
  "  id " id_column ",\n"                                                                     \
  "  article_id BIGINT NOT NULL,\n"                                                           \
  "  author TEXT NOT NULL,\n"                                                                 \
  "  body TEXT NOT NULL,\n"                                                                   \
  "  created_ms BIGINT NOT NULL\n"                                                            \
  ");\n"                                                                                      \
  "CREATE INDEX comms_kb_comments_article ON comms_kb_comments (article_id, id);\n"

// The search index: an FTS5 table on SQLite, a tsvector column with a GIN index on PostgreSQL.
constexpr std::string_view kV1Sqlite =
    SY_KB_TABLES("INTEGER PRIMARY KEY AUTOINCREMENT", "")
    "CREATE VIRTUAL TABLE comms_kb_fts USING fts5(search, tokenize = 'unicode61');\n";
constexpr std::string_view kV1Postgres =
    SY_KB_TABLES("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", ",\n  search TSVECTOR NOT NULL DEFAULT ''::tsvector")
    "CREATE INDEX comms_kb_search ON comms_kb_articles USING GIN (search);\n";
#undef SY_KB_TABLES

// Version 2: the articles a queue's script panel shows, in order.
constexpr std::string_view kV2 =
    "CREATE TABLE comms_kb_queue_links (\n"
    "  queue TEXT NOT NULL,\n"
    "  article_id BIGINT NOT NULL,\n"
    "  position INTEGER NOT NULL,\n"
    "  PRIMARY KEY (queue, article_id)\n"
    ");\n"
    "CREATE INDEX comms_kb_queue_links_article ON comms_kb_queue_links (article_id);\n";

// PostgreSQL keeps the search index in a narrow table of its own: a match visits each matching
// row, and a row of comms_kb_articles carries the whole body.
constexpr std::string_view kV2Postgres =
    "CREATE TABLE comms_kb_queue_links (\n"
    "  queue TEXT NOT NULL,\n"
    "  article_id BIGINT NOT NULL,\n"
    "  position INTEGER NOT NULL,\n"
    "  PRIMARY KEY (queue, article_id)\n"
    ");\n"
    "CREATE INDEX comms_kb_queue_links_article ON comms_kb_queue_links (article_id);\n"
    "CREATE TABLE comms_kb_index (id BIGINT PRIMARY KEY, search TSVECTOR NOT NULL);\n"
    "INSERT INTO comms_kb_index (id, search) SELECT id, search FROM comms_kb_articles;\n"
    "CREATE INDEX comms_kb_index_search ON comms_kb_index USING GIN (search);\n"
    "DROP INDEX comms_kb_search;\n"
    "ALTER TABLE comms_kb_articles DROP COLUMN search;\n";

constexpr std::array<storage::Migration, 2> kMigrations = {
    {{1, "knowledge base", kV1Sqlite, kV1Postgres}, {2, "articles linked to queues; a narrow search index", kV2, kV2Postgres}}};

#define SY_ARTICLE_COLUMNS                                                                             \
  "a.id, a.title, a.body, a.category, a.tags, a.version, a.author, a.reviewer, a.status, a.created_ms, " \
  "a.updated_ms, a.views, a.helpful, a.not_helpful"

constexpr Statement kCreate{
    "INSERT INTO comms_kb_articles (title, body, category, tags, version, author, reviewer, status, created_ms, "
    "updated_ms) VALUES ($1, $2, $3, $4, 1, $5, '', 'draft', $6, $6) RETURNING id"};
constexpr Statement kAddVersion{
    "INSERT INTO comms_kb_versions (article_id, version, title, body, category, tags, author, note, created_ms) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"};
constexpr Statement kEdit{
    "UPDATE comms_kb_articles SET title = $3, body = $4, category = $5, tags = $6, author = $7, updated_ms = $8, "
    "version = version + 1, status = CASE WHEN status = 'published' THEN 'in_review' ELSE status END "
    "WHERE id = $1 AND version = $2"};
constexpr Statement kExists{"SELECT COUNT(*) FROM comms_kb_articles WHERE id = $1"};
constexpr Statement kSetStatus{
    "UPDATE comms_kb_articles SET status = $2, reviewer = CASE WHEN $2 = 'published' THEN $3 ELSE reviewer END, "
    "updated_ms = $4 WHERE id = $1"};
constexpr Statement kGet{"SELECT " SY_ARTICLE_COLUMNS " FROM comms_kb_articles a WHERE a.id = $1"};
constexpr Statement kAddView{"UPDATE comms_kb_articles SET views = views + 1 WHERE id = $1"};
#define SY_VERSION_COLUMNS "article_id, version, title, body, category, tags, author, note, created_ms"
constexpr Statement kVersions{"SELECT " SY_VERSION_COLUMNS
                              " FROM comms_kb_versions WHERE article_id = $1 ORDER BY version DESC"};
constexpr Statement kVersion{"SELECT " SY_VERSION_COLUMNS
                             " FROM comms_kb_versions WHERE article_id = $1 AND version = $2"};
#undef SY_VERSION_COLUMNS
constexpr Statement kIndexSqliteDelete{"DELETE FROM comms_kb_fts WHERE rowid = $1"};
constexpr Statement kIndexSqliteInsert{"INSERT INTO comms_kb_fts (rowid, search) VALUES ($1, $2)"};
constexpr Statement kIndexPostgres{
    "INSERT INTO comms_kb_index (id, search) VALUES ($1, to_tsvector('simple', $2)) "
    "ON CONFLICT (id) DO UPDATE SET search = excluded.search"};
// Filters: $2 category, $3 a LIKE pattern for a whole tag, $4 status; "" = any.
#define SY_FILTERS "($2 = '' OR a.category = $2) AND ($3 = '' OR a.tags LIKE $3 ESCAPE '\\') AND ($4 = '' OR a.status = $4)"
// Ranking is bounded (kKbSearchCandidates): the newest matches by id are ranked, not every match, so
// a term in half the corpus costs as much as a rare one (docs/comms.md "Knowledge base").
constexpr Statement kSearchSqlite{
    "SELECT " SY_ARTICLE_COLUMNS " FROM (SELECT rowid AS id, bm25(comms_kb_fts) AS score FROM comms_kb_fts "
    "WHERE comms_kb_fts MATCH $1 ORDER BY rowid DESC LIMIT $6) c JOIN comms_kb_articles a ON a.id = c.id "
    "WHERE " SY_FILTERS " ORDER BY c.score, a.updated_ms DESC, a.id DESC LIMIT $5"};
// PostgreSQL: candidates by every token (no phrase check, which reads each row's tsvector), the
// newest $7 by id, then the phrase check and the rank on those only. $6 the token query. The
// candidates carry their tsvector, so that the phrase check cannot be planned as a scan of its
// own over every match (1.6 s for a phrase in half of 100,000 articles). Planned per call: a
// common word walks the id index newest first and stops at $7 matches, a rare one reads the GIN
// index; a generic plan would take one way for both (docs/comms.md "Search on PostgreSQL").
constexpr Statement kSearchPostgres{
    .sql = "SELECT " SY_ARTICLE_COLUMNS " FROM (SELECT id, search FROM comms_kb_index "
           "WHERE search @@ to_tsquery('simple', $6) ORDER BY id DESC LIMIT $7) c "
           "JOIN comms_kb_articles a ON a.id = c.id, to_tsquery('simple', $1) q WHERE c.search @@ q AND " SY_FILTERS
           " ORDER BY ts_rank(c.search, q) DESC, a.updated_ms DESC, a.id DESC LIMIT $5",
    .plan_per_call = true};
// The same filters as $1..$3, the limit $4.
constexpr Statement kRecent{
    "SELECT " SY_ARTICLE_COLUMNS " FROM comms_kb_articles a WHERE ($1 = '' OR a.category = $1) AND "
    "($2 = '' OR a.tags LIKE $2 ESCAPE '\\') AND ($3 = '' OR a.status = $3) "
    "ORDER BY a.updated_ms DESC, a.id DESC LIMIT $4"};
#undef SY_FILTERS
#define SY_ARTICLE_COLUMNS_2 SY_ARTICLE_COLUMNS
constexpr Statement kVote{
    "INSERT INTO comms_kb_votes (article_id, username, helpful) VALUES ($1, $2, $3) "
    "ON CONFLICT (article_id, username) DO UPDATE SET helpful = excluded.helpful"};
constexpr Statement kRecount{
    "UPDATE comms_kb_articles SET "
    "helpful = (SELECT COUNT(*) FROM comms_kb_votes v WHERE v.article_id = $1 AND v.helpful = 1), "
    "not_helpful = (SELECT COUNT(*) FROM comms_kb_votes v WHERE v.article_id = $1 AND v.helpful = 0) WHERE id = $1"};
constexpr Statement kAddComment{
    "INSERT INTO comms_kb_comments (article_id, author, body, created_ms) VALUES ($1, $2, $3, $4) RETURNING id"};
constexpr Statement kMyVote{"SELECT helpful FROM comms_kb_votes WHERE article_id = $1 AND username = $2"};
constexpr Statement kCategories{
    "SELECT category, COUNT(*) FROM comms_kb_articles WHERE category <> '' AND ($1 = '' OR status = $1) "
    "GROUP BY category ORDER BY category"};
constexpr Statement kUnlinkQueue{"DELETE FROM comms_kb_queue_links WHERE queue = $1"};
constexpr Statement kLinkQueue{"INSERT INTO comms_kb_queue_links (queue, article_id, position) VALUES ($1, $2, $3)"};
constexpr Statement kQueueArticles{
    "SELECT " SY_ARTICLE_COLUMNS_2 " FROM comms_kb_queue_links l JOIN comms_kb_articles a ON a.id = l.article_id "
    "WHERE l.queue = $1 AND ($2 = '' OR a.status = $2) ORDER BY l.position"};
constexpr Statement kQueuesOf{"SELECT queue FROM comms_kb_queue_links WHERE article_id = $1 ORDER BY queue"};
constexpr Statement kComments{
    "SELECT id, article_id, author, body, created_ms FROM comms_kb_comments WHERE article_id = $1 ORDER BY id"};

#undef SY_ARTICLE_COLUMNS_2
#undef SY_ARTICLE_COLUMNS

using storage::like_escaped;
using storage::split_tags;

Article read_article(const storage::RowReader& r) {
  Article a;
  a.id = r.int64(0);
  a.text.title = r.text(1);
  a.text.body = r.text(2);
  a.text.category = r.text(3);
  a.text.tags = split_tags(r.text(4));
  a.version = static_cast<int>(r.int64(5));
  a.author = r.text(6);
  a.reviewer = r.text(7);
  a.status = article_status_from_string(r.text(8)).value_or(ArticleStatus::kDraft);
  a.created_ms = r.int64(9);
  a.updated_ms = r.int64(10);
  a.views = r.int64(11);
  a.helpful = r.int64(12);
  a.not_helpful = r.int64(13);
  return a;
}

ArticleVersion read_version(const storage::RowReader& r) {
  ArticleVersion v;
  v.article_id = r.int64(0);
  v.version = static_cast<int>(r.int64(1));
  v.text.title = r.text(2);
  v.text.body = r.text(3);
  v.text.category = r.text(4);
  v.text.tags = split_tags(r.text(5));
  v.author = r.text(6);
  v.note = r.text(7);
  v.created_ms = r.int64(8);
  return v;
}


constexpr std::array<std::string_view, 4> kStatusNames = {"draft", "in_review", "published", "archived"};

}  // namespace

std::string_view to_string(ArticleStatus s) { return kStatusNames[static_cast<size_t>(s)]; }

std::optional<ArticleStatus> article_status_from_string(std::string_view s) {
  for (size_t i = 0; i < kStatusNames.size(); ++i)
    if (kStatusNames[i] == s) return static_cast<ArticleStatus>(i);
  return std::nullopt;
}

Result<void> validate(const ArticleText& t) {
  if (t.title.empty() || t.title.size() > kMaxTitleBytes || !is_clean_text(t.title))
    return invalid("1.." + std::to_string(kMaxTitleBytes) + " bytes of text", "title");
  if (t.body.size() > kMaxBodyBytes || !is_clean_text(t.body))
    return invalid("at most " + std::to_string(kMaxBodyBytes) + " bytes of text", "body");
  if (t.category.size() > 100 || !is_clean_text(t.category)) return invalid("at most 100 bytes of text", "category");
  if (t.tags.size() > kMaxTags) return invalid("at most " + std::to_string(kMaxTags) + " tags", "tags");
  for (size_t i = 0; i < t.tags.size(); ++i) {
    const std::string& tag = t.tags[i];
    if (tag.empty() || tag.size() > 50 || tag.find(',') != std::string::npos || !is_clean_text(tag))
      return invalid("1..50 bytes of text without a comma", "tags[" + std::to_string(i) + "]");
  }
  return {};
}

const storage::ModuleSchema& KbRepository::schema() {
  static const storage::ModuleSchema kSchema{"comms", kMigrations};
  return kSchema;
}

bool KbRepository::postgres() const { return db_.dialect() == "postgresql"; }

Result<void> KbRepository::index(int64_t id, const ArticleText& t) {
  const std::string search = index_text(t.title + "\n" + t.category + "\n" + t.body + "\n" + storage::joined_tags(t.tags));
  const SqlValue params[] = {id, std::string_view(search)};
  if (postgres()) {
    if (auto r = db_.execute(kIndexPostgres, params); !r) return std::unexpected(r.error());
    return {};
  }
  const SqlValue key[] = {id};
  if (auto r = db_.execute(kIndexSqliteDelete, key); !r) return std::unexpected(r.error());
  if (auto r = db_.execute(kIndexSqliteInsert, params); !r) return std::unexpected(r.error());
  return {};
}

Result<int64_t> KbRepository::create(const ArticleText& t, std::string_view author, std::string_view note,
                                     int64_t now_ms) {
  if (auto ok = validate(t); !ok) return std::unexpected(ok.error());
  int64_t id = 0;
  const std::string tags = storage::joined_tags(t.tags);
  auto tx = db_.in_transaction([&]() -> Result<void> {
    const SqlValue params[] = {std::string_view(t.title), std::string_view(t.body), std::string_view(t.category),
                               std::string_view(tags),    author,                   now_ms};
    auto made = storage::query_int(db_, kCreate, params);
    if (!made) return std::unexpected(made.error());
    id = *made;
    const SqlValue version[] = {id, int64_t{1}, std::string_view(t.title), std::string_view(t.body),
                                std::string_view(t.category), std::string_view(tags), author, note, now_ms};
    if (auto r = db_.execute(kAddVersion, version); !r) return std::unexpected(r.error());
    return index(id, t);
  });
  if (!tx) return std::unexpected(tx.error());
  return id;
}

Result<int> KbRepository::edit(int64_t id, int base_version, const ArticleText& t, std::string_view author,
                               std::string_view note, int64_t now_ms) {
  if (auto ok = validate(t); !ok) return std::unexpected(ok.error());
  const std::string tags = storage::joined_tags(t.tags);
  auto tx = db_.in_transaction([&]() -> Result<void> {
    const SqlValue params[] = {id, int64_t{base_version}, std::string_view(t.title), std::string_view(t.body),
                               std::string_view(t.category), std::string_view(tags), author, now_ms};
    auto changed = db_.execute(kEdit, params);
    if (!changed) return std::unexpected(changed.error());
    if (*changed == 0) {
      const SqlValue key[] = {id};
      auto n = storage::query_int(db_, kExists, key);
      if (!n) return std::unexpected(n.error());
      if (*n == 0) return make_error(ErrorCode::kNotFound, "no such article", "id");
      return make_error(ErrorCode::kConflict, "the article was edited since that version: reload it", "version");
    }
    const SqlValue version[] = {id, int64_t{base_version + 1}, std::string_view(t.title), std::string_view(t.body),
                                std::string_view(t.category), std::string_view(tags), author, note, now_ms};
    if (auto r = db_.execute(kAddVersion, version); !r) return std::unexpected(r.error());
    return index(id, t);
  });
  if (!tx) return std::unexpected(tx.error());
  return base_version + 1;
}

Result<void> KbRepository::set_status(int64_t id, ArticleStatus status, std::string_view reviewer, int64_t now_ms) {
  const SqlValue params[] = {id, to_string(status), reviewer, now_ms};
  return storage::expect_changed(db_.execute(kSetStatus, params), "article");
}

Result<std::optional<Article>> KbRepository::get(int64_t id) {
  const SqlValue params[] = {id};
  return storage::query_one<Article>(db_, kGet, params, read_article);
}

Result<void> KbRepository::add_view(int64_t id) {
  const SqlValue params[] = {id};
  return storage::expect_changed(db_.execute(kAddView, params), "article");
}

Result<std::vector<ArticleVersion>> KbRepository::versions(int64_t id) {
  const SqlValue params[] = {id};
  return storage::query_all<ArticleVersion>(db_, kVersions, params, read_version);
}

Result<std::optional<ArticleVersion>> KbRepository::version(int64_t id, int version) {
  const SqlValue params[] = {id, int64_t{version}};
  return storage::query_one<ArticleVersion>(db_, kVersion, params, read_version);
}

Result<std::vector<Article>> KbRepository::search(const ArticleQuery& q) {
  if (q.limit < 1 || q.limit > 200) return invalid("1..200", "limit");
  const auto phrases = query_phrases(q.text, /*prefix_last=*/true);
  const std::string match = phrases.empty() ? "" : postgres() ? pg_tsquery(phrases) : fts5_match(phrases);
  const std::string tag = q.tag.empty() ? "" : "%," + like_escaped(q.tag) + ",%";
  const std::string tokens = postgres() && !phrases.empty() ? pg_tsquery_tokens(phrases) : std::string();
  const int64_t candidates = static_cast<int64_t>(kKbSearchCandidates);
  const SqlValue params[] = {std::string_view(match),
                             std::string_view(q.category),
                             std::string_view(tag),
                             q.status ? to_string(*q.status) : std::string_view(),
                             storage::limit_param(q.limit),
                             postgres() ? SqlValue(std::string_view(tokens)) : SqlValue(candidates),
                             candidates};
  if (!q.text.empty() && phrases.empty()) return std::vector<Article>{};  // only punctuation: nothing matches
  if (phrases.empty())
    return storage::query_all<Article>(db_, kRecent, std::span(params).subspan(1, 4), read_article);
  if (!postgres()) return storage::query_all<Article>(db_, kSearchSqlite, std::span(params).first(6), read_article);
  return storage::query_all<Article>(db_, kSearchPostgres, params, read_article);
}

Result<void> KbRepository::recount(int64_t id) {
  const SqlValue params[] = {id};
  return storage::expect_changed(db_.execute(kRecount, params), "article");
}

Result<void> KbRepository::vote(int64_t id, std::string_view user, bool helpful) {
  return db_.in_transaction([&]() -> Result<void> {
    const SqlValue key[] = {id};
    auto n = storage::query_int(db_, kExists, key);
    if (!n) return std::unexpected(n.error());
    if (*n == 0) return make_error(ErrorCode::kNotFound, "no such article", "id");
    const SqlValue params[] = {id, user, int64_t{helpful ? 1 : 0}};
    if (auto r = db_.execute(kVote, params); !r) return std::unexpected(r.error());
    return recount(id);
  });
}

Result<int64_t> KbRepository::add_comment(int64_t id, std::string_view author, std::string_view body, int64_t now_ms) {
  if (body.empty() || body.size() > 4000 || !is_clean_text(body)) return invalid("1..4,000 bytes of text", "body");
  int64_t comment = 0;
  auto tx = db_.in_transaction([&]() -> Result<void> {
    const SqlValue key[] = {id};
    auto n = storage::query_int(db_, kExists, key);
    if (!n) return std::unexpected(n.error());
    if (*n == 0) return make_error(ErrorCode::kNotFound, "no such article", "id");
    const SqlValue params[] = {id, author, body, now_ms};
    auto made = storage::query_int(db_, kAddComment, params);
    if (!made) return std::unexpected(made.error());
    comment = *made;
    return {};
  });
  if (!tx) return std::unexpected(tx.error());
  return comment;
}

Result<std::vector<Comment>> KbRepository::comments(int64_t id) {
  const SqlValue params[] = {id};
  return storage::query_all<Comment>(db_, kComments, params, [](const storage::RowReader& r) {
    return Comment{r.int64(0), r.int64(1), std::string(r.text(2)), std::string(r.text(3)), r.int64(4)};
  });
}

Result<std::optional<bool>> KbRepository::my_vote(int64_t id, std::string_view user) {
  const SqlValue params[] = {id, user};
  return storage::query_one<bool>(db_, kMyVote, params, [](const storage::RowReader& r) { return r.int64(0) != 0; });
}

Result<std::vector<CategoryCount>> KbRepository::categories(std::optional<ArticleStatus> status) {
  const SqlValue params[] = {status ? to_string(*status) : std::string_view()};
  return storage::query_all<CategoryCount>(db_, kCategories, params, [](const storage::RowReader& r) {
    return CategoryCount{std::string(r.text(0)), r.int64(1)};
  });
}

Result<void> KbRepository::set_queue_articles(std::string_view queue, std::span<const int64_t> ids) {
  if (ids.size() > kMaxQueueArticles) return invalid("at most " + std::to_string(kMaxQueueArticles), "articles");
  return db_.in_transaction([&]() -> Result<void> {
    const SqlValue q[] = {queue};
    if (auto r = db_.execute(kUnlinkQueue, q); !r) return std::unexpected(r.error());
    for (size_t i = 0; i < ids.size(); ++i) {
      const std::string field = "articles[" + std::to_string(i) + "]";
      for (size_t j = 0; j < i; ++j)
        if (ids[j] == ids[i]) return invalid("named twice", field);
      const SqlValue key[] = {ids[i]};
      auto n = storage::query_int(db_, kExists, key);
      if (!n) return std::unexpected(n.error());
      if (*n == 0) return make_error(ErrorCode::kNotFound, "no such article", field);
      const SqlValue link[] = {queue, ids[i], static_cast<int64_t>(i)};
      if (auto r = db_.execute(kLinkQueue, link); !r) return std::unexpected(r.error());
    }
    return {};
  });
}

Result<std::vector<Article>> KbRepository::queue_articles(std::string_view queue, std::optional<ArticleStatus> status) {
  const SqlValue params[] = {queue, status ? to_string(*status) : std::string_view()};
  return storage::query_all<Article>(db_, kQueueArticles, params, read_article);
}

Result<std::vector<std::string>> KbRepository::queues_of(int64_t id) {
  const SqlValue params[] = {id};
  return storage::query_all<std::string>(db_, kQueuesOf, params,
                                         [](const storage::RowReader& r) { return std::string(r.text(0)); });
}

}  // namespace switchyard::comms
