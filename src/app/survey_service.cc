#include "app/survey_service.h"

#include "audit/audit_log.h"
#include "auth/token.h"
#include "server/log.h"

namespace switchyard::app {

namespace {

using surveys::Survey;
using surveys::SurveyForm;
using surveys::SurveyRepository;

std::string hash_of(const std::string& token) { return auth::sha256_hex(token); }

// Who handled the contact, in which queue and channel; nullopt if nobody.
std::optional<Survey> handled(const ContactInfo& info) {
  Survey s;
  s.contact = info.id;
  if (info.live) {
    const core::ContactView& v = *info.live;
    if (v.state != core::ContactState::kAccepted && v.state != core::ContactState::kWrapUp) return std::nullopt;
    s.agent = v.agent;
    s.queue = v.queue;
    s.channel = v.channel;
    return s;
  }
  if (info.record && info.record->answered_ms && info.record->agent != core::kNoId) {
    s.agent = info.record->agent;
    s.queue = info.record->queue;
    s.channel = info.record->channel;
    return s;
  }
  return std::nullopt;
}

Result<SurveyForm> form_of(storage::SqlDriver& db, core::QueueId queue) {
  auto f = SurveyRepository(db).form(queue);
  if (!f) return std::unexpected(f.error());
  return f->value_or(SurveyForm{});
}

// Why a survey cannot be answered now, or nothing.
Result<void> open(const std::optional<Survey>& s, int64_t now_ms) {
  if (!s) return make_error(ErrorCode::kNotFound, "no survey has this token", "token");
  if (s->answered_ms) return make_error(ErrorCode::kIllegalState, "this survey was answered already", "token");
  if (s->expires_ms <= now_ms) return make_error(ErrorCode::kExpired, "this survey has expired", "token");
  return {};
}

}  // namespace

Result<void> validate(const SurveyForm& f) {
  if (f.question.empty() || f.question.size() > surveys::kMaxTextBytes)
    return make_error(ErrorCode::kInvalidArgument, "must be 1..2000 bytes", "question");
  if (f.extra.size() > surveys::kMaxExtraQuestions)
    return make_error(ErrorCode::kInvalidArgument, "at most 10 questions", "questions");
  for (size_t i = 0; i < f.extra.size(); ++i)
    if (f.extra[i].empty() || f.extra[i].size() > surveys::kMaxTextBytes)
      return make_error(ErrorCode::kInvalidArgument, "each must be 1..2000 bytes",
                        "questions[" + std::to_string(i) + "]");
  if (f.ttl_s < surveys::kMinTtlS || f.ttl_s > surveys::kMaxTtlS)
    return make_error(ErrorCode::kInvalidArgument, "must be 1 s .. 30 days (2592000)", "ttl_s");
  return {};
}

void SurveyService::issue(const Caller& c, core::ContactId id, Reply<IssuedSurvey> reply) {
  if (auto ok = require(c, auth::Permission::kCreateContact); !ok) return reply(std::unexpected(ok.error()));
  contacts_.get(c, id, [this, reply = std::move(reply)](Result<ContactInfo> info) mutable {
    if (!info) return reply(std::unexpected(info.error()));
    auto who = handled(*info);
    if (!who) return reply(make_error(ErrorCode::kIllegalState, "the contact was never answered", "contact"));
    on_store<IssuedSurvey>(
        rt_,
        [this, s = *who](storage::SqlDriver& db) mutable -> Result<IssuedSurvey> {
          auto f = form_of(db, s.queue);
          if (!f) return std::unexpected(f.error());
          if (!f->enabled) return make_error(ErrorCode::kIllegalState, "surveys are off for this queue", "queue");
          IssuedSurvey out{auth::new_token("sv_"), 0};
          s.issued_ms = rt_.clock.now_ms();
          s.expires_ms = out.expires_ms = s.issued_ms + f->ttl_s * 1000;
          if (auto r = SurveyRepository(db).issue(hash_of(out.token), s); !r) return std::unexpected(r.error());
          return out;
        },
        std::move(reply));
  });
}

void SurveyService::page(const std::string& token, Reply<SurveyPage> reply) {
  on_store<SurveyPage>(
      rt_,
      [this, hash = hash_of(token)](storage::SqlDriver& db) -> Result<SurveyPage> {
        auto s = SurveyRepository(db).by_token(hash);
        if (!s) return std::unexpected(s.error());
        if (!*s) return make_error(ErrorCode::kNotFound, "no survey has this token", "token");
        auto f = form_of(db, (*s)->queue);
        if (!f) return std::unexpected(f.error());
        SurveyPage p{(*s)->queue, std::move(*f), SurveyState::kOpen, (*s)->expires_ms};
        if ((*s)->answered_ms) p.state = SurveyState::kAnswered;
        else if ((*s)->expires_ms <= rt_.clock.now_ms()) p.state = SurveyState::kExpired;
        return p;
      },
      std::move(reply));
}

void SurveyService::answer(const std::string& token, SurveyAnswer a, Reply<void> reply) {
  if (a.rating < 1 || a.rating > 5) return reply(make_error(ErrorCode::kInvalidArgument, "must be 1..5", "rating"));
  if (a.answers.size() > surveys::kMaxExtraQuestions)
    return reply(make_error(ErrorCode::kInvalidArgument, "at most one per question", "answers"));
  for (const std::string& s : a.answers)
    if (s.size() > surveys::kMaxTextBytes)
      return reply(make_error(ErrorCode::kInvalidArgument, "each at most 2000 bytes", "answers"));
  if (a.comment.size() > surveys::kMaxTextBytes)
    return reply(make_error(ErrorCode::kInvalidArgument, "at most 2000 bytes", "comment"));
  on_store<Survey>(
      rt_,
      [this, hash = hash_of(token), a = std::move(a)](storage::SqlDriver& db) -> Result<Survey> {
        SurveyRepository repo(db);
        const int64_t now = rt_.clock.now_ms();
        auto s = repo.by_token(hash);
        if (!s) return std::unexpected(s.error());
        if (auto ok = open(*s, now); !ok) return std::unexpected(ok.error());
        auto f = form_of(db, (**s).queue);
        if (!f) return std::unexpected(f.error());
        if (a.answers.size() > f->extra.size())
          return make_error(ErrorCode::kInvalidArgument, "more answers than the form has questions", "answers");
        auto done = repo.answer(hash, now, a.rating, a.answers, a.comment);
        if (!done) return std::unexpected(done.error());
        if (!*done) {  // answered or expired by another request meanwhile
          auto again = repo.by_token(hash);
          if (!again) return std::unexpected(again.error());
          if (auto ok = open(*again, now); !ok) return std::unexpected(ok.error());
          return make_error(ErrorCode::kConflict, "the survey changed meanwhile; try again", "token");
        }
        Survey out = **s;
        out.rating = a.rating;
        return out;
      },
      [this, reply = std::move(reply)](Result<Survey> s) mutable {
        if (!s) return reply(std::unexpected(s.error()));
        publish(*s, std::move(reply));
      });
}

void SurveyService::publish(const Survey& s, Reply<void> reply) {
  on_engine<void>(
      rt_,
      [s](server::TaskContext& ctx) -> Result<void> {
        if (auto r = ctx.engine.record_survey(s.contact, s.agent, s.queue, s.channel, s.rating); !r) return r;
        SurveyRepository::stage_published(ctx.writes(), s.contact);
        return {};
      },
      std::move(reply));
}

void SurveyService::publish_pending(storage::SqlDriver& db) {
  auto pending = SurveyRepository(db).unpublished();
  if (!pending) {
    server::log_error("surveys: reading unpublished answers: " + pending.error().message);
    return;
  }
  for (const Survey& s : *pending)
    publish(s, [contact = s.contact](Result<void> r) {
      if (!r) server::log_error("surveys: publishing the answer of contact " + std::to_string(contact) + ": " +
                                r.error().message);
    });
  if (!pending->empty()) server::log_info("surveys: published " + std::to_string(pending->size()) + " pending answers");
}

void SurveyService::form(const Caller& c, core::QueueId queue, Reply<SurveyForm> reply) {
  if (auto ok = require(c, auth::Permission::kReadConfig); !ok) return reply(std::unexpected(ok.error()));
  on_store<SurveyForm>(rt_, [queue](storage::SqlDriver& db) { return form_of(db, queue); }, std::move(reply));
}

void SurveyService::set_form(const Caller& c, core::QueueId queue, SurveyForm f, Reply<SurveyForm> reply) {
  if (auto ok = require(c, auth::Permission::kWriteConfig); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = validate(f); !ok) return reply(std::unexpected(ok.error()));
  on_store<SurveyForm>(
      rt_,
      [this, c, queue, f = std::move(f)](storage::SqlDriver& db) -> Result<SurveyForm> {
        storage::Transaction tx;
        SurveyRepository::stage_form(tx, queue, f);
        audit::AuditLog::stage(tx, {0, rt_.clock.now_ms(), c.name, "survey.configure",
                                    "queue:" + std::to_string(queue), f.enabled ? "enabled" : "disabled", 0});
        if (auto r = tx.run(db); !r) return std::unexpected(r.error());
        return f;
      },
      std::move(reply));
}

}  // namespace switchyard::app
