// The chat page's dialogs: a new direct message (pick a person), a new
// group or huddle (name, members; a huddle's day, time, length and agenda),
// and a team lead's broadcast to the team.
import { useMemo, useState } from "react";
import { useI18n } from "../../i18n";
import { ErrorBanner, Field, fieldError, Modal } from "../../components";
import { broadcast, createRoom, openDirect, type ChatMessage, type ChatRoom, type Presence } from "../../lib/teamChat";
import { nextQuarter, roomBody, wallParts, type RoomForm } from "./chatData";
import { PresenceTag } from "./Parts";
import { useColleagues } from "../../components/ColleagueList";

/** Cancel and the submit button of a dialog's form (outside the form, by its id). */
function FormFooter(props: { form: string; submit: string; busy: boolean; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <div className="btn-row">
      <button type="button" className="btn" onClick={props.onCancel}>
        {t("chat.cancel")}
      </button>
      <button type="submit" form={props.form} className="btn btn-primary" disabled={props.busy}>
        {props.submit}
      </button>
    </div>
  );
}

/** The people one can write to: everyone of one's rooms (presence), without oneself. */
function peopleOf(presence: Record<string, Presence>, me: string): string[] {
  return Object.keys(presence)
    .filter((u) => u !== me)
    .sort();
}

