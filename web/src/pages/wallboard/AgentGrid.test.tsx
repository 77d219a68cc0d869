import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import type { KpiFigures } from "../../lib/types";
import { AgentGrid, type AgentGridProps } from "./AgentGrid";
import { agent } from "./testAgents";
import type { AgentLive } from "./wallState";
import { EnglishI18n as I18n } from "../../testing";

afterEach(cleanup);

const agents: AgentLive[] = [agent(1, "carol", "red", "busy", 300), agent(2, "alice", "blue", "available", 100, [1]), agent(3, "bob", "red", "not_ready", 200)];
const names = ["billing", "tech"];
const props = (over: Partial<AgentGridProps> = {}): AgentGridProps => ({
  agents,
  queueName: (id) => (id === null ? "…" : (names[id] ?? `#${id}`)),
  figures: () => undefined,
  queueFilter: null,
  onClearQueue: () => {},
  onActions: null,
  ...over,
});
const shown = () =>
  screen
    .getAllByRole("row")
    .slice(1)
    .map((r) => within(r).getByRole("rowheader").textContent);

describe("AgentGrid", () => {
  it("lists the agents by name, a table with sortable column heads", () => {
    render(<AgentGrid {...props()} />, { wrapper: I18n });
    expect(shown()).toEqual(["alice", "bob", "carol"]);
    expect(screen.getByRole("columnheader", { name: /Agent/ }).getAttribute("aria-sort")).toBe("ascending");
    fireEvent.click(screen.getByRole("button", { name: /Agent/ }));
    expect(shown()).toEqual(["carol", "bob", "alice"]);
    fireEvent.click(screen.getByRole("button", { name: /^State/ }));
    expect(shown()).toEqual(["carol", "alice", "bob"]); // busy, ready, not ready
    expect(screen.getByRole("columnheader", { name: /^State/ }).getAttribute("aria-sort")).toBe("ascending");
  });

  it("follows state changes without re-sorting by name, and new names and agents", () => {
    const { rerender } = render(<AgentGrid {...props()} />, { wrapper: I18n });
    const next = agents.slice();
    next[1] = { ...next[1], state: "reserved", since: 400, contacts: [{ id: 9, queue: 1, state: "offered", since: 400 }] };
    rerender(<AgentGrid {...props({ agents: next })} />);
    expect(shown()).toEqual(["alice", "bob", "carol"]);
    const alice = screen.getAllByRole("row")[1];
    expect(alice.textContent).toContain("Ringing");
    expect(alice.textContent).toContain("tech");
    const renamed = next.slice();
    renamed[1] = { ...renamed[1], name: "zoe" };
    rerender(<AgentGrid {...props({ agents: [...renamed, agent(4, "abe", "blue", "available", 0)] })} />);
    expect(shown()).toEqual(["abe", "bob", "carol", "zoe"]);
  });

  it("sorted by state, moves an agent whose state changes", () => {
    const { rerender } = render(<AgentGrid {...props()} />, { wrapper: I18n });
    fireEvent.click(screen.getByRole("button", { name: /^State/ }));
    expect(shown()).toEqual(["carol", "alice", "bob"]);
    const next = agents.slice();
    next[0] = { ...next[0], state: "wrap_up", since: 500 };
    next[2] = { ...next[2], state: "reserved", since: 500 };
    rerender(<AgentGrid {...props({ agents: next })} />);
    expect(shown()).toEqual(["bob", "carol", "alice"]);
  });

  it("filters by name, team, state and queue", () => {
    const { rerender } = render(<AgentGrid {...props()} />, { wrapper: I18n });
    fireEvent.change(screen.getByLabelText("State"), { target: { value: "available" } });
    expect(shown()).toEqual(["alice"]);
    // alice leaves the state, bob enters it
    const next = agents.slice();
    next[1] = { ...next[1], state: "busy" };
    next[2] = { ...next[2], state: "available" };
    rerender(<AgentGrid {...props({ agents: next })} />);
    expect(shown()).toEqual(["bob"]);
    fireEvent.change(screen.getByLabelText("State"), { target: { value: "" } });
    fireEvent.change(screen.getByLabelText("Team"), { target: { value: "red" } });
    expect(shown()).toEqual(["bob", "carol"]);
    fireEvent.change(screen.getByLabelText("Team"), { target: { value: "" } });
    fireEvent.change(screen.getByLabelText("Find an agent"), { target: { value: "AL" } });
    expect(shown()).toEqual(["alice"]);
    fireEvent.change(screen.getByLabelText("Find an agent"), { target: { value: "" } });
    rerender(<AgentGrid {...props({ agents: next, queueFilter: { id: 1, name: "tech" } })} />);
    expect(shown()).toEqual(["alice"]);
    expect(screen.getByRole("button", { name: /Serving tech/ })).toBeTruthy();
    expect(screen.getByText("1", { selector: ".count-badge" })).toBeTruthy();
  });

  it("shows the agents' figures as they come", () => {
    const f = { handled: 12, aht_s: 30 } as KpiFigures;
    const figures = () => within(screen.getAllByRole("row")[1]).getAllByRole("cell").slice(4, 6).map((c) => c.textContent);
    const { rerender } = render(<AgentGrid {...props()} />, { wrapper: I18n });
    expect(figures()).toEqual(["—", "—"]);
    rerender(<AgentGrid {...props({ figures: (id) => (id === 2 ? f : undefined) })} />);
    expect(figures()).toEqual(["12", "30s"]);
  });
});
