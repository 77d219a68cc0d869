import { memo, useEffect, useRef, useState, type RefObject } from "react";
import { useI18n } from "../../i18n";
import { Elapsed, useFormat } from "../../components";
import type { AgentState, KpiFigures } from "../../lib/types";
import { AGENT_STATES } from "../../lib/types";
import type { QueueLive } from "./wallState";

export type Win = "today" | "last_60m" | "last_15m";
export type SlStatus = "ok" | "warn" | "bad" | "none";

/** A queue's service level against its goal: on goal, within 10 points
 *  below it, further below, or nothing to measure. */
export function slStatus(f: KpiFigures | undefined, goal: number): SlStatus {
  if (!f || f.offered - (f.short_abandoned ?? 0) <= 0) return "none";
  if (f.service_level >= goal) return "ok";
  if (f.service_level >= goal - 0.1) return "warn";
  return "bad";
}

const ICON: Record<SlStatus, string> = { ok: "✓", warn: "!", bad: "✕", none: "–" };

export interface QueueTileProps {
  q: QueueLive;
  figures: KpiFigures | undefined;
  selected: boolean;
  onSelect: (id: number) => void;
  /** On screen (or near): off screen a tile keeps what it showed (see TileBody). */
  inView: boolean;
}

export interface QueueTileListProps {
  queues: readonly QueueLive[];
  figures: ReadonlyMap<number, KpiFigures>;
  /** The queue whose agents the grid shows (null: none). */
  selected: number | null;
  onSelect: (id: number) => void;
}

/** The queue tiles. 1,000 events a second touch most of the 100 queues in
 *  every frame but only the twenty or so on screen need to show it: one
 *  IntersectionObserver says which those are, and a tile off screen is not
 *  rendered at all unless its name, status colour or selection changes. */
export const QueueTileList = memo(function QueueTileList({ queues, figures, selected, onSelect }: QueueTileListProps) {
  const ul = useRef<HTMLUListElement>(null);
  const visible = useVisibleChildren(ul, queues.length);
  return (
    <ul className="tiles" ref={ul}>
      {queues.map((q) => (
        <QueueTile key={q.id} q={q} figures={figures.get(q.id)} selected={q.id === selected} onSelect={onSelect} inView={visible === null || visible.has(q.id)} />
      ))}
    </ul>
  );
});

/** The queue ids (data-queue) of a list's children on screen or within
 *  `margin` of it, or null when all count as on screen (no
 *  IntersectionObserver, or before it first answers). */
function useVisibleChildren(list: RefObject<HTMLElement | null>, count: number, margin = "200px"): ReadonlySet<number> | null {
  const [visible, setVisible] = useState<ReadonlySet<number> | null>(null);
  const seen = useRef<Set<number>>(new Set());
  useEffect(() => {
    const el = list.current;
    if (!el || typeof IntersectionObserver === "undefined") return;
    const io = new IntersectionObserver(
      (entries) => {
        const next = seen.current;
        let changed = false;
        for (const e of entries) {
          const id = Number((e.target as HTMLElement).dataset.queue);
          if (e.isIntersecting !== next.has(id)) {
            if (e.isIntersecting) next.add(id);
            else next.delete(id);
            changed = true;
          }
        }
        setVisible((v) => (changed || v === null ? new Set(next) : v));
      },
      { rootMargin: margin },
    );
    for (const c of el.children) io.observe(c);
    return () => io.disconnect();
  }, [list, count, margin]);
  return visible;
}

/** One queue: the line now, the service level against its goal and the
 *  agents who serve it. Coloured by the service level, said in words too.
 *  Its parts re-render on their own: an agent changing state re-renders the
 *  tile's agent counts only. Off screen it renders only for what the <li>
 *  and the head show (status colour, selection, name). */
export const QueueTile = memo(
  function QueueTile(props: QueueTileProps) {
    const st = slStatus(props.figures, props.q.slGoal);
    return (
      <li className={"tile tile-" + st + (props.selected ? " tile-selected" : "")} aria-labelledby={`qt-${props.q.id}`} data-queue={props.q.id}>
        <TileBody {...props} st={st} />
      </li>
    );
  },
  (a, b) =>
    a.inView === b.inView &&
    a.selected === b.selected &&
    a.onSelect === b.onSelect &&
    (b.inView
      ? a.q === b.q && a.figures === b.figures
      : a.q.name === b.q.name && a.q.channel === b.q.channel && slStatus(a.figures, a.q.slGoal) === slStatus(b.figures, b.q.slGoal)),
);

/** The tile's content. Off screen it keeps what it showed and skips the
 *  updates (1,000 events a second touch most tiles); it catches up as it
 *  comes into view. The colour and status (the <li> and the head) always
 *  follow. */
