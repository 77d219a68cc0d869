// Every boards key the code uses (the board view, the notifications'
// sentences) exists, non-empty, in English and Simplified Chinese, with the
// same keys and placeholders in both; no JSX text is hard-coded.
import { describeCatalogue, describeNoHardcodedText, keysUsedIn } from "../../../i18n/catalogueTests";
import en from "../../../i18n/en/boards";
import zh from "../../../i18n/zh-CN/boards";
import { BOARDS, LOST_FOUND_CATEGORIES, SORTS, STATUSES } from "./boardsData";

const sources = import.meta.glob(["./*.ts", "./*.tsx", "!./*.test.ts", "!./*.test.tsx", "../../../lib/notifications.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

function usedKeys(): string[] {
  const keys = keysUsedIn(sources, "boards");
  const add = (prefix: string, values: readonly string[], suffix = "") => values.forEach((v) => keys.add(`${prefix}${v}${suffix}`));
  // `boards.${board}.title` and the like
  for (const k of ["title", "intro", "new", "post", "mine", "none", "back", "one", "field_body"]) add("", BOARDS, "." + k);
  for (const b of BOARDS) add(`status.${b}.`, STATUSES[b]);
  add("category.", LOST_FOUND_CATEGORIES);
  add("sort_", SORTS);
  add("noun.", BOARDS);
  return [...keys];
}

describeCatalogue("boards", en, zh, usedKeys, 100);

const pageSources = Object.fromEntries(Object.entries(sources).filter(([k]) => k.startsWith("./")));
describeNoHardcodedText("boards", pageSources);
