// Announcements (/comms/announcements/...): the list (pinned first, category
// badges, expired hidden unless asked), mark read; writers (kPublishComms)
// create, edit and delete with an audience (everyone / site / team / role),
// pinned, urgent and an expiry; receipts (/comms/announcements/<id>).
import { useEffect, useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { onNotification } from "../../lib/notifications";
import { Link, navigate } from "../../lib/router";
import { useFormat } from "../../components/useFormat";
import { errorText } from "../admin/ui/errors";
import { ErrorBanner, Loaded } from "../admin/ui/feedback";
import { CheckboxField, SelectField, TextAreaField, TextField, useFormState } from "../admin/ui/form";
import { loadNamed } from "../admin/refs";
import { useLoad } from "../admin/ui/useLoad";
import { SaveForm } from "../wfm/SaveForm";
import { ReceiptLists } from "./ReceiptLists";
import {
  ANNOUNCEMENT_CATEGORIES, announcementBody, AUDIENCE_KINDS, canPublish, commsPaths, loadAnnouncements, msToZoned, orderAnnouncements, readAnnouncement, ROLES, zonedToMs,
  type Announcement, type AnnouncementReceipts, type AudienceKind,
} from "./commsData";

export function AnnouncementsView(props: { rest: string[]; role: string | undefined; me: string; team: string | null }) {
  const [first, second] = props.rest;
  if (first === "new" && canPublish(props.role)) return <AnnouncementEditor id={null} role={props.role} team={props.team} />;
  if (first && /^\d+$/.test(first) && second === "edit" && canPublish(props.role)) return <AnnouncementEditor id={Number(first)} role={props.role} team={props.team} />;
  return <AnnouncementList focus={first && /^\d+$/.test(first) ? Number(first) : null} role={props.role} me={props.me} />;
}

export function CategoryBadge({ category }: { category: string }) {
  const { t } = useI18n();
  const known = (ANNOUNCEMENT_CATEGORIES as readonly string[]).includes(category);
  return <span className={`sy-badge sy-c-cat sy-c-cat-${known ? category : "general"}`}>{known ? t(`comms.ann.category.${category}`) : category}</span>;
}

export function audienceText(t: (k: string, v?: Record<string, string | number>) => string, a: Announcement["audience"]): string {
  if (a.kind === "everyone") return t("comms.ann.audience.everyone");
  const value = a.kind === "role" ? t(`common.role.${a.value}`) : a.value;
  return t(`comms.ann.audience_of.${a.kind}`, { value });
}

/** One announcement: badges, body, "Mark as read". */
export function AnnouncementCard(props: { a: Announcement; onRead: (a: Announcement) => void; headingLevel?: 3 | 4; children?: React.ReactNode }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const { a } = props;
  const [error, setError] = useState<unknown>(null);
  const H = `h${props.headingLevel ?? 3}` as "h3";
  return (
    <article className={`sy-c-ann${a.pinned ? " sy-c-pinned" : ""}${a.urgent ? " sy-c-urgent" : ""}`} aria-labelledby={`sy-ann-${a.id}`}>
      <H id={`sy-ann-${a.id}`}>
        {a.title} <CategoryBadge category={a.category} />
        {a.pinned && <span className="sy-badge sy-badge-info">{t("comms.ann.pinned")}</span>}
        {a.urgent && <span className="sy-badge sy-badge-alert">{t("comms.ann.urgent")}</span>}
        {a.read_ms === null && <span className="sy-badge sy-badge-alert">{t("comms.unread")}</span>}
      </H>
      <p className="sy-q-muted">
        {t("comms.ann.meta", { author: a.author, when: fmt.dateTime(a.created_ms), audience: audienceText(t, a.audience) })}
        {a.expires_ms ? " · " + t("comms.ann.expires", { when: fmt.dateTime(a.expires_ms) }) : ""}
      </p>
      <p className="sy-c-pre">{a.body}</p>
      {a.read_ms === null ? (
        <button type="button" onClick={() => readAnnouncement(a.id).then((r) => props.onRead({ ...a, ...r }), setError)}>
          {t("comms.mark_read")}
        </button>
      ) : (
        <p className="sy-q-muted">{t("comms.read_at", { when: fmt.dateTime(a.read_ms) })}</p>
      )}
      {props.children}
      {error !== null && <ErrorBanner message={errorText(error, t)} onDismiss={() => setError(null)} />}
    </article>
  );
}

function AnnouncementList(props: { focus: number | null; role: string | undefined; me: string }) {
  const { t } = useI18n();
  const [expired, setExpired] = useState(false);
  const state = useLoad(() => loadAnnouncements(expired), [expired]);
  useEffect(() => onNotification((n) => (n.kind === "comms.announcement" ? state.reload() : undefined)), [state.reload]);
  const [receipts, setReceipts] = useState<number | null>(props.focus);
  const [error, setError] = useState<unknown>(null);
  const writer = canPublish(props.role);
  const list = orderAnnouncements(state.data ?? [], Date.now(), expired);
  const replace = (a: Announcement) => state.set((state.data ?? []).map((x) => (x.id === a.id ? a : x)));
  useEffect(() => {
    if (props.focus !== null) document.getElementById(`sy-ann-${props.focus}`)?.scrollIntoView?.({ block: "center" });
  }, [props.focus, state.data]);
  const remove = (a: Announcement) => {
    if (!window.confirm(t("comms.ann.confirm_delete", { title: a.title }))) return;
    api("DELETE", commsPaths.announcement(a.id)).then(() => state.set((state.data ?? []).filter((x) => x.id !== a.id)), setError);
  };
  return (
    <section aria-labelledby="sy-ann-h">
      <h2 id="sy-ann-h">{t("comms.ann.title")}</h2>
      <div className="sy-c-actions">
        {writer && (
          <Link to="/comms/announcements/new" className="sy-c-button">
            {t("comms.ann.new")}
          </Link>
        )}
        <label className="sy-check">
          <input type="checkbox" checked={expired} onChange={(e) => setExpired(e.target.checked)} /> {t("comms.ann.show_expired")}
        </label>
      </div>
      {error !== null && <ErrorBanner message={errorText(error, t)} onDismiss={() => setError(null)} />}
      <Loaded state={state}>
        {() =>
          list.length === 0 ? (
            <p>{t("comms.ann.none")}</p>
          ) : (
            <div className="sy-c-anns">
              {list.map((a) => (
                <AnnouncementCard key={a.id} a={a} onRead={replace}>
                  {(writer && (a.author === props.me || props.role === "admin")) && (
                    <p className="sy-c-actions">
                      <Link to={`/comms/announcements/${a.id}/edit`} className="sy-c-button" aria-label={t("comms.ann.edit_named", { title: a.title })}>
                        {t("comms.ann.edit")}
                      </Link>
                      <button type="button" className="sy-danger" onClick={() => remove(a)} aria-label={t("comms.ann.delete_named", { title: a.title })}>
                        {t("comms.ann.delete")}
                      </button>
                      <button type="button" aria-expanded={receipts === a.id} onClick={() => setReceipts(receipts === a.id ? null : a.id)}>
                        {t("comms.ann.receipts_button", { n: a.reads ?? 0 })}
                      </button>
                    </p>
                  )}
                  {receipts === a.id && writer && <AnnReceipts id={a.id} />}
                </AnnouncementCard>
              ))}
            </div>
          )
        }
      </Loaded>
    </section>
  );
}

function AnnReceipts(props: { id: number }) {
  const state = useLoad(() => api<AnnouncementReceipts>("GET", commsPaths.announcementReceipts(props.id)), [props.id]);
  return <Loaded state={state}>{(r) => <ReceiptLists read={r.read.map((x) => ({ name: x.user, read_ms: x.read_ms }))} unread={r.unread.map((x) => x.user)} />}</Loaded>;
}

function AnnouncementEditor(props: { id: number | null; role: string | undefined; team: string | null }) {
  const { t, timeZone } = useI18n();
  const lead = props.role === "team_lead";
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [category, setCategory] = useState<string>("general");
  const [kind, setKind] = useState<AudienceKind>(lead ? "team" : "everyone");
  const [value, setValue] = useState(lead ? (props.team ?? "") : "");
  const [pinned, setPinned] = useState(false);
  const [urgent, setUrgent] = useState(false);
  const [expires, setExpires] = useState("");
  const [loadError, setLoadError] = useState<unknown>(null);
  const sites = useLoad(() => loadNamed("sites"), []);
  const teams = useLoad(() => loadNamed("teams"), []);
  const form = useFormState();

  useEffect(() => {
    if (props.id === null) return;
    // no GET of one announcement: the list has it
    loadAnnouncements(true).then((all) => {
      const a = all.find((x) => x.id === props.id);
      if (!a) return setLoadError(new Error(t("comms.ann.not_found")));
      setTitle(a.title);
      setBody(a.body);
      setCategory(a.category);
      setKind(a.audience.kind);
      setValue(a.audience.value);
      setPinned(a.pinned);
      setUrgent(a.urgent);
      setExpires(a.expires_ms ? msToZoned(a.expires_ms, timeZone) : "");
    }, setLoadError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.id]);

  const values = kind === "site" ? (sites.data ?? []).map((s) => s.name) : kind === "team" ? (teams.data ?? []).map((s) => s.name) : kind === "role" ? [...ROLES] : [];
  const save = async () => {
    const e: Record<string, string> = {};
    if (!title.trim()) e.title = "comms.invalid.required";
    if (!body.trim()) e.body = "comms.invalid.required";
    if (kind !== "everyone" && !value.trim()) e["audience.value"] = "comms.invalid.required";
    if (expires.trim() && zonedToMs(expires.trim(), timeZone) === null) e.expires_ms = "comms.invalid.time";
    if (Object.keys(e).length) return form.invalid(e);
    const payload = announcementBody({ title, body, category, kind, value, pinned, urgent, expires }, (s) => zonedToMs(s, timeZone));
    const r = await form.run(() =>
      props.id === null ? api<Announcement>("POST", commsPaths.announcements(), payload) : api<Announcement>("PUT", commsPaths.announcement(props.id), payload),
    );
    if (r) navigate(`/comms/announcements/${r.value.id}`);
  };
  if (loadError) return <ErrorBanner message={errorText(loadError, t)} />;
  return (
    <section aria-labelledby="sy-ann-edit-h">
      <p>
        <Link to="/comms/announcements">{t("comms.ann.back")}</Link>
      </p>
      <h2 id="sy-ann-edit-h">{props.id === null ? t("comms.ann.new") : t("comms.ann.edit")}</h2>
      <SaveForm form={form} labelledBy="sy-ann-edit-h" onSave={() => void save()} save={props.id === null ? t("comms.ann.publish") : t("comms.save")}>
        <div className="sy-grid">
          <TextField name="title" label={t("comms.field_title")} value={title} onChange={setTitle} required />
          <SelectField name="category" label={t("comms.ann.category_label")} value={category} onChange={setCategory}
            options={ANNOUNCEMENT_CATEGORIES.map((c) => ({ value: c, label: t(`comms.ann.category.${c}`) }))} />
        </div>
        <TextAreaField name="body" label={t("comms.field_body")} rows={5} value={body} onChange={setBody} />
        <fieldset className="sy-fieldset" data-field="audience">
          <legend>{t("comms.ann.audience_label")}</legend>
          <div className="sy-grid">
            <SelectField name="audience.kind" label={t("comms.ann.audience_kind")} value={kind} disabled={lead}
              onChange={(v) => {
                setKind(v as AudienceKind);
                setValue("");
              }}
              options={AUDIENCE_KINDS.map((k) => ({ value: k, label: t(`comms.ann.audience.${k}`) }))} />
            {kind !== "everyone" && (
              <SelectField name="audience.value" label={t(`comms.ann.audience_value.${kind}`)} value={value} onChange={setValue} disabled={lead}
                options={[{ value: "", label: t("comms.choose") }, ...values.map((v) => ({ value: v, label: kind === "role" ? t(`common.role.${v}`) : v }))]} />
            )}
          </div>
          {lead && <p className="sy-hint">{t("comms.ann.lead_team_only")}</p>}
        </fieldset>
        <div className="sy-grid">
          <CheckboxField name="pinned" label={t("comms.ann.pin")} checked={pinned} onChange={setPinned} />
          <CheckboxField name="urgent" label={t("comms.ann.urgent_label")} hint={t("comms.ann.urgent_hint")} checked={urgent} onChange={setUrgent} />
          <TextField name="expires_ms" type="datetime-local" label={t("comms.ann.expiry")} hint={t("comms.ann.expiry_hint", { zone: timeZone })} value={expires} onChange={setExpires} />
        </div>
      </SaveForm>
    </section>
  );
}
