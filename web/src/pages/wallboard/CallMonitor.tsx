// A supervisor on an agent's phone call, from the wallboard: the server rings
// the lead's own phone (a SIP URI typed here, or the one configured for the
// lead), and once answered the lead listens, whispers to the agent or barges
// in (POST /api/v1/contacts/{id}/monitor; again with another mode switches at
// once). The panel reads the monitor's state every 2 s while it is ringing
// or connected: the event stream does not carry it, and the lead may hang up
// the phone itself, or the call may end, at any time (then GET answers 404).
import { useEffect, useId, useRef, useState } from "react";
import { useI18n } from "../../i18n";
import { api, ApiError } from "../../lib/api";
import { MONITOR_MODES, type Monitor, type MonitorMode } from "../../lib/types";
import { ErrorBanner, Field, fieldError } from "../../components";

export const MONITOR_POLL_MS = 2000;

type Status = "loading" | "idle" | "ringing" | "connected" | "ended";
const isLive = (s: Status) => s === "ringing" || s === "connected";

export interface CallMonitorProps {
  contact: number;
  /** The agent on the call (the panel's title). */
  agentName: string;
  /** The logged-in user's name: the phone typed is remembered per user. */
  me: string;
  onClose: () => void;
  /** How often the state is read while ringing or connected (tests: less). */
  pollMs?: number;
}

const phoneKey = (me: string) => `switchyard.monitorPhone.${me}`;
function storedPhone(me: string): string {
  try {
    return localStorage.getItem(phoneKey(me)) ?? "";
  } catch {
    return "";
  }
}
function storePhone(me: string, phone: string) {
  try {
    if (phone) localStorage.setItem(phoneKey(me), phone);
    else localStorage.removeItem(phoneKey(me));
  } catch {
    /* storage blocked: typed again next time */
  }
}

/** The panel for one contact. Closing it (or opening another) while the
 *  lead's phone is ringing or connected hangs the phone up: the panel is the
 *  only control of that leg. A reload does not (the page is gone before it
 *  could): opening the panel again picks the running monitor up. */
