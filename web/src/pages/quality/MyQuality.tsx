// The agent's own quality (/quality/mine): their evaluations, live (reloaded
// when a quality.* notification arrives), one opened with its answers and
// comments, acknowledged with a comment or disputed with a reason; a
// self-assessment of one of their own contacts (listed: GET /quality/contacts?scope=mine); their quality trend and KPIs
// with the formulas (GET /quality/agents/{me}/performance); their coaching.
import { useEffect, useState } from "react";
import { tCode, useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { onNotification } from "../../lib/notifications";
import { Link } from "../../lib/router";
import { useFormat } from "../../components/useFormat";
import { DataTable } from "../admin/ui/DataTable";
import { errorText, isMissingRoute } from "../admin/ui/errors";
import { ErrorBanner, Loaded, Notice } from "../admin/ui/feedback";
import { useLoad } from "../admin/ui/useLoad";
import { CoachingTable } from "./CoachingView";
import { ContactsList } from "./ContactsView";
import { EvaluateContact } from "./EvaluateView";
import { channelName, ComparisonPanel, EvaluationDetail, ScoreText, StatusTag } from "./EvaluationDetail";
import { OpenContactForm, RadioChoice, ReasonField } from "./Parts";
import { addDaysYmd, paths, pct, signed, todayYmd, type Coaching, type Evaluation, type Performance } from "./qualityData";

export function MyQualityView(props: { rest: string[]; agent?: string | null }) {
  const [a, b] = props.rest;
  if (a === "self" && b) return <EvaluateContact contact={Number(b)} kind="self" back="/quality/mine" />;
  if (a) return <MyEvaluation id={Number(a)} />;
  return <MyHome agent={props.agent ?? null} />;
}

/** Calls `reload` when a quality notification arrives (the bell's socket tells). */
export function useQualityLive(reload: () => void) {
  useEffect(() => onNotification((n) => n.kind.startsWith("quality.") && reload()), [reload]);
}

function MyHome(props: { agent: string | null }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const agent = props.agent;
  const list = useLoad(() => api<{ evaluations: Evaluation[] }>("GET", paths.evaluations({ agent: agent ?? undefined, kind: "evaluation", limit: 200 })), [agent]);
  useQualityLive(list.reload);
  const rows = (list.data?.evaluations ?? []).filter((e) => (e.kind ?? "evaluation") === "evaluation" && e.status !== "draft");
  return (
    <>
      <section aria-labelledby="sy-q-mine-h">
        <h2 id="sy-q-mine-h">{t("quality.mine.title")}</h2>
        <p className="sy-intro">{t("quality.mine.intro")}</p>
        <Loaded state={list}>
          {() => (
            <DataTable
              caption={t("quality.mine.list")}
              captionHidden
              rows={rows}
              rowKey={(r) => r.id}
              empty={t("quality.mine.empty")}
              columns={[
                { key: "when", header: t("quality.field.submitted"), nowrap: true, render: (r) => <Link to={`/quality/mine/${r.id}`}>{fmt.dateTime(r.submitted_ms ?? r.created_ms)}</Link> },
                { key: "contact", header: t("quality.field.contact"), render: (r) => `${r.contact} · ${channelName(t, r.channel)}` },
                { key: "score", header: t("quality.field.score"), render: (r) => <ScoreText e={r} /> },
                { key: "status", header: t("quality.field.status"), render: (r) => <StatusTag status={r.status} /> },
                { key: "evaluator", header: t("quality.field.evaluator"), render: (r) => r.evaluator },
              ]}
            />
          )}
        </Loaded>
      </section>
      <section aria-labelledby="sy-q-self-h">
        <h2 id="sy-q-self-h">{t("quality.self.title")}</h2>
        <p className="sy-intro">{t("quality.self.intro")}</p>
        {/* my own ended contacts (scope=mine): a row opens its self-assessment */}
        <ContactsList id="sy-q-self-list" scope="mine" base="/quality/mine/self" filters={["from", "to", "channel"]} caption={t("quality.self.list")} hideAgent />
        <OpenContactForm id="sy-q-self-contact" base="/quality/mine/self" label={t("quality.self.start")} />
      </section>
      {agent && <PerformancePanel agent={agent} />}
      {agent && <MyCoaching agent={agent} />}
    </>
  );
}

function MyEvaluation(props: { id: number }) {
  const { t } = useI18n();
  const state = useLoad(() => api<Evaluation>("GET", paths.evaluation(props.id)), [props.id]);
  useQualityLive(state.reload);
  return (
    <section aria-labelledby="sy-q-one-h">
      <p className="sy-back">
        <Link to="/quality/mine">← {t("quality.mine.back")}</Link>
      </p>
      <h2 id="sy-q-one-h">{t("quality.mine.one", { id: props.id })}</h2>
      <Loaded state={state}>
        {(e) => (
          <EvaluationDetail e={e}>
            {e.status === "submitted" && <Respond e={e} onDone={state.set} />}
            <ComparisonPanel contact={e.contact} />
            <p>
              <Link to={`/quality/mine/self/${e.contact}`}>{t("quality.mine.self_assess")}</Link>
            </p>
          </EvaluationDetail>
        )}
      </Loaded>
    </section>
  );
}

/** Acknowledge with a comment, or dispute with a reason (a submitted evaluation, by its agent). */
function Respond(props: { e: Evaluation; onDone: (e: Evaluation) => void }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<"acknowledge" | "dispute">("acknowledge");
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setError(null);
    if (mode === "dispute" && !text.trim()) return setError(t("quality.respond.reason_required"));
    setBusy(true);
    try {
      const body = mode === "acknowledge" ? { comment: text.trim() } : { reason: text.trim() };
      props.onDone(await api<Evaluation>("POST", `${paths.evaluation(props.e.id)}/${mode}`, body));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="sy-q-respond"
      aria-labelledby="sy-q-respond-h"
      noValidate
      onSubmit={(ev) => {
        ev.preventDefault();
        void send();
      }}
    >
      <h3 id="sy-q-respond-h">{t("quality.respond.title")}</h3>
      <RadioChoice name="sy-q-respond" legend={t("quality.respond.choice")} options={["acknowledge", "dispute"] as const} label={(m) => t(`quality.respond.${m}`)} value={mode} onChange={setMode} />
      <ReasonField
        id="sy-q-respond-text"
        field={mode === "dispute" ? "reason" : "comment"}
        label={mode === "dispute" ? t("quality.respond.reason") : t("quality.respond.comment")}
        value={text}
        onChange={setText}
        error={error}
      />
      <div className="sy-form-actions">
        <button type="submit" className="sy-primary" disabled={busy}>
          {mode === "dispute" ? t("quality.respond.send_dispute") : t("quality.respond.send_ack")}
        </button>
      </div>
    </form>
  );
}

export function PerformancePanel(props: { agent: string }) {
  const { t, timeZone } = useI18n();
  const fmt = useFormat();
  const to = todayYmd(timeZone);
  const from = addDaysYmd(to, -83);
  const state = useLoad(() => api<Performance>("GET", paths.performance(props.agent, from, addDaysYmd(to, 1))), [props.agent, from, to]);
  const missing = state.error !== undefined && isMissingRoute(state.error);
  const kpi = (k: Performance["kpis"][number]) =>
    k.value === null ? "—" : k.unit === "s" ? fmt.seconds(k.value) : k.unit === "%" ? `${pct(k.value)}%` : `${pct(k.value)} / 5`;
  return (
    <section aria-labelledby="sy-q-perf-h">
      <h2 id="sy-q-perf-h">{t("quality.perf.title")}</h2>
      {missing && <Notice kind="warning">{t("quality.unavailable")}</Notice>}
      {state.error !== undefined && !missing && <ErrorBanner message={errorText(state.error, t)} onRetry={state.reload} />}
      {state.data && (
        <>
          <dl className="sy-q-kpis">
            <div>
              <dt>{t("quality.perf.mean")}</dt>
              <dd>{state.data.quality.mean_score === null ? "—" : `${pct(state.data.quality.mean_score)}%`}</dd>
              <dd className="sy-hint">{t("quality.perf.mean_formula", { n: state.data.quality.evaluations, failed: state.data.quality.failed })}</dd>
            </div>
            <div>
              <dt>{t("quality.perf.self_gap")}</dt>
              <dd>{state.data.self_gap_pp === null ? "—" : t("quality.pp", { v: signed(state.data.self_gap_pp) })}</dd>
              <dd className="sy-hint">{t("quality.perf.self_gap_formula")}</dd>
            </div>
            <div>
              <dt>{t("quality.perf.coaching_open")}</dt>
              <dd>{state.data.coaching_open}</dd>
            </div>
            {state.data.kpis.map((k) => (
              <div key={k.key}>
                <dt>{tCode(t, "quality.kpi.", k.key)}</dt>
                <dd>{kpi(k)}</dd>
                <dd className="sy-hint">{tCode(t, "quality.kpi_formula.", k.key) === k.key ? k.formula : tCode(t, "quality.kpi_formula.", k.key)}</dd>
              </div>
            ))}
          </dl>
          <TrendBars trend={state.data.quality.trend} />
        </>
      )}
    </section>
  );
}

/** The weekly mean score as bars (0..100), with the figures in a table for screen readers. */
function TrendBars(props: { trend: Performance["quality"]["trend"] }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <figure className="sy-q-trend">
      <figcaption>{t("quality.perf.trend")}</figcaption>
      <div className="sy-q-bars" aria-hidden="true">
        {props.trend.map((w) => (
          <div key={w.week_start_ms} className="sy-q-barcol" title={`${fmt.date(w.week_start_ms)}: ${pct(w.mean_score)}`}>
            <div className="sy-q-bar" style={{ height: `${w.mean_score ?? 0}%` }} />
          </div>
        ))}
      </div>
      <DataTable
        caption={t("quality.perf.trend")}
        captionHidden
        rows={props.trend}
        rowKey={(r) => r.week_start_ms}
        empty={t("quality.perf.no_trend")}
        columns={[
          { key: "week", header: t("quality.perf.week"), nowrap: true, render: (r) => fmt.date(r.week_start_ms) },
          { key: "mean", header: t("quality.perf.mean"), numeric: true, render: (r) => pct(r.mean_score) },
          { key: "n", header: t("quality.perf.evaluations"), numeric: true, render: (r) => r.evaluations },
        ]}
      />
    </figure>
  );
}

function MyCoaching(props: { agent: string }) {
  const { t } = useI18n();
  const state = useLoad(() => api<{ sessions: Coaching[] }>("GET", paths.coaching(props.agent)), [props.agent]);
  const missing = state.error !== undefined && isMissingRoute(state.error);
  return (
    <section aria-labelledby="sy-q-mycoach-h">
      <h2 id="sy-q-mycoach-h">{t("quality.coaching.mine")}</h2>
      {missing ? <Notice kind="warning">{t("quality.unavailable")}</Notice> : <Loaded state={state}>{(d) => <CoachingTable rows={d.sessions} />}</Loaded>}
    </section>
  );
}

