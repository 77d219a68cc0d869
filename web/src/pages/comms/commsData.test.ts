// The comms pages' pure logic: the safe Markdown parser (no HTML, no
// javascript: links), the briefing date an item goes to (late items go to
// the next day, in the site's zone), the announcements' order and the desk's
// counts, permissions, tags, the diff's counts, zoned date-times.
import { describe, expect, it } from "vitest";
import {
  announcementBody, briefingDateFor, byDepartment, canPublish, canReviewKb, canWriteKb, diffCounts, diffMark, msToZoned, orderAnnouncements, parseInline,
  parseMarkdown, parseTags, safeHref, scheduleErrors, scheduleOf, statusActions, unreadCount, urgentUnread, zonedToMs,
  type Announcement, type Briefing,
} from "./commsData";

export const ANN = (over: Partial<Announcement>): Announcement => ({
  id: 1,
  title: "T",
  body: "B",
  category: "general",
  audience: { kind: "everyone", value: "" },
  pinned: false,
  urgent: false,
  expires_ms: null,
  author: "admin",
  created_ms: 1_000,
  read_ms: null,
  ...over,
});

describe("markdown", () => {
  it("parses headings, lists, paragraphs, code, quotes", () => {
    const b = parseMarkdown("# Refunds\n\nFirst line\nsame paragraph.\n\n- one\n- **two**\n\n1. a\n2. b\n\n```\n<b>x</b>\n```\n> note\n---");
    expect(b.map((x) => x.kind)).toEqual(["heading", "paragraph", "list", "list", "code", "quote", "rule"]);
    expect(b[1]).toEqual({ kind: "paragraph", inline: [{ kind: "text", text: "First line same paragraph." }] });
    expect(b[2]).toMatchObject({ ordered: false, items: [[{ kind: "text", text: "one" }], [{ kind: "strong", children: [{ kind: "text", text: "two" }] }]] });
    expect(b[3]).toMatchObject({ ordered: true });
    expect(b[4]).toEqual({ kind: "code", text: "<b>x</b>" });
  });

  it("keeps HTML as text and refuses unsafe links", () => {
    expect(parseInline("<script>alert(1)</script>")).toEqual([{ kind: "text", text: "<script>alert(1)</script>" }]);
    expect(parseInline("[x](javascript:alert(1))")).toEqual([{ kind: "text", text: "x" }, { kind: "text", text: ")" }]);
    expect(parseInline("see [docs](https://example.com/a) and [desk](/desk)")).toEqual([
      { kind: "text", text: "see " },
      { kind: "link", href: "https://example.com/a", children: [{ kind: "text", text: "docs" }] },
      { kind: "text", text: " and " },
      { kind: "link", href: "/desk", children: [{ kind: "text", text: "desk" }] },
    ]);
    expect(safeHref("//evil.example")).toBeNull();
    expect(safeHref("data:text/html,x")).toBeNull();
    expect(safeHref("mailto:a@b.c")).toBe("mailto:a@b.c");
  });

  it("reads Chinese text, emphasis and code", () => {
    expect(parseInline("**退款政策**：7 天内 `code` *可以*")).toEqual([
      { kind: "strong", children: [{ kind: "text", text: "退款政策" }] },
      { kind: "text", text: "：7 天内 " },
      { kind: "code", text: "code" },
      { kind: "text", text: " " },
      { kind: "em", children: [{ kind: "text", text: "可以" }] },
    ]);
    // snake_case words are not emphasis
    expect(parseInline("a_b_c")).toEqual([{ kind: "text", text: "a_b_c" }]);
  });
});

describe("briefings", () => {
  const row = { site: "main", time_zone: "Europe/Berlin", publish_at: "07:30", deadline_minutes: 60 };
  it("sends an item before the deadline to today's briefing, a late one to the next day's", () => {
    // 05:00 UTC = 06:00 Berlin (winter): before 06:30
    expect(briefingDateFor(row, Date.UTC(2026, 11, 3, 5, 0))).toEqual({ date: "2026-12-03", late: false, deadline: "06:30" });
    // 05:30 UTC = 06:30 Berlin: the deadline itself is late
    expect(briefingDateFor(row, Date.UTC(2026, 11, 3, 5, 30))).toEqual({ date: "2026-12-04", late: true, deadline: "06:30" });
    // 23:30 UTC on Dec 31 = 00:30 Jan 1 Berlin: today is already the 1st
    expect(briefingDateFor(row, Date.UTC(2026, 11, 31, 23, 30)).date).toBe("2027-01-01");
  });
  it("uses the center's defaults for a site without a row, and checks the editor's values", () => {
    expect(scheduleOf([row], "north", "UTC")).toEqual({ site: "north", time_zone: "UTC", publish_at: "07:30", deadline_minutes: 60 });
    expect(scheduleErrors([{ ...row, publish_at: "7h", deadline_minutes: 2000, time_zone: "Mars/Base" }])).toEqual({
      "items[0].publish_at": "comms.invalid.time",
      "items[0].deadline_minutes": "comms.invalid.deadline",
      "items[0].time_zone": "comms.invalid.time_zone",
    });
  });
  it("groups items by department in order", () => {
    const items = [
      { id: 1, department: "wfm", title: "a", body: "", author: "wfm" },
      { id: 2, department: "it", title: "b", body: "", author: "admin" },
      { id: 3, department: "wfm", title: "c", body: "", author: "wfm" },
    ];
    expect(byDepartment(items).map((g) => [g.department, g.items.map((i) => i.id)])).toEqual([["wfm", [1, 3]], ["it", [2]]]);
  });
});

