import { describe, expect, it } from "vitest";
import { ApiError } from "../../../lib/api";
import { errorText, isMissingRoute, mapApiError, parentPaths, resolveField, shownFields } from "./errors";

const t = (k: string, v?: Record<string, string | number>) => (v ? `${k} ${JSON.stringify(v)}` : k);

describe("parentPaths", () => {
  it("walks up dots and brackets", () => {
    expect(parentPaths("bullseye[1].alternative_skills[0][2].skill")).toEqual([
      "bullseye[1].alternative_skills[0][2].skill",
      "bullseye[1].alternative_skills[0][2]",
      "bullseye[1].alternative_skills[0]",
      "bullseye[1].alternative_skills",
      "bullseye[1]",
      "bullseye",
    ]);
    expect(parentPaths("name")).toEqual(["name"]);
    expect(parentPaths("title.zh-CN")).toEqual(["title.zh-CN", "title"]);
    expect(parentPaths("")).toEqual([]);
  });
});

describe("resolveField", () => {
  const known = ["name", "skills[0].skill", "skills[0].min_proficiency", "skills", "overflow.threshold_ms", "allowed_origins"];
  it("finds the exact field", () => {
    expect(resolveField("skills[0].min_proficiency", known)).toBe("skills[0].min_proficiency");
    expect(resolveField("overflow.threshold_ms", known)).toBe("overflow.threshold_ms");
  });
  it("falls back to the nearest shown parent", () => {
    expect(resolveField("skills[3].skill", known)).toBe("skills");
    expect(resolveField("allowed_origins[2]", known)).toBe("allowed_origins");
  });
  it("gives null for no field or an unknown one", () => {
    expect(resolveField("", known)).toBeNull();
    expect(resolveField(undefined, known)).toBeNull();
    expect(resolveField("bogus", known)).toBeNull();
    expect(resolveField("Idempotency-Key", known)).toBeNull();
  });
});

describe("mapApiError", () => {
  const known = ["name", "skills[0].min_proficiency", "skills", "exit_target"];
  it("puts a 400 with a shown field beside it", () => {
    const e = new ApiError(400, "invalid_argument", "proficiency must be 1..5", "skills[0].min_proficiency");
    expect(mapApiError(e, known, t)).toEqual({ fields: { "skills[0].min_proficiency": "proficiency must be 1..5" }, banner: null });
  });
  it("puts a 404 or 409 naming a field beside it", () => {
    expect(mapApiError(new ApiError(404, "not_found", "queue not found", "exit_target"), known, t).fields).toEqual({
      exit_target: "queue not found",
    });
    expect(mapApiError(new ApiError(409, "already_exists", "queue exists", "name"), known, t).fields).toEqual({ name: "queue exists" });
  });
  it("names the element when the message goes to a parent", () => {
    const e = new ApiError(400, "invalid_argument", "unknown skill", "skills[4].skill");
    expect(mapApiError(e, known, t).fields).toEqual({ skills: "unknown skill ([4].skill)" });
  });
  it("uses a banner for an unshown field, no field, or a server error", () => {
    expect(mapApiError(new ApiError(400, "invalid_argument", "unknown field", "bogus"), known, t)).toEqual({
      fields: {},
      banner: "unknown field (bogus)",
    });
    expect(mapApiError(new ApiError(409, "conflict", "busy", ""), known, t).banner).toBe("busy");
    // A storage message (users: "step: UNIQUE constraint failed: users.username") is not shown as such.
    expect(mapApiError(new ApiError(409, "already_exists", "step: UNIQUE constraint failed", ""), known, t).banner).toBe("admin.error.already_exists");
    expect(mapApiError(new ApiError(500, "internal", "boom", "name"), known, t).banner).toContain("admin.error.server");
    expect(mapApiError(new ApiError(0, "network", "Failed to fetch"), known, t).banner).toContain("admin.error.network");
    expect(mapApiError(new Error("x"), known, t).banner).toBe("x");
  });
});

describe("errorText and isMissingRoute", () => {
  it("tells a route the server lacks from a missing object", () => {
    const noRoute = new ApiError(404, "not_found", "no route for GET /api/v1/chat/widgets", "");
    expect(isMissingRoute(noRoute)).toBe(true);
    expect(isMissingRoute(new ApiError(404, "not_found", "alert rule not found", "id"))).toBe(false);
    expect(isMissingRoute(new ApiError(405, "method_not_allowed", "method not allowed", ""))).toBe(true);
    expect(errorText(noRoute, t)).toBe("admin.error.missing_route");
    expect(errorText(new ApiError(403, "forbidden", "no"), t)).toBe("admin.error.forbidden");
  });
});

describe("shownFields", () => {
  it("lists data-field paths", () => {
    const div = document.createElement("div");
    div.innerHTML = `<div data-field="name"></div><fieldset data-field="skills"><div data-field="skills[0].skill"></div></fieldset>`;
    expect(shownFields(div)).toEqual(["name", "skills", "skills[0].skill"]);
    expect(shownFields(null)).toEqual([]);
  });
});
