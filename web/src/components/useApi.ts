import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../lib/api";

export interface ApiState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again (keeps the old data until the new one arrives). */
  reload: () => void;
  /** Replaces the data locally (after a write that answered with it). */
  setData: (d: T | undefined) => void;
}

/** GETs `path` (null: nothing) and re-fetches when it changes. A late answer
 *  for an older path is dropped. */
export function useApi<T>(path: string | null): ApiState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const current = useRef(0);
  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    const n = ++current.current;
    setLoading(true);
    api<T>("GET", path).then(
      (d) => {
        if (n !== current.current) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e) => {
        if (n !== current.current) return;
        setError(e);
        setLoading(false);
      },
    );
  }, [path, tick]);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  return { data, error, loading, reload, setData };
}
