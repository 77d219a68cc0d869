import { memo, useId, useMemo, useState } from "react";
import { useI18n } from "../../i18n";
import { useFormat } from "../../components";
import { Chart, COUNT_INCRS, SECOND_INCRS } from "../../components/Chart";
import type { KpiFigures, ReportRow } from "../../lib/types";
import { hourSeries, weightedGoal } from "./chartData";
import type { QueueHead } from "./wallState";

export interface ChartsProps {
  rows: readonly ReportRow[] | null;
  /** False when the earlier hours cannot be read (no report permission):
   *  only the current hour is drawn. */
  history: boolean;
  live: ReadonlyMap<number, KpiFigures>;
  queues: readonly QueueHead[];
  dayStart: number;
  now: number;
}

/** Volume, service level and waits per hour today, for all queues or one. */
export const Charts = memo(function Charts({ rows, history, live, queues, dayStart, now }: ChartsProps) {
  const { t } = useI18n();
  const fmt = useFormat();
  const id = useId();
  const [queue, setQueue] = useState<string>("");
  const sel = useMemo(() => (queue === "" ? null : new Set([Number(queue)])), [queue]);
  const s = useMemo(() => {
    const all = hourSeries(rows ?? [], live, sel, dayStart, now);
    if (history) return all;
    const last = all.x.length - 1;
    const only = <T,>(v: T[]) => v.map((x, i) => (i === last ? x : null));
    return { ...all, offered: only(all.offered), answered: only(all.answered), abandoned: only(all.abandoned), sl: only(all.sl), asa: only(all.asa), avgWait: only(all.avgWait), maxWait: only(all.maxWait) };
  }, [rows, live, sel, dayStart, now, history]);
  const goal = useMemo(() => {
    const list = queues.filter((q) => !sel || sel.has(q.id)).map((q) => ({ goal: q.slGoal, offered: live.get(q.id)?.offered ?? 0 }));
    return weightedGoal(list);
  }, [queues, sel, live]);
  const pct = (v: number | null) => (v === null ? "—" : fmt.percent(v));
  const sec = (v: number | null) => (v === null ? "—" : fmt.seconds(v));
  const num = (v: number | null) => (v === null ? "—" : fmt.number(v));

  return (
    <section className="card charts" aria-labelledby={id + "-h"}>
      <div className="grid-head">
        <h2 id={id + "-h"}>{t("wallboard.charts.title")}</h2>
        <div className="grid-filters">
          <label htmlFor={id + "-q"}>{t("wallboard.charts.queue")}</label>
          <select id={id + "-q"} value={queue} onChange={(e) => setQueue(e.target.value)}>
            <option value="">{t("wallboard.charts.allQueues")}</option>
            {queues.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {rows === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <div className="chart-grid">
          <Chart
            title={t("wallboard.charts.volume")}
            x={s.x}
            yIncrs={COUNT_INCRS}
            series={[
              { label: t("wallboard.charts.offered"), values: s.offered, color: "#0b5cad", format: num },
              { label: t("wallboard.charts.answered"), values: s.answered, color: "#1a6e36", dash: [6, 3], format: num },
              { label: t("wallboard.charts.abandoned"), values: s.abandoned, color: "#b3261e", dash: [2, 3], format: num },
            ]}
          />
          <Chart
            title={t("wallboard.charts.sl")}
            x={s.x}
            yRange={[0, 1]}
            yFormat={(v) => fmt.percent(v)}
            series={[
              { label: t("wallboard.charts.slSeries"), values: s.sl, color: "#0b5cad", format: pct },
              { label: t("wallboard.charts.goal"), values: s.x.map(() => goal), color: "#6b4a00", dash: [8, 4], format: pct },
            ]}
          />
          <Chart
            title={t("wallboard.charts.wait")}
            x={s.x}
            yIncrs={SECOND_INCRS}
            yFormat={(v) => fmt.seconds(v)}
            series={[
              { label: t("wallboard.charts.asa"), values: s.asa, color: "#0b5cad", format: sec },
              { label: t("wallboard.charts.avgWait"), values: s.avgWait, color: "#7b3fb0", dash: [6, 3], format: sec },
              { label: t("wallboard.charts.maxWait"), values: s.maxWait, color: "#b3261e", dash: [2, 3], format: sec },
            ]}
          />
        </div>
      )}
    </section>
  );
});
