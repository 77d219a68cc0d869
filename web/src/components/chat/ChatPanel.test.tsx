// The agent's chat panel tells the desk when the customer writes (the suggested articles read
// again on it): once per new customer message, never for the agent's own, never when watching.
import { cleanup } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { onCustomerMessage } from "../../lib/chat";
import { FakeSocket } from "../../testing";
import { mockApi, renderWithI18n } from "../../pages/admin/test-utils";
import { ChatPanel } from "./ChatPanel";

let sockets: FakeSocket[] = [];
beforeEach(() => {
  sockets = [];
  vi.stubGlobal(
    "WebSocket",
    class extends FakeSocket {
      constructor(u: string) {
        super(u);
        sockets.push(this);
      }
    },
  );
  mockApi(() => undefined);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const line = (seq: number, from: string, text: string) => ({ type: "message", seq, from, kind: "message", author: from, text, time_ms: seq * 1000 });

describe("ChatPanel and the desk", () => {
  it("announces each new customer message of its contact once, not the agent's own", () => {
    const heard: [number, number][] = [];
    const off = onCustomerMessage((c, seq) => heard.push([c, seq]));
    renderWithI18n(<ChatPanel contact={42} mode="agent" me="agent01" />);
    const s = sockets[0];
    s.open();
    s.recv({ type: "hello", contact: 42, state: "active", last_seq: 1, messages: [{ seq: 1, from: "visitor", kind: "message", author: "Ann", text: "Hi", time_ms: 1 }] });
    expect(heard).toEqual([[42, 1]]);
    s.recv(line(2, "agent", "Hello, how can I help?"));
    expect(heard).toEqual([[42, 1]]);
    s.recv(line(3, "visitor", "My refund is late"));
    s.recv(line(3, "visitor", "My refund is late")); // a repeat after a reconnect
    expect(heard).toEqual([
      [42, 1],
      [42, 3],
    ]);
    off();
  });

  it("says nothing while a supervisor watches", () => {
    const heard: number[] = [];
    const off = onCustomerMessage((_, seq) => heard.push(seq));
    renderWithI18n(<ChatPanel contact={7} mode="monitor" me="lead.red" />);
    sockets[0].open();
    sockets[0].recv(line(1, "visitor", "Hello?"));
    expect(heard).toEqual([]);
    off();
  });
});
