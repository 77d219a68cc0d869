// Turning errors into what the user reads. The server's messages are English
// and technical; the headline comes from the catalogue by error code and the
// server's message follows as the detail.
import { ApiError } from "../lib/api";

/** The server's message for form field `name` when `err` names that field
 *  (400 with {"error":{"field":"name"}}); undefined otherwise. A nested
 *  field such as `skills[0].min_proficiency` is found by its prefix too:
 *  fieldError(err, "skills") answers for it. */
export function fieldError(err: unknown, name: string): string | undefined {
  if (!(err instanceof ApiError) || !err.field) return undefined;
  const f = err.field;
  if (f === name || f.startsWith(name + ".") || f.startsWith(name + "[")) return err.message;
  return undefined;
}

/** The catalogue key of the headline for an error. */
export function errorKey(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return "common.error.network";
    if (err.status === 401) return "common.error.unauthenticated";
    if (err.status === 403) return "common.error.forbidden";
    if (err.status === 404) return "common.error.notFound";
    if (err.status === 409) return "common.error.conflict";
    if (err.status === 429) return "common.error.rateLimited";
    if (err.status === 400 || err.status === 422) return "common.error.invalid";
    if (err.status === 503) return "common.error.unavailable";
    if (err.status >= 500) return "common.error.server";
  }
  return "common.error.unexpected";
}

/** The detail line: the server's message (with the field it names). */
export function errorDetail(err: unknown): string {
  if (err instanceof ApiError) return err.field ? `${err.message} (${err.field})` : err.message;
  if (err instanceof Error) return err.message;
  return String(err ?? "");
}
