// Files behind the API's authentication (report CSVs, scheduled reports):
// fetched with the Authorization header (a plain link would carry no
// credentials, and a token in the URL would end up in logs and history),
// then saved through a Blob URL.
import { ApiError, getToken } from "../../lib/api";

/** The file name of a Content-Disposition header (filename* first). */
export function filenameFrom(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ""));
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(header);
  const name = plain ? (plain[2] ?? plain[1]).trim() : "";
  // No paths: a name only.
  const safe = name.replace(/[/\\]/g, "_");
  return safe || fallback;
}

export interface Fetched {
  blob: Blob;
  filename: string;
  type: string;
}

/** GETs `path` with the session's credentials; rejects with ApiError. */
export async function fetchFile(path: string, fallbackName: string, f: typeof fetch = fetch): Promise<Fetched> {
  const headers: Record<string, string> = {};
  const token = getToken();
  if (token) headers["Authorization"] = `Bearer ${token}`;
  let res: Response;
  try {
    res = await f(path, { headers });
  } catch (e) {
    throw new ApiError(0, "network", e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) {
    let err: { code?: string; message?: string; field?: string } | undefined;
    try {
      err = (JSON.parse(await res.text()) as { error?: typeof err }).error;
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? res.statusText, err?.field || undefined);
  }
  const blob = await res.blob();
  return { blob, filename: filenameFrom(res.headers.get("Content-Disposition"), fallbackName), type: res.headers.get("Content-Type") ?? blob.type };
}

/** Saves a fetched file: a temporary Blob URL and a download link. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.rel = "noopener";
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const f = await fetchFile(path, fallbackName);
  saveBlob(f.blob, f.filename);
}
