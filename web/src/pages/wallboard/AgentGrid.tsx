import { memo, useId, useMemo, useRef, useState } from "react";
import { tCode, useI18n } from "../../i18n";
import { Elapsed, useFormat, useVirtualRows } from "../../components";
import { AGENT_STATES, type AgentState, type KpiFigures } from "../../lib/types";
import type { AgentLive } from "./wallState";

const STATE_ORDER: Record<AgentState, number> = { reserved: 0, busy: 1, wrap_up: 2, available: 3, not_ready: 4, logged_out: 5 };
type SortKey = "name" | "state" | "time" | "team";
const collator = new Intl.Collator(undefined, { numeric: true });

export interface AgentGridProps {
  agents: readonly AgentLive[];
  queueName: (id: number | null) => string;
  figures: (agentId: number) => KpiFigures | undefined;
  /** Only the agents serving this queue (null: all). */
  queueFilter: { id: number; name: string } | null;
  onClearQueue: () => void;
  onActions: ((agent: AgentLive) => void) | null;
}

const ROW_HEIGHT = 40;
const GRID_MAX = 560;

/** Every agent in view: state, time in it, what it is doing. Only the rows
 *  on screen are in the page (a fixed row height, the rest is space), rows
 *  re-render only when their agent changes, and the times tick without a
 *  render: 1,000 agents cost what forty do. */
export function AgentGrid({ agents, queueName, figures, queueFilter, onClearQueue, onActions }: AgentGridProps) {
  const { t } = useI18n();
  const id = useId();
  const [search, setSearch] = useState("");
  const [team, setTeam] = useState("");
  const [state, setState] = useState<"" | AgentState>("");
  // by name: a stable order (by state, rows move with every change of state)
  const [sort, setSort] = useState<{ key: SortKey; asc: boolean }>({ key: "name", asc: true });
  const scroller = useRef<HTMLDivElement>(null);
  const teams = useMemo(() => [...new Set(agents.map((a) => a.team).filter((x): x is string => !!x))].sort(), [agents]);
  // The last order is the start of the next sort: nearly sorted, TimSort
  // takes one pass (1,000 comparisons a frame instead of 10,000).
  const lastOrder = useRef<number[]>([]);
  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    const byId = new Map(agents.map((a) => [a.id, a]));
    const start: AgentLive[] = [];
    for (const id of lastOrder.current) {
      const a = byId.get(id);
      if (a) {
        start.push(a);
        byId.delete(id);
      }
    }
    for (const a of byId.values()) start.push(a); // new, or filtered out last time
    const list = start.filter(
      (a) =>
        (!q || a.name.toLowerCase().includes(q)) &&
        (!team || a.team === team) &&
        (!state || a.state === state) &&
        (!queueFilter || a.queues.includes(queueFilter.id)),
    );
    const dir = sort.asc ? 1 : -1;
    const by: Record<SortKey, (a: AgentLive, b: AgentLive) => number> = {
      name: (a, b) => collator.compare(a.name, b.name),
      team: (a, b) => collator.compare(a.team ?? "", b.team ?? "") || collator.compare(a.name, b.name),
      state: (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.since - b.since,
      time: (a, b) => a.since - b.since,
    };
    list.sort((a, b) => dir * by[sort.key](a, b));
    lastOrder.current = list.map((a) => a.id);
    return list;
  }, [agents, search, team, state, sort, queueFilter]);

  const win = useVirtualRows(scroller, shown.length, ROW_HEIGHT);
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.asc ? "ascending" : "descending") : "none"}>
      <button type="button" className="th-sort" onClick={() => setSort((s) => ({ key, asc: s.key === key ? !s.asc : true }))}>
        {label}
        <span aria-hidden="true">{sort.key === key ? (sort.asc ? " ▲" : " ▼") : ""}</span>
      </button>
    </th>
  );

  return (
    <section className="card agent-grid" aria-labelledby={id + "-h"}>
      <div className="grid-head">
        <h2 id={id + "-h"}>
          {t("wallboard.agents.title")} <span className="count-badge">{shown.length}</span>
        </h2>
        <div className="grid-filters">
          <label className="sr-only" htmlFor={id + "-s"}>
            {t("wallboard.agents.search")}
          </label>
          <input id={id + "-s"} type="search" placeholder={t("wallboard.agents.search")} value={search} onChange={(e) => setSearch(e.target.value)} />
          <label className="sr-only" htmlFor={id + "-t"}>
            {t("wallboard.agents.team")}
          </label>
          <select id={id + "-t"} value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">{t("wallboard.agents.allTeams")}</option>
            {teams.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
          <label className="sr-only" htmlFor={id + "-st"}>
            {t("wallboard.agents.state")}
          </label>
          <select id={id + "-st"} value={state} onChange={(e) => setState(e.target.value as AgentState | "")}>
            <option value="">{t("wallboard.agents.allStates")}</option>
            {AGENT_STATES.map((s) => (
              <option key={s} value={s}>
                {t("common.state." + s)}
              </option>
            ))}
          </select>
          {queueFilter && (
            <button type="button" className="btn btn-small filter-chip" onClick={onClearQueue}>
              {t("wallboard.agents.servingQueue", { queue: queueFilter.name })} <span aria-hidden="true">×</span>
              <span className="sr-only">{t("wallboard.agents.clearQueue")}</span>
            </button>
          )}
        </div>
      </div>
      <div className="grid-scroll" ref={scroller} style={{ height: Math.min(GRID_MAX, (shown.length + 1) * ROW_HEIGHT + 4) + (shown.length === 0 ? 40 : 0) }}>
        <table className="table agent-table" aria-rowcount={shown.length + 1}>
          <thead>
            <tr aria-rowindex={1}>
              {header("name", t("wallboard.agents.agent"))}
              {header("team", t("wallboard.agents.team"))}
              {header("state", t("wallboard.agents.state"))}
              {header("time", t("wallboard.agents.timeInState"))}
              <th scope="col">{t("wallboard.agents.contact")}</th>
              <th scope="col" className="num">
                {t("wallboard.agents.handled")}
              </th>
              <th scope="col" className="num">
                {t("wallboard.agents.aht")}
              </th>
              {onActions && <th scope="col">{t("wallboard.agents.actions")}</th>}
            </tr>
          </thead>
          <tbody>
            {win.before > 0 && <tr className="spacer" aria-hidden="true" style={{ height: win.before }} />}
            {shown.slice(win.start, win.end).map((a, i) => (
              <AgentRow key={a.id} a={a} index={win.start + i + 2} f={figures(a.id)} queueName={queueName} onActions={onActions} />
            ))}
            {win.after > 0 && <tr className="spacer" aria-hidden="true" style={{ height: win.after }} />}
          </tbody>
        </table>
        {shown.length === 0 && <p className="empty">{t("wallboard.agents.none")}</p>}
      </div>
    </section>
  );
}

