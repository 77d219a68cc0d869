// openFeed(): the event stream (GET /api/v1/events) for a page, batched once
// per animation frame. In the browser the socket lives in a worker
// (live.worker.ts); where there is no Worker (tests) it runs here. Either
// way the reconnect / resume rules are LiveClient's (live.ts).
import { FrameBatcher, KpiCoalescer, LiveClient, slimKpis, withSince, type LiveStatus, type SlimSpec } from "./live";

export type FeedIn =
  | { type: "start"; url: string; since: number | null; slim?: SlimSpec; every?: Partial<Record<string, number>> }
  | { type: "resume"; since: number | null }
  | { type: "stop" };
export type FeedOut =
  | { type: "batch"; msgs: Record<string, unknown>[]; lastSeq: number | null }
  | { type: "status"; status: LiveStatus; attempt: number; code?: number }
  | { type: "resync" }
  | { type: "failed"; attempt: number };

export interface FeedHandlers {
  /** Everything that arrived since the last frame, in order. */
  onBatch: (msgs: Record<string, unknown>[]) => void;
  onStatus?: (status: LiveStatus, attempt: number) => void;
  /** The server could not resume: reload the page's state, then call
   *  feed.resume(seq of the new snapshot). */
  onResyncNeeded?: () => void;
  /** A connection failed before opening: maybe the session ended. */
  onConnectFailed?: (attempt: number) => void;
}

export interface Feed {
  resume(since: number | null): void;
  stop(): void;
}

export interface FeedOptions {
  /** The full socket URL (wsUrl(...)), without since. */
  url: string;
  since: number | null;
  slim?: SlimSpec;
  /** Dimensions whose KPI entries are passed on at most every so many ms
   *  (KpiCoalescer), e.g. { agent: 2000 }. */
  every?: Partial<Record<string, number>>;
  /** Run on the main thread even where workers exist. */
  inline?: boolean;
}

export function openFeed(o: FeedOptions, h: FeedHandlers): Feed {
  const batcher = new FrameBatcher<Record<string, unknown>>((msgs) => h.onBatch(msgs));
  if (!o.inline && typeof Worker !== "undefined") {
    let worker: Worker | null = null;
    try {
      worker = new Worker(new URL("./live.worker.ts", import.meta.url), { type: "module" });
    } catch {
      worker = null;
    }
    if (worker) {
      const w = worker;
      w.onmessage = (e: MessageEvent<FeedOut>) => {
        const m = e.data;
        if (m.type === "batch") batcher.push(...m.msgs);
        else if (m.type === "status") h.onStatus?.(m.status, m.attempt);
        else if (m.type === "resync") {
          batcher.flush();
          h.onResyncNeeded?.();
        } else if (m.type === "failed") h.onConnectFailed?.(m.attempt);
      };
      const post = (m: FeedIn) => w.postMessage(m);
      post({ type: "start", url: o.url, since: o.since, slim: o.slim, every: o.every });
      return {
        resume: (since) => post({ type: "resume", since }),
        stop: () => {
          post({ type: "stop" });
          batcher.dispose();
          setTimeout(() => w.terminate(), 100);
        },
      };
    }
  }
  const coalescer = o.every ? new KpiCoalescer(o.every) : null;
  const coalesceTimer = coalescer
    ? setInterval(() => {
        const m = coalescer.flush();
        if (m) batcher.push(m);
      }, 250)
    : null;
  const client = new LiveClient({
    url: (since) => withSince(o.url, since),
    onMessage: (msg) => {
      const slim = slimKpis(msg, o.slim);
      const m = coalescer ? coalescer.take(slim) : slim;
      if (m) batcher.push(m);
    },
    onStatus: (s, info) => h.onStatus?.(s, info.attempt),
    onResyncNeeded: () => {
      batcher.flush();
      h.onResyncNeeded?.();
    },
    onConnectFailed: h.onConnectFailed,
  });
  client.start(o.since);
  return {
    resume: (since) => client.resume(since),
    stop: () => {
      client.stop();
      if (coalesceTimer) clearInterval(coalesceTimer);
      batcher.dispose();
    },
  };
}
