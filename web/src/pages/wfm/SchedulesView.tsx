// Schedules: the versions, "Generate" (a draft from the requirement), and
// one schedule: its figures beside the greedy baseline's, the grid (drag
// or form to edit a shift, each edit saved and checked by the server), the
// rule violations (listed and marked, never fixed behind the planner's
// back) and "Publish".
import { useEffect, useState } from "react";
import { useI18n } from "../../i18n";
import { api, ApiError } from "../../lib/api";
import { Link, navigate } from "../../lib/router";
import { useFormat } from "../../components/useFormat";
import { DataTable } from "../admin/ui/DataTable";
import { errorText } from "../admin/ui/errors";
import { ErrorBanner, Loaded, Loading, Notice } from "../admin/ui/feedback";
import { FieldErrors, NumberField, SelectField, TextField, useFormState } from "../admin/ui/form";
import { useLoad } from "../admin/ui/useLoad";
import { ScheduleGrid } from "./ScheduleGrid";
import {
  addDays, checkShiftEdit, formatDay, hhmm, isDate, parseHhmm, SCHEDULE_METHODS, shiftEdit, todayIn, violationKeys, violationsOf, WFM,
  type Figures, type Schedule, type ScheduleMethod, type ScheduleSummary, type Shift,
} from "./wfmData";

/** The next Monday after `today` (schedules usually start on one). */
export function nextMonday(today: string): string {
  const dow = new Date(today + "T00:00:00Z").getUTCDay(); // 0 Sunday
  return addDays(today, ((8 - dow) % 7) || 7);
}

export function SchedulesView({ item }: { item: string | null }) {
  const { t, lang } = useI18n();
  const fmt = useFormat();
  const list = useLoad(() => api<ScheduleSummary[]>("GET", `${WFM}/schedules`), []);
  const id = item && /^\d+$/.test(item) ? Number(item) : null;

  const rows = [...(list.data ?? [])].sort((a, b) => b.created_ms - a.created_ms);
  return (
    <section aria-labelledby="sy-wfm-sched-h">
      <h2 id="sy-wfm-sched-h">{t("wfm.schedules.title")}</h2>
      <Generate onDone={(s) => {
        list.reload();
        navigate(`/wfm/schedules/${s.id}`);
      }} />
      <Loaded state={list}>
        {() => (
          <DataTable
            caption={t("wfm.schedules.list")}
            rows={rows}
            rowKey={(s) => s.id}
            empty={t("wfm.schedules.none")}
            columns={[
              {
                key: "version",
                header: t("wfm.schedules.version"),
                render: (s) => (
                  <Link to={`/wfm/schedules/${s.id}`} aria-current={s.id === id ? "page" : undefined}>
                    {t("wfm.schedules.version_n", { n: s.version, id: s.id })}
                  </Link>
                ),
              },
              { key: "status", header: t("wfm.schedules.status"), render: (s) => <StatusTag status={s.status} /> },
              { key: "start", header: t("wfm.schedules.start"), nowrap: true, render: (s) => t("wfm.range", { from: formatDay(lang, s.start, false), to: formatDay(lang, addDays(s.start, s.days - 1), false) }) },
              { key: "created", header: t("wfm.schedules.created"), nowrap: true, render: (s) => fmt.dateTime(s.created_ms) },
              { key: "published", header: t("wfm.schedules.published"), nowrap: true, render: (s) => (s.published_ms ? fmt.dateTime(s.published_ms) : "—") },
            ]}
          />
        )}
      </Loaded>
      {id !== null && <ScheduleDetail key={id} id={id} onChanged={list.reload} />}
      {id === null && rows.length > 0 && <p className="sy-hint">{t("wfm.schedules.pick")}</p>}
    </section>
  );
}

function StatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return <span className={`sy-wfm-tag ${status === "published" ? "sy-wfm-tag-ok" : "sy-wfm-tag-draft"}`}>{t(`wfm.status.${status === "published" ? "published" : "draft"}`)}</span>;
}