describe("announcements", () => {
  it("puts pinned first, then newest, and hides expired", () => {
    const list = [ANN({ id: 1, created_ms: 1 }), ANN({ id: 2, created_ms: 3 }), ANN({ id: 3, created_ms: 2, pinned: true }), ANN({ id: 4, created_ms: 5, expires_ms: 100 })];
    expect(orderAnnouncements(list, 200).map((a) => a.id)).toEqual([3, 2, 1]);
    expect(orderAnnouncements(list, 200, true).map((a) => a.id)).toEqual([3, 4, 2, 1]);
  });
  it("counts what is new on the desk and finds the urgent one", () => {
    const b = { id: 9, site: "main", date: "2026-12-03", published_ms: 1, items: [], read_ms: null } as Briefing;
    const anns = [ANN({ id: 1, read_ms: 5 }), ANN({ id: 2, urgent: true }), ANN({ id: 3 }), ANN({ id: 4, urgent: true, expires_ms: 10 })];
    expect(unreadCount(b, anns, 100)).toBe(3);
    expect(unreadCount({ ...b, read_ms: 2 }, anns, 100)).toBe(2);
    expect(urgentUnread(anns, 100)?.id).toBe(2);
    expect(urgentUnread([ANN({ id: 2, urgent: true, read_ms: 1 })], 100)).toBeNull();
  });
  it("builds the body of the form", () => {
    const b = announcementBody({ title: " Hi ", body: " x ", category: "it", kind: "team", value: " red ", pinned: true, urgent: false, expires: "2026-12-03T18:00" }, () => 42);
    expect(b).toEqual({ title: "Hi", body: "x", category: "it", audience: { kind: "team", value: "red" }, pinned: true, urgent: false, expires_ms: 42 });
    expect(announcementBody({ ...b, kind: "everyone", value: "red", expires: "" } as never, () => 1).audience).toEqual({ kind: "everyone", value: "" });
  });
  it("converts date-times of the center's zone", () => {
    const ms = zonedToMs("2026-12-03T18:00", "Asia/Shanghai");
    expect(ms).toBe(Date.UTC(2026, 11, 3, 10, 0));
    expect(msToZoned(ms!, "Asia/Shanghai")).toBe("2026-12-03T18:00");
    expect(zonedToMs("tomorrow", "UTC")).toBeNull();
  });
});

describe("knowledge base", () => {
  it("knows who writes, reviews, publishes", () => {
    expect(["agent", "team_lead", "quality", "wfm", "reporting", "admin"].map((r) => [canWriteKb(r), canReviewKb(r), canPublish(r)])).toEqual([
      [false, false, false],
      [true, false, true],
      [true, true, true],
      [true, false, true],
      [false, false, true],
      [true, true, true],
    ]);
  });
  it("offers the status changes a role may make", () => {
    expect(statusActions({ status: "draft", author: "lead.red" }, "team_lead", "lead.red")).toEqual(["in_review"]);
    expect(statusActions({ status: "draft", author: "wfm" }, "team_lead", "lead.red")).toEqual([]);
    expect(statusActions({ status: "in_review", author: "wfm" }, "quality", "quality")).toEqual(["published", "archived", "draft"]);
    expect(statusActions({ status: "published", author: "wfm" }, "admin", "admin")).toEqual(["archived"]);
    expect(statusActions({ status: "published", author: "wfm" }, "agent", "agent01")).toEqual([]);
  });
  it("splits tags (Chinese commas too) and counts a diff", () => {
    expect(parseTags("billing, 退款，refund、billing")).toEqual(["billing", "退款", "refund"]);
    expect(diffCounts([{ op: "same", text: "a" }, { op: "add", text: "b" }, { op: "del", text: "c" }, { op: "add", text: "d" }])).toEqual({ add: 2, del: 1 });
    expect([diffMark("add"), diffMark("del"), diffMark("same")]).toEqual(["+", "−", " "]);
  });
});

describe("notification sentences", () => {
  it("says what a comms notification is about, urgent ones as such", async () => {
    const { notificationText } = await import("../../lib/notifications");
    const { translate } = await import("../../i18n");
    const ctx = (lang: "en" | "zh-CN") => ({ t: (k: string, v?: Record<string, string | number>) => translate(lang, k, v), lang, time: () => "", me: null });
    expect(notificationText({ kind: "comms.briefing", data: { briefing: 3, site: "main", date: "2026-12-03" } }, ctx("en"))).toBe("The briefing of Thu, Dec 3, 2026 for main is out");
    expect(notificationText({ kind: "comms.announcement", data: { announcement: 4, title: "Fire drill", urgent: true } }, ctx("en"))).toBe("URGENT announcement: Fire drill");
    expect(notificationText({ kind: "comms.announcement", data: { announcement: 4, title: "年会", urgent: false } }, ctx("zh-CN"))).toBe("新公告：年会");
  });
});
