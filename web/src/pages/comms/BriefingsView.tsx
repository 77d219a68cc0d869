// Briefings (/comms/briefings/...):
//   /comms/briefings            the latest briefing (items by department, "Mark as read"), earlier ones;
//                               writers: "Submit an item" (which date it goes to); admins: the schedule
//   /comms/briefings/<id>       one briefing; with receipts (who has read, who has not) for leads and publishers
//   /comms/briefings/schedule   per site: time zone, publish_at, deadline; "Publish today's briefing now" (admins)
import { useEffect, useState } from "react";
import { tCode, useI18n } from "../../i18n";
import { api, ApiError } from "../../lib/api";
import { localDay, onNotification } from "../../lib/notifications";
import { Link } from "../../lib/router";
import { useFormat } from "../../components/useFormat";
import { errorText } from "../admin/ui/errors";
import { ErrorBanner, Loaded, Notice } from "../admin/ui/feedback";
import { SelectField, TextAreaField, TextField, useFormState } from "../admin/ui/form";
import { loadNamed } from "../admin/refs";
import { useLoad } from "../admin/ui/useLoad";
import { SaveForm } from "../wfm/SaveForm";
import { ReceiptLists } from "./ReceiptLists";
import {
  briefingDateFor, byDepartment, MAX_DEADLINE_MIN, canPublish, canSeeReceipts, commsPaths, loadBriefings, readBriefing, scheduleErrors, scheduleOf,
  type Briefing, type BriefingItem, type BriefingReceipts, type ScheduleRow,
} from "./commsData";

export function BriefingsView(props: { rest: string[]; role: string | undefined; timeZone: string }) {
  const [first] = props.rest;
  if (first === "schedule" && props.role === "admin") return <ScheduleEditor timeZone={props.timeZone} />;
  if (first && /^\d+$/.test(first)) return <OneBriefing id={Number(first)} role={props.role} />;
  return <BriefingList role={props.role} timeZone={props.timeZone} />;
}

