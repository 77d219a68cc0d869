// Live chat monitoring: the running chats in scope, each can be opened to
// watch it live, whisper to the agent, or barge in.
import { memo, useCallback, useEffect, useId, useImperativeHandle, useRef, useState, type Ref } from "react";
import { useI18n } from "../../i18n";
import { api, ApiError } from "../../lib/api";
import type { ChatSession } from "../../lib/chat";
import { Elapsed, ErrorBanner } from "../../components";
import { ChatPanel } from "../../components/chat/ChatPanel";

export interface ChatMonitorHandle {
  /** Something happened on a chat queue: list the chats again (soon). */
  changed: () => void;
}

const MAX_OPEN = 3;

// memo: the wallboard renders with every batch of events; this list follows
// the chat sessions only
export const ChatMonitor = memo(function ChatMonitor({ me, canBarge, ref }: { me: string; canBarge: boolean; ref?: Ref<ChatMonitorHandle> }) {
  const { t } = useI18n();
  const id = useId();
  const [sessions, setSessions] = useState<ChatSession[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [open, setOpen] = useState<number[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const last = useRef(0);

  const load = useCallback(() => {
    last.current = Date.now();
    api<ChatSession[] | { sessions: ChatSession[] }>("GET", "/api/v1/chat/sessions").then(
      (r) => {
        setSessions(Array.isArray(r) ? r : (r?.sessions ?? []));
        setError(null);
      },
      (e) => {
        if (e instanceof ApiError && e.status === 404) setUnavailable(true);
        else setError(e);
      },
    );
  }, []);

  useEffect(() => {
    load();
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [load]);

  // at most one listing every 2 s, however many chat events come
  useImperativeHandle(ref, () => ({
    changed: () => {
      if (unavailable || timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        load();
      }, Math.max(0, 2000 - (Date.now() - last.current)));
    },
  }), [load, unavailable]);

  const toggle = (c: number) => setOpen((o) => (o.includes(c) ? o.filter((x) => x !== c) : [...o, c].slice(-MAX_OPEN)));

  return (
    <section className="card chat-monitor" aria-labelledby={id + "-h"}>
      <div className="grid-head">
        <h2 id={id + "-h"}>
          {t("wallboard.chats.title")} {sessions && <span className="count-badge">{sessions.length}</span>}
        </h2>
        {!unavailable && (
          <button type="button" className="btn btn-small" onClick={load}>
            {t("wallboard.chats.refresh")}
          </button>
        )}
      </div>
      {unavailable ? (
        <p className="empty">{t("wallboard.chats.unavailable")}</p>
      ) : (
        <>
          <ErrorBanner error={error} onRetry={load} />
          {sessions && sessions.length === 0 && <p className="empty">{t("wallboard.chats.none")}</p>}
          {sessions && sessions.length > 0 && (
            <div className="grid-scroll short">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("wallboard.chats.visitor")}</th>
                    <th scope="col">{t("wallboard.chats.queue")}</th>
                    <th scope="col">{t("wallboard.chats.agent")}</th>
                    <th scope="col">{t("wallboard.chats.state")}</th>
                    <th scope="col">{t("wallboard.chats.duration")}</th>
                    <th scope="col">
                      <span className="sr-only">{t("wallboard.chats.open")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {sessions.map((s) => (
                    <tr key={s.contact}>
                      <th scope="row">
                        {s.visitor?.name || t("agent.chat.visitor")} <span className="muted">#{s.contact}</span>
                      </th>
                      <td>{s.queue}</td>
                      <td>{s.agent ?? "—"}</td>
                      <td>
                        <span className={"badge chat-state-" + s.state}>{t("agent.chat.state." + s.state)}</span>
                        {s.barged_by && <span className="muted"> {t("wallboard.chats.barged", { name: s.barged_by })}</span>}
                      </td>
                      <td className="num">
                        <Elapsed since={s.started_ms} />
                      </td>
                      <td>
                        <button type="button" className="btn btn-small" aria-pressed={open.includes(s.contact)} onClick={() => toggle(s.contact)}>
                          {open.includes(s.contact) ? t("wallboard.chats.close") : t("wallboard.chats.monitor")}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {open.length > 0 && (
            <div className="monitor-panels">
              {open.map((c) => (
                <div className="monitor-panel" key={c}>
                  <ChatPanel contact={c} mode="monitor" me={me} canBarge={canBarge} onClose={() => toggle(c)} />
                </div>
              ))}
            </div>
          )}
        </>
      )}
    </section>
  );
});
