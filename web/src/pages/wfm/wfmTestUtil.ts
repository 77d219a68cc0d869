// What the wfm page tests share: each file's hooks around its tests.
import { cleanup } from "@testing-library/react";
import { afterEach, beforeEach, vi } from "vitest";

/** "Today" for the tests that fix it: Tue 2026-12-01 in the center (UTC). */
export const TODAY_10AM = "2026-12-01T10:00:00Z";

/** Registers the file's hooks. Before each test: no scrolling (jsdom has
 *  none) and, with `now`, only Date faked at that time (timers stay real).
 *  After each: unmount, real timers again, the stubbed globals (fetch)
 *  restored, the address back at "/". */
export function setupWfmTests(opts: { now?: string } = {}) {
  beforeEach(() => {
    window.scrollTo = () => {};
    if (opts.now) {
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(new Date(opts.now));
    }
  });
  afterEach(() => {
    cleanup();
    if (opts.now) vi.useRealTimers();
    vi.unstubAllGlobals();
    window.history.replaceState(null, "", "/");
  });
}
