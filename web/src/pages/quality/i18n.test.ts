// Every quality key the code uses exists, non-empty, in English and
// Simplified Chinese, with the same keys and placeholders in both; no JSX
// text or user-facing attribute is hard-coded.
import { describeCatalogue, describeNoHardcodedText, keysUsedIn } from "../../i18n/catalogueTests";
import en from "../../i18n/en/quality";
import zh from "../../i18n/zh-CN/quality";
import { CHANNELS, CONTACT_FILTERS, DIRECTIONS, HITS_BY, EVAL_KINDS, KINDS, LIBRARY_KINDS, REPORT_BY, SAMPLING_KINDS, STATUSES } from "./qualityData";
import { SECTIONS } from "./QualityPage";

const sources = import.meta.glob(["./**/*.ts", "./**/*.tsx", "!./**/*.test.ts", "!./**/*.test.tsx"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;

function usedKeys(): string[] {
  const keys = keysUsedIn(sources, "quality");
  const add = (prefix: string, values: readonly string[]) => values.forEach((v) => keys.add(`${prefix}${v}`));
  add("nav.", SECTIONS);
  add("answer.", ["yes", "no", "na"]);
  add("status.", STATUSES);
  add("kind.", EVAL_KINDS);
  add("kind_item.", KINDS);
  add("channel.", CHANNELS);
  add("direction.", DIRECTIONS);
  add("resolution.", ["upheld", "amended"]);
  add("resolve.", ["upheld", "amended"]);
  add("respond.", ["acknowledge", "dispute"]);
  add("side.", ["customer", "agent", "system"]);
  add("reason.", ["low_csat", "not_resolved", "long_handle", "long_hold", "transferred", "repeat", "keyword_hit", "new_agent", "random"]);
  add("kpi.", ["aht", "fcr", "csat", "csat_mean", "adherence"]);
  add("lib.kind_", LIBRARY_KINDS);
  add("rep.by_", REPORT_BY);
  add("rep.hits_by_", HITS_BY);
  add("rep.hits_col_", HITS_BY);
  add("contacts.filter.", CONTACT_FILTERS);
  add("cal.status.", ["open", "closed"]);
  add("sampling.unit.", SAMPLING_KINDS);
  add("media.transcript_", ["none", "queued", "running", "done", "failed"]);
  return [...keys];
}

describeCatalogue("quality", en, zh, usedKeys, 300);

describeNoHardcodedText("quality", sources);
