// Helpers shared by the Vitest tests (not part of the app's bundle).
import { act } from "@testing-library/react";
import type { ReactNode } from "react";
import { I18nContext, translate } from "./i18n";
import type { SocketLike } from "./lib/live";

/** Renders its children in English, in UTC. */
export function EnglishI18n({ children }: { children: ReactNode }) {
  return <I18nContext.Provider value={{ lang: "en", setLang: () => {}, t: (k, v) => translate("en", k, v), timeZone: "UTC" }}>{children}</I18nContext.Provider>;
}

/** A JSON fetch Response, as the API answers. */
export const jsonResponse = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

/** A WebSocket the test drives: recv() delivers a frame, fail() drops it
 *  (both inside act, so React has rendered when they return). */
export class FakeSocket implements SocketLike {
  onopen: SocketLike["onopen"] = null;
  onmessage: SocketLike["onmessage"] = null;
  onclose: SocketLike["onclose"] = null;
  onerror: SocketLike["onerror"] = null;
  closed = false;
  constructor(readonly url: string) {}
  send() {}
  close() {
    this.closed = true;
  }
  open() {
    act(() => this.onopen?.({}));
  }
  fail() {
    act(() => this.onclose?.({ code: 1006 }));
  }
  recv(msg: unknown) {
    act(() => this.onmessage?.({ data: JSON.stringify(msg) }));
  }
}
