import { useId, useState } from "react";
import { tCode, useI18n } from "../../i18n";
import { Elapsed } from "../../components";
import type { DeskState } from "./deskState";

export interface PresenceProps {
  desk: DeskState;
  reasons: string[];
  busy: boolean;
  onLogin: (ready: boolean) => void;
  onLogout: () => void;
  onReady: () => void;
  onNotReady: (reason: string) => void;
}

/** The agent's presence: state, time in it, and the buttons to change it. */
export function Presence({ desk, reasons, busy, onLogin, onLogout, onReady, onNotReady }: PresenceProps) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const selId = useId();
  const loggedIn = desk.state !== "logged_out";
  const reasonLabel = (r: string) => (r ? tCode(t, "common.reason.", r) : "");
  return (
    <section className="card presence" aria-labelledby={selId + "-h"}>
      <h2 id={selId + "-h"} className="sr-only">
        {t("agent.presence.title")}
      </h2>
      <div className="presence-state">
        <span className={"badge badge-lg st-" + desk.state}>{t("common.state." + desk.state)}</span>
        {desk.state === "not_ready" && desk.reason && <span className="presence-reason">{reasonLabel(desk.reason)}</span>}
        <span className="muted">
          {t("agent.presence.for")} <Elapsed since={desk.since || null} />
        </span>
      </div>
      <div className="btn-row presence-actions">
        {!loggedIn && (
          <>
            <button type="button" className="btn btn-ok" disabled={busy} onClick={() => onLogin(true)}>
              {t("agent.presence.loginReady")}
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => onLogin(false)}>
              {t("agent.presence.loginNotReady")}
            </button>
          </>
        )}
        {desk.state === "not_ready" && (
          <button type="button" className="btn btn-ok" disabled={busy} onClick={onReady}>
            {t("agent.presence.ready")}
          </button>
        )}
        {loggedIn && (
          <span className="presence-nr">
            <label htmlFor={selId} className="sr-only">
              {t("agent.presence.reason")}
            </label>
            <select id={selId} value={reason} onChange={(e) => setReason(e.target.value)}>
              <option value="">{t("agent.presence.chooseReason")}</option>
              {reasons.map((r) => (
                <option key={r} value={r}>
                  {reasonLabel(r)}
                </option>
              ))}
            </select>
            <button type="button" className="btn" disabled={busy || !reason} onClick={() => onNotReady(reason)}>
              {desk.state === "not_ready" ? t("agent.presence.changeReason") : t("agent.presence.notReady")}
            </button>
          </span>
        )}
        {loggedIn && (
          <button type="button" className="btn btn-ghost" disabled={busy} onClick={onLogout}>
            {t("agent.presence.logout")}
          </button>
        )}
      </div>
    </section>
  );
}
