#include "comms/board_store.h"

#include <algorithm>
#include <array>

#include "comms/text_rules.h"
#include "storage/sql_util.h"

namespace switchyard::comms {

namespace {

using storage::SqlValue;
using storage::Statement;

#define SY_BOARD_TABLES(id_column)                                                              \
  "CREATE TABLE comms_board_posts (\n"                                                           \
  "  id " id_column ",\n"                                                                        \
  "  board TEXT NOT NULL,\n"                                                                     \
  "  title TEXT NOT NULL,\n"                                                                     \
  "  body TEXT NOT NULL,\n"                                                                      \
  "  category TEXT NOT NULL,\n"                                                                  \
  "  site TEXT NOT NULL,\n"                                                                      \
  "  author TEXT NOT NULL,\n"                                                                    \
  "  anonymous SMALLINT NOT NULL,\n"                                                             \
  "  status TEXT NOT NULL,\n"                                                                    \
  "  status_reason TEXT NOT NULL,\n"                                                             \
  "  status_by TEXT NOT NULL,\n"                                                                 \
  "  status_ms BIGINT,\n"                                                                        \
  "  votes BIGINT NOT NULL,\n"                                                                   \
  "  comments BIGINT NOT NULL,\n"                                                                \
  "  views BIGINT NOT NULL,\n"                                                                   \
  "  answer TEXT,\n"                                                                             \
  "  answer_by TEXT NOT NULL,\n"                                                                 \
  "  answer_ms BIGINT,\n"                                                                        \
  "  created_ms BIGINT NOT NULL,\n"                                                              \
  "  updated_ms BIGINT NOT NULL\n"                                                               \
  ");\n"                                                                                         \
  "CREATE INDEX comms_board_new ON comms_board_posts (board, created_ms);\n"                     \
  "CREATE INDEX comms_board_top ON comms_board_posts (board, votes, created_ms);\n"              \
  "CREATE TABLE comms_board_votes (\n"                                                           \
  "  post_id BIGINT NOT NULL,\n"                                                                 \
  "  username TEXT NOT NULL,\n"                                                                  \
  "  PRIMARY KEY (post_id, username)\n"                                                          \
  ");\n"                                                                                         \
  "CREATE INDEX comms_board_votes_user ON comms_board_votes (username);\n"                       \
  "CREATE TABLE comms_board_views (\n"                                                           \
  "  post_id BIGINT NOT NULL,\n"                                                                 \
  "  username TEXT NOT NULL,\n"                                                                  \
  "  PRIMARY KEY (post_id, username)\n"                                                          \
  ");\n"                                                                                         \
  "CREATE TABLE comms_board_members (\n"                                                         \
  "  post_id BIGINT NOT NULL,\n"                                                                 \
  "  username TEXT NOT NULL,\n"                                                                  \
  "  PRIMARY KEY (post_id, username)\n"                                                          \
  ");\n"                                                                                         \
  "CREATE TABLE comms_board_comments (\n"                                                        \
  "  id " id_column ",\n"                                                                        \
  "  post_id BIGINT NOT NULL,\n"                                                                 \
  "  author TEXT NOT NULL,\n"                                                                    \
  "  body TEXT NOT NULL,\n"                                                                      \
  "  created_ms BIGINT NOT NULL\n"                                                               \
  ");\n"                                                                                         \
  "CREATE INDEX comms_board_comments_post ON comms_board_comments (post_id, id);\n"

constexpr std::string_view kV1Sqlite = SY_BOARD_TABLES("INTEGER PRIMARY KEY AUTOINCREMENT");
constexpr std::string_view kV1Postgres = SY_BOARD_TABLES("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");
#undef SY_BOARD_TABLES

constexpr std::array<storage::Migration, 1> kMigrations = {
    {{1, "ideas, questions, focus groups, lost and found", kV1Sqlite, kV1Postgres}}};

#define SY_POST_COLUMNS                                                                                     \
  "p.id, p.board, p.title, p.body, p.category, p.site, p.author, p.anonymous, p.status, p.status_reason, " \
  "p.status_by, p.status_ms, p.votes, p.comments, p.views, p.answer, p.answer_by, p.answer_ms, p.created_ms, "  \
  "p.updated_ms"
// $1 board, $2 status, $3 LIKE pattern, $4 author, $5 the user focus groups are restricted to; "" = any.
#define SY_POST_FILTER                                                                                         \
  " FROM comms_board_posts p WHERE p.board = $1 AND ($2 = '' OR p.status = $2) AND ($3 = '' OR "               \
  "LOWER(p.title) LIKE LOWER($3) ESCAPE '\\' OR LOWER(p.body) LIKE LOWER($3) ESCAPE '\\') AND "                 \
  "($4 = '' OR p.author = $4) AND ($5 = '' OR p.author = $5 OR EXISTS (SELECT 1 FROM comms_board_members m " \
  "WHERE m.post_id = p.id AND m.username = $5))"

constexpr Statement kAdd{
    "INSERT INTO comms_board_posts (board, title, body, category, site, author, anonymous, status, status_reason, "
    "status_by, status_ms, votes, comments, views, answer, answer_by, answer_ms, created_ms, updated_ms) VALUES "
    "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id"};
constexpr Statement kGet{"SELECT " SY_POST_COLUMNS " FROM comms_board_posts p WHERE p.id = $1"};
constexpr Statement kList{"SELECT " SY_POST_COLUMNS SY_POST_FILTER
                          " ORDER BY CASE WHEN $6 = 1 THEN p.votes ELSE 0 END DESC, p.created_ms DESC, p.id DESC "
                          "LIMIT $7 OFFSET $8"};
constexpr Statement kCount{"SELECT COUNT(*)" SY_POST_FILTER};
#undef SY_POST_FILTER
#undef SY_POST_COLUMNS
constexpr Statement kEdit{
    "UPDATE comms_board_posts SET title = $2, body = $3, category = $4, updated_ms = $5 WHERE id = $1"};
constexpr Statement kSetStatus{
    "UPDATE comms_board_posts SET status = $2, status_reason = $3, status_by = $4, status_ms = $5 WHERE id = $1"};
constexpr Statement kSetAnswer{
    "UPDATE comms_board_posts SET answer = $2, answer_by = $3, answer_ms = $4, status = 'answered', "
    "status_reason = '', status_by = $3, status_ms = $4 WHERE id = $1"};
constexpr Statement kBoardOf{"SELECT board FROM comms_board_posts WHERE id = $1"};
constexpr Statement kDelete{"DELETE FROM comms_board_posts WHERE id = $1"};
constexpr Statement kDeleteVotes{"DELETE FROM comms_board_votes WHERE post_id = $1"};
constexpr Statement kDeleteViews{"DELETE FROM comms_board_views WHERE post_id = $1"};
constexpr Statement kDeleteMembers{"DELETE FROM comms_board_members WHERE post_id = $1"};
constexpr Statement kDeleteComments{"DELETE FROM comms_board_comments WHERE post_id = $1"};
constexpr Statement kAddVote{
    "INSERT INTO comms_board_votes (post_id, username) VALUES ($1, $2) ON CONFLICT (post_id, username) DO NOTHING"};
constexpr Statement kRemoveVote{"DELETE FROM comms_board_votes WHERE post_id = $1 AND username = $2"};
constexpr Statement kVotesChanged{"UPDATE comms_board_posts SET votes = votes + $2 WHERE id = $1"};
constexpr Statement kVotedBy{"SELECT post_id FROM comms_board_votes WHERE username = $1"};
constexpr Statement kAddView{
    "INSERT INTO comms_board_views (post_id, username) VALUES ($1, $2) ON CONFLICT (post_id, username) DO NOTHING"};
constexpr Statement kViewed{"UPDATE comms_board_posts SET views = views + 1 WHERE id = $1"};
constexpr Statement kAddComment{
    "INSERT INTO comms_board_comments (post_id, author, body, created_ms) VALUES ($1, $2, $3, $4) RETURNING id"};
constexpr Statement kCommented{"UPDATE comms_board_posts SET comments = comments + 1 WHERE id = $1"};
constexpr Statement kComments{
    "SELECT id, post_id, author, body, created_ms FROM comms_board_comments WHERE post_id = $1 ORDER BY id"};
constexpr Statement kMembers{"SELECT username FROM comms_board_members WHERE post_id = $1 ORDER BY username"};
constexpr Statement kAddMember{"INSERT INTO comms_board_members (post_id, username) VALUES ($1, $2)"};

constexpr std::array<std::string_view, 4> kBoardNames = {"idea", "question", "focus", "lost_found"};
constexpr std::string_view kIdeaStatuses[] = {"new", "under_review", "planned", "done", "declined"};
constexpr std::string_view kQuestionStatuses[] = {"open", "answered", "closed"};
constexpr std::string_view kFocusStatuses[] = {"open", "closed"};
constexpr std::string_view kLostFoundStatuses[] = {"open", "resolved"};
constexpr size_t kMaxMembers = 200;

Post read_post(const storage::RowReader& r) {
  Post p;
  p.id = r.int64(0);
  p.board = board_from_string(r.text(1)).value_or(Board::kIdea);
  p.title = r.text(2);
  p.body = r.text(3);
  p.category = r.text(4);
  p.site = r.text(5);
  p.author = r.text(6);
  p.anonymous = r.int64(7) != 0;
  p.status = r.text(8);
  p.status_reason = r.text(9);
  p.status_by = r.text(10);
  p.status_ms = storage::opt_col(r, 11);
  p.votes = r.int64(12);
  p.comments = r.int64(13);
  p.views = r.int64(14);
  if (!r.is_null(15)) p.answer = std::string(r.text(15));
  p.answer_by = r.text(16);
  p.answer_ms = storage::opt_col(r, 17);
  p.created_ms = r.int64(18);
  p.updated_ms = r.int64(19);
  return p;
}

Result<void> check_members(std::span<const std::string> members) {
  if (members.size() > kMaxMembers) return invalid("at most " + std::to_string(kMaxMembers), "members");
  for (size_t i = 0; i < members.size(); ++i) {
    const std::string field = "members[" + std::to_string(i) + "]";
    if (auto ok = check_text(members[i], 1, 100, field); !ok) return ok;
    for (size_t j = 0; j < i; ++j)
      if (members[j] == members[i]) return invalid("named twice", field);
  }
  return {};
}

Result<void> check_category(Board b, std::string_view category) {
  if (b == Board::kLostFound) {
    if (category != "lost" && category != "found") return invalid("lost or found", "category");
    return {};
  }
  return check_text(category, 0, 50, "category");
}

// The board of post `id`; kNotFound "id".
Result<Board> board_of(storage::SqlDriver& db, int64_t id) {
  const SqlValue key[] = {id};
  auto board = storage::query_one<std::string>(db, kBoardOf, key,
                                               [](const storage::RowReader& r) { return std::string(r.text(0)); });
  if (!board) return std::unexpected(board.error());
  if (!*board) return make_error(ErrorCode::kNotFound, "no such post", "id");
  return board_from_string(**board).value_or(Board::kIdea);
}

}  // namespace

std::string_view to_string(Board b) { return kBoardNames[static_cast<size_t>(b)]; }

std::optional<Board> board_from_string(std::string_view s) {
  for (size_t i = 0; i < kBoardNames.size(); ++i)
    if (kBoardNames[i] == s) return static_cast<Board>(i);
  return std::nullopt;
}

std::span<const std::string_view> statuses(Board b) {
  switch (b) {
    case Board::kIdea: return kIdeaStatuses;
    case Board::kQuestion: return kQuestionStatuses;
    case Board::kFocus: return kFocusStatuses;
    case Board::kLostFound: return kLostFoundStatuses;
  }
  return {};
}

bool votable(Board b) { return b == Board::kIdea || b == Board::kQuestion; }

Result<void> validate(const Post& p) {
  if (auto ok = check_text(p.title, 1, 200, "title"); !ok) return ok;
  if (auto ok = check_text(p.body, 0, 20'000, "body"); !ok) return ok;
  if (auto ok = check_category(p.board, p.category); !ok) return ok;
  if (p.anonymous && p.board != Board::kQuestion) return invalid("only questions may be anonymous", "anonymous");
  const auto all = statuses(p.board);
  if (std::find(all.begin(), all.end(), p.status) == all.end()) return invalid("not a status of this board", "status");
  if (p.board != Board::kFocus && !p.members.empty()) return invalid("only focus groups have members", "members");
  return check_members(p.members);
}

const storage::ModuleSchema& BoardRepository::schema() {
  static const storage::ModuleSchema kSchema{"comms_board", kMigrations};
  return kSchema;
}

Result<std::vector<std::string>> BoardRepository::members_of(int64_t id) {
  const SqlValue key[] = {id};
  return storage::query_all<std::string>(db_, kMembers, key,
                                         [](const storage::RowReader& r) { return std::string(r.text(0)); });
}

Result<int64_t> BoardRepository::add(const Post& p) {
  if (auto ok = validate(p); !ok) return std::unexpected(ok.error());
  const SqlValue params[] = {to_string(p.board),
                             std::string_view(p.title),
                             std::string_view(p.body),
                             std::string_view(p.category),
                             std::string_view(p.site),
                             std::string_view(p.author),
                             int64_t{p.anonymous},
                             std::string_view(p.status),
                             std::string_view(p.status_reason),
                             std::string_view(p.status_by),
                             storage::opt_param(p.status_ms),
                             p.votes,
                             p.comments,
                             p.views,
                             p.answer ? SqlValue(std::string_view(*p.answer)) : SqlValue(nullptr),
                             std::string_view(p.answer_by),
                             storage::opt_param(p.answer_ms),
                             p.created_ms,
                             p.updated_ms};
  auto id = storage::query_int(db_, kAdd, params);
  if (!id) return std::unexpected(id.error());
  for (const std::string& m : p.members) {
    const SqlValue member[] = {*id, std::string_view(m)};
    if (auto r = db_.execute(kAddMember, member); !r) return std::unexpected(r.error());
  }
  return *id;
}

Result<std::optional<Post>> BoardRepository::get(int64_t id) {
  const SqlValue key[] = {id};
  auto p = storage::query_one<Post>(db_, kGet, key, read_post);
  if (!p || !*p || (*p)->board != Board::kFocus) return p;
  auto members = members_of(id);
  if (!members) return std::unexpected(members.error());
  (*p)->members = std::move(*members);
  return p;
}

Result<PostPage> BoardRepository::list(const PostQuery& q) {
  if (q.limit < 1 || q.limit > 200) return invalid("1..200", "limit");
  const std::string pattern = q.text.empty() ? std::string() : "%" + storage::like_escaped(q.text) + "%";
  const SqlValue filter[] = {to_string(q.board), std::string_view(q.status), std::string_view(pattern),
                             std::string_view(q.author), std::string_view(q.visible_to)};
  const SqlValue params[] = {filter[0], filter[1], filter[2], filter[3], filter[4], int64_t{q.top},
                             storage::limit_param(q.limit), storage::limit_param(q.offset)};
  PostPage page;
  auto items = storage::query_all<Post>(db_, kList, params, read_post);
  if (!items) return std::unexpected(items.error());
  page.items = std::move(*items);
  auto total = storage::query_int(db_, kCount, filter);
  if (!total) return std::unexpected(total.error());
  page.total = *total;
  if (q.board == Board::kFocus)
    for (Post& p : page.items) {
      auto members = members_of(p.id);
      if (!members) return std::unexpected(members.error());
      p.members = std::move(*members);
    }
  return page;
}

Result<void> BoardRepository::edit(int64_t id, std::string_view title, std::string_view body, std::string_view category,
                                   int64_t now_ms) {
  auto board = board_of(db_, id);
  if (!board) return std::unexpected(board.error());
  if (auto ok = check_text(title, 1, 200, "title"); !ok) return ok;
  if (auto ok = check_text(body, 0, 20'000, "body"); !ok) return ok;
  if (auto ok = check_category(*board, category); !ok) return ok;
  const SqlValue params[] = {id, title, body, category, now_ms};
  return storage::expect_changed(db_.execute(kEdit, params), "post");
}

Result<void> BoardRepository::remove(int64_t id) {
  return db_.in_transaction([&]() -> Result<void> {
    const SqlValue key[] = {id};
    for (const Statement* s : {&kDeleteVotes, &kDeleteViews, &kDeleteMembers, &kDeleteComments})
      if (auto r = db_.execute(*s, key); !r) return std::unexpected(r.error());
    return storage::expect_changed(db_.execute(kDelete, key), "post");
  });
}

Result<void> BoardRepository::set_status(int64_t id, std::string_view status, std::string_view reason,
                                         std::string_view by, int64_t now_ms) {
  auto board = board_of(db_, id);
  if (!board) return std::unexpected(board.error());
  const auto all = statuses(*board);
  if (std::find(all.begin(), all.end(), status) == all.end()) return invalid("not a status of this board", "status");
  if (auto ok = check_text(reason, 0, 2000, "reason"); !ok) return ok;
  const SqlValue params[] = {id, status, reason, by, now_ms};
  return storage::expect_changed(db_.execute(kSetStatus, params), "post");
}

Result<void> BoardRepository::set_answer(int64_t id, std::string_view body, std::string_view by, int64_t now_ms) {
  if (auto ok = check_text(body, 1, 20'000, "body"); !ok) return ok;
  const SqlValue params[] = {id, body, by, now_ms};
  return storage::expect_changed(db_.execute(kSetAnswer, params), "post");
}

Result<void> BoardRepository::vote(int64_t id, std::string_view user, bool on) {
  return db_.in_transaction([&]() -> Result<void> {
    if (auto board = board_of(db_, id); !board) return std::unexpected(board.error());
    const SqlValue params[] = {id, user};
    auto changed = db_.execute(on ? kAddVote : kRemoveVote, params);
    if (!changed) return std::unexpected(changed.error());
    if (*changed == 0) return {};
    const SqlValue delta[] = {id, int64_t{on ? 1 : -1}};
    if (auto r = db_.execute(kVotesChanged, delta); !r) return std::unexpected(r.error());
    return {};
  });
}

Result<std::set<int64_t>> BoardRepository::voted(std::string_view user, std::span<const int64_t> ids) {
  std::set<int64_t> out;
  const std::set<int64_t> wanted(ids.begin(), ids.end());
  const SqlValue key[] = {user};
  auto r = db_.query(kVotedBy, key, [&](const storage::RowReader& row) {
    if (wanted.contains(row.int64(0))) out.insert(row.int64(0));
    return true;
  });
  if (!r) return std::unexpected(r.error());
  return out;
}

Result<void> BoardRepository::view(int64_t id, std::string_view user) {
  return db_.in_transaction([&]() -> Result<void> {
    const SqlValue params[] = {id, user};
    auto changed = db_.execute(kAddView, params);
    if (!changed) return std::unexpected(changed.error());
    if (*changed == 0) return {};
    const SqlValue key[] = {id};
    return storage::expect_changed(db_.execute(kViewed, key), "post");
  });
}

Result<int64_t> BoardRepository::add_comment(const PostComment& c) {
  if (auto ok = check_text(c.body, 1, 5000, "body"); !ok) return std::unexpected(ok.error());
  int64_t made = 0;
  auto tx = db_.in_transaction([&]() -> Result<void> {
    const SqlValue key[] = {c.post};
    if (auto ok = storage::expect_changed(db_.execute(kCommented, key), "post"); !ok) return ok;
    const SqlValue params[] = {c.post, std::string_view(c.author), std::string_view(c.body), c.created_ms};
    auto id = storage::query_int(db_, kAddComment, params);
    if (!id) return std::unexpected(id.error());
    made = *id;
    return {};
  });
  if (!tx) return std::unexpected(tx.error());
  return made;
}

Result<std::vector<PostComment>> BoardRepository::comments(int64_t post) {
  const SqlValue key[] = {post};
  return storage::query_all<PostComment>(db_, kComments, key, [](const storage::RowReader& r) {
    return PostComment{r.int64(0), r.int64(1), std::string(r.text(2)), std::string(r.text(3)), r.int64(4)};
  });
}

Result<void> BoardRepository::set_members(int64_t id, std::span<const std::string> members) {
  if (auto ok = check_members(members); !ok) return ok;
  if (auto board = board_of(db_, id); !board) return std::unexpected(board.error());
  const SqlValue key[] = {id};
  if (auto r = db_.execute(kDeleteMembers, key); !r) return std::unexpected(r.error());
  for (const std::string& m : members) {
    const SqlValue member[] = {id, std::string_view(m)};
    if (auto r = db_.execute(kAddMember, member); !r) return std::unexpected(r.error());
  }
  return {};
}

}  // namespace switchyard::comms
