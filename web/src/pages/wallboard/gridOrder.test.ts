import { describe, expect, it } from "vitest";
import { isLive, liveOrder, rosterOrder, sameRoster, type GridQuery } from "./gridOrder";
import { agent } from "./testAgents";
import type { AgentLive } from "./wallState";

const agents: AgentLive[] = [
  agent(10, "agent10", "red", "busy", 300, [0, 1]),
  agent(2, "agent2", "blue", "available", 100),
  agent(7, "Bob", "red", "available", 50, [1]),
  agent(3, "agent3", null, "not_ready", 200),
];
const q = (over: Partial<GridQuery> = {}): GridQuery => ({ search: "", team: "", state: "", queue: null, sort: "name", asc: true, ...over });
const names = (list: readonly AgentLive[], order: readonly number[]) => order.map((i) => list[i].name);

describe("rosterOrder", () => {
  it("sorts by name (numbers in names as numbers), either way", () => {
    expect(names(agents, rosterOrder(agents, q()))).toEqual(["agent2", "agent3", "agent10", "Bob"]);
    expect(names(agents, rosterOrder(agents, q({ asc: false })))).toEqual(["Bob", "agent10", "agent3", "agent2"]);
  });
  it("sorts by team, then name (no team first)", () => {
    expect(names(agents, rosterOrder(agents, q({ sort: "team" })))).toEqual(["agent3", "agent2", "agent10", "Bob"]);
  });
  it("filters by name (any case), team and queue", () => {
    expect(names(agents, rosterOrder(agents, q({ search: " BO " })))).toEqual(["Bob"]);
    expect(names(agents, rosterOrder(agents, q({ team: "red" })))).toEqual(["agent10", "Bob"]);
    expect(names(agents, rosterOrder(agents, q({ queue: 1 })))).toEqual(["agent10", "Bob"]);
    expect(rosterOrder(agents, q({ queue: 9 }))).toEqual([]);
  });
  it("leaves the live sorts to liveOrder (list order)", () => {
    expect(rosterOrder(agents, q({ sort: "state" }))).toEqual([0, 1, 2, 3]);
  });
});

describe("liveOrder", () => {
  it("is the roster order itself when nothing depends on states", () => {
    const base = rosterOrder(agents, q());
    expect(isLive(q())).toBe(false);
    expect(liveOrder(agents, base, q(), null)).toBe(base);
  });
  it("filters by state, in the roster order", () => {
    const query = q({ state: "available" });
    expect(names(agents, liveOrder(agents, rosterOrder(agents, query), query, null))).toEqual(["agent2", "Bob"]);
  });
  it("sorts by state (busiest first), then the longest in it; and by time in state", () => {
    const byState = q({ sort: "state" });
    expect(names(agents, liveOrder(agents, rosterOrder(agents, byState), byState, null))).toEqual(["agent10", "Bob", "agent2", "agent3"]);
    const byTime = q({ sort: "time", asc: false });
    expect(names(agents, liveOrder(agents, rosterOrder(agents, byTime), byTime, null))).toEqual(["agent10", "agent3", "agent2", "Bob"]);
  });
  it("follows state changes from the last order: who changes state moves, who leaves the filter goes, who enters it comes", () => {
    const query = q({ sort: "state", state: "available" });
    const base = rosterOrder(agents, query);
    const first = liveOrder(agents, base, query, null);
    expect(names(agents, first)).toEqual(["Bob", "agent2"]);
    const next = agents.slice();
    next[2] = { ...next[2], state: "busy", since: 400 }; // Bob
    next[3] = { ...next[3], state: "available", since: 10 }; // agent3
    expect(sameRoster(agents, next)).toBe(true);
    expect(names(next, liveOrder(next, base, query, first))).toEqual(["agent3", "agent2"]);
    // the same as a fresh sort
    expect(liveOrder(next, base, query, first)).toEqual(liveOrder(next, base, query, null));
  });
});

describe("sameRoster", () => {
  it("holds across state, time and contact changes", () => {
    const next = agents.map((a) => ({ ...a, state: "busy" as const, since: 1, contacts: [{ id: 1, queue: 0, state: "active" as const, since: 1 }] }));
    expect(sameRoster(agents, next)).toBe(true);
  });
  it("fails on a new name, team, queue list, agent or order", () => {
    const renamed = agents.slice();
    renamed[1] = { ...renamed[1], name: "zed" };
    expect(sameRoster(agents, renamed)).toBe(false);
    const moved = agents.slice();
    moved[1] = { ...moved[1], team: "red" };
    expect(sameRoster(agents, moved)).toBe(false);
    const requeued = agents.slice();
    requeued[1] = { ...requeued[1], queues: [0, 1] };
    expect(sameRoster(agents, requeued)).toBe(false);
    expect(sameRoster(agents, [...agents, agent(11, "agent11", null, "logged_out", 0)])).toBe(false);
    expect(sameRoster(agents, [agents[1], agents[0], agents[2], agents[3]])).toBe(false);
  });
});
