import { memo, useId, useMemo, useRef, useState, type Dispatch, type SetStateAction } from "react";
import { tCode, useI18n } from "../../i18n";
import { Elapsed, useFormat, useVirtualRows } from "../../components";
import { AGENT_STATES, type AgentState, type Channel, type KpiFigures } from "../../lib/types";
import { isLive, liveOrder, rosterOrder, sameRoster, type GridQuery, type SortKey } from "./gridOrder";
import type { AgentLive, WallContact } from "./wallState";

export interface AgentGridProps {
  agents: readonly AgentLive[];
  /** A queue's name; a new function only when a name changes (every row
   *  showing a contact re-renders then). */
  queueName: (id: number | null) => string;
  figures: (agentId: number) => KpiFigures | undefined;
  /** Only the agents serving this queue (null: all). */
  queueFilter: { id: number; name: string } | null;
  onClearQueue: () => void;
  onActions: ((agent: AgentLive) => void) | null;
  /** A queue's channel (null: not known); a new function only when a
   *  queue's configuration changes. */
  queueChannel?: (id: number | null) => Channel | null;
  /** Listen to an agent's call (null: the role may not). */
  onListen?: ((agent: AgentLive, contact: number) => void) | null;
  /** The contact whose call the lead listens to (its row's button is pressed). */
  listening?: number | null;
}

/** The call a supervisor may listen to: the agent's first connected contact
 *  on a voice queue, or whose queue is not known (a contact from the
 *  snapshot: the server says when it is no voice call). */
export function listenable(a: AgentLive, channel: (id: number | null) => Channel | null): WallContact | undefined {
  return a.contacts.find((c) => c.state === "active" && (c.queue === null || (channel(c.queue) ?? "voice") === "voice"));
}
const UNKNOWN_CHANNEL = () => null;

const ROW_HEIGHT = 40;
const GRID_MAX = 560;

/** Every agent in view: state, time in it, what it is doing. Only the rows
 *  on screen are in the page (a fixed row height, the rest is space), rows
 *  re-render only when their agent changes, and the times tick without a
 *  render: 1,000 agents cost what forty do. The order by name or team is
 *  sorted again only when names, teams or queues change (gridOrder.ts); the
 *  filters and the column heads re-render only when they change. */
export const AgentGrid = memo(function AgentGrid({ agents, queueName, figures, queueFilter, onClearQueue, onActions, queueChannel = UNKNOWN_CHANNEL, onListen = null, listening = null }: AgentGridProps) {
  const { t } = useI18n();
  const id = useId();
  const [search, setSearch] = useState("");
  const [team, setTeam] = useState("");
  const [state, setState] = useState<"" | AgentState>("");
  // by name: a stable order (by state, rows move with every change of state)
  const [sort, setSort] = useState<{ key: SortKey; asc: boolean }>({ key: "name", asc: true });
  const scroller = useRef<HTMLDivElement>(null);
  // the agents as of the last change of names, teams or queues: what the
  // order by name and the filters other than state depend on
  const rosterRef = useRef(agents);
  if (!sameRoster(rosterRef.current, agents)) rosterRef.current = agents;
  const roster = rosterRef.current;
  const teams = useMemo(() => [...new Set(roster.map((a) => a.team).filter((x): x is string => !!x))].sort(), [roster]);
  const query = useMemo<GridQuery>(() => ({ search, team, state, queue: queueFilter?.id ?? null, sort: sort.key, asc: sort.asc }), [search, team, state, queueFilter?.id, sort]);
  const base = useMemo(() => rosterOrder(roster, query), [roster, query]);
  // the last live order, while the base and the query stay the same
  const last = useRef<{ base: readonly number[]; order: readonly number[] } | null>(null);
  const live = isLive(query);
  const shown = useMemo(() => {
    const prev = last.current && last.current.base === base ? last.current.order : null;
    const order = liveOrder(agents, base, query, prev);
    last.current = { base, order };
    return order;
  }, [live ? agents : null, base, query]); // eslint-disable-line react-hooks/exhaustive-deps

  const win = useVirtualRows(scroller, shown.length, ROW_HEIGHT);
  const rows: AgentLive[] = [];
  for (let i = win.start; i < win.end; i++) rows.push(agents[shown[i]]);

  return (
    <section className="card agent-grid" aria-labelledby={id + "-h"}>
      <div className="grid-head">
        <h2 id={id + "-h"}>
          {t("wallboard.agents.title")} <span className="count-badge">{shown.length}</span>
        </h2>
        <GridFilters id={id} search={search} setSearch={setSearch} team={team} setTeam={setTeam} teams={teams} state={state} setState={setState} queueFilter={queueFilter} onClearQueue={onClearQueue} />
      </div>
      <div className="grid-scroll" ref={scroller} style={{ height: Math.min(GRID_MAX, (shown.length + 1) * ROW_HEIGHT + 4) + (shown.length === 0 ? 40 : 0) }}>
        <table className="table agent-table" aria-rowcount={shown.length + 1}>
          <GridHead sort={sort} setSort={setSort} actions={onActions !== null || onListen !== null} />
          <tbody>
            {win.before > 0 && <tr className="spacer" aria-hidden="true" style={{ height: win.before }} />}
            {rows.map((a, i) => (
              <AgentRow
                key={a.id}
                a={a}
                index={win.start + i + 2}
                f={figures(a.id)}
                queueName={queueName}
                onActions={onActions}
                listen={onListen ? listenable(a, queueChannel)?.id : undefined}
                listening={listening !== null && a.contacts.some((c) => c.id === listening)}
                onListen={onListen}
              />
            ))}
            {win.after > 0 && <tr className="spacer" aria-hidden="true" style={{ height: win.after }} />}
          </tbody>
        </table>
        {shown.length === 0 && <p className="empty">{t("wallboard.agents.none")}</p>}
      </div>
    </section>
  );
});

