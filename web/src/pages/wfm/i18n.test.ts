// Every wfm key the code uses exists, non-empty, in English and Simplified
// Chinese, with the same keys and placeholders in both; no JSX text or
// user-facing attribute is hard-coded.
import { describeCatalogue, describeNoHardcodedText, keysUsedIn } from "../../i18n/catalogueTests";
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

describeNoHardcodedText("wfm", sources);
