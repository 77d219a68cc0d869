// Reports (/reports): KPI rollups by queue, team, agent, site, channel or
// the whole center over a date range and grain, as a chart and tables,
// with a CSV download; and the stored daily reports.
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { api } from "../../lib/api";
import { useI18n } from "../../i18n";
import { DataTable, type Column } from "../admin/ui/DataTable";
import { errorText } from "../admin/ui/errors";
import { ErrorBanner, Loading, Notice } from "../admin/ui/feedback";
import { CheckboxGroup, FieldErrors, SelectField, TextField, useFormState } from "../admin/ui/form";
import "../admin/ui/ui.css";
import { downloadFile } from "./download";
import {
  bucketLabel, buildSeries, CHANNEL_NAMES, checkQuery, csvName, defaultFigure, defaultQuery, DIMENSIONS, FIGURES, figuresFor, formatFigure,
  GRAINS, intervalRows, measurable, reportPath, type Dimension, type Figure, type Report, type ReportQuery, type ReportRow,
} from "./reportData";
import { ScheduledReports } from "./ScheduledReports";
import "./reports.css";

const ReportChart = lazy(() => import("./ReportChart"));

interface Me {
  role?: string;
  team?: number | null;
}

/** The dimensions a role may read (docs/api.md, Reports: scope). */
export function dimensionsFor(role: string | undefined): Dimension[] {
  if (role === "agent") return ["agents"];
  if (role === "team_lead") return ["teams", "agents"];
  return [...DIMENSIONS];
}

/** The names a dimension can be narrowed to (a team lead: their own team;
 *  the agents list is scoped by the server). */
async function loadChoices(d: Dimension, me: Me | null): Promise<string[]> {
  if (d === "center") return [];
  if (d === "channels") return CHANNEL_NAMES;
  if (d === "queues") return (await api<{ config: { name: string } }[]>("GET", "/api/v1/queues")).map((q) => q.config.name);
  if (d === "agents") return (await api<{ config: { name: string } }[]>("GET", "/api/v1/agents")).map((a) => a.config.name);
  const all = await api<{ id: number; name: string }[]>("GET", `/api/v1/${d}`);
  return all.filter((x) => !(d === "teams" && me?.role === "team_lead") || x.id === me.team).map((x) => x.name);
}

export const MAX_INTERVAL_ROWS = 500;

export default function ReportsPage() {
  const { t, lang, timeZone } = useI18n();
  const [me, setMe] = useState<Me | null>(null);
  const [q, setQ] = useState<ReportQuery>(() => defaultQuery(timeZone));
  const [shown, setShown] = useState<{ q: ReportQuery; report: Report } | null>(null);
  const [figure, setFigure] = useState<Figure>("offered");
  const [choices, setChoices] = useState<string[]>([]);
  const [csv, setCsv] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const form = useFormState();

  useEffect(() => {
    api<Me>("GET", "/api/v1/auth/me").then(setMe, () => setMe({}));
  }, []);

  // A role that reads only some dimensions starts on one it may read.
  const allowed = dimensionsFor(me?.role);
  useEffect(() => {
    if (me && !allowed.includes(q.dimension)) setQ((x) => ({ ...x, dimension: allowed[0], ids: [] }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me]);

  useEffect(() => {
    let live = true;
    setChoices([]);
    if (!me) return;
    loadChoices(q.dimension, me).then(
      (c) => live && setChoices(c),
      () => live && setChoices([]),
    );
    return () => {
      live = false;
    };
  }, [q.dimension, me]);

  const run = async (query: ReportQuery) => {
    const bad = checkQuery(query);
    if (Object.keys(bad).length) return form.invalid(bad);
    const r = await form.run(() => api<Report>("GET", reportPath(query)));
    if (!r) return;
    setShown({ q: query, report: r.value });
    if (!figuresFor(query.dimension).includes(figure)) setFigure(defaultFigure(query.dimension));
  };

  // The first report once the role is known.
  useEffect(() => {
    if (me) void run(allowed.includes(q.dimension) ? q : { ...q, dimension: allowed[0], ids: [] });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me]);

  const download = async () => {
    const bad = checkQuery(q);
    if (Object.keys(bad).length) return form.invalid(bad);
    setCsv({ busy: true, error: null });
    try {
      await downloadFile(reportPath(q, "csv"), csvName(q));
      setCsv({ busy: false, error: null });
    } catch (e) {
      setCsv({ busy: false, error: errorText(e, t) });
    }
  };

  const up = (patch: Partial<ReportQuery>) => setQ((x) => ({ ...x, ...patch }));

  return (
    // a section, not a second <main>: the app shell's <main> holds every page
    <section className="sy-page sy-reports" aria-labelledby="sy-reports-title">
      <h1 id="sy-reports-title">{t("reports.title")}</h1>
      <form
        ref={form.ref}
        className="sy-report-query"
        aria-label={t("reports.query")}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run(q);
        }}
      >
        <FieldErrors.Provider value={form.errors.fields}>
          <div className="sy-filters">
            <SelectField
              name="dimension"
              label={t("reports.dimension")}
              value={q.dimension}
              options={allowed.map((d) => ({ value: d, label: t(`reports.dimension.${d}`) }))}
              onChange={(v) => up({ dimension: v as Dimension, ids: [] })}
            />
            <SelectField
              name="grain"
              label={t("reports.grain")}
              value={q.grain}
              options={GRAINS.map((g) => ({ value: g, label: t(`reports.grain.${g}`) }))}
              onChange={(v) => up({ grain: v as ReportQuery["grain"] })}
            />
            <TextField name="from" type="date" label={t("reports.from")} value={q.from} onChange={(v) => up({ from: v })} />
            <TextField name="to" type="date" label={t("reports.to")} hint={t("reports.to_hint")} value={q.to} onChange={(v) => up({ to: v })} />
          </div>
          {q.dimension !== "center" && (
            <div className="sy-id-filter">
              <CheckboxGroup
                name="ids"
                legend={t("reports.ids")}
                hint={t("reports.ids_hint")}
                options={choices.map((c) => ({ value: c, label: q.dimension === "channels" ? t(`reports.channel.${c}`) : c }))}
                values={q.ids}
                onChange={(v) => up({ ids: v })}
              />
            </div>
          )}
        </FieldErrors.Provider>
        <div className="sy-form-actions">
          <button type="submit" className="sy-primary" disabled={form.busy}>
            {t("reports.show")}
          </button>
          <button type="button" onClick={download} disabled={csv.busy}>
            {csv.busy ? t("reports.downloading") : t("reports.download_csv")}
          </button>
          {form.busy && <Loading />}
        </div>
        {form.errors.banner && <ErrorBanner message={form.errors.banner} onRetry={() => void run(q)} />}
        {csv.error && <ErrorBanner message={csv.error} onRetry={download} onDismiss={() => setCsv({ busy: false, error: null })} />}
      </form>

      {shown && <ReportView report={shown.report} q={shown.q} figure={figure} setFigure={setFigure} lang={lang} />}
      {!shown && !form.busy && !form.errors.banner && me === null && <Loading />}

      {me && <ScheduledReports canGenerate={me.role === "admin"} />}
    </section>
  );
}

