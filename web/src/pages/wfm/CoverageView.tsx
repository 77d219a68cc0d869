// Requirement vs coverage: per skill group of a schedule, the agents the
// requirement asks for and the agents the schedule puts on, per interval,
// with the under- and over-staffing in agent-hours; and the multi-skill
// check: the schedule simulated with agents shared between queues, its
// achieved service level beside the target and Erlang's.
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { useFormat } from "../../components/useFormat";
import { DataTable } from "../admin/ui/DataTable";
import { errorText } from "../admin/ui/errors";
import { ErrorBanner, Loaded, Loading, Notice } from "../admin/ui/feedback";
import { SelectField } from "../admin/ui/form";
import { useLoad } from "../admin/ui/useLoad";
import {
  addDays, CHECK_REPLICATIONS, checkChart, coverageChart, coverageTotals, DAY_MIN, formatDay, targetMet, WFM,
  type Schedule, type ScheduleCheck, type ScheduleSummary,
} from "./wfmData";

const WfmChart = lazy(() => import("./WfmChart"));

export function CoverageView() {
  const { t, lang } = useI18n();
  const list = useLoad(() => api<ScheduleSummary[]>("GET", `${WFM}/schedules`), []);
  const [id, setId] = useState<number | null>(null);
  const rows = useMemo(() => [...(list.data ?? [])].sort((a, b) => b.created_ms - a.created_ms), [list.data]);
  useEffect(() => {
    if (id === null && rows.length) setId(rows[0].id);
  }, [rows, id]);

  return (
    <section aria-labelledby="sy-wfm-cov-h">
      <h2 id="sy-wfm-cov-h">{t("wfm.coverage.title")}</h2>
      <p className="sy-intro">{t("wfm.coverage.intro")}</p>
      <Loaded state={list}>
        {() =>
          rows.length === 0 ? (
            <Notice>{t("wfm.schedules.none")}</Notice>
          ) : (
            <>
              <div className="sy-filters">
                <SelectField
                  name="schedule"
                  label={t("wfm.coverage.schedule")}
                  value={String(id ?? "")}
                  options={rows.map((s) => ({
                    value: String(s.id),
                    label: `${t("wfm.schedules.version_n", { n: s.version, id: s.id })} · ${t(`wfm.status.${s.status === "published" ? "published" : "draft"}`)} · ${formatDay(lang, s.start, false)}`,
                  }))}
                  onChange={(v) => setId(Number(v))}
                />
              </div>
              {id !== null && <CoverageOf key={id} id={id} />}
            </>
          )
        }
      </Loaded>
    </section>
  );
}

function CoverageOf({ id }: { id: number }) {
  const { t, lang, timeZone } = useI18n();
  const state = useLoad(() => api<Schedule>("GET", `${WFM}/schedules/${id}`), [id]);
  const [group, setGroup] = useState<string>("");
  const [day, setDay] = useState<string>("all");
  // The check's result lives here, outside the group and day: it stays when
  // they change, and goes with the schedule (this component is keyed by id).
  const check = useCheck(id);
  return (
    <Loaded state={state}>
      {(s) => {
        const g = s.groups.find((x) => x.name === group) ?? s.groups[0];
        if (!g) return <Notice>{t("wfm.coverage.no_groups")}</Notice>;
        const perDay = Math.round(DAY_MIN / (s.interval_min || 15));
        const d = day === "all" ? null : Number(day);
        const from = d === null ? 0 : d * perDay;
        const to = d === null ? undefined : from + perDay;
        const rangeText =
          d === null ? t("wfm.range", { from: formatDay(lang, s.start, false), to: formatDay(lang, addDays(s.start, s.days - 1), false) }) : formatDay(lang, addDays(s.start, d));
        const h = (v: number) => t("wfm.unit.agent_hours", { n: new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(v) });
        return (
          <>
            <div className="sy-chart-head">
              <SelectField name="group" label={t("wfm.coverage.group")} value={g.name} options={s.groups.map((x) => ({ value: x.name, label: x.name }))} onChange={setGroup} />
              <SelectField
                name="day"
                label={t("wfm.day")}
                value={day}
                options={[{ value: "all", label: t("wfm.coverage.all_days") }, ...Array.from({ length: s.days }, (_, i) => ({ value: String(i), label: formatDay(lang, addDays(s.start, i)) }))]}
                onChange={setDay}
              />
            </div>
            <Suspense fallback={<Loading />}>
              <WfmChart
                data={coverageChart(s, g, d, timeZone, { required: t("wfm.coverage.required"), covered: t("wfm.coverage.covered") })}
                label={t("wfm.coverage.chart_label", { group: g.name, range: rangeText })}
                lang={lang}
                timeZone={timeZone}
                xLabel={t("wfm.time")}
              />
            </Suspense>
            <DataTable
              caption={t("wfm.coverage.totals", { range: rangeText })}
              rows={s.groups.map((x) => ({ name: x.name, ...coverageTotals(x, s.interval_min || 15, from, to) }))}
              rowKey={(r) => r.name}
              columns={[
                { key: "name", header: t("wfm.coverage.group"), render: (r) => r.name },
                { key: "required", header: t("wfm.coverage.required"), numeric: true, render: (r) => h(r.required_h) },
                { key: "covered", header: t("wfm.coverage.covered"), numeric: true, render: (r) => h(r.covered_h) },
                { key: "under", header: t("wfm.coverage.under"), numeric: true, render: (r) => h(r.under_h) },
                { key: "over", header: t("wfm.coverage.over"), numeric: true, render: (r) => h(r.over_h) },
              ]}
            />
            <CheckSection check={check} group={g.name} day={d} />
          </>
        );
      }}
    </Loaded>
  );
}

