// One room: its people with their presence (GET .../members, on opening the
// list), a huddle's time, agenda and notes, the messages (older ones on
// scrolling to the top or with a button; one's own editable in place), and
// the composer. Marks the room read while it is on screen and the tab
// is visible; says new messages of others in a polite live region; a search
// result's message is loaded, scrolled to and focused.
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { useI18n } from "../../i18n";
import { ErrorBanner, useFormat } from "../../components";
import {
  directPeer, editMessage, HISTORY_PAGE, listMembers, listMessages, markRoomRead, postMessage, roomPeople, roomTitle, saveHuddle,
  type ChatAction, type ChatMessage, type ChatRoom, type ChatState, type Presence, type RoomMember,
} from "../../lib/teamChat";
import { Composer, MAX_BODY_BYTES } from "./Composer";
import { MessageBody, PresenceTag } from "./Parts";

/** How many pages back a jump to a message may load. */
const JUMP_PAGES = 20;

function useVisible(): boolean {
  const [v, setV] = useState(() => typeof document === "undefined" || document.visibilityState !== "hidden");
  useEffect(() => {
    const f = () => setV(document.visibilityState !== "hidden");
    document.addEventListener("visibilitychange", f);
    return () => document.removeEventListener("visibilitychange", f);
  }, []);
  return v;
}

export interface RoomViewProps {
  room: ChatRoom;
  state: ChatState;
  me: string;
  dispatch: (a: ChatAction) => void;
  /** A message to show (a search result's). */
  focusMessage?: number | null;
  compact?: boolean;
  /** The heading level of the room's name. */
  level?: 2 | 3;
}

