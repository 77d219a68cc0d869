// The live socket off the main thread: the worker owns the WebSocket, parses
// the frames (a KPI frame for 1,000 agents is megabytes of JSON), keeps only
// the figures the page asked for (slimKpis) and posts what arrived every
// 16 ms as one batch. Protocol: liveFeed.ts.
import { KpiCoalescer, LiveClient, slimKpis, withSince, type SlimSpec } from "./live";
import type { FeedIn, FeedOut } from "./liveFeed";

const ctx = self as unknown as { postMessage(m: FeedOut): void; onmessage: ((e: MessageEvent<FeedIn>) => void) | null };

let client: LiveClient | null = null;
let spec: SlimSpec | undefined;
let coalescer: KpiCoalescer | null = null;
let coalesceTimer: ReturnType<typeof setInterval> | null = null;
let queue: Record<string, unknown>[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;

function push(msg: Record<string, unknown> | null) {
  if (!msg) return;
  queue.push(msg);
  if (queue.length >= 5000) flush();
  else if (timer === null) timer = setTimeout(flush, 16);
}

function flush() {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  if (queue.length === 0) return;
  const msgs = queue;
  queue = [];
  ctx.postMessage({ type: "batch", msgs, lastSeq: client?.lastSeq ?? null });
}

ctx.onmessage = (e) => {
  const m = e.data;
  if (m.type === "start") {
    client?.stop();
    spec = m.slim;
    const base = m.url;
    if (coalesceTimer) clearInterval(coalesceTimer);
    coalescer = m.every ? new KpiCoalescer(m.every) : null;
    coalesceTimer = coalescer ? setInterval(() => push(coalescer!.flush()), 250) : null;
    client = new LiveClient({
      url: (since) => withSince(base, since),
      onMessage: (msg) => {
        const slim = slimKpis(msg, spec);
        push(coalescer ? coalescer.take(slim) : slim);
      },
      onStatus: (status, info) => ctx.postMessage({ type: "status", status, attempt: info.attempt, code: info.code }),
      onResyncNeeded: () => {
        flush();
        ctx.postMessage({ type: "resync" });
      },
      onConnectFailed: (attempt) => ctx.postMessage({ type: "failed", attempt }),
    });
    client.start(m.since);
  } else if (m.type === "resume") {
    client?.resume(m.since);
  } else if (m.type === "stop") {
    flush();
    client?.stop();
    client = null;
    if (coalesceTimer) clearInterval(coalesceTimer);
    coalesceTimer = null;
  }
};
