// My schedule (/schedule): the signed-in agent's shifts in the latest
// published schedule, day by day with breaks; a plain note when none is
// published yet. Below, my leave (MyLeave.tsx): balance, requests, cancel.
// A second tab (/schedule?tab=swaps) is the swap board (SwapBoard.tsx).
import { useContext } from "react";
import { useI18n } from "../../i18n";
import { Tabs } from "../../components/Tabs";
import { api, ApiError } from "../../lib/api";
import { navigate, searchParam, useLocation } from "../../lib/router";
import { SessionContext } from "../../lib/sessionContext";
import { DataTable } from "../admin/ui/DataTable";
import { errorText, isMissingRoute } from "../admin/ui/errors";
import { ErrorBanner, Loading, Notice } from "../admin/ui/feedback";
import "../admin/ui/ui.css";
import { useLoad, type LoadState } from "../admin/ui/useLoad";
import { MyLeave } from "./MyLeave";
import { SwapBoard } from "./SwapBoard";
import { addDays, formatDay, myDays, span, WFM, type MySchedule } from "./wfmData";
import "./wfm.css";

/** The published schedule, or null when none is published (404). */
async function loadMine(): Promise<MySchedule | null> {
  try {
    return await api<MySchedule>("GET", `${WFM}/my/schedule`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404 && !isMissingRoute(e)) return null;
    throw e;
  }
}

export const MY_TABS = ["schedule", "swaps"] as const;
type MyTab = (typeof MY_TABS)[number];

export default function MySchedulePage() {
  const { t } = useI18n();
  const loc = useLocation();
  const me = useContext(SessionContext)?.me.agent ?? null;
  const asked = searchParam(loc.search, "tab");
  const tab: MyTab = asked === "swaps" ? "swaps" : "schedule";
  const state = useLoad(loadMine, []);
  return (
    <section className="sy-page sy-wfm sy-my-schedule" aria-labelledby="sy-my-title">
      <h1 id="sy-my-title">{t("wfm.my.title")}</h1>
      <Tabs
        label={t("wfm.my.tabs")}
        selected={tab}
        onSelect={(id) => navigate(id === "swaps" ? "/schedule?tab=swaps" : "/schedule", { replace: true })}
        tabs={[
          { id: "schedule", label: t("wfm.my.tab.schedule") },
          { id: "swaps", label: t("wfm.swap.tab") },
        ]}
      >
        {tab === "schedule" ? <MyShifts state={state} /> : <SwapBoard me={me} schedule={state.error ? undefined : state.data} />}
      </Tabs>
    </section>
  );
}

function MyShifts({ state }: { state: LoadState<MySchedule | null> }) {
  const { t, lang, timeZone } = useI18n();
  const m = state.data;
  return (
    <>
      {state.error !== undefined && state.error !== null && <ErrorBanner message={errorText(state.error, t)} onRetry={state.reload} />}
      {state.loading && m === undefined && <Loading />}
      {m === null && <Notice>{t("wfm.my.none")}</Notice>}
      {m && (
        <>
          <p className="sy-intro">
            {t("wfm.my.intro", { agent: m.agent, from: formatDay(lang, m.start, false), to: formatDay(lang, addDays(m.start, m.days - 1), false) })} · {t("wfm.zone", { zone: timeZone })}
          </p>
          <DataTable
            caption={t("wfm.my.caption")}
            rows={myDays(m)}
            rowKey={(d) => d.day}
            columns={[
              { key: "day", header: t("wfm.day"), nowrap: true, render: (d) => formatDay(lang, d.date) },
              {
                key: "shift",
                header: t("wfm.my.shift"),
                nowrap: true,
                render: (d) => (d.shifts.length === 0 ? <span className="sy-wfm-muted">{t("wfm.day_off")}</span> : d.shifts.map((s) => <div key={s.id}>{span(s.start_min, s.length_min)}</div>)),
              },
              {
                key: "breaks",
                header: t("wfm.my.breaks"),
                render: (d) =>
                  d.shifts.length === 0
                    ? "—"
                    : d.shifts.map((s) => (
                        <div key={s.id}>{s.breaks.length === 0 ? t("wfm.my.no_breaks") : s.breaks.map((b) => span(s.start_min + b.offset_min, b.length_min)).join(", ")}</div>
                      )),
              },
              { key: "group", header: t("wfm.my.group"), render: (d) => d.shifts.map((s) => s.group).filter(Boolean).join(", ") || "—" },
            ]}
          />
        </>
      )}
      <MyLeave />
    </>
  );
}
