import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockApi, renderWithI18n } from "../test-utils";
import { TextField } from "../ui/form";
import { QueuePartEditor } from "./QueuePartEditor";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("QueuePartEditor", () => {
  it("loads and saves a queue's part on its own route; an empty answer keeps the form as sent", async () => {
    const calls = mockApi(({ method, path }) => {
      if (path !== "/api/v1/queues/3/survey") return undefined;
      return method === "GET" ? { json: { question: "Rate us" } } : { status: 204 };
    });
    renderWithI18n(
      <QueuePartEditor<{ question: string }, { question: string }> queueId={3} part="survey" toForm={(c) => ({ ...c })} fromForm={(f) => ({ ok: true, body: f })}>
        {(f, up) => <TextField name="question" label="Question" value={f.question} onChange={(v) => up({ question: v })} />}
      </QueuePartEditor>,
    );
    expect(await screen.findByRole("heading", { name: "Post-contact survey" })).toBeTruthy();
    const form = screen.getByRole("form", { name: "Post-contact survey" });
    fireEvent.change(within(form).getByLabelText("Question"), { target: { value: "How was it?" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save the survey" }));
    expect(await within(form).findByText("Saved.")).toBeTruthy();
    expect((within(form).getByLabelText("Question") as HTMLInputElement).value).toBe("How was it?");
    expect(calls[1]).toMatchObject({ method: "PUT", body: { question: "How was it?" } });
  });
});
