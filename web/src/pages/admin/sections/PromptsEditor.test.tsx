import { act, cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setToken } from "../../../lib/api";
import { mockApi, renderWithI18n } from "../test-utils";
import { PromptsEditor, type QueuePrompt } from "./PromptsEditor";

const BASE = "/api/v1/queues/2/prompts";
const absent = (kind: "greeting" | "music"): QueuePrompt => ({ kind, present: false, duration_ms: null, updated_ms: null });

beforeEach(() => {
  setToken("tok");
  // jsdom has no object URLs and no media playback
  URL.createObjectURL = vi.fn(() => "blob:preview-1");
  URL.revokeObjectURL = vi.fn();
  window.HTMLMediaElement.prototype.play = vi.fn(() => Promise.resolve());
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setToken(null);
});

/** The prompts of a fake server, changed by PUT and DELETE. */
function server(initial: QueuePrompt[]) {
  let list = initial;
  const calls = mockApi(({ method, path }) => {
    if (path === BASE && method === "GET") return { json: list };
    const m = path.match(/prompts\/(greeting|music)$/);
    if (!m) return undefined;
    const kind = m[1] as "greeting" | "music";
    if (method === "PUT") {
      const p = { kind, present: true, duration_ms: 12_500, updated_ms: Date.UTC(2026, 0, 5, 9, 30) };
      list = list.map((x) => (x.kind === kind ? p : x));
      return { json: p };
    }
    if (method === "DELETE") {
      list = list.map((x) => (x.kind === kind ? absent(kind) : x));
      return { status: 204 };
    }
    if (method === "GET") return { text: "RIFF....WAVE" };
    return undefined;
  });
  return calls;
}

const group = async (name: string) => screen.findByRole("group", { name });

describe("PromptsEditor", () => {
  it("uploads a file as the request body and shows the stored prompt", async () => {
    const calls = server([absent("greeting"), absent("music")]);
    renderWithI18n(<PromptsEditor queueId={2} />);
    const greeting = await group("Greeting");
    expect(within(greeting).getByText("No greeting: callers start with the recording notice.")).toBeTruthy();
    expect(within(greeting).queryByRole("button", { name: "Listen" })).toBeNull();

    const file = new File(["RIFF....WAVE"], "welcome.wav", { type: "audio/wav" });
    fireEvent.change(within(greeting).getByLabelText("Upload a file"), { target: { files: [file] } });
    expect(await within(greeting).findByText("“welcome.wav” uploaded.")).toBeTruthy();
    const put = calls.find((c) => c.method === "PUT")!;
    expect(put.path).toBe(`${BASE}/greeting`);
    expect(put.raw).toBe(file);
    expect(put.headers["Content-Type"]).toBe("audio/wav");
    expect(put.headers["Authorization"]).toBe("Bearer tok");
    expect(within(greeting).getByText(/^12\.5 sec long, uploaded Jan 5, 2026/)).toBeTruthy();
    expect(within(greeting).getByLabelText("Replace with a file")).toBeTruthy();
    // the music is untouched
    expect(within(await group("Hold music")).getByText("No music of its own: callers hear the standard hold music.")).toBeTruthy();
  });

  it("shows the API's refusal beside the prompt", async () => {
    mockApi(({ method, path }) => {
      if (method === "GET" && path === BASE) return { json: [absent("greeting"), absent("music")] };
      if (method === "PUT")
        return { status: 400, json: { error: { code: "invalid_argument", message: "a greeting lasts at most 60 s; this one 75 s", field: "audio" } } };
      return undefined;
    });
    renderWithI18n(<PromptsEditor queueId={2} />);
    const greeting = await group("Greeting");
    fireEvent.change(within(greeting).getByLabelText("Upload a file"), { target: { files: [new File(["x"], "long.wav")] } });
    expect((await within(greeting).findByRole("alert")).textContent).toContain("This file was not accepted: a greeting lasts at most 60 s; this one 75 s.");
    expect(within(greeting).getByText("No greeting: callers start with the recording notice.")).toBeTruthy();
  });

  it("refuses a file over 10 MB without sending it", async () => {
    const calls = server([absent("greeting"), absent("music")]);
    renderWithI18n(<PromptsEditor queueId={2} />);
    const music = await group("Hold music");
    const big = new File(["x"], "big.flac");
    Object.defineProperty(big, "size", { value: 11 * 1024 * 1024 });
    fireEvent.change(within(music).getByLabelText("Upload a file"), { target: { files: [big] } });
    expect((await within(music).findByRole("alert")).textContent).toContain("larger than 10 MB");
    expect(calls.some((c) => c.method === "PUT")).toBe(false);
  });

  it("plays the stored audio from a blob fetched with the token, and removes it after asking", async () => {
    const calls = server([absent("greeting"), { kind: "music", present: true, duration_ms: 95_000, updated_ms: Date.UTC(2026, 0, 5) }]);
    renderWithI18n(<PromptsEditor queueId={2} />);
    const music = await group("Hold music");
    expect(within(music).getByText(/^1:35 long/)).toBeTruthy();
    fireEvent.click(within(music).getByRole("button", { name: "Listen" }));
    const audio = (await within(music).findByLabelText("Preview of the Hold music")) as HTMLAudioElement;
    expect(audio.getAttribute("src")).toBe("blob:preview-1");
    const get = calls.find((c) => c.method === "GET" && c.path === `${BASE}/music`)!;
    expect(get.headers["Authorization"]).toBe("Bearer tok");

    fireEvent.click(within(music).getByRole("button", { name: "Remove" }));
    const dialog = await screen.findByRole("dialog");
    expect(within(dialog).getByText("Remove this queue's hold music? Callers will hear the standard music.")).toBeTruthy();
    await act(async () => {
      fireEvent.click(within(dialog).getByRole("button", { name: "Remove" }));
    });
    expect(await within(music).findByText("No music of its own: callers hear the standard hold music.")).toBeTruthy();
    expect(calls.some((c) => c.method === "DELETE" && c.path === `${BASE}/music`)).toBe(true);
    expect(within(music).queryByLabelText("Preview of the Hold music")).toBeNull();
    expect(URL.revokeObjectURL).toHaveBeenCalledWith("blob:preview-1");
  });

  it("speaks Chinese", async () => {
    server([{ kind: "greeting", present: true, duration_ms: 8_000, updated_ms: Date.UTC(2026, 0, 5) }, absent("music")]);
    renderWithI18n(<PromptsEditor queueId={2} />, "zh-CN");
    expect(await screen.findByRole("heading", { name: "语音提示：欢迎语与等待音乐" })).toBeTruthy();
    const greeting = await group("欢迎语");
    expect(within(greeting).getByRole("button", { name: "试听" })).toBeTruthy();
    expect(within(greeting).getByLabelText("用新文件替换")).toBeTruthy();
  });
});
