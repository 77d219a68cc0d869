// Swap approvals (/wfm/swaps; team leads for their team, planners and admins
// for everyone, as for leave): the swaps a taker has taken that wait for
// approval, each with Approve / Decline and an optional reason; below, the
// recent history (open offers, decided, cancelled, expired). A trade shows
// the shift the taker gives in exchange.
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { useFormat } from "../../components/useFormat";
import { DataTable } from "../admin/ui/DataTable";
import { errorText } from "../admin/ui/errors";
import { ErrorBanner, Loading, Notice } from "../admin/ui/feedback";
import { useLoad } from "../admin/ui/useLoad";
import { DecisionCard } from "./DecisionCard";
import { SWAPS, SwapShift, SwapStatusTag } from "./SwapBoard";
import { formatDay, givenShift, leadSwaps, span, swapBreaks, type Swap } from "./wfmData";

export function SwapsView() {
  const { t, lang, timeZone } = useI18n();
  const fmt = useFormat();
  const state = useLoad(() => api<{ swaps: Swap[] }>("GET", SWAPS).then((r) => leadSwaps(r.swaps ?? [])), []);
  const d = state.data;
  const day = (date: string) => formatDay(lang, date);
  return (
    <section aria-labelledby="sy-wfm-swaps-h">
      <h2 id="sy-wfm-swaps-h">{t("wfm.swaps.title")}</h2>
      <p className="sy-intro">
        {t("wfm.swaps.intro")} · {t("wfm.zone", { zone: timeZone })}
      </p>
      {state.error !== undefined && state.error !== null && <ErrorBanner message={errorText(state.error, t)} onRetry={state.reload} />}
      {state.loading && !d && <Loading />}
      {d && (
        <>
          <h3 id="sy-wfm-swaps-pending-h">{t("wfm.swaps.pending_title", { n: d.pending.length })}</h3>
          {d.pending.length === 0 ? (
            <Notice>{t("wfm.swaps.pending_none")}</Notice>
          ) : (
            <ul className="sy-wfm-leave-list" aria-labelledby="sy-wfm-swaps-pending-h">
              {d.pending.map((s) => (
                <PendingSwap key={s.id} s={s} day={day(s.date)} onDecided={state.reload} />
              ))}
            </ul>
          )}
          <DataTable
            caption={t("wfm.swaps.history_title")}
            rows={d.history}
            rowKey={(s) => s.id}
            empty={t("wfm.swaps.history_none")}
            columns={[
              { key: "day", header: t("wfm.day"), nowrap: true, render: (s) => day(s.date) },
              { key: "shift", header: t("wfm.my.shift"), render: (s) => <SwapShift s={s} /> },
              { key: "queue", header: t("wfm.swap.queue"), render: (s) => s.queue || "—" },
              { key: "by", header: t("wfm.swap.offered_by"), render: (s) => s.offered_by },
              { key: "taker", header: t("wfm.swap.taken_by"), render: (s) => s.taken_by || "—" },
              { key: "status", header: t("wfm.leave.status"), render: (s) => <SwapStatusTag status={s.status} /> },
              { key: "reason", header: t("wfm.leave.reason"), render: (s) => s.reason || "—" },
              { key: "decided", header: t("wfm.leave.decided_by"), render: (s) => (s.decided_by ? `${s.decided_by}${s.decided_ms ? ` · ${fmt.dateTime(s.decided_ms)}` : ""}` : "—") },
            ]}
          />
        </>
      )}
    </section>
  );
}

function PendingSwap(props: { s: Swap; day: string; onDecided: () => void }) {
  const { t, lang } = useI18n();
  const fmt = useFormat();
  const { s } = props;
  const given = givenShift(s, lang);
  const breaks = swapBreaks(s);
  return (
    <DecisionCard
      headId={`sy-wfm-swap-${s.id}-h`}
      title={t("wfm.swaps.item_title", { offerer: s.offered_by, taker: s.taken_by ?? "—", day: props.day })}
      reasonName={`swap-reason-${s.id}`}
      decide={(decision, reason) => api<Swap>("POST", `${SWAPS}/${s.id}/${decision}`, { reason })}
      onDecided={props.onDecided}
    >
      <p>
        {span(s.start_min, s.length_min)}
        {s.queue && ` · ${s.queue}`} · {breaks ? t("wfm.swaps.breaks", { breaks }) : t("wfm.my.no_breaks")}
        {s.taken_ms ? ` · ${t("wfm.swaps.taken_at", { when: fmt.dateTime(s.taken_ms) })}` : ""}
        {given && (
          <>
            <br />
            {t("wfm.swap.given", { shift: given })}
          </>
        )}
        {s.note && (
          <>
            <br />
            {t("wfm.leave.note_quoted", { note: s.note })}
          </>
        )}
      </p>
    </DecisionCard>
  );
}
