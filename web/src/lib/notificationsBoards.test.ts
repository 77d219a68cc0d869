// The boards' notification kinds (issue 13 part 2): their sentences in both
// languages and where they lead (the server's link first, else the post's
// page by board). Kept apart from notifications.test.ts so that other
// kinds' tests merge without touching these.
import { describe, expect, it } from "vitest";
import { translate, type Lang } from "../i18n";
import { notificationLink, notificationText, type AppNotification } from "./notifications";

const ctx = (lang: Lang) => ({ t: (k: string, v?: Record<string, string | number>) => translate(lang, k, v), lang, time: () => "09:00", me: "agent01" });
const n = (kind: string, data: Record<string, unknown>, link = ""): AppNotification => ({ id: 1, kind, data, link, created_ms: 1, read_ms: null });

describe("boards notifications", () => {
  it("say a status change with the board, the status and the reason", () => {
    expect(notificationText(n("comms.post_status", { post: 7, board: "idea", title: "Quiet room", status: "planned", reason: "next month", by: "lead.red" }), ctx("en"))).toBe(
      "lead.red set your idea “Quiet room” to Planned. Reason: “next month”",
    );
    // no title in the data (the contract's shape): the post's number stands in
    expect(notificationText(n("comms.post_status", { post: 7, board: "lost_found", status: "resolved", reason: "", by: "lead.red" }), ctx("en"))).toBe(
      "lead.red set your lost & found post “#7” to Resolved.",
    );
    expect(notificationText(n("comms.post_status", { post: 7, board: "idea", title: "安静室", status: "declined", reason: "没有空间", by: "lead.red" }), ctx("zh-CN"))).toBe(
      "lead.red 将你的想法“安静室”的状态改为已拒绝。 理由：“没有空间”",
    );
  });

  it("say an answer and an invitation in both languages", () => {
    expect(notificationText(n("comms.answer", { post: 3, title: "Parking?", by: "lead.red" }), ctx("en"))).toBe("lead.red answered your question “Parking?”.");
    expect(notificationText(n("comms.answer", { post: 3, title: "Parking?", by: "lead.red" }), ctx("zh-CN"))).toBe("lead.red 回答了你的问题“Parking?”。");
    expect(notificationText(n("comms.focus_invite", { post: 9, title: "New desk", by: "lead.red" }), ctx("en"))).toBe("lead.red invited you to the focus group “New desk”.");
    expect(notificationText(n("comms.focus_invite", { post: 9, title: "New desk", by: "lead.red" }), ctx("zh-CN"))).toBe("lead.red 邀请你加入焦点小组“New desk”。");
  });

  it("lead to the post's page by board when the server gives no link", () => {
    expect(notificationLink(n("comms.post_status", { post: 7, board: "idea" }))).toBe("/comms/ideas/7");
    expect(notificationLink(n("comms.post_status", { post: 7, board: "question" }))).toBe("/comms/questions/7");
    expect(notificationLink(n("comms.post_status", { post: 7, board: "focus" }))).toBe("/comms/focus/7");
    expect(notificationLink(n("comms.post_status", { post: 7, board: "lost_found" }))).toBe("/comms/lost-found/7");
    expect(notificationLink(n("comms.answer", { post: 3 }))).toBe("/comms/questions/3");
    expect(notificationLink(n("comms.focus_invite", { post: 9 }))).toBe("/comms/focus/9");
    // the server's link wins; an unknown board or no post: nowhere
    expect(notificationLink(n("comms.post_status", { post: 7, board: "idea" }, "/comms/ideas/7?x=1"))).toBe("/comms/ideas/7?x=1");
    expect(notificationLink(n("comms.post_status", { post: 7, board: "nope" }))).toBeNull();
    expect(notificationLink(n("comms.answer", {}))).toBeNull();
    expect(notificationLink(n("wfm.leave_decided", { post: 7 }))).toBeNull();
    // another site's link is never followed
    expect(notificationLink(n("comms.answer", { post: 3 }, "//evil.example/x"))).toBe("/comms/questions/3");
  });
});
