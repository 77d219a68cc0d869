// The supervisor wallboard (/wallboard): queue tiles, alerts, charts of the
// day, the agent grid with actions, and live chat monitoring. Everything
// after the first load arrives on the event stream; incoming frames are
// applied once per animation frame (liveFeed.ts).
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { useI18n } from "../../i18n";
import { api, ApiError, wsUrl } from "../../lib/api";
import { applyAlertFrame, EMPTY_ALERTS, type AlertState } from "../../lib/alerts";
import { noteServerTime, serverNow } from "../../lib/clock";
import { applyKpis, EMPTY_KPIS, isKpiMessage, kpi, type KpiState } from "../../lib/kpis";
import type { LiveStatus as Status } from "../../lib/live";
import { openFeed, type Feed } from "../../lib/liveFeed";
import { useSession } from "../../lib/sessionContext";
import type { AgentInfo, AgentState, KpiFigures, QueueInfo, Realtime, Report, ReportRow } from "../../lib/types";
import { ErrorBanner, LiveStatus, Loading, Stat, useFormat, useThrottled } from "../../components";
import { AgentActions } from "./AgentActions";
import { AgentGrid } from "./AgentGrid";
import { AlertsPanel } from "./AlertsPanel";
import { Charts } from "./Charts";
import { CallMonitor } from "./CallMonitor";
import { ChatMonitor, type ChatMonitorHandle } from "./ChatMonitor";
import { QueueTileList, StateCount, type Win } from "./QueueTiles";
import { agentTotals, applyWallBatch, initialWall, setQueueGauges, type AgentLive, type WallState } from "./wallState";
import "../../styles/wallboard.css";

declare global {
  interface Window {
    /** Set by the performance script: each frame's update work (ms: reducers,
     *  render and commit of one batch) is pushed here. */
    __switchyardPerf?: number[];
  }
}

async function loadWall(mode: WallState["mode"]): Promise<WallState> {
  // The snapshot first, the configuration after: a change made after the
  // snapshot's sequence number is replayed from the stream; one made before
  // is in what is read here. (Read together, a change in between would be
  // in neither.)
  const rt = await api<Realtime>("GET", "/api/v1/realtime");
  noteServerTime(rt.time_ms);
  const [queues, agents] = await Promise.all([api<QueueInfo[]>("GET", "/api/v1/queues"), api<AgentInfo[]>("GET", "/api/v1/agents")]);
  return initialWall(rt, queues, agents, mode);
}

