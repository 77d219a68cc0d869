// The forecast of a queue: history and forecast (base dashed, adjusted
// solid) per interval, the backtest per method with the proposed one
// marked, and the planners' adjustments (list, add, delete); the special
// days among the shown days shaded on the chart and listed, and below, the
// special days themselves (SpecialDays.tsx).
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { useFormat } from "../../components/useFormat";
import { DataTable } from "../admin/ui/DataTable";
import { ErrorBanner, Loading, Notice } from "../admin/ui/feedback";
import { FieldErrors, NumberField, SelectField, TextField, useFormState } from "../admin/ui/form";
import { formatDuration, formatPercent } from "../admin/ui/format";
import { useLoad } from "../admin/ui/useLoad";
import { errorText } from "../admin/ui/errors";
import { specialDayBands } from "./rulesData";
import { SpecialDays } from "./SpecialDays";
import {
  ADJUSTMENT_KINDS, addDays, checkAdjustment, forecastChart, forecastDays, forecastPath, formatDay, formatWall, isDate, METHODS, proposedMethod, todayIn, WFM, zonedMs,
  type Adjustment, type AdjustmentKind, type Forecast, type Method,
} from "./wfmData";

const WfmChart = lazy(() => import("./WfmChart"));

interface Query {
  queue: string;
  start: string;
  days: string;
  method: Method;
}

const HISTORY_CHOICES = [7, 14, 28];

/** The method's name in the catalogue, or the code as the server sent it. */
function methodName(t: (k: string) => string, m: string): string {
  const k = `wfm.method.${m}`;
  const s = t(k);
  return s === k ? m : s;
}

export function ForecastView() {
  const { t, lang, timeZone } = useI18n();
  const queues = useLoad(() => api<{ config: { name: string } }[]>("GET", "/api/v1/queues").then((qs) => qs.map((q) => q.config.name)), []);
  const [q, setQ] = useState<Query>(() => ({ queue: "", start: todayIn(timeZone), days: "7", method: "auto" }));
  const [shown, setShown] = useState<{ q: Query; f: Forecast } | null>(null);
  const form = useFormState();

  const run = async (query: Query) => {
    const bad: Record<string, string> = {};
    if (!query.queue.trim()) bad.queue = "wfm.invalid.required";
    if (!isDate(query.start)) bad.start = "wfm.invalid.date";
    const days = Number(query.days);
    if (!Number.isInteger(days) || days < 1 || days > 56) bad.days = "wfm.invalid.days";
    if (Object.keys(bad).length) return form.invalid(bad);
    const r = await form.run(() => api<Forecast>("GET", forecastPath({ queue: query.queue.trim(), start: query.start, days, method: query.method })));
    if (r) setShown({ q: query, f: r.value });
  };

  // The first queue's forecast once the queues are known.
  useEffect(() => {
    const first = queues.data?.[0];
    if (first && !q.queue) {
      const next = { ...q, queue: first };
      setQ(next);
      void run(next);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queues.data]);

  const up = (patch: Partial<Query>) => setQ((x) => ({ ...x, ...patch }));
  const names = queues.data ?? [];

  return (
    <section aria-labelledby="sy-wfm-forecast-h">
      <h2 id="sy-wfm-forecast-h">{t("wfm.forecast.title")}</h2>
      <form
        ref={form.ref}
        className="sy-report-query sy-wfm-query"
        aria-label={t("wfm.forecast.query")}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run(q);
        }}
      >
        <FieldErrors.Provider value={form.errors.fields}>
          <div className="sy-filters">
            {names.length > 0 ? (
              <SelectField name="queue" label={t("wfm.queue")} value={q.queue} options={names.map((n) => ({ value: n, label: n }))} onChange={(v) => up({ queue: v })} />
            ) : (
              <TextField name="queue" label={t("wfm.queue")} value={q.queue} onChange={(v) => up({ queue: v })} />
            )}
            <TextField name="start" type="date" label={t("wfm.start_date")} value={q.start} onChange={(v) => up({ start: v })} />
            <NumberField name="days" label={t("wfm.days")} value={q.days} step="1" min={1} max={56} onChange={(v) => up({ days: v })} />
            <SelectField
              name="method"
              label={t("wfm.forecast.method")}
              value={q.method}
              options={METHODS.map((m) => ({ value: m, label: t(`wfm.method.${m}`) }))}
              onChange={(v) => up({ method: v as Method })}
            />
          </div>
        </FieldErrors.Provider>
        <div className="sy-form-actions">
          <button type="submit" className="sy-primary" disabled={form.busy}>
            {t("wfm.forecast.show")}
          </button>
          {form.busy && <Loading />}
        </div>
        {form.errors.banner && <ErrorBanner message={form.errors.banner} onRetry={() => void run(q)} />}
      </form>
      {queues.error !== undefined && queues.error !== null && !shown && <Notice kind="warning">{t("wfm.forecast.no_queues")}</Notice>}
      {shown && <ForecastResult f={shown.f} lang={lang} timeZone={timeZone} onChanged={() => void run(shown.q)} />}
      <SpecialDays
        queues={names}
        today={todayIn(timeZone)}
        onSaved={() => {
          if (shown) void run(shown.q);
        }}
      />
    </section>
  );
}