function Generate({ onDone }: { onDone: (s: Schedule) => void }) {
  const { t, timeZone } = useI18n();
  const [g, setG] = useState({ start: nextMonday(todayIn(timeZone)), weeks: "1", method: "local_search" as ScheduleMethod });
  const form = useFormState();
  const up = (patch: Partial<typeof g>) => setG((x) => ({ ...x, ...patch }));
  const submit = async () => {
    const bad: Record<string, string> = {};
    if (!isDate(g.start)) bad.start = "wfm.invalid.date";
    const weeks = Number(g.weeks);
    if (!Number.isInteger(weeks) || weeks < 1 || weeks > 8) bad.weeks = "wfm.invalid.weeks";
    if (Object.keys(bad).length) return form.invalid(bad);
    const r = await form.run(() => api<Schedule>("POST", `${WFM}/schedules`, { start: g.start, weeks, method: g.method }));
    if (r) onDone(r.value);
  };
  return (
    <form
      ref={form.ref}
      className="sy-report-query"
      aria-label={t("wfm.generate.title")}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>{t("wfm.generate.title")}</h3>
      <FieldErrors.Provider value={form.errors.fields}>
        <div className="sy-filters">
          <TextField name="start" type="date" label={t("wfm.start_date")} value={g.start} onChange={(v) => up({ start: v })} />
          <NumberField name="weeks" label={t("wfm.generate.weeks")} value={g.weeks} step="1" min={1} max={8} onChange={(v) => up({ weeks: v })} />
          <SelectField
            name="method"
            label={t("wfm.generate.method")}
            value={g.method}
            options={SCHEDULE_METHODS.map((m) => ({ value: m, label: t(`wfm.generate.method.${m}`) }))}
            onChange={(v) => up({ method: v as ScheduleMethod })}
          />
        </div>
      </FieldErrors.Provider>
      <div className="sy-form-actions">
        <button type="submit" className="sy-primary" disabled={form.busy}>
          {form.busy ? t("wfm.generate.busy") : t("wfm.generate.submit")}
        </button>
        {form.busy && <Loading />}
      </div>
      {form.errors.banner && <ErrorBanner message={form.errors.banner} />}
    </form>
  );
}

function ScheduleDetail({ id, onChanged }: { id: number; onChanged: () => void }) {
  const state = useLoad(() => api<Schedule>("GET", `${WFM}/schedules/${id}`), [id]);
  return <Loaded state={state}>{(s) => <ScheduleView s={s} set={state.set} onChanged={onChanged} />}</Loaded>;
}

function ScheduleView({ s, set, onChanged }: { s: Schedule; set: (s: Schedule) => void; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const fmt = useFormat();
  const [day, setDay] = useState(0);
  const [selected, setSelected] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const flagged = violationKeys(s.violations);
  const step = s.interval_min || 15;
  const shift = s.shifts.find((x) => x.id === selected) ?? null;
  const dayName = (d: number) => formatDay(lang, addDays(s.start, d));

  /** Saves an edit; a failure is shown in the banner, or (`quiet`) left
   *  to the caller's form, and rethrown. */
  const save = async (sh: Shift, patch: { day?: number; start_min?: number; length_min?: number }, quiet = false) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const next = await api<Schedule>("PUT", `${WFM}/schedules/${s.id}/shifts/${sh.id}`, shiftEdit(sh, patch));
      set(next);
      setSelected(sh.id);
      setNotice(next.violations.length ? t("wfm.edit.saved_with_violations", { n: next.violations.length }) : t("wfm.edit.saved"));
      return true;
    } catch (e) {
      // an edit refused with the violations it would cause: show them
      const vs = e instanceof ApiError ? violationsOf(e.body) : null;
      if (vs) set({ ...s, violations: vs });
      if (!quiet || vs) setError(errorText(e, t));
      throw e;
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const next = await api<Schedule>("POST", `${WFM}/schedules/${s.id}/publish`);
      set(next);
      setNotice(t("wfm.publish.done", { n: next.version }));
      onChanged();
    } catch (e) {
      const vs = e instanceof ApiError ? violationsOf(e.body) : null;
      if (vs) {
        set({ ...s, violations: vs });
        setError(t("wfm.publish.refused", { n: vs.length }));
      } else setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="sy-wfm-detail-h" className="sy-subsection sy-wfm-detail">
      <div className="sy-section-head">
        <h3 id="sy-wfm-detail-h">
          {t("wfm.schedules.version_n", { n: s.version, id: s.id })} <StatusTag status={s.status} />
        </h3>
        <div className="sy-actions">
          <button type="button" className="sy-primary" disabled={busy || s.status === "published"} onClick={() => void publish()}>
            {s.status === "published" ? t("wfm.publish.already") : t("wfm.publish.button")}
          </button>
        </div>
      </div>
      <p className="sy-intro">
        {t("wfm.range", { from: formatDay(lang, s.start, false), to: formatDay(lang, addDays(s.start, s.days - 1), false) })} · {t("wfm.schedules.created")}{" "}
        {fmt.dateTime(s.created_ms)}
        {s.published_ms ? ` · ${t("wfm.schedules.published")} ${fmt.dateTime(s.published_ms)}` : ""}
      </p>
      {error && <ErrorBanner message={error} onDismiss={() => setError(null)} />}
      {notice && <Notice kind="success">{notice}</Notice>}

      <FiguresTable report={s.report} greedy={s.greedy} />
      <Violations s={s} />

      <div className="sy-chart-head">
        <SelectField
          name="grid_day"
          label={t("wfm.day")}
          value={String(day)}
          options={Array.from({ length: s.days }, (_, d) => ({ value: String(d), label: dayName(d) }))}
          onChange={(v) => setDay(Number(v))}
        />
        <p className="sy-hint">{t("wfm.grid.help")}</p>
      </div>
      <ScheduleGrid
        shifts={s.shifts}
        day={day}
        step={step}
        flagged={flagged}
        selected={selected}
        busy={busy}
        caption={t("wfm.grid.caption", { day: dayName(day) })}
        onSelect={(sh) => setSelected(sh.id)}
        onMove={(sh, start) => void save(sh, { start_min: start }).catch(() => {})}
      />
      {busy && <Loading />}
      {shift && <ShiftForm key={`${shift.id}-${shift.day}-${shift.start_min}-${shift.length_min}`} s={s} shift={shift} busy={busy} save={save} onClose={() => setSelected(null)} />}
    </section>
  );
}

