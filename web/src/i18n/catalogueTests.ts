// The checks every area's catalogue gets (imported by the areas' i18n
// tests): the keys the code uses exist, non-empty, in English and
// Simplified Chinese, and both languages have the same keys and
// placeholders.
import { describe, expect, it } from "vitest";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** The keys (without the area prefix) the sources use as "<area>.<key>" string literals. */
export function keysUsedIn(sources: Record<string, string>, area: string): Set<string> {
  const keys = new Set<string>();
  const re = new RegExp(`["'\`]${area}\\.([A-Za-z0-9_.\\-]+)["'\`]`, "g");
  for (const text of Object.values(sources)) for (const m of text.matchAll(re)) if (!m[1].endsWith(".")) keys.add(m[1]);
  return keys;
}

export function describeCatalogue(
  area: string,
  en: Record<string, string>,
  zh: Record<string, string>,
  usedKeys: () => string[],
  minKeys: number,
): void {
  describe(`${area} i18n`, () => {
    it("finds the keys the code uses", () => {
      expect(usedKeys().length).toBeGreaterThan(minKeys);
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
}
