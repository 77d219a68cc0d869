// The agent desktop (/desk): presence, offers with their countdown, the
// contacts in hand side by side, the agent's own KPIs and survey answers,
// all live from the event stream (never polled).
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useI18n } from "../../i18n";
import { api, qs, wsUrl } from "../../lib/api";
import { noteServerTime, serverNow } from "../../lib/clock";
import { applyKpis, EMPTY_KPIS, isKpiMessage, kpi, type KpiState } from "../../lib/kpis";
import type { LiveStatus as Status } from "../../lib/live";
import { openFeed, type Feed } from "../../lib/liveFeed";
import { useSession } from "../../lib/sessionContext";
import type { AgentInfo, Contact, ContactRecord, QueueInfo, Realtime } from "../../lib/types";
import { ErrorBanner, LiveStatus, Loading } from "../../components";
import { ChatDrawer } from "./ChatDrawer";
import { ContactWorkspace, type ContactAction } from "./ContactWorkspace";
import { indexQueues, type QueueIndex } from "./deskData";
import { applyDeskBatch, EMPTY_DESK, fromRest, idleText, offers, working, type DeskState } from "./deskState";
import { MyKpis } from "./MyKpis";
import { OfferCard } from "./OfferCard";
import { Presence } from "./Presence";
import { SurveyTicker } from "./SurveyTicker";
// comms (issue 13): what's new, the urgent announcement, suggested articles
import { DeskComms, SuggestedArticles } from "../comms/DeskComms";
import "../../styles/desk.css";

interface Baseline {
  seq: number;
  desk: DeskState;
  details: Map<number, Contact>;
  queues: QueueIndex;
}

async function loadBaseline(agentName: string): Promise<Baseline> {
  // The snapshot's seq first: the socket resumes after it, so nothing that
  // happens while the rest loads is missed.
  const rt = await api<Realtime>("GET", "/api/v1/realtime");
  noteServerTime(rt.time_ms);
  const [agent, queueList] = await Promise.all([
    api<AgentInfo>("GET", `/api/v1/agents/${encodeURIComponent(agentName)}`),
    api<QueueInfo[]>("GET", "/api/v1/queues"),
  ]);
  const queues = indexQueues(queueList);
  const contacts = (await Promise.all(agent.contacts.map((id) => api<Contact>("GET", `/api/v1/contacts/${id}`).catch(() => null)))).filter(
    (c): c is Contact => c !== null,
  );
  // When contacts in hand were answered: their history records know.
  const answered = new Map<number, number>();
  await Promise.all(
    contacts
      .filter((c) => c.state !== "offered" && c.customer_id)
      .map((c) =>
        api<ContactRecord[]>("GET", `/api/v1/customers/${encodeURIComponent(c.customer_id!)}/contacts${qs({ limit: 5 })}`)
          .then((recs) => {
            const r = recs.find((x) => x.id === c.id);
            if (r?.answered_ms) answered.set(c.id, r.answered_ms);
          })
          .catch(() => {}),
      ),
  );
  return {
    seq: rt.seq,
    desk: fromRest(agent, contacts, queues.idByName, answered),
    details: new Map(contacts.map((c) => [c.id, c])),
    queues,
  };
}

