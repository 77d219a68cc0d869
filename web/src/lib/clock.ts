// The server's clock as seen from here. Timers (time in state, an offer's
// countdown, ACW) run from server times (`time_ms`, `state_since_ms`), so a
// browser whose clock is a minute off must not show a minute too much.
// A frame stamped by the server arrives after it was stamped, so
// server_ms - local_ms underestimates the offset by the latency: the largest
// of the recent samples is the best estimate.

const samples: number[] = [];
let offset = 0;

/** Records a server timestamp received now. */
export function noteServerTime(serverMs: number, localMs: number = Date.now()): void {
  if (!Number.isFinite(serverMs)) return;
  samples.push(serverMs - localMs);
  if (samples.length > 20) samples.shift();
  offset = Math.max(...samples);
}

/** The server's time now (ms since the epoch). */
export function serverNow(): number {
  return Date.now() + offset;
}

export function clockOffset(): number {
  return offset;
}

/** For tests. */
export function resetClock(): void {
  samples.length = 0;
  offset = 0;
}
