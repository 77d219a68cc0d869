// The planners' shift rules (/wfm/rules) against a mocked API: loaded as
// hours and times, edited, saved as minutes (the exact body), the server's
// 400 beside the input it names; the agents' own rules: listed, edited,
// saved, refused beside the field, removed.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { mockApi, renderWithI18n } from "../admin/test-utils";
import { setupWfmTests } from "./wfmTestUtil";
import WfmPage from "./WfmPage";
import type { AgentRules, ShiftRules } from "./rulesData";

setupWfmTests();

const builtIn = (): ShiftRules => ({
  templates: [
    {
      id: "day", earliest_start_min: 360, latest_start_min: 960, start_step_min: 30, lengths_min: [240, 360, 480], weekdays: [0, 1, 2, 3, 4, 5, 6],
      breaks: [{ name: "break", min_shift_length_min: 240, earliest_offset_min: 60, latest_offset_min: 135, min_length_min: 15, max_length_min: 15, paid: true }],
    },
  ],
  work: { min_rest_min: 660, min_days_off_per_week: 2, max_consecutive_days: 5 },
  contract: { min_weekly_min: 1200, max_weekly_min: 2400, leave_credit_min: 480 },
  defaults: true,
});
const bad = (field: string, message: string) => ({ status: 400, json: { error: { code: "invalid_argument", message, field } } });

/** An API with the rules and no agent overrides; `refuse` answers a PUT first. */
function rulesApi(refuse?: (body: ShiftRules) => ReturnType<typeof bad> | undefined) {
  let rules = builtIn();
  const calls = mockApi(({ method, path, body }) => {
    if (path === "/api/v1/wfm/rules") {
      if (method === "GET") return { json: rules };
      const r = refuse?.(body as ShiftRules);
      if (r) return r;
      rules = { ...(body as ShiftRules), defaults: false };
      return { json: rules };
    }
    if (path === "/api/v1/wfm/agent-rules") return { json: { agents: [] } };
    if (path === "/api/v1/agents") return { json: [{ config: { name: "agent01" } }] };
    return undefined;
  });
  return calls;
}

