// The bell against a fake socket and a mocked REST API: the count in its
// name, the list, a click that marks read and opens the link, "Mark all as
// read", a toast for a live one that goes by itself, another tab's reads.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { I18nContext, translate, type Lang } from "../i18n";
import { SessionContext, type SessionValue } from "../lib/sessionContext";
import type { AppNotification } from "../lib/notifications";
import { mockApi } from "../pages/admin/test-utils";
import { FakeSocket } from "../testing";
import { NotificationBell } from "./NotificationBell";

const NOW = Date.UTC(2026, 11, 1, 10, 0);
const n = (id: number, over: Partial<AppNotification> = {}): AppNotification => ({
  id,
  kind: "wfm.leave_decided",
  data: { leave: id, status: "approved", by: "lead1", reason: "", first: "2026-12-20", last: "2026-12-22" },
  link: "/schedule",
  created_ms: NOW - 5 * 60_000,
  read_ms: null,
  ...over,
});
const requested = (id: number) =>
  n(id, { kind: "wfm.leave_requested", data: { leave: id, agent: "agent03", first: "2027-01-04", last: "2027-01-05", kind: "sick" }, link: "/wfm?tab=leave", created_ms: NOW - 2 * 3600_000 });

function setup(lang: Lang = "en") {
  const sockets: FakeSocket[] = [];
  const session = { me: { name: "agent01", role: "agent", user_id: 1, team: null, agent: "agent01" }, settings: null, timeZone: "UTC", logout: () => {} } as SessionValue;
  const view = render(
    <I18nContext.Provider value={{ lang, setLang: () => {}, t: (k, v) => translate(lang, k, v), timeZone: "UTC" }}>
      <SessionContext.Provider value={session}>
        <NotificationBell
          socket={(u) => {
            const s = new FakeSocket(u);
            sockets.push(s);
            return s;
          }}
        />
      </SessionContext.Provider>
    </I18nContext.Provider>,
  );
  return { sockets, view };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(NOW));
  window.scrollTo = () => {};
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  window.history.replaceState(null, "", "/");
});