export default function Wallboard() {
  const { t } = useI18n();
  const { me } = useSession();
  const mode: WallState["mode"] = me.role === "team_lead" ? "snapshot" : "derived";
  const [wall, setWall] = useState<WallState | null>(null);
  const [kpis, setKpis] = useState<KpiState>(EMPTY_KPIS);
  const [alerts, setAlerts] = useState<AlertState>(EMPTY_ALERTS);
  const [rows, setRows] = useState<ReportRow[] | null>(null);
  const [rowsError, setRowsError] = useState<unknown>(null);
  const [reasons, setReasons] = useState<string[]>([]);
  const [status, setStatus] = useState<Status>("connecting");
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const [win, setWin] = useState<Win>("today");
  const [queueFilter, setQueueFilter] = useState<number | null>(null);
  const [acting, setActing] = useState<AgentLive | null>(null);
  const [listening, setListening] = useState<{ contact: number; agent: string } | null>(null);
  const chats = useRef<ChatMonitorHandle>(null);
  const feed = useRef<Feed | null>(null);
  const canChat = me.role === "admin" || me.role === "team_lead" || me.role === "quality";

  useEffect(() => {
    let stopped = false;
    let gaugeTimer: ReturnType<typeof setTimeout> | null = null;
    let gaugeAt = 0;
    setError(null);
    api<string[]>("GET", "/api/v1/reason-codes").then(setReasons, () => {});
    // Snapshot mode: a team lead's stream does not carry the contacts of
    // other teams, so the queue gauges are read again when the KPI stream
    // says a queue moved (at most every 2 s): pushed, not polled.
    const refreshGauges = () => {
      if (gaugeTimer) return;
      gaugeTimer = setTimeout(() => {
        gaugeTimer = null;
        gaugeAt = Date.now();
        api<Realtime>("GET", "/api/v1/realtime").then((rt) => !stopped && setWall((w) => (w ? setQueueGauges(w, rt) : w)), () => {});
      }, Math.max(0, 2000 - (Date.now() - gaugeAt)));
    };
    loadWall(mode).then(
      (w) => {
        if (stopped) return;
        setWall(w);
        const chatQueues = new Set(w.queues.filter((q) => q.channel === "chat").map((q) => q.id));
        const apply = (msgs: Record<string, unknown>[]) => {
          const last = msgs[msgs.length - 1];
          if (typeof last?.time_ms === "number") noteServerTime(last.time_ms);
          setWall((s) => (s ? applyWallBatch(s, msgs) : s));
          let k = false, a = false, chatEvent = false, queueMoved = false;
          for (const m of msgs) {
            if (m.type === "kpis") {
              k = true;
              if (mode === "snapshot" && (m.entries as { dim: string }[]).some((e) => e.dim === "queue")) queueMoved = true;
            } else if (m.type === "alerts" || m.type === "alert") a = true;
            else if (typeof m.queue === "number" && chatQueues.has(m.queue)) chatEvent = true;
          }
          if (k) setKpis((s) => msgs.reduce((acc, m) => (isKpiMessage(m) ? applyKpis(acc, m) : acc), s));
          if (a) setAlerts((s) => msgs.reduce((acc, m) => applyAlertFrame(acc, m), s));
          if (chatEvent) chats.current?.changed();
          if (queueMoved) refreshGauges();
        };
        feed.current = openFeed(
          {
            url: wsUrl("/api/v1/events", { kpis: 1, kpi_dims: "center,queue,agent" }),  // what the page shows
            since: w.seq,
            slim: { agent: { today: ["handled", "aht_s"] }, channel: "none", site: "none", group: "none", team: "none" },
            // the grid's handled / AHT need not move four times a second
            every: { agent: 2000 },
          },
          {
            onBatch: (msgs) => {
              // Called once per animation frame with what arrived since the
              // last one: apply it and render now, so that this frame paints
              // it (and the work of a frame can be measured).
              const t0 = performance.now();
              flushSync(() => apply(msgs));
              window.__switchyardPerf?.push(performance.now() - t0);
            },
            onStatus: (s) => setStatus(s),
            onResyncNeeded: () => {
              loadWall(mode).then((nw) => {
                if (stopped) return;
                setWall(nw);
                feed.current?.resume(nw.seq);
              }, setError);
            },
            onConnectFailed: (n) => {
              if (n % 3 === 2) api("GET", "/api/v1/auth/me").catch(() => {});
            },
          },
        );
      },
      (e) => !stopped && setError(e),
    );
    return () => {
      stopped = true;
      if (gaugeTimer) clearTimeout(gaugeTimer);
      feed.current?.stop();
      feed.current = null;
    };
  }, [mode, attempt]);

  // today's hours for the charts; again when the hour turns
  const loadRows = useCallback(() => {
    api<Report>("GET", "/api/v1/reports/queues?grain=hour").then(
      (r) => {
        setRows(r.rows);
        setRowsError(null);
      },
      (e) => {
        setRows([]);
        setRowsError(e);
      },
    );
  }, []);
  useEffect(() => {
    loadRows();
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      const now = serverNow();
      timer = setTimeout(() => {
        loadRows();
        schedule();
      }, 3_600_000 - (now % 3_600_000) + 30_000);
    };
    schedule();
    return () => clearTimeout(timer);
  }, [loadRows]);

  const queueFigures = useMemo(() => {
    const m = new Map<number, KpiFigures>();
    if (!wall) return m;
    for (const id of wall.queueIndex.keys()) {
      const f = kpi(kpis, "queue", id, win);
      if (f) m.set(id, f);
    }
    return m;
  }, [wall?.queueIndex, kpis, win]); // eslint-disable-line react-hooks/exhaustive-deps
  const todayByQueue = useMemo(() => {
    const m = new Map<number, KpiFigures>();
    if (!wall) return m;
    for (const id of wall.queueIndex.keys()) {
      const f = kpi(kpis, "queue", id, "today");
      if (f) m.set(id, f);
    }
    return m;
  }, [wall?.queueIndex, kpis]); // eslint-disable-line react-hooks/exhaustive-deps
  // the charts follow the live figures every 5 s, not every frame; their
  // queue list and goals change only with the queues' configuration
  const chartQueues = useMemo(() => [...(wall?.queueHeads.values() ?? [])], [wall?.queueHeads]);
  const chart = useThrottled(useMemo(() => ({ live: todayByQueue, queues: chartQueues, now: serverNow() }), [todayByQueue, chartQueues]), 5000);
  const dayStart = kpis.day_start_ms || startOfHourDay(rows);
  // a new function only when a queue is added or renamed (not per batch)
  const queueHeads = wall?.queueHeads;
  const queueName = useCallback((id: number | null) => (id === null || !queueHeads ? "…" : (queueHeads.get(id)?.name ?? `#${id}`)), [queueHeads]);
  const queueChannel = useCallback((id: number | null) => (id === null || !queueHeads ? null : (queueHeads.get(id)?.channel ?? null)), [queueHeads]);
  const onListen = useMemo(() => (me.role === "admin" || me.role === "team_lead" ? (a: AgentLive, contact: number) => setListening({ contact, agent: a.name }) : null), [me.role]);
  const agentFigures = useCallback((id: number) => kpi(kpis, "agent", id), [kpis]);
  const onSelectQueue = useCallback((id: number) => setQueueFilter((q) => (q === id ? null : id)), []);
  const onActions = useMemo(() => (me.role === "admin" || me.role === "team_lead" ? (a: AgentLive) => setActing(a) : null), [me.role]);
  const onClearQueue = useCallback(() => setQueueFilter(null), []);
  const filterName = queueFilter !== null && queueHeads ? queueHeads.get(queueFilter)?.name : undefined;
  const gridQueue = useMemo(() => (queueFilter !== null && filterName !== undefined ? { id: queueFilter, name: filterName } : null), [queueFilter, filterName]);

  if (error) return <ErrorBanner error={error} onRetry={() => setAttempt((a) => a + 1)} />;
  if (!wall) return <Loading />;

  const center = kpi(kpis, "center", 0, win);
  const totals = agentTotals(wall);
  const waiting = wall.queues.reduce((a, q) => a + q.waiting, 0);

  return (
    <div className="wallboard">
      <PageHead status={status} win={win} setWin={setWin} />
      {mode === "snapshot" && <p className="muted scope-note">{t("wallboard.teamScope", { team: me.team ?? "" })}</p>}

      <AlertsPanel active={alerts.active} />

      <section className="card summary" aria-label={t("wallboard.summary.title")}>
        <SummaryStats waiting={waiting} center={center} />
        <SummaryAgents totals={totals} />
      </section>

      <section aria-labelledby="queues-h" className="queues">
        <h2 id="queues-h">
          {t("wallboard.queues.title")} <span className="count-badge">{wall.queues.length}</span>
        </h2>
        <QueueTileList queues={wall.queues} figures={queueFigures} selected={queueFilter} onSelect={onSelectQueue} />
      </section>

      <Charts rows={rows} history={!rowsError} live={chart.live} queues={chart.queues} dayStart={dayStart} now={chart.now} />
      {rowsError instanceof ApiError && rowsError.status === 403 && <p className="muted">{t("wallboard.charts.noHistory")}</p>}

      <AgentGrid
        agents={wall.agents}
        queueName={queueName}
        figures={agentFigures}
        queueFilter={gridQueue}
        onClearQueue={onClearQueue}
        onActions={onActions}
        queueChannel={queueChannel}
        onListen={onListen}
        listening={listening?.contact ?? null}
      />

      {canChat && <ChatMonitor ref={chats} me={me.name} canBarge={me.role === "admin" || me.role === "team_lead"} />}

      {listening && <CallMonitor key={listening.contact} contact={listening.contact} agentName={listening.agent} me={me.name} onClose={() => setListening(null)} />}

      {acting && (
        <AgentActions
          agent={wall.agents[wall.agentIndex.get(acting.id) ?? -1] ?? acting}
          queues={wall.queues}
          reasons={reasons}
          canEditSkills={me.role === "admin" || me.role === "team_lead"}
          onClose={() => setActing(null)}
        />
      )}
    </div>
  );
}

