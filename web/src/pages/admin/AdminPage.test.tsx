import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import AdminPage from "./AdminPage";
import { mockApi, renderWithI18n } from "./test-utils";

const billing = {
  id: 0,
  config: {
    name: "billing", channel: "voice", skills: [{ skill: "billing", min_proficiency: 2 }], priority: 0, weight: 1, max_length: 0,
    max_wait_ms: 0, exit_action: "none", sl_target_ms: 20000, sl_target_pct: 80, bullseye: [],
    overflow: { threshold_ms: 60000, group_thresholds: [{ group: "vip", threshold_ms: 10000 }], use_ewt: false, backup_queues: [], backup_teams: ["blue"] },
    strategy: "longest_idle", sites: [], open: true,
  },
};
const named = (names: string[]) => names.map((name, id) => ({ id, name }));

function config(path: string) {
  if (path === "/api/v1/queues") return { json: [billing] };
  if (path === "/api/v1/queues/0") return { json: billing };
  if (path === "/api/v1/skills") return { json: named(["billing", "tech"]) };
  if (path === "/api/v1/teams") return { json: named(["red", "blue"]) };
  if (path === "/api/v1/sites") return { json: named(["paris"]) };
  if (path === "/api/v1/settings") return { json: { default_acw_ms: 10000 } };
  if (path === "/api/v1/queues/0/survey") return { json: { enabled: true, question: "Rate us", questions: [], ttl_s: 604800 } };
  return undefined;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.history.replaceState(null, "", "/");
});

describe("AdminPage", () => {
  it("lists queues and navigates with its own sub-navigation", async () => {
    mockApi(({ path }) => config(path) ?? (path === "/api/v1/agents" ? { json: [] } : undefined));
    renderWithI18n(<AdminPage path={undefined} />);
    expect(await screen.findByRole("link", { name: "billing" })).toBeTruthy();
    const table = screen.getByRole("table", { name: "Queues" });
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toContain("Service level");
    expect(within(table).getByRole("rowheader").textContent).toBe("billing");
    expect(screen.getByRole("link", { name: "Queues", current: "page" })).toBeTruthy();
    fireEvent.click(screen.getByRole("link", { name: "Agents" }));
    expect(window.location.pathname).toBe("/admin/agents");
    expect(await screen.findByRole("heading", { name: "Agents" })).toBeTruthy();
    act(() => {
      window.history.pushState(null, "", "/admin/skills");
      window.dispatchEvent(new PopStateEvent("popstate"));
    });
    expect(await screen.findByRole("heading", { name: "Skills" })).toBeTruthy();
  });

  it("a server error shows a message and a retry, never a blank page", async () => {
    let fail = true;
    mockApi(({ path }) => (path === "/api/v1/queues" && fail ? { status: 500, json: { error: { code: "internal", message: "boom" } } } : config(path)));
    renderWithI18n(<AdminPage path="/admin/queues" />);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("The server failed (HTTP 500): boom");
    fail = false;
    fireEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("link", { name: "billing" })).toBeTruthy();
  });

  it("shows the server's message beside the field it names", async () => {
    const calls = mockApi(({ method, path }) => {
      if (method === "PUT" && path === "/api/v1/queues/0")
        return { status: 400, json: { error: { code: "invalid_argument", message: "must be 0..100", field: "sl_target_pct" } } };
      if (method === "PUT" && path === "/api/v1/queues/0/survey")
        return { status: 400, json: { error: { code: "invalid_argument", message: "each must be 1..2000 bytes", field: "questions[0]" } } };
      return config(path);
    });
    renderWithI18n(<AdminPage path="/admin/queues/0" />);
    const routing = await screen.findByRole("form", { name: "Routing" });
    fireEvent.click(within(routing).getByRole("button", { name: "Save" }));
    const input = await within(routing).findByLabelText("Goal (%)");
    await waitFor(() => expect(input.getAttribute("aria-invalid")).toBe("true"));
    const described = input.getAttribute("aria-describedby")!.split(" ").map((id) => document.getElementById(id)?.textContent);
    expect(described).toContain("must be 0..100");
    expect(document.activeElement).toBe(input);
    // The body sent: the form's values, times in ms.
    const put = calls.find((c) => c.method === "PUT")!;
    expect(put.body).toMatchObject({ name: "billing", sl_target_ms: 20000, overflow: { threshold_ms: 60000, backup_teams: ["blue"] } });
    // A nested name not shown on its own goes to its group (the survey's questions).
    const survey = screen.getByRole("form", { name: "Post-contact survey" });
    fireEvent.click(within(survey).getByRole("button", { name: "Save the survey" }));
    await waitFor(() => expect(within(survey).getByText(/each must be 1..2000 bytes/)).toBeTruthy());
  });

  it("a route this server lacks is a note, not an error", async () => {
    mockApi(({ path }) => config(path));
    renderWithI18n(<AdminPage path="/admin/widgets" />);
    expect(await screen.findByText("This server does not offer this feature yet.")).toBeTruthy();
  });

  it("API keys: the new key is shown once in a dialog", async () => {
    const calls = mockApi(({ method, path }) => {
      if (path === "/api/v1/api-keys" && method === "GET") return { json: [] };
      if (path === "/api/v1/api-keys" && method === "POST") return { status: 201, json: { id: 4, name: "crm", role: "integration", key: "sy_secret" } };
      return undefined;
    });
    renderWithI18n(<AdminPage path="/admin/api-keys" />);
    fireEvent.change(await screen.findByLabelText(/^Name/), { target: { value: "crm" } });
    fireEvent.click(screen.getByRole("button", { name: "Create" }));
    const dialog = await screen.findByRole("dialog", { name: "API key “crm” created" });
    expect((within(dialog).getByLabelText("API key") as HTMLInputElement).value).toBe("sy_secret");
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({ name: "crm", role: "integration" });
    fireEvent.keyDown(dialog, { key: "Escape" });
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });

  it("renders in Chinese", async () => {
    mockApi(({ path }) => config(path));
    renderWithI18n(<AdminPage path="/admin/queues" />, "zh-CN");
    expect(await screen.findByRole("heading", { name: "系统管理" })).toBeTruthy();
    expect(await screen.findByText("空闲最久优先")).toBeTruthy();
  });
});
