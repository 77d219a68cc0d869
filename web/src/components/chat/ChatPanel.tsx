// One chat, live: the agent's view (reply, whisper back, typing, receipts)
// or a supervisor's (watch, whisper to the agent, barge in). Used by the
// desk (several side by side) and the wallboard's chat monitor.
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useI18n } from "../../i18n";
import { api, ApiError } from "../../lib/api";
import {
  addPending,
  applyChatFrame,
  chatPath,
  dropPending,
  EMPTY_CHAT,
  announceCustomerMessage,
  lastVisitorSeq,
  newClientId,
  openChat,
  postChatMessage,
  tickOf,
  typingNow,
  type ChatConnection,
  type ChatMessage,
  type ChatSession,
  type ChatState,
} from "../../lib/chat";
import type { LiveStatus as Status } from "../../lib/live";
import { ErrorBanner } from "../ErrorBanner";
import { LiveStatus } from "../LiveStatus";
import { useFormat } from "../useFormat";
import { onTick } from "../ticker";

export interface ChatPanelProps {
  contact: number;
  /** agent: the contact's agent; monitor: a supervisor watching. */
  mode: "agent" | "monitor";
  /** The logged-in user's name (to know whether they barged in). */
  me: string;
  /** Monitor mode: may take the chat over. */
  canBarge?: boolean;
  /** Heading level of the panel's title. */
  headingLevel?: 2 | 3;
  /** Inside a contact's card that names the queue and contact already. */
  compact?: boolean;
  onClose?: () => void;
}

