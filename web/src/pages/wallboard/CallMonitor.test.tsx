import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { translate } from "../../i18n";
import { setToken } from "../../lib/api";
import { CallMonitor } from "./CallMonitor";
import { AgentGrid, type AgentGridProps } from "./AgentGrid";
import { agent } from "./testAgents";
import { EnglishI18n as I18n, jsonResponse as json } from "../../testing";

const en = (k: string, v?: Record<string, string | number>) => translate("en", k, v);
const PATH = "/api/v1/contacts/12/monitor";

interface Call {
  method: string;
  path: string;
  body: unknown;
}
type Answer = Response | (() => Response);

/** fetch as the monitor API answers: each method's answers in turn (the
 *  last one repeats); what was asked is in `calls`. With `stateful`, GET
 *  answers what the last POST answered (until DELETE: 404), as the server
 *  keeps the monitor. */
function fakeApi(answers: Partial<Record<"GET" | "POST" | "DELETE", Answer[]>>, stateful = false) {
  const calls: Call[] = [];
  const left = { GET: [...(answers.GET ?? [])], POST: [...(answers.POST ?? [])], DELETE: [...(answers.DELETE ?? [])] };
  let kept: Response | null = null;
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = (init?.method ?? "GET") as keyof typeof left;
      const path = String(url);
      calls.push({ method, path, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      const list = left[method];
      if (path !== PATH || !list?.length) return json({ error: { code: "not_found", message: "no route" } }, 404);
      if (stateful && method === "GET" && kept) return kept.clone();
      const a = list.length > 1 ? list.shift()! : list[0];
      const res = typeof a === "function" ? a() : a.clone();
      if (stateful && method === "POST" && res.ok) kept = res.clone();
      if (stateful && method === "DELETE") kept = null;
      return res;
    }),
  );
  return calls;
}
const nobody = () => json({ error: { code: "not_found", message: "nobody monitors contact 12" } }, 404);
const monitor = (mode: string, state: string, phone = "sip:lead@10.0.0.5:5060") => () => json({ contact: 12, mode, state, phone });

function renderPanel(onClose = () => {}) {
  return render(
    <I18n>
      <CallMonitor contact={12} agentName="agent03" me="lead.red" onClose={onClose} pollMs={25} />
    </I18n>,
  );
}
const modeButton = (m: string) => screen.getByRole("button", { name: en("wallboard.monitor.mode." + m) });
const phoneInput = () => screen.getByLabelText(en("wallboard.monitor.phone")) as HTMLInputElement;
const status = () => screen.getByRole("status");

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setToken(null);
});

