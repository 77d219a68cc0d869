import { afterEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState, type ReactNode } from "react";
import { I18nContext, translate, type Lang } from "../i18n";
import { ApiError } from "../lib/api";
import { ErrorBanner } from "./ErrorBanner";
import { ErrorBoundary } from "./ErrorBoundary";
import { errorKey, fieldError } from "./errors";
import { Field } from "./Field";
import { Tabs } from "./Tabs";
import { useThrottled } from "./useThrottled";
import { Elapsed } from "./Timer";

afterEach(cleanup);

function I18n({ lang = "en", children }: { lang?: Lang; children: ReactNode }) {
  return (
    <I18nContext.Provider value={{ lang, setLang: () => {}, t: (k, v) => translate(lang, k, v), timeZone: "UTC" }}>{children}</I18nContext.Provider>
  );
}

describe("fieldError", () => {
  const err = new ApiError(400, "invalid_argument", "must be 1..5", "skills[0].min_proficiency");
  it("answers for the field the error names, and its parents", () => {
    expect(fieldError(err, "skills")).toBe("must be 1..5");
    expect(fieldError(err, "skills[0].min_proficiency")).toBe("must be 1..5");
    expect(fieldError(err, "name")).toBeUndefined();
    expect(fieldError(new ApiError(400, "invalid_argument", "bad", "name"), "name")).toBe("bad");
    expect(fieldError(new ApiError(400, "invalid_argument", "bad", "names"), "name")).toBeUndefined();
    expect(fieldError(new Error("x"), "name")).toBeUndefined();
    expect(fieldError(null, "name")).toBeUndefined();
  });
  it("headlines errors by status", () => {
    expect(errorKey(new ApiError(0, "network", "down"))).toBe("common.error.network");
    expect(errorKey(new ApiError(403, "forbidden", "no"))).toBe("common.error.forbidden");
    expect(errorKey(new ApiError(409, "illegal_state", "no"))).toBe("common.error.conflict");
    expect(errorKey(new ApiError(503, "unavailable", "no"))).toBe("common.error.unavailable");
    expect(errorKey(new Error("x"))).toBe("common.error.unexpected");
  });
});

describe("ErrorBanner", () => {
  it("says the error in the user's language with the server's message, as an alert", () => {
    const retry = vi.fn();
    render(
      <I18n lang="zh-CN">
        <ErrorBanner error={new ApiError(409, "illegal_state", "agent holds contacts", "agent")} onRetry={retry} />
      </I18n>,
    );
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("当前状态下无法执行此操作。");
    expect(alert.textContent).toContain("agent holds contacts (agent)");
    fireEvent.click(screen.getByText("重试"));
    expect(retry).toHaveBeenCalled();
  });
  it("leaves the server's message out when asked (the page's own title says it all)", () => {
    render(
      <I18n lang="zh-CN">
        <ErrorBanner error={new ApiError(401, "unauthenticated", "wrong username or password", "password")} title="用户名或密码错误。" detail={false} />
      </I18n>,
    );
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toBe("用户名或密码错误。");
  });
  it("shows nothing without an error", () => {
    const { container } = render(
      <I18n>
        <ErrorBanner error={null} />
      </I18n>,
    );
    expect(container.textContent).toBe("");
  });
});

describe("ErrorBoundary", () => {
  it("shows what broke instead of a blank page, and tries again", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    let fail = true;
    function Boom() {
      if (fail) throw new Error("unexpected answer");
      return <p>fine</p>;
    }
    render(
      <I18n>
        <ErrorBoundary>
          <Boom />
        </ErrorBoundary>
      </I18n>,
    );
    expect(screen.getByRole("alert").textContent).toContain("unexpected answer");
    fail = false;
    fireEvent.click(screen.getByText("Try again"));
    expect(screen.getByText("fine")).toBeTruthy();
    spy.mockRestore();
  });
});

describe("Field", () => {
  it("labels its control and links the error", () => {
    render(
      <Field label="Name" error="already exists" hint="a queue's name">
        <input />
      </Field>,
    );
    const input = screen.getByLabelText("Name");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    const ids = input.getAttribute("aria-describedby")!.split(" ");
    expect(ids.map((id) => document.getElementById(id)?.textContent)).toEqual(["a queue's name", "already exists"]);
  });
});

describe("Tabs", () => {
  it("moves with the arrow keys and shows the selected panel", () => {
    function T() {
      const [sel, setSel] = useState("a");
      return (
        <Tabs label="Parts" selected={sel} onSelect={setSel} tabs={[{ id: "a", label: "One" }, { id: "b", label: "Two" }, { id: "c", label: "Three" }]}>
          <p>panel {sel}</p>
        </Tabs>
      );
    }
    render(<T />);
    const one = screen.getByRole("tab", { name: "One" });
    expect(one.getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(one, { key: "ArrowRight" });
    expect(screen.getByRole("tab", { name: "Two" }).getAttribute("aria-selected")).toBe("true");
    expect(document.activeElement).toBe(screen.getByRole("tab", { name: "Two" }));
    fireEvent.keyDown(document.activeElement!, { key: "End" });
    expect(screen.getByRole("tabpanel").textContent).toBe("panel c");
    fireEvent.keyDown(document.activeElement!, { key: "ArrowRight" });
    expect(screen.getByRole("tabpanel").textContent).toBe("panel a");
  });
});

describe("useThrottled", () => {
  it("passes the latest value on at most once per interval", () => {
    vi.useFakeTimers();
    let set: (n: number) => void = () => {};
    function T() {
      const [v, setV] = useState(0);
      set = setV;
      return <p data-testid="v">{useThrottled(v, 1000)}</p>;
    }
    render(<T />);
    act(() => set(1));
    expect(screen.getByTestId("v").textContent).toBe("1");
    act(() => set(2));
    act(() => set(3));
    expect(screen.getByTestId("v").textContent).toBe("1");
    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByTestId("v").textContent).toBe("3");
    vi.useRealTimers();
  });
});

describe("Elapsed", () => {
  it("counts from a server time every second, and starts again when the time changes", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-01-01T10:00:00.000Z"));
    const start = Date.now() - 65_000;
    function T({ since, n }: { since: number | null; n: number }) {
      return (
        <p>
          <span data-testid="n">{n}</span> <Elapsed since={since} />
        </p>
      );
    }
    const timer = () => document.querySelector(".timer")!.textContent;
    const { rerender } = render(<T since={start} n={1} />);
    expect(timer()).toBe("1:05");
    act(() => vi.advanceTimersByTime(1010));
    expect(timer()).toBe("1:06");
    // a render for another reason keeps it running (the ticker fires just after each second)
    rerender(<T since={start} n={2} />);
    act(() => vi.advanceTimersByTime(1010));
    expect(timer()).toBe("1:07");
    rerender(<T since={Date.parse("2026-01-01T09:59:59.000Z")} n={3} />); // 3 s ago
    expect(timer()).toBe("0:03");
    act(() => vi.advanceTimersByTime(2010));
    expect(timer()).toBe("0:05");
    rerender(<T since={null} n={4} />);
    expect(timer()).toBe("—");
    act(() => vi.advanceTimersByTime(2010));
    expect(timer()).toBe("—");
    vi.useRealTimers();
  });
});
