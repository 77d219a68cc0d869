// Every people key the code uses (the people pages, the desk's line, the
// notifications' sentences) exists, non-empty, in English and Simplified
// Chinese, with the same keys and placeholders; no JSX text is hard-coded.
import { describeCatalogue, describeNoHardcodedText, keysUsedIn } from "../../../i18n/catalogueTests";
import en from "../../../i18n/en/people";
import zh from "../../../i18n/zh-CN/people";
import { KUDOS_TAGS } from "./peopleData";

const sources = import.meta.glob(["./*.ts", "./*.tsx", "!./*.test.ts", "!./*.test.tsx", "../DeskComms.tsx", "../../../lib/notifications.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

function usedKeys(): string[] {
  const keys = keysUsedIn(sources, "people");
  KUDOS_TAGS.forEach((tag) => keys.add(`kudos.tag.${tag}`));
  return [...keys];
}

describeCatalogue("people", en, zh, usedKeys, 80);
describeNoHardcodedText("people", Object.fromEntries(Object.entries(sources).filter(([k]) => k.startsWith("./"))));
