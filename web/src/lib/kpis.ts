// The live KPIs of the event stream (`?kpis=1`, docs/api.md "Live KPIs on
// the WebSocket"): a full picture first (and again after every reconnect
// and at a new day), then messages with the entries that changed. A pure
// reducer: state + message -> state; unchanged entries keep their identity,
// so components showing them do not re-render.
import type { KpiDim, KpiEntry, KpiFigures, KpiMessage } from "./types";

export interface KpiState {
  /** The last event the figures reflect (0: nothing yet). */
  seq: number;
  time_ms: number;
  day_start_ms: number;
  /** By kpiKey(dim, id); customer groups by name (their ids are only stable
   *  while the server runs). */
  entries: ReadonlyMap<string, KpiEntry>;
  /** True once a full picture arrived. */
  ready: boolean;
}

export const EMPTY_KPIS: KpiState = { seq: 0, time_ms: 0, day_start_ms: 0, entries: new Map(), ready: false };

export function kpiKey(dim: KpiDim, id: number | string): string {
  return `${dim}:${id}`;
}
function entryKey(e: KpiEntry): string {
  return e.dim === "group" && e.name !== undefined ? kpiKey("group", e.name) : kpiKey(e.dim, e.id);
}

export function isKpiMessage(m: Record<string, unknown>): m is KpiMessage & Record<string, unknown> {
  return m.type === "kpis" && Array.isArray(m.entries);
}

export function applyKpis(s: KpiState, m: KpiMessage): KpiState {
  if (m.full) {
    const entries = new Map<string, KpiEntry>();
    for (const e of m.entries) entries.set(entryKey(e), e);
    return { seq: m.seq, time_ms: m.time_ms, day_start_ms: m.day_start_ms, entries, ready: true };
  }
  if (!s.ready) return s; // a partial before any full picture cannot be placed
  let entries: Map<string, KpiEntry> | null = null;
  for (const e of m.entries) {
    const k = entryKey(e);
    const old = (entries ?? s.entries).get(k);
    // an entry may carry only some windows: keep the others
    const merged = old ? { ...old, ...e } : e;
    if (old && sameEntry(old, merged)) continue; // nothing moved: keep its identity
    if (!entries) entries = new Map(s.entries);
    entries.set(k, merged);
  }
  return { seq: m.seq, time_ms: m.time_ms, day_start_ms: m.day_start_ms, entries: entries ?? s.entries, ready: true };
}

const WINDOWS = ["today", "last_15m", "last_60m"] as const;
function sameFigures(a: KpiFigures | undefined, b: KpiFigures | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (a[k] !== b[k]) return false;
  return true;
}
/** Whether two entries hold the same figures. */
export function sameEntry(a: KpiEntry, b: KpiEntry): boolean {
  return WINDOWS.every((w) => sameFigures(a[w], b[w]));
}

/** The figures of one entry and window, or undefined. */
export function kpi(
  s: KpiState,
  dim: KpiDim,
  id: number | string,
  window: "today" | "last_15m" | "last_60m" = "today",
): KpiFigures | undefined {
  return s.entries.get(kpiKey(dim, id))?.[window];
}
