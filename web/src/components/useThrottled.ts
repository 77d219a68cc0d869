import { useEffect, useRef, useState } from "react";

/** `value`, passed on at most once per `ms` (the latest one, at the end of
 *  the interval): for views that need not follow every frame, such as
 *  charts fed by live figures. */
export function useThrottled<T>(value: T, ms: number): T {
  const [out, setOut] = useState(value);
  const last = useRef(0);
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    if (Object.is(value, out)) return;
    const wait = last.current + ms - Date.now();
    if (wait <= 0) {
      last.current = Date.now();
      setOut(value);
      return;
    }
    const h = setTimeout(() => {
      last.current = Date.now();
      setOut(latest.current);
    }, wait);
    return () => clearTimeout(h);
  }, [value, out, ms]);
  return out;
}
