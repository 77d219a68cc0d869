import { describe, expect, it } from "vitest";
import { applyKpis, EMPTY_KPIS, kpi } from "./kpis";
import { applyAlertFrame, EMPTY_ALERTS } from "./alerts";
import type { AlertEvent, KpiFigures, KpiMessage } from "./types";

const fig = (offered: number, handled = 0) => ({ offered, handled }) as unknown as KpiFigures;
const msg = (full: boolean, seq: number, entries: KpiMessage["entries"]): KpiMessage => ({
  type: "kpis",
  seq,
  time_ms: seq * 10,
  day_start_ms: 1000,
  full,
  entries,
});

describe("applyKpis", () => {
  it("takes a full picture, then merges the changed entries", () => {
    let s = applyKpis(EMPTY_KPIS, msg(true, 5, [
      { dim: "center", id: 0, today: fig(10) },
      { dim: "queue", id: 1, today: fig(4), last_15m: fig(1) },
      { dim: "agent", id: 7, today: fig(0, 3) },
    ]));
    expect(s.ready).toBe(true);
    const agent = s.entries.get("agent:7");
    s = applyKpis(s, msg(false, 6, [{ dim: "queue", id: 1, today: fig(5) }]));
    expect(kpi(s, "queue", 1)?.offered).toBe(5);
    expect(kpi(s, "queue", 1, "last_15m")?.offered).toBe(1); // window kept
    expect(s.entries.get("agent:7")).toBe(agent); // untouched entries keep their identity
    expect(s.seq).toBe(6);
  });

  it("keeps the identity of an entry whose figures did not move", () => {
    let s = applyKpis(EMPTY_KPIS, msg(true, 5, [{ dim: "agent", id: 1, today: fig(0, 3) }, { dim: "agent", id: 2, today: fig(0, 1) }]));
    const a1 = s.entries.get("agent:1");
    const entries = s.entries;
    s = applyKpis(s, msg(false, 6, [{ dim: "agent", id: 1, today: fig(0, 3) }]));
    expect(s.entries.get("agent:1")).toBe(a1);
    expect(s.entries).toBe(entries);
    s = applyKpis(s, msg(false, 7, [{ dim: "agent", id: 1, today: fig(0, 4) }]));
    expect(s.entries.get("agent:1")?.today?.handled).toBe(4);
    expect(s.seq).toBe(7);
  });

  it("replaces everything on a full picture (reconnect, new day)", () => {
    let s = applyKpis(EMPTY_KPIS, msg(true, 5, [{ dim: "queue", id: 1, today: fig(4) }, { dim: "queue", id: 2, today: fig(9) }]));
    s = applyKpis(s, msg(true, 9, [{ dim: "queue", id: 1, today: fig(0) }]));
    expect(kpi(s, "queue", 1)?.offered).toBe(0);
    expect(kpi(s, "queue", 2)).toBeUndefined();
  });

  it("ignores a partial before the first full picture", () => {
    const s = applyKpis(EMPTY_KPIS, msg(false, 5, [{ dim: "queue", id: 1, today: fig(4) }]));
    expect(s).toBe(EMPTY_KPIS);
  });

  it("keys customer groups by name", () => {
    const s = applyKpis(EMPTY_KPIS, msg(true, 1, [{ dim: "group", id: 0, name: "vip", today: fig(2) }]));
    expect(kpi(s, "group", "vip")?.offered).toBe(2);
  });
});

const alert = (id: number, rule: number, kind: string, at = id * 100): AlertEvent => ({
  id,
  kind,
  rule: { id: rule, name: `r${rule}` },
  metric: "longest_wait",
  window: "now",
  scope: { queue: 0, name: "billing" },
  value: 61,
  threshold: 60,
  at_ms: at,
});

describe("applyAlertFrame", () => {
  it("takes the greeting, then raises and clears", () => {
    let s = applyAlertFrame(EMPTY_ALERTS, { type: "alerts", active: [alert(1, 1, "raised"), alert(2, 2, "raised")] });
    expect(s.active.map((a) => a.id)).toEqual([2, 1]);
    s = applyAlertFrame(s, { type: "alert", alert: alert(3, 1, "cleared") });
    expect(s.active.map((a) => a.id)).toEqual([2]);
    s = applyAlertFrame(s, { type: "alert", alert: alert(4, 3, "raised") });
    expect(s.active.map((a) => a.id)).toEqual([4, 2]);
    expect(s.recent.map((a) => a.id)).toEqual([4, 3]);
  });

  it("a greeting after a reconnect replaces the active list", () => {
    let s = applyAlertFrame(EMPTY_ALERTS, { type: "alerts", active: [alert(1, 1, "raised")] });
    s = applyAlertFrame(s, { type: "alerts", active: [] });
    expect(s.active).toEqual([]);
  });

  it("ignores an alert event seen already and other frames", () => {
    let s = applyAlertFrame(EMPTY_ALERTS, { type: "alert", alert: alert(5, 1, "raised") });
    const again = applyAlertFrame(s, { type: "alert", alert: alert(5, 1, "raised") });
    expect(again).toBe(s);
    s = applyAlertFrame(s, { type: "contact_created", seq: 3 });
    expect(s).toBe(again);
  });
});