function FiguresTable({ report, greedy }: { report: Figures; greedy: Figures | null }) {
  const { t, lang } = useI18n();
  const num = (v: number) => new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(v);
  const rows = [{ id: "this", name: t("wfm.figures.this"), f: report }, ...(greedy ? [{ id: "greedy", name: t("wfm.figures.greedy"), f: greedy }] : [])];
  return (
    <DataTable
      caption={t("wfm.figures.caption")}
      rows={rows}
      rowKey={(r) => r.id}
      className="sy-wfm-figures"
      columns={[
        { key: "name", header: t("wfm.figures.schedule"), render: (r) => r.name },
        { key: "under", header: t("wfm.figures.under"), numeric: true, render: (r) => num(r.f.under) },
        { key: "over", header: t("wfm.figures.over"), numeric: true, render: (r) => num(r.f.over) },
        { key: "objective", header: t("wfm.figures.objective"), numeric: true, render: (r) => num(r.f.objective) },
      ]}
    />
  );
}

function Violations({ s }: { s: Schedule }) {
  const { t, lang } = useI18n();
  if (s.violations.length === 0)
    return (
      <p className="sy-wfm-ok" role="status">
        ✓ {t("wfm.violations.none")}
      </p>
    );
  return (
    <div role="status" className="sy-wfm-violations">
      <DataTable
        caption={t("wfm.violations.caption", { n: s.violations.length })}
        rows={s.violations.map((v, i) => ({ ...v, i }))}
        rowKey={(v) => v.i}
        columns={[
          { key: "agent", header: t("wfm.agent"), render: (v) => <>⚠ {v.agent}</> },
          { key: "day", header: t("wfm.day"), nowrap: true, render: (v) => formatDay(lang, addDays(s.start, v.day)) },
          { key: "rule", header: t("wfm.violations.rule"), render: (v) => ruleName(t, v.rule) },
          { key: "message", header: t("wfm.violations.message"), render: (v) => v.message },
        ]}
      />
    </div>
  );
}

/** A rule's name in the catalogue, or its code. */
function ruleName(t: (k: string) => string, rule: string): string {
  const k = `wfm.rule.${rule}`;
  const s = t(k);
  return s === k ? rule : s;
}

function ShiftForm(props: {
  s: Schedule;
  shift: Shift;
  busy: boolean;
  save: (sh: Shift, patch: { day?: number; start_min?: number; length_min?: number }, quiet?: boolean) => Promise<boolean>;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const { s, shift } = props;
  const step = s.interval_min || 15;
  const [v, setV] = useState({ day: String(shift.day), start: hhmm(shift.start_min), length: String(shift.length_min) });
  const form = useFormState();
  const up = (patch: Partial<typeof v>) => setV((x) => ({ ...x, ...patch }));
  useEffect(() => form.clear(), [shift.id]); // eslint-disable-line react-hooks/exhaustive-deps
  const submit = async () => {
    const bad = checkShiftEdit(v, step);
    if (Object.keys(bad).length) return form.invalid(bad);
    await form.run(() => props.save(shift, { day: Number(v.day), start_min: parseHhmm(v.start)!, length_min: Number(v.length) }, true));
  };
  return (
    <form
      ref={form.ref}
      className="sy-report-query sy-wfm-shift-form"
      aria-label={t("wfm.edit.title", { agent: shift.agent })}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h4>{t("wfm.edit.title", { agent: shift.agent })}</h4>
      <FieldErrors.Provider value={form.errors.fields}>
        <div className="sy-filters">
          <SelectField
            name="day"
            label={t("wfm.day")}
            value={v.day}
            options={Array.from({ length: s.days }, (_, d) => ({ value: String(d), label: formatDay(lang, addDays(s.start, d)) }))}
            onChange={(x) => up({ day: x })}
          />
          <TextField name="start_min" type="time" step={String(step * 60)} label={t("wfm.edit.start")} hint={t("wfm.edit.start_hint", { n: step })} value={v.start} onChange={(x) => up({ start: x })} />
          <NumberField name="length_min" label={t("wfm.edit.length")} unit={t("wfm.unit.minutes")} step={String(step)} min={step} value={v.length} onChange={(x) => up({ length: x })} />
        </div>
      </FieldErrors.Provider>
      <div className="sy-form-actions">
        <button type="submit" className="sy-primary" disabled={props.busy || form.busy}>
          {t("wfm.edit.save")}
        </button>
        <button type="button" onClick={props.onClose}>
          {t("wfm.edit.close")}
        </button>
      </div>
      {form.errors.banner && <ErrorBanner message={form.errors.banner} />}
    </form>
  );
}