/** The page's title, the connection and the KPI window switch. */
const PageHead = memo(function PageHead({ status, win, setWin }: { status: Status; win: Win; setWin: (w: Win) => void }) {
  const { t } = useI18n();
  const winId = useId();
  return (
    <div className="page-head">
      <h1>{t("wallboard.title")}</h1>
      <LiveStatus status={status} />
      <span className="spacer" />
      <div className="win-switch" role="radiogroup" aria-labelledby={winId}>
        <span id={winId} className="win-label">
          {t("wallboard.window.label")}
        </span>
        {(["today", "last_60m", "last_15m"] as Win[]).map((w) => (
          <label key={w} className={"win-opt" + (w === win ? " win-on" : "")}>
            <input type="radio" name={winId} value={w} checked={w === win} onChange={() => setWin(w)} />
            {t("wallboard.window." + w)}
          </label>
        ))}
      </div>
    </div>
  );
});

/** The center's figures: waiting now (every frame) and the window's KPIs
 *  (four times a second). */
function SummaryStats({ waiting, center }: { waiting: number; center: KpiFigures | undefined }) {
  return (
    <div className="stats">
      <WaitingStat waiting={waiting} />
      <CenterStats center={center} />
    </div>
  );
}
const WaitingStat = memo(function WaitingStat({ waiting }: { waiting: number }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return <Stat label={t("wallboard.summary.waiting")} value={fmt.number(waiting)} />;
});
const CenterStats = memo(function CenterStats({ center }: { center: KpiFigures | undefined }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <>
      <Stat label={t("wallboard.summary.offered")} value={fmt.number(center?.offered)} />
      <Stat label={t("wallboard.summary.answered")} value={fmt.number(center?.answered)} />
      <Stat label={t("wallboard.summary.sl")} value={center && center.offered ? fmt.percent(center.service_level) : "—"} />
      <Stat label={t("wallboard.summary.asa")} value={center && center.answered ? fmt.seconds(center.asa_s) : "—"} />
      <Stat label={t("wallboard.summary.abandoned")} value={center && center.offered ? fmt.percent(center.abandon_rate, 1) : "—"} />
      <Stat label={t("wallboard.summary.aht")} value={center && center.handled ? fmt.seconds(center.aht_s) : "—"} />
    </>
  );
});

const SUMMARY_STATES = ["available", "reserved", "busy", "wrap_up", "not_ready", "logged_out"] as const;
/** The agents by state; each count re-renders only when it changes. */
const SummaryAgents = memo(function SummaryAgents({ totals }: { totals: Record<AgentState, number> }) {
  const { t } = useI18n();
  return (
    <ul className="summary-agents" aria-label={t("wallboard.summary.agents")}>
      {SUMMARY_STATES.map((s) => (
        <StateCount key={s} state={s} n={totals[s]} label={t("common.state." + s)} />
      ))}
    </ul>
  );
});

/** Before the KPI stream says when the day started: the report's first row, else local midnight. */
function startOfHourDay(rows: ReportRow[] | null): number {
  if (rows && rows.length) return Math.min(...rows.map((r) => r.start_ms));
  const d = new Date(serverNow());
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
