#include "app/speech_service.h"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <tuple>

#include "app/directory.h"
#include "audit/audit_log.h"
#include "auth/account_repository.h"
#include "chat/chat.h"
#include "notify/notify_store.h"
#include "quality/keywords.h"
#include "server/log.h"

namespace switchyard::app {

namespace {

using auth::Permission;
constexpr size_t kMaxReportDays = 366;
constexpr int64_t kProgressWriteMs = 1000;  // progress written to the store at most this often

template <typename T>
Result<T> fail(const Error& e) {
  return std::unexpected(e);
}

// Runs `f` on a store worker (bulk lane) and waits for it. For the worker
// thread only: it may wait; no I/O thread may.
template <typename T>
Result<T> on_store_wait(Runtime& rt, std::function<Result<T>(storage::SqlDriver&)> f) {
  std::promise<Result<T>> done;
  auto result = done.get_future();
  rt.store.post_bulk([&](storage::SqlDriver& db) { done.set_value(f(db)); });
  return result.get();
}

// The lowest CPU priority for the calling thread: SCHED_IDLE (runs only
// when a core is otherwise idle) and nice 19 where SCHED_IDLE is refused.
void lowest_priority() {
  pthread_setname_np(pthread_self(), "sy-speech");  // for ps, top and the tests
  sched_param p{};
  p.sched_priority = 0;
  if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &p) != 0)
    server::log_warn("speech: SCHED_IDLE refused; the transcription thread runs at nice 19 only");
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 19);
}

bool valid_day(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  const int month = (d[5] - '0') * 10 + (d[6] - '0'), day = (d[8] - '0') * 10 + (d[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

std::string_view chat_channel(chat::Sender s) {
  return s == chat::Sender::kVisitor ? "customer" : "agent";
}

}  // namespace

SpeechService::SpeechService(Runtime& rt, ContactService& contacts, metrics::Calendar calendar, SpeechOptions options)
    : rt_(rt), contacts_(contacts), calendar_(std::move(calendar)), options_(std::move(options)) {}

SpeechService::~SpeechService() { stop(); }

void SpeechService::start() {
  if (options_.transcription && !options_.recordings_dir.empty()) {
    auto t = speech::Transcriber::open(options_.transcriber);
    if (t) transcriber_ = std::make_unique<speech::Transcriber>(std::move(*t));
    else server::log_warn("speech: transcription off: " + t.error().message);
  }
  timer_ = std::thread([this] { timer_loop(); });
  if (!transcriber_) return;
  worker_ = std::thread([this] { worker_loop(); });
  rt_.store.post_bulk([this](storage::SqlDriver& db) {
    auto pending = speech::SpeechRepository(db).pending();
    if (!pending) return server::log_error("speech: pending transcriptions: " + pending.error().message);
    std::lock_guard lock(mu_);
    for (core::ContactId c : *pending) transcribe_.push_back(c);
    worker_cv_.notify_one();
  });
}

void SpeechService::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  timer_cv_.notify_all();
  worker_cv_.notify_all();
  if (timer_.joinable()) timer_.join();
  if (worker_.joinable()) worker_.join();
}

void SpeechService::committed(std::span<const core::Event> events) {
  std::vector<Ended> ended;
  for (const core::Event& e : events) {
    const auto* end = std::get_if<core::ev::ContactEnded>(&e.body);
    if (!end) continue;
    const std::string* queue = rt_.catalog.names()->name(Kind::kQueue, end->queue);
    ended.push_back(Ended{end->contact, queue ? *queue : std::string(), catalog_name(rt_.catalog, Kind::kAgent, end->agent),
                          e.time_ms, rt_.clock.now_ms() + kSettleMs});
  }
  if (ended.empty()) return;
  std::lock_guard lock(mu_);
  for (Ended& e : ended) ended_.push_back(std::move(e));
  timer_cv_.notify_one();
}

// Hands each ended contact to the bulk lane once its time has come.
void SpeechService::timer_loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (ended_.empty()) {
      timer_cv_.wait(lock);
      continue;
    }
    const int64_t wait = ended_.front().due_ms - rt_.clock.now_ms();
    if (wait > 0) {
      timer_cv_.wait_for(lock, std::chrono::milliseconds(wait));
      continue;
    }
    Ended e = std::move(ended_.front());
    ended_.pop_front();
    rt_.store.post_bulk([this, e = std::move(e)](storage::SqlDriver& db) { look_at(db, e); });
  }
}

