import { useCallback, useEffect, useState, type RefObject } from "react";

export interface VirtualWindow {
  /** First and one-past-last index to render. */
  start: number;
  end: number;
  /** Space (px) above and below the rendered rows. */
  before: number;
  after: number;
}

/** The rows of a long list that are in (or near) view of a scrolling
 *  container, for lists whose rows have one fixed height: a grid of 1,000
 *  agents renders only the forty on screen. */
export function useVirtualRows(scroller: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan = 8): VirtualWindow {
  const [view, setView] = useState({ top: 0, height: 800 });
  const measure = useCallback(() => {
    const el = scroller.current;
    if (el) setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight || 800 }));
  }, [scroller]);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    measure();
    el.addEventListener("scroll", measure, { passive: true });
    const ro = typeof ResizeObserver !== "undefined" ? new ResizeObserver(measure) : null;
    ro?.observe(el);
    return () => {
      el.removeEventListener("scroll", measure);
      ro?.disconnect();
    };
  }, [scroller, measure]);
  const start = Math.max(0, Math.floor(view.top / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((view.top + view.height) / rowHeight) + overscan);
  return { start, end, before: start * rowHeight, after: Math.max(0, (count - end) * rowHeight) };
}
