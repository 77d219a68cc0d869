// The shared list, editor and form of the admin sections, on a resource of
// the tests' own (texts of the chat widgets).
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { translate } from "../../../i18n";
import type { Mapped } from "../forms/common";
import { resource } from "../resources";
import { mockApi, renderWithI18n } from "../test-utils";
import { nameColumn, removeColumn, ResourceEditor, ResourceList, useResourceForm } from "./crud";
import { TextField } from "./form";
import { NavContext } from "./Link";
import { EditorForm } from "./parts";

interface Thing {
  id: number;
  name: string;
}
const THINGS = resource<Thing>({ section: "widgets", key: "widget", path: "/api/v1/things", name: (o) => o.name });
const LISTED = resource<Thing>({ section: "alerts", key: "rule", path: "/api/v1/listed", name: (o) => o.name, noGet: true });
const t = (k: string, v?: Record<string, string | number>) => translate("en", k, v);

const fromForm = (f: { name: string }): Mapped<{ name: string }> =>
  f.name.trim() ? { ok: true, body: { name: f.name.trim() } } : { ok: false, errors: { name: "admin.invalid.required" } };

function ThingForm(props: { thing: Thing | null; created?: (o: Thing) => boolean }) {
  const { f, up, formProps } = useResourceForm(THINGS, props.thing, { empty: () => ({ name: "" }), toForm: (o) => ({ name: o.name }), fromForm, created: props.created });
  return (
    <EditorForm {...formProps}>
      <TextField name="name" label="Name" value={f.name} onChange={(v) => up({ name: v })} />
    </EditorForm>
  );
}

function show(ui: ReactElement) {
  const go = vi.fn();
  renderWithI18n(<NavContext.Provider value={go}>{ui}</NavContext.Provider>);
  return go;
}

const list = (removal?: Parameters<typeof ResourceList<Thing>>[0]["removal"]) => (
  <ResourceList res={THINGS} removal={removal} columns={(_, l) => [nameColumn(THINGS, t), removeColumn(t, l)]} />
);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("ResourceList", () => {
  it("lists with links to the editors, and deletes after asking", async () => {
    let things: Thing[] = [
      { id: 1, name: "a" },
      { id: 2, name: "b" },
    ];
    const calls = mockApi(({ method, path }) => {
      if (method === "GET" && path === "/api/v1/things") return { json: things };
      if (method === "DELETE" && path === "/api/v1/things/2") {
        things = things.filter((x) => x.id !== 2);
        return { status: 204 };
      }
      return undefined;
    });
    show(list());
    const table = await screen.findByRole("table", { name: "Chat widgets" });
    expect(within(table).getByRole("link", { name: "a" }).getAttribute("href")).toBe("/admin/widgets/1");
    expect(screen.getByRole("link", { name: "New chat widget" }).getAttribute("href")).toBe("/admin/widgets/new");
    expect(screen.getByRole("heading", { level: 2 }).id).toBe("sy-widgets-h");

    fireEvent.click(screen.getByRole("button", { name: "Delete b" }));
    const dialog = screen.getByRole("dialog", { name: "Delete chat widget" });
    expect(within(dialog).getByText(/Delete “b”\?/)).toBeTruthy();
    expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "Delete" }));
    fireEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    expect(await screen.findByText("“b” was deleted.")).toBeTruthy();
    expect(screen.queryByRole("dialog")).toBeNull();
    await waitFor(() => expect(screen.queryByRole("link", { name: "b" })).toBeNull());
    expect(calls.filter((c) => c.method === "GET")).toHaveLength(2);
  });

  it("keeps the dialog open with the server's message when a delete fails", async () => {
    mockApi(({ method }) =>
      method === "DELETE" ? { status: 409, json: { error: { code: "failed_precondition", message: "in use" } } } : { json: [{ id: 1, name: "a" }] },
    );
    show(list());
    fireEvent.click(await screen.findByRole("button", { name: "Delete a" }));
    fireEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Delete" }));
    expect((await within(screen.getByRole("dialog")).findByRole("alert")).textContent).toBe("in use");
  });

  it("takes its own texts, and can hold the confirm button while the request runs", async () => {
    let release = () => {};
    vi.stubGlobal(
      "fetch",
      vi.fn((_: string, init?: RequestInit) =>
        init?.method === "DELETE"
          ? new Promise<Response>((ok) => (release = () => ok(new Response(null, { status: 204 }))))
          : Promise.resolve(new Response(JSON.stringify([{ id: 1, name: "crm" }]))),
      ),
    );
    show(list({ button: "admin.key.revoke", named: "admin.key.revoke_named", title: "admin.key.revoke_title", done: "admin.user.deleted", disableWhileBusy: true }));
    fireEvent.click(await screen.findByRole("button", { name: "Revoke crm" }));
    const confirm = within(screen.getByRole("dialog", { name: "Revoke API key" })).getByRole("button", { name: "Revoke" });
    fireEvent.click(confirm);
    await waitFor(() => expect((confirm as HTMLButtonElement).disabled).toBe(true));
    release();
    expect(await screen.findByText("crm was deleted.")).toBeTruthy();
  });

  it("shows what the section adds, and its messages", async () => {
    show(
      <ResourceList
        res={THINGS}
        creatable={false}
        load={() => Promise.resolve({ things: [] as Thing[], total: 0 })}
        rows={(d) => d.things}
        columns={(d) => [{ key: "n", header: `of ${d.total}`, render: (o) => o.name }]}
        after={(d) => <p>total {d.total}</p>}
      >
        {(l) => (
          <button type="button" onClick={() => l.notify("hello")}>
            say
          </button>
        )}
      </ResourceList>,
    );
    expect(await screen.findByText("total 0")).toBeTruthy();
    expect(screen.getByRole("columnheader").textContent).toBe("of 0");
    expect(screen.queryByRole("link", { name: "New chat widget" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "say" }));
    expect(screen.getByRole("status").textContent).toBe("hello");
  });
});

