// Requirement vs coverage: per skill group of a schedule, the agents the
// requirement asks for and the agents the schedule puts on, per interval,
// with the under- and over-staffing in agent-hours.
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { DataTable } from "../admin/ui/DataTable";
import { Loaded, Loading, Notice } from "../admin/ui/feedback";
import { SelectField } from "../admin/ui/form";
import { useLoad } from "../admin/ui/useLoad";
import { addDays, coverageChart, coverageTotals, DAY_MIN, formatDay, WFM, type Schedule, type ScheduleSummary } from "./wfmData";

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
          </>
        );
      }}
    </Loaded>
  );
}
