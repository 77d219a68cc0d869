import { beforeEach, describe, expect, it } from "vitest";
import { Chat } from "./chat";
import { FakeWebSocket, MemoryStorage, fakeEnv, flush } from "./fakes";
import { findScript, readConfig } from "./main";
import { WidgetView } from "./ui";

const survey = { token: "sv_1", url: "/api/v1/surveys/sv_1" };
const msg = (seq: number, from: string, text: string, client_id: string | null = null) => ({
  type: "message",
  seq,
  from,
  kind: "message",
  author: from === "agent" ? "agent13" : null,
  text,
  time_ms: Date.UTC(2026, 0, 1, 10, seq),
  client_id,
});
const hello = (over: object = {}) => ({
  type: "hello",
  contact: 7,
  queue: "support-chat",
  state: "queued",
  agent: null,
  position: 3,
  ewt_ms: 90_000,
  last_seq: 1,
  ...over,
});

let answered: unknown = null;
function mount(lang: "en" | "zh-CN" = "en") {
  document.body.replaceChildren();
  const f = fakeEnv({
    "POST /api/v1/chat/visitor/start": () => ({
      status: 201,
      body: { contact: 7, token: "vt_1", expires_ms: 9e12, state: "queued", position: 3, ewt_ms: 90_000, queue: "support-chat" },
    }),
    "GET /api/v1/surveys/sv_1": () => ({ status: 200, body: { state: "open" } }),
    "POST /api/v1/surveys/sv_1": (b) => {
      answered = b;
      return { status: 201, body: {} };
    },
  });
  const chat = new Chat({ widget: "wg_demo", origin: "http://cc.test", env: f.env, storage: new MemoryStorage(), now: () => Date.now() });
  const host = document.createElement("switchyard-chat");
  document.body.append(host);
  const shadow = host.attachShadow({ mode: "open" });
  const view = new WidgetView(shadow, chat, { lang });
  const $ = <T extends Element = HTMLElement>(sel: string) => shadow.querySelector<T>(sel)!;
  const text = (sel: string) => $(sel).textContent ?? "";
  return { chat, view, shadow, $, text, ...f };
}

async function startChat(m: ReturnType<typeof mount>) {
  m.$("button.launcher").click();
  m.$<HTMLInputElement>("#sy-name").value = "Ana";
  m.$<HTMLTextAreaElement>("#sy-first").value = "Hello";
  m.$<HTMLFormElement>("form").requestSubmit();
  await flush();
  const ws = FakeWebSocket.last;
  ws.accept(hello(), msg(1, "visitor", "Hello"));
  return ws;
}

beforeEach(() => {
  FakeWebSocket.all = [];
  answered = null;
});

describe("launcher and panel", () => {
  it("a labelled launcher opens the panel and focuses its first field; Escape closes and returns focus", () => {
    const m = mount();
    const launcher = m.$<HTMLButtonElement>("button.launcher");
    expect(launcher.textContent).toBe("Open chat");
    expect(launcher.getAttribute("aria-expanded")).toBe("false");
    expect(m.$("#sy-panel").hidden).toBe(true);
    launcher.click();
    expect(launcher.getAttribute("aria-expanded")).toBe("true");
    expect(m.$("#sy-panel").hidden).toBe(false);
    expect(m.$("#sy-panel").getAttribute("role")).toBe("dialog");
    expect(m.text("#sy-title")).toBe("Chat with us");
    expect(m.shadow.activeElement?.id).toBe("sy-name");
    m.$("#sy-name").dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(m.$("#sy-panel").hidden).toBe(true);
    expect(m.shadow.activeElement).toBe(launcher);
  });

  it("every form control has a label", () => {
    const m = mount();
    m.$("button.launcher").click();
    for (const el of m.shadow.querySelectorAll("input, textarea")) {
      const id = el.id;
      const label = id ? m.shadow.querySelector(`label[for="${id}"]`) : null;
      expect(label?.textContent || el.getAttribute("aria-label"), id).toBeTruthy();
    }
    for (const b of m.shadow.querySelectorAll("button")) expect(b.textContent?.trim() || b.getAttribute("aria-label"), b.outerHTML).toBeTruthy();
  });

  it("asks for a message before starting", () => {
    const m = mount();
    m.$("button.launcher").click();
    m.$<HTMLFormElement>("form").requestSubmit();
    expect(m.text("#sy-first-err")).toBe("Please write a message.");
    expect(m.$("#sy-first").getAttribute("aria-invalid")).toBe("true");
    expect(m.calls).toHaveLength(0);
  });
});