std::string SpeechService::recording_path(core::ContactId contact) const {
  return options_.recordings_dir + "/contact-" + std::to_string(contact) + ".wav";
}

void SpeechService::look_at(storage::SqlDriver& db, const Ended& e) {
  speech::SpeechRepository repo(db);
  auto session = chat::ChatRepository(db).session(e.contact);
  if (!session) return server::log_error("speech: chat session " + std::to_string(e.contact) + ": " + session.error().message);
  if (*session) {
    // a chat: its messages searched with the queue's list
    auto list = repo.keywords(e.queue);
    if (!list) return server::log_error("speech: keywords of " + e.queue + ": " + list.error().message);
    if (!*list) return;
    auto set = quality::KeywordSet::compile((*list)->keywords);
    auto messages = chat::ChatRepository(db).messages(e.contact, 0);
    if (!set || !messages) return server::log_error("speech: chat " + std::to_string(e.contact) + " not searched");
    std::vector<speech::Hit> hits;
    const std::string day = calendar_.format_date(e.ended_ms);
    for (const chat::Message& m : *messages) {
      if (m.kind != chat::MessageKind::kMessage || m.from == chat::Sender::kSystem) continue;
      const int64_t at = std::max<int64_t>(0, m.time_ms - (*session)->started_ms);
      for (const quality::KeywordHit& h : set->spot(m.text))
        hits.push_back(speech::Hit{e.contact, e.queue, day, set->keyword(h.keyword), std::string(chat_channel(m.from)),
                                   at, at, m.text.substr(h.offset, h.length), "chat", e.ended_ms, e.agent});
    }
    record(e.contact, e.queue, e.agent, hits, (*list)->alert,
           [contact = e.contact, hits](storage::SqlDriver& db, const speech::SpeechRepository::Also& also) {
             return speech::SpeechRepository(db).replace_hits(contact, "chat", hits, also);
           });
    return;
  }
  if (!transcriber_) return;
  std::error_code ec;
  if (!std::filesystem::exists(recording_path(e.contact), ec)) return;  // not recorded
  if (auto r = repo.queue_transcript(e.contact, e.queue, e.agent, rt_.clock.now_ms()); !r)
    return server::log_error("speech: queueing " + std::to_string(e.contact) + ": " + r.error().message);
  std::lock_guard lock(mu_);
  transcribe_.push_back(e.contact);
  worker_cv_.notify_one();
}

void SpeechService::worker_loop() {
  lowest_priority();
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (transcribe_.empty()) {
      worker_cv_.wait(lock);
      continue;
    }
    const core::ContactId contact = transcribe_.front();
    transcribe_.pop_front();
    current_ = std::pair{contact, 0.0};
    lock.unlock();
    transcribe(contact);
    lock.lock();
    current_.reset();
  }
}

