// A line chart (uPlot) of one figure over time, one line per id. The
// table below it holds the same figures for screen readers and keyboard
// users; the chart itself is an image with a text label.
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { COUNT_INCRS, SECOND_INCRS } from "../../components/Chart";
import type { ChartData, FigureKind } from "./reportData";
import { bucketTicks, formatFigure } from "./reportData";

// Lines with >= 3:1 contrast on white, told apart by hue and dash.
export const PALETTE = ["#1d4ed8", "#b91c1c", "#047857", "#7c3aed", "#c2410c", "#0e7490", "#a16207", "#be185d", "#4d7c0f", "#374151"];
const DASHES: (number[] | undefined)[] = [undefined, [6, 3], undefined, [2, 3], undefined, [6, 3], undefined, [2, 3], undefined, [8, 4]];

function axisDate(lang: string, timeZone: string, grain: string, sec: number): string {
  const opts: Intl.DateTimeFormatOptions = { timeZone };
  if (grain === "year") opts.year = "numeric";
  else if (grain === "month") Object.assign(opts, { year: "numeric", month: "short" });
  else if (grain === "day") Object.assign(opts, { month: "short", day: "numeric" });
  else Object.assign(opts, { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return new Intl.DateTimeFormat(lang, opts).format(new Date(sec * 1000));
}

export default function ReportChart(props: {
  data: ChartData;
  kind: FigureKind;
  label: string;
  lang: string;
  timeZone: string;
  grain: string;
  xLabel: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { data, kind, lang, timeZone, grain } = props;

  useEffect(() => {
    const el = box.current;
    if (!el || data.x.length === 0) return;
    const show = (v: number | null | undefined) =>
      v === null || v === undefined ? "—" : formatFigure(lang, kind, kind === "ratio" ? v / 100 : v);
    const opts: uPlot.Options = {
      width: Math.max(300, el.clientWidth),
      height: 320,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone),
      scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.05 : 1] } },
      axes: [
        {
          stroke: "#374151",
          grid: { stroke: "#e5e7eb" },
          // Ticks on bucket starts only, as many as fit.
          splits: (u) => bucketTicks(data.x, u.width - 90, grain),
          values: (_u, splits) => splits.map((s) => axisDate(lang, timeZone, grain, s)),
        },
        {
          stroke: "#374151",
          grid: { stroke: "#e5e7eb" },
          size: 70,
          // whole steps for counts and seconds: "0, 0, 1, 1, 1, 2, 2" otherwise on a small range
          ...(kind === "count" ? { incrs: COUNT_INCRS } : kind === "seconds" ? { incrs: SECOND_INCRS } : {}),
          values: (_u, splits) => splits.map((s) => show(s)),
        },
      ],
      series: [
        { label: props.xLabel, value: (_u, v) => (v === null || v === undefined ? "—" : axisDate(lang, timeZone, grain, v)) },
        ...data.series.map((s, i) => ({
          label: s.name,
          stroke: PALETTE[i % PALETTE.length],
          dash: DASHES[i % DASHES.length],
          width: 2,
          points: { show: data.x.length <= 62, size: 5 },
          value: (_u: uPlot, v: number | null) => show(v),
        })),
      ],
      legend: { show: true, live: true },
      cursor: { focus: { prox: 16 } },
    };
    const plot = new uPlot(opts, [data.x, ...data.series.map((s) => s.values)] as uPlot.AlignedData, el);
    const ro = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => plot.setSize({ width: Math.max(300, el.clientWidth), height: 320 }));
    ro?.observe(el);
    return () => {
      ro?.disconnect();
      plot.destroy();
    };
  }, [data, kind, lang, timeZone, grain]);

  return <div ref={box} className="sy-chart" role="img" aria-label={props.label} />;
}
