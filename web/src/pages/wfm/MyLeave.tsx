// My leave (a section of /schedule): this year's annual leave balance, a
// request form (the server's 400 / 409 shown beside the field it names:
// "first" for an overlap, "last" for an exceeded balance), and the agent's
// own requests of this year and next with a Cancel button while pending or
// approved and not begun.
import { useState } from "react";
import { LeaveStatusTag } from "./LeaveView";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { useFormat } from "../../components/useFormat";
import { DataTable } from "../admin/ui/DataTable";
import { errorText, isMissingRoute } from "../admin/ui/errors";
import { ErrorBanner, Loading } from "../admin/ui/feedback";
import { useLoad } from "../admin/ui/useLoad";
import { BalanceList, LeaveRequestForm } from "./LeaveRequestForm";
import { cancellable, formatDay, leavePath, myLeaveRange, sortMyLeave, todayIn, WFM, type LeaveBalance, type LeaveRequest } from "./wfmData";

interface Mine {
  balance: LeaveBalance;
  requests: LeaveRequest[];
}

export function MyLeave() {
  const { t, lang, timeZone } = useI18n();
  const fmt = useFormat();
  const today = todayIn(timeZone);
  const range = myLeaveRange(today);
  const state = useLoad<Mine>(
    () =>
      Promise.all([
        api<LeaveBalance>("GET", `${WFM}/leave/balance?year=${range.year}`),
        api<LeaveRequest[]>("GET", leavePath(range.from, range.to)),
      ]).then(([balance, requests]) => ({ balance, requests: sortMyLeave(requests) })),
    [range.from, range.to],
  );
  const [sent, setSent] = useState(false);
  const [cancelling, setCancelling] = useState<number | null>(null);
  const [cancelError, setCancelError] = useState<string | null>(null);

  // An older server without leave routes: no section at all.
  if (state.error !== undefined && isMissingRoute(state.error)) return null;

  const cancel = async (r: LeaveRequest) => {
    setCancelling(r.id);
    setCancelError(null);
    try {
      await api<LeaveRequest>("POST", `${WFM}/leave/${r.id}/decision`, { decision: "cancel", reason: "" });
      state.reload();
    } catch (e) {
      setCancelError(errorText(e, t));
    } finally {
      setCancelling(null);
    }
  };

  const dates = (r: LeaveRequest) => t("wfm.range", { from: formatDay(lang, r.first, false), to: formatDay(lang, r.last, false) });
  const b = state.data?.balance;
  return (
    <section aria-labelledby="sy-my-leave-h" className="sy-subsection sy-my-leave">
      <h2 id="sy-my-leave-h">{t("wfm.leave.my.title")}</h2>
      {state.error !== undefined && state.error !== null && <ErrorBanner message={errorText(state.error, t)} onRetry={state.reload} />}
      {state.loading && !state.data && <Loading />}
      {b && <BalanceList balance={b} label={t("wfm.leave.balance.title", { year: b.year })} />}

      <LeaveRequestForm
        title={t("wfm.leave.my.form")}
        heading="h3"
        submit={t("wfm.leave.my.submit")}
        status={sent ? t("wfm.leave.my.sent") : null}
        onStart={() => setSent(false)}
        send={(f) => api<LeaveRequest>("POST", `${WFM}/leave`, f)}
        onSent={() => {
          setSent(true);
          state.reload();
        }}
      />

      {cancelError && <ErrorBanner message={cancelError} onDismiss={() => setCancelError(null)} />}
      {state.data && (
        <DataTable
          caption={t("wfm.leave.my.caption", { from: range.year, to: range.year + 1 })}
          rows={state.data.requests}
          rowKey={(r) => r.id}
          empty={t("wfm.leave.my.none")}
          columns={[
            { key: "dates", header: t("wfm.leave.dates"), nowrap: true, render: dates },
            { key: "days", header: t("wfm.days"), numeric: true, render: (r) => r.days },
            { key: "kind", header: t("wfm.leave.kind"), render: (r) => t(`wfm.leave.kind.${r.kind}`) },
            { key: "note", header: t("wfm.leave.note"), render: (r) => r.note || "—" },
            { key: "status", header: t("wfm.leave.status"), render: (r) => <LeaveStatusTag status={r.status} /> },
            {
              key: "reason",
              header: t("wfm.leave.decision"),
              render: (r) => (r.decided_ms ? `${r.reason || "—"} · ${r.decided_by} · ${fmt.dateTime(r.decided_ms)}` : "—"),
            },
            {
              key: "cancel",
              header: t("wfm.actions"),
              render: (r) =>
                cancellable(r, today) ? (
                  <button type="button" className="sy-danger" disabled={cancelling === r.id} onClick={() => void cancel(r)} aria-label={t("wfm.leave.cancel_label", { dates: dates(r) })}>
                    {t("wfm.leave.cancel")}
                  </button>
                ) : null,
            },
          ]}
        />
      )}
    </section>
  );
}