function useCheck(id: number) {
  const [result, setResult] = useState<ScheduleCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<ScheduleCheck>("GET", `${WFM}/schedules/${id}/check?replications=${CHECK_REPLICATIONS}`);
      if (live.current) setResult(r);
    } catch (e) {
      if (live.current) setError(e);
    } finally {
      if (live.current) setBusy(false);
    }
  };
  return { result, busy, error, run };
}

function CheckSection({ check, group, day }: { check: ReturnType<typeof useCheck>; group: string; day: number | null }) {
  const { t, lang, timeZone } = useI18n();
  const fmt = useFormat();
  const { result: c, busy, error } = check;
  const q = c?.queues.find((x) => x.name === group);
  const whole = c ? t("wfm.range", { from: formatDay(lang, c.start, false), to: formatDay(lang, addDays(c.start, c.days - 1), false) }) : "";
  const range = c && day !== null ? formatDay(lang, addDays(c.start, day)) : whole;
  const chart = useMemo(
    () => (c && q ? checkChart(c, q, day, timeZone, { achieved: t("wfm.check.achieved"), target: t("wfm.check.target"), erlang: t("wfm.check.erlang") }) : null),
    [c, q, day, timeZone, t],
  );
  return (
    <section className="sy-wfm-check" aria-labelledby="sy-wfm-check-h" aria-busy={busy}>
      <h3 id="sy-wfm-check-h">{t("wfm.check.title")}</h3>
      <div className="sy-form-actions">
        <button type="button" className="sy-primary" disabled={busy} aria-describedby="sy-wfm-check-hint" onClick={() => void check.run()}>
          {busy ? t("wfm.check.running") : t("wfm.check.run")}
        </button>
        {busy && <Loading />}
      </div>
      <p id="sy-wfm-check-hint" className="sy-hint">
        {t("wfm.check.hint", { n: CHECK_REPLICATIONS })}
      </p>
      {error !== null && <ErrorBanner message={errorText(error, t)} />}
      {c && (
        <>
          <p className="sy-hint">{t("wfm.check.summary", { contacts: fmt.number(c.contacts), replications: c.replications, range: whole })}</p>
          {q && chart ? (
            <>
              <Suspense fallback={<Loading />}>
                <WfmChart data={chart} percent label={t("wfm.check.chart_label", { group, range })} lang={lang} timeZone={timeZone} xLabel={t("wfm.time")} />
              </Suspense>
              <p className="sy-hint">{t("wfm.check.chart_legend")}</p>
            </>
          ) : (
            <Notice>{t("wfm.check.no_queue", { group })}</Notice>
          )}
          <DataTable
            caption={t("wfm.check.caption", { range: whole })}
            rows={c.queues}
            rowKey={(r) => r.name}
            className="sy-wfm-check-table"
            columns={[
              { key: "name", header: t("wfm.check.queue"), render: (r) => r.name },
              { key: "offered", header: t("wfm.check.offered"), numeric: true, render: (r) => fmt.number(r.total.offered) },
              { key: "achieved", header: t("wfm.check.achieved_total"), numeric: true, render: (r) => fmt.percent(r.total.achieved_sl, 1) },
              { key: "target", header: t("wfm.check.target"), numeric: true, render: (r) => fmt.percent(r.target_sl, 0) },
              {
                key: "met",
                header: t("wfm.check.met_col"),
                render: (r) => {
                  const met = targetMet(r);
                  if (met === null) return "—";
                  return met ? <span className="sy-wfm-tag sy-wfm-tag-ok">✓ {t("wfm.check.met")}</span> : <span className="sy-wfm-tag sy-wfm-tag-bad">✗ {t("wfm.check.not_met")}</span>;
                },
              },
            ]}
          />
        </>
      )}
    </section>
  );
}
