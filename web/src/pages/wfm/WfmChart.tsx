// A line chart (uPlot) over 15- or 30-minute intervals, times in the
// center's zone. Loaded on its own (React.lazy) so that uPlot is fetched
// only where a chart is shown. The chart is an image with a label; its
// numbers are in the table beside it. `percent`: values are percentages,
// the y axis runs 0-100 % whatever the data. `bands`: spans of time shaded
// behind the lines with a label at the top (the forecast's special days).
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { COUNT_INCRS } from "../../components/Chart";
import type { LineData } from "./wfmData";

export interface Band {
  /** Unix seconds, [from, to). */
  from: number;
  to: number;
  label: string;
}
const NO_BANDS: Band[] = [];

/** Shades each band behind the series, its label at the top left. */
function drawBands(u: uPlot, bands: readonly Band[]) {
  if (bands.length === 0) return;
  const { ctx, bbox } = u;
  const px = window.devicePixelRatio || 1;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  ctx.font = `${12 * px}px system-ui, sans-serif`;
  ctx.textBaseline = "top";
  for (const b of bands) {
    const x0 = Math.max(bbox.left, u.valToPos(b.from, "x", true));
    const x1 = Math.min(bbox.left + bbox.width, u.valToPos(b.to, "x", true));
    if (!(x1 > x0)) continue;
    ctx.fillStyle = "rgba(217, 119, 6, 0.14)";
    ctx.fillRect(x0, bbox.top, x1 - x0, bbox.height);
    ctx.fillStyle = "#92400e";
    ctx.fillText(b.label, x0 + 4 * px, bbox.top + 4 * px, Math.max(0, x1 - x0 - 8 * px));
  }
  ctx.restore();
}

export default function WfmChart(props: { data: LineData; label: string; lang: string; timeZone: string; xLabel: string; digits?: number; height?: number; percent?: boolean; bands?: Band[] }) {
  const box = useRef<HTMLDivElement>(null);
  const { data, lang, timeZone, xLabel, digits = 1, height = 300, percent = false, bands = NO_BANDS } = props;

  useEffect(() => {
    const el = box.current;
    if (!el || data.x.length === 0) return;
    const span = data.x[data.x.length - 1] - data.x[0];
    const axisFmt = new Intl.DateTimeFormat(lang, span > 86_400 ? { timeZone, month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    const pointFmt = new Intl.DateTimeFormat(lang, { timeZone, weekday: "short", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    const num = new Intl.NumberFormat(lang, percent ? { style: "unit", unit: "percent", maximumFractionDigits: digits } : { maximumFractionDigits: digits });
    const show = (v: number | null | undefined) => (v === null || v === undefined ? "—" : num.format(v));
    const opts: uPlot.Options = {
      width: Math.max(300, el.clientWidth),
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone),
      scales: { x: { time: true }, y: { range: percent ? [0, 100] : (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.05 : 1] } },
      axes: [
        // Time ticks at least 110 px apart, on whole hours / days, so labels never overlap.
        {
          stroke: "#374151",
          grid: { stroke: "#e5e7eb" },
          space: 110,
          incrs: [3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400, 14 * 86400],
          values: (_u, splits) => splits.map((s) => axisFmt.format(new Date(s * 1000))),
        },
        { stroke: "#374151", grid: { stroke: "#e5e7eb" }, size: 60, incrs: percent ? [10, 20, 25, 50] : COUNT_INCRS, values: (_u, splits) => splits.map((s) => show(s)) },
      ],
      series: [
        { label: xLabel, value: (_u, v) => (v === null || v === undefined ? "—" : pointFmt.format(new Date(v * 1000))) },
        ...data.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          dash: s.dash,
          width: s.width ?? 2,
          spanGaps: false,
          points: { show: false },
          value: (_u: uPlot, v: number | null) => show(v),
        })),
      ],
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      hooks: { drawClear: [(u) => drawBands(u, bands)] },
    };
    const plot = new uPlot(opts, [data.x, ...data.series.map((s) => s.values)] as uPlot.AlignedData, el);
    const ro = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => plot.setSize({ width: Math.max(300, el.clientWidth), height }));
    ro?.observe(el);
    return () => {
      ro?.disconnect();
      plot.destroy();
    };
  }, [data, lang, timeZone, xLabel, digits, height, percent, bands]);

  return <div ref={box} className="sy-chart sy-wfm-chart" role="img" aria-label={props.label} />;
}