export function NewDirectDialog(props: { presence: Record<string, Presence>; me: string; onClose: () => void; onOpened: (room: ChatRoom) => void }) {
  const { t } = useI18n();
  const [filter, setFilter] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const people = useMemo(() => peopleOf(props.presence, props.me), [props.presence, props.me]);
  const f = filter.trim().toLowerCase();
  // beside the people of one's rooms, anyone in the directory whose user or display name matches
  const found = useColleagues(filter);
  const shown = [...new Set([...people.filter((u) => u.toLowerCase().includes(f)), ...(f ? found.map((c) => c.user) : [])])].filter(
    (u) => u !== props.me,
  );
  const open = async (user: string) => {
    setBusy(true);
    setError(null);
    try {
      props.onOpened(await openDirect(user));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  // a name typed that is not in the list: ask the server (it says when there is no such user)
  const typed = filter.trim();
  return (
    <Modal title={t("chat.direct.title")} onClose={props.onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (shown.length === 1) void open(shown[0]);
          else if (typed) void open(typed);
        }}
      >
        <Field label={t("chat.direct.filter")} hint={t("chat.direct.filter_hint")} error={fieldError(error, "with")}>
          <input type="search" value={filter} autoFocus onChange={(e) => setFilter(e.target.value)} autoComplete="off" />
        </Field>
      </form>
      <ErrorBanner error={fieldError(error, "with") ? null : error} />
      {shown.length === 0 ? (
        <p className="muted">{t("chat.direct.none")}</p>
      ) : (
        <ul className="tc-people" aria-label={t("chat.direct.people")}>
          {shown.map((u) => (
            <li key={u}>
              <button type="button" className="tc-person" disabled={busy} onClick={() => void open(u)}>
                <span className="tc-person-name">{u}</span>
                <PresenceTag presence={props.presence[u]} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {typed && !people.includes(typed) && (
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => void open(typed)}>
          {t("chat.direct.write_to", { user: typed })}
        </button>
      )}
    </Modal>
  );
}

export function NewRoomDialog(props: { presence: Record<string, Presence>; me: string; timeZone: string; kind: "group" | "huddle"; onClose: () => void; onCreated: (room: ChatRoom) => void }) {
  const { t } = useI18n();
  const people = useMemo(() => peopleOf(props.presence, props.me), [props.presence, props.me]);
  const [form, setForm] = useState<RoomForm>(() => {
    const w = wallParts(nextQuarter(Date.now()), props.timeZone);
    return { kind: props.kind, name: "", members: [], date: w.date, start: w.time, minutes: "15", agenda: "" };
  });
  const [others, setOthers] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const up = (p: Partial<RoomForm>) => setForm((f) => ({ ...f, ...p }));
  const toggle = (u: string) => up({ members: form.members.includes(u) ? form.members.filter((x) => x !== u) : [...form.members, u] });
  const huddle = form.kind === "huddle";
  const err = (field: string) => (errors[field] ? t(errors[field]) : fieldError(error, field) ?? fieldError(error, "huddle." + field));

  const submit = async () => {
    const extra = others
      .split(/[\s,，、]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const r = roomBody({ ...form, members: [...new Set([...form.members, ...extra])] }, props.timeZone);
    setError(null);
    if ("errors" in r) {
      setErrors(r.errors as Record<string, string>);
      const first = Object.keys(r.errors)[0];
      document.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      props.onCreated(await createRoom(r.body));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Modal
      title={huddle ? t("chat.room.new_huddle") : t("chat.room.new_group")}
      onClose={props.onClose}
      footer={<FormFooter form="tc-room-form" busy={busy} onCancel={props.onClose} submit={huddle ? t("chat.room.create_huddle") : t("chat.room.create_group")} />}
    >
      <form
        id="tc-room-form"
        className="tc-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field label={t("chat.room.name")} error={err("name")}>
          <input data-field="name" value={form.name} autoFocus onChange={(e) => up({ name: e.target.value })} />
        </Field>
        <fieldset className="tc-members" data-field="members" tabIndex={-1} aria-invalid={err("members") ? true : undefined}>
          <legend>{t("chat.room.members")}</legend>
          {people.length === 0 && <p className="muted">{t("chat.direct.none")}</p>}
          <div className="tc-member-grid">
            {people.map((u) => (
              <label key={u} className="check">
                <input type="checkbox" checked={form.members.includes(u)} onChange={() => toggle(u)} /> {u}
              </label>
            ))}
          </div>
          <Field label={t("chat.room.others")} hint={t("chat.room.others_hint")}>
            <input value={others} onChange={(e) => setOthers(e.target.value)} autoComplete="off" />
          </Field>
          {err("members") && <div className="field-error">{err("members")}</div>}
        </fieldset>
        {huddle && (
          <div className="tc-huddle-when">
            <Field label={t("chat.huddle.date")} error={err("date") ?? err("starts_ms")}>
              <input data-field="date" type="date" value={form.date} onChange={(e) => up({ date: e.target.value })} />
            </Field>
            <Field label={t("chat.huddle.start")} hint={t("chat.huddle.zone", { zone: props.timeZone })} error={err("start")}>
              <input data-field="start" type="time" step={300} value={form.start} onChange={(e) => up({ start: e.target.value })} />
            </Field>
            <Field label={t("chat.huddle.minutes")} error={err("minutes") ?? err("ends_ms")}>
              <input data-field="minutes" type="number" min={5} max={480} step={5} value={form.minutes} onChange={(e) => up({ minutes: e.target.value })} />
            </Field>
          </div>
        )}
        {huddle && (
          <Field label={t("chat.huddle.agenda")} error={err("agenda")}>
            <textarea rows={4} value={form.agenda} onChange={(e) => up({ agenda: e.target.value })} />
          </Field>
        )}
        <ErrorBanner error={error && !(error as { field?: string }).field ? error : null} />
      </form>
    </Modal>
  );
}

export function BroadcastDialog(props: { team: string | null; onClose: () => void; onSent: (m: ChatMessage) => void }) {
  const { t } = useI18n();
  const [body, setBody] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [empty, setEmpty] = useState(false);
  const send = async () => {
    if (!body.trim()) return setEmpty(true);
    setBusy(true);
    setError(null);
    try {
      props.onSent(await broadcast(body.trim()));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Modal
      title={t("chat.broadcast.title")}
      onClose={props.onClose}
      footer={<FormFooter form="tc-broadcast-form" busy={busy} onCancel={props.onClose} submit={t("chat.broadcast.send")} />}
    >
      <form
        id="tc-broadcast-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <p className="muted">{t("chat.broadcast.help", { team: props.team ?? "—" })}</p>
        <Field label={t("chat.broadcast.body")} error={empty ? t("chat.invalid.body") : fieldError(error, "body")}>
          <textarea
            rows={5}
            value={body}
            autoFocus
            onChange={(e) => {
              setBody(e.target.value);
              setEmpty(false);
            }}
          />
        </Field>
        <ErrorBanner error={fieldError(error, "body") ? null : error} />
      </form>
    </Modal>
  );
}
