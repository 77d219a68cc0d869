import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { setToken } from "../../lib/api";
import { ContactWorkspace, transferTargets } from "./ContactWorkspace";
import { indexQueues } from "./deskData";
import { EnglishI18n as I18n, jsonResponse as json } from "../../testing";
import type { QueueInfo } from "../../lib/types";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setToken(null);
});

const agent = (name: string, state: string) => ({ id: 0, config: { name }, state });

describe("transfer to an agent", () => {
  it("offers the logged-in colleagues, sorted, never oneself", () => {
    expect(
      transferTargets([agent("b", "available"), agent("me", "busy"), agent("a", "not_ready"), agent("c", "logged_out")], "me"),
    ).toEqual(["a", "b"]);
  });

  it("sends to_agent from the desk's transfer form", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string) => {
        if (String(url) === "/api/v1/agents") return json([agent("agent02", "available"), agent("agent01", "busy")]);
        return json({}, 404);
      }),
    );
    const onAction = vi.fn(async () => true);
    const queues = indexQueues([{ id: 0, config: { name: "billing", channel: "voice" } } as unknown as QueueInfo]);
    render(
      <ContactWorkspace
        contact={{ id: 5, queue: 0, state: "accepted", offeredAt: 1, acceptedAt: 1, heldAt: null, wrapUpAt: null }}
        detail={undefined}
        queues={queues}
        settings={null}
        me="agent01"
        busy={false}
        onAction={onAction}
      />,
      { wrapper: I18n },
    );
    fireEvent.click(screen.getByRole("button", { name: "Transfer…" }));
    fireEvent.click(screen.getByRole("radio", { name: "an agent" }));
    const select = await screen.findByRole("combobox", { name: /Transfer to agent/ });
    await waitFor(() => expect(screen.getByRole("option", { name: "agent02" })).toBeTruthy());
    expect(screen.queryByRole("option", { name: "agent01" })).toBeNull();
    fireEvent.change(select, { target: { value: "agent02" } });
    fireEvent.click(screen.getByRole("button", { name: "Transfer" }));
    await waitFor(() => expect(onAction).toHaveBeenCalledWith("transfer", { to_agent: "agent02", keep_place: false }));
  });
});
