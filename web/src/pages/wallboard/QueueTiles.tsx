import { memo, useRef } from "react";
import { useI18n } from "../../i18n";
import { Elapsed, useFormat, useInView } from "../../components";
import type { KpiFigures } from "../../lib/types";
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
}

/** One queue: the line now, the service level against its goal and the
 *  agents who serve it. Coloured by the service level, said in words too.
 *  Its parts re-render on their own: an agent changing state re-renders the
 *  tile's agent counts only. */
export const QueueTile = memo(function QueueTile(props: QueueTileProps) {
  const ref = useRef<HTMLLIElement>(null);
  const inView = useInView(ref);
  const st = slStatus(props.figures, props.q.slGoal);
  return (
    <li ref={ref} className={"tile tile-" + st + (props.selected ? " tile-selected" : "")} aria-labelledby={`qt-${props.q.id}`}>
      <TileBody {...props} st={st} inView={inView} />
    </li>
  );
});

/** The tile's content. Off screen it keeps what it showed and skips the
 *  updates (1,000 events a second touch most tiles); it catches up as it
 *  comes into view. The colour and status (the <li> and the head) always
 *  follow. */
const TileBody = memo(
  function TileBody({ q, figures: f, selected, onSelect, st }: QueueTileProps & { st: SlStatus; inView: boolean }) {
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
const TileAgents = memo(function TileAgents({ byState }: { byState: QueueLive["byState"] }) {
  const { t } = useI18n();
  return (
    <ul className="tile-agents" aria-label={t("wallboard.tile.agents")}>
      {SHOWN_STATES.map((s) => (
        <li key={s} className={"mini st-" + s}>
          <span className="mini-n num">{byState[s]}</span> {t("common.state." + s)}
        </li>
      ))}
    </ul>
  );
});

function minNonNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
