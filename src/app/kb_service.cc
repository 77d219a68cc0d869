#include "app/kb_service.h"

#include <algorithm>
#include <map>

#include "chat/chat.h"
#include "comms/suggest.h"
#include "core/text.h"

namespace switchyard::app {

using auth::Permission;
using comms::Article;
using comms::ArticleStatus;
using comms::KbRepository;

namespace {

Result<void> no_api_keys(const Caller& c) {
  if (auto ok = require(c, Permission::kReadComms); !ok) return ok;
  if (c.user_id == 0) return make_error(ErrorCode::kPermissionDenied, "the knowledge base is for users", "");
  return {};
}

Result<void> check_note(const std::string& note) {
  if (note.size() > 500 || !is_clean_text(note)) return make_error(ErrorCode::kInvalidArgument, "at most 500 bytes of text", "note");
  return {};
}

std::unexpected<Error> not_found(std::string field = "id") {
  return make_error(ErrorCode::kNotFound, "no such article", std::move(field));
}

}  // namespace

bool KbService::writer(const Caller& c) { return c.scope(Permission::kWriteKnowledge) != auth::Scope::kNone; }

Result<ArticleView> KbService::readable(storage::SqlDriver& db, const Caller& c, int64_t id) {
  KbRepository kb(db);
  auto a = kb.get(id);
  if (!a) return std::unexpected(a.error());
  if (!*a || (!writer(c) && (*a)->status != ArticleStatus::kPublished)) return not_found();
  ArticleView v{std::move(**a), std::nullopt, {}};
  auto vote = kb.my_vote(id, c.name);
  if (!vote) return std::unexpected(vote.error());
  v.my_vote = *vote;
  auto queues = kb.queues_of(id);
  if (!queues) return std::unexpected(queues.error());
  v.queues = std::move(*queues);
  return v;
}

void KbService::search(const Caller& c, comms::ArticleQuery q, Reply<std::vector<Article>> reply) {
  if (auto ok = no_api_keys(c); !ok) return reply(std::unexpected(ok.error()));
  if (!writer(c)) {
    if (q.status && *q.status != ArticleStatus::kPublished)
      return reply(make_error(ErrorCode::kPermissionDenied, "only published articles", "status"));
    q.status = ArticleStatus::kPublished;
  }
  on_store<std::vector<Article>>(
      rt_, [q = std::move(q)](storage::SqlDriver& db) { return KbRepository(db).search(q); }, std::move(reply));
}

void KbService::categories(const Caller& c, Reply<std::vector<comms::CategoryCount>> reply) {
  if (auto ok = no_api_keys(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<comms::CategoryCount>>(
      rt_, [](storage::SqlDriver& db) { return KbRepository(db).categories(ArticleStatus::kPublished); },
      std::move(reply));
}

void KbService::get(const Caller& c, int64_t id, Reply<ArticleView> reply) {
  if (auto ok = no_api_keys(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<ArticleView>(
      rt_,
      [c, id](storage::SqlDriver& db) -> Result<ArticleView> {
        auto v = readable(db, c, id);
        if (!v) return v;
        if (auto r = KbRepository(db).add_view(id); !r) return std::unexpected(r.error());
        ++v->article.views;
        return v;
      },
      std::move(reply));
}

void KbService::change(const Caller& c, int64_t id, std::function<Result<void>(KbRepository&, int64_t now)> write,
                       Reply<ArticleView> reply) {
  on_store<ArticleView>(
      rt_,
      [this, c, id, write = std::move(write)](storage::SqlDriver& db) -> Result<ArticleView> {
        if (auto seen = readable(db, c, id); !seen) return seen;
        KbRepository kb(db);
        if (auto r = write(kb, rt_.clock.now_ms()); !r) return std::unexpected(r.error());
        return readable(db, c, id);
      },
      std::move(reply));
}

void KbService::create(const Caller& c, comms::ArticleText text, std::string note, Reply<ArticleView> reply) {
  if (auto ok = no_api_keys(c); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = require(c, Permission::kWriteKnowledge); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = check_note(note); !ok) return reply(std::unexpected(ok.error()));
  on_store<ArticleView>(
      rt_,
      [this, c, text = std::move(text), note = std::move(note)](storage::SqlDriver& db) -> Result<ArticleView> {
        auto id = KbRepository(db).create(text, c.name, note, rt_.clock.now_ms());
        if (!id) return std::unexpected(id.error());
        return readable(db, c, *id);
      },
      std::move(reply));
}

void KbService::edit(const Caller& c, int64_t id, int base_version, comms::ArticleText text, std::string note,
                     Reply<ArticleView> reply) {
  if (auto ok = no_api_keys(c); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = require(c, Permission::kWriteKnowledge); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = check_note(note); !ok) return reply(std::unexpected(ok.error()));
  change(
      c, id,
      [who = c.name, id, base_version, text = std::move(text), note = std::move(note)](KbRepository& kb,
                                                                                       int64_t now) -> Result<void> {
        auto v = kb.edit(id, base_version, text, who, note, now);
        if (!v) return std::unexpected(v.error());
        return {};
      },
      std::move(reply));
}

void KbService::set_status(const Caller& c, int64_t id, ArticleStatus status, std::string reason,
                           Reply<ArticleView> reply) {
  if (auto ok = no_api_keys(c); !ok) return reply(std::unexpected(ok.error()));
  const Permission needed = status == ArticleStatus::kInReview ? Permission::kWriteKnowledge : Permission::kReviewKnowledge;
  if (auto ok = require(c, needed); !ok) return reply(std::unexpected(ok.error()));
  if (reason.size() > 500 || !is_clean_text(reason))
    return reply(make_error(ErrorCode::kInvalidArgument, "at most 500 bytes of text", "reason"));
  change(
      c, id,
      [who = c.name, id, status, reason = std::move(reason)](KbRepository& kb, int64_t now) -> Result<void> {
        if (auto r = kb.set_status(id, status, who, now); !r) return r;
        if (reason.empty()) return {};
        auto said = kb.add_comment(id, who, std::string(comms::to_string(status)) + ": " + reason, now);
        if (!said) return std::unexpected(said.error());
        return {};
      },
      std::move(reply));
}

void KbService::versions(const Caller& c, int64_t id, Reply<std::vector<comms::ArticleVersion>> reply) {
  if (auto ok = no_api_keys(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<comms::ArticleVersion>>(
      rt_,
      [c, id](storage::SqlDriver& db) -> Result<std::vector<comms::ArticleVersion>> {
        if (auto seen = readable(db, c, id); !seen) return std::unexpected(seen.error());
        return KbRepository(db).versions(id);
      },
      std::move(reply));
}

void KbService::version(const Caller& c, int64_t id, int version, Reply<comms::ArticleVersion> reply) {
  if (auto ok = no_api_keys(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<comms::ArticleVersion>(
      rt_,
      [c, id, version](storage::SqlDriver& db) -> Result<comms::ArticleVersion> {
        if (auto seen = readable(db, c, id); !seen) return std::unexpected(seen.error());
        auto v = KbRepository(db).version(id, version);
        if (!v) return std::unexpected(v.error());
        if (!*v) return make_error(ErrorCode::kNotFound, "no such version", "version");
        return std::move(**v);
      },
      std::move(reply));
}

void KbService::diff(const Caller& c, int64_t id, int from, int to, Reply<ArticleDiff> reply) {
  if (auto ok = no_api_keys(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<ArticleDiff>(
      rt_,
      [c, id, from, to](storage::SqlDriver& db) -> Result<ArticleDiff> {
        if (auto seen = readable(db, c, id); !seen) return std::unexpected(seen.error());
        KbRepository kb(db);
        auto a = kb.version(id, from);
        if (!a) return std::unexpected(a.error());
        if (!*a) return make_error(ErrorCode::kNotFound, "no such version", "from");
        auto b = kb.version(id, to);
        if (!b) return std::unexpected(b.error());
        if (!*b) return make_error(ErrorCode::kNotFound, "no such version", "to");
        return ArticleDiff{from, to, (*a)->text.title, (*b)->text.title, comms::line_diff((*a)->text.body, (*b)->text.body)};
      },
      std::move(reply));
}

void KbService::vote(const Caller& c, int64_t id, bool helpful, Reply<ArticleView> reply) {
  if (auto ok = no_api_keys(c); !ok) return reply(std::unexpected(ok.error()));
  change(
      c, id, [who = c.name, id, helpful](KbRepository& kb, int64_t) { return kb.vote(id, who, helpful); },
      std::move(reply));
}

void KbService::comments(const Caller& c, int64_t id, Reply<std::vector<comms::Comment>> reply) {
  if (auto ok = no_api_keys(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<comms::Comment>>(
      rt_,
      [c, id](storage::SqlDriver& db) -> Result<std::vector<comms::Comment>> {
        if (auto seen = readable(db, c, id); !seen) return std::unexpected(seen.error());
        return KbRepository(db).comments(id);
      },
      std::move(reply));
}

void KbService::add_comment(const Caller& c, int64_t id, std::string body, Reply<comms::Comment> reply) {
  if (auto ok = no_api_keys(c); !ok) return reply(std::unexpected(ok.error()));
  on_store<comms::Comment>(
      rt_,
      [this, c, id, body = std::move(body)](storage::SqlDriver& db) -> Result<comms::Comment> {
        if (auto seen = readable(db, c, id); !seen) return std::unexpected(seen.error());
        const int64_t now = rt_.clock.now_ms();
        auto made = KbRepository(db).add_comment(id, c.name, body, now);
        if (!made) return std::unexpected(made.error());
        return comms::Comment{*made, id, c.name, body, now};
      },
      std::move(reply));
}

void KbService::queue_articles(const Caller& c, std::string queue, Reply<std::vector<Article>> reply) {
  if (auto ok = no_api_keys(c); !ok) return reply(std::unexpected(ok.error()));
  if (!rt_.catalog.names()->id(Kind::kQueue, queue)) return reply(make_error(ErrorCode::kNotFound, "no such queue", "queue"));
  const auto status = writer(c) ? std::nullopt : std::optional(ArticleStatus::kPublished);
  on_store<std::vector<Article>>(
      rt_, [queue = std::move(queue), status](storage::SqlDriver& db) { return KbRepository(db).queue_articles(queue, status); },
      std::move(reply));
}

void KbService::set_queue_articles(const Caller& c, std::string queue, std::vector<int64_t> ids,
                                   Reply<std::vector<Article>> reply) {
  if (auto ok = no_api_keys(c); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = require(c, Permission::kReviewKnowledge); !ok) return reply(std::unexpected(ok.error()));
  if (!rt_.catalog.names()->id(Kind::kQueue, queue)) return reply(make_error(ErrorCode::kNotFound, "no such queue", "queue"));
  on_store<std::vector<Article>>(
      rt_,
      [queue = std::move(queue), ids = std::move(ids)](storage::SqlDriver& db) -> Result<std::vector<Article>> {
        KbRepository kb(db);
        if (auto r = kb.set_queue_articles(queue, ids); !r) return std::unexpected(r.error());
        return kb.queue_articles(queue, std::nullopt);
      },
      std::move(reply));
}

void KbService::suggestions(const Caller& c, core::ContactId contact, size_t limit, Reply<std::vector<Suggestion>> reply) {
  if (auto ok = no_api_keys(c); !ok) return reply(std::unexpected(ok.error()));
  if (limit < 1 || limit > 20) return reply(make_error(ErrorCode::kInvalidArgument, "1..20", "limit"));
  // the contact's scope decides (own, team's, all), as for its transcript
  contacts_.get(c, contact, [this, contact, limit, reply = std::move(reply)](Result<ContactInfo> info) {
    if (!info) return reply(std::unexpected(info.error()));
    const core::QueueId queue_id = info->live ? info->live->queue : info->record ? info->record->queue : core::kNoId;
    const std::string* name = rt_.catalog.names()->name(Kind::kQueue, queue_id);
    std::string queue = name ? *name : "";
    on_store<std::vector<Suggestion>>(
        rt_,
        [contact, limit, queue = std::move(queue)](storage::SqlDriver& db) -> Result<std::vector<Suggestion>> {
          KbRepository kb(db);
          std::vector<Suggestion> out;
          auto linked = kb.queue_articles(queue, ArticleStatus::kPublished);
          if (!linked) return std::unexpected(linked.error());
          for (Article& a : *linked) {
            if (out.size() == limit) return out;
            out.push_back(Suggestion{std::move(a), "queue", {}});
          }
          // the customer's words: each searched alone; an article matching more of them ranks higher
          auto messages = chat::ChatRepository(db).messages(contact, 0);
          if (!messages) return std::unexpected(messages.error());
          std::vector<std::string> texts;
          for (const chat::Message& m : *messages)
            if (m.kind == chat::MessageKind::kMessage && m.from == chat::Sender::kVisitor) texts.push_back(m.text);
          struct Found {
            Article article;
            std::vector<std::string> matched;
            size_t first = 0;  // order of first appearance: the best-ranked match of the most frequent word first
          };
          std::map<int64_t, Found> found;
          for (const std::string& term : comms::suggestion_terms(texts)) {
            auto hits = kb.search({.text = term, .status = ArticleStatus::kPublished, .limit = 10});
            if (!hits) return std::unexpected(hits.error());
            for (Article& a : *hits) {
              auto [it, fresh] = found.try_emplace(a.id, Found{std::move(a), {}, found.size()});
              it->second.matched.push_back(term);
            }
          }
          std::vector<Found*> ranked;
          for (auto& [id, f] : found)
            if (std::none_of(out.begin(), out.end(), [&](const Suggestion& s) { return s.article.id == id; }))
              ranked.push_back(&f);
          std::sort(ranked.begin(), ranked.end(), [](const Found* a, const Found* b) {
            return a->matched.size() != b->matched.size() ? a->matched.size() > b->matched.size() : a->first < b->first;
          });
          for (Found* f : ranked) {
            if (out.size() == limit) break;
            out.push_back(Suggestion{std::move(f->article), "keywords", std::move(f->matched)});
          }
          return out;
        },
        std::move(reply));
  });
}

}  // namespace switchyard::app