function ForecastResult({ f, lang, timeZone, onChanged }: { f: Forecast; lang: string; timeZone: string; onChanged: () => void }) {
  const { t } = useI18n();
  const [historyDays, setHistoryDays] = useState(14);
  const chart = useMemo(
    () => forecastChart(f, timeZone, historyDays, { history: t("wfm.forecast.series.history"), base: t("wfm.forecast.series.base"), adjusted: t("wfm.forecast.series.adjusted") }),
    [f, timeZone, historyDays, t],
  );
  const days = useMemo(() => forecastDays(f), [f]);
  const specials = useMemo(() => [...(f.special_days ?? [])].sort((a, b) => a.date.localeCompare(b.date)), [f]);
  const special = useMemo(() => new Map(specials.map((d) => [d.date, d])), [specials]);
  const bands = useMemo(() => specialDayBands(specials, (date) => zonedMs(date, 0, timeZone) / 1000, lang), [specials, timeZone, lang]);
  const proposed = proposedMethod(f);
  const last = addDays(f.start, f.days - 1);
  const range = t("wfm.range", { from: formatDay(lang, f.start, false), to: formatDay(lang, last, false) });
  const num = (v: number, d = 0) => new Intl.NumberFormat(lang, { maximumFractionDigits: d }).format(v);

  return (
    <div className="sy-wfm-result">
      <p className="sy-intro">
        {t("wfm.forecast.summary", { queue: f.queue, range, method: methodName(t, f.method), proposed: methodName(t, proposed) })} · {t("wfm.zone", { zone: timeZone })}
      </p>
      <div className="sy-chart-head">
        <SelectField
          name="history_days"
          label={t("wfm.forecast.history_shown")}
          value={String(historyDays)}
          options={HISTORY_CHOICES.map((d) => ({ value: String(d), label: t("wfm.forecast.history_weeks", { n: d / 7 }) }))}
          onChange={(v) => setHistoryDays(Number(v))}
        />
      </div>
      <Suspense fallback={<Loading />}>
        <WfmChart data={chart} label={t("wfm.forecast.chart_label", { queue: f.queue, range })} lang={lang} timeZone={timeZone} xLabel={t("wfm.time")} bands={bands} />
      </Suspense>
      <p className="sy-hint">
        {t("wfm.forecast.chart_legend")}
        {specials.length > 0 && ` ${t("wfm.forecast.special_legend")}`}
      </p>

      {specials.length > 0 && (
        <DataTable
          caption={t("wfm.forecast.special_days", { range })}
          rows={specials}
          rowKey={(d) => d.date}
          className="sy-wfm-special-shown"
          columns={[
            { key: "date", header: t("wfm.day"), nowrap: true, render: (d) => formatDay(lang, d.date) },
            { key: "name", header: t("wfm.special.name"), render: (d) => d.name || "—" },
            { key: "factor", header: t("wfm.special.factor"), numeric: true, render: (d) => t("wfm.special.times", { n: num(d.factor, 2) }) },
            { key: "reference", header: t("wfm.special.reference"), nowrap: true, render: (d) => (d.reference ? formatDay(lang, d.reference) : t("wfm.special.usual")) },
          ]}
        />
      )}

      <DataTable
        caption={t("wfm.forecast.per_day", { range })}
        rows={days}
        rowKey={(d) => d.date}
        columns={[
          {
            key: "date",
            header: t("wfm.day"),
            nowrap: true,
            render: (d) => (
              <>
                {formatDay(lang, d.date)}
                {special.has(d.date) && <span className="sy-wfm-tag sy-wfm-tag-special">{special.get(d.date)!.name || t("wfm.special.tag")}</span>}
              </>
            ),
          },
          { key: "contacts", header: t("wfm.forecast.contacts_adjusted"), numeric: true, render: (d) => num(d.contacts, 1) },
          { key: "base", header: t("wfm.forecast.contacts_base"), numeric: true, render: (d) => num(d.base, 1) },
          { key: "aht", header: t("wfm.forecast.aht"), numeric: true, render: (d) => formatDuration(lang, d.aht_s) },
        ]}
      />

      <DataTable
        caption={t("wfm.forecast.backtest")}
        rows={f.backtest}
        rowKey={(b) => b.method}
        empty={t("wfm.forecast.no_backtest")}
        className="sy-wfm-backtest"
        columns={[
          {
            key: "method",
            header: t("wfm.forecast.method"),
            render: (b) => (
              <>
                {methodName(t, b.method)}
                {b.method === proposed && <span className="sy-wfm-tag sy-wfm-tag-ok">{t("wfm.forecast.proposed")}</span>}
              </>
            ),
          },
          { key: "wape", header: t("wfm.forecast.wape"), numeric: true, render: (b) => formatPercent(lang, b.wape) },
          { key: "mape", header: t("wfm.forecast.mape"), numeric: true, render: (b) => formatPercent(lang, b.mape) },
        ]}
      />

      <Adjustments f={f} onChanged={onChanged} />
    </div>
  );
}