export function ChatPanel({ contact, mode, me, canBarge, headingLevel = 3, compact, onClose }: ChatPanelProps) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [chat, setChat] = useState<ChatState>(EMPTY_CHAT);
  const [status, setStatus] = useState<Status>("connecting");
  const [error, setError] = useState<unknown>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [text, setText] = useState("");
  const [kind, setKind] = useState<"message" | "whisper">(mode === "monitor" ? "whisper" : "message");
  const [, setNow] = useState(0);
  const conn = useRef<ChatConnection | null>(null);
  const logRef = useRef<HTMLDivElement>(null);
  const typingSent = useRef(0);
  const sentRead = useRef({ delivered: 0, read: 0 });
  const announced = useRef(0); // the newest customer message told to the desk
  const inputId = useId();
  const H = `h${headingLevel}` as "h2" | "h3";

  useEffect(() => {
    let failures = 0;
    setChat(EMPTY_CHAT);
    setUnavailable(false);
    sentRead.current = { delivered: 0, read: 0 };
    announced.current = 0;
    const c = openChat(
      contact,
      (f) => setChat((s) => applyChatFrame(s, f, Date.now())),
      (s) => {
        setStatus(s);
        if (s === "reconnecting" && ++failures === 2) {
          // Is there a chat to connect to? (404: no such chat, or a server without chat yet.)
          api<ChatSession>("GET", chatPath(contact)).catch((e) => {
            if (e instanceof ApiError && e.status === 404) {
              setUnavailable(true);
              c.stop();
            }
          });
        }
      },
    );
    conn.current = c;
    return () => {
      c.stop();
      conn.current = null;
    };
  }, [contact]);

  // typing lapses: re-render every second while someone types
  const typing = typingNow(chat, Date.now());
  useEffect(() => (typing.length ? onTick(() => setNow((n) => n + 1)) : undefined), [typing.length]);

  // keep the newest message in view
  useEffect(() => {
    const el = logRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [chat.messages.length, chat.pending.length]);

  // the agent tells the visitor what arrived and what was read (a supervisor
  // watching does not: it would tell the visitor the agent read it)
  useEffect(() => {
    if (mode !== "agent") return;
    const up = lastVisitorSeq(chat);
    if (up > announced.current) {
      announced.current = up;
      announceCustomerMessage(contact, up);
    }
    if (up > sentRead.current.delivered && conn.current?.send({ type: "delivered", up_to: up })) sentRead.current.delivered = up;
    if (up > sentRead.current.read && document.visibilityState === "visible" && conn.current?.send({ type: "read", up_to: up }))
      sentRead.current.read = up;
  }, [chat, mode, contact]);

  const send = useCallback(
    async (e?: FormEvent) => {
      e?.preventDefault();
      const body = text.trim();
      if (!body) return;
      const clientId = newClientId();
      const author = mode === "agent" ? "agent" : "supervisor";
      setChat((s) => addPending(s, { seq: 0, from: author, kind, author: me, text: body, time_ms: Date.now(), client_id: clientId }));
      setText("");
      setError(null);
      if (mode === "agent") conn.current?.send({ type: "typing", on: false });
      typingSent.current = 0;
      try {
        const m = await postChatMessage(contact, body, kind, clientId);
        if (m && typeof m.seq === "number") setChat((s) => applyChatFrame(s, { type: "message", ...m }, Date.now()));
      } catch (err) {
        setChat((s) => dropPending(s, clientId));
        setText(body);
        setError(err);
      }
    },
    [text, kind, contact, me, mode],
  );

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  }
  function onInput(v: string) {
    setText(v);
    if (mode !== "agent" || kind !== "message") return;
    const now = Date.now();
    if (v && now - typingSent.current > 3000) {
      typingSent.current = now;
      conn.current?.send({ type: "typing", on: true });
    }
  }

  async function barge() {
    setError(null);
    try {
      const s = await api<ChatSession>("POST", chatPath(contact, "barge"));
      setChat((c) => (c.session ? { ...c, session: { ...c.session, barged_by: s?.barged_by ?? me } } : c));
      setKind("message");
    } catch (err) {
      setError(err);
    }
  }

  const session = chat.session;
  const ended = !!chat.ended || session?.state === "ended";
  const bargedByMe = session?.barged_by === me;
  const mayMessage = mode === "agent" || bargedByMe;
  const visitorName = session?.visitor?.name || t("agent.chat.visitor");
  const items = useMemo(() => [...chat.messages.map((m) => ({ m, pending: false })), ...chat.pending.map((m) => ({ m, pending: true }))], [chat.messages, chat.pending]);

  return (
    <section className={"chat-panel chat-" + mode} aria-label={t("agent.chat.with", { name: visitorName })}>
      <div className="chat-head">
        <H className="chat-title">
          {visitorName}
          {!compact && (
            <span className="muted chat-sub">
              {" "}
              · {session?.queue ?? "…"} · #{contact}
            </span>
          )}
        </H>
        <LiveStatus status={unavailable ? "stopped" : status} />
        {session && <span className={"badge chat-state-" + session.state}>{t("agent.chat.state." + session.state)}</span>}
        {mode === "monitor" && canBarge && !bargedByMe && !ended && (
          <button type="button" className="btn btn-small" onClick={barge}>
            {t("agent.chat.barge")}
          </button>
        )}
        {onClose && (
          <button type="button" className="btn btn-small btn-ghost" onClick={onClose} aria-label={t("agent.chat.close")}>
            ×
          </button>
        )}
      </div>
      {unavailable && <div className="banner banner-info">{t("agent.chat.unavailable")}</div>}
      {session?.barged_by && <div className="chat-note">{t("agent.chat.bargedBy", { name: session.barged_by })}</div>}
      <div className="chat-log" ref={logRef} role="log" aria-live="polite" aria-label={t("agent.chat.transcript")} tabIndex={0}>
        {items.length === 0 ? (
          <p className="empty">{t("agent.chat.noMessages")}</p>
        ) : (
          <ol className="chat-list">
            {items.map(({ m, pending }) => (
              <Message key={pending ? "p" + m.client_id : m.seq} m={m} pending={pending} chat={chat} time={fmt.time(m.time_ms)} visitorName={visitorName} />
            ))}
          </ol>
        )}
      </div>
      <div className="chat-typing" aria-live="polite">
        {typing.includes("visitor") && t("agent.chat.typing", { name: visitorName })}
        {mode === "monitor" && typing.includes("agent") && t("agent.chat.typing", { name: session?.agent ?? t("agent.chat.agent") })}
      </div>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {ended ? (
        <p className="chat-ended">{t("agent.chat.ended." + (chat.ended?.reason || "other"))}</p>
      ) : (
        <form className="chat-compose" onSubmit={send}>
          {mayMessage ? (
            <div className="chat-kind" role="radiogroup" aria-label={t("agent.chat.kind")}>
              <label className="check">
                <input type="radio" name={inputId + "-kind"} checked={kind === "message"} onChange={() => setKind("message")} />
                {t("agent.chat.toVisitor")}
              </label>
              <label className="check">
                <input type="radio" name={inputId + "-kind"} checked={kind === "whisper"} onChange={() => setKind("whisper")} />
                {mode === "agent" ? t("agent.chat.whisperBack") : t("agent.chat.whisperToAgent")}
              </label>
            </div>
          ) : (
            <p className="chat-kind whisper-only">{t("agent.chat.whisperOnly")}</p>
          )}
          <label htmlFor={inputId} className="sr-only">
            {kind === "whisper" ? t("agent.chat.whisperLabel") : t("agent.chat.messageLabel")}
          </label>
          <div className="chat-input-row">
            <textarea
              id={inputId}
              rows={2}
              value={text}
              maxLength={4000}
              className={kind === "whisper" ? "whisper-input" : ""}
              placeholder={kind === "whisper" ? t("agent.chat.whisperPlaceholder") : t("agent.chat.placeholder")}
              onChange={(e) => onInput(e.target.value)}
              onKeyDown={onKeyDown}
              onBlur={() => mode === "agent" && typingSent.current && conn.current?.send({ type: "typing", on: false })}
            />
            <button type="submit" className="btn btn-primary" disabled={!text.trim()}>
              {kind === "whisper" ? t("agent.chat.sendWhisper") : t("agent.chat.send")}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function Message({ m, pending, chat, time, visitorName }: { m: ChatMessage; pending: boolean; chat: ChatState; time: string; visitorName: string }) {
  const { t } = useI18n();
  if (m.from === "system") {
    // the text is a code (docs/chat.md): "barge", with the supervisor as author
    const line = m.text === "barge" ? t("agent.chat.joined", { name: m.author ?? t("agent.chat.supervisor") }) : m.text;
    return (
      <li className="msg msg-system">
        <span>{line}</span> <span className="msg-time">{time}</span>
      </li>
    );
  }
  const staff = m.from !== "visitor";
  const whisper = m.kind === "whisper";
  const who = m.from === "visitor" ? visitorName : m.author ?? t("agent.chat." + m.from);
  const tick = staff && !whisper ? tickOf(chat, m, pending) : null;
  return (
    <li className={"msg " + (staff ? "msg-staff" : "msg-visitor") + (whisper ? " msg-whisper" : "") + (pending ? " msg-pending" : "")}>
      <div className="msg-meta">
        {whisper && <span className="whisper-tag">{t("agent.chat.whisperTag")}</span>}
        <span className="msg-author">{who}</span>
        <span className="msg-time">{time}</span>
      </div>
      <div className="msg-text">{m.text}</div>
      {tick && (
        <div className={"msg-tick tick-" + tick} title={t("agent.chat.tick." + tick)}>
          <span aria-hidden="true">{tick === "sending" ? "…" : tick === "sent" ? "✓" : "✓✓"}</span>
          <span className="sr-only">{t("agent.chat.tick." + tick)}</span>
        </div>
      )}
    </li>
  );
}
