import { describe, expect, it } from "vitest";
import { adminPath, parseAdminPath } from "./nav";

describe("admin paths", () => {
  it("parses section and item", () => {
    expect(parseAdminPath("/admin")).toEqual({ section: "queues", item: null });
    expect(parseAdminPath("/admin/")).toEqual({ section: "queues", item: null });
    expect(parseAdminPath("/admin/users")).toEqual({ section: "users", item: null });
    expect(parseAdminPath("/admin/queues/support-chat")).toEqual({ section: "queues", item: "support-chat" });
    expect(parseAdminPath("/admin/alerts/new?x=1")).toEqual({ section: "alerts", item: "new" });
    expect(parseAdminPath("/admin/queues/a%20b")).toEqual({ section: "queues", item: "a b" });
    expect(parseAdminPath("/admin/nonsense/3")).toEqual({ section: "queues", item: null });
  });
  it("builds paths", () => {
    expect(adminPath("api-keys")).toBe("/admin/api-keys");
    expect(adminPath("queues", "a b")).toBe("/admin/queues/a%20b");
    expect(adminPath("users", 0)).toBe("/admin/users/0");
  });
});
