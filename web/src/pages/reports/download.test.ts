import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, setToken } from "../../lib/api";
import { downloadFile, fetchFile, filenameFrom } from "./download";

describe("filenameFrom", () => {
  it("reads the server's Content-Disposition", () => {
    expect(filenameFrom('attachment; filename="switchyard-daily-2026-11-29.csv"', "x.csv")).toBe("switchyard-daily-2026-11-29.csv");
    expect(filenameFrom("attachment; filename=queues-day.csv", "x.csv")).toBe("queues-day.csv");
    expect(filenameFrom("attachment; filename*=UTF-8''%E6%97%A5%E6%8A%A5.csv; filename=\"r.csv\"", "x.csv")).toBe("日报.csv");
    expect(filenameFrom('attachment; filename="../../etc/passwd"', "x.csv")).toBe(".._.._etc_passwd");
    expect(filenameFrom(null, "x.csv")).toBe("x.csv");
    expect(filenameFrom("inline", "x.html")).toBe("x.html");
  });
});

describe("fetchFile", () => {
  afterEach(() => {
    setToken(null);
    vi.restoreAllMocks();
  });
  it("sends the session token in the Authorization header, not the URL", async () => {
    setToken("tok123");
    const f = vi.fn(async () => new Response("a,b\r\n1,2\r\n", { status: 200, headers: { "Content-Type": "text/csv", "Content-Disposition": 'attachment; filename="q.csv"' } }));
    const r = await fetchFile("/api/v1/reports/queues?format=csv", "fallback.csv", f as unknown as typeof fetch);
    expect(f).toHaveBeenCalledWith("/api/v1/reports/queues?format=csv", { headers: { Authorization: "Bearer tok123" } });
    expect(r.filename).toBe("q.csv");
    expect(await r.blob.text()).toBe("a,b\r\n1,2\r\n");
  });
  it("turns an error answer into ApiError with its field", async () => {
    const f = vi.fn(async () => new Response('{"error":{"code":"invalid_argument","message":"must be after `from`","field":"to"}}', { status: 400 }));
    await expect(fetchFile("/x", "y", f as unknown as typeof fetch)).rejects.toMatchObject({ status: 400, field: "to", message: "must be after `from`" });
    const g = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(fetchFile("/x", "y", g as unknown as typeof fetch)).rejects.toBeInstanceOf(ApiError);
  });
  it("downloadFile saves through a Blob URL", async () => {
    setToken("t");
    vi.stubGlobal("fetch", vi.fn(async () => new Response("x", { status: 200, headers: { "Content-Disposition": 'attachment; filename="r.csv"' } })));
    const created = vi.fn(() => "blob:mock");
    URL.createObjectURL = created as unknown as typeof URL.createObjectURL;
    URL.revokeObjectURL = vi.fn();
    const clicks: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(`${this.getAttribute("href")} ${this.download}`);
    });
    await downloadFile("/api/v1/reports/scheduled/1?format=csv", "f.csv");
    expect(created).toHaveBeenCalledOnce();
    expect(clicks).toEqual(["blob:mock r.csv"]);
    vi.unstubAllGlobals();
  });
});
