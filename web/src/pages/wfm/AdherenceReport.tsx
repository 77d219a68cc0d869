// The adherence report (a part of /wfm/adherence; team leads and planners):
// a date range (at most 62 days, the server's limit), then per agent and
// day and per team and day the scheduled time, time in adherence, logged in
// while off, on the phones, adherence and conformance (GET
// /api/v1/wfm/adherence/report?from=&to=; the teams' rows are the server's
// sums, `teams`). Each table has its CSV file (format=csv, by=team for the
// teams), fetched with the session's credentials and saved.
import { useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { DataTable, type Column } from "../admin/ui/DataTable";
import { errorText } from "../admin/ui/errors";
import { ErrorBanner, Loading } from "../admin/ui/feedback";
import { FieldErrors, TextField, useFormState } from "../admin/ui/form";
import { formatPercent } from "../admin/ui/format";
import { downloadFile } from "../reports/download";
import {
  adherenceReportPath, checkReportRange, hoursText, REPORT_MAX_DAYS, sortReportRows,
  type AdherenceFigures, type AdherenceReport as Report, type AdherenceReportDay, type AdherenceReportTeam,
} from "./rulesData";
import { addDays, formatDay, todayIn } from "./wfmData";

export function AdherenceReport() {
  const { t, lang, timeZone } = useI18n();
  const today = todayIn(timeZone);
  const [range, setRange] = useState({ from: addDays(today, -7), to: addDays(today, -1) });
  const [shown, setShown] = useState<{ from: string; to: string; report: Report } | null>(null);
  const [csv, setCsv] = useState<{ busy: string | null; error: string | null }>({ busy: null, error: null });
  const form = useFormState();

  const run = async () => {
    const bad = checkReportRange(range.from, range.to);
    if (Object.keys(bad).length) return form.invalid(bad);
    const r = await form.run(() => api<Report>("GET", adherenceReportPath(range.from, range.to)));
    if (r) setShown({ ...range, report: r.value });
  };
  const download = async (which: "agents" | "teams") => {
    if (!shown) return;
    setCsv({ busy: which, error: null });
    try {
      await downloadFile(adherenceReportPath(shown.from, shown.to, { format: "csv", by: which === "teams" ? "team" : undefined }), `adherence-${which}-${shown.from}-${shown.to}.csv`);
      setCsv({ busy: null, error: null });
    } catch (e) {
      setCsv({ busy: null, error: errorText(e, t) });
    }
  };

  const hours = (min: number) => new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(Number(hoursText(min)));
  const figures = <R extends AdherenceFigures>(): Column<R>[] => [
    { key: "scheduled", header: t("wfm.report.scheduled_h"), numeric: true, render: (r) => hours(r.scheduled_min) },
    { key: "working", header: t("wfm.report.working_h"), numeric: true, render: (r) => hours(r.working_min) },
    { key: "in", header: t("wfm.report.in_adherence_h"), numeric: true, render: (r) => hours(r.in_adherence_min) },
    { key: "off", header: t("wfm.report.out_off_h"), numeric: true, render: (r) => hours(r.out_off_min) },
    { key: "phone", header: t("wfm.report.on_phone_h"), numeric: true, render: (r) => hours(r.on_phone_min) },
    { key: "adherence", header: t("wfm.report.adherence"), numeric: true, render: (r) => formatPercent(lang, r.adherence) },
    { key: "conformance", header: t("wfm.report.conformance"), numeric: true, render: (r) => formatPercent(lang, r.conformance) },
  ];
  const shownRange = shown ? t("wfm.range", { from: formatDay(lang, shown.from, false), to: formatDay(lang, shown.to, false) }) : "";
  const agentRows = shown ? sortReportRows(shown.report.days, (r) => r.agent) : [];
  const teamRows = shown?.report.teams ? sortReportRows(shown.report.teams, (r) => r.team) : null;

  return (
    <section aria-labelledby="sy-wfm-adh-report-h" className="sy-subsection">
      <h3 id="sy-wfm-adh-report-h">{t("wfm.report.title")}</h3>
      <p className="sy-intro">{t("wfm.report.intro")}</p>
      <form
        ref={form.ref}
        className="sy-report-query"
        aria-label={t("wfm.report.query")}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <FieldErrors.Provider value={form.errors.fields}>
          <div className="sy-filters">
            <TextField name="from" type="date" label={t("wfm.report.from")} value={range.from} onChange={(v) => setRange((x) => ({ ...x, from: v }))} />
            <TextField name="to" type="date" label={t("wfm.report.to")} hint={t("wfm.report.max_days", { n: REPORT_MAX_DAYS })} value={range.to} onChange={(v) => setRange((x) => ({ ...x, to: v }))} />
          </div>
        </FieldErrors.Provider>
        <div className="sy-form-actions">
          <button type="submit" className="sy-primary" disabled={form.busy}>
            {t("wfm.report.show")}
          </button>
          {form.busy && <Loading />}
        </div>
        {form.errors.banner && <ErrorBanner message={form.errors.banner} onRetry={() => void run()} />}
      </form>

      {shown && (
        <>
          {csv.error && <ErrorBanner message={csv.error} onDismiss={() => setCsv({ busy: null, error: null })} />}
          <h4>{t("wfm.report.teams_title")}</h4>
          {teamRows === null ? (
            <p className="sy-hint">{t("wfm.report.no_team_totals")}</p>
          ) : (
            <>
              <DataTable<AdherenceReportTeam>
                caption={t("wfm.report.teams_caption", { range: shownRange })}
                rows={teamRows}
                rowKey={(r) => `${r.date}|${r.team ?? ""}`}
                empty={t("wfm.report.none")}
                className="sy-wfm-report-teams"
                columns={[
                  { key: "date", header: t("wfm.day"), nowrap: true, render: (r) => formatDay(lang, r.date) },
                  { key: "team", header: t("wfm.adherence.team"), render: (r) => r.team ?? t("wfm.report.no_team") },
                  { key: "agents", header: t("wfm.report.agents"), numeric: true, render: (r) => new Intl.NumberFormat(lang).format(r.agents) },
                  ...figures<AdherenceReportTeam>(),
                ]}
              />
              <button type="button" disabled={csv.busy !== null} onClick={() => void download("teams")}>
                {csv.busy === "teams" ? t("wfm.report.downloading") : t("wfm.report.csv_teams")}
              </button>
            </>
          )}

          <h4>{t("wfm.report.agents_title")}</h4>
          <DataTable<AdherenceReportDay>
            caption={t("wfm.report.agents_caption", { range: shownRange })}
            rows={agentRows}
            rowKey={(r) => `${r.date}|${r.agent ?? ""}`}
            empty={t("wfm.report.none")}
            className="sy-wfm-report-agents"
            columns={[
              { key: "date", header: t("wfm.day"), nowrap: true, render: (r) => formatDay(lang, r.date) },
              { key: "agent", header: t("wfm.agent"), render: (r) => r.agent ?? "—" },
              { key: "team", header: t("wfm.adherence.team"), render: (r) => r.team ?? "—" },
              ...figures<AdherenceReportDay>(),
            ]}
          />
          <button type="button" disabled={csv.busy !== null} onClick={() => void download("agents")}>
            {csv.busy === "agents" ? t("wfm.report.downloading") : t("wfm.report.csv_agents")}
          </button>
        </>
      )}
    </section>
  );
}