describe("a chat", () => {
  it("queued: position and wait, live", async () => {
    const m = mount();
    const ws = await startChat(m);
    expect(m.calls[0].body).toMatchObject({ widget: "wg_demo", name: "Ana", message: "Hello" });
    expect(m.$(".status").getAttribute("role")).toBe("status");
    expect(m.text(".status")).toBe("You are number 3 in the queue.Estimated wait: about 2 minutes.");
    ws.frame({ type: "state", state: "queued", position: 1, ewt_ms: 10_000, agent: null });
    expect(m.text(".status")).toBe("You are next in the queue.Estimated wait: under a minute.");
    ws.frame({ type: "state", state: "active", position: null, ewt_ms: null, agent: "agent13" });
    expect(m.text(".status")).toBe("You are chatting with agent13.");
    expect(m.shadow.activeElement?.id).toBe("sy-text");
  });

  it("messages in an aria-live log, each once, with ticks; the agent typing", async () => {
    const m = mount();
    const ws = await startChat(m);
    const log = m.$("ol.log");
    expect(m.$("[role=log]").getAttribute("aria-live")).toBe("polite");
    expect(m.$("[role=log]").contains(log)).toBe(true);
    const first = log.querySelector("li")!;
    expect(first.textContent).toContain("Hello");
    expect(first.textContent).toContain("Sent ✓");
    ws.frame({ type: "typing", from: "agent", on: true });
    expect(m.text(".typing")).toBe("The agent is typing…");
    ws.frame({ type: "state", state: "active", position: null, ewt_ms: null, agent: "agent13" });
    expect(m.text(".typing")).toBe("agent13 is typing…");
    ws.frame(msg(2, "agent", "Hi Ana, how can I help?"));
    expect(m.text(".typing")).toBe("");
    expect(log.querySelectorAll("li")).toHaveLength(2);
    expect(log.querySelectorAll("li")[1].textContent).toContain("agent13");
    // the visitor answers: pending, then confirmed in the same element
    const ta = m.$<HTMLTextAreaElement>("#sy-text");
    ta.value = "The lamp";
    ta.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(ta.value).toBe("");
    const li = log.querySelectorAll("li")[2];
    expect(li.textContent).toContain("Sending…");
    const sent = ws.sentOf("message")[0];
    ws.frame(msg(3, "visitor", "The lamp", sent.client_id as string));
    expect(log.querySelectorAll("li")[2]).toBe(li);
    expect(li.textContent).toContain("Sent ✓");
    ws.frame({ type: "receipt", side: "agent", delivered: 3, read: 1 });
    expect(log.querySelectorAll("li")[0].textContent).toContain("Read ✓✓");
    expect(li.textContent).toContain("Delivered ✓✓");
    // replayed duplicates add nothing
    ws.frame(msg(2, "agent", "Hi Ana, how can I help?"));
    expect(log.querySelectorAll("li")).toHaveLength(3);
    // read receipts: the panel is open
    expect(ws.sentOf("read")).toEqual([{ type: "read", up_to: 2 }]);
  });

  it("a supervisor barging in is a line in words, not the code", async () => {
    const m = mount();
    const ws = await startChat(m);
    ws.frame({ ...msg(2, "system", "barge"), author: "lead.red" });
    expect(m.$("ol.log").querySelectorAll("li")[1].textContent).toBe("lead.red joined the chat.");
  });

  it("an unread badge on the closed launcher", async () => {
    const m = mount();
    const ws = await startChat(m);
    m.$("button.launcher").click(); // close
    ws.frame(msg(2, "agent", "Hi"));
    expect(m.text(".badge")).toBe("1");
    expect(m.text(".root > [role=status]")).toBe("1 new"); // announced while the log is hidden
    expect(m.text("button.launcher .sr")).toBe("Open chat (1 new)"); // the badge is aria-hidden
    expect(ws.sentOf("read")).toEqual([]);
    m.$("button.launcher").click();
    expect(m.$(".badge").hidden).toBe(true);
    expect(ws.sentOf("read")).toEqual([{ type: "read", up_to: 2 }]);
  });

  it("end with confirmation, then the survey and thanks", async () => {
    const m = mount();
    const ws = await startChat(m);
    ws.frame({ type: "state", state: "active", position: null, ewt_ms: null, agent: "agent13" });
    m.$<HTMLButtonElement>(".foot button").click();
    expect(m.text(".foot")).toContain("End this chat?");
    expect(m.shadow.activeElement?.textContent).toBe("Yes, end it");
    // the server: the agent ended first
    ws.frame({ type: "ended", reason: "agent", survey });
    await flush();
    expect(m.text("#sy-ended-h")).toBe("The agent ended the chat.");
    expect(m.$("form.compose").hidden).toBe(true);
    expect(m.shadow.activeElement?.id).toBe("sy-ended-h");
    // no rating: asked to choose
    m.$<HTMLFormElement>(".ended form").requestSubmit();
    expect(m.text("#sy-rating-err")).toBe("Please choose a rating.");
    expect(m.shadow.querySelectorAll(".ended input[type=radio]")).toHaveLength(5);
    expect(m.$("#sy-rate-4").getAttribute("aria-label")).toBe("4 out of 5");
    const four = m.$<HTMLInputElement>("#sy-rate-4");
    four.checked = true;
    four.dispatchEvent(new Event("change"));
    m.$<HTMLTextAreaElement>("#sy-comment").value = "Helpful";
    m.$<HTMLFormElement>(".ended form").requestSubmit();
    await flush();
    await flush();
    expect(answered).toEqual({ rating: 4, comment: "Helpful" });
    expect(m.text("#sy-thanks")).toBe("Thank you for your feedback!");
    m.$<HTMLButtonElement>(".ended .primary").click();
    expect(m.$<HTMLFormElement>("form").hidden).toBe(false);
    expect(m.shadow.querySelectorAll("ol.log li")).toHaveLength(0);
  });
});

