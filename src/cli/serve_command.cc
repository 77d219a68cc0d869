// `switchyard serve` and `switchyard config check FILE`.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <pthread.h>

#include <chrono>
#include <future>
#include <thread>

#include "api/api.h"
#include "app/account_service.h"
#include "app/agent_service.h"
#include "app/alert_service.h"
#include "app/auth_service.h"
#include "app/board_service.h"
#include "app/chat_service.h"
#include "app/config_service.h"
#include "app/contact_service.h"
#include "app/feed_service.h"
#include "app/kb_service.h"
#include "app/monitor_service.h"
#include "app/news_service.h"
#include "app/notify_service.h"
#include "app/people_service.h"
#include "app/phone_service.h"
#include "app/quality_insights.h"
#include "app/quality_service.h"
#include "app/queue_prompt_service.h"
#include "app/realtime_service.h"
#include "app/recording_service.h"
#include "app/report_service.h"
#include "app/scheduled_report_service.h"
#include "app/speech_service.h"
#include "app/survey_service.h"
#include "app/team_chat_service.h"
#include "app/wfm_service.h"
#include "app/demo.h"
#include "app/store_setup.h"
#include "reports/rollup_projection.h"
#include "reports/rollups.h"
#include "reports/schedule.h"
#include "cli/command.h"
#include "eventlog/retention.h"
#include "eventlog/snapshot_codec.h"
#include "eventlog/snapshots.h"
#include "history/history_projection.h"
#include "metrics/calendar.h"
#include "metrics/kpi_projection.h"
#include "server/config.h"
#include "server/engine_host.h"
#include "server/event_feed.h"
#include "server/log.h"
#include "server/metrics.h"
#include "server/projection_host.h"
#include "server/store_pool.h"
#include "speech/speech_store.h"
#include "storage/database.h"
#include "voice/voice_edge.h"

#include <filesystem>
#include <random>

extern char** environ;

