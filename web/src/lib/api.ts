// The REST client: one place that adds credentials and turns the server's
// error shape {"error":{"code","message","field"}} into ApiError
// (docs/api.md, "Errors"). Every page calls the API through `api`.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const TOKEN_KEY = "switchyard.token";

export function getToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

let unauthorized: ((err: ApiError) => void) | null = null;

/** Called when a request made with a session token gets 401 (the session
 *  expired or was ended elsewhere): the app goes back to the login page. */
export function setUnauthorizedHandler(f: ((err: ApiError) => void) | null): void {
  unauthorized = f;
}

/** "?a=1&b=x" from the defined values (empty string when none). */
export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") u.set(k, String(v));
  const s = u.toString();
  return s ? "?" + s : "";
}

/** Calls `path` (e.g. "/api/v1/realtime"); resolves with the parsed JSON body
 *  (undefined for 204), rejects with ApiError for any non-2xx answer. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  const token = getToken();
  if (token) headers["Authorization"] = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, "network", e instanceof Error ? e.message : String(e));
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: handled below */
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
    const e = new ApiError(res.status, err?.code ?? "http_" + res.status, err?.message || res.statusText, err?.field || undefined);
    if (res.status === 401 && token) unauthorized?.(e);
    throw e;
  }
  return json as T;
}

/** The WebSocket URL for an API path on this origin, with the session token. */
export function wsUrl(path: string, params: Record<string, string | number | undefined> = {}): string {
  const u = new URL(path, window.location.href);
  u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
  const token = getToken();
  if (token) u.searchParams.set("access_token", token);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, String(v));
  return u.toString();
}
