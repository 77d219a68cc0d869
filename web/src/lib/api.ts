// The REST client: one place that adds credentials and turns the server's
// error shape {"error":{"code","message","field"}} into ApiError
// (docs/api.md, "Errors"). Every page calls the API through `api`.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** The whole parsed error body, for answers that carry more than
     *  `error` (a 409 of a schedule's publish lists its `violations`). */
    readonly body?: unknown,
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

/** Sends a request with the session's credentials; a failure to reach the
 *  server is ApiError status 0. */
async function send(method: string, path: string, body: BodyInit | undefined, contentType?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = getToken();
  if (token) headers["Authorization"] = `Bearer ${token}`;
  if (contentType) headers["Content-Type"] = contentType;
  try {
    return await fetch(path, { method, headers, body });
  } catch (e) {
    throw new ApiError(0, "network", e instanceof Error ? e.message : String(e));
  }
}

/** The ApiError of a non-2xx answer whose body is `text`. */
function failure(res: Response, text: string): ApiError {
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON (a proxy's page): the status text says it */
  }
  const err = (json as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
  const e = new ApiError(res.status, err?.code ?? "http_" + res.status, err?.message || res.statusText, err?.field || undefined, json);
  if (res.status === 401 && getToken()) unauthorized?.(e);
  return e;
}

/** The parsed JSON of an answer (undefined for 204); ApiError for non-2xx. */
async function jsonOf<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!res.ok) throw failure(res, text);
  try {
    return (text ? JSON.parse(text) : undefined) as T;
  } catch {
    return undefined as T;
  }
}

/** Calls `path` (e.g. "/api/v1/realtime"); resolves with the parsed JSON body
 *  (undefined for 204), rejects with ApiError for any non-2xx answer. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await send(method, path, body === undefined ? undefined : JSON.stringify(body), body === undefined ? undefined : "application/json");
  return jsonOf<T>(res);
}

/** Sends a file as the request body as it is (an audio upload), with its
 *  own type (application/octet-stream when it has none); the answer as
 *  for `api`. */
export async function apiUpload<T>(method: string, path: string, file: Blob): Promise<T> {
  const res = await send(method, path, file, file.type || "application/octet-stream");
  return jsonOf<T>(res);
}

/** GETs a binary answer (audio) as a Blob, for an object URL: elements such
 *  as <audio> cannot send the Authorization header themselves. */
export async function apiBlob(path: string): Promise<Blob> {
  const res = await send("GET", path, undefined);
  if (!res.ok) throw failure(res, await res.text());
  return res.blob();
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
