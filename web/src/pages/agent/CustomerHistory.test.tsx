import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { setToken } from "../../lib/api";
import { CustomerHistory } from "./CustomerHistory";
import { EnglishI18n as I18n, jsonResponse as json } from "../../testing";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setToken(null);
});

const record = (id: number, channel: string, talk_ms: number) => ({
  id, state: "completed", customer_id: "c-1", customer_group: "", channel, queue: "billing", first_queue: "billing", priority: 0,
  created_ms: 1_700_000_000_000, answered_ms: 1_700_000_001_000, ended_ms: 1_700_000_100_000, agent: "agent01", disposition: "",
  reason: "", ewt_ms: 0, wait_ms: 1000, talk_ms, hold_ms: 0, acw_ms: 0, transfers: 0, callback: false, overflowed: false, notes: [],
});

describe("CustomerHistory recordings", () => {
  it("plays an earlier call's recording from a signed link; says so when there is none; chats have no player", async () => {
    const posted: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init?: RequestInit) => {
        const path = String(url).split("?")[0];
        if (path === "/api/v1/customers/c-1/contacts") return json([record(9, "voice", 0), record(7, "voice", 60_000), record(5, "voice", 30_000), record(3, "chat", 50_000)]);
        if (init?.method === "POST") {
          posted.push(path);
          if (path === "/api/v1/contacts/7/recording/link") return json({ url: "/api/v1/recordings/tok7", expires_ms: 1 });
          return json({ error: { code: "not_found", message: "no recording", field: "id" } }, 404);
        }
        return json({}, 404);
      }),
    );
    render(<CustomerHistory customerId="c-1" current={9} />, { wrapper: I18n });
    const buttons = await screen.findAllByRole("button", { name: "Play the recording" });
    expect(buttons).toHaveLength(2); // calls 7 and 5; not the chat, not the current call
    fireEvent.click(buttons[0]);
    const player = await screen.findByLabelText("Recording of the call");
    expect(player.tagName).toBe("AUDIO");
    expect(player.getAttribute("src")).toBe("/api/v1/recordings/tok7");
    fireEvent.click(screen.getByRole("button", { name: "Play the recording" }));
    await waitFor(() => expect(screen.getByText("No recording of this call.")).toBeTruthy());
    expect(posted).toEqual(["/api/v1/contacts/7/recording/link", "/api/v1/contacts/5/recording/link"]);
  });
});