function ReportView(props: { report: Report; q: ReportQuery; figure: Figure; setFigure: (f: Figure) => void; lang: string }) {
  const { t } = useI18n();
  const { report, q, figure, lang } = props;
  const zone = report.time_zone || "UTC";
  const figures = figuresFor(q.dimension);
  const kind = FIGURES[figure] ?? "count";
  const chart = useMemo(() => buildSeries(report, figure), [report, figure]);
  const rows = useMemo(() => intervalRows(report), [report]);
  const [showAll, setShowAll] = useState(false);
  const [open, setOpen] = useState(false);
  const name = (r: ReportRow) => (q.dimension === "channels" ? t(`reports.channel.${r.name}`) : q.dimension === "center" ? t("reports.center") : r.name);

  const figureColumns: Column<ReportRow>[] = figures.map((f) => ({
    key: f,
    header: t(`reports.figure.${f}`),
    numeric: true,
    render: (r) => (measurable(f, r) ? formatFigure(lang, FIGURES[f], r[f]) : "—"),
  }));
  const range = t("reports.range", { from: q.from, to: q.to });
  const chartLabel = t("reports.chart_label", {
    figure: t(`reports.figure.${figure}`),
    grain: t(`reports.grain.${q.grain}`),
    range,
  });
  const intervalsShown = showAll ? rows : rows.slice(0, MAX_INTERVAL_ROWS);

  return (
    <section aria-labelledby="sy-report-h" className="sy-report">
      <h2 id="sy-report-h">
        {t("reports.result", { what: t(`reports.dimension.${q.dimension}`), grain: t(`reports.grain.${q.grain}`) })}
      </h2>
      <p className="sy-intro">
        {range} · {t("reports.zone", { zone })}
        {figures.includes("fcr") && <> · {t("reports.fcr_note")}</>}
      </p>
      {report.rows.length === 0 ? (
        <Notice>{t("reports.no_data")}</Notice>
      ) : (
        <>
          <div className="sy-chart-head">
            <SelectField
              name="figure"
              label={t("reports.figure")}
              value={figure}
              options={figures.map((f) => ({ value: f, label: t(`reports.figure.${f}`) }))}
              onChange={(v) => props.setFigure(v as Figure)}
            />
            {chart.omitted > 0 && <p className="sy-hint">{t("reports.chart_omitted", { n: chart.omitted })}</p>}
          </div>
          <Suspense fallback={<Loading />}>
            <ReportChart data={chart} kind={kind} label={chartLabel} lang={lang} timeZone={zone} grain={q.grain} xLabel={t("reports.start")} />
          </Suspense>
        </>
      )}
      <DataTable
        caption={t("reports.totals_caption", { range })}
        rows={report.totals}
        rowKey={(r) => r.id}
        empty={t("reports.no_data")}
        columns={[{ key: "name", header: t(`reports.dimension_one.${q.dimension}`), render: name }, ...figureColumns]}
      />
      {rows.length > 0 && (
        <details className="sy-details" onToggle={(e) => setOpen(e.currentTarget.open)}>
          <summary>{t("reports.intervals", { n: rows.length })}</summary>
          {/* Rendered once opened: a long range at 15 minutes has thousands of rows. */}
          {open && (
            <DataTable
              caption={t("reports.intervals_caption", { grain: t(`reports.grain.${q.grain}`), range })}
              rows={intervalsShown}
              rowKey={(r) => `${r.id}-${r.start_ms}`}
              columns={[
                { key: "start", header: t("reports.start"), nowrap: true, render: (r) => bucketLabel(lang, zone, q.grain, r.start_ms ?? 0) },
                { key: "name", header: t(`reports.dimension_one.${q.dimension}`), render: name },
                ...figureColumns,
              ]}
            />
          )}
          {open && rows.length > intervalsShown.length && (
            <p>
              {t("reports.intervals_more", { shown: intervalsShown.length, n: rows.length })}{" "}
              <button type="button" onClick={() => setShowAll(true)}>
                {t("reports.show_all")}
              </button>
            </p>
          )}
        </details>
      )}
    </section>
  );
}
