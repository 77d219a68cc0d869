// Reference lists the editors choose from (skills, teams, sites; queues,
// agents and webhooks are lists of resources.ts), and helpers to turn them
// into options.
import { api } from "../../lib/api";
import type { Named } from "./types";
import type { Option } from "./ui/form";

export const loadNamed = (what: "skills" | "teams" | "sites") => api<Named[]>("GET", `/api/v1/${what}`);

/** Options by name; a current value missing from the list (an id, or a
 *  name deleted since) is kept so that the select shows it. */
export function nameOptions(names: string[], current?: string | string[], blank?: string): Option[] {
  const out: Option[] = blank !== undefined ? [{ value: "", label: blank }] : [];
  const all = [...names];
  for (const c of Array.isArray(current) ? current : current ? [current] : []) if (c && !all.includes(c)) all.push(c);
  for (const n of all) out.push({ value: n, label: n });
  return out;
}

/** Options by id (users: team and agent are ids). */
export function idOptions(items: { id: number; name: string }[], blank?: string): Option[] {
  const out: Option[] = blank !== undefined ? [{ value: "", label: blank }] : [];
  for (const i of items) out.push({ value: String(i.id), label: i.name });
  return out;
}

/** Loads several lists at once. */
export async function loadAll<T extends Record<string, () => Promise<unknown>>>(
  loaders: T,
): Promise<{ [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const keys = Object.keys(loaders) as (keyof T)[];
  const values = await Promise.all(keys.map((k) => loaders[k]()));
  const out = {} as { [K in keyof T]: Awaited<ReturnType<T[K]>> };
  keys.forEach((k, i) => (out[k] = values[i] as Awaited<ReturnType<T[typeof k]>>));
  return out;
}
