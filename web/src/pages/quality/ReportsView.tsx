// Quality reports (/quality/reports; quality, admins, team leads): for a
// date range, the evaluation coverage of the targeted sample per agent, the
// evaluations by agent / team / center (mean score, failed, disputes), and
// the leaderboard with its formula. Each table downloads as CSV: the
// reports' from the server (format=csv, like the reports page), the
// coverage and leaderboard made here from the figures shown. The keyword hits
// (GET /quality/keyword-hits) are summed over the period by queue or by team
// (by=team: the team of the contact's agent).
import { useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { DataTable } from "../admin/ui/DataTable";
import { errorText, isMissingRoute } from "../admin/ui/errors";
import { ErrorBanner, Loaded, Notice } from "../admin/ui/feedback";
import { downloadFile, saveBlob } from "../reports/download";
import { useLoad } from "../admin/ui/useLoad";
import { InlineInput } from "./Parts";
import { addDaysYmd, HITS_BY, paths, pct, REPORT_BY, sumHits, todayYmd, toCsv, type Coverage, type HitsBy, type HitsDay, type Leaderboard, type ReportRow } from "./qualityData";

export function ReportsView() {
  const { t, lang, timeZone } = useI18n();
  const today = todayYmd(timeZone);
  const [from, setFrom] = useState(addDaysYmd(today, -27));
  const [to, setTo] = useState(addDaysYmd(today, 1));
  const [range, setRange] = useState({ from, to });
  const [by, setBy] = useState<string>("agent");
  const coverage = useLoad(() => api<Coverage>("GET", paths.coverage(range.from, range.to)), [range.from, range.to]);
  const report = useLoad(() => api<{ rows: ReportRow[] }>("GET", paths.reports(by, range.from, range.to)), [by, range.from, range.to]);
  const board = useLoad(() => api<Leaderboard>("GET", paths.leaderboard(range.from, range.to)), [range.from, range.to]);
  const [hitsBy, setHitsBy] = useState<HitsBy>("queue");
  // the keyword hits' `to` is a day included: the period's last day
  const hitsTo = addDaysYmd(range.to, -1);
  // the table follows the answer it shows (`by` of its request), not the choice still loading
  const hits = useLoad(
    () => api<{ days: HitsDay[] }>("GET", paths.keywordHits({ from: range.from, to: hitsTo, by: hitsBy })).then((d) => ({ by: hitsBy, days: d.days ?? [] })),
    [range.from, hitsTo, hitsBy],
  );
  const [csvError, setCsvError] = useState<string | null>(null);
  const csv = (name: string, text: string) => saveBlob(new Blob([text], { type: "text/csv" }), name);
  const unavailable = (e: unknown) => e !== undefined && isMissingRoute(e);

  return (
    <section aria-labelledby="sy-q-rep-h">
      <h2 id="sy-q-rep-h">{t("quality.rep.title")}</h2>
      <form
        className="sy-q-inline"
        aria-label={t("quality.rep.range")}
        onSubmit={(e) => {
          e.preventDefault();
          if (from && to && from < to) setRange({ from, to });
        }}
      >
        <InlineInput id="sy-q-rep-from" type="date" label={t("quality.rep.from")} value={from} onChange={setFrom} />
        <InlineInput id="sy-q-rep-to" type="date" label={t("quality.rep.to")} value={to} onChange={setTo} />
        <button type="submit">{t("quality.rep.show")}</button>
      </form>
      {csvError && <ErrorBanner message={csvError} onDismiss={() => setCsvError(null)} />}

      <section aria-labelledby="sy-q-cov-h">
        <div className="sy-section-head">
          <h3 id="sy-q-cov-h">{t("quality.rep.coverage")}</h3>
          {coverage.data && (
            <button
              type="button"
              onClick={() =>
                csv(
                  `quality-coverage-${range.from}-${range.to}.csv`,
                  toCsv(["agent", "team", "due", "evaluated", "percent"], coverage.data!.agents.map((a) => [a.agent, a.team, a.due, a.evaluated, a.percent])),
                )
              }
            >
              {t("quality.rep.csv_of", { what: t("quality.rep.coverage") })}
            </button>
          )}
        </div>
        <p className="sy-hint">{t("quality.rep.coverage_formula")}</p>
        {unavailable(coverage.error) ? (
          <Notice kind="warning">{t("quality.unavailable")}</Notice>
        ) : (
          <Loaded state={coverage}>
            {(d) => (
              <DataTable
                caption={t("quality.rep.coverage_total", { evaluated: d.total.evaluated, due: d.total.due, percent: pct(d.total.percent) })}
                rows={d.agents}
                rowKey={(r) => r.agent}
                empty={t("quality.rep.empty")}
                columns={[
                  { key: "agent", header: t("quality.field.agent"), render: (r) => r.agent },
                  { key: "team", header: t("quality.rep.team"), render: (r) => r.team },
                  { key: "due", header: t("quality.rep.due"), numeric: true, render: (r) => r.due },
                  { key: "done", header: t("quality.rep.evaluated"), numeric: true, render: (r) => r.evaluated },
                  { key: "pct", header: t("quality.rep.percent"), numeric: true, render: (r) => (r.percent === null ? "—" : `${pct(r.percent)}%`) },
                ]}
              />
            )}
          </Loaded>
        )}
      </section>

      <section aria-labelledby="sy-q-by-h">
        <div className="sy-section-head">
          <h3 id="sy-q-by-h">{t("quality.rep.evaluations")}</h3>
          <div className="sy-actions">
            <label htmlFor="sy-q-rep-by">{t("quality.rep.by")}</label>
            <select id="sy-q-rep-by" value={by} onChange={(e) => setBy(e.target.value)}>
              {REPORT_BY.map((b) => (
                <option key={b} value={b}>
                  {t(`quality.rep.by_${b}`)}
                </option>
              ))}
            </select>
            {report.data && (
              <button
                type="button"
                onClick={() => downloadFile(paths.reports(by, range.from, range.to, "csv"), `quality-${by}-${range.from}-${range.to}.csv`).catch((e) => setCsvError(errorText(e, t)))}
              >
                {t("quality.rep.csv_of", { what: t("quality.rep.evaluations") })}
              </button>
            )}
          </div>
        </div>
        <p className="sy-hint">{t("quality.rep.report_formula")}</p>
        {unavailable(report.error) ? (
          <Notice kind="warning">{t("quality.unavailable")}</Notice>
        ) : (
          <Loaded state={report}>
            {(d) => (
              <DataTable
                caption={t("quality.rep.evaluations")}
                captionHidden
                rows={d.rows}
                rowKey={(r) => r.key}
                empty={t("quality.rep.empty")}
                columns={[
                  { key: "key", header: t(`quality.rep.by_${by}`), render: (r) => r.key },
                  { key: "n", header: t("quality.perf.evaluations"), numeric: true, render: (r) => r.evaluations },
                  { key: "mean", header: t("quality.perf.mean"), numeric: true, render: (r) => pct(r.mean_score) },
                  { key: "failed", header: t("quality.rep.failed"), numeric: true, render: (r) => r.failed },
                  { key: "disputed", header: t("quality.rep.disputed"), numeric: true, render: (r) => r.disputed },
                  { key: "rate", header: t("quality.rep.dispute_rate"), numeric: true, render: (r) => (r.dispute_rate === null ? "—" : `${pct(r.dispute_rate * 100)}%`) },
                  { key: "ack", header: t("quality.rep.acknowledged"), numeric: true, render: (r) => r.acknowledged },
                ]}
              />
            )}
          </Loaded>
        )}
      </section>

      <section aria-labelledby="sy-q-hits-h">
        <div className="sy-section-head">
          <h3 id="sy-q-hits-h">{t("quality.rep.hits")}</h3>
          <div className="sy-actions">
            <label htmlFor="sy-q-hits-by">{t("quality.rep.by")}</label>
            <select id="sy-q-hits-by" value={hitsBy} onChange={(e) => setHitsBy(e.target.value as HitsBy)}>
              {HITS_BY.map((b) => (
                <option key={b} value={b}>
                  {t(`quality.rep.hits_by_${b}`)}
                </option>
              ))}
            </select>
            {hits.data && (
              <button
                type="button"
                onClick={() =>
                  csv(`quality-keyword-hits-${hits.data!.by}-${range.from}-${hitsTo}.csv`, toCsv(["day", hits.data!.by, "keyword", "hits"], hits.data!.days.map((d) => [d.day, (hits.data!.by === "team" ? d.team : d.queue) ?? "", d.keyword, d.hits])))
                }
              >
                {t("quality.rep.csv_of", { what: t("quality.rep.hits") })}
              </button>
            )}
          </div>
        </div>
        <p className="sy-hint">{t("quality.rep.hits_formula")}</p>
        {unavailable(hits.error) ? (
          <Notice kind="warning">{t("quality.unavailable")}</Notice>
        ) : (
          <Loaded state={hits}>
            {(d) => (
              <DataTable
                caption={t("quality.rep.hits_caption", { by: t(`quality.rep.hits_by_${d.by}`) })}
                captionHidden
                rows={sumHits(d.days, d.by)}
                rowKey={(r) => `${r.group}\u0000${r.keyword}`}
                empty={t("quality.rep.empty")}
                columns={[
                  { key: "group", header: t(`quality.rep.hits_col_${d.by}`), render: (r) => r.group || t("quality.rep.no_team") },
                  { key: "keyword", header: t("quality.rep.keyword"), render: (r) => r.keyword },
                  { key: "hits", header: t("quality.rep.hits_n"), numeric: true, render: (r) => r.hits },
                  { key: "days", header: t("quality.rep.hit_days"), numeric: true, render: (r) => r.days },
                ]}
              />
            )}
          </Loaded>
        )}
      </section>

      <section aria-labelledby="sy-q-board-h">
        <div className="sy-section-head">
          <h3 id="sy-q-board-h">{t("quality.rep.leaderboard")}</h3>
          {board.data && (
            <button
              type="button"
              onClick={() =>
                csv(
                  `quality-leaderboard-${range.from}-${range.to}.csv`,
                  toCsv(["rank", "agent", "team", "points", "quality", "fcr", "csat", "aht_s"], board.data!.rows.map((r) => [r.rank, r.agent, r.team, r.points, r.quality, r.fcr, r.csat, r.aht_s])),
                )
              }
            >
              {t("quality.rep.csv_of", { what: t("quality.rep.leaderboard") })}
            </button>
          )}
        </div>
        {unavailable(board.error) ? (
          <Notice kind="warning">{t("quality.unavailable")}</Notice>
        ) : (
          <Loaded state={board}>
            {(d) => (
              <>
                {/* the server publishes the formula in English; other languages read its translation */}
                <p className="sy-hint">{t("quality.rep.formula", { formula: lang === "en" ? d.formula : t("quality.rep.formula_text") })}</p>
                <DataTable
                  caption={t("quality.rep.leaderboard")}
                  captionHidden
                  rows={d.rows}
                  rowKey={(r) => r.agent}
                  empty={t("quality.rep.empty")}
                  columns={[
                    { key: "rank", header: t("quality.rep.rank"), numeric: true, render: (r) => (r.rank > 0 ? r.rank : "—") },
                    { key: "agent", header: t("quality.field.agent"), render: (r) => `${r.agent} (${r.team})` },
                    { key: "points", header: t("quality.rep.points"), numeric: true, render: (r) => pct(r.points) },
                    { key: "quality", header: t("quality.perf.mean"), numeric: true, render: (r) => pct(r.quality) },
                    { key: "fcr", header: t("quality.kpi.fcr"), numeric: true, render: (r) => pct(r.fcr) },
                    { key: "csat", header: t("quality.kpi.csat"), numeric: true, render: (r) => pct(r.csat) },
                    { key: "aht", header: t("quality.kpi.aht"), numeric: true, render: (r) => (r.aht_s === null ? "—" : `${Math.round(r.aht_s)} s`) },
                  ]}
                />
              </>
            )}
          </Loaded>
        )}
      </section>
    </section>
  );
}
