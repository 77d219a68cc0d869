// One shared one-second ticker for every running timer on a page (time in
// state, waits, countdowns). Timers update their own text node, so a grid of
// 1,000 agents ticking costs 1,000 text writes a second and no React render.

type Tick = (now: number) => void;
const subscribers = new Set<Tick>();
let handle: ReturnType<typeof setTimeout> | null = null;

function run() {
  handle = null;
  if (subscribers.size === 0) return;
  const now = Date.now();
  for (const f of subscribers) f(now);
  handle = setTimeout(run, 1000 - (now % 1000) + 5);
}

/** Calls `f` every second (on the second); returns the unsubscribe. */
export function onTick(f: Tick): () => void {
  subscribers.add(f);
  if (handle === null) handle = setTimeout(run, 1000 - (Date.now() % 1000) + 5);
  return () => {
    subscribers.delete(f);
    if (subscribers.size === 0 && handle !== null) {
      clearTimeout(handle);
      handle = null;
    }
  };
}
