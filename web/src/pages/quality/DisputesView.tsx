// Disputes (/quality/disputes; team leads their team's, quality and admins
// all): the disputed evaluations, live; one opened with the agent's reason,
// resolved as upheld (answers unchanged) or amended (the answers edited and
// scored again on the evaluation's version), always with a reason.
import { useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { Link } from "../../lib/router";
import { useFormat } from "../../components/useFormat";
import { DataTable } from "../admin/ui/DataTable";
import { Loaded, Notice } from "../admin/ui/feedback";
import { useLoad } from "../admin/ui/useLoad";
import { EvaluationFacts, FollowUps, ScoreText, StatusTag, useCard } from "./EvaluationDetail";
import { useQualityLive } from "./MyQuality";
import { paths, type Answer, type Evaluation } from "./qualityData";
import { ContactMedia } from "./ContactMedia";
import { RadioChoice, ReasonField } from "./Parts";
import { ScoreForm } from "./ScoreForm";

export function DisputesView(props: { item: string | null }) {
  if (props.item) return <ResolveEvaluation id={Number(props.item)} />;
  return <DisputeList />;
}

function DisputeList() {
  const { t } = useI18n();
  const fmt = useFormat();
  const state = useLoad(() => api<{ evaluations: Evaluation[] }>("GET", paths.evaluations({ status: "disputed", limit: 200 })), []);
  useQualityLive(state.reload);
  return (
    <section aria-labelledby="sy-q-disputes-h">
      <h2 id="sy-q-disputes-h">{t("quality.disputes.title")}</h2>
      <p className="sy-intro">{t("quality.disputes.intro")}</p>
      <Loaded state={state}>
        {(d) => (
          <DataTable
            caption={t("quality.disputes.title")}
            captionHidden
            rows={d.evaluations}
            rowKey={(r) => r.id}
            empty={t("quality.disputes.empty")}
            columns={[
              { key: "id", header: t("quality.field.evaluation"), render: (r) => <Link to={`/quality/disputes/${r.id}`}>{t("quality.disputes.open", { id: r.id })}</Link> },
              { key: "agent", header: t("quality.field.agent"), render: (r) => `${r.agent} (${r.team})` },
              { key: "evaluator", header: t("quality.field.evaluator"), render: (r) => r.evaluator },
              { key: "score", header: t("quality.field.score"), render: (r) => <ScoreText e={r} /> },
              { key: "when", header: t("quality.field.disputed"), nowrap: true, render: (r) => fmt.dateTime(r.disputed_ms) },
              { key: "reason", header: t("quality.field.dispute_reason"), render: (r) => r.dispute_reason ?? "" },
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}

function ResolveEvaluation(props: { id: number }) {
  const { t } = useI18n();
  const state = useLoad(() => api<Evaluation>("GET", paths.evaluation(props.id)), [props.id]);
  return (
    <section aria-labelledby="sy-q-resolve-h">
      <p className="sy-back">
        <Link to="/quality/disputes">← {t("quality.disputes.back")}</Link>
      </p>
      <h2 id="sy-q-resolve-h">{t("quality.disputes.one", { id: props.id })}</h2>
      <Loaded state={state}>{(e) => <Resolve e={e} onDone={state.set} />}</Loaded>
    </section>
  );
}

function Resolve(props: { e: Evaluation; onDone: (e: Evaluation) => void }) {
  const { t } = useI18n();
  const card = useCard(props.e.scorecard_id, props.e.scorecard_version);
  const [resolution, setResolution] = useState<"upheld" | "amended">("upheld");
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const e = props.e;
  const run = async (answers: Answer[]) => {
    setReasonError(null);
    if (!reason.trim()) {
      setReasonError(t("quality.respond.reason_required"));
      document.getElementById("sy-q-resolve-reason")?.focus();
      return;
    }
    const body = resolution === "amended" ? { resolution, reason: reason.trim(), answers } : { resolution, reason: reason.trim() };
    props.onDone(await api<Evaluation>("POST", `${paths.evaluation(e.id)}/resolve`, body));
  };
  const extra = (
    <div className="sy-q-resolve">
      <ReasonField id="sy-q-resolve-reason" field="reason" label={t("quality.resolve.reason")} value={reason} onChange={setReason} error={reasonError} />
    </div>
  );
  return (
    <div className="sy-q-detail">
      <EvaluationFacts e={e} />
      <FollowUps e={e} />
      {e.status !== "disputed" && (
        <Notice kind={e.status === "resolved" ? "success" : "info"}>
          {t("quality.resolve.not_disputed")} <StatusTag status={e.status} />
        </Notice>
      )}
      <h3>{e.status === "disputed" ? t("quality.resolve.title") : t("quality.detail.answers")}</h3>
      {e.status === "disputed" && (
        <>
          <p className="sy-hint">{t("quality.resolve.hint")}</p>
          <RadioChoice name="sy-q-resolution" legend={t("quality.resolve.resolution")} options={["upheld", "amended"] as const} label={(r) => t(`quality.resolve.${r}`)} value={resolution} onChange={setResolution} />
        </>
      )}
      <div className="sy-q-split">
        <ContactMedia contact={{ id: e.contact, channel: e.channel }} />
        <div className="sy-q-formcol">
          <Loaded state={card}>
            {(c) => (
              <ScoreForm
                key={`${e.status}-${resolution}`}
                card={c}
                initial={e.answers}
                readOnly={e.status !== "disputed" || resolution !== "amended"}
                label={t("quality.resolve.title")}
                extra={e.status === "disputed" ? extra : undefined}
                actions={e.status === "disputed" ? [{ key: "resolve", label: t("quality.resolve.send"), primary: true, requireAll: resolution === "amended", run }] : []}
              />
            )}
          </Loaded>
        </div>
      </div>
    </div>
  );
}