const AgentRow = memo(function AgentRow({
  a,
  index,
  f,
  queueName,
  onActions,
}: {
  a: AgentLive;
  index: number;
  f: KpiFigures | undefined;
  queueName: (id: number | null) => string;
  onActions: ((a: AgentLive) => void) | null;
}) {
  const { t } = useI18n();
  const fmt = useFormat();
  const first = a.contacts[0];
  return (
    <tr aria-rowindex={index}>
      <th scope="row">{a.name}</th>
      <td>{a.team ?? "—"}</td>
      <td>
        <span className={"badge st-" + a.state}>{t("common.state." + a.state)}</span>
        {a.state === "not_ready" && a.reason && <span className="reason"> {tCode(t, "common.reason.", a.reason)}</span>}
      </td>
      <td className="num">
        <Elapsed since={a.since} />
      </td>
      <td className="grid-contact">
        {!first ? (
          "—"
        ) : (
          <>
            {first.queue !== null ? queueName(first.queue) : "#" + first.id} · {t("wallboard.contactState." + first.state)} <Elapsed since={first.since} />
            {a.contacts.length > 1 && <span className="more"> {t("wallboard.agents.more", { n: a.contacts.length - 1 })}</span>}
          </>
        )}
      </td>
      <td className="num">{fmt.number(f?.handled)}</td>
      <td className="num">{f?.handled ? fmt.seconds(f.aht_s) : "—"}</td>
      {onActions && (
        <td>
          <button type="button" className="btn btn-small" onClick={() => onActions(a)} aria-label={t("wallboard.agents.actionsFor", { name: a.name })}>
            {t("wallboard.agents.actions")}
          </button>
        </td>
      )}
    </tr>
  );
});