describe("ResourceEditor and useResourceForm", () => {
  it("creates a new one, then opens its editor", async () => {
    const calls = mockApi(({ method }) => (method === "POST" ? { status: 201, json: { id: 7, name: "x" } } : undefined));
    const go = show(<ResourceEditor res={THINGS} item="new">{(thing) => <ThingForm thing={thing} />}</ResourceEditor>);
    expect(await screen.findByRole("heading", { name: "New chat widget" })).toBeTruthy();
    expect(screen.getByRole("link", { name: /Chat widgets/ }).getAttribute("href")).toBe("/admin/widgets");
    // Checked before it is sent: the message beside the field, the focus on it.
    fireEvent.click(screen.getByRole("button", { name: "Create" }));
    // Looked up again on each try: the field as it is now, not as it was.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText("Name")));
    const input = screen.getByLabelText("Name");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(calls).toHaveLength(0);
    fireEvent.change(input, { target: { value: " x " } });
    fireEvent.click(screen.getByRole("button", { name: "Create" }));
    await waitFor(() => expect(go).toHaveBeenCalledWith("/admin/widgets/7"));
    expect(calls[0]).toMatchObject({ method: "POST", path: "/api/v1/things", body: { name: "x" } });
  });

  it("may show something first instead of opening the new one", async () => {
    mockApi(() => ({ status: 201, json: { id: 7, name: "x" } }));
    const created = vi.fn(() => true);
    const go = show(<ResourceEditor res={THINGS} item="new">{(thing) => <ThingForm thing={thing} created={created} />}</ResourceEditor>);
    fireEvent.change(await screen.findByLabelText("Name"), { target: { value: "x" } });
    fireEvent.click(screen.getByRole("button", { name: "Create" }));
    await waitFor(() => expect(created).toHaveBeenCalledWith({ id: 7, name: "x" }));
    expect(go).not.toHaveBeenCalled();
  });

  it("replaces one and shows it as the server has it; the server's message goes beside its field", async () => {
    let fail = true;
    const calls = mockApi(({ method, path }) => {
      if (method === "GET" && path === "/api/v1/things/a%2Fb") return { json: { id: 2, name: "b" } };
      if (method === "PUT" && path === "/api/v1/things/2")
        return fail ? { status: 400, json: { error: { code: "invalid_argument", message: "too long", field: "name" } } } : { json: { id: 2, name: "B!" } };
      return undefined;
    });
    const go = show(<ResourceEditor res={THINGS} item="a/b">{(thing) => <ThingForm thing={thing} />}</ResourceEditor>);
    expect(await screen.findByRole("heading", { name: "Chat widget b" })).toBeTruthy();
    const input = screen.getByLabelText("Name") as HTMLInputElement;
    fireEvent.change(input, { target: { value: "bb" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(document.activeElement).toBe(input));
    expect(screen.getByText("too long")).toBeTruthy();
    fail = false;
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved.")).toBeTruthy();
    expect(input.value).toBe("B!");
    expect(go).not.toHaveBeenCalled();
    expect(calls.filter((c) => c.method === "PUT").map((c) => c.body)).toEqual([{ name: "bb" }, { name: "bb" }]);
  });

  it("finds one in the list where the API has no GET of one", async () => {
    let found = false;
    mockApi(() => ({ json: found ? [{ id: 9, name: "nine" }] : [] }));
    show(<ResourceEditor res={LISTED} item="9">{(x) => <p>{x?.name}</p>}</ResourceEditor>);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("There is no alert rule 9.");
    found = true;
    fireEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { name: "Alert rule nine" })).toBeTruthy();
    expect(screen.getByText("nine")).toBeTruthy();
  });
});