/** The search, team, state and queue filters (they do not follow the events). */
const GridFilters = memo(function GridFilters(p: {
  id: string;
  search: string;
  setSearch: (v: string) => void;
  team: string;
  setTeam: (v: string) => void;
  teams: readonly string[];
  state: "" | AgentState;
  setState: (v: "" | AgentState) => void;
  queueFilter: { id: number; name: string } | null;
  onClearQueue: () => void;
}) {
  const { t } = useI18n();
  const { id } = p;
  return (
    <div className="grid-filters">
      <label className="sr-only" htmlFor={id + "-s"}>
        {t("wallboard.agents.search")}
      </label>
      <input id={id + "-s"} type="search" placeholder={t("wallboard.agents.search")} value={p.search} onChange={(e) => p.setSearch(e.target.value)} />
      <label className="sr-only" htmlFor={id + "-t"}>
        {t("wallboard.agents.team")}
      </label>
      <select id={id + "-t"} value={p.team} onChange={(e) => p.setTeam(e.target.value)}>
        <option value="">{t("wallboard.agents.allTeams")}</option>
        {p.teams.map((x) => (
          <option key={x} value={x}>
            {x}
          </option>
        ))}
      </select>
      <label className="sr-only" htmlFor={id + "-st"}>
        {t("wallboard.agents.state")}
      </label>
      <select id={id + "-st"} value={p.state} onChange={(e) => p.setState(e.target.value as AgentState | "")}>
        <option value="">{t("wallboard.agents.allStates")}</option>
        {AGENT_STATES.map((s) => (
          <option key={s} value={s}>
            {t("common.state." + s)}
          </option>
        ))}
      </select>
      {p.queueFilter && (
        <button type="button" className="btn btn-small filter-chip" onClick={p.onClearQueue}>
          {t("wallboard.agents.servingQueue", { queue: p.queueFilter.name })} <span aria-hidden="true">×</span>
          <span className="sr-only">{t("wallboard.agents.clearQueue")}</span>
        </button>
      )}
    </div>
  );
});

/** The column heads; the sortable ones are buttons. */
const GridHead = memo(function GridHead({
  sort,
  setSort,
  actions,
}: {
  sort: { key: SortKey; asc: boolean };
  setSort: Dispatch<SetStateAction<{ key: SortKey; asc: boolean }>>;
  actions: boolean;
}) {
  const { t } = useI18n();
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort.key === key ? (sort.asc ? "ascending" : "descending") : "none"}>
      <button type="button" className="th-sort" onClick={() => setSort((s) => ({ key, asc: s.key === key ? !s.asc : true }))}>
        {label}
        <span aria-hidden="true">{sort.key === key ? (sort.asc ? " ▲" : " ▼") : ""}</span>
      </button>
    </th>
  );
  return (
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
        {actions && <th scope="col">{t("wallboard.agents.actions")}</th>}
      </tr>
    </thead>
  );
});

const AgentRow = memo(function AgentRow({
  a,
  index,
  f,
  queueName,
  onActions,
  listen,
  listening,
  onListen,
}: {
  a: AgentLive;
  index: number;
  f: KpiFigures | undefined;
  queueName: (id: number | null) => string;
  onActions: ((a: AgentLive) => void) | null;
  /** The contact a supervisor may listen to, if any. */
  listen: number | undefined;
  listening: boolean;
  onListen: ((a: AgentLive, contact: number) => void) | null;
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
      {(onActions || onListen) && (
        <td>
          <div className="row-actions">
            {onActions && (
              <button type="button" className="btn btn-small" onClick={() => onActions(a)} aria-label={t("wallboard.agents.actionsFor", { name: a.name })}>
                {t("wallboard.agents.actions")}
              </button>
            )}
            {onListen && listen !== undefined && (
              <button type="button" className="btn btn-small" aria-pressed={listening} onClick={() => onListen(a, listen)} aria-label={t("wallboard.agents.listenTo", { name: a.name })}>
                {t("wallboard.agents.listen")}
              </button>
            )}
          </div>
        </td>
      )}
    </tr>
  );
});