describe("the notification bell", () => {
  it("shows the count, lists newest first with unread marked, marks read and opens the link on a click", async () => {
    const calls = mockApi(({ method, path }) => {
      if (method === "GET" && path === "/api/v1/notifications?limit=50") return { json: { unread: 2, items: [requested(7), n(6), n(5, { read_ms: NOW - 1000 })] } };
      if (method === "POST" && path === "/api/v1/notifications/read") return { json: { unread: 1 } };
      return undefined;
    });
    const { sockets } = setup();
    expect(sockets).toHaveLength(1);
    expect(sockets[0].url).toMatch(/^ws:\/\/[^/]+\/api\/v1\/notifications\/socket/);
    expect(screen.getByRole("button", { name: "Notifications" })).toBeTruthy();
    sockets[0].recv({ type: "notifications", unread: 2, items: [requested(7), n(6)] });
    const bell = screen.getByRole("button", { name: "Notifications, 2 unread" });
    expect(bell.getAttribute("aria-expanded")).toBe("false");

    fireEvent.click(bell);
    expect(bell.getAttribute("aria-expanded")).toBe("true");
    const pop = screen.getByRole("dialog", { name: "Notifications" });
    await waitFor(() => expect(within(pop).getAllByRole("listitem")).toHaveLength(3));
    const items = within(pop).getAllByRole("listitem");
    expect(items[0].textContent).toBe("Unread: agent03 asks for sick leave: Mon, Jan 4, 2027 – Tue, Jan 5, 2027.2 hr. ago");
    expect(items[1].textContent).toContain("Unread: Your leave Sun, Dec 20, 2026 – Tue, Dec 22, 2026 was approved by lead1.");
    expect(items[1].textContent).toContain("5 min. ago");
    expect(items[2].textContent).not.toContain("Unread");

    fireEvent.click(within(items[0]).getByRole("button"));
    expect(window.location.pathname + window.location.search).toBe("/wfm?tab=leave");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(screen.getByRole("button", { name: "Notifications, 1 unread" })).toBeTruthy();
    await waitFor(() => expect(calls.some((c) => c.method === "POST")).toBe(true));
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({ ids: [7] });
  });

  it("marks all as read; Escape closes and gives the focus back", async () => {
    const calls = mockApi(({ method, path }) => {
      if (method === "GET" && path.startsWith("/api/v1/notifications?")) return { json: { unread: 2, items: [n(2), n(1)] } };
      if (method === "POST" && path === "/api/v1/notifications/read") return { json: { unread: 0 } };
      return undefined;
    });
    const { sockets } = setup();
    sockets[0].recv({ type: "notifications", unread: 2, items: [n(2), n(1)] });
    fireEvent.click(screen.getByRole("button", { name: "Notifications, 2 unread" }));
    const pop = screen.getByRole("dialog", { name: "Notifications" });
    fireEvent.click(within(pop).getByRole("button", { name: "Mark all as read" }));
    expect(screen.getByRole("button", { name: "Notifications" })).toBeTruthy();
    expect(within(pop).queryByText(/Unread/)).toBeNull();
    await waitFor(() => expect(calls.some((c) => c.method === "POST")).toBe(true));
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({ all: true });
    expect((within(pop).getByRole("button", { name: "Mark all as read" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(pop, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Notifications" }));
  });

  it("shows a toast for one arriving live, which goes after 8 s; not for the first frame nor a repeat", () => {
    vi.useRealTimers();
    vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"] });
    vi.setSystemTime(new Date(NOW));
    mockApi(() => undefined);
    const { sockets } = setup();
    const region = screen.getAllByRole("status").find((el) => el.classList.contains("notify-toasts"))!;
    expect(region.getAttribute("aria-live")).toBe("polite");
    sockets[0].recv({ type: "notifications", unread: 1, items: [n(1)] });
    expect(region.textContent).toBe("");
    sockets[0].recv({
      type: "notification",
      unread: 2,
      notification: n(2, { kind: "wfm.adherence", data: { agent: "agent04", scheduled: "break", state: "busy", out_since_ms: Date.UTC(2026, 11, 1, 9, 50) }, link: "/wfm?tab=adherence" }),
    });
    expect(region.textContent).toContain("agent04 has been out of adherence since 09:50 (scheduled: break, now: busy).");
    expect(within(region).getByRole("button", { name: /^Open: agent04 has been out/ })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Notifications, 2 unread" })).toBeTruthy();
    sockets[0].recv({ type: "notification", unread: 2, notification: n(2) });
    expect(within(region).getAllByRole("button", { name: /^Open:/ })).toHaveLength(1);
    act(() => vi.advanceTimersByTime(7900));
    expect(region.textContent).not.toBe("");
    act(() => vi.advanceTimersByTime(200));
    expect(region.textContent).toBe("");
    // still listed, still unread
    expect(screen.getByRole("button", { name: "Notifications, 2 unread" })).toBeTruthy();
  });

  it("a toast opens its link; another tab's reads bring the count down", () => {
    mockApi(({ method }) => (method === "POST" ? { json: { unread: 0 } } : undefined));
    const { sockets } = setup();
    sockets[0].recv({ type: "notifications", unread: 0, items: [] });
    sockets[0].recv({
      type: "notification",
      unread: 1,
      notification: n(9, { kind: "wfm.swap_taken", data: { swap: 4, offered_by: "agent01", taken_by: "agent05", date: "2026-12-07", start_min: 540, length_min: 480, queue: "support", status: "pending" }, link: "/schedule?tab=swaps" }),
    });
    fireEvent.click(screen.getByRole("button", { name: "Open: agent05 took your shift of Mon, Dec 7, 2026 (09:00–17:00); it waits for a team lead's approval." }));
    expect(window.location.pathname + window.location.search).toBe("/schedule?tab=swaps");
    expect(screen.queryByRole("button", { name: /^Open:/ })).toBeNull();
    sockets[0].recv({ type: "notification", unread: 3, notification: n(10) });
    expect(screen.getByRole("button", { name: "Notifications, 3 unread" })).toBeTruthy();
    sockets[0].recv({ type: "unread", unread: 0 });
    expect(screen.getByRole("button", { name: "Notifications" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: /^Open:/ })).toBeNull();
  });

  it("reads in Chinese and closes its socket when it goes", () => {
    mockApi(() => undefined);
    const { sockets, view } = setup("zh-CN");
    sockets[0].recv({ type: "notifications", unread: 3, items: [] });
    expect(screen.getByRole("button", { name: "通知，3 条未读" })).toBeTruthy();
    view.unmount();
    expect(sockets[0].closed).toBe(true);
  });

  it("stops trying on a server without notifications, keeps trying on a network failure", async () => {
    vi.useRealTimers();
    vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"] });
    let missing = false;
    mockApi(({ path }) => (path === "/api/v1/notifications?limit=1" && !missing ? { json: { unread: 0, items: [] } } : undefined));
    const { sockets } = setup();
    sockets[0].fail();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1000);
    });
    expect(sockets).toHaveLength(2);
    missing = true;
    sockets[1].fail();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(60_000);
    });
    expect(sockets).toHaveLength(2);
  });
});
