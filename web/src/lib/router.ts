// A small router on the History API: no library. The location is an external
// store (useSyncExternalStore), so every component that reads it re-renders
// on navigate() and on the browser's back / forward.
//
//   const loc = useLocation();                   // { path, search }
//   const m = matchRoute(ROUTES, loc.path);      // { route, params, rest }
//   navigate("/wallboard");  navigate("/login", { replace: true });
//   createElement(Link, { to: "/desk" }, "Desk") // an <a> that navigates without a reload
import { createElement, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from "react";

export interface Location {
  path: string;
  search: string;
}

// ---- matching (pure) ------------------------------------------------------

export interface RouteDef<T = unknown> {
  /** "/desk", "/contacts/:id" or "/admin/*" (the "*" matches the rest, also nothing). */
  pattern: string;
  data?: T;
}
export interface RouteMatch<T = unknown> {
  route: RouteDef<T>;
  params: Record<string, string>;
  /** What "*" matched, without a leading slash ("" when nothing). */
  rest: string;
}

function split(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

/** Matches one pattern against a path; null when it does not match. */
export function matchPath(pattern: string, path: string): { params: Record<string, string>; rest: string } | null {
  const pat = split(pattern);
  const segs = split(path);
  const params: Record<string, string> = {};
  for (let i = 0; i < pat.length; i++) {
    const p = pat[i];
    if (p === "*") return { params, rest: segs.slice(i).join("/") };
    if (i >= segs.length) return null;
    if (p.startsWith(":")) {
      try {
        params[p.slice(1)] = decodeURIComponent(segs[i]);
      } catch {
        return null;
      }
    } else if (p !== segs[i]) return null;
  }
  return segs.length === pat.length ? { params, rest: "" } : null;
}

/** The first route whose pattern matches `path`, or null. */
export function matchRoute<T>(routes: RouteDef<T>[], path: string): RouteMatch<T> | null {
  for (const route of routes) {
    const m = matchPath(route.pattern, path);
    if (m) return { route, ...m };
  }
  return null;
}

/** Reads one query parameter of a search string ("?a=1&b=2"). */
export function searchParam(search: string, name: string): string | null {
  return new URLSearchParams(search).get(name);
}

// ---- the location store ---------------------------------------------------

const listeners = new Set<() => void>();
let current: Location | null = null;

function read(): Location {
  return { path: window.location.pathname || "/", search: window.location.search };
}
function snapshot(): Location {
  const l = read();
  if (!current || current.path !== l.path || current.search !== l.search) current = l;
  return current;
}
function emit() {
  for (const f of [...listeners]) f();
}
function subscribe(f: () => void): () => void {
  listeners.add(f);
  if (listeners.size === 1) window.addEventListener("popstate", emit);
  return () => {
    listeners.delete(f);
    if (listeners.size === 0) window.removeEventListener("popstate", emit);
  };
}

/** The current location; re-renders the caller when it changes. */
export function useLocation(): Location {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/** Goes to `to` (a path with an optional "?search"), adding a history entry
 *  unless `replace`. Same location: nothing happens. */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const here = window.location.pathname + window.location.search;
  if (to === here) return;
  if (opts.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  emit();
  if (!opts.replace) window.scrollTo?.(0, 0);
}

/** True for a click that should be handled by the router (plain left click,
 *  no modifier, no target): others open a tab etc. as the browser does. */
export function isPlainClick(e: Pick<MouseEvent, "button" | "metaKey" | "altKey" | "ctrlKey" | "shiftKey" | "defaultPrevented">): boolean {
  return !e.defaultPrevented && e.button === 0 && !e.metaKey && !e.altKey && !e.ctrlKey && !e.shiftKey;
}

export interface LinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  to: string;
  replace?: boolean;
}

/** An <a href> that navigates in the app; marks itself aria-current="page"
 *  when it points at the current path (or a path under it). */
export function Link({ to, replace, onClick, children, ...rest }: LinkProps) {
  const loc = useLocation();
  const target = to.split("?")[0];
  const active = loc.path === target || (target !== "/" && loc.path.startsWith(target + "/"));
  return createElement(
    "a",
    {
      ...rest,
      href: to,
      "aria-current": active ? "page" : undefined,
      onClick: (e: MouseEvent<HTMLAnchorElement>) => {
        onClick?.(e);
        if (!isPlainClick(e) || rest.target) return;
        e.preventDefault();
        navigate(to, { replace });
      },
    },
    children,
  );
}