function Adjustments({ f, onChanged }: { f: Forecast; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const fmt = useFormat();
  const [a, setA] = useState({ start: `${f.start}T08:00`, end: `${f.start}T12:00`, kind: "percent" as AdjustmentKind, amount: "10", note: "" });
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<number | null>(null);
  const form = useFormState();
  const up = (patch: Partial<typeof a>) => setA((x) => ({ ...x, ...patch }));
  const num = new Intl.NumberFormat(lang, { maximumFractionDigits: 2, signDisplay: "always" });
  const amount = (x: Adjustment) => (x.kind === "percent" ? t("wfm.adjust.amount_percent", { n: num.format(x.amount) }) : t("wfm.adjust.amount_absolute", { n: num.format(x.amount) }));

  const add = async () => {
    const bad = checkAdjustment(a);
    if (Object.keys(bad).length) return form.invalid(bad);
    const body = { queue: f.queue, start: a.start, end: a.end, kind: a.kind, amount: Number(a.amount), note: a.note.trim() };
    const r = await form.run(() => api<Adjustment>("POST", `${WFM}/adjustments`, body));
    if (r) {
      up({ note: "" });
      onChanged();
    }
  };
  const remove = async (x: Adjustment) => {
    setDeleting(x.id);
    setDeleteError(null);
    try {
      await api("DELETE", `${WFM}/adjustments/${x.id}`);
      onChanged();
    } catch (e) {
      setDeleteError(errorText(e, t));
    } finally {
      setDeleting(null);
    }
  };

  return (
    <section aria-labelledby="sy-wfm-adjust-h" className="sy-subsection">
      <h3 id="sy-wfm-adjust-h">{t("wfm.adjust.title")}</h3>
      {deleteError && <ErrorBanner message={deleteError} onDismiss={() => setDeleteError(null)} />}
      <DataTable
        caption={t("wfm.adjust.list", { queue: f.queue })}
        rows={f.adjustments}
        rowKey={(x) => x.id}
        empty={t("wfm.adjust.none")}
        columns={[
          { key: "range", header: t("wfm.adjust.range"), nowrap: true, render: (x) => t("wfm.range", { from: formatWall(lang, x.start), to: formatWall(lang, x.end) }) },
          { key: "kind", header: t("wfm.adjust.kind"), render: (x) => t(`wfm.adjust.kind.${x.kind}`) },
          { key: "amount", header: t("wfm.adjust.amount"), numeric: true, render: amount },
          { key: "note", header: t("wfm.adjust.note"), render: (x) => x.note || "—" },
          { key: "by", header: t("wfm.adjust.by"), render: (x) => (x.by ? `${x.by}${x.created_ms ? ` · ${fmt.dateTime(x.created_ms)}` : ""}` : "—") },
          {
            key: "delete",
            header: t("wfm.actions"),
            render: (x) => (
              <button type="button" className="sy-danger" disabled={deleting === x.id} onClick={() => void remove(x)} aria-label={t("wfm.adjust.delete_label", { range: t("wfm.range", { from: formatWall(lang, x.start), to: formatWall(lang, x.end) }) })}>
                {t("wfm.adjust.delete")}
              </button>
            ),
          },
        ]}
      />
      <form
        ref={form.ref}
        className="sy-wfm-adjust-form"
        aria-label={t("wfm.adjust.add_title")}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <h4>{t("wfm.adjust.add_title")}</h4>
        <FieldErrors.Provider value={form.errors.fields}>
          <div className="sy-filters">
            <TextField name="start" type="datetime-local" step="900" label={t("wfm.adjust.start")} value={a.start} onChange={(v) => up({ start: v })} />
            <TextField name="end" type="datetime-local" step="900" label={t("wfm.adjust.end")} hint={t("wfm.adjust.end_hint")} value={a.end} onChange={(v) => up({ end: v })} />
            <SelectField name="kind" label={t("wfm.adjust.kind")} value={a.kind} options={ADJUSTMENT_KINDS.map((k) => ({ value: k, label: t(`wfm.adjust.kind.${k}`) }))} onChange={(v) => up({ kind: v as AdjustmentKind })} />
            <NumberField
              name="amount"
              label={t("wfm.adjust.amount")}
              hint={a.kind === "percent" ? t("wfm.adjust.amount_hint_percent") : t("wfm.adjust.amount_hint_absolute")}
              value={a.amount}
              onChange={(v) => up({ amount: v })}
            />
            <TextField name="note" label={t("wfm.adjust.note")} value={a.note} onChange={(v) => up({ note: v })} />
          </div>
        </FieldErrors.Provider>
        <div className="sy-form-actions">
          <button type="submit" className="sy-primary" disabled={form.busy}>
            {t("wfm.adjust.add")}
          </button>
        </div>
        {form.errors.banner && <ErrorBanner message={form.errors.banner} />}
      </form>
    </section>
  );
}
