// The agent grid's order: which agents it shows and in what order, as
// indices into the wall's agent list. Pure functions, in two steps so that
// the frequent case costs little:
//
// - rosterOrder(): the filters and sorts over what engine events do not
//   change (name, team, the queues an agent serves): computed again only
//   when the roster changes (sameRoster() says when), not for every batch of
//   events (sorting 1,000 names with a collator every frame was the grid's
//   largest cost);
// - liveOrder(): the state filter and the sorts by state or time in state,
//   which follow every batch; the last order is the start of the next sort
//   (nearly sorted: one pass).
import type { AgentState } from "../../lib/types";
import type { AgentLive } from "./wallState";

export type SortKey = "name" | "state" | "time" | "team";
export interface GridQuery {
  /** Part of the name, any case ("" for all). */
  search: string;
  team: string;
  state: "" | AgentState;
  /** Only the agents serving this queue (null: all). */
  queue: number | null;
  sort: SortKey;
  asc: boolean;
}

const STATE_ORDER: Record<AgentState, number> = { reserved: 0, busy: 1, wrap_up: 2, available: 3, not_ready: 4, logged_out: 5 };
const collator = new Intl.Collator(undefined, { numeric: true });

/** Whether two agent lists hold the same agents in the same places with
 *  the same names, teams and queues (states, times and contacts may
 *  differ): then rosterOrder() would answer the same. The reducer keeps an
 *  unchanged agent's object and an unchanged queue list's identity, so this
 *  is one comparison per agent. */
export function sameRoster(a: readonly AgentLive[], b: readonly AgentLive[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== y && (x.id !== y.id || x.name !== y.name || x.team !== y.team || x.queues !== y.queues)) return false;
  }
  return true;
}

/** Whether the order depends on the agents' states (then it follows every
 *  batch of events). */
export function isLive(q: GridQuery): boolean {
  return q.state !== "" || q.sort === "state" || q.sort === "time";
}

/** The agents passing the search, team and queue filters, by name or team
 *  when that is the sort (else in list order: liveOrder() sorts them). */
export function rosterOrder(agents: readonly AgentLive[], q: GridQuery): number[] {
  const s = q.search.trim().toLowerCase();
  const out: number[] = [];
  for (let i = 0; i < agents.length; i++) {
    const a = agents[i];
    if ((!s || a.name.toLowerCase().includes(s)) && (!q.team || a.team === q.team) && (q.queue === null || a.queues.includes(q.queue))) out.push(i);
  }
  const dir = q.asc ? 1 : -1;
  if (q.sort === "name") out.sort((x, y) => dir * collator.compare(agents[x].name, agents[y].name));
  else if (q.sort === "team") out.sort((x, y) => dir * (collator.compare(agents[x].team ?? "", agents[y].team ?? "") || collator.compare(agents[x].name, agents[y].name)));
  return out;
}

/** The rows to show now: `base` (rosterOrder() of the same roster) with
 *  the state filter, sorted by state or time when that is the sort. `last`
 *  is the previous answer for the same roster and query (or null): the
 *  sort starts from it. */
export function liveOrder(agents: readonly AgentLive[], base: readonly number[], q: GridQuery, last: readonly number[] | null): readonly number[] {
  if (!isLive(q)) return base;
  const keep = (i: number) => !q.state || agents[i].state === q.state;
  let list: number[];
  if (q.sort !== "state" && q.sort !== "time") return base.filter(keep);
  // the last order first (nearly sorted), then what it did not hold
  if (last) {
    const seen = new Uint8Array(agents.length);
    list = [];
    for (const i of last) {
      seen[i] = 1;
      if (keep(i)) list.push(i);
    }
    for (const i of base) if (!seen[i] && keep(i)) list.push(i);
  } else list = base.filter(keep);
  const dir = q.asc ? 1 : -1;
  if (q.sort === "state") list.sort((x, y) => dir * (STATE_ORDER[agents[x].state] - STATE_ORDER[agents[y].state] || agents[x].since - agents[y].since));
  else list.sort((x, y) => dir * (agents[x].since - agents[y].since));
  return list;
}