/** A briefing's items under their departments, and "Mark as read". */
export function BriefingCard(props: { briefing: Briefing; onRead: (b: Briefing) => void; headingLevel?: 2 | 3 | 4; titleId?: string }) {
  const { t, lang } = useI18n();
  const fmt = useFormat();
  const b = props.briefing;
  const [error, setError] = useState<unknown>(null);
  const H = `h${props.headingLevel ?? 3}` as "h3";
  const G = `h${(props.headingLevel ?? 3) + 1}` as "h4";
  return (
    <article className="sy-c-briefing" aria-labelledby={props.titleId ?? `sy-brief-${b.id}`}>
      <H id={props.titleId ?? `sy-brief-${b.id}`}>
        {t("comms.brief.of", { date: localDay(lang, b.date), site: b.site })}{" "}
        {b.read_ms === null ? <span className="sy-badge sy-badge-alert">{t("comms.unread")}</span> : <span className="sy-badge sy-badge-ok">{t("comms.read")}</span>}
      </H>
      <p className="sy-q-muted">{t("comms.brief.published", { when: fmt.dateTime(b.published_ms) })}</p>
      {b.items.length === 0 && <p>{t("comms.brief.empty")}</p>}
      {byDepartment(b.items).map((g) => (
        <section key={g.department} className="sy-c-dept">
          <G>{tCode(t, "comms.dept.", g.department)}</G>
          <ul>
            {g.items.map((it) => (
              <li key={it.id}>
                <strong>{it.title}</strong>
                <p className="sy-c-pre">{it.body}</p>
                <span className="sy-q-muted">{t("comms.by", { author: it.author })}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {b.read_ms === null ? (
        <button type="button" className="sy-primary" onClick={() => readBriefing(b.id).then(props.onRead, setError)}>
          {t("comms.mark_read")}
        </button>
      ) : (
        <p className="sy-q-muted">{t("comms.read_at", { when: fmt.dateTime(b.read_ms) })}</p>
      )}
      {error !== null && <ErrorBanner message={errorText(error, t)} onDismiss={() => setError(null)} />}
    </article>
  );
}

function BriefingList(props: { role: string | undefined; timeZone: string }) {
  const { t, lang } = useI18n();
  const state = useLoad(() => loadBriefings(30), []);
  // a briefing published while the page is open shows without a reload
  useEffect(() => onNotification((n) => (n.kind === "comms.briefing" ? state.reload() : undefined)), [state.reload]);
  const list = state.data ?? [];
  const replace = (b: Briefing) => state.set(list.map((x) => (x.id === b.id ? { ...x, ...b } : x)));
  return (
    <section aria-labelledby="sy-brief-h">
      <h2 id="sy-brief-h">{t("comms.brief.title")}</h2>
      <p className="sy-intro">{t("comms.brief.intro")}</p>
      {props.role === "admin" && (
        <p className="sy-c-actions">
          <Link to="/comms/briefings/schedule" className="sy-c-button">
            {t("comms.brief.schedule")}
          </Link>
        </p>
      )}
      <Loaded state={state}>
        {(items) =>
          items.length === 0 ? (
            <p>{t("comms.brief.none")}</p>
          ) : (
            <>
              <BriefingCard briefing={items[0]} onRead={replace} headingLevel={3} />
              {canSeeReceipts(props.role) && (
                <p>
                  <Link to={`/comms/briefings/${items[0].id}`}>{t("comms.brief.receipts_link")}</Link>
                </p>
              )}
              {items.length > 1 && (
                <section aria-labelledby="sy-brief-earlier-h">
                  <h3 id="sy-brief-earlier-h">{t("comms.brief.earlier")}</h3>
                  <ul className="sy-c-list">
                    {items.slice(1).map((b) => (
                      <li key={b.id}>
                        <Link to={`/comms/briefings/${b.id}`}>{t("comms.brief.of", { date: localDay(lang, b.date), site: b.site })}</Link>{" "}
                        <span className="sy-q-muted">
                          {t("comms.brief.items", { n: b.items.length })} · {b.read_ms === null ? t("comms.unread") : t("comms.read")}
                        </span>
                      </li>
                    ))}
                  </ul>
                </section>
              )}
            </>
          )
        }
      </Loaded>
      {canPublish(props.role) && <SubmitItem timeZone={props.timeZone} role={props.role} />}
    </section>
  );
}

function OneBriefing(props: { id: number; role: string | undefined }) {
  const { t } = useI18n();
  const state = useLoad(() => api<Briefing>("GET", commsPaths.briefing(props.id)), [props.id]);
  return (
    <section aria-label={t("comms.brief.title")}>
      <p>
        <Link to="/comms/briefings">{t("comms.brief.back")}</Link>
      </p>
      <Loaded state={state}>{(b) => <BriefingCard briefing={b} onRead={(n) => state.set({ ...b, ...n })} headingLevel={2} />}</Loaded>
      {canSeeReceipts(props.role) && <Receipts id={props.id} />}
    </section>
  );
}

function Receipts(props: { id: number }) {
  const { t } = useI18n();
  const state = useLoad(() => api<BriefingReceipts>("GET", commsPaths.briefingReceipts(props.id)), [props.id]);
  return (
    <section aria-labelledby="sy-brief-rcpt-h" className="sy-c-box">
      <h3 id="sy-brief-rcpt-h">{t("comms.receipts")}</h3>
      <Loaded state={state}>
        {(r) => (
          <ReceiptLists read={r.read.map((x) => ({ name: x.agent || x.user, read_ms: x.read_ms }))} unread={r.unread.map((x) => x.agent || x.user)} />
        )}
      </Loaded>
      <button type="button" onClick={state.reload}>
        {t("comms.refresh")}
      </button>
    </section>
  );
}

const DEPARTMENTS = ["operations", "wfm", "quality", "hr", "it", "product"] as const;

function SubmitItem(props: { timeZone: string; role: string | undefined }) {
  const { t, lang } = useI18n();
  const sites = useLoad(() => loadNamed("sites"), []);
  const schedule = useLoad(() => api<{ items: ScheduleRow[] }>("GET", commsPaths.schedule()).then((r) => r.items ?? []), []);
  const form = useFormState();
  const [site, setSite] = useState("");
  const [department, setDepartment] = useState(props.role === "wfm" ? "wfm" : props.role === "quality" ? "quality" : "operations");
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(h);
  }, []);
  const rows = schedule.data ?? [];
  const siteNames = (sites.data ?? []).map((s) => s.name);
  // "every site": the date of the first site (they usually share a zone)
  const row = scheduleOf(rows, site || siteNames[0] || "", props.timeZone);
  const target = briefingDateFor(row, now);
  // "every site": each site's own schedule decides, so say each date when they differ
  const perSite = site ? [] : siteNames.map((n) => ({ site: n, date: briefingDateFor(scheduleOf(rows, n, props.timeZone), now).date }));
  const differ = new Set(perSite.map((x) => x.date)).size > 1;
  const submit = async () => {
    setSaved(null);
    const e: Record<string, string> = {};
    if (!title.trim()) e.title = "comms.invalid.required";
    if (!body.trim()) e.body = "comms.invalid.required";
    if (Object.keys(e).length) return form.invalid(e);
    const r = await form.run(() => api<BriefingItem>("POST", commsPaths.items(), { site, department, title: title.trim(), body: body.trim() }));
    if (!r) return;
    setTitle("");
    setBody("");
    setSaved(t("comms.brief.item_saved", { date: localDay(lang, r.value.briefing_date ?? target.date) }));
  };
  return (
    <section aria-labelledby="sy-brief-submit-h" className="sy-c-box">
      <h3 id="sy-brief-submit-h">{t("comms.brief.submit")}</h3>
      <p role="status" className={target.late ? "sy-c-late" : undefined}>
        {differ
          ? t("comms.brief.goes_to_sites", { list: perSite.map((x) => t("comms.brief.site_date", { site: x.site, date: localDay(lang, x.date) })).join(t("comms.list_sep")) })
          : target.late
            ? t("comms.brief.goes_to_late", { date: localDay(lang, target.date), deadline: target.deadline, zone: row.time_zone })
            : t("comms.brief.goes_to", { date: localDay(lang, target.date), deadline: target.deadline, zone: row.time_zone })}
      </p>
      <SaveForm form={form} labelledBy="sy-brief-submit-h" onSave={() => void submit()} save={t("comms.brief.submit_button")} saved={saved}>
        <div className="sy-grid">
          <SelectField name="site" label={t("comms.brief.site")} value={site} onChange={setSite}
            options={[{ value: "", label: t("comms.brief.every_site") }, ...siteNames.map((n) => ({ value: n, label: n }))]} />
          <SelectField name="department" label={t("comms.brief.department")} value={department} onChange={setDepartment}
            options={DEPARTMENTS.map((d) => ({ value: d, label: t(`comms.dept.${d}`) }))} />
          <TextField name="title" label={t("comms.field_title")} value={title} onChange={setTitle} required />
        </div>
        <TextAreaField name="body" label={t("comms.field_body")} rows={4} value={body} onChange={setBody} />
      </SaveForm>
    </section>
  );
}

function ScheduleEditor(props: { timeZone: string }) {
  const { t } = useI18n();
  const sites = useLoad(() => loadNamed("sites"), []);
  const state = useLoad(() => api<{ items: ScheduleRow[] }>("GET", commsPaths.schedule()).then((r) => r.items ?? []), []);
  const [rows, setRows] = useState<ScheduleRow[] | null>(null);
  const form = useFormState();
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  // every site gets a row: the server's, else the center's default
  const shown = rows ?? (sites.data ? sites.data.map((s) => scheduleOf(state.data ?? [], s.name, props.timeZone)) : null);
  const edit = (i: number, patch: Partial<ScheduleRow>) => setRows((shown ?? []).map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async () => {
    if (!shown) return;
    setSaved(null);
    const e = scheduleErrors(shown);
    if (Object.keys(e).length) return form.invalid(e);
    const r = await form.run(() => api<{ items: ScheduleRow[] }>("PUT", commsPaths.schedule(), { items: shown }));
    if (!r) return;
    setRows(null);
    state.set(r.value.items ?? shown);
    setSaved(t("comms.brief.schedule_saved"));
  };
  return (
    <section aria-labelledby="sy-sched-h">
      <p>
        <Link to="/comms/briefings">{t("comms.brief.back")}</Link>
      </p>
      <h2 id="sy-sched-h">{t("comms.brief.schedule")}</h2>
      <p className="sy-intro">{t("comms.brief.schedule_intro")}</p>
      {error !== null && <ErrorBanner message={errorText(error, t)} onDismiss={() => setError(null)} />}
      <Loaded state={state}>
        {() =>
          !shown ? (
            <p role="status">{t("comms.loading")}</p>
          ) : (
            <SaveForm form={form} labelledBy="sy-sched-h" onSave={() => void save()} save={t("comms.save")} saved={saved}>
              {shown.map((r, i) => (
                <fieldset key={r.site} className="sy-fieldset sy-c-sched" data-field={`items[${i}]`}>
                  <legend>{t("comms.brief.site_named", { site: r.site })}</legend>
                  <div className="sy-grid">
                    <TextField name={`items[${i}].time_zone`} label={t("comms.brief.time_zone")} value={r.time_zone} onChange={(v) => edit(i, { time_zone: v })} />
                    <TextField name={`items[${i}].publish_at`} type="time" label={t("comms.brief.publish_at")} value={r.publish_at} onChange={(v) => edit(i, { publish_at: v })} />
                    <TextField name={`items[${i}].deadline_minutes`} type="number" inputMode="numeric" min={0} max={MAX_DEADLINE_MIN} label={t("comms.brief.deadline")} hint={t("comms.brief.deadline_hint")}
                      value={String(r.deadline_minutes)} onChange={(v) => edit(i, { deadline_minutes: v === "" ? NaN : Number(v) })} />
                  </div>
                  <PublishNow site={r.site} />
                </fieldset>
              ))}
              {shown.length === 0 && <Notice>{t("comms.brief.no_sites")}</Notice>}
            </SaveForm>
          )
        }
      </Loaded>
    </section>
  );
}

/** A site's "Publish today's briefing now" (POST /comms/briefings/publish, docs/comms.md "Daily
 *  briefing"): asks once, then says what was published or why nothing was (409: published
 *  already, no items). Items submitted afterwards go to tomorrow's briefing. */
function PublishNow(props: { site: string }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Briefing | null>(null);
  const [error, setError] = useState<unknown>(null);
  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      setDone(await api<Briefing>("POST", commsPaths.publishNow(), { site: props.site }));
      setAsking(false);
    } catch (e) {
      setError(e);
      // A refusal (409: out already, or nothing to publish) will not change on a second press:
      // the question closes. Any other error keeps it open to try again.
      if (e instanceof ApiError && e.status === 409) setAsking(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="sy-c-publish-now">
      {!asking ? (
        <button type="button" className="sy-c-button" onClick={() => { setAsking(true); setDone(null); setError(null); }}>
          {t("comms.brief.publish_now")}
        </button>
      ) : (
        <div role="group" aria-label={t("comms.brief.publish_now")}>
          <p>{t("comms.brief.publish_now_ask", { site: props.site })}</p>
          <button type="button" className="sy-c-button" disabled={busy} onClick={() => void publish()}>
            {t("comms.brief.publish_now_yes")}
          </button>{" "}
          <button type="button" className="sy-c-button" disabled={busy} onClick={() => setAsking(false)}>
            {t("comms.cancel")}
          </button>
        </div>
      )}
      {done && (
        <p role="status">
          {t("comms.brief.published_now", { date: done.date, n: done.items.length })}{" "}
          <Link to={`/comms/briefings/${done.id}`}>{t("comms.brief.open_it")}</Link>
        </p>
      )}
      {error !== null && (
        <p role="alert" className="sy-field-error">
          {error instanceof ApiError && error.status === 409 ? t("comms.brief.publish_now_refused", { site: props.site }) : errorText(error, t)}
        </p>
      )}
    </div>
  );
}
