// The checks every area's catalogue gets (imported by the areas' i18n
// tests): the keys the code uses exist, non-empty, in English and
// Simplified Chinese, and both languages have the same keys and
// placeholders.
import ts from "typescript";
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

/** Fails on JSX text or a user-facing attribute (aria-label, title,
 *  placeholder, alt, label) written as a literal with letters in the .tsx
 *  sources: every word a user reads comes from the catalogue. */
export function describeNoHardcodedText(area: string, sources: Record<string, string>): void {
  describe(`${area} pages`, () => {
    it("no hard-coded text in the pages", () => {
      const attrs = new Set(["aria-label", "title", "placeholder", "alt", "label"]);
      const found: string[] = [];
      for (const [r, text] of Object.entries(sources)) {
        if (!r.endsWith(".tsx")) continue;
        const sf = ts.createSourceFile(r, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
        const check = (s: string, node: ts.Node) => {
          const v = s.trim();
          if (v && /\p{L}/u.test(v)) found.push(`${r}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${v}`);
        };
        const visit = (node: ts.Node) => {
          if (ts.isJsxText(node)) check(node.text, node);
          else if (ts.isJsxAttribute(node) && attrs.has(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer)) check(node.initializer.text, node);
          ts.forEachChild(node, visit);
        };
        visit(sf);
      }
      expect(found).toEqual([]);
    });
  });
}