// Worker thread: one call, both sides, then its hits; the store is written
// at the start, about once a second while running, and at the end.
void SpeechService::transcribe(core::ContactId contact) {
  auto row = on_store_wait<std::optional<speech::Transcript>>(
      rt_, [contact](storage::SqlDriver& db) { return speech::SpeechRepository(db).transcript(contact); });
  if (!row || !*row) return;
  const std::string queue = (*row)->queue, agent_name = (*row)->agent;
  const int64_t ended_ms = (*row)->created_ms;
  auto set_failed = [&](const std::string& why) {
    server::log_warn("speech: transcription of contact " + std::to_string(contact) + " failed: " + why);
    rt_.store.post_bulk([contact, why, now = rt_.clock.now_ms()](storage::SqlDriver& db) {
      (void)speech::SpeechRepository(db).fail(contact, why, now);
    });
  };
  auto audio = speech::load_recording(recording_path(contact));
  if (!audio) return set_failed(audio.error().message);
  auto list = on_store_wait<std::optional<speech::KeywordList>>(
      rt_, [queue](storage::SqlDriver& db) { return speech::SpeechRepository(db).keywords(queue); });
  std::vector<std::string> keywords = list && *list ? (*list)->keywords : std::vector<std::string>{};
  std::vector<std::string> alert = list && *list ? (*list)->alert : std::vector<std::string>{};
  auto set = quality::KeywordSet::compile(keywords);
  if (!set) return set_failed("keyword list of " + queue + ": " + set.error().message);

  int64_t last_write = 0;
  auto report = [&](double side_from, double fraction) {
    const double p = side_from + fraction / 2;  // each side is half the work
    bool go = true;
    {
      std::lock_guard lock(mu_);
      current_ = std::pair{contact, p};
      go = !stopping_;
    }
    const int64_t now = rt_.clock.now_ms();
    if (go && now - last_write >= kProgressWriteMs) {
      last_write = now;
      rt_.store.post_bulk([contact, p, now](storage::SqlDriver& db) {
        (void)speech::SpeechRepository(db).set_progress(contact, speech::TranscriptStatus::kRunning, p, now);
      });
    }
    return go;
  };
  report(0, 0);
  auto customer = transcriber_->transcribe(audio->customer, [&](double f) { return report(0, f); });
  if (!customer && customer.error().code == ErrorCode::kUnavailable) return;  // stopping: queued again at start
  if (!customer) return set_failed(customer.error().message);
  auto agent = transcriber_->transcribe(audio->agent, [&](double f) { return report(0.5, f); });
  if (!agent && agent.error().code == ErrorCode::kUnavailable) return;
  if (!agent) return set_failed(agent.error().message);

  speech::CallText text = speech::call_text(*customer, *agent, *set);
  speech::Transcript t;
  t.contact = contact;
  t.duration_ms = audio->duration_ms;
  t.segments = std::move(text.segments);
  t.words = std::move(text.words);
  t.updated_ms = rt_.clock.now_ms();
  std::vector<speech::Hit> hits;
  const std::string day = calendar_.format_date(ended_ms);
  for (const auto& [channel, h] : text.hits)
    hits.push_back(speech::Hit{contact, queue, day, set->keyword(h.keyword), channel, h.start_ms, h.end_ms, h.text,
                               "speech", ended_ms, agent_name});
  record(contact, queue, agent_name, hits, alert,
         [t = std::move(t), hits](storage::SqlDriver& db, const speech::SpeechRepository::Also& also) {
           return speech::SpeechRepository(db).finish(t, hits, also);
         });
}

