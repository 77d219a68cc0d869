// Colleagues to pick by name: a <datalist> for a text field that takes a user
// name (kudos, a nomination, a direct message), filled from the colleague
// directory GET /api/v1/comms/people?q= (docs/api.md "Recognition and
// people") after a pause in typing, so anyone in the center can be found,
// not only the people of one's chat rooms. The value stays the user name the
// server wants; the option's label shows the display name beside it.
import { useEffect, useState } from "react";
import { api, qs } from "../lib/api";

export interface Colleague {
  user: string;
  display_name: string | null;
  role: string;
  team: string | null;
  site: string | null;
}

export const PEOPLE_PATH = "/api/v1/comms/people";
export const findColleagues = (q: string, limit = 20) =>
  api<{ items: Colleague[] }>("GET", PEOPLE_PATH + qs({ q: q.trim() || undefined, limit })).then((r) => r.items ?? []);

/** "Display Name (user)", or the user name when there is no other name. */
export function colleagueLabel(c: Pick<Colleague, "user" | "display_name">): string {
  return c.display_name && c.display_name !== c.user ? `${c.display_name} (${c.user})` : c.user;
}

/** The colleagues matching `query`, asked `delayMs` after it last changed; [] until then or on an error. */
export function useColleagues(query: string, delayMs = 200): Colleague[] {
  const [found, setFound] = useState<Colleague[]>([]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      findColleagues(query).then(
        (items) => live && setFound(items),
        () => live && setFound([]),
      );
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, delayMs]);
  return found;
}

/** The options for the field whose `list` is `id`: `extra` names first (e.g. people one
 *  works with), then the directory's matches; `exclude` (oneself) left out; `team` keeps
 *  that team's colleagues only. */
export function ColleagueList(props: { id: string; query: string; exclude?: string; extra?: readonly string[]; team?: string }) {
  const found = useColleagues(props.query).filter((c) => !props.team || c.team === props.team);
  const byUser = new Map<string, Colleague | null>();
  for (const u of props.extra ?? []) if (u) byUser.set(u, null);
  for (const c of found) byUser.set(c.user, c);
  if (props.exclude) byUser.delete(props.exclude);
  return (
    <datalist id={props.id}>
      {[...byUser].map(([user, c]) => (
        <option key={user} value={user}>
          {c ? colleagueLabel(c) : user}
        </option>
      ))}
    </datalist>
  );
}
