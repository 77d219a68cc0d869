import { afterEach, describe, expect, it } from "vitest";
import { act, cleanup, render, screen } from "@testing-library/react";
import { Suspense } from "react";
import { pageChunk } from "./pageChunk";

afterEach(cleanup);

function Hello({ who }: { who: string }) {
  return <p>hello {who}</p>;
}

describe("pageChunk", () => {
  it("renders a preloaded chunk at once, without the Suspense fallback", async () => {
    const { Page, preload } = pageChunk(() => Promise.resolve({ default: Hello }));
    await preload();
    render(
      <Suspense fallback={<p>loading</p>}>
        <Page who="agent" />
      </Suspense>,
    );
    // synchronously: no fallback was committed first
    expect(screen.getByText("hello agent")).toBeTruthy();
    expect(screen.queryByText("loading")).toBeNull();
  });

  it("suspends on a chunk not yet loaded and shows it when it arrives", async () => {
    let resolve!: (m: { default: typeof Hello }) => void;
    const { Page } = pageChunk(() => new Promise<{ default: typeof Hello }>((r) => (resolve = r)));
    render(
      <Suspense fallback={<p>loading</p>}>
        <Page who="lead" />
      </Suspense>,
    );
    expect(screen.getByText("loading")).toBeTruthy();
    await act(async () => resolve({ default: Hello }));
    expect(await screen.findByText("hello lead", {}, { timeout: 2000 })).toBeTruthy();
  });
});
