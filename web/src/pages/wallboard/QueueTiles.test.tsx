import { afterEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { KpiFigures } from "../../lib/types";
import { QueueTileList, type QueueTileListProps } from "./QueueTiles";
import { ZERO_BY_STATE, type QueueLive } from "./wallState";
import { EnglishI18n as I18n } from "../../testing";

// An IntersectionObserver the test drives: show(ids) says which tiles are on screen.
let observers: { cb: IntersectionObserverCallback; els: Element[] }[] = [];
class FakeIO {
  private o: { cb: IntersectionObserverCallback; els: Element[] };
  constructor(cb: IntersectionObserverCallback) {
    this.o = { cb, els: [] };
    observers.push(this.o);
  }
  observe(el: Element) {
    this.o.els.push(el);
  }
  disconnect() {
    observers = observers.filter((o) => o !== this.o);
  }
}
function show(ids: number[]) {
  act(() => {
    for (const o of observers)
      o.cb(
        o.els.map((el) => ({ target: el, isIntersecting: ids.includes(Number((el as HTMLElement).dataset.queue)) }) as unknown as IntersectionObserverEntry),
        o as unknown as IntersectionObserver,
      );
  });
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  observers = [];
});

const queue = (id: number, waiting: number, name = `queue${id}`): QueueLive => ({
  id,
  name,
  channel: "voice",
  slGoal: 0.8,
  slTargetMs: 20_000,
  skills: [],
  sites: [],
  waiting,
  anon: 0,
  anonSince: null,
  known: new Map(),
  oldestKnown: null,
  ewtMs: null,
  byState: ZERO_BY_STATE,
});
const good = { offered: 10, short_abandoned: 0, service_level: 0.9, answered: 9 } as KpiFigures;
const bad = { offered: 10, short_abandoned: 0, service_level: 0.2, answered: 2 } as KpiFigures;
const props = (over: Partial<QueueTileListProps> = {}): QueueTileListProps => ({
  queues: [queue(0, 1), queue(1, 1)],
  figures: new Map(),
  selected: null,
  onSelect: () => {},
  ...over,
});
const tile = (id: number) => document.querySelector(`li[data-queue="${id}"]`) as HTMLElement;
const waiting = (id: number) => tile(id).querySelector(".tile-now dd")!.textContent;

describe("QueueTileList", () => {
  it("shows every tile where nothing says what is on screen", () => {
    const { rerender } = render(<QueueTileList {...props()} />, { wrapper: I18n });
    rerender(<QueueTileList {...props({ queues: [queue(0, 4), queue(1, 5)] })} />);
    expect([waiting(0), waiting(1)]).toEqual(["4", "5"]);
  });

  it("updates the tiles on screen; the others keep their figures until they come into view, but follow status, name and selection", () => {
    vi.stubGlobal("IntersectionObserver", FakeIO);
    const onSelect = vi.fn();
    const { rerender } = render(<QueueTileList {...props({ onSelect })} />, { wrapper: I18n });
    show([0]);
    rerender(<QueueTileList {...props({ onSelect, queues: [queue(0, 4), queue(1, 5)] })} />);
    expect([waiting(0), waiting(1)]).toEqual(["4", "1"]);
    // off screen: the colour, the name and the selection still follow
    rerender(<QueueTileList {...props({ onSelect, queues: [queue(0, 4), queue(1, 6, "sales")], figures: new Map([[1, bad]]), selected: 1 })} />);
    expect(tile(1).className).toContain("tile-bad");
    expect(tile(1).className).toContain("tile-selected");
    expect(tile(1).textContent).toContain("sales");
    expect(tile(1).textContent).toContain("Below goal");
    fireEvent.click(screen.getByRole("button", { name: "sales" }));
    expect(onSelect).toHaveBeenCalledWith(1);
    // in view again: it catches up
    show([0, 1]);
    expect(waiting(1)).toBe("6");
    rerender(<QueueTileList {...props({ onSelect, queues: [queue(0, 4), queue(1, 7, "sales")], figures: new Map([[1, good]]), selected: 1 })} />);
    expect(waiting(1)).toBe("7");
    expect(tile(1).className).toContain("tile-ok");
  });
});