void SpeechService::record(core::ContactId contact, const std::string& queue, const std::string& agent,
                           const std::vector<speech::Hit>& hits, const std::vector<std::string>& alert, WriteHits write) {
  std::vector<std::string> alerting;  // the alert keywords hit, in order of first hit
  for (const speech::Hit& h : hits)
    if (std::find(alert.begin(), alert.end(), h.keyword) != alert.end() &&
        std::find(alerting.begin(), alerting.end(), h.keyword) == alerting.end())
      alerting.push_back(h.keyword);
  if (alerting.empty()) {  // nothing to tell: the hits alone
    rt_.store.post_bulk([contact, write](storage::SqlDriver& db) {
      if (auto r = write(db, {}); !r)
        server::log_error("speech: the hits of contact " + std::to_string(contact) + ": " + r.error().message);
    });
    return;
  }
  // the agent's team (engine), then the hits and the alerts in one transaction
  const auto agent_id = rt_.catalog.names()->id(Kind::kAgent, agent);
  on_engine<core::TeamId>(
      rt_,
      [agent_id](server::TaskContext& ctx) -> Result<core::TeamId> {
        const core::AgentConfig* cfg = agent_id ? ctx.engine.agent_config(static_cast<core::AgentId>(*agent_id)) : nullptr;
        return cfg ? cfg->team : core::kNoId;
      },
      [this, contact, queue, agent, alerting, write, source = hits.front().source](Result<core::TeamId> team) {
        const core::TeamId t = team ? *team : core::kNoId;
        rt_.store.post_bulk([this, contact, queue, agent, alerting, write, source, t](storage::SqlDriver& db) {
          std::vector<int64_t> told;
          auto also = [&]() -> Result<void> {
            auto users = auth::AccountRepository(db).list_users();
            if (!users) return std::unexpected(users.error());
            std::vector<int64_t> to;
            for (const auth::User& u : *users)
              if (u.role == "quality" || (u.role == "team_lead" && t != core::kNoId && u.team == t)) to.push_back(u.id);
            std::string all;
            for (const std::string& k : alerting) all += (all.empty() ? "" : ",") + k;
            const std::string data = notify::encode_data({{"contact", static_cast<int64_t>(contact)},
                                                          {"queue", queue},
                                                          {"keyword", alerting.front()},
                                                          {"keywords", all},
                                                          {"agent", agent},
                                                          {"source", source}});
            return add_notifications(db, to, "quality.keyword_alert", data, "/quality/contacts/" + std::to_string(contact),
                                     rt_.clock.now_ms(), told);
          };
          if (auto r = write(db, also); !r)
            return server::log_error("speech: the hits of contact " + std::to_string(contact) + ": " + r.error().message);
          if (notify_ && !told.empty()) notify_(told);
        });
      });
}

void SpeechService::transcript(const Caller& c, core::ContactId contact, Reply<TranscriptView> reply) {
  if (auto ok = require(c, Permission::kListenRecordings); !ok) return reply(std::unexpected(ok.error()));
  // the recording's rights: the contact's scope decides (own, team's, all)
  // (get_for_review: a teammate's ended contact too, for a peer review)
  contacts_.get_for_review(c, contact, [this, who = c.name, contact, reply = std::move(reply)](Result<ContactInfo> info) {
    if (!info) return reply(std::unexpected(info.error()));
    rt_.store.post([this, who, contact, peer = info->peer_review, reply](storage::SqlDriver& db) {
      speech::SpeechRepository repo(db);
      TranscriptView v;
      v.contact = contact;
      auto session = chat::ChatRepository(db).session(contact);
      if (!session) return reply(std::unexpected(session.error()));
      if (*session) {
        // a chat: its messages are the transcript
        auto messages = chat::ChatRepository(db).messages(contact, 0);
        if (!messages) return reply(std::unexpected(messages.error()));
        const int64_t start = (*session)->started_ms;
        v.status = "done";
        v.progress = 1;
        for (const chat::Message& m : *messages) {
          if (m.kind != chat::MessageKind::kMessage || m.from == chat::Sender::kSystem) continue;
          const int64_t at = std::max<int64_t>(0, m.time_ms - start);
          v.segments.push_back(speech::Segment{std::string(chat_channel(m.from)), at, at, m.text});
          v.duration_ms = at;
        }
        if ((*session)->ended_ms) v.duration_ms = std::max<int64_t>(v.duration_ms, *(*session)->ended_ms - start);
      } else {
        auto t = repo.transcript(contact);
        if (!t) return reply(std::unexpected(t.error()));
        if (*t) {
          v.status = std::string(speech::to_string((*t)->status));
          v.progress = (*t)->progress;
          v.error = (*t)->error;
          v.duration_ms = (*t)->duration_ms;
          v.segments = std::move((*t)->segments);
          v.words = std::move((*t)->words);
        }
      }
      auto hits = repo.hits(contact);
      if (!hits) return reply(std::unexpected(hits.error()));
      v.hits = std::move(*hits);
      // audited before it is handed out, like recording.play
      auto a = audit::AuditLog(db).append(
          {0, rt_.clock.now_ms(), who, "transcript.read", "contact:" + std::to_string(contact),
           v.status + (peer ? ", peer review" : ""), 0});
      if (!a) return reply(std::unexpected(a.error()));
      reply(std::move(v));
    });
  });
}