export function CallMonitor({ contact, agentName, me, onClose, pollMs = MONITOR_POLL_MS }: CallMonitorProps) {
  const { t } = useI18n();
  const id = useId();
  const path = `/api/v1/contacts/${contact}/monitor`;
  const [status, setStatusState] = useState<Status>("loading");
  // what the status is now, for a reading of the state that arrives between
  // a hang-up and the render that stops the readings
  const statusRef = useRef<Status>("loading");
  const setStatus = (s: Status) => {
    statusRef.current = s;
    setStatusState(s);
  };
  const [monitor, setMonitor] = useState<Monitor | null>(null);
  const [phone, setPhone] = useState(() => storedPhone(me));
  const [busy, setBusy] = useState<MonitorMode | "hangup" | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pollError, setPollError] = useState<unknown>(null);
  // Every request the user makes moves this on (at its start and its end):
  // a reading of the state begun before then is stale and dropped.
  const epoch = useRef(0);
  const busyRef = useRef(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const panel = useRef<HTMLElement>(null);
  const live = isLive(status);

  const show = (m: Monitor) => {
    setMonitor(m);
    setStatus(m.state === "connected" ? "connected" : "ringing");
  };

  // what runs already (after a reload, say); then focus the panel
  useEffect(() => {
    heading.current?.focus();
    const e = epoch.current;
    let gone = false;
    api<Monitor>("GET", path).then(
      (m) => {
        if (gone || e !== epoch.current) return;
        show(m);
      },
      (err) => {
        if (gone || e !== epoch.current) return;
        setStatus("idle");
        if (!(err instanceof ApiError && err.status === 404)) setError(err);
      },
    );
    return () => {
      gone = true;
      // leaving the panel with the phone in the call: hang it up
      if (isLive(statusRef.current)) api("DELETE", path).catch(() => {});
    };
  }, [path]);

  // The panel is docked over the page's bottom right: the page gets that much
  // room below its end, so that what the panel covers (the last rows' Listen
  // buttons, say) can be scrolled clear of it.
  useEffect(() => {
    const el = panel.current;
    const page = el?.parentElement;
    if (!el || !page || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(() => page.style.setProperty("--dock-space", `${el.offsetHeight + 24}px`));
    ro.observe(el);
    return () => {
      ro.disconnect();
      page.style.removeProperty("--dock-space");
    };
  }, []);

  // ringing -> connected, and ended when the phone or the call hangs up
  useEffect(() => {
    if (!live) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const next = () => {
      if (!stopped) timer = setTimeout(poll, pollMs);
    };
    const poll = () => {
      if (!isLive(statusRef.current)) return;
      if (busyRef.current) return next();
      const e = epoch.current;
      api<Monitor>("GET", path).then(
        (m) => {
          if (stopped || !isLive(statusRef.current)) return;
          if (e !== epoch.current) return next();
          setPollError(null);
          show(m);
          next();
        },
        (err) => {
          if (stopped || !isLive(statusRef.current)) return;
          if (e !== epoch.current) return next();
          if (err instanceof ApiError && err.status === 404) {
            setPollError(null);
            setMonitor(null);
            setStatus("ended"); // stops this loop
          } else {
            setPollError(err);
            next();
          }
        },
      );
    };
    next();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [live, path, pollMs]);

  async function request(what: MonitorMode | "hangup", f: () => Promise<void>) {
    epoch.current++;
    busyRef.current = true;
    setBusy(what);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(e);
    } finally {
      epoch.current++;
      busyRef.current = false;
      setBusy(null);
    }
  }

  const choose = (mode: MonitorMode) => {
    if (live && monitor?.mode === mode) return; // already so
    return request(mode, async () => {
      // Switching while on the call names the phone the server rang, so that
      // it cannot be taken for another one; starting sends the one typed, or
      // none (the server then rings the lead's configured phone).
      const p = live && monitor ? monitor.phone : phone.trim();
      const m = await api<Monitor>("POST", path, p ? { mode, phone: p } : { mode });
      if (!live) storePhone(me, phone.trim());
      show(m);
    });
  };

  const hangUp = () =>
    request("hangup", async () => {
      try {
        await api("DELETE", path);
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 404)) throw e; // already over
      }
      setMonitor(null);
      setStatus("ended");
    });

  const phoneError = fieldError(error, "phone");
  return (
    <section className="call-monitor" aria-labelledby={id + "-h"} ref={panel}>
      <div className="call-monitor-head">
        <h2 id={id + "-h"} ref={heading} tabIndex={-1}>
          {t("wallboard.monitor.title", { name: agentName })} <span className="muted">#{contact}</span>
        </h2>
        <button type="button" className="btn btn-ghost btn-small" onClick={onClose} aria-label={live ? t("wallboard.monitor.hangUpClose") : t("common.close")}>
          ×
        </button>
      </div>
      <ErrorBanner error={phoneError ? null : error} onDismiss={() => setError(null)} />
      <ErrorBanner error={pollError} />
      <Field label={t("wallboard.monitor.phone")} hint={t("wallboard.monitor.phoneHint")} error={phoneError}>
        <input
          type="text"
          value={live && monitor ? monitor.phone : phone}
          onChange={(e) => setPhone(e.target.value)}
          readOnly={live}
          placeholder={t("wallboard.monitor.phonePlaceholder")}
          autoComplete="off"
          spellCheck={false}
          inputMode="url"
        />
      </Field>
      <div className="btn-row monitor-modes" role="group" aria-label={t("wallboard.monitor.modes")}>
        {MONITOR_MODES.map((m) => (
          <button
            key={m}
            type="button"
            className={"btn btn-small monitor-mode" + (live && monitor?.mode === m ? " monitor-mode-on" : "")}
            aria-pressed={live && monitor?.mode === m}
            disabled={status === "loading" || busy !== null}
            onClick={() => choose(m)}
          >
            {t("wallboard.monitor.mode." + m)}
          </button>
        ))}
      </div>
      <p className="monitor-help">{t("wallboard.monitor.help." + (live && monitor ? monitor.mode : "idle"))}</p>
      <div className="monitor-foot">
        <p role="status" className={"monitor-status ms-" + status}>
          {busy && busy !== "hangup" ? t("wallboard.monitor.status.requesting") : t("wallboard.monitor.status." + status, { phone: monitor?.phone ?? "" })}
        </p>
        <button type="button" className="btn btn-danger btn-small" disabled={!live || busy !== null} onClick={hangUp}>
          {t("wallboard.monitor.hangUp")}
        </button>
      </div>
    </section>
  );
}