export default function AgentDesk() {
  const { t } = useI18n();
  const { me, settings } = useSession();
  const agentName = me.agent;
  const [desk, setDesk] = useState<DeskState>(EMPTY_DESK);
  const [kpis, setKpis] = useState<KpiState>(EMPTY_KPIS);
  const [queues, setQueues] = useState<QueueIndex | null>(null);
  const [details, setDetails] = useState<Map<number, Contact>>(new Map());
  const [reasons, setReasons] = useState<string[]>([]);
  const [status, setStatus] = useState<Status>("connecting");
  const [loadError, setLoadError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const feed = useRef<Feed | null>(null);

  useEffect(() => {
    if (!agentName) return;
    let stopped = false;
    setLoadError(null);
    api<string[]>("GET", "/api/v1/reason-codes").then(setReasons, () => {});
    const start = async () => {
      try {
        const b = await loadBaseline(agentName);
        if (stopped) return;
        setDesk(b.desk);
        setDetails(b.details);
        setQueues(b.queues);
        feed.current = openFeed(
          {
            url: wsUrl("/api/v1/events", { kpis: 1, agent: agentName }),
            since: b.seq,
            // an agent's own entry is all the desk shows
            slim: { center: "none", queue: "none", channel: "none", team: "none", site: "none", group: "none" },
          },
          {
            onBatch: (msgs) => {
              const last = msgs[msgs.length - 1];
              if (typeof last?.time_ms === "number") noteServerTime(last.time_ms);
              setDesk((s) => applyDeskBatch(s, msgs));
              if (msgs.some((m) => m.type === "kpis"))
                setKpis((k) => msgs.reduce((acc, m) => (isKpiMessage(m) ? applyKpis(acc, m) : acc), k));
            },
            onStatus: (s) => setStatus(s),
            onResyncNeeded: () => {
              loadBaseline(agentName).then((nb) => {
                if (stopped) return;
                setDesk(nb.desk);
                setDetails(nb.details);
                feed.current?.resume(nb.seq);
              }, setLoadError);
            },
            onConnectFailed: (n) => {
              if (n % 3 === 2) api("GET", "/api/v1/auth/me").catch(() => {}); // a 401 ends the session
            },
          },
        );
      } catch (e) {
        if (!stopped) setLoadError(e);
      }
    };
    void start();
    return () => {
      stopped = true;
      feed.current?.stop();
      feed.current = null;
    };
  }, [agentName, attempt]);

  // contacts that arrived by event: fetch what they are
  useEffect(() => {
    const missing = desk.contacts.filter((c) => !details.has(c.id)).map((c) => c.id);
    if (missing.length === 0) return;
    let live = true;
    Promise.all(missing.map((id) => api<Contact>("GET", `/api/v1/contacts/${id}`).catch(() => null))).then((cs) => {
      if (!live) return;
      setDetails((d) => {
        const n = new Map(d);
        for (const c of cs) if (c) n.set(c.id, c);
        return n;
      });
    });
    return () => {
      live = false;
    };
  }, [desk.contacts, details]);

  const act = useCallback(async (f: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setActionError(null);
    try {
      await f();
      return true;
    } catch (e) {
      setActionError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  const agentPath = agentName ? `/api/v1/agents/${encodeURIComponent(agentName)}` : "";
  const onContact = useCallback(
    (id: number) => (action: ContactAction, body?: Record<string, unknown>) => act(() => api("POST", `/api/v1/contacts/${id}/${action}`, body ?? {})),
    [act],
  );
  const queueName = useCallback((id: number | null) => (id !== null ? queues?.byId.get(id)?.config.name : undefined) ?? "…", [queues]);
  const myKpis = desk.agent !== null ? kpi(kpis, "agent", desk.agent) : undefined;
  const ringing = useMemo(() => offers(desk), [desk]);
  const inHand = useMemo(() => working(desk), [desk]);
  const timeout = settings?.offer_timeout_ms ?? 20_000;

  if (!agentName) {
    return (
      <section className="notice-page">
        <h1>{t("agent.noAgent.title")}</h1>
        <p>{t("agent.noAgent.text")}</p>
      </section>
    );
  }

  return (
    <div className="desk">
      <div className="page-head">
        <h1>{t("agent.title", { name: agentName })}</h1>
        <LiveStatus status={status} />
        <ChatDrawer me={me.name} />
      </div>
      {loadError ? <ErrorBanner error={loadError} onRetry={() => setAttempt((a) => a + 1)} /> : null}
      {!queues && !loadError && <Loading />}
      {queues && (
        <>
          <Presence
            desk={desk}
            reasons={reasons}
            busy={busy}
            onLogin={(ready) => act(() => api("POST", `${agentPath}/login`, { ready }))}
            onLogout={() => act(() => api("POST", `${agentPath}/logout`))}
            onReady={() => act(() => api("POST", `${agentPath}/state`, { state: "ready" }))}
            onNotReady={(reason) => act(() => api("POST", `${agentPath}/state`, { state: "not_ready", reason }))}
          />
          <ErrorBanner error={actionError} onDismiss={() => setActionError(null)} />
          {desk.lastGone && desk.lastGone.kind !== "transferred" && serverNow() - desk.lastGone.time_ms < 60_000 && (
            <div className="banner banner-warn" role="status">
              <span>{t("agent.gone." + desk.lastGone.kind, { id: desk.lastGone.contact })}</span>
            </div>
          )}
          <div className="offers" aria-live="assertive">
            {ringing.map((o) => (
              <OfferCard
                key={o.id}
                offer={o}
                detail={details.get(o.id)}
                queueName={queueName(o.queue)}
                until={(o.offeredAt ?? desk.since) + timeout}
                timeoutMs={timeout}
                busy={busy}
                onAccept={() => onContact(o.id)("accept")}
                onReject={() => onContact(o.id)("reject")}
              />
            ))}
          </div>
          <div className="desk-main">
            <div className="desk-contacts">
              {inHand.length === 0 ? (
                <div className="card desk-idle">
                  <h2>{t("agent.idle.title")}</h2>
                  <p className="muted">{t(idleText(desk.state))}</p>
                </div>
              ) : (
                inHand.map((c) => (
                  <ContactWorkspace
                    key={c.id}
                    contact={c}
                    detail={details.get(c.id)}
                    queues={queues}
                    settings={settings}
                    me={me.name}
                    busy={busy}
                    onAction={onContact(c.id)}
                  />
                ))
              )}
            </div>
            <aside className="desk-side" aria-label={t("agent.side")}>
              <SuggestedArticles contacts={inHand.map((c) => ({ id: c.id, label: t("comms.desk.contact_label", { id: c.id, queue: queueName(c.queue) }) }))} />
              <DeskComms />
              <MyKpis today={myKpis} />
              <SurveyTicker answers={desk.surveys} queueName={queueName} />
            </aside>
          </div>
        </>
      )}
    </div>
  );
}
