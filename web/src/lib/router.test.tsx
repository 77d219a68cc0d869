import { afterEach, describe, expect, it } from "vitest";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { createElement } from "react";
import { isPlainClick, Link, matchPath, matchRoute, navigate, searchParam, useLocation } from "./router";

afterEach(() => {
  cleanup();
  window.history.replaceState(null, "", "/");
});

describe("matchPath", () => {
  it("matches literal segments, params and a tail", () => {
    expect(matchPath("/desk", "/desk")).toEqual({ params: {}, rest: "" });
    expect(matchPath("/desk", "/desk/")).toEqual({ params: {}, rest: "" });
    expect(matchPath("/desk", "/wallboard")).toBeNull();
    expect(matchPath("/desk", "/desk/x")).toBeNull();
    expect(matchPath("/contacts/:id", "/contacts/42")).toEqual({ params: { id: "42" }, rest: "" });
    expect(matchPath("/contacts/:id", "/contacts/a%20b")).toEqual({ params: { id: "a b" }, rest: "" });
    expect(matchPath("/contacts/:id", "/contacts/%E0%A4%A")).toBeNull();
    expect(matchPath("/admin/*", "/admin")).toEqual({ params: {}, rest: "" });
    expect(matchPath("/admin/*", "/admin/users/3")).toEqual({ params: {}, rest: "users/3" });
    expect(matchPath("/", "/")).toEqual({ params: {}, rest: "" });
  });
  it("takes the first route that matches", () => {
    const routes = [{ pattern: "/", data: "home" }, { pattern: "/admin/*", data: "admin" }];
    expect(matchRoute(routes, "/admin/queues")?.route.data).toBe("admin");
    expect(matchRoute(routes, "/nope")).toBeNull();
  });
  it("reads query parameters", () => {
    expect(searchParam("?next=%2Fdesk&x=1", "next")).toBe("/desk");
    expect(searchParam("", "next")).toBeNull();
  });
});

function Where() {
  const loc = useLocation();
  return createElement("p", { "data-testid": "where" }, loc.path + loc.search);
}

describe("navigation", () => {
  it("navigate() and back / forward re-render the readers", () => {
    render(createElement(Where));
    expect(screen.getByTestId("where").textContent).toBe("/");
    act(() => navigate("/wallboard?x=1"));
    expect(screen.getByTestId("where").textContent).toBe("/wallboard?x=1");
    expect(window.location.pathname).toBe("/wallboard");
    act(() => navigate("/desk", { replace: true }));
    expect(screen.getByTestId("where").textContent).toBe("/desk");
    act(() => {
      window.history.pushState(null, "", "/reports");
      window.dispatchEvent(new PopStateEvent("popstate"));
    });
    expect(screen.getByTestId("where").textContent).toBe("/reports");
  });

  it("Link navigates on a plain click and marks the current page", () => {
    render(createElement("div", null, createElement(Link, { to: "/desk" }, "Desk"), createElement(Link, { to: "/admin" }, "Admin"), createElement(Where)));
    fireEvent.click(screen.getByText("Desk"));
    expect(screen.getByTestId("where").textContent).toBe("/desk");
    expect(screen.getByText("Desk").getAttribute("aria-current")).toBe("page");
    expect(screen.getByText("Admin").getAttribute("aria-current")).toBeNull();
    act(() => navigate("/admin/users/2"));
    expect(screen.getByText("Admin").getAttribute("aria-current")).toBe("page");
  });

  it("leaves modified clicks to the browser", () => {
    const base = { button: 0, metaKey: false, altKey: false, ctrlKey: false, shiftKey: false, defaultPrevented: false };
    expect(isPlainClick(base)).toBe(true);
    expect(isPlainClick({ ...base, ctrlKey: true })).toBe(false);
    expect(isPlainClick({ ...base, button: 1 })).toBe(false);
    expect(isPlainClick({ ...base, defaultPrevented: true })).toBe(false);
  });
});