const TileBody = memo(
  function TileBody({ q, figures: f, selected, onSelect, st }: QueueTileProps & { st: SlStatus }) {
    const oldest = q.waiting > 0 ? minNonNull(q.oldestKnown, q.anon > 0 ? q.anonSince : null) : null;
    return (
      <>
        <TileHead id={q.id} headId={`qt-${q.id}`} name={q.name} channel={q.channel} st={st} selected={selected} onSelect={onSelect} />
        <TileNow waiting={q.waiting} oldest={oldest} ewtMs={q.ewtMs} />
        <TileKpis f={f} st={st} goal={q.slGoal} targetMs={q.slTargetMs} />
        <TileAgents byState={q.byState} />
      </>
    );
  },
  (a, b) =>
    (!a.inView && !b.inView && a.st === b.st && a.selected === b.selected && a.q.name === b.q.name) ||
    (a.inView === b.inView && a.q === b.q && a.figures === b.figures && a.st === b.st && a.selected === b.selected && a.onSelect === b.onSelect),
);

const TileHead = memo(function TileHead(p: { id: number; headId: string; name: string; channel: string; st: SlStatus; selected: boolean; onSelect: (id: number) => void }) {
  const { t } = useI18n();
  return (
    <div className="tile-head">
      <h3 id={p.headId}>
        <button type="button" className="tile-name" aria-pressed={p.selected} onClick={() => p.onSelect(p.id)} title={t("wallboard.tile.filterAgents")}>
          {p.name}
        </button>
      </h3>
      <span className="tile-channel">{t("common.channel." + p.channel)}</span>
      <span className={"tile-status st-sl-" + p.st}>
        <span aria-hidden="true">{ICON[p.st]}</span> {t("wallboard.sl." + p.st)}
      </span>
    </div>
  );
});

const TileNow = memo(function TileNow({ waiting, oldest, ewtMs }: { waiting: number; oldest: number | null; ewtMs: number | null }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <dl className="tile-now">
      <div className={waiting > 0 ? "tile-big has-waiting" : "tile-big"}>
        <dt>{t("wallboard.tile.waiting")}</dt>
        <dd className="num">{fmt.number(waiting)}</dd>
      </div>
      <div className="tile-big">
        <dt>{t("wallboard.tile.longest")}</dt>
        <dd className="num">{oldest !== null ? <Elapsed since={oldest} /> : "0:00"}</dd>
      </div>
      <div className="tile-big">
        <dt>{t("wallboard.tile.ewt")}</dt>
        <dd className="num">{ewtMs === null ? "—" : fmt.seconds(ewtMs / 1000)}</dd>
      </div>
    </dl>
  );
});

const TileKpis = memo(function TileKpis({ f, st, goal, targetMs }: { f: KpiFigures | undefined; st: SlStatus; goal: number; targetMs: number }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <dl className="tile-kpis">
      <div>
        <dt>{t("wallboard.tile.sl")}</dt>
        <dd className="num">
          <strong>{st === "none" ? "—" : fmt.percent(f?.service_level)}</strong>{" "}
          <span className="tile-goal">{t("wallboard.tile.goal", { pct: fmt.percent(goal), s: fmt.number(targetMs / 1000) })}</span>
        </dd>
      </div>
      <div>
        <dt>{t("wallboard.tile.asa")}</dt>
        <dd className="num">{f && f.answered ? fmt.seconds(f.asa_s) : "—"}</dd>
      </div>
      <div>
        <dt>{t("wallboard.tile.abandoned")}</dt>
        <dd className="num">{f && f.offered ? fmt.percent(f.abandon_rate, 1) : "—"}</dd>
      </div>
      <div>
        <dt>{t("wallboard.tile.offered")}</dt>
        <dd className="num">{fmt.number(f?.offered ?? 0)}</dd>
      </div>
      <div>
        <dt>{t("wallboard.tile.answered")}</dt>
        <dd className="num">{fmt.number(f?.answered ?? 0)}</dd>
      </div>
      <div>
        <dt>{t("wallboard.tile.csat")}</dt>
        <dd className="num" title={f?.survey_answers ? t("wallboard.tile.csatHint", { mean: fmt.number(f.csat_mean, 2), n: fmt.number(f.survey_answers) }) : undefined}>
          {f?.survey_answers ? fmt.percent(f.csat) : "—"}
        </dd>
      </div>
    </dl>
  );
});

const SHOWN_STATES = AGENT_STATES.filter((s) => s !== "logged_out");
/** The agents serving the queue by state; an agent changing state
 *  re-renders the two counts it moves between, not the list. */
const TileAgents = memo(function TileAgents({ byState }: { byState: QueueLive["byState"] }) {
  const { t } = useI18n();
  return (
    <ul className="tile-agents" aria-label={t("wallboard.tile.agents")}>
      {SHOWN_STATES.map((s) => (
        <StateCount key={s} state={s} n={byState[s]} label={t("common.state." + s)} />
      ))}
    </ul>
  );
});

/** "12 Ready": a count of agents in a state, coloured by the state. */
export const StateCount = memo(function StateCount({ state, n, label }: { state: AgentState; n: number; label: string }) {
  return (
    <li className={"mini st-" + state}>
      <span className="mini-n num">{n}</span> {label}
    </li>
  );
});

function minNonNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
