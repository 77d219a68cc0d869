// The admin area's own navigation: /admin/<section>[/<item>], where item
// is "new" or an object's id (or a queue's name).
import { useCallback, useEffect, useState } from "react";

export const SECTIONS = ["queues", "skills", "agents", "teams", "sites", "users", "api-keys", "alerts", "webhooks", "widgets"] as const;
export type Section = (typeof SECTIONS)[number];

export const BASE = "/admin";

export interface AdminRoute {
  section: Section;
  item: string | null;
}

export function parseAdminPath(path: string): AdminRoute {
  const rest = path.startsWith(BASE) ? path.slice(BASE.length) : path;
  const parts = rest.split(/[?#]/)[0].split("/").filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  const section = (SECTIONS as readonly string[]).includes(parts[0] ?? "") ? (parts[0] as Section) : "queues";
  const item = section === parts[0] && parts[1] ? parts[1] : null;
  return { section, item };
}

export function adminPath(section: Section, item?: string | number | null): string {
  return item === undefined || item === null || item === "" ? `${BASE}/${section}` : `${BASE}/${section}/${encodeURIComponent(String(item))}`;
}

/** The current admin path: `path` when the shell passes one, else the
 *  location (kept in step with pushState here and popstate). */
export function useAdminPath(path?: string, navigate?: (to: string) => void): [string, (to: string) => void] {
  const [loc, setLoc] = useState(() => (typeof window === "undefined" ? BASE : window.location.pathname));
  useEffect(() => {
    if (path !== undefined) return;
    const on = () => setLoc(window.location.pathname);
    window.addEventListener("popstate", on);
    return () => window.removeEventListener("popstate", on);
  }, [path]);
  const go = useCallback(
    (to: string) => {
      if (navigate) return navigate(to);
      if (window.location.pathname !== to) window.history.pushState(null, "", to);
      setLoc(to);
    },
    [navigate],
  );
  return [path ?? loc, go];
}
