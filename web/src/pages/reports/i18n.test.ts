// Every reports key the code uses exists, non-empty, in English and
// Simplified Chinese, with the same keys and placeholders in both.
import en from "../../i18n/en/reports";
import zh from "../../i18n/zh-CN/reports";
import { describeCatalogue, keysUsedIn } from "../../i18n/catalogueTests";
import { CHANNEL_NAMES, DIMENSIONS, FIGURES, GRAINS } from "./reportData";
import { PAGE_LANGS } from "./ScheduledReports";

const sources = import.meta.glob(["./**/*.ts", "./**/*.tsx", "!./**/*.test.ts", "!./**/*.test.tsx"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

function usedKeys(): string[] {
  const keys = keysUsedIn(sources, "reports");
  const add = (prefix: string, values: readonly string[]) => values.forEach((v) => keys.add(`${prefix}${v}`));
  add("dimension.", DIMENSIONS);
  add("dimension_one.", DIMENSIONS);
  add("grain.", GRAINS);
  add("figure.", Object.keys(FIGURES));
  add("channel.", CHANNEL_NAMES);
  add("lang.", PAGE_LANGS);
  return [...keys];
}

describeCatalogue("reports", en, zh, usedKeys, 60);
