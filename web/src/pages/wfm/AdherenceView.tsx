// Live adherence: each agent's state against the published schedule. Read
// every 5 s while the page is visible (the event stream does not carry the
// schedule's side; GET /api/v1/wfm/adherence is the server's projection),
// with the time out of adherence counting every second in between. Below,
// the adherence report of past days (AdherenceReport.tsx).
import { useEffect, useState } from "react";
import { useI18n, tCode } from "../../i18n";
import { api } from "../../lib/api";
import { serverNow } from "../../lib/clock";
import { onTick } from "../../components/ticker";
import { DataTable } from "../admin/ui/DataTable";
import { errorText } from "../admin/ui/errors";
import { ErrorBanner, Loading } from "../admin/ui/feedback";
import { clock } from "../../lib/format";
import { AdherenceReport } from "./AdherenceReport";
import { outFor, sortAdherence, WFM, type Adherence } from "./wfmData";

export const ADHERENCE_REFRESH_MS = 5000;

export function AdherenceView() {
  const { t, lang } = useI18n();
  const [data, setData] = useState<Adherence | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [now, setNow] = useState(() => serverNow());

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const load = () => {
      timer = null;
      if (typeof document !== "undefined" && document.hidden) return schedule();
      api<Adherence>("GET", `${WFM}/adherence`).then(
        (d) => {
          if (!live) return;
          setData(d);
          setError(null);
          setNow(serverNow());
          schedule();
        },
        (e) => {
          if (!live) return;
          setError(e);
          schedule();
        },
      );
    };
    const schedule = () => {
      if (live) timer = setTimeout(load, ADHERENCE_REFRESH_MS);
    };
    load();
    const off = onTick(() => setNow(serverNow()));
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
      off();
    };
  }, []);

  const rows = data ? sortAdherence(data.agents) : [];
  const out = rows.filter((r) => !r.in_adherence).length;
  const secs = new Intl.NumberFormat(lang, { style: "unit", unit: "second", unitDisplay: "long" });
  return (
    <section aria-labelledby="sy-wfm-adh-h">
      <h2 id="sy-wfm-adh-h">{t("wfm.adherence.title")}</h2>
      {data && (
        <p className="sy-intro" role="status">
          {t("wfm.adherence.summary", { out, n: rows.length })} · {t("wfm.adherence.tolerance", { tolerance: secs.format(data.tolerance_s) })} · {t("wfm.adherence.refresh")}
        </p>
      )}
      {error !== null && <ErrorBanner message={errorText(error, t)} />}
      {!data && error === null && <Loading />}
      {data && (
        <DataTable
          caption={t("wfm.adherence.caption")}
          rows={rows}
          rowKey={(r) => r.agent}
          empty={t("wfm.adherence.none")}
          className="sy-wfm-adherence"
          columns={[
            { key: "agent", header: t("wfm.agent"), render: (r) => r.agent },
            { key: "team", header: t("wfm.adherence.team"), render: (r) => r.team ?? "—" },
            { key: "state", header: t("wfm.adherence.state"), render: (r) => tCode(t, "common.state.", r.state) },
            { key: "scheduled", header: t("wfm.adherence.scheduled"), render: (r) => tCode(t, "wfm.activity.", r.scheduled) },
            {
              key: "adherence",
              header: t("wfm.adherence.adherence"),
              render: (r) =>
                r.in_adherence ? (
                  <span className="sy-wfm-tag sy-wfm-tag-ok">✓ {t("wfm.adherence.in")}</span>
                ) : (
                  <span className="sy-wfm-tag sy-wfm-tag-bad">✗ {t("wfm.adherence.out")}</span>
                ),
            },
            { key: "out_for", header: t("wfm.adherence.out_for"), numeric: true, render: (r) => { const ms = outFor(r, now); return ms === null ? "—" : clock(ms); } },
          ]}
        />
      )}
      <AdherenceReport />
    </section>
  );
}
