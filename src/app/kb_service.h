#pragma once
// The knowledge base (docs/comms.md "Knowledge base", docs/api.md "Knowledge base") over module
// "comms" (comms/kb_store.h): search in English and Chinese, articles with versions and a diff,
// review, votes, comments, views, the articles linked to a queue's script panel and the agent
// desk's suggestions for the contact at hand.
//
// Permissions (auth/roles.h): kReadComms reads (users only); a reader without kWriteKnowledge sees
// published articles only (any other is kNotFound, never a hint it exists). kWriteKnowledge
// writes and edits (an edit of a published article goes back to review) and asks review;
// kReviewKnowledge publishes, archives, sends back to draft, and links articles to queues.
//
// Threading: every method from any thread; replies on store workers.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/caller.h"
#include "app/contact_service.h"
#include "app/runtime.h"
#include "comms/kb_store.h"
#include "comms/line_diff.h"

namespace switchyard::app {

// An article as a caller sees it.
struct ArticleView {
  comms::Article article;
  std::optional<bool> my_vote;      // the caller's vote (true: helpful)
  std::vector<std::string> queues;  // queues whose script panel links it, by name
};

struct ArticleDiff {
  int from = 0, to = 0;
  std::string title_from, title_to;
  std::vector<comms::DiffLine> lines;
};

// A suggestion for the contact at hand: why it is suggested and which words matched.
struct Suggestion {
  comms::Article article;
  std::string reason;                // "queue" (linked to the contact's queue) or "keywords"
  std::vector<std::string> matched;  // the chat's words it matched ("keywords")
};

class KbService {
 public:
  KbService(Runtime& rt, ContactService& contacts) : rt_(rt), contacts_(contacts) {}

  void search(const Caller& c, comms::ArticleQuery q, Reply<std::vector<comms::Article>> reply);
  void categories(const Caller& c, Reply<std::vector<comms::CategoryCount>> reply);
  // The article, counting one view.
  void get(const Caller& c, int64_t id, Reply<ArticleView> reply);
  void create(const Caller& c, comms::ArticleText text, std::string note, Reply<ArticleView> reply);
  void edit(const Caller& c, int64_t id, int base_version, comms::ArticleText text, std::string note,
            Reply<ArticleView> reply);
  // kInReview: writers; kPublished / kArchived / kDraft: reviewers. A `reason` (<= 500 bytes) is
  // kept as the caller's comment on the article ("published: ...").
  void set_status(const Caller& c, int64_t id, comms::ArticleStatus status, std::string reason,
                  Reply<ArticleView> reply);
  void versions(const Caller& c, int64_t id, Reply<std::vector<comms::ArticleVersion>> reply);
  void version(const Caller& c, int64_t id, int version, Reply<comms::ArticleVersion> reply);
  // The line diff of two versions' bodies (kNotFound names "from" or "to").
  void diff(const Caller& c, int64_t id, int from, int to, Reply<ArticleDiff> reply);
  void vote(const Caller& c, int64_t id, bool helpful, Reply<ArticleView> reply);
  void comments(const Caller& c, int64_t id, Reply<std::vector<comms::Comment>> reply);
  void add_comment(const Caller& c, int64_t id, std::string body, Reply<comms::Comment> reply);
  // A queue's linked articles (readers: published ones). kNotFound "queue" when no such queue.
  void queue_articles(const Caller& c, std::string queue, Reply<std::vector<comms::Article>> reply);
  void set_queue_articles(const Caller& c, std::string queue, std::vector<int64_t> ids,
                          Reply<std::vector<comms::Article>> reply);
  // For a contact the caller may read: its queue's linked articles, then published articles that
  // match the most of the telling words of the customer's chat messages (comms/suggest.h).
  void suggestions(const Caller& c, core::ContactId contact, size_t limit, Reply<std::vector<Suggestion>> reply);

 private:
  // The article `id` if `c` may read it, with the caller's vote and queues.
  static Result<ArticleView> readable(storage::SqlDriver& db, const Caller& c, int64_t id);
  static bool writer(const Caller& c);
  // Runs `write` on a store worker, then answers the article as `c` now sees it.
  void change(const Caller& c, int64_t id, std::function<Result<void>(comms::KbRepository&, int64_t now)> write,
              Reply<ArticleView> reply);

  Runtime& rt_;
  ContactService& contacts_;
};

}  // namespace switchyard::app
