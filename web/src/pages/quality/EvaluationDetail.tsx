// One evaluation as its readers see it: the facts (contact, agent,
// evaluator, scorecard version, status and its steps), the score, and the
// answers with their comments on the scorecard version it was scored on.
// `children` go below (the agent's acknowledge / dispute, a resolve form).
import type { ReactNode } from "react";
import { useI18n } from "../../i18n";
import { Link } from "../../lib/router";
import { api } from "../../lib/api";
import { useFormat } from "../../components/useFormat";
import { isMissingRoute } from "../admin/ui/errors";
import { Loaded } from "../admin/ui/feedback";
import { useLoad } from "../admin/ui/useLoad";
import { pct, paths, signed, type Comparison, type Evaluation, type Scorecard } from "./qualityData";
import { ContactMedia } from "./ContactMedia";
import { ScoreForm } from "./ScoreForm";

/** A channel's name in the user's language (the code itself when unknown). */
export function channelName(t: (k: string) => string, channel: string): string {
  const s = t(`quality.channel.${channel}`);
  return s.startsWith("quality.") ? channel : s;
}

export function StatusTag(props: { status: string }) {
  const { t } = useI18n();
  const cls = props.status === "disputed" ? "bad" : props.status === "acknowledged" || props.status === "resolved" ? "ok" : "muted";
  return <span className={`sy-q-tag sy-q-tag-${cls}`}>{t(`quality.status.${props.status}`)}</span>;
}

export function ScoreText(props: { e: Pick<Evaluation, "score" | "failed"> }) {
  const { t } = useI18n();
  if (props.e.score === null) return <>{t("quality.score.none")}</>;
  return (
    <>
      {pct(props.e.score)}%{props.e.failed && <span className="sy-q-tag sy-q-tag-bad">{t("quality.score.critical_failed")}</span>}
    </>
  );
}

/** The scorecard version an evaluation was scored on. */
export function useCard(id: number | undefined, version?: number) {
  return useLoad(() => (id ? api<Scorecard>("GET", paths.scorecard(id, version)) : Promise.resolve(undefined as unknown as Scorecard)), [id, version]);
}

export function EvaluationFacts(props: { e: Evaluation }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const e = props.e;
  const rows: [string, ReactNode][] = [
    [t("quality.field.score"), <ScoreText e={e} />],
    [t("quality.field.status"), <StatusTag status={e.status} />],
    [t("quality.field.contact"), `${e.contact} · ${channelName(t, e.channel)} · ${e.queue}`],
    [t("quality.field.agent"), `${e.agent} (${e.team || "—"})`],
    [t("quality.field.evaluator"), e.evaluator],
    [t("quality.field.submitted"), fmt.dateTime(e.submitted_ms ?? e.created_ms)],
  ];
  if (e.kind && e.kind !== "evaluation") rows.push([t("quality.field.kind"), t(`quality.kind.${e.kind}`)]);
  if (e.agent_comment) rows.push([t("quality.field.agent_comment"), e.agent_comment]);
  if (e.dispute_reason) rows.push([t("quality.field.dispute_reason"), e.dispute_reason]);
  if (e.resolution)
    rows.push([
      t("quality.field.resolution"),
      `${t(`quality.resolution.${e.resolution}`)} · ${e.reviewer ?? ""}: ${e.resolution_reason ?? ""}${
        e.original_score !== null && e.original_score !== undefined && e.resolution === "amended" ? ` · ${t("quality.field.original_score", { score: pct(e.original_score) })}` : ""
      }`,
    ]);
  return (
    <dl className="sy-q-facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function EvaluationDetail(props: { e: Evaluation; children?: ReactNode }) {
  const { t } = useI18n();
  const card = useCard(props.e.scorecard_id, props.e.scorecard_version);
  return (
    <div className="sy-q-detail">
      <EvaluationFacts e={props.e} />
      {props.children}
      <div className="sy-q-split">
        <ContactMedia contact={{ id: props.e.contact, channel: props.e.channel }} />
        <div className="sy-q-formcol">
          <h3>{t("quality.detail.answers")}</h3>
          <Loaded state={card}>{(c) => <ScoreForm card={c} initial={props.e.answers} readOnly label={t("quality.detail.answers")} />}</Loaded>
        </div>
      </div>
    </div>
  );
}

/** Links from an evaluation to what follows it: keep the contact in the library, coach the agent. */
export function FollowUps(props: { e: Pick<Evaluation, "id" | "contact" | "agent"> }) {
  const { t } = useI18n();
  const e = props.e;
  return (
    <p className="sy-q-followups">
      <Link to={`/quality/library?evaluation=${e.id}&contact=${e.contact}`}>{t("quality.detail.to_library")}</Link>
      <Link to={`/quality/coaching?agent=${encodeURIComponent(e.agent)}&evaluation=${e.id}`}>{t("quality.detail.to_coaching", { agent: e.agent })}</Link>
    </p>
  );
}

/** The contact's evaluator, self and peer scores side by side (GET /quality/contacts/{c}/evaluations). */
export function ComparisonPanel(props: { contact: number }) {
  const { t } = useI18n();
  const state = useLoad(() => api<{ comparison: Comparison }>("GET", paths.contactEvaluations(props.contact)), [props.contact]);
  const c = state.data?.comparison;
  if (!c || (c.self === null && c.peer === null)) return null;
  if (state.error !== undefined && isMissingRoute(state.error)) return null;
  const sc = (v: number | null) => (v === null ? "—" : `${pct(v)}%`);
  const gap = (v: number | null) => (v === null ? "—" : t("quality.pp", { v: signed(v) }));
  return (
    <section aria-labelledby="sy-q-cmp-h">
      <h3 id="sy-q-cmp-h">{t("quality.compare.title")}</h3>
      <dl className="sy-q-facts">
        <div>
          <dt>{t("quality.kind.evaluation")}</dt>
          <dd>{sc(c.evaluation)}</dd>
        </div>
        {c.self !== null && (
          <div>
            <dt>{t("quality.kind.self")}</dt>
            <dd>
              {sc(c.self)} ({gap(c.self_gap_pp)})
            </dd>
          </div>
        )}
        {c.peer !== null && (
          <div>
            <dt>{t("quality.kind.peer")}</dt>
            <dd>
              {sc(c.peer)} ({gap(c.peer_gap_pp)})
            </dd>
          </div>
        )}
      </dl>
      <p className="sy-hint">{t("quality.compare.formula")}</p>
    </section>
  );
}
