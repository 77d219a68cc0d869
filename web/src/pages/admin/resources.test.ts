import { afterEach, describe, expect, it, vi } from "vitest";
import { resource, RULES, WIDGETS } from "./resources";
import { mockApi } from "./test-utils";

afterEach(() => vi.unstubAllGlobals());

const THINGS = resource<{ id: number; name: string }>({ section: "widgets", key: "widget", path: "/api/v1/things", name: (o) => o.name });

describe("resource", () => {
  it("lists, gets one, creates, replaces and deletes on its path", async () => {
    const calls = mockApi(({ method, path }) => {
      if (method === "GET" && path === "/api/v1/things") return { json: [{ id: 1, name: "a" }] };
      if (method === "GET") return { json: { id: 2, name: "a b" } };
      if (method === "DELETE") return { status: 204 };
      return { json: { id: 3, name: "c" } };
    });
    expect(await THINGS.list()).toEqual([{ id: 1, name: "a" }]);
    expect(await THINGS.get!("a b")).toEqual({ id: 2, name: "a b" });
    expect(await THINGS.save(null, { name: "c" })).toEqual({ id: 3, name: "c" });
    await THINGS.save({ id: 3, name: "c" }, { name: "d" });
    await THINGS.remove({ id: 3, name: "d" });
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      "GET /api/v1/things",
      "GET /api/v1/things/a%20b",
      "POST /api/v1/things",
      "PUT /api/v1/things/3",
      "DELETE /api/v1/things/3",
    ]);
    expect(calls[2].body).toEqual({ name: "c" });
    expect(calls[3].body).toEqual({ name: "d" });
  });

  it("takes a list wrapped in an object or bare", async () => {
    let wrapped = true;
    mockApi(() => ({ json: wrapped ? { widgets: [{ id: 1 }] } : [{ id: 2 }] }));
    expect(await WIDGETS.list()).toEqual([{ id: 1 }]);
    wrapped = false;
    expect(await WIDGETS.list()).toEqual([{ id: 2 }]);
  });

  it("has no GET of one where the API has none", () => {
    expect(RULES.get).toBeNull();
    expect(WIDGETS.get).not.toBeNull();
  });
});
