// A line / bar chart on uPlot. Import it from "components/Chart" (not the
// components index) so that pages without charts do not load uPlot.
//
// Times on the x axis are unix seconds shown in the center's time zone.
// Every chart is an image with a label for screen readers, and its numbers
// are in a table under "Show the data".
import { useEffect, useMemo, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useI18n } from "../i18n";
import { useFormat } from "./useFormat";

/** Axis steps for counts (whole numbers) and for seconds (whole seconds, then minutes). */
export const COUNT_INCRS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000, 100000, 1000000];
export const SECOND_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400];

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  /** A colour with 3:1 contrast against white. */
  color: string;
  /** Dashed (so that lines differ by more than colour). */
  dash?: number[];
  /** Bars instead of a line. */
  bars?: boolean;
  /** The formatted value in the data table and the legend. */
  format?: (v: number | null) => string;
  /** A second y scale (e.g. "%"): another axis on the right. */
  scale?: string;
}

export interface ChartProps {
  title: string;
  /** Unix seconds. */
  x: number[];
  series: ChartSeries[];
  height?: number;
  /** y axis range ([0, 1] for ratios); default: from the data. */
  yRange?: [number, number];
  yFormat?: (v: number) => string;
  /** The steps the y axis may use between its lines (uPlot `incrs`), e.g.
   *  whole numbers for counts: without them a small range gets lines at
   *  0.25, 0.5... that a whole-number format shows as "0, 1, 1". */
  yIncrs?: number[];
  /** The second scale's range and format, when a series uses one. */
  y2?: { scale: string; range?: [number, number]; format?: (v: number) => string };
}

export function Chart({ title, x, series, height = 220, yRange, yFormat, yIncrs, y2 }: ChartProps) {
  const { t, timeZone } = useI18n();
  const fmt = useFormat();
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  // The options change with the series' identity (labels, colours) and the
  // language; the data alone only calls setData.
  const shape = series.map((s) => `${s.label}|${s.color}|${s.bars ? 1 : 0}|${s.scale ?? ""}`).join(";");
  const data = useMemo(() => [x, ...series.map((s) => s.values)] as uPlot.AlignedData, [x, series]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const bars = uPlot.paths.bars ? uPlot.paths.bars({ size: [0.6, 40] }) : undefined;
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone),
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        y: yRange ? { range: yRange } : { range: (_u, min, max) => [Math.min(0, min), Math.max(1, max) * 1.1] },
        ...(y2 ? { [y2.scale]: y2.range ? { range: y2.range } : {} } : {}),
      },
      axes: [
        { stroke: "#3d4452", grid: { stroke: "#e3e6eb" }, values: (_u, splits) => splits.map((s) => fmt.time(s * 1000)) },
        { stroke: "#3d4452", grid: { stroke: "#e3e6eb" }, size: 56, ...(yIncrs ? { incrs: yIncrs } : {}), values: (_u, splits) => splits.map((v) => (yFormat ? yFormat(v) : fmt.number(v))) },
        ...(y2
          ? [{ scale: y2.scale, side: 1 as const, stroke: "#3d4452", grid: { show: false }, size: 56, values: (_u: uPlot, splits: number[]) => splits.map((v) => (y2.format ? y2.format(v) : fmt.number(v))) }]
          : []),
      ],
      series: [
        { label: t("common.chart.time"), value: (_u, v) => (v === null ? "—" : fmt.time(v * 1000)) },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          dash: s.dash,
          scale: s.scale ?? "y",
          fill: s.bars ? s.color + "cc" : undefined,
          paths: s.bars ? bars : undefined,
          points: { show: !s.bars, size: 5 },
          value: (_u: uPlot, v: number | null) => (s.format ? s.format(v) : v === null ? "—" : fmt.number(v, 1)),
        })),
      ],
    };
    const u = new uPlot(opts, data, el);
    plot.current = u;
    const ro = typeof ResizeObserver !== "undefined" ? new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height })) : null;
    ro?.observe(el);
    return () => {
      ro?.disconnect();
      u.destroy();
      plot.current = null;
    };
    // data is applied below; the chart is rebuilt when its shape changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, height, timeZone, fmt, t, yRange?.[0], yRange?.[1], yIncrs]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return (
    <figure className="chart">
      <figcaption className="chart-title">{title}</figcaption>
      <div ref={box} role="img" aria-label={title} className="chart-plot" />
      <details className="chart-data">
        <summary>{t("common.chart.showData")}</summary>
        <table>
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("common.chart.time")}</th>
              {series.map((s) => (
                <th scope="col" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {x.map((ts, i) => (
              <tr key={ts}>
                <th scope="row">{fmt.time(ts * 1000)}</th>
                {series.map((s) => (
                  <td key={s.label}>{s.format ? s.format(s.values[i] ?? null) : fmt.number(s.values[i], 1)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
