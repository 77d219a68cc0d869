// Helpers for form models: inputs hold text (blank is a value of its own),
// the API wants numbers; units (seconds, percent) are converted here.

let next = 0;
/** A stable React key for a row that has no id. */
export const rowKey = () => `r${++next}`;

/** Collects client-side messages (i18n keys) by field path. */
export class Problems {
  readonly keys: Record<string, string> = {};
  add(path: string, key: string) {
    if (!(path in this.keys)) this.keys[path] = key;
  }
  get empty() {
    return Object.keys(this.keys).length === 0;
  }
}

export type Mapped<B> = { ok: true; body: B } | { ok: false; errors: Record<string, string> };

export function done<B>(p: Problems, body: B): Mapped<B> {
  return p.empty ? { ok: true, body } : { ok: false, errors: p.keys };
}

/** Parses a number; blank -> undefined; not a number -> a problem. */
export function num(p: Problems, path: string, text: string, opts: { int?: boolean; min?: number; max?: number } = {}): number | undefined {
  const s = text.trim();
  if (s === "") return undefined;
  const n = Number(s);
  if (!Number.isFinite(n)) {
    p.add(path, "admin.invalid.number");
    return undefined;
  }
  if (opts.int && !Number.isInteger(n)) p.add(path, "admin.invalid.integer");
  if (opts.min !== undefined && n < opts.min) p.add(path, "admin.invalid.too_small");
  if (opts.max !== undefined && n > opts.max) p.add(path, "admin.invalid.too_large");
  return n;
}

/** A required number: blank is a problem too. */
export function reqNum(p: Problems, path: string, text: string, opts: { int?: boolean; min?: number; max?: number } = {}): number {
  const n = num(p, path, text, opts);
  if (n === undefined && text.trim() === "") p.add(path, "admin.invalid.required");
  return n ?? 0;
}

/** Seconds typed -> milliseconds (rounded); blank -> undefined. */
export function secondsToMs(p: Problems, path: string, text: string, opts: { min?: number } = {}): number | undefined {
  const n = num(p, path, text, { min: opts.min });
  return n === undefined ? undefined : Math.round(n * 1000);
}

/** Milliseconds -> seconds as text ("" for undefined or null). */
export function msToSeconds(ms: number | undefined | null): string {
  if (ms === undefined || ms === null) return "";
  return String(Math.round(ms) / 1000);
}

export function numText(n: number | undefined | null): string {
  return n === undefined || n === null ? "" : String(n);
}

export function requireText(p: Problems, path: string, text: string): string {
  const s = text.trim();
  if (!s) p.add(path, "admin.invalid.required");
  return s;
}