void SpeechService::keyword_lists(const Caller& c, Reply<std::vector<speech::KeywordList>> reply) {
  if (auto ok = require(c, Permission::kManageQuality); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<speech::KeywordList>>(
      rt_, [](storage::SqlDriver& db) { return speech::SpeechRepository(db).keyword_lists(); }, std::move(reply));
}

void SpeechService::set_keywords(const Caller& c, std::string queue, std::vector<std::string> keywords,
                                 std::vector<std::string> alert, Reply<speech::KeywordList> reply) {
  if (auto ok = require(c, Permission::kManageQuality); !ok) return reply(std::unexpected(ok.error()));
  if (!rt_.catalog.names()->id(Kind::kQueue, queue))
    return reply(make_error(ErrorCode::kNotFound, "no such queue", "queue"));
  if (auto set = quality::KeywordSet::compile(keywords); !set) return reply(std::unexpected(set.error()));
  // each alert keyword is one of the list's, as the list spells it once normalised
  std::vector<std::string> alerting;
  const auto folded = [](std::string_view k) {  // trimmed, ASCII letters lower-cased
    while (!k.empty() && std::isspace(static_cast<unsigned char>(k.front()))) k.remove_prefix(1);
    while (!k.empty() && std::isspace(static_cast<unsigned char>(k.back()))) k.remove_suffix(1);
    std::string out(k);
    for (char& ch : out)
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return out;
  };
  for (size_t i = 0; i < alert.size(); ++i) {
    std::optional<std::string> same;
    for (size_t k = 0; k < keywords.size() && !same; ++k)
      if (folded(keywords[k]) == folded(alert[i])) same = keywords[k];
    if (!same)
      return reply(make_error(ErrorCode::kInvalidArgument, "one of keywords", "alert[" + std::to_string(i) + "]"));
    if (std::find(alerting.begin(), alerting.end(), *same) == alerting.end()) alerting.push_back(*same);
  }
  on_store<speech::KeywordList>(
      rt_,
      [this, who = c.name, queue = std::move(queue), keywords = std::move(keywords), alerting = std::move(alerting)](
          storage::SqlDriver& db) -> Result<speech::KeywordList> {
        const int64_t now = rt_.clock.now_ms();
        speech::KeywordList list{queue, keywords, who, now, alerting};
        auto tx = db.in_transaction([&]() -> Result<void> {
          if (auto r = speech::SpeechRepository(db).set_keywords(list); !r) return r;
          auto a = audit::AuditLog(db).append({0, now, who, "speech.keywords", "queue:" + queue,
                                               std::to_string(keywords.size()) + " keywords, " +
                                                   std::to_string(alerting.size()) + " alerting",
                                               0});
          if (!a) return std::unexpected(a.error());
          return {};
        });
        if (!tx) return fail<speech::KeywordList>(tx.error());
        return list;
      },
      std::move(reply));
}

Result<void> SpeechService::check_report(const std::string& from, const std::string& to, const std::string& queue) const {
  if (!valid_day(from)) return make_error(ErrorCode::kInvalidArgument, "expected a day YYYY-MM-DD", "from");
  if (!valid_day(to)) return make_error(ErrorCode::kInvalidArgument, "expected a day YYYY-MM-DD", "to");
  if (to < from) return make_error(ErrorCode::kInvalidArgument, "must not be before from", "to");
  auto span = calendar_.parse(to, "to");
  auto start = calendar_.parse(from, "from");
  if (!start) return std::unexpected(start.error());
  if (!span) return std::unexpected(span.error());
  if ((*span - *start) / 86'400'000 >= static_cast<int64_t>(kMaxReportDays))
    return make_error(ErrorCode::kInvalidArgument, "at most 366 days", "to");
  if (!queue.empty() && !rt_.catalog.names()->id(Kind::kQueue, queue))
    return make_error(ErrorCode::kNotFound, "no such queue", "queue");
  return {};
}

void SpeechService::hit_report(const Caller& c, std::string from, std::string to, std::string queue,
                               Reply<std::vector<speech::HitDay>> reply) {
  if (auto ok = require(c, Permission::kReadReports); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = check_report(from, to, queue); !ok) return reply(std::unexpected(ok.error()));
  on_store<std::vector<speech::HitDay>>(
      rt_,
      [from = std::move(from), to = std::move(to), queue = std::move(queue)](storage::SqlDriver& db) {
        return speech::SpeechRepository(db).hit_days(from, to, queue);
      },
      std::move(reply));
}

void SpeechService::team_hit_report(const Caller& c, std::string from, std::string to, std::string queue,
                                    std::string team, Reply<std::vector<TeamHitDay>> reply) {
  if (auto ok = require(c, Permission::kReadReports); !ok) return reply(std::unexpected(ok.error()));
  if (auto ok = check_report(from, to, queue); !ok) return reply(std::unexpected(ok.error()));
  if (!team.empty() && !rt_.catalog.names()->id(Kind::kTeam, team))
    return reply(make_error(ErrorCode::kNotFound, "no such team", "team"));
  // every agent's team now (engine), then the hits per agent summed per team
  on_engine<std::vector<core::TeamId>>(
      rt_,
      [](server::TaskContext& ctx) -> Result<std::vector<core::TeamId>> {
        std::vector<core::TeamId> team_of;
        for (core::AgentId a = 0; a < ctx.engine.agent_count(); ++a) {
          const core::AgentConfig* cfg = ctx.engine.agent_config(a);
          team_of.push_back(cfg ? cfg->team : core::kNoId);
        }
        return team_of;
      },
      [this, from = std::move(from), to = std::move(to), queue = std::move(queue), team = std::move(team),
       reply = std::move(reply)](Result<std::vector<core::TeamId>> team_of) mutable {
        if (!team_of) return reply(std::unexpected(team_of.error()));
        on_store<std::vector<TeamHitDay>>(
            rt_,
            [this, from, to, queue, team, team_of = std::move(*team_of)](storage::SqlDriver& db)
                -> Result<std::vector<TeamHitDay>> {
              auto rows = speech::SpeechRepository(db).hit_agent_days(from, to, queue);
              if (!rows) return std::unexpected(rows.error());
              const auto names = rt_.catalog.names();
              std::map<std::tuple<std::string, std::string, std::string>, int64_t> sum;  // (day, team, keyword)
              for (const speech::HitAgentDay& r : *rows) {
                const auto a = names->id(Kind::kAgent, r.agent);
                const core::TeamId t = a && *a < team_of.size() ? team_of[*a] : core::kNoId;
                const std::string name = catalog_name(rt_.catalog, Kind::kTeam, t);
                if (!team.empty() && name != team) continue;
                sum[{r.day, name, r.keyword}] += r.hits;
              }
              std::vector<TeamHitDay> out;
              for (const auto& [k, n] : sum) out.push_back(TeamHitDay{std::get<0>(k), std::get<1>(k), std::get<2>(k), n});
              return out;
            },
            std::move(reply));
      });
}

void SpeechService::status(const Caller& c, Reply<TranscriptionStatus> reply) {
  if (auto ok = require(c, Permission::kManageQuality); !ok) return reply(std::unexpected(ok.error()));
  on_store<TranscriptionStatus>(
      rt_,
      [this](storage::SqlDriver& db) -> Result<TranscriptionStatus> {
        auto counts = speech::SpeechRepository(db).counts();
        if (!counts) return fail<TranscriptionStatus>(counts.error());
        TranscriptionStatus s{*counts, std::nullopt};
        std::lock_guard lock(mu_);
        s.current = current_;
        return s;
      },
      std::move(reply));
}

}  // namespace switchyard::app
