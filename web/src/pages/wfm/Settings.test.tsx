// The center's WFM settings (/wfm/settings) against a mocked API: loaded
// into the form, saved with PUT, the server's 400 beside the field it
// names; planners and admins only.
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockApi, renderWithI18n } from "../admin/test-utils";
import WfmPage from "./WfmPage";
import type { WfmSettings } from "./wfmData";

beforeEach(() => {
  window.scrollTo = () => {};
});
afterEach(() => {
  cleanup();
  window.history.replaceState(null, "", "/");
});

describe("WFM settings", () => {
  it("loads, saves, and shows the server's refusal beside the field it names", async () => {
    let settings: WfmSettings = { swap_approval: true, adherence_alert_min: 10 };
    const calls = mockApi(({ method, path, body }) => {
      if (path !== "/api/v1/wfm/settings") return undefined;
      if (method === "GET") return { json: settings };
      const b = body as WfmSettings;
      if (b.adherence_alert_min > 480) return { status: 400, json: { error: { code: "invalid_argument", message: "must be 0 to 480", field: "adherence_alert_min" } } };
      settings = { ...settings, ...b };
      return { json: settings };
    });
    window.history.replaceState(null, "", "/wfm/settings");
    renderWithI18n(<WfmPage role="wfm" />);
    const form = await screen.findByRole("form", { name: "Settings" });
    const approval = within(form).getByRole("switch", { name: "Swaps need the team lead's approval" }) as HTMLInputElement;
    const minutes = within(form).getByLabelText("Tell the team lead after this many minutes out of adherence (0 = never)") as HTMLInputElement;
    expect(approval.checked).toBe(true);
    expect(minutes.value).toBe("10");
    expect(screen.getByRole("link", { name: "Settings" }).getAttribute("aria-current")).toBe("page");

    // out of range: the server's message sits at the field, which is marked and focused
    fireEvent.change(minutes, { target: { value: "500" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    expect(await within(form).findByText("must be 0 to 480")).toBeTruthy();
    expect(minutes.getAttribute("aria-invalid")).toBe("true");
    // announced with the field: its description ends with the message
    expect(document.getElementById(minutes.getAttribute("aria-describedby")!.split(" ").pop()!)!.textContent).toBe("must be 0 to 480");
    expect(document.activeElement).toBe(minutes);
    expect(screen.queryByText("The settings are saved.")).toBeNull();

    // not a whole number: said here, not sent
    const puts = () => calls.filter((c) => c.method === "PUT").length;
    fireEvent.change(minutes, { target: { value: "2.5" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    expect(await within(form).findByText("A whole number of minutes, 0 to 480.")).toBeTruthy();
    expect(puts()).toBe(1);

    fireEvent.click(approval);
    fireEvent.change(minutes, { target: { value: "0" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("The settings are saved.")).toBeTruthy();
    expect(calls.filter((c) => c.method === "PUT").map((c) => c.body)).toEqual([
      { swap_approval: true, adherence_alert_min: 500 },
      { swap_approval: false, adherence_alert_min: 0 },
    ]);
    expect(minutes.getAttribute("aria-invalid")).toBeNull();
    expect(approval.checked).toBe(false);
    expect(settings).toEqual({ swap_approval: false, adherence_alert_min: 0 });
  });

  it("is in the planners' sections, not the team leads'", async () => {
    mockApi(({ path }) => (path.startsWith("/api/v1/wfm/adherence") ? { json: { tolerance_s: 60, agents: [] } } : undefined));
    window.history.replaceState(null, "", "/wfm/settings");
    renderWithI18n(<WfmPage role="team_lead" />);
    expect(screen.getByText("This section is not available for your role.")).toBeTruthy();
    const nav = screen.getByRole("navigation", { name: "Workforce management sections" });
    expect(within(nav).queryByRole("link", { name: "Settings" })).toBeNull();
    cleanup();
    renderWithI18n(<WfmPage role="admin" />);
    expect(await screen.findByRole("heading", { name: "Settings" })).toBeTruthy();
  });

  it("says so when the server has no settings yet", async () => {
    mockApi(() => undefined);
    window.history.replaceState(null, "", "/wfm/settings");
    renderWithI18n(<WfmPage role="wfm" />);
    await waitFor(() => expect(screen.getByText("These settings are not available on this server yet.")).toBeTruthy());
  });
});