describe("languages", () => {
  it("the switch redraws in Chinese, keeps what was typed, and keeps focus on the switch", async () => {
    const m = mount();
    m.$("button.launcher").click();
    m.$<HTMLTextAreaElement>("#sy-first").value = "你好";
    const sw = m.$<HTMLButtonElement>(".head button");
    expect(sw.textContent).toBe("中文");
    expect(sw.getAttribute("lang")).toBe("zh-CN");
    sw.click();
    expect(m.$(".root").getAttribute("lang")).toBe("zh-CN");
    expect(m.text("#sy-title")).toBe("在线客服");
    expect(m.$<HTMLTextAreaElement>("#sy-first").value).toBe("你好");
    expect(m.shadow.activeElement?.textContent).toBe("English");
    expect(m.$("#sy-panel").hidden).toBe(false);
  });

  it("the queue in Chinese", async () => {
    const m = mount("zh-CN");
    await startChat(m);
    expect(m.text(".status")).toBe("您目前排在第 3 位。预计等待：约 2 分钟。");
    expect(m.text(".foot")).toBe("结束对话");
  });
});

describe("the script tag", () => {
  it("finds its script and reads the widget key, origin and language", () => {
    document.body.innerHTML = `<script src="https://cc.example:8443/widget.js?v=2" data-widget="wg_demo" data-lang="zh-CN"></script>`;
    const s = findScript(document, null)!;
    expect(s).not.toBeNull();
    expect(readConfig(s, document, ["en"])).toEqual({ widget: "wg_demo", origin: "https://cc.example:8443", lang: "zh-CN" });
    s.removeAttribute("data-lang");
    document.documentElement.lang = "en";
    expect(readConfig(s, document, ["zh-CN"])?.lang).toBe("en");
    s.removeAttribute("data-widget");
    expect(readConfig(s, document, ["en"])).toBeNull();
  });
});
