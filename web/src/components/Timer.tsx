import { useEffect, useLayoutEffect, useRef } from "react";
import { clock } from "../lib/format";
import { serverNow } from "../lib/clock";
import { onTick } from "./ticker";

export interface ElapsedProps {
  /** Server time (ms) the period started; null shows a dash. */
  since: number | null | undefined;
  /** Custom text for the elapsed milliseconds (default m:ss). */
  format?: (ms: number) => string;
  className?: string;
}

/** A running "m:ss" since a server time, updated every second without a
 *  React render. The text and the tick subscription are set in a layout
 *  effect, again only when `since` (or the format) changes: a row or tile
 *  re-rendering for another reason costs nothing here, and a commit with no
 *  passive effect saves React scheduling a task to run them (a wallboard
 *  commits sixty times a second). */
export function Elapsed({ since, format = clock, className }: ElapsedProps) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const text = () => (since === null || since === undefined ? "—" : format(serverNow() - since));
    if (ref.current) ref.current.textContent = text();
    if (since === null || since === undefined) return;
    return onTick(() => {
      if (ref.current) ref.current.textContent = text();
    });
  }, [since, format]);
  return <span ref={ref} className={"timer " + (className ?? "")} />;
}

export interface CountdownProps {
  /** Server time (ms) it runs out. */
  until: number;
  /** Called once when it reaches 0. */
  onExpire?: () => void;
  /** Called every second with the seconds left (e.g. for a progress bar). */
  onSecond?: (leftMs: number) => void;
  className?: string;
}

/** "0:15" counting down to a server time. */
export function Countdown({ until, onExpire, onSecond, className }: CountdownProps) {
  const ref = useRef<HTMLSpanElement>(null);
  const fired = useRef(false);
  const cb = useRef({ onExpire, onSecond });
  cb.current = { onExpire, onSecond };
  useEffect(() => {
    fired.current = false;
    const update = () => {
      const left = Math.max(0, until - serverNow());
      if (ref.current) ref.current.textContent = clock(Math.ceil(left / 1000) * 1000);
      cb.current.onSecond?.(left);
      if (left <= 0 && !fired.current) {
        fired.current = true;
        cb.current.onExpire?.();
      }
    };
    update();
    return onTick(update);
  }, [until]);
  return <span ref={ref} className={"timer " + (className ?? "")} />;
}
