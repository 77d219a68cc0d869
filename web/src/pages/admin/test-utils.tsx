// Test helpers: an I18n provider and a fetch that answers by route.
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { vi } from "vitest";
import { I18nContext, translate, type Lang } from "../../i18n";
import { SessionContext } from "../../lib/sessionContext";

export function renderWithI18n(ui: ReactElement, lang: Lang = "en", timeZone = "UTC") {
  return render(
    <I18nContext.Provider value={{ lang, setLang: () => {}, t: (k, v) => translate(lang, k, v), timeZone }}>{ui}</I18nContext.Provider>,
  );
}

/** `page` at `path` for a signed-in user of team red (time zone UTC). */
export function renderAsUser(page: ReactElement, path: string, name: string, role: string, agent: string | null = null, lang: Lang = "en") {
  window.history.replaceState(null, "", path);
  const session = { me: { name, role, agent, user_id: 1, team: "red", time_zone: "UTC" }, settings: null, timeZone: "UTC", logout: () => {} };
  return renderWithI18n(<SessionContext.Provider value={session as never}>{page}</SessionContext.Provider>, lang);
}

export interface MockRequest {
  method: string;
  path: string;
  /** A JSON body, parsed; undefined otherwise. */
  body: unknown;
  /** The body as sent (a File for an upload). */
  raw?: unknown;
  headers: Record<string, string>;
}
export type Handler = (req: MockRequest) => { status?: number; json?: unknown; text?: string } | undefined;

/** Stubs fetch: each call goes to `handler` (method, path with query,
 *  parsed body); an unhandled one is a 404 "no route". Returns the calls. */
export function mockApi(handler: Handler) {
  const calls: MockRequest[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string, init?: RequestInit) => {
      const method = init?.method ?? "GET";
      const body = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
      const req: MockRequest = { method, path: String(input), body, raw: init?.body ?? undefined, headers: { ...(init?.headers as Record<string, string>) } };
      calls.push(req);
      const r = handler(req);
      if (!r) return new Response(JSON.stringify({ error: { code: "not_found", message: `no route for ${method} ${input}`, field: "" } }), { status: 404 });
      if (r.status === 204) return new Response(null, { status: 204 });
      return new Response(r.text ?? JSON.stringify(r.json ?? {}), { status: r.status ?? 200 });
    }),
  );
  return calls;
}