namespace switchyard::cli {
namespace {

struct ServeFlags {
  std::string config;
  std::string store;
  std::string address;
  int port = -1;
  bool demo = false;
  bool demo_traffic = false;
  int demo_history_days = -1;
  std::string log_format;
};

std::vector<std::string> environment() {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) env.emplace_back(*e);
  return env;
}

int fail(const std::string& what, const Error& e) {
  std::fprintf(stderr, "switchyard: %s: %s%s%s\n", what.c_str(), e.message.c_str(), e.field.empty() ? "" : " (",
               e.field.empty() ? "" : (e.field + ")").c_str());
  return e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kNotFound ? 2 : 1;
}

// The demo center starts with `days` of simulated history on an empty
// store (docs/operations.md, "The demo center"), busy in the daytime of the
// center's time zone; a store with events keeps them.
Result<void> demo_history(storage::SqlDriver& db, int days, const metrics::Calendar& calendar, const Clock& clock) {
  auto has = app::has_history(db);
  if (!has) return std::unexpected(has.error());
  if (*has || days <= 0) return {};
  server::log_info("demo: simulating " + std::to_string(days) + " days of history");
  const int64_t t0 = monotonic_ns();
  const int64_t now_ms = clock.now_ms();
  auto run = app::write_demo_history(db, days, now_ms, calendar.offset_ms(now_ms));
  if (!run) return std::unexpected(run.error());
  server::log_info("demo: history written: " + std::to_string(run->events_written) + " events in " +
                   std::to_string((monotonic_ns() - t0) / 1'000'000) + " ms");
  return {};
}

int serve(const ServeFlags& f) {
  server::ServerConfig cfg;
  std::string config_path = f.config;
  if (config_path.empty())
    if (const char* c = std::getenv("SWITCHYARD_CONFIG")) config_path = c;
  if (!config_path.empty()) {
    auto c = server::load_config_file(config_path);
    if (!c) return fail("config", c.error());
    cfg = *c;
  }
  if (auto r = server::apply_env(cfg, environment()); !r) return fail("environment", r.error());
  if (!f.store.empty()) cfg.store = f.store;
  if (!f.address.empty()) cfg.address = f.address;
  if (f.port >= 0) cfg.port = static_cast<uint16_t>(f.port);
  if (f.demo) cfg.demo = true;
  if (f.demo_traffic) cfg.demo = cfg.demo_traffic = true;
  if (f.demo_history_days >= 0) cfg.demo_history_days = f.demo_history_days;
  if (!f.log_format.empty()) cfg.log_format = f.log_format;
  if (auto r = server::validate(cfg); !r) return fail("config", r.error());
  server::init_logging(cfg.log_format, cfg.log_level);

  // Block the stop signals in every thread; the main thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  SystemClock clock;
  auto open = [url = cfg.store](storage::OpenOptions o = {}) { return storage::open_database(url, o); };
  auto setup = app::open_migrated_store(cfg.store);
  if (!setup) return fail("store " + cfg.store, setup.error());
  const metrics::Calendar calendar = *metrics::Calendar::make(cfg.time_zone);  // validated with the config
  if (cfg.demo)
    if (auto r = demo_history(**setup, cfg.demo_history_days, calendar, clock); !r)
      return fail("demo history", r.error());
  auto log_db = open();
  if (!log_db) return fail("store " + cfg.store, log_db.error());

  server::Metrics metrics;
  server::EngineHost::Options hopts;
  hopts.max_batch = cfg.max_batch;
  hopts.snapshot_every_events = cfg.snapshot_every_events;
  server::EngineHost host(std::move(*log_db), clock, hopts);
  int64_t t0 = monotonic_ns();
  auto replayed = host.recover();
  if (!replayed) return fail("recovery", replayed.error());
  server::log_info("recovered: " + std::to_string(*replayed) + " events replayed in " +
                   std::to_string((monotonic_ns() - t0) / 1'000'000) + " ms, seq " + std::to_string(host.durable_seq()));
  if (cfg.demo)
    if (auto r = app::seed_demo(host, **setup, clock.now_ms()); !r) return fail("demo", r.error());
  setup->reset();

  auto pool = server::StorePool::open([&] { return open(); }, server::StorePool::Options{cfg.store_workers, 1});
  if (!pool) return fail("store " + cfg.store, pool.error());
  server::StorePool& store = **pool;
  auto projection_db = open(storage::OpenOptions{.relaxed_durability = true});
  if (!projection_db) return fail("store " + cfg.store, projection_db.error());
  app::Catalog catalog;
  auto start = app::start_read_models(host, catalog);
  if (!start) return fail("read models", start.error());
  // The live KPIs (in memory) have a host and thread of their own: behind the
  // durable projections' writes they were published up to 1.5 s late at
  // 1,000 contacts/s (a history or rollup write can take 100-200 ms on a
  // busy disk; bench/RESULTS.md, issue 8).
  auto live_db = open(storage::OpenOptions{.relaxed_durability = true});
  if (!live_db) return fail("store " + cfg.store, live_db.error());
  server::ProjectionHost projections(std::move(*projection_db), {});
  server::ProjectionHost live_projections(std::move(*live_db), {});
  history::HistoryProjection history_projection;
  // The counting rules both KPI projections share (docs/kpis.md).
  metrics::KpiOptions kpi_rules;
  kpi_rules.fcr_topic = *metrics::fcr_topic_from_string(cfg.fcr_topic);  // validated with the config
  kpi_rules.fcr_window_ms = cfg.fcr_window_days * 86'400'000LL;
  reports::RollupProjection rollup_projection(calendar, start->configs, kpi_rules);
  metrics::KpiProjection::Options live_options;
  live_options.kpi = kpi_rules;
  metrics::KpiProjection kpi_projection(calendar, std::move(start->configs), clock, live_options);
  projections.add(&history_projection);
  projections.add(&rollup_projection);
  live_projections.add(&kpi_projection);
  auto projection_status = [&projections, &live_projections] {
    std::vector<server::ProjectionStatus> all = projections.status();
    for (server::ProjectionStatus& p : live_projections.status()) all.push_back(std::move(p));
    return all;
  };
  server::EventFeed feed(store, &api::encode_event, host.durable_seq());
  server::KpiFeed kpi_feed(&api::encode_kpis);
  kpi_projection.on_publish([&kpi_feed](std::shared_ptr<const metrics::TodayKpis> t) { kpi_feed.published(std::move(t)); });
  host.add_commit_listener([&](const server::CommittedEvents& events) {
    catalog.update(*events);
    projections.committed(events);
    live_projections.committed(events);
    feed.committed(events);
    metrics.commit(host.stats().last_commit_us, events->size());
  });
  host.add_view(1000, [&metrics](const core::Engine& e, int64_t) -> std::function<void()> {
    metrics.observe_engine(e);
    return nullptr;
  });
  // Snapshots (megabytes at 100,000 waiting contacts) are written on the
  // bulk lane, so group commits never wait for them.
  host.set_snapshot_writer([&store](std::shared_ptr<const core::EngineSnapshot> snap) {
    store.post_bulk([snap](storage::SqlDriver& db) {
      auto r = eventlog::SnapshotStore(db).save(snap->seq, eventlog::snapshot_to_json(*snap));
      if (!r) server::log_error("snapshot at seq " + std::to_string(snap->seq) + " failed: " + r.error().message);
    });
  });

  app::Runtime rt{host, store, projections, catalog, clock};
  app::AuthService auth(rt, app::AuthService::Options{cfg.session_ttl_s * 1000, cfg.login_max_failures,
                                                      cfg.login_max_failures_per_address,
                                                      cfg.login_window_s * 1000, cfg.login_lockout_s * 1000});
  app::AccountService accounts(rt, auth);
  app::ConfigService config(rt);
  app::AgentService agents(rt);
  app::ContactService::Options contact_opts;
  contact_opts.idempotency_ttl_ms = static_cast<int64_t>(cfg.idempotency_hours * 3'600'000);
  app::ContactService contacts(rt, contact_opts);
  app::RealtimeService realtime(rt, [&kpi_projection] { return kpi_projection.today(); });
  app::FeedService feeds(rt, feed, &kpi_feed);
  app::ReportService reports(rt, calendar);
  app::WfmService wfm(rt, calendar);
  app::NotifyService notify(rt);
  wfm.on_notify([&notify](std::span<const int64_t> users) { notify.delivered(users); });
  app::QualityService quality(rt, contacts);
  quality.on_notify([&notify](std::span<const int64_t> users) { notify.delivered(users); });
  app::QualityInsights quality_insights(rt, calendar);
  app::KbService kb(rt, contacts);  // the knowledge base (docs/comms.md)
  app::NewsService news(rt, cfg.time_zone);  // the daily briefing and announcements (docs/comms.md)
  news.on_notify([&notify](std::span<const int64_t> users) { notify.delivered(users); });
  // the performance page's adherence (docs/quality.md "Performance figures")
  quality_insights.set_adherence([&wfm](core::AgentId agent, std::string first, std::string last,
                                        app::Reply<std::optional<double>> reply) {
    wfm.agent_adherence(agent, std::move(first), std::move(last), std::move(reply));
  });
  store.every(3'600'000, [&notify](storage::SqlDriver& db) { notify.prune(db); });
  // Team chat (docs/comms.md "Team chat"): presence and teams from a look at the engine each second.
  app::TeamChatService team_chat(rt);
  team_chat.on_notify([&notify](std::span<const int64_t> users) { notify.delivered(users); });
  host.add_view(1000, [&team_chat](const core::Engine& e, int64_t now) { return team_chat.observe(e, now); });
  // Boards, recognition and people (docs/comms.md "Boards", "Recognition", "People").
  app::BoardService boards(rt);
  boards.on_notify([&notify](std::span<const int64_t> users) { notify.delivered(users); });
  app::PeopleService people(rt, quality_insights, calendar);
  people.on_notify([&notify](std::span<const int64_t> users) { notify.delivered(users); });
  // Adherence alerts to team leads (docs/wfm.md, "Adherence").
  store.every(30'000, [&wfm](storage::SqlDriver&) { wfm.adherence_sweep(); });
  app::SurveyService surveys(rt, contacts);
  // Web chat (docs/chat.md): loaded before the engine starts; its writer has
  // a connection of its own so messages are written in order.
  app::ChatService::Options chat_opts;
  chat_opts.starts_per_minute = cfg.chat_starts_per_minute;
  chat_opts.token_ttl_ms = static_cast<int64_t>(cfg.chat_token_ttl_hours * 3'600'000);
  app::ChatService chat(rt, contacts, surveys, chat_opts);
  {
    auto chat_db = open();
    if (!chat_db) return fail("store " + cfg.store, chat_db.error());
    auto writer_db = open();
    if (!writer_db) return fail("store " + cfg.store, writer_db.error());
    if (auto r = chat.start(**chat_db, std::move(*writer_db)); !r) return fail("chat", r.error());
  }
  contacts.set_disposition_check([&chat](core::QueueId q, std::string_view code) { return chat.disposition_allowed(q, code); });
  host.add_commit_listener([&chat](const server::CommittedEvents& events) { chat.committed(*events); });
  host.add_view(chat_opts.position_period_ms, [&chat](const core::Engine& e, int64_t now) { return chat.observe(e, now); });
  // Voice (docs/voice.md): agents' phones (module "voice"), and SIP and RTP
  // on a thread of their own when enabled.
  app::PhoneService phones(rt, cfg.voice_realm);
  app::MonitorService monitors(rt, contacts, cfg.voice_supervisors);
  {
    auto phone_db = open();
    if (!phone_db) return fail("store " + cfg.store, phone_db.error());
    if (auto r = phones.load(**phone_db); !r) return fail("voice phones", r.error());
  }
  // Queue prompts (docs/voice.md, "Queue prompts"): a greeting and hold
  // music per queue, uploaded through the API whether or not voice is on;
  // the voice edge plays them (queue_prompts.pcm(queue, kind)).
  app::QueuePromptService queue_prompts(rt, (std::filesystem::path(cfg.voice_prompts_dir) / "queues").string());
  if (auto r = queue_prompts.load(); !r) server::log_warn("queue prompts: " + r.error().message);
  std::unique_ptr<voice::VoiceEdge> voice_edge;
  if (cfg.voice_enabled) {
    voice::VoiceOptions vo;
    vo.address = cfg.voice_address;
    vo.sip_port = static_cast<uint16_t>(cfg.voice_sip_port);
    vo.sip_tcp = cfg.voice_sip_tcp;
    vo.rtp_port_min = static_cast<uint16_t>(cfg.voice_rtp_port_min);
    vo.rtp_port_max = static_cast<uint16_t>(cfg.voice_rtp_port_max);
    vo.rtp_threads = cfg.voice_rtp_threads;
    vo.trunk_sources = cfg.voice_trunk_sources;
    vo.trunk_credentials = cfg.voice_trunk_credentials;
    vo.numbers = cfg.voice_numbers;
    vo.agents = cfg.voice_agents;
    vo.realm = cfg.voice_realm;
    vo.recordings_dir = cfg.voice_recordings_dir;
    vo.announce = cfg.voice_announce;
    vo.language = cfg.voice_language;
    vo.languages = cfg.voice_languages;
    vo.position_every_ms = int64_t{cfg.voice_position_every_s} * 1000;
    vo.callback_key = cfg.voice_callback_key;
    vo.prompts_dir = cfg.voice_prompts_dir;
    vo.hold_music = cfg.voice_hold_music;
    vo.trunk_target = cfg.voice_trunk_target;
    vo.callback_ring_ms = int64_t{cfg.voice_callback_ring_s} * 1000;
    vo.callback_retry_ms = int64_t{cfg.voice_callback_retry_s} * 1000;
    vo.callback_attempts = cfg.voice_callback_attempts;
    vo.noise_suppression_db = cfg.voice_noise_suppression_db;
    vo.survey_queues = std::set<std::string>(cfg.voice_survey_queues.begin(), cfg.voice_survey_queues.end());
    for (const auto& [number, m] : cfg.voice_menus) {
      voice::VoiceMenu menu{m.prompt, {}, m.fallback, m.language, int64_t{m.timeout_s} * 1000, m.tries};
      for (const auto& [k, q] : m.options) menu.options[k[0]] = q;
      vo.menus[number] = std::move(menu);
    }
    if (!vo.recordings_dir.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(vo.recordings_dir, ec);
      if (ec) return fail("voice", Error{ErrorCode::kUnavailable, "cannot create " + vo.recordings_dir + ": " + ec.message(), "voice.recordings_dir"});
    }
    voice_edge = std::make_unique<voice::VoiceEdge>(rt, contacts, agents, std::move(vo));
    voice_edge->set_surveys(&surveys);
    voice_edge->set_queue_prompts(&queue_prompts);
    voice_edge->set_phones(phones.phones());
    phones.on_change([&voice_edge](std::vector<voice::PhoneRow> rows) { voice_edge->set_phones(std::move(rows)); });
    phones.set_status([&voice_edge](const std::string& agent) -> std::optional<app::PhoneRegistration> {
      auto r = voice_edge->registration(agent);
      if (!r) return std::nullopt;
      return app::PhoneRegistration{r->contact.str(), r->source.str(), r->expires_ms};
    });
    monitors.set_monitor(app::CallMonitor{
        [&voice_edge](core::ContactId c, app::MonitorMode m, std::string phone, std::string who, app::Reply<app::MonitorState> r) {
          voice_edge->monitor(c, m, std::move(phone), std::move(who), std::move(r));
        },
        [&voice_edge](core::ContactId c, app::Reply<app::MonitorState> r) { voice_edge->monitor_state(c, std::move(r)); },
        [&voice_edge](core::ContactId c, app::Reply<void> r) { voice_edge->stop_monitor(c, std::move(r)); }});
    if (auto r = voice_edge->start(); !r) return fail("voice", r.error());
    host.add_commit_listener([&voice_edge](const server::CommittedEvents& events) { voice_edge->committed(*events); });
  }
  // The web app (web/dist, docs/operations.md): optional; the API works without it.
  std::shared_ptr<const http::StaticFiles> web;
  if (!cfg.web_root.empty()) {
    auto files = http::StaticFiles::load(cfg.web_root);
    if (files) {
      web = *files;
      server::log_info("web app: " + std::to_string(web->size()) + " files from " + cfg.web_root);
    } else {
      server::log_warn("web app not served: " + files.error().message + " (build it with `make web`)");
    }
  }
  // Alerts: evaluated on every realtime publication; raises and clears go to
  // the WebSocket (beside the KPIs) and, through the outbox, to webhooks.
  alerts::DispatchOptions dispatch;
  dispatch.timeout_ms = cfg.alerts_webhook_timeout_ms;
  dispatch.max_attempts = cfg.alerts_max_attempts;
  dispatch.retry_base_ms = static_cast<int64_t>(cfg.alerts_retry_base_s * 1000);
  dispatch.retry_max_ms = static_cast<int64_t>(cfg.alerts_retry_max_s * 1000);
  dispatch.ca_file = cfg.alerts_ca_file;
  alerts::WebhookDispatcher dispatcher([&] { return open(); }, clock, dispatch);
  app::AlertService alert_service(rt, &dispatcher, app::AlertService::Options{cfg.alerts_keep_days});
  alert_service.on_event([&kpi_feed](const alerts::AlertEvent& e) {
    kpi_feed.broadcast(std::make_shared<const std::string>(api::encode_alert(e)));
  });
  kpi_feed.set_greeting([&alert_service] {
    return std::make_shared<const std::string>(api::encode_active_alerts(alert_service.active()));
  });
  realtime.on_publish([&alert_service](std::shared_ptr<const app::Realtime> snap) { alert_service.observe(std::move(snap)); });
  alert_service.start();
  store.every(3'600'000, [&alert_service](storage::SqlDriver& db) { alert_service.prune(db); });
  // Scheduled reports (docs/operations.md): the tick reads the injected
  // clock every second and starts a run when the daily time has come (and
  // at start, to catch up on days missed while the server was down).
  app::ScheduledReportOptions scheduled_opts;
  scheduled_opts.daily_enabled = cfg.reports_daily_enabled;
  scheduled_opts.schedule = {*reports::parse_time_of_day(cfg.reports_daily_at, "reports.daily_at"),  // validated
                             cfg.reports_keep_days};
  app::ScheduledReportService scheduled(rt, calendar, scheduled_opts);
  store.every(1000, [&scheduled](storage::SqlDriver&) { scheduled.tick(); });
  // The daily briefing: each site's is published once its local time has come (docs/comms.md).
  store.every(5000, [&news](storage::SqlDriver&) { news.tick(); });
  store.post_bulk([&contacts](storage::SqlDriver& db) { contacts.warm_up(db); });
  // Bulk deletes go in chunks with a pause between two: a group commit waiting
  // for SQLite's write lock gets it after one chunk, not after the whole job
  // (one DELETE of a day's keys held it long enough to pile up batches).
  auto pause = [] { std::this_thread::sleep_for(std::chrono::milliseconds(20)); };
  store.every(std::min<int64_t>(600'000, contact_opts.idempotency_ttl_ms / 2),
              [&contacts, pause](storage::SqlDriver& db) {
                if (auto r = contacts.prune_keys(db, pause); !r)
                  server::log_error("pruning idempotency keys: " + r.error().message);
              });
  store.every(3'600'000, [&auth](storage::SqlDriver& db) { auth.prune_sessions(db); });
  // Event-log retention (docs/operations.md): every 5 minutes, events older
  // than the retention period that a snapshot covers and every projection
  // has applied leave the log (archived first when an archive is set).
  if (cfg.retention_hours > 0) {
    eventlog::RetentionPolicy retention;
    retention.keep_ms = static_cast<int64_t>(cfg.retention_hours * 3'600'000);
    retention.archive_dir = cfg.archive_dir;
    retention.encode = &api::encode_event;
    retention.between_batches = pause;
    store.every(300'000, [&clock, projection_status, retention](storage::SqlDriver& db) {
      uint64_t floor = UINT64_MAX;
      for (const server::ProjectionStatus& p : projection_status()) floor = std::min(floor, p.applied_seq);
      auto r = eventlog::apply_retention(db, retention, clock.now_ms(), floor);
      if (!r) server::log_error("retention: " + r.error().message);
      else if (r->deleted > 0)
        server::log_info("retention: " + std::to_string(r->deleted) + " events left the log" +
                         (r->archive_file.empty() ? "" : " (archived to " + r->archive_file + ")") +
                         "; it now starts at seq " + std::to_string(r->first_seq));
    });
  }

  // links to recordings are signed with a secret of this process
  std::random_device seed;
  app::RecordingService recordings(rt, contacts, cfg.voice_enabled ? cfg.voice_recordings_dir : std::string(),
                                   std::to_string(seed()) + ":" + std::to_string(seed()) + ":" + std::to_string(seed()));
  // Retention (voice.recordings_keep_days): at start, then hourly, like the
  // other pruning jobs; the folder is swept even when voice is off now.
  recordings.set_retention(cfg.voice_recordings_dir, cfg.voice_recordings_keep_days);
  if (cfg.voice_recordings_keep_days > 0) {
    store.post_bulk([&recordings](storage::SqlDriver&) { recordings.prune(); });
    store.every(3'600'000, [&recordings](storage::SqlDriver&) { recordings.prune(); });
  }
  // Speech and text analytics (docs/quality.md, "Transcription"): calls
  // transcribed on one thread at the lowest priority, chats searched on the
  // bulk lane, both once the contact has ended.
  app::SpeechOptions speech_opts;
  speech_opts.transcription = cfg.speech_transcription;
  speech_opts.transcriber.model_dir = cfg.speech_model_dir;
  speech_opts.recordings_dir = cfg.voice_enabled ? cfg.voice_recordings_dir : std::string();  // as recordings
  app::SpeechService speech(rt, contacts, calendar, speech_opts);
  speech.on_notify([&notify](std::span<const int64_t> users) { notify.delivered(users); });
  // keyword hits feed targeted sampling (docs/quality.md "Where the sample's facts come from")
  quality_insights.set_keyword_hits([](storage::SqlDriver& db, int64_t from_ms, int64_t to_ms) {
    return speech::SpeechRepository(db).hit_counts(from_ms, to_ms);
  });
  host.add_commit_listener([&speech](const server::CommittedEvents& events) { speech.committed(*events); });
  speech.start();
  api::Ops ops{[&] { return host.ready(); }, [&] { return host.durable_seq(); }, [&] { return host.failed(); },
               [&] {
                 metrics.set_subscribers(feed.subscribers());
                 metrics.set_alerts_active(alert_service.active().size());
                 metrics.set_recordings_deleted(recordings.deleted_total());
                 if (voice_edge) {
                   voice::VoiceStats v = voice_edge->stats();
                   metrics.observe_voice({v.sip.calls_in, v.sip.calls_refused, v.sip.bad_messages, v.sip.retransmissions,
                                          v.sip.legs, v.rtp.packets_in, v.rtp.to_agents, v.rtp.to_customers, v.rtp.played,
                                          v.sip.digits, v.rtp.mixed, v.rtp.transcoded, v.tcp_connections,
                                          v.rtp.misplaced});
                 }
                 metrics.observe_today(kpi_projection.today());
                 metrics.observe_runtime(host.stats(), projection_status(), store.backlog(),
                                         contacts.recent_keys());
                 return metrics.text();
               },
               web,
               cfg.time_zone};
  api::Api routes(api::Services{auth, accounts, config, agents, contacts, realtime, feeds, reports, surveys, catalog,
                                scheduled, alert_service, chat, recordings, phones, monitors, queue_prompts, wfm, notify,
                                quality, quality_insights, speech, kb, news, team_chat, boards, people},
                  ops);
  http::Options hopt;
  hopt.address = cfg.address;
  hopt.port = cfg.port;
  hopt.io_threads = cfg.io_threads;
  hopt.max_body_bytes = static_cast<size_t>(cfg.max_body_bytes);
  hopt.ws_flush_interval_ms = cfg.ws_flush_interval_ms;
  hopt.log = [](std::string_view m) { server::log_warn(m); };
  http::Server srv(hopt);
  if (auto r = routes.register_routes(srv); !r) return fail("routes", r.error());
  srv.on_request_done([&metrics](std::string_view m, std::string_view p, int s, int64_t ns) { metrics.request(m, p, s, ns); });
  host.start();
  for (server::ProjectionHost* p : {&projections, &live_projections}) {
    if (auto r = p->start(host.durable_seq()); !r) {
      host.stop();
      store.stop_periodic();
      return fail("projections", r.error());
    }
  }
  scheduled.tick();  // catch up now rather than a second later
  // Survey answers stored before a crash but not yet in the log.
  store.post_bulk([&surveys](storage::SqlDriver& db) { surveys.publish_pending(db); });
  dispatcher.start();
  if (auto r = srv.start(); !r) {
    host.stop();
    store.stop_periodic();
    return fail("listen on " + cfg.address + ":" + std::to_string(cfg.port), r.error());
  }
  std::unique_ptr<app::DemoTraffic> traffic;
  if (cfg.demo_traffic) traffic = std::make_unique<app::DemoTraffic>(host, cfg.demo_contacts_per_minute);
  server::log_info("listening on http://" + cfg.address + ":" + std::to_string(srv.port()) + " (store " +
                   std::string(cfg.store) + ")");
  // The port line on stdout is for scripts and tests that start on port 0.
  std::printf("switchyard listening on %s:%u\n", cfg.address.c_str(), static_cast<unsigned>(srv.port()));
  if (voice_edge) std::printf("switchyard sip on %s:%u\n", cfg.voice_address.c_str(), static_cast<unsigned>(voice_edge->sip_port()));
  std::fflush(stdout);

  int sig = 0;
  sigwait(&stop_signals, &sig);
  server::log_info(std::string("stopping on ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT") + ": draining");
  if (traffic) traffic->stop();
  srv.stop();          // no new requests; in-flight ones finish
  chat.stop();         // queued chat writes finish
  if (voice_edge) voice_edge->stop();  // no new calls; calls in progress are cut
  dispatcher.stop();   // the attempt in flight ends; pending deliveries wait in the store
  scheduled.stop();    // a report being stored finishes; no run starts after it
  speech.stop();       // a transcription running is cut (queued again at the next start)
  host.stop();         // last batch committed, snapshot handed to the bulk lane
  projections.stop();  // projections keep their checkpoints; they catch up at the next start
  live_projections.stop();
  // The bulk lane's queued jobs (an alert evaluation, a periodic sweep) use
  // the services below; let them finish while those still exist, and post no
  // periodic job after (the pool outlives the services: a tick of the
  // scheduled reports ran on a destroyed service under load, found by ASan).
  store.stop_periodic();
  std::promise<void> drained;
  store.post_bulk([&drained](storage::SqlDriver&) { drained.set_value(); });
  drained.get_future().wait();
  server::log_info("stopped cleanly at seq " + std::to_string(host.durable_seq()));
  return 0;  // the store pool finishes its jobs (the last snapshot) as it goes out of scope
}

}  // namespace

void add_serve_command(CLI::App& app, Action& action) {
  auto f = std::make_shared<ServeFlags>();
  CLI::App* s = app.add_subcommand("serve", "Run the contact-center server (REST + WebSocket API)");
  s->add_option("--config", f->config, "TOML configuration file (see docs/operations.md)");
  s->add_option("--store", f->store, "sqlite:PATH (default sqlite:data/switchyard.db) or postgresql://...");
  s->add_option("--address", f->address, "address to listen on (default 127.0.0.1)");
  s->add_option("--port", f->port, "port (default 8080; 0 picks a free one)")->check(CLI::Range(0, 65535));
  s->add_flag("--demo", f->demo, "seed the demo center and users when the store is empty");
  s->add_flag("--demo-traffic", f->demo_traffic, "also generate demo contacts and agent activity");
  s->add_option("--demo-history-days", f->demo_history_days,
                "with --demo on an empty store: days of simulated history ending now (default 30, 0 = none)")
      ->check(CLI::Range(0, 365));
  s->add_option("--log-format", f->log_format, "text or json")->check(CLI::IsMember({"text", "json"}));
  s->callback([f, &action] { action = [f] { return serve(*f); }; });

  auto file = std::make_shared<std::string>();
  CLI::App* c = app.add_subcommand("config", "Configuration tools");
  CLI::App* check = c->add_subcommand("check", "Validate a configuration file and explain errors");
  check->add_option("file", *file, "TOML file")->required();
  c->require_subcommand(1);
  check->callback([file, &action] {
    action = [file] {
      auto cfg = server::load_config_file(*file);
      if (!cfg) {
        std::fprintf(stderr, "%s: %s%s\n", file->c_str(), cfg.error().message.c_str(),
                     cfg.error().field.empty() ? "" : (" [" + cfg.error().field + "]").c_str());
        return 2;
      }
      std::printf("%s: ok (listen %s:%u, store %s)\n", file->c_str(), cfg->address.c_str(),
                  static_cast<unsigned>(cfg->port), cfg->store.c_str());
      return 0;
    };
  });
}

}  // namespace switchyard::cli
