// Active alerts from the event stream (docs/api.md, "Alerts"): a greeting
// {"type":"alerts","active":[...]} (after every (re)connect), then
// {"type":"alert","alert":{...}} per raise and clear. One active alert per
// rule. A pure reducer.
import type { AlertEvent } from "./types";

export interface AlertState {
  /** Raised now, newest first. */
  active: AlertEvent[];
  /** The last raises and clears seen live, newest first (at most 20). */
  recent: AlertEvent[];
}
export const EMPTY_ALERTS: AlertState = { active: [], recent: [] };

const byNewest = (a: AlertEvent, b: AlertEvent) => b.at_ms - a.at_ms || b.id - a.id;

export function applyAlertFrame(s: AlertState, m: Record<string, unknown>): AlertState {
  if (m.type === "alerts" && Array.isArray(m.active)) {
    return { ...s, active: [...(m.active as AlertEvent[])].sort(byNewest) };
  }
  if (m.type === "alert" && m.alert && typeof m.alert === "object") {
    const a = m.alert as AlertEvent;
    if (s.recent.some((r) => r.id === a.id)) return s; // seen already (a replay)
    const others = s.active.filter((x) => x.rule.id !== a.rule.id);
    const active = a.kind === "raised" ? [a, ...others].sort(byNewest) : others;
    return { active, recent: [a, ...s.recent].slice(0, 20) };
  }
  return s;
}
