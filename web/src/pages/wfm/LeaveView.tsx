// Leave approvals (/wfm/leave; team leads for their team, planners and
// admins for everyone): the pending requests of the next 90 days, each with
// its impact on the published schedule on demand (the agent's scheduled
// hours and the under-staffed agent-intervals before -> after, per day) and
// Approve / Decline with an optional reason; below, the recently decided,
// and leave for an agent (file a request; planners: set the allowance).
import { useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { useFormat } from "../../components/useFormat";
import { DataTable } from "../admin/ui/DataTable";
import { errorText } from "../admin/ui/errors";
import { ErrorBanner, Loading, Notice } from "../admin/ui/feedback";
import { useLoad } from "../admin/ui/useLoad";
import { DecisionCard } from "./DecisionCard";
import { LeaveForAgent } from "./LeaveForAgent";
import {
  addDays, formatDay, LEAVE_AHEAD_DAYS, LEAVE_DECIDED_BACK_DAYS, leavePath, splitLeave, todayIn, WFM,
  type LeaveImpact, type LeaveRequest, type LeaveStatus,
} from "./wfmData";

const TAG: Record<LeaveStatus, string> = { pending: "sy-wfm-tag-draft", approved: "sy-wfm-tag-ok", declined: "sy-wfm-tag-bad", cancelled: "sy-wfm-tag-muted" };

/** The status in words, coloured (never by colour alone). */
export function LeaveStatusTag(props: { status: LeaveStatus }) {
  const { t } = useI18n();
  return <span className={`sy-wfm-tag ${TAG[props.status] ?? ""}`}>{t(`wfm.leave.status.${props.status}`)}</span>;
}

export function LeaveView(props: { role?: string }) {
  const { t, lang, timeZone } = useI18n();
  const fmt = useFormat();
  const today = todayIn(timeZone);
  const from = addDays(today, -LEAVE_DECIDED_BACK_DAYS);
  const to = addDays(today, LEAVE_AHEAD_DAYS);
  const state = useLoad(() => api<LeaveRequest[]>("GET", leavePath(from, to)).then((rs) => splitLeave(rs, today)), [from, to, today]);
  const dates = (r: LeaveRequest) => t("wfm.range", { from: formatDay(lang, r.first, false), to: formatDay(lang, r.last, false) });
  const d = state.data;

  return (
    <section aria-labelledby="sy-wfm-leave-h">
      <h2 id="sy-wfm-leave-h">{t("wfm.leave.title")}</h2>
      <p className="sy-intro">
        {t("wfm.leave.intro", { days: LEAVE_AHEAD_DAYS })} · {t("wfm.zone", { zone: timeZone })}
      </p>
      {state.error !== undefined && state.error !== null && <ErrorBanner message={errorText(state.error, t)} onRetry={state.reload} />}
      {state.loading && !d && <Loading />}
      {d && (
        <>
          <h3 id="sy-wfm-leave-pending-h">{t("wfm.leave.pending_title", { n: d.pending.length })}</h3>
          {d.pending.length === 0 ? (
            <Notice>{t("wfm.leave.pending_none")}</Notice>
          ) : (
            <ul className="sy-wfm-leave-list" aria-labelledby="sy-wfm-leave-pending-h">
              {d.pending.map((r) => (
                <PendingItem key={r.id} r={r} dates={dates(r)} onDecided={state.reload} />
              ))}
            </ul>
          )}
          <DataTable
            caption={t("wfm.leave.decided_title", { days: LEAVE_DECIDED_BACK_DAYS })}
            rows={d.decided}
            rowKey={(r) => r.id}
            empty={t("wfm.leave.decided_none")}
            columns={[
              { key: "agent", header: t("wfm.agent"), render: (r) => r.agent },
              { key: "dates", header: t("wfm.leave.dates"), nowrap: true, render: dates },
              { key: "days", header: t("wfm.days"), numeric: true, render: (r) => r.days },
              { key: "kind", header: t("wfm.leave.kind"), render: (r) => t(`wfm.leave.kind.${r.kind}`) },
              { key: "status", header: t("wfm.leave.status"), render: (r) => <LeaveStatusTag status={r.status} /> },
              { key: "reason", header: t("wfm.leave.reason"), render: (r) => r.reason || "—" },
              { key: "by", header: t("wfm.leave.decided_by"), render: (r) => (r.decided_by ? `${r.decided_by}${r.decided_ms ? ` · ${fmt.dateTime(r.decided_ms)}` : ""}` : "—") },
            ]}
          />
        </>
      )}
      <LeaveForAgent canPlan={props.role === "wfm" || props.role === "admin"} onFiled={state.reload} />
    </section>
  );
}

function PendingItem(props: { r: LeaveRequest; dates: string; onDecided: () => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const { r } = props;
  return (
    <DecisionCard
      headId={`sy-wfm-leave-${r.id}-h`}
      title={t("wfm.leave.item_title", { agent: r.agent, dates: props.dates })}
      reasonName={`reason-${r.id}`}
      decide={(decision, reason) => api<LeaveRequest>("POST", `${WFM}/leave/${r.id}/decision`, { decision, reason })}
      onDecided={props.onDecided}
      more={(report) => <Impact r={r} dates={props.dates} report={report} />}
    >
      <p>
        {t("wfm.leave.n_days", { n: r.days })} · {t(`wfm.leave.kind.${r.kind}`)} · {t("wfm.leave.requested", { when: fmt.dateTime(r.requested_ms) })}
        {r.note && (
          <>
            <br />
            {t("wfm.leave.note_quoted", { note: r.note })}
          </>
        )}
      </p>
    </DecisionCard>
  );
}

/** The request's impact on the published schedule, on demand; a refusal goes to `report`. */
function Impact(props: { r: LeaveRequest; dates: string; report: (message: string | null) => void }) {
  const { t, lang } = useI18n();
  const { r } = props;
  const [impact, setImpact] = useState<LeaveImpact | "loading" | null>(null);
  const hours = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });

  const showImpact = async () => {
    setImpact("loading");
    props.report(null);
    try {
      setImpact(await api<LeaveImpact>("GET", `${WFM}/leave/${r.id}/impact`));
    } catch (e) {
      setImpact(null);
      props.report(errorText(e, t));
    }
  };

  return (
    <>
      {impact === null && (
        <button type="button" onClick={() => void showImpact()} aria-label={t("wfm.leave.impact_label", { agent: r.agent, dates: props.dates })}>
          {t("wfm.leave.impact")}
        </button>
      )}
      {impact === "loading" && <Loading />}
      {impact !== null && impact !== "loading" && (
        impact.schedule === null ? (
          <Notice>{t("wfm.leave.impact_none")}</Notice>
        ) : (
          <DataTable
            caption={t("wfm.leave.impact_caption", { agent: r.agent, schedule: impact.schedule })}
            rows={impact.days}
            rowKey={(x) => x.date}
            empty={t("wfm.leave.impact_empty")}
            columns={[
              { key: "date", header: t("wfm.day"), nowrap: true, render: (x) => formatDay(lang, x.date) },
              { key: "hours", header: t("wfm.leave.impact_hours"), numeric: true, render: (x) => (x.shift_min > 0 ? t("wfm.leave.hours", { n: hours.format(x.shift_min / 60) }) : t("wfm.day_off")) },
              {
                key: "under",
                header: t("wfm.leave.impact_under"),
                numeric: true,
                render: (x) => (
                  <span className={x.under_after > x.under_before ? "sy-wfm-tag sy-wfm-tag-bad" : undefined}>
                    {t("wfm.leave.before_after", { before: x.under_before, after: x.under_after })}
                  </span>
                ),
              },
            ]}
          />
        )
      )}
    </>
  );
}
