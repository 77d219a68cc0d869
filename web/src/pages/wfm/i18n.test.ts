// Every wfm key the code uses exists, non-empty, in English and Simplified
// Chinese, with the same keys and placeholders in both; no JSX text or
// user-facing attribute is hard-coded.
import { describe, expect, it } from "vitest";
import { describeCatalogue, keysUsedIn } from "../../i18n/catalogueTests";
import ts from "typescript";
import en from "../../i18n/en/wfm";
import zh from "../../i18n/zh-CN/wfm";
import { ACTIVITIES, ADJUSTMENT_KINDS, LEAVE_KINDS, LEAVE_STATUSES, METHODS, RULES, SCHEDULE_METHODS, SWAP_STATUSES } from "./wfmData";
import { SECTIONS } from "./WfmPage";

const sources = import.meta.glob(["./**/*.ts", "./**/*.tsx", "!./**/*.test.ts", "!./**/*.test.tsx"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;

function usedKeys(): string[] {
  const keys = keysUsedIn(sources, "wfm");
  const add = (prefix: string, values: readonly string[]) => values.forEach((v) => keys.add(`${prefix}${v}`));
  add("nav.", SECTIONS);
  add("method.", METHODS);
  add("generate.method.", SCHEDULE_METHODS);
  add("adjust.kind.", ADJUSTMENT_KINDS);
  add("activity.", ACTIVITIES);
  add("rule.", RULES);
  add("status.", ["draft", "published"]);
  add("leave.kind.", LEAVE_KINDS);
  add("leave.status.", LEAVE_STATUSES);
  add("swap.status.", SWAP_STATUSES);
  return [...keys];
}

describeCatalogue("wfm", en, zh, usedKeys, 150);

describe("wfm pages", () => {
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
