import { describe, expect, it } from "vitest";
import { translate } from "../i18n";
import {
  EMPTY_NOTIFICATIONS, MAX_TOASTS, notificationLink, notificationText, reduceNotifications, safeLink,
  type AppNotification, type NotificationAction, type NotificationsState,
} from "./notifications";

const n = (id: number, over: Partial<AppNotification> = {}): AppNotification => ({
  id, kind: "wfm.leave_decided", data: {}, link: "/schedule", created_ms: 1_764_600_000_000 + id, read_ms: null, ...over,
});
const frame = (f: Record<string, unknown>, now = 5): NotificationAction => ({ type: "frame", frame: f, now });
const run = (actions: NotificationAction[], s: NotificationsState = EMPTY_NOTIFICATIONS) => actions.reduce(reduceNotifications, s);

describe("notifications reducer", () => {
  it("takes the first frame: the count and the items newest first, no toast", () => {
    const s = run([frame({ type: "notifications", unread: 2, items: [n(3), n(1, { read_ms: 9 }), n(2)] })]);
    expect(s.loaded).toBe(true);
    expect(s.unread).toBe(2);
    expect(s.items.map((x) => x.id)).toEqual([3, 2, 1]);
    expect(s.toasts).toEqual([]);
  });

  it("adds a new one on top with a toast and the server's count", () => {
    const s = run([frame({ type: "notifications", unread: 1, items: [n(3)] }), frame({ type: "notification", notification: n(4), unread: 2 })]);
    expect(s.items.map((x) => x.id)).toEqual([4, 3]);
    expect(s.unread).toBe(2);
    expect(s.toasts.map((x) => x.id)).toEqual([4]);
  });

  it("ignores a duplicate by id after a reconnect: one item, one toast", () => {
    const s = run([
      frame({ type: "notifications", unread: 1, items: [n(3)] }),
      frame({ type: "notification", notification: n(4), unread: 2 }),
      // reconnected: a fresh first frame, then the same notification again
      frame({ type: "notifications", unread: 2, items: [n(4), n(3)] }),
      frame({ type: "notification", notification: n(4), unread: 2 }),
    ]);
    expect(s.items.map((x) => x.id)).toEqual([4, 3]);
    expect(s.toasts.map((x) => x.id)).toEqual([4]);
    expect(s.unread).toBe(2);
  });

  it("keeps older items a reconnect's first frame no longer has; the server's copy wins", () => {
    const s = run([
      frame({ type: "notifications", unread: 2, items: [n(2), n(1)] }),
      frame({ type: "notifications", unread: 1, items: [n(3, { read_ms: 7 }), n(2, { read_ms: 8 })] }),
    ]);
    expect(s.items.map((x) => [x.id, x.read_ms])).toEqual([[3, 7], [2, 8], [1, null]]);
    expect(s.unread).toBe(1);
  });

  it("syncs the count read elsewhere; none left marks all read and drops the toasts", () => {
    let s = run([frame({ type: "notifications", unread: 2, items: [n(2), n(1)] }), frame({ type: "notification", notification: n(3), unread: 3 })]);
    s = reduceNotifications(s, frame({ type: "unread", unread: 1 }));
    expect(s.unread).toBe(1);
    expect(s.items.filter((x) => x.read_ms === null)).toHaveLength(3);
    s = reduceNotifications(s, frame({ type: "unread", unread: 0 }, 99));
    expect(s.unread).toBe(0);
    expect(s.items.map((x) => x.read_ms)).toEqual([99, 99, 99]);
    expect(s.toasts).toEqual([]);
  });

  it("marks read here: the count goes down once per unread item, its toast goes", () => {
    let s = run([frame({ type: "notifications", unread: 1, items: [n(1, { read_ms: 1 })] }), frame({ type: "notification", notification: n(2), unread: 2 })]);
    expect(s.unread).toBe(2); // the server counts one we do not hold
    s = reduceNotifications(s, { type: "read", ids: [2, 1], now: 50 });
    expect(s.unread).toBe(1);
    expect(s.items.map((x) => x.read_ms)).toEqual([50, 1]);
    expect(s.toasts).toEqual([]);
    s = reduceNotifications(s, { type: "read", ids: [2], now: 60 });
    expect(s.unread).toBe(1);
    expect(s.items[0].read_ms).toBe(50);
    s = reduceNotifications(s, { type: "unread", unread: 0 });
    expect(s.unread).toBe(0);
  });

  it("marks all read", () => {
    const s = run([frame({ type: "notifications", unread: 2, items: [n(2), n(1)] }), { type: "readAll", now: 70 }]);
    expect(s.unread).toBe(0);
    expect(s.items.every((x) => x.read_ms === 70)).toBe(true);
  });

  it("merges a page of older items; keeps at most a few toasts; ignores junk", () => {
    let s = run([frame({ type: "notifications", unread: 0, items: [n(9)] }), { type: "list", unread: 4, items: [n(5), n(4)] }]);
    expect(s.items.map((x) => x.id)).toEqual([9, 5, 4]);
    expect(s.unread).toBe(4);
    for (let i = 10; i < 15; i++) s = reduceNotifications(s, frame({ type: "notification", notification: n(i), unread: 4 }));
    expect(s.toasts.map((x) => x.id)).toEqual([12, 13, 14].slice(-MAX_TOASTS));
    s = reduceNotifications(s, { type: "dismiss", id: 13 });
    expect(s.toasts.map((x) => x.id)).toEqual([12, 14]);
    const same = reduceNotifications(s, frame({ type: "notification", notification: { id: "x" }, unread: 1 }));
    expect(same).toBe(s);
    expect(reduceNotifications(s, frame({ type: "hello" }))).toBe(s);
    expect(reduceNotifications(s, frame({ type: "unread", unread: -3 })).unread).toBe(s.unread);
  });
});

