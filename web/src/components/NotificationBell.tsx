// The bell in the top bar: the unread count, a popover with the
// notifications (newest first, unread marked; a click marks one read and
// opens its page), "Mark all as read", and a toast for each notification that
// arrives while the page is open. Live over GET /api/v1/notifications/socket
// (lib/notifications.ts); the popover reloads the list from REST when opened,
// so it is right even while the socket is down.
import { useCallback, useContext, useEffect, useId, useReducer, useRef, useState } from "react";
import { useI18n } from "../i18n";
import type { SocketFactory } from "../lib/live";
import {
  announceNotification, EMPTY_NOTIFICATIONS, listNotifications, markRead, notificationText, openNotifications, reduceNotifications, notificationLink, TOAST_MS,
  type AppNotification, type SentenceContext,
} from "../lib/notifications";
import { navigate } from "../lib/router";
import { SessionContext } from "../lib/sessionContext";
import { errorDetail, errorKey } from "./errors";
import { onTick } from "./ticker";
import { useFormat } from "./useFormat";

const PAGE = 50;

export function NotificationBell(props: { socket?: SocketFactory }) {
  const { t, lang } = useI18n();
  const fmt = useFormat();
  const me = useContext(SessionContext)?.me.agent ?? null;
  const [state, dispatch] = useReducer(reduceNotifications, EMPTY_NOTIFICATIONS);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [more, setMore] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const popId = useId();
  const headId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const pop = useRef<HTMLDivElement>(null);
  const socket = useRef(props.socket);

  useEffect(() => {
    const c = openNotifications(
      (frame) => {
        dispatch({ type: "frame", frame, now: Date.now() });
        if (frame.type === "notification" && frame.notification) announceNotification(frame.notification as AppNotification);
      },
      undefined,
      socket.current,
    );
    return () => c.stop();
  }, []);

  // The relative times move on while the list is open.
  useEffect(() => (open ? onTick(() => setNow(Date.now())) : undefined), [open]);

  const ctx: SentenceContext = { t, lang, time: (ms) => fmt.time(ms), me };
  const text = (n: AppNotification) => notificationText(n, ctx);

  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  }, []);

  const load = () => {
    setError(null);
    listNotifications({ limit: PAGE }).then(
      (p) => {
        dispatch({ type: "list", unread: p.unread, items: p.items ?? [] });
        setMore((p.items ?? []).length >= PAGE);
      },
      (e) => setError(e),
    );
  };
  const loadOlder = () => {
    const last = state.items[state.items.length - 1];
    if (!last) return;
    setLoadingMore(true);
    listNotifications({ before: last.id, limit: PAGE }).then(
      (p) => {
        dispatch({ type: "list", unread: p.unread, items: p.items ?? [] });
        setMore((p.items ?? []).length >= PAGE);
        setLoadingMore(false);
      },
      (e) => {
        setError(e);
        setLoadingMore(false);
      },
    );
  };

  const toggle = () => {
    if (open) return close(false);
    setNow(Date.now());
    setOpen(true);
    load();
  };

  // Focus into the popover when it opens; Escape or a click outside closes it.
  useEffect(() => {
    if (!open) return;
    pop.current?.focus();
    const onDown = (e: MouseEvent) => {
      const target = e.target as Node;
      if (!pop.current?.contains(target) && !button.current?.contains(target)) close(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open, close]);

  const read = (ids: number[]) => {
    dispatch({ type: "read", ids, now: Date.now() });
    markRead(ids).then(
      (r) => dispatch({ type: "unread", unread: r.unread }),
      (e) => setError(e),
    );
  };
  const readAll = () => {
    dispatch({ type: "readAll", now: Date.now() });
    markRead("all").then(
      (r) => dispatch({ type: "unread", unread: r.unread }),
      (e) => setError(e),
    );
  };
  const follow = (n: AppNotification) => {
    if (n.read_ms === null) read([n.id]);
    else dispatch({ type: "dismiss", id: n.id });
    const to = notificationLink(n);
    close(!to);
    if (to) navigate(to);
  };

  const label = state.unread > 0 ? t("common.notify.bell_unread", { n: state.unread }) : t("common.notify.bell");
  return (
    <div className="notify">
      <button
        ref={button}
        type="button"
        className="btn btn-small btn-ghost-dark notify-bell"
        aria-label={label}
        aria-expanded={open}
        aria-controls={open ? popId : undefined}
        onClick={toggle}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" focusable="false">
          <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
        </svg>
        {state.unread > 0 && (
          <span className="notify-badge" aria-hidden="true">
            {state.unread > 99 ? "99+" : state.unread}
          </span>
        )}
      </button>
      {open && (
        <div
          ref={pop}
          id={popId}
          className="notify-pop"
          role="dialog"
          aria-labelledby={headId}
          tabIndex={-1}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.stopPropagation();
              close(true);
            }
          }}
        >
          <div className="notify-head">
            <h2 id={headId}>{t("common.notify.title")}</h2>
            <button type="button" className="btn btn-small" onClick={readAll} disabled={state.unread === 0}>
              {t("common.notify.read_all")}
            </button>
          </div>
          {error !== null && (
            <p className="notify-error" role="alert">
              {t(errorKey(error))} {errorDetail(error)}
            </p>
          )}
          {state.items.length === 0 ? (
            <p className="empty">{state.loaded ? t("common.notify.none") : t("common.loading")}</p>
          ) : (
            <ul className="notify-list" aria-labelledby={headId}>
              {state.items.map((n) => (
                <li key={n.id} className={n.read_ms === null ? "notify-item notify-unread" : "notify-item"}>
                  <button type="button" onClick={() => follow(n)}>
                    {n.read_ms === null && (
                      <>
                        <span className="notify-dot" aria-hidden="true" />
                        <span className="sr-only">{t("common.notify.unread_mark")} </span>
                      </>
                    )}
                    <span className="notify-text">{text(n)}</span>
                    <span className="notify-time" title={fmt.dateTime(n.created_ms)}>
                      {fmt.ago(n.created_ms, now)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {more && (
            <button type="button" className="btn btn-small notify-more" onClick={loadOlder} disabled={loadingMore}>
              {t("common.notify.older")}
            </button>
          )}
        </div>
      )}
      <div className="notify-toasts" role="status" aria-live="polite">
        {state.toasts.map((n) => (
          <Toast key={n.id} text={text(n)} onOpen={() => follow(n)} onDismiss={() => dispatch({ type: "dismiss", id: n.id })} />
        ))}
      </div>
    </div>
  );
}

/** One arrived notification; it goes after TOAST_MS, not while the pointer
 *  or the focus is on it. */
function Toast(props: { text: string; onOpen: () => void; onDismiss: () => void }) {
  const { t } = useI18n();
  const [held, setHeld] = useState(false);
  const dismiss = useRef(props.onDismiss);
  dismiss.current = props.onDismiss;
  useEffect(() => {
    if (held) return;
    const h = setTimeout(() => dismiss.current(), TOAST_MS);
    return () => clearTimeout(h);
  }, [held]);
  return (
    <div
      className="notify-toast"
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <span className="notify-toast-mark" aria-hidden="true">
        !
      </span>
      <span className="notify-toast-text">{props.text}</span>
      <button type="button" className="btn btn-small" onClick={props.onOpen} aria-label={t("common.notify.open_label", { text: props.text })}>
        {t("common.notify.open")}
      </button>
      <button type="button" className="btn btn-small btn-ghost" onClick={props.onDismiss} aria-label={t("common.dismiss")}>
        ×
      </button>
    </div>
  );
}