export function RoomView({ room, state, me, dispatch, focusMessage = null, compact = false, level = 2 }: RoomViewProps) {
  const { t } = useI18n();
  const fmt = useFormat();
  const visible = useVisible();
  const [error, setError] = useState<unknown>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [flash, setFlash] = useState<number | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const keepFrom = useRef<number | null>(null);
  const atBottom = useRef(true);
  const jumped = useRef<number | null>(null);
  const headId = useId();
  const messages = state.messages[room.id] ?? [];
  const more = state.more[room.id];
  const title = roomTitle(room, me);
  const H = level === 2 ? "h2" : "h3";

  // the first page of history when the room opens
  useEffect(() => {
    if (more !== undefined) return;
    let live = true;
    listMessages(room.id).then(
      (p) => live && dispatch({ type: "history", room: room.id, items: p.items ?? [], limit: HISTORY_PAGE }),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [room.id, more, dispatch]);

  const loadOlder = useCallback(async () => {
    const oldest = (state.messages[room.id] ?? [])[0];
    if (loadingOlder || !oldest) return;
    setLoadingOlder(true);
    keepFrom.current = scroller.current ? scroller.current.scrollHeight - scroller.current.scrollTop : null;
    try {
      const p = await listMessages(room.id, oldest.id);
      dispatch({ type: "history", room: room.id, items: p.items ?? [], limit: HISTORY_PAGE });
    } catch (e) {
      setError(e);
    } finally {
      setLoadingOlder(false);
    }
  }, [state.messages, room.id, loadingOlder, dispatch]);

  // older messages keep the view where it was; new ones follow when at the bottom
  const lastId = messages[messages.length - 1]?.id ?? 0;
  const lastMine = messages[messages.length - 1]?.author === me;
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (keepFrom.current !== null) {
      el.scrollTop = el.scrollHeight - keepFrom.current;
      keepFrom.current = null;
    } else if ((atBottom.current || lastMine) && (focusMessage === null || jumped.current === focusMessage)) el.scrollTop = el.scrollHeight;
  }, [messages.length, lastId, lastMine, focusMessage]);

  // a search result: page back until the message is there, then show it
  useEffect(() => {
    if (focusMessage === null || jumped.current === focusMessage || more === undefined) return;
    const found = messages.some((m) => m.id === focusMessage);
    if (!found) {
      const pagesBack = Math.ceil(messages.length / HISTORY_PAGE);
      if (more && pagesBack < JUMP_PAGES && !loadingOlder) void loadOlder();
      return;
    }
    jumped.current = focusMessage;
    setFlash(focusMessage);
    const li = scroller.current?.querySelector<HTMLElement>(`[data-message="${focusMessage}"]`);
    li?.scrollIntoView?.({ block: "center" });
    li?.focus({ preventScroll: true });
  }, [focusMessage, messages, more, loadingOlder, loadOlder]);

  // read while on screen: the server's count comes back (and to other tabs as a read frame)
  const lastKnown = room.last_message?.id ?? lastId;
  useEffect(() => {
    if (!visible || room.unread === 0 || !lastKnown) return;
    let live = true;
    markRoomRead(room.id, lastKnown).then(
      (r) => live && dispatch({ type: "read", room: room.id, unread: r.unread }),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [visible, room.id, room.unread, lastKnown, dispatch]);

  const send = async (body: string): Promise<boolean> => {
    setError(null);
    try {
      const m = await postMessage(room.id, body);
      dispatch({ type: "sent", message: m, me });
      atBottom.current = true;
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };

  const arrived = state.arrived && state.arrived.room === room.id ? state.arrived : null;
  const peer = directPeer(room, me);
  return (
    <section className={"tc-room-view" + (compact ? " tc-compact" : "")} aria-labelledby={headId}>
      <header className="tc-room-head">
        <H id={headId} className="tc-room-title" tabIndex={-1}>
          {title}
        </H>
        <span className="tc-kind badge">{t("chat.kind." + room.kind)}</span>
        {peer && <PresenceTag presence={state.presence[peer]} />}
        {!peer && <MemberList room={room} presence={state.presence} />}
      </header>
      {room.huddle && <HuddlePanel room={room} dispatch={dispatch} />}
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <div
        ref={scroller}
        className="tc-scroll"
        tabIndex={0}
        role="region"
        aria-label={t("chat.messages_in", { room: title })}
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
          if (el.scrollTop < 24 && more && !loadingOlder) void loadOlder();
        }}
      >
        {more && (
          <button type="button" className="btn btn-small tc-older" onClick={() => void loadOlder()} disabled={loadingOlder}>
            {loadingOlder ? t("chat.loading_older") : t("chat.older")}
          </button>
        )}
        {more === false && messages.length > 0 && <p className="tc-start muted">{t("chat.start_of_room")}</p>}
        {more === undefined && <p className="muted">{t("chat.loading_messages")}</p>}
        {more !== undefined && messages.length === 0 && <p className="muted">{t("chat.no_messages")}</p>}
        <ol className="tc-messages">
          {messages.map((m) => (
            <MessageItem
              key={m.id}
              m={m}
              me={me}
              flash={flash === m.id}
              time={fmt.time(m.created_ms)}
              full={fmt.dateTime(m.created_ms)}
              editedAt={m.edited_ms !== null ? fmt.dateTime(m.edited_ms) : ""}
              onEdited={(next) => dispatch({ type: "edited", message: next })}
            />
          ))}
        </ol>
      </div>
      <div className="sr-only" role="status" aria-live="polite">
        {arrived ? t("chat.arrived", { author: arrived.author, room: title, body: arrived.body }) : ""}
      </div>
      <Composer key={room.id} people={roomPeople(state, room)} me={me} roomLabel={title} onSend={send} autoFocus={!compact && focusMessage === null} />
    </section>
  );
}

/** Who is in the room with their presence, read when the list is opened
 *  (a site room can be large: not part of every room frame). The socket's
 *  presence frames keep the states current. */
function MemberList(props: { room: ChatRoom; presence: Record<string, Presence> }) {
  const { t } = useI18n();
  const [members, setMembers] = useState<RoomMember[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState(false);
  const room = props.room.id;
  useEffect(() => setMembers(null), [room]);
  useEffect(() => {
    if (!open || members !== null) return;
    let live = true;
    listMembers(room).then(
      (m) => live && setMembers(m),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [open, members, room]);
  const n = members?.length ?? props.room.members?.length;
  return (
    <details className="tc-member-list" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{n !== undefined ? t("chat.members_n", { n }) : t("chat.members")}</summary>
      {open && members === null && !error && <p className="muted">{t("chat.loading_members")}</p>}
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {members && (
        <ul aria-label={t("chat.members")}>
          {members.map((m) => (
            <li key={m.user}>
              <span className="tc-member-name">{m.display_name && m.display_name !== m.user ? `${m.display_name} (${m.user})` : m.user}</span>{" "}
              <PresenceTag presence={props.presence[m.user] ?? m} />
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

function MessageItem(props: {
  m: ChatMessage;
  me: string;
  flash: boolean;
  time: string;
  full: string;
  editedAt: string;
  onEdited: (m: ChatMessage) => void;
}) {
  const { t } = useI18n();
  const { m, me } = props;
  const mine = m.author === me;
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const boxId = useId();
  const tooLong = draft !== null && new TextEncoder().encode(draft).length > MAX_BODY_BYTES;
  const save = async () => {
    if (draft === null || saving || tooLong) return;
    const body = draft.trim();
    if (!body || body === m.body) return setDraft(null);
    setSaving(true);
    setError(null);
    try {
      props.onEdited(await editMessage(m.id, body));
      setDraft(null);
    } catch (e) {
      setError(e); // the text stays in the box
    } finally {
      setSaving(false);
    }
  };
  const mentionsMe = m.mentions.includes(me);
  const cls = ["tc-msg", mine ? "tc-msg-mine" : "", m.broadcast ? "tc-msg-broadcast" : "", mentionsMe ? "tc-msg-mentions-me" : "", props.flash ? "tc-msg-flash" : ""].filter(Boolean).join(" ");
  return (
    <li className={cls} data-message={m.id} tabIndex={-1}>
      <div className="tc-msg-meta">
        <span className="tc-msg-author">{m.author}</span>
        <time className="tc-msg-time" dateTime={new Date(m.created_ms).toISOString()} title={props.full}>
          {props.time}
        </time>
        {m.broadcast && (
          <span className="tc-tag tc-tag-broadcast">
            <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="12" height="12">
              <path fill="currentColor" d="M3 10v4h3l5 4V6L6 10H3Zm11.5 2A4.5 4.5 0 0 0 12 8v8a4.5 4.5 0 0 0 2.5-4ZM12 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6Z" />
            </svg>{" "}
            {t("chat.broadcast.tag")}
          </span>
        )}
        {mentionsMe && <span className="tc-tag tc-tag-mention">{t("chat.mentions_you")}</span>}
        {m.edited_ms !== null && (
          <span className="muted tc-edited" title={t("chat.edited_at", { when: props.editedAt })}>
            {t("chat.edited")}
          </span>
        )}
        {mine && draft === null && (
          <button type="button" className="btn btn-small tc-edit" onClick={() => setDraft(m.body)} aria-label={t("chat.edit_message", { time: props.time })}>
            {t("chat.edit")}
          </button>
        )}
      </div>
      {draft === null ? (
        <div className="tc-msg-text">
          <MessageBody message={m} me={me} />
        </div>
      ) : (
        <form
          className="tc-edit-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label htmlFor={boxId} className="sr-only">
            {t("chat.edit_label")}
          </label>
          <textarea
            id={boxId}
            rows={2}
            value={draft}
            autoFocus
            aria-invalid={tooLong || error ? true : undefined}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") {
                e.preventDefault();
                e.stopPropagation();
                setDraft(null);
                setError(null);
              } else if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                void save();
              }
            }}
          />
          {tooLong && <div className="field-error">{t("chat.compose.too_long")}</div>}
          <ErrorBanner error={error} onDismiss={() => setError(null)} />
          <div className="btn-row">
            <button type="submit" className="btn btn-small btn-primary" disabled={saving || tooLong || !draft.trim()}>
              {t("chat.save")}
            </button>
            <button type="button" className="btn btn-small" onClick={() => (setDraft(null), setError(null))} disabled={saving}>
              {t("chat.cancel")}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

function HuddlePanel(props: { room: ChatRoom; dispatch: (a: ChatAction) => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const h = props.room.huddle!;
  const [agenda, setAgenda] = useState(h.agenda);
  const [notes, setNotes] = useState(h.notes);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  // what the fields started from: another member's edit (a room frame) is
  // taken unless this user has changed the fields since
  const [base, setBase] = useState({ agenda: h.agenda, notes: h.notes });
  const edited = agenda !== base.agenda || notes !== base.notes;
  const dirty = agenda !== h.agenda || notes !== h.notes;
  useEffect(() => {
    if (edited) return;
    setBase({ agenda: h.agenda, notes: h.notes });
    setAgenda(h.agenda);
    setNotes(h.notes);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [h.agenda, h.notes]);
  const save = async () => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const room = await saveHuddle(props.room.id, { agenda, notes });
      props.dispatch({ type: "room", room });
      setBase({ agenda, notes });
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const id = useId();
  return (
    <form
      className="tc-huddle card"
      aria-labelledby={id}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id={id} className="tc-huddle-title">
        {t("chat.huddle.when", { start: fmt.dateTime(h.starts_ms), end: fmt.time(h.ends_ms) })}
      </h3>
      <div className="tc-huddle-fields">
        <div className="field">
          <label htmlFor={id + "-agenda"}>{t("chat.huddle.agenda")}</label>
          <textarea id={id + "-agenda"} rows={3} value={agenda} onChange={(e) => (setAgenda(e.target.value), setSaved(false))} />
        </div>
        <div className="field">
          <label htmlFor={id + "-notes"}>{t("chat.huddle.notes")}</label>
          <textarea id={id + "-notes"} rows={3} value={notes} onChange={(e) => (setNotes(e.target.value), setSaved(false))} />
        </div>
      </div>
      <div className="btn-row">
        <button type="submit" className="btn btn-small btn-primary" disabled={busy || !dirty}>
          {t("chat.huddle.save")}
        </button>
        <span role="status" className="muted">
          {saved ? t("chat.huddle.saved") : ""}
        </span>
      </div>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
    </form>
  );
}
