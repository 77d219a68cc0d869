// Turning an API error into messages beside the fields of a form.
//
// The server names the offending field of a 4xx answer with a path into the
// request body (docs/api.md, "Errors"): `name`, `overflow.threshold_ms`,
// `skills[0].min_proficiency`, `bullseye[1].alternative_skills[0][2].skill`.
// Each form control carries that path in `data-field`, so a message goes to
// the control of that path, else to the nearest enclosing one that is shown
// (`skills[0]`, then `skills`), else to a banner above the form.
import { ApiError } from "../../../lib/api";

export interface FormErrors {
  /** Messages by field path (only paths that a form control shows). */
  fields: Record<string, string>;
  /** A message for the whole form, or null. */
  banner: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, banner: null };

/** `a[0].b[1][2].c` -> [`a[0].b[1][2].c`, `a[0].b[1][2]`, `a[0].b[1]`, `a[0].b`, `a[0]`, `a`]. */
export function parentPaths(path: string): string[] {
  const out: string[] = [];
  let p = path.trim();
  while (p) {
    out.push(p);
    const dot = p.lastIndexOf(".");
    const bracket = p.lastIndexOf("[");
    const cut = Math.max(dot, bracket);
    if (cut <= 0) break;
    p = p.slice(0, cut);
  }
  return out;
}

/** The shown field a server `field` belongs to, or null. */
export function resolveField(field: string | undefined | null, known: Iterable<string>): string | null {
  if (!field) return null;
  const set = known instanceof Set ? (known as Set<string>) : new Set(known);
  for (const p of parentPaths(field)) if (set.has(p)) return p;
  return null;
}

/** Whether the error means "this server has no such route" (a feature not
 *  deployed yet), as opposed to "no such object". */
export function isMissingRoute(e: unknown): boolean {
  return (
    e instanceof ApiError &&
    (e.status === 404 || e.status === 405) &&
    !e.field &&
    (e.status === 405 || /^no route/i.test(e.message))
  );
}

type T = (key: string, vars?: Record<string, string | number>) => string;

/** A sentence for an error that has no field to sit beside. */
export function errorText(e: unknown, t: T): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return t("admin.error.network", { message: e.message });
    if (isMissingRoute(e)) return t("admin.error.missing_route");
    if (e.status === 401) return t("admin.error.unauthenticated");
    if (e.status === 403) return t("admin.error.forbidden");
    if (e.status === 429) return t("admin.error.rate_limited");
    if (e.status >= 500) return t("admin.error.server", { status: e.status, message: e.message });
    // Without a field the server's text can be a storage message; say it plainly.
    if (e.code === "already_exists" && !e.field) return t("admin.error.already_exists");
    return e.field ? `${e.message} (${e.field})` : e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Maps an error of a form's request to field messages and a banner.
 *  `known`: the field paths the form shows now. */
export function mapApiError(e: unknown, known: Iterable<string>, t: T): FormErrors {
  if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.field) {
    const at = resolveField(e.field, known);
    if (at) {
      // A message for a parent names the exact element it was about.
      const msg = at === e.field ? e.message : `${e.message} (${e.field.slice(at.length).replace(/^\./, "")})`;
      return { fields: { [at]: msg }, banner: null };
    }
  }
  return { fields: {}, banner: errorText(e, t) };
}

/** Field paths shown inside `root` (elements with data-field). */
export function shownFields(root: ParentNode | null | undefined): string[] {
  if (!root) return [];
  return Array.from(root.querySelectorAll<HTMLElement>("[data-field]")).map((el) => el.dataset.field ?? "");
}

/** Local (client-side) messages, i18n keys by path, as FormErrors. */
export function localErrors(keys: Record<string, string>, t: T): FormErrors {
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(keys)) fields[k] = t(v);
  return { fields, banner: null };
}
