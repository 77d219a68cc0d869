// The schedule grid: agents (rows) x one day (96 columns of 15 minutes,
// drawn as the track's lines), each shift a bar with its breaks. A bar is a
// button: click or Enter selects it for the edit form (the keyboard way);
// dragging it sideways moves its start, snapped to the interval, and saves.
// Shifts named by a rule violation are marked with a sign and a text, not
// only a colour.
import { useRef, useState, type PointerEvent } from "react";
import { useI18n } from "../../i18n";
import { barGeometry, breakGeometry, dragStart, gridRows, hourMarks, isFlagged, span, type Shift } from "./wfmData";

interface Drag {
  id: number;
  x0: number;
  start: number;
  trackPx: number;
}

export function ScheduleGrid(props: {
  shifts: Shift[];
  day: number;
  step: number;
  flagged: Set<string>;
  selected: number | null;
  busy: boolean;
  caption: string;
  onSelect: (s: Shift) => void;
  /** A drag ended on another start: save it. */
  onMove: (s: Shift, startMin: number) => void;
}) {
  const { t } = useI18n();
  const rows = gridRows(props.shifts, props.day);
  const drag = useRef<Drag | null>(null);
  const [preview, setPreview] = useState<{ id: number; start: number } | null>(null);

  const down = (e: PointerEvent<HTMLButtonElement>, s: Shift) => {
    if (e.button !== 0 || props.busy) return;
    const track = e.currentTarget.closest(".sy-wfm-track");
    const trackPx = track ? track.getBoundingClientRect().width : 0;
    drag.current = { id: s.id, x0: e.clientX, start: s.start_min, trackPx };
    try {
      e.currentTarget.setPointerCapture?.(e.pointerId);
    } catch {
      /* not in every environment */
    }
  };
  const move = (e: PointerEvent<HTMLButtonElement>) => {
    const d = drag.current;
    if (!d) return;
    const start = dragStart(d.start, e.clientX - d.x0, d.trackPx, props.step);
    setPreview(start === d.start ? null : { id: d.id, start });
  };
  const up = (e: PointerEvent<HTMLButtonElement>, s: Shift) => {
    const d = drag.current;
    drag.current = null;
    if (!d) return;
    const start = dragStart(d.start, e.clientX - d.x0, d.trackPx, props.step);
    setPreview(null);
    if (start !== s.start_min) props.onMove(s, start);
  };
  const cancel = () => {
    drag.current = null;
    setPreview(null);
  };

  return (
    <div className="sy-table-wrap sy-wfm-grid-wrap" tabIndex={0} role="group" aria-label={props.caption}>
      <table className="sy-table sy-wfm-grid">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="sy-wfm-agent-col">
              {t("wfm.agent")}
            </th>
            <th scope="col">
              <span className="sy-visually-hidden">{t("wfm.grid.time_axis")}</span>
              <div className="sy-wfm-hours" aria-hidden="true">
                {hourMarks(2).map((m) => (
                  <span key={m} style={{ left: `${(m / 1440) * 100}%` }}>
                    {String(m / 60).padStart(2, "0")}
                  </span>
                ))}
              </div>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={2} className="sy-empty">
                {t("wfm.grid.empty")}
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.agent}>
              <th scope="row" className="sy-wfm-agent-col">
                {r.agent}
              </th>
              <td className="sy-wfm-track-cell">
                <div className="sy-wfm-track" data-agent={r.agent} style={{ backgroundSize: `${(props.step / 1440) * 100}% 100%` }}>
                  {r.shifts.length === 0 && <span className="sy-wfm-off">{t("wfm.day_off")}</span>}
                  {r.shifts.map((s) => {
                    const start = preview?.id === s.id ? preview.start : s.start_min;
                    const g = barGeometry(start, s.length_min);
                    const bad = isFlagged(s, props.flagged);
                    const breaks = s.breaks.map((b) => span(start + b.offset_min, b.length_min)).join(", ");
                    const label = [
                      t("wfm.grid.bar_label", { agent: s.agent, span: span(start, s.length_min) }),
                      breaks ? t("wfm.grid.bar_breaks", { breaks }) : t("wfm.grid.bar_no_breaks"),
                      bad ? t("wfm.grid.bar_flagged") : "",
                    ]
                      .filter(Boolean)
                      .join(". ");
                    return (
                      <button
                        key={s.id}
                        type="button"
                        data-shift={s.id}
                        className={"sy-wfm-bar" + (bad ? " sy-wfm-bar-bad" : "") + (props.selected === s.id ? " sy-wfm-bar-selected" : "") + (preview?.id === s.id ? " sy-wfm-bar-moving" : "")}
                        style={{ left: `${g.left}%`, width: `${g.width}%` }}
                        aria-label={label}
                        aria-pressed={props.selected === s.id}
                        title={label}
                        onClick={() => props.onSelect(s)}
                        onPointerDown={(e) => down(e, s)}
                        onPointerMove={move}
                        onPointerUp={(e) => up(e, s)}
                        onPointerCancel={cancel}
                      >
                        {s.breaks.map((b, i) => {
                          const bg = breakGeometry(b, s.length_min);
                          return <span key={i} className="sy-wfm-break" style={{ left: `${bg.left}%`, width: `${bg.width}%` }} aria-hidden="true" />;
                        })}
                        <span className="sy-wfm-bar-text" aria-hidden="true">
                          {bad && "⚠ "}
                          {span(start, s.length_min)}
                          {g.clipped && " →"}
                        </span>
                      </button>
                    );
                  })}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