describe("shift rules", () => {
  it("shows minutes as hours and times, saves minutes, and puts the server's refusal beside the break's input", async () => {
    const calls = rulesApi((b) => (b.templates[0].breaks[1]?.earliest_offset_min === 30 ? bad("templates[0].breaks[1].earliest_offset_min", "overlaps break 1") : undefined));
    window.history.replaceState(null, "", "/wfm/rules");
    renderWithI18n(<WfmPage role="wfm" />);
    const form = await screen.findByRole("form", { name: "Shift rules" });
    expect(screen.getByRole("link", { name: "Rules" }).getAttribute("aria-current")).toBe("page");
    expect(within(form).getByText("The built-in rules apply. Saving makes these the center's own rules.")).toBeTruthy();
    const card = within(form).getByRole("group", { name: "Template day" });
    expect((within(card).getByLabelText("Earliest start") as HTMLInputElement).value).toBe("06:00");
    expect((within(card).getByLabelText("Latest start") as HTMLInputElement).value).toBe("16:00");
    expect((within(card).getByLabelText("Start every (minutes)") as HTMLInputElement).value).toBe("30");
    expect((within(card).getByLabelText("Shift lengths (hours)") as HTMLInputElement).value).toBe("4, 6, 8");
    expect((within(card).getByRole("checkbox", { name: "Sunday" }) as HTMLInputElement).checked).toBe(true);
    expect((within(card).getByLabelText("Earliest after the start (h:mm), break 1 of template day") as HTMLInputElement).value).toBe("1:00");
    expect((within(card).getByLabelText("Latest after the start (h:mm), break 1 of template day") as HTMLInputElement).value).toBe("2:15");
    expect((within(form).getByLabelText("Rest between shifts, at least (hours)") as HTMLInputElement).value).toBe("11");
    expect((within(form).getByLabelText("Weekly hours, at least (hours)") as HTMLInputElement).value).toBe("20");
    expect((within(form).getByLabelText("Credit per leave day (hours)") as HTMLInputElement).value).toBe("8");
    // the only template cannot go
    expect((within(card).getByRole("button", { name: "Remove the template day" }) as HTMLButtonElement).disabled).toBe(true);

    // edits: lengths, no Sundays, a lunch, a second template (then removed), rest 12 h
    fireEvent.change(within(card).getByLabelText("Shift lengths (hours)"), { target: { value: "4, 7.5" } });
    fireEvent.click(within(card).getByRole("checkbox", { name: "Sunday" }));
    fireEvent.click(within(card).getByRole("button", { name: "Add a break to template day" }));
    fireEvent.change(within(card).getByLabelText("Name, break 2 of template day"), { target: { value: "lunch" } });
    fireEvent.change(within(card).getByLabelText("Earliest after the start (h:mm), break 2 of template day"), { target: { value: "0:30" } });
    fireEvent.change(within(card).getByLabelText("Longest (minutes), break 2 of template day"), { target: { value: "30" } });
    fireEvent.click(within(card).getByLabelText("Paid, break 2 of template day"));
    fireEvent.click(within(form).getByRole("button", { name: "Add a template" }));
    expect(within(form).getByRole("group", { name: "Template template2" })).toBeTruthy();
    fireEvent.click(within(form).getByRole("button", { name: "Remove the template template2" }));
    expect(within(form).queryByRole("group", { name: "Template template2" })).toBeNull();
    fireEvent.change(within(form).getByLabelText("Rest between shifts, at least (hours)"), { target: { value: "12" } });

    // refused: the message sits at the second break's earliest offset, marked and focused
    fireEvent.click(within(form).getByRole("button", { name: "Save the rules" }));
    const earliest = within(card).getByLabelText("Earliest after the start (h:mm), break 2 of template day") as HTMLInputElement;
    await waitFor(() => expect(earliest.getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById(earliest.getAttribute("aria-describedby")!)!.textContent).toBe("overlaps break 1");
    expect(document.activeElement).toBe(earliest);
    expect(within(card).getByLabelText("Earliest after the start (h:mm), break 1 of template day").getAttribute("aria-invalid")).toBeNull();

    fireEvent.change(earliest, { target: { value: "3:00" } });
    fireEvent.change(within(card).getByLabelText("Latest after the start (h:mm), break 2 of template day"), { target: { value: "4:00" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save the rules" }));
    expect(await screen.findByText("The rules are saved. They apply to schedules generated from now on.")).toBeTruthy();
    const puts = calls.filter((c) => c.method === "PUT" && c.path === "/api/v1/wfm/rules");
    expect(puts).toHaveLength(2);
    expect(puts[1].body).toEqual({
      templates: [
        {
          id: "day", earliest_start_min: 360, latest_start_min: 960, start_step_min: 30, lengths_min: [240, 450], weekdays: [0, 1, 2, 3, 4, 5],
          breaks: [
            { name: "break", min_shift_length_min: 240, earliest_offset_min: 60, latest_offset_min: 135, min_length_min: 15, max_length_min: 15, paid: true },
            { name: "lunch", min_shift_length_min: 240, earliest_offset_min: 180, latest_offset_min: 240, min_length_min: 15, max_length_min: 30, paid: false },
          ],
        },
      ],
      work: { min_rest_min: 720, min_days_off_per_week: 2, max_consecutive_days: 5 },
      contract: { min_weekly_min: 1200, max_weekly_min: 2400, leave_credit_min: 480 },
    });
    expect(within(form).queryByText("The built-in rules apply. Saving makes these the center's own rules.")).toBeNull();
    expect(earliest.getAttribute("aria-invalid")).toBeNull();
  });

  it("maps the server's fields to the work rules, the contract and a template's lengths; catches what is not a number before sending", async () => {
    const calls = rulesApi((b) => {
      if (b.work.min_rest_min > 1440) return bad("work.min_rest_min", "at most 24 hours");
      if (b.contract.max_weekly_min < b.contract.min_weekly_min) return bad("contract.max_weekly_min", "below the minimum");
      if (b.templates[0].lengths_min.some((l) => l > 720)) return bad("templates[0].lengths_min", "at most 12 hours");
      return undefined;
    });
    window.history.replaceState(null, "", "/wfm/rules");
    renderWithI18n(<WfmPage role="admin" />);
    const form = await screen.findByRole("form", { name: "Shift rules" });
    const save = () => fireEvent.click(within(form).getByRole("button", { name: "Save the rules" }));
    const rest = within(form).getByLabelText("Rest between shifts, at least (hours)");
    fireEvent.change(rest, { target: { value: "30" } });
    save();
    expect(await within(form).findByText("at most 24 hours")).toBeTruthy();
    expect(rest.getAttribute("aria-invalid")).toBe("true");

    fireEvent.change(rest, { target: { value: "11" } });
    const max = within(form).getByLabelText("Weekly hours, at most (hours)");
    fireEvent.change(max, { target: { value: "10" } });
    save();
    expect(await within(form).findByText("below the minimum")).toBeTruthy();
    expect(max.getAttribute("aria-invalid")).toBe("true");
    expect(rest.getAttribute("aria-invalid")).toBeNull();

    fireEvent.change(max, { target: { value: "40" } });
    const lengths = within(form).getByLabelText("Shift lengths (hours)");
    fireEvent.change(lengths, { target: { value: "8, 14" } });
    save();
    expect(await within(form).findByText("at most 12 hours")).toBeTruthy();
    expect(lengths.getAttribute("aria-invalid")).toBe("true");

    // not hours: said here, not sent
    const n = calls.filter((c) => c.method === "PUT").length;
    fireEvent.change(lengths, { target: { value: "eight" } });
    save();
    expect(await within(form).findByText("Enter one or more lengths in hours, separated by commas.")).toBeTruthy();
    expect(calls.filter((c) => c.method === "PUT").length).toBe(n);
  });

  it("is the planners' section only", () => {
    mockApi(({ path }) => (path.startsWith("/api/v1/wfm/adherence") ? { json: { tolerance_s: 60, agents: [] } } : undefined));
    window.history.replaceState(null, "", "/wfm/rules");
    renderWithI18n(<WfmPage role="team_lead" />);
    expect(screen.getByText("This section is not available for your role.")).toBeTruthy();
  });
});

describe("agents' own rules", () => {
  const agent03: AgentRules = {
    agent: "agent03",
    contract: { min_weekly_min: 600, max_weekly_min: 1200, leave_credit_min: 240 },
    availability: [{ from_min: 480, to_min: 1080 }, { from_min: 480, to_min: 1080 }, null, { from_min: 480, to_min: 1080 }, { from_min: 480, to_min: 1080 }, null, null],
    preferences: { start_from_min: 420, start_to_min: 600, days_off: [5, 6] },
    templates: ["day"],
  };

  it("lists the agents with overrides, edits one, saves the exact body, shows a refusal beside the day, and removes", async () => {
    let rows: AgentRules[] = [agent03];
    const calls = mockApi(({ method, path, body }) => {
      if (path === "/api/v1/wfm/rules") return { json: { ...builtIn(), templates: [...builtIn().templates, { ...builtIn().templates[0], id: "late" }] } };
      if (path === "/api/v1/wfm/agent-rules") return { json: { agents: rows } };
      if (path === "/api/v1/agents") return { json: [{ config: { name: "agent01" } }, { config: { name: "agent03" } }] };
      const m = /^\/api\/v1\/wfm\/agent-rules\/(\w+)$/.exec(path);
      if (m && method === "PUT") {
        const b = body as Omit<AgentRules, "agent">;
        if (b.availability?.[2] && b.availability[2].to_min - b.availability[2].from_min < 240) return bad("availability[2].from_min", "less than 4 hours");
        const row = { agent: m[1], ...b };
        rows = [...rows.filter((r) => r.agent !== m[1]), row];
        return { json: row };
      }
      if (m && method === "DELETE") {
        rows = rows.filter((r) => r.agent !== m[1]);
        return { status: 204 };
      }
      return undefined;
    });
    window.history.replaceState(null, "", "/wfm/rules");
    renderWithI18n(<WfmPage role="wfm" />);
    const table = await screen.findByRole("table", { name: "Agents with their own rules" });
    const row = within(table).getByRole("rowheader", { name: "agent03" }).closest("tr")!;
    expect(within(row).getAllByRole("cell").map((c) => c.textContent)).toEqual([
      "10 h–20 h a week, leave day 4 h",
      "Mon 08:00–18:00, Tue 08:00–18:00, Thu 08:00–18:00, Fri 08:00–18:00",
      "Start 07:00–10:00; days off Sat, Sun",
      "day",
      "Edit",
    ]);
    expect(screen.getByText("Applies to schedules generated from now on.")).toBeTruthy();

    // agent01 has none: the editor starts from the center's rules
    expect(await screen.findByText("agent01 follows the center's rules. Saving gives it its own.")).toBeTruthy();
    fireEvent.click(within(row).getByRole("button", { name: "Edit the rules of agent03" }));
    const form = await screen.findByRole("form", { name: "Rules of agent03" });
    expect((within(form).getByRole("switch", { name: "Own contract" }) as HTMLInputElement).checked).toBe(true);
    expect((within(form).getByLabelText("Weekly hours, at most (hours)") as HTMLInputElement).value).toBe("20");
    const week = within(form).getByRole("table", { name: "Weekly availability of agent03" });
    expect((within(week).getByLabelText("Available on Wednesday") as HTMLInputElement).checked).toBe(false);
    expect((within(week).getByLabelText("From, Monday") as HTMLInputElement).value).toBe("08:00");
    expect((within(form).getByLabelText("Preferred start from") as HTMLInputElement).value).toBe("07:00");
    expect((within(form).getByRole("checkbox", { name: "Saturday" }) as HTMLInputElement).checked).toBe(true);
    expect((within(form).getByRole("checkbox", { name: "day" }) as HTMLInputElement).checked).toBe(true);
    expect((within(form).getByRole("checkbox", { name: "late" }) as HTMLInputElement).checked).toBe(false);

    // Wednesday 12:00-14:00: refused beside Wednesday's start
    fireEvent.click(within(week).getByLabelText("Available on Wednesday"));
    fireEvent.change(within(week).getByLabelText("From, Wednesday"), { target: { value: "12:00" } });
    fireEvent.change(within(week).getByLabelText("Until, Wednesday"), { target: { value: "14:00" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    const wedFrom = within(week).getByLabelText("From, Wednesday");
    await waitFor(() => expect(wedFrom.getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById(wedFrom.getAttribute("aria-describedby")!)!.textContent).toBe("less than 4 hours");
    expect(within(week).getByLabelText("Until, Wednesday").getAttribute("aria-invalid")).toBeNull();

    // a late shift until 02:00 (past midnight), the center's contract, Sunday only off, both templates
    fireEvent.change(within(week).getByLabelText("From, Wednesday"), { target: { value: "18:00" } });
    fireEvent.change(within(week).getByLabelText("Until, Wednesday"), { target: { value: "02:00" } });
    fireEvent.click(within(form).getByRole("switch", { name: "Own contract" }));
    fireEvent.click(within(form).getByRole("checkbox", { name: "Saturday" }));
    fireEvent.click(within(form).getByRole("checkbox", { name: "late" }));
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("The rules of agent03 are saved.")).toBeTruthy();
    const puts = calls.filter((c) => c.method === "PUT");
    expect(puts.map((c) => c.path)).toEqual(["/api/v1/wfm/agent-rules/agent03", "/api/v1/wfm/agent-rules/agent03"]);
    expect(puts[1].body).toEqual({
      contract: null,
      availability: [{ from_min: 480, to_min: 1080 }, { from_min: 480, to_min: 1080 }, { from_min: 1080, to_min: 1560 }, { from_min: 480, to_min: 1080 }, { from_min: 480, to_min: 1080 }, null, null],
      preferences: { start_from_min: 420, start_to_min: 600, days_off: [6] },
      templates: ["day", "late"],
    });
    const after = within(screen.getByRole("table", { name: "Agents with their own rules" })).getByRole("rowheader", { name: "agent03" }).closest("tr")!;
    expect(within(after).getAllByRole("cell")[0].textContent).toBe("Center default");
    expect(within(after).getAllByRole("cell")[1].textContent).toContain("Wed 18:00–02:00");

    fireEvent.click(within(screen.getByRole("form", { name: "Rules of agent03" })).getByRole("button", { name: "Remove the rules of agent03" }));
    expect(await screen.findByText("agent03 follows the center's rules again.")).toBeTruthy();
    expect(calls.some((c) => c.method === "DELETE" && c.path === "/api/v1/wfm/agent-rules/agent03")).toBe(true);
    expect(screen.getByText("No agent has rules of its own: the center's apply to everyone.")).toBeTruthy();
    expect(screen.getByText("agent03 follows the center's rules. Saving gives it its own.")).toBeTruthy();
  });

  it("gives an agent without overrides its own: limited availability off means always available", async () => {
    const calls = mockApi(({ method, path, body }) => {
      if (path === "/api/v1/wfm/rules") return { json: builtIn() };
      if (path === "/api/v1/wfm/agent-rules") return { json: { agents: [] } };
      if (path === "/api/v1/agents") return { json: [{ config: { name: "agent07" } }] };
      if (method === "PUT" && path === "/api/v1/wfm/agent-rules/agent07") return { json: { agent: "agent07", ...(body as object) } };
      return undefined;
    });
    window.history.replaceState(null, "", "/wfm/rules");
    renderWithI18n(<WfmPage role="wfm" />);
    const form = await screen.findByRole("form", { name: "Rules of agent07" });
    expect(within(form).queryByRole("button", { name: "Remove the rules of agent07" })).toBeNull();
    fireEvent.click(within(form).getByRole("switch", { name: "Own contract" }));
    fireEvent.change(within(form).getByLabelText("Weekly hours, at most (hours)"), { target: { value: "32" } });
    fireEvent.click(within(form).getByRole("switch", { name: "Has preferences" }));
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("The rules of agent07 are saved.")).toBeTruthy();
    expect(calls.find((c) => c.method === "PUT")!.body).toEqual({
      contract: { min_weekly_min: 1200, max_weekly_min: 1920, leave_credit_min: 480 },
      availability: null,
      preferences: { start_from_min: 480, start_to_min: 600, days_off: [] },
      templates: [],
    });
    expect(within(screen.getByRole("table", { name: "Agents with their own rules" })).getByRole("rowheader", { name: "agent07" })).toBeTruthy();
  });
});
