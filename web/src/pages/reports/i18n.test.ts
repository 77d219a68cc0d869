// Every reports key the code uses exists, non-empty, in English and
// Simplified Chinese, with the same keys and placeholders in both.
import { describe, expect, it } from "vitest";
import en from "../../i18n/en/reports";
import zh from "../../i18n/zh-CN/reports";
import { CHANNEL_NAMES, DIMENSIONS, FIGURES, GRAINS } from "./reportData";
import { PAGE_LANGS } from "./ScheduledReports";

const sources = import.meta.glob(["./**/*.ts", "./**/*.tsx", "!./**/*.test.ts", "!./**/*.test.tsx"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

function usedKeys(): string[] {
  const keys = new Set<string>();
  for (const text of Object.values(sources))
    for (const m of text.matchAll(/["'`]reports\.([A-Za-z0-9_.\-]+)["'`]/g)) keys.add(m[1]);
  const add = (prefix: string, values: readonly string[]) => values.forEach((v) => keys.add(`${prefix}${v}`));
  add("dimension.", DIMENSIONS);
  add("dimension_one.", DIMENSIONS);
  add("grain.", GRAINS);
  add("figure.", Object.keys(FIGURES));
  add("channel.", CHANNEL_NAMES);
  add("lang.", PAGE_LANGS);
  return [...keys];
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("reports i18n", () => {
  it("finds the keys the code uses", () => {
    expect(usedKeys().length).toBeGreaterThan(60);
  });
  for (const [name, cat] of [
    ["en", en],
    ["zh-CN", zh],
  ] as const) {
    it(`${name} has every key used, non-empty`, () => {
      expect(usedKeys().filter((k) => !(typeof cat[k] === "string" && cat[k].trim() !== ""))).toEqual([]);
    });
  }
  it("en and zh-CN have the same keys and placeholders", () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(en).filter((k) => placeholders(en[k]).join() !== placeholders(zh[k] ?? "").join())).toEqual([]);
  });
});
