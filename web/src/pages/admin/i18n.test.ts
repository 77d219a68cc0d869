// Every admin key the code uses exists, non-empty, in English and
// Simplified Chinese, and both catalogues have the same keys and
// placeholders.
import { describe, expect, it } from "vitest";
import en from "../../i18n/en/admin";
import zh from "../../i18n/zh-CN/admin";
import { SECTIONS } from "./nav";
import { AGENTS, API_KEYS, QUEUES, RULES, USERS, WEBHOOKS, WIDGETS } from "./resources";
import { PROMPT_KINDS } from "./sections/PromptsEditor";
import { AGENT_STATES, CHANNELS, EXIT_ACTIONS, KEY_ROLES, METRICS, ROLES, STRATEGIES, WINDOWS } from "./types";

const sources = import.meta.glob(["./**/*.ts", "./**/*.tsx", "!./**/*.test.ts", "!./**/*.test.tsx"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

function staticKeys(): Set<string> {
  const keys = new Set<string>();
  for (const text of Object.values(sources))
    for (const m of text.matchAll(/["'`]admin\.([A-Za-z0-9_.\-]+)["'`]/g)) keys.add(m[1]);
  return keys;
}

function dynamicKeys(): string[] {
  const out: string[] = [];
  const add = (prefix: string, values: readonly string[]) => values.forEach((v) => out.push(`${prefix}${v}`));
  add("channel.", CHANNELS);
  add("strategy.", STRATEGIES);
  add("exit.", EXIT_ACTIONS);
  add("state.", AGENT_STATES);
  add("lang.", ["en", "zh-CN"]);
  add("metric.", METRICS);
  add("metric_hint.", METRICS);
  add("window.", [...WINDOWS, "now"]);
  add("nav.", SECTIONS);
  add("role.", KEY_ROLES);
  add("role_hint.", ROLES);
  add("delivery.", ["pending", "delivered", "failed"]);
  for (const w of ["skills", "teams", "sites"]) out.push(`named.intro_${w}`, `named.list_${w}`, `named.new_${w}`);
  // Built from a resource's key by the shared list and editor (ui/crud.tsx).
  const texts = (resources: { key: string }[], ...names: string[]) => resources.forEach((r) => names.forEach((n) => out.push(`${r.key}.${n}`)));
  const edited = [QUEUES, AGENTS, USERS, RULES, WEBHOOKS, WIDGETS];
  texts([...edited, API_KEYS], "intro", "list");
  texts(edited, "new", "edit");
  texts([AGENTS, USERS, RULES, WEBHOOKS, WIDGETS], "form"); // a queue's form is queue.routing
  texts([USERS, RULES, WEBHOOKS, WIDGETS], "delete_title", "delete_confirm");
  texts(edited.filter((r) => r.get === null), "not_found");
  // Built from the part's name by sections/QueuePartEditor.tsx.
  texts([{ key: "desk" }, { key: "survey" }], "title", "intro", "save");
  // Per prompt kind in sections/PromptsEditor.tsx.
  for (const k of ["kind", "kind_hint", "absent", "limits", "remove_confirm"]) add(`prompts.${k}.`, PROMPT_KINDS);
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("admin i18n", () => {
  it("finds the keys the code uses", () => {
    expect(staticKeys().size).toBeGreaterThan(200);
  });
  for (const [name, cat] of [
    ["en", en],
    ["zh-CN", zh],
  ] as const) {
    it(`${name} has every key used, non-empty`, () => {
      const missing = [...staticKeys(), ...dynamicKeys()].filter((k) => !(typeof cat[k] === "string" && cat[k].trim() !== ""));
      expect(missing).toEqual([]);
    });
  }
  it("en and zh-CN have the same keys and placeholders", () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const diff = Object.keys(en).filter((k) => placeholders(en[k]).join() !== placeholders(zh[k] ?? "").join());
    expect(diff).toEqual([]);
  });
});