describe("safeLink", () => {
  it("follows app paths only", () => {
    expect(safeLink("/wfm?tab=leave")).toBe("/wfm?tab=leave");
    expect(safeLink("//evil.example")).toBeNull();
    expect(safeLink("https://evil.example")).toBeNull();
    expect(safeLink("")).toBeNull();
  });
});

describe("notificationText", () => {
  const ctx = (lang: "en" | "zh-CN" = "en", me: string | null = null) => ({
    t: (k: string, v?: Record<string, string | number>) => translate(lang, k, v),
    lang,
    time: (ms: number) => new Date(ms).toISOString().slice(11, 16),
    me,
  });
  it("says each kind in a sentence", () => {
    expect(notificationText({ kind: "wfm.leave_requested", data: { leave: 4, agent: "agent03", first: "2026-12-20", last: "2026-12-22", kind: "annual" } }, ctx())).toBe(
      "agent03 asks for annual leave: Sun, Dec 20, 2026 – Tue, Dec 22, 2026.",
    );
    expect(notificationText({ kind: "wfm.leave_decided", data: { status: "declined", by: "lead1", reason: "peak week", first: "2026-12-20", last: "2026-12-20" } }, ctx())).toBe(
      "Your leave Sun, Dec 20, 2026 – Sun, Dec 20, 2026 was declined by lead1. Reason: “peak week”",
    );
    const taken = { kind: "wfm.swap_taken", data: { swap: 3, offered_by: "agent03", taken_by: "agent05", date: "2026-12-07", start_min: 540, length_min: 480, queue: "support", status: "pending" } };
    expect(notificationText(taken, ctx("en", "agent03"))).toBe("agent05 took your shift of Mon, Dec 7, 2026 (09:00–17:00); it waits for a team lead's approval.");
    expect(notificationText(taken, ctx("en", null))).toBe("agent05 took agent03's shift of Mon, Dec 7, 2026 (09:00–17:00, support): it waits for your approval.");
    expect(notificationText({ kind: "wfm.swap_decided", data: { status: "approved", by: "lead1", reason: "", date: "2026-12-07", offered_by: "agent03", taken_by: "agent05" } }, ctx())).toBe(
      "The swap of agent03's shift of Mon, Dec 7, 2026 to agent05 was approved by lead1.",
    );
    // a trade names the taker's shift given in exchange; "" is a gift
    const traded = { kind: "wfm.swap_taken", data: { ...taken.data, given_date: "2026-12-09" } };
    expect(notificationText(traded, ctx("en", "agent03"))).toBe(
      "agent05 took your shift of Mon, Dec 7, 2026 (09:00–17:00) in exchange for their shift of Wed, Dec 9, 2026; it waits for a team lead's approval.",
    );
    expect(notificationText({ ...traded, data: { ...traded.data, status: "approved" } }, ctx("en", null))).toBe(
      "agent05 took agent03's shift of Mon, Dec 7, 2026 (09:00–17:00, support) in exchange for their shift of Wed, Dec 9, 2026.",
    );
    expect(notificationText({ ...traded, data: { ...traded.data, given_date: "" } }, ctx("en", "agent03"))).toBe(notificationText(taken, ctx("en", "agent03")));
    // the state in running text, lower case; one the catalogue lacks shows as sent
    expect(notificationText({ kind: "wfm.adherence", data: { agent: "agent05", scheduled: "working", state: "not_ready", out_since_ms: Date.UTC(2026, 11, 1, 10, 42) } }, ctx())).toBe(
      "agent05 has been out of adherence since 10:42 (scheduled: working, now: not ready).",
    );
    expect(notificationText({ kind: "wfm.adherence", data: { agent: "agent05", scheduled: "off", state: "on_call", out_since_ms: null } }, ctx())).toBe(
      "agent05 has been out of adherence since — (scheduled: off, now: on_call).",
    );
    expect(notificationText({ kind: "billing.invoice_due", data: {} }, ctx())).toBe("billing.invoice_due");
  });
  it("says what happened to an evaluation, and a coaching plan", () => {
    const d = { evaluation: 7, contact: 4294967296, agent: "agent01", status: "submitted", by: "quality" };
    expect(notificationText({ kind: "quality.evaluated", data: d }, ctx())).toBe("quality evaluated your contact 4294967296.");
    expect(notificationText({ kind: "quality.disputed", data: { ...d, status: "disputed", by: "agent01" } }, ctx())).toBe("agent01 disputed evaluation 7 (contact 4294967296).");
    expect(notificationText({ kind: "quality.resolved", data: { ...d, status: "resolved", by: "lead.red" } }, ctx("zh-CN"))).toBe("lead.red 已处理你对评估 7（联络 4294967296）的申诉。");
    expect(notificationText({ kind: "quality.coaching", data: { coaching: 3, agent: "agent01", follow_up_date: "2026-12-09", by: "quality" } }, ctx())).toMatch(/^quality planned coaching for you \(follow-up .*Dec 9, 2026\)\.$/);
  });
  it("says a keyword alert in both languages, and leads to the contact in Contacts", () => {
    const d = { contact: 42, queue: "billing", keyword: "cancel", keywords: ["cancel", "refund"], agent: "agent01", source: "speech" };
    expect(notificationText({ kind: "quality.keyword_alert", data: d }, ctx())).toBe("Keyword “cancel” in contact 42 (billing, agent01)");
    expect(notificationText({ kind: "quality.keyword_alert", data: d }, ctx("zh-CN"))).toBe("联络 42（billing，agent01）中出现关键词“cancel”");
    // a contact without an agent
    expect(notificationText({ kind: "quality.keyword_alert", data: { ...d, agent: null } }, ctx())).toBe("Keyword “cancel” in contact 42 (billing, —)");
    // the server's link, else the contact's page
    expect(notificationLink({ kind: "quality.keyword_alert", data: d, link: "/quality/contacts/42" })).toBe("/quality/contacts/42");
    expect(notificationLink({ kind: "quality.keyword_alert", data: d, link: "" })).toBe("/quality/contacts/42");
    expect(notificationLink({ kind: "quality.keyword_alert", data: { ...d, contact: "x" }, link: "" })).toBeNull();
  });
  it("says kudos and the agent of the week (issue 13 part 2), in both languages", () => {
    const kudos = { kind: "comms.kudos", data: { kudos: 3, from: "agent01", tag: "customer_hero" } };
    expect(notificationText(kudos, ctx())).toBe("agent01 gave you kudos (Customer hero)");
    expect(notificationText(kudos, ctx("zh-CN"))).toBe("agent01 给你点赞（客户英雄）");
    // a tag the catalogue lacks shows as sent
    expect(notificationText({ kind: "comms.kudos", data: { from: "agent01", tag: "zen" } }, ctx())).toBe("agent01 gave you kudos (zen)");
    const aow = { kind: "comms.agent_of_week", data: { team: "red", week: "2026-W49", agent: "agent02" } };
    expect(notificationText(aow, ctx("en", "agent02"))).toBe("You are the agent of the week (2026-W49)!");
    expect(notificationText(aow, ctx("zh-CN", "agent02"))).toBe("你是本周之星（2026-W49）！");
    expect(notificationText(aow, ctx("en", null))).toBe("agent02 is the agent of the week of team red (2026-W49)");
  });
  it("in Chinese", () => {
    expect(notificationText({ kind: "wfm.adherence", data: { agent: "agent05", scheduled: "break", state: "busy", out_since_ms: Date.UTC(2026, 11, 1, 10, 42) } }, ctx("zh-CN"))).toBe(
      "agent05 自 10:42 起未遵从排班（计划：休息，当前：通话中）。",
    );
    expect(
      notificationText({ kind: "wfm.swap_taken", data: { offered_by: "agent03", taken_by: "agent05", date: "2026-12-07", start_min: 540, length_min: 480, queue: "support", status: "pending", given_date: "2026-12-09" } }, ctx("zh-CN", "agent03")),
    ).toMatch(/^agent05 用自己 .+ 的班次换走了你 .+ 的班次（09:00–17:00），正等待组长批准。$/);
    expect(notificationText({ kind: "wfm.leave_decided", data: { status: "approved", by: "lead1", first: "2026-12-20", last: "2026-12-22" } }, ctx("zh-CN"))).toMatch(/^你 .+ 的休假已由 lead1 批准。$/);
  });
});
