#pragma once
// Module "comms", the knowledge base (docs/comms.md "Knowledge base"): articles with categories,
// tags and every version kept, a review status, full-text search in English and Chinese
// (search_text.h), view counts, "helpful" votes (one per user and article) and comments.
//
// Tables: comms_kb_articles (the current version and the counters), comms_kb_versions (every
// version), comms_kb_votes, comms_kb_comments, comms_kb_queue_links (v2); the search index is
// comms_kb_fts (an FTS5 table, rowid = article id) on SQLite and comms_kb_index (id, a tsvector of
// to_tsvector('simple', ...) with a GIN index; v2, narrow so that a match reads little) on
// PostgreSQL.
// The index text is written with each version, in its transaction.
//
// Editing is optimistic: edit() names the version it was based on and is refused
// (kConflict, field "version") when another edit came first, so no edit is lost silently.
//
// Threading: one connection, one thread at a time.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "storage/migrate.h"
#include "storage/sql_driver.h"

namespace switchyard::comms {

enum class ArticleStatus : uint8_t { kDraft, kInReview, kPublished, kArchived };
std::string_view to_string(ArticleStatus s);  // "draft", "in_review", "published", "archived"
std::optional<ArticleStatus> article_status_from_string(std::string_view s);

inline constexpr size_t kMaxTitleBytes = 300;
inline constexpr size_t kMaxBodyBytes = 200'000;
inline constexpr size_t kMaxTags = 20;
// A search ranks at most this many matches, the newest (by id): a term found in more articles
// answers as fast as a rare one, at the cost of never showing older matches of such a term
// (docs/comms.md "Knowledge base", bench/RESULTS.md).
inline constexpr size_t kKbSearchCandidates = 2000;

// What an author writes; validate() checks it.
struct ArticleText {
  std::string title;                 // 1..kMaxTitleBytes
  std::string body;                  // 0..kMaxBodyBytes (Markdown)
  std::string category;              // 0..100 bytes ("" = none)
  std::vector<std::string> tags;     // <= kMaxTags, each 1..50 bytes without a comma
};
// kInvalidArgument naming "title", "body", "category", "tags" or "tags[i]".
Result<void> validate(const ArticleText& t);

struct Article {
  int64_t id = 0;
  ArticleText text;
  int version = 1;
  std::string author;    // who wrote the current version
  std::string reviewer;  // who published it ("" until then)
  ArticleStatus status = ArticleStatus::kDraft;
  int64_t created_ms = 0, updated_ms = 0;
  int64_t views = 0;
  int64_t helpful = 0, not_helpful = 0;
};

struct ArticleVersion {
  int64_t article_id = 0;
  int version = 0;
  ArticleText text;
  std::string author;
  std::string note;  // what changed, as the author said
  int64_t created_ms = 0;
};

struct Comment {
  int64_t id = 0;
  int64_t article_id = 0;
  std::string author;
  std::string body;
  int64_t created_ms = 0;
};

struct CategoryCount {
  std::string category;
  int64_t articles = 0;
};

inline constexpr size_t kMaxQueueArticles = 50;

// Every member has an initializer, so designated initializers may name just the fields they set.
struct ArticleQuery {
  std::string text{};      // search text ("" = every article); the last word may be a prefix
  std::string category{};  // "" = any
  std::string tag{};       // "" = any (exact, as stored)
  std::optional<ArticleStatus> status{};  // nullopt = any
  size_t limit = 20;     // 1..200
};

class KbRepository {
 public:
  explicit KbRepository(storage::SqlDriver& db) : db_(db) {}
  static const storage::ModuleSchema& schema();  // module "comms"

  // A new article: version 1, a draft. Returns its id.
  Result<int64_t> create(const ArticleText& text, std::string_view author, std::string_view note, int64_t now_ms);
  // The next version of `id`, based on `base_version` (kConflict "version" when it is not the
  // current one; kNotFound "id"). An edit of a published article goes back to review. Returns
  // the new version.
  Result<int> edit(int64_t id, int base_version, const ArticleText& text, std::string_view author,
                   std::string_view note, int64_t now_ms);
  // kNotFound "id". Publishing names its reviewer.
  Result<void> set_status(int64_t id, ArticleStatus status, std::string_view reviewer, int64_t now_ms);
  Result<std::optional<Article>> get(int64_t id);
  Result<void> add_view(int64_t id);
  // Newest first.
  Result<std::vector<ArticleVersion>> versions(int64_t id);
  Result<std::optional<ArticleVersion>> version(int64_t id, int version);
  // Matches of q.text, best first (bm25 on SQLite, ts_rank on PostgreSQL), then newest, among the
  // newest kKbSearchCandidates matches (filters apply after that bound); without text, the most
  // recently updated first. kInvalidArgument "limit".
  Result<std::vector<Article>> search(const ArticleQuery& q);
  // One vote per user and article (a second replaces the first); kNotFound "id".
  Result<void> vote(int64_t id, std::string_view user, bool helpful);
  Result<int64_t> add_comment(int64_t id, std::string_view author, std::string_view body, int64_t now_ms);
  Result<std::vector<Comment>> comments(int64_t id);  // oldest first
  // `user`'s vote on `id` (true: helpful), nullopt when none.
  Result<std::optional<bool>> my_vote(int64_t id, std::string_view user);
  // Categories in use (not ""), by name, with their articles of `status` (nullopt: any).
  Result<std::vector<CategoryCount>> categories(std::optional<ArticleStatus> status);

  // The articles a queue's script panel shows (docs/comms.md "Queue links"), in order; `queue` is
  // the queue's name. Replaces the list; kNotFound / kInvalidArgument name "articles[i]" (missing,
  // named twice) and "articles" (more than kMaxQueueArticles).
  Result<void> set_queue_articles(std::string_view queue, std::span<const int64_t> ids);
  Result<std::vector<Article>> queue_articles(std::string_view queue, std::optional<ArticleStatus> status);
  Result<std::vector<std::string>> queues_of(int64_t id);  // by name

 private:
  Result<void> index(int64_t id, const ArticleText& text);
  Result<void> recount(int64_t id);
  bool postgres() const;
  storage::SqlDriver& db_;
};

}  // namespace switchyard::comms