describe("CallMonitor", () => {
  it("starts listening with the phone typed: POST {mode: listen, phone}, and remembers the phone for this user", async () => {
    const calls = fakeApi({ GET: [nobody, monitor("listen", "ringing")], POST: [monitor("listen", "ringing")] });
    renderPanel();
    await waitFor(() => expect(status().textContent).toBe(en("wallboard.monitor.status.idle")));
    fireEvent.change(phoneInput(), { target: { value: " sip:lead@10.0.0.5:5060 " } });
    fireEvent.click(modeButton("listen"));
    await waitFor(() => expect(status().textContent).toBe(en("wallboard.monitor.status.ringing", { phone: "sip:lead@10.0.0.5:5060" })));
    const post = calls.filter((c) => c.method === "POST");
    expect(post).toEqual([{ method: "POST", path: PATH, body: { mode: "listen", phone: "sip:lead@10.0.0.5:5060" } }]);
    expect(modeButton("listen").getAttribute("aria-pressed")).toBe("true");
    expect(modeButton("whisper").getAttribute("aria-pressed")).toBe("false");
    expect(localStorage.getItem("switchyard.monitorPhone.lead.red")).toBe("sip:lead@10.0.0.5:5060");
  });

  it("without a phone typed sends the mode alone (the server rings the lead's configured phone); the remembered phone is filled in", async () => {
    let calls = fakeApi({ GET: [nobody], POST: [monitor("barge", "ringing", "sip:desk7@pbx")] });
    const first = renderPanel();
    await waitFor(() => expect(status().textContent).toBe(en("wallboard.monitor.status.idle")));
    fireEvent.click(modeButton("barge"));
    await waitFor(() => expect(calls.some((c) => c.method === "POST")).toBe(true));
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({ mode: "barge" });
    first.unmount();

    localStorage.setItem("switchyard.monitorPhone.lead.red", "sip:me@10.0.0.9");
    calls = fakeApi({ GET: [nobody] });
    renderPanel();
    expect(phoneInput().value).toBe("sip:me@10.0.0.9");
  });

  it("switches to whisper on the call: POST mode whisper with the phone the server rang", async () => {
    const calls = fakeApi({ GET: [monitor("listen", "connected")], POST: [monitor("whisper", "connected")] }, true);
    renderPanel();
    await waitFor(() => expect(status().textContent).toBe(en("wallboard.monitor.status.connected")));
    expect(modeButton("listen").getAttribute("aria-pressed")).toBe("true");
    fireEvent.click(modeButton("whisper"));
    await waitFor(() => expect(modeButton("whisper").getAttribute("aria-pressed")).toBe("true"));
    expect(modeButton("listen").getAttribute("aria-pressed")).toBe("false");
    expect(calls.filter((c) => c.method === "POST")).toEqual([{ method: "POST", path: PATH, body: { mode: "whisper", phone: "sip:lead@10.0.0.5:5060" } }]);
    expect(screen.getByText(en("wallboard.monitor.help.whisper"))).toBeTruthy();
  });

  it("hangs up: DELETE, then shows ended and stops reading the state", async () => {
    const calls = fakeApi({ GET: [monitor("listen", "connected")], DELETE: [() => new Response(null, { status: 204 })] });
    renderPanel();
    await waitFor(() => expect(status().textContent).toBe(en("wallboard.monitor.status.connected")));
    fireEvent.click(screen.getByRole("button", { name: en("wallboard.monitor.hangUp") }));
    await waitFor(() => expect(status().textContent).toBe(en("wallboard.monitor.status.ended")));
    expect(calls.filter((c) => c.method === "DELETE")).toEqual([{ method: "DELETE", path: PATH, body: undefined }]);
    const gets = calls.filter((c) => c.method === "GET").length;
    await new Promise((r) => setTimeout(r, 100));
    expect(calls.filter((c) => c.method === "GET").length).toBe(gets);
  });

  it("shows a 400 naming the phone at the phone field", async () => {
    fakeApi({ GET: [nobody], POST: [() => json({ error: { code: "invalid", message: "you have no phone configured: give one", field: "phone" } }, 400)] });
    renderPanel();
    await waitFor(() => expect(status().textContent).toBe(en("wallboard.monitor.status.idle")));
    fireEvent.click(modeButton("listen"));
    const msg = await screen.findByText("you have no phone configured: give one");
    expect(phoneInput().getAttribute("aria-invalid")).toBe("true");
    expect(phoneInput().getAttribute("aria-describedby")).toContain(msg.id);
    expect(status().textContent).toBe(en("wallboard.monitor.status.idle"));
  });

  it("shows a 409 with the server's message and the field it names", async () => {
    fakeApi({ GET: [nobody], POST: [() => json({ error: { code: "conflict", message: "contact 12 is not a connected voice call", field: "contact" } }, 409)] });
    renderPanel();
    await waitFor(() => expect(status().textContent).toBe(en("wallboard.monitor.status.idle")));
    fireEvent.click(modeButton("listen"));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain(en("common.error.conflict"));
    expect(alert.textContent).toContain("contact 12 is not a connected voice call (contact)");
  });

  it("reads the state while on the call: ringing, then connected, then ended when the phone hangs up (404)", async () => {
    const calls = fakeApi({ GET: [nobody, monitor("listen", "ringing"), monitor("listen", "connected"), nobody], POST: [monitor("listen", "ringing")] });
    renderPanel();
    await waitFor(() => expect(status().textContent).toBe(en("wallboard.monitor.status.idle")));
    fireEvent.click(modeButton("listen"));
    await waitFor(() => expect(status().textContent).toBe(en("wallboard.monitor.status.ringing", { phone: "sip:lead@10.0.0.5:5060" })));
    await waitFor(() => expect(status().textContent).toBe(en("wallboard.monitor.status.connected")));
    await waitFor(() => expect(status().textContent).toBe(en("wallboard.monitor.status.ended")));
    expect(calls.every((c) => c.path === PATH)).toBe(true);
    expect(modeButton("listen").getAttribute("aria-pressed")).toBe("false");
  });

  it("closing the panel while on the call hangs the phone up", async () => {
    const calls = fakeApi({ GET: [monitor("barge", "connected")], DELETE: [() => new Response(null, { status: 204 })] });
    const onClose = vi.fn();
    const { unmount } = renderPanel(onClose);
    await waitFor(() => expect(status().textContent).toBe(en("wallboard.monitor.status.connected")));
    fireEvent.click(screen.getByRole("button", { name: en("wallboard.monitor.hangUpClose") }));
    expect(onClose).toHaveBeenCalled();
    unmount();
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE")).toBe(true));
  });
});

describe("AgentGrid's Listen button", () => {
  const channels = ["voice", "chat"] as const;
  const props = (over: Partial<AgentGridProps> = {}): AgentGridProps => ({
    agents: [
      { ...agent(1, "carol", "red", "busy", 300), contacts: [{ id: 12, queue: 0, state: "active", since: 300 }] },
      { ...agent(2, "alice", "red", "busy", 100), contacts: [{ id: 13, queue: 1, state: "active", since: 100 }] },
      { ...agent(3, "bob", "red", "busy", 100), contacts: [{ id: 14, queue: null, state: "active", since: 100 }] },
      { ...agent(4, "dave", "red", "reserved", 100), contacts: [{ id: 15, queue: 0, state: "offered", since: 100 }] },
    ],
    queueName: (id) => (id === null ? "…" : ["billing", "web-chat"][id]),
    queueChannel: (id) => (id === null ? null : channels[id]),
    figures: () => undefined,
    queueFilter: null,
    onClearQueue: () => {},
    onActions: null,
    ...over,
  });

  it("is offered for a connected voice call and a call whose channel is not known, not for chats or ringing offers", () => {
    const onListen = vi.fn();
    render(<AgentGrid {...props({ onListen, listening: 12 })} />, { wrapper: I18n });
    const listen = (name: string) => screen.queryByRole("button", { name: en("wallboard.agents.listenTo", { name }) });
    expect(listen("carol")).toBeTruthy();
    expect(listen("bob")).toBeTruthy();
    expect(listen("alice")).toBeNull();
    expect(listen("dave")).toBeNull();
    expect(listen("carol")!.getAttribute("aria-pressed")).toBe("true");
    expect(listen("bob")!.getAttribute("aria-pressed")).toBe("false");
    fireEvent.click(listen("bob")!);
    expect(onListen).toHaveBeenCalledWith(expect.objectContaining({ name: "bob" }), 14);
  });

  it("is not there for a role that may not listen", () => {
    render(<AgentGrid {...props()} />, { wrapper: I18n });
    expect(screen.queryByRole("button", { name: en("wallboard.agents.listenTo", { name: "carol" }) })).toBeNull();
  });
});
