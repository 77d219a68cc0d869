import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { translate } from "../../i18n";
import { setToken } from "../../lib/api";
import { AgentActions } from "./AgentActions";
import type { AgentLive } from "./wallState";
import { EnglishI18n as I18n, jsonResponse as json } from "../../testing";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setToken(null);
});

const agent: AgentLive = {
  id: 2,
  name: "agent03",
  team: "red",
  site: null,
  skills: [{ skill: "billing", proficiency: 3 }],
  state: "available",
  reason: "",
  since: 0,
  contacts: [],
  queues: [0],
};

describe("AgentActions skills", () => {
  it("sends the skills alone to PUT /agents/{id}/skills (a team lead may; the whole configuration needs an admin)", async () => {
    const calls: { method: string; path: string; body: unknown }[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init?: RequestInit) => {
        const path = String(url).split("?")[0];
        const method = init?.method ?? "GET";
        calls.push({ method, path, body: init?.body ? JSON.parse(String(init.body)) : undefined });
        if (path === "/api/v1/agents/2" && method === "GET")
          return json({ id: 2, config: { name: "agent03", team: "red", skills: [{ skill: "billing", proficiency: 3 }], capacity: { voice: 1 } }, state: "available" });
        if (path === "/api/v1/skills") return json([{ id: 0, name: "billing" }, { id: 1, name: "tech" }]);
        if (path === "/api/v1/agents/2/skills" && method === "PUT") return json({ id: 2, config: { name: "agent03", skills: [] }, state: "available" });
        return json({ error: { code: "not_found", message: "no route" } }, 404);
      }),
    );
    render(
      <I18n>
        <AgentActions agent={agent} queues={[]} reasons={["break"]} canEditSkills onClose={() => {}} />
      </I18n>,
    );
    const add = await screen.findByLabelText(translate("en", "wallboard.actions.addSkill"));
    fireEvent.change(add, { target: { value: "tech" } });
    fireEvent.click(screen.getByText(translate("en", "wallboard.actions.add")));
    fireEvent.change(screen.getByLabelText(translate("en", "wallboard.actions.proficiencyOf", { skill: "billing" })), { target: { value: "5" } });
    fireEvent.click(screen.getByText(translate("en", "wallboard.actions.saveSkills")));
    await waitFor(() => expect(calls.some((c) => c.method === "PUT")).toBe(true));
    const put = calls.find((c) => c.method === "PUT")!;
    expect(put.path).toBe("/api/v1/agents/2/skills");
    expect(put.body).toEqual({
      skills: [
        { skill: "billing", proficiency: 5 },
        { skill: "tech", proficiency: 3 },
      ],
    });
    expect(await screen.findByText(translate("en", "wallboard.actions.doneSkills"))).toBeTruthy();
  });
});
