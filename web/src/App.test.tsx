import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { App, afterLogin } from "./App";
import { navigate } from "./lib/router";
import { setToken } from "./lib/api";
import { jsonResponse as json } from "./testing";

function server(user: { name: string; role: string; agent: string | null }) {
  return vi.fn(async (url: string, init?: RequestInit) => {
    const path = String(url).split("?")[0];
    const auth = (init?.headers as Record<string, string> | undefined)?.Authorization;
    if (path === "/api/v1/auth/login") {
      const b = JSON.parse(String(init?.body));
      return b.password === "good" ? json({ token: "tok", expires_ms: 0, user: {} }) : json({ error: { code: "unauthenticated", message: "wrong credentials" } }, 401);
    }
    if (auth !== "Bearer tok") return json({ error: { code: "unauthenticated", message: "missing credentials" } }, 401);
    if (path === "/api/v1/auth/me") return json({ ...user, user_id: 1, team: null });
    if (path === "/api/v1/settings") return json({ offer_timeout_ms: 20000, default_acw_ms: 10000, time_zone: "Europe/Paris" });
    if (path === "/api/v1/auth/logout") return new Response(null, { status: 204 });
    return json({ error: { code: "not_found", message: "no route" } }, 404);
  });
}

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  window.history.replaceState(null, "", "/");
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setToken(null);
});

describe("afterLogin", () => {
  it("follows next within the app only", () => {
    expect(afterLogin("?next=%2Freports", "/desk")).toBe("/reports");
    expect(afterLogin("?next=https%3A%2F%2Fevil.example", "/desk")).toBe("/desk");
    expect(afterLogin("?next=%2F%2Fevil.example", "/desk")).toBe("/desk");
    expect(afterLogin("", "/desk")).toBe("/desk");
  });
});

describe("App", () => {
  it("sends a visitor to the login page, then to the page asked for; the top bar follows the role", async () => {
    vi.stubGlobal("fetch", server({ name: "reporting", role: "reporting", agent: null }));
    window.history.replaceState(null, "", "/reports");
    render(<App />);
    await waitFor(() => expect(window.location.pathname).toBe("/login"));
    expect(window.location.search).toBe("?next=%2Freports");
    fireEvent.change(await screen.findByLabelText("Username"), { target: { value: "reporting" } });
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "bad" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Wrong username or password.");
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "good" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(window.location.pathname).toBe("/reports"));
    const nav = await screen.findByRole("navigation", { name: "Pages" });
    expect([...nav.querySelectorAll("a")].map((a) => a.textContent)).toEqual(["Reports", "Wallboard", "Comms", "Team chat"]);
    expect(screen.getByRole("link", { name: "Reports" }).getAttribute("aria-current")).toBe("page");
  });

  it("says so when the role cannot open a page, and switches language at once", async () => {
    vi.stubGlobal("fetch", server({ name: "reporting", role: "reporting", agent: null }));
    setToken("tok");
    window.history.replaceState(null, "", "/desk");
    render(<App />);
    expect(await screen.findByRole("heading", { name: "Not available for your role" })).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Language"), { target: { value: "zh-CN" } });
    expect(await screen.findByRole("heading", { name: "您的角色无权访问" })).toBeTruthy();
    expect(document.documentElement.lang).toBe("zh-CN");
    expect(localStorage.getItem("switchyard.lang")).toBe("zh-CN");
    act(() => navigate("/nowhere"));
    expect(await screen.findByRole("heading", { name: "页面不存在" })).toBeTruthy();
  });

  it("goes back to the login page when the session ends", async () => {
    const f = server({ name: "admin", role: "admin", agent: null });
    vi.stubGlobal("fetch", f);
    setToken("tok");
    window.history.replaceState(null, "", "/reports");
    render(<App />);
    await screen.findByRole("navigation", { name: "Pages" });
    fireEvent.click(screen.getByRole("button", { name: "Log out" }));
    await waitFor(() => expect(window.location.pathname).toBe("/login"));
    expect(sessionStorage.getItem("switchyard.token")).toBeNull();
  });

  it("sends a WFM planner home to /wfm, and shows agents their schedule", async () => {
    vi.stubGlobal("fetch", server({ name: "planner", role: "wfm", agent: null }));
    setToken("tok");
    window.history.replaceState(null, "", "/");
    render(<App />);
    await waitFor(() => expect(window.location.pathname).toBe("/wfm"));
    const nav = await screen.findByRole("navigation", { name: "Pages" });
    expect([...nav.querySelectorAll("a")].map((a) => a.textContent)).toEqual(["Workforce", "Wallboard", "Reports", "Comms", "Team chat"]);
    // the page's lazy chunk: its first import is transformed on the fly, slow on a loaded machine
    expect(await screen.findByRole("heading", { name: "Workforce management", level: 1 }, { timeout: 10000 })).toBeTruthy();
    expect(screen.getByRole("navigation", { name: "Workforce management sections" })).toBeTruthy();
    cleanup();
    setToken(null);

    vi.stubGlobal("fetch", server({ name: "agent01", role: "agent", agent: "agent01" }));
    setToken("tok");
    window.history.replaceState(null, "", "/schedule");
    render(<App />);
    const nav2 = await screen.findByRole("navigation", { name: "Pages" });
    expect([...nav2.querySelectorAll("a")].map((a) => a.textContent)).toEqual(["Desk", "My schedule", "Quality", "Comms", "Team chat"]);
    expect(await screen.findByRole("heading", { name: "My schedule", level: 1 })).toBeTruthy();
  });
});
