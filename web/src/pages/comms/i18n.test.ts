// Every comms key the code uses (the comms pages, the desk's panels, the
// notifications' sentences) exists, non-empty, in English and Simplified
// Chinese, with the same keys and placeholders in both; no JSX text or
// user-facing attribute is hard-coded.
import { describeCatalogue, describeNoHardcodedText, keysUsedIn } from "../../i18n/catalogueTests";
import en from "../../i18n/en/comms";
import zh from "../../i18n/zh-CN/comms";
import { ANNOUNCEMENT_CATEGORIES, ARTICLE_STATUSES, AUDIENCE_KINDS } from "./commsData";
import { SECTIONS } from "./CommsPage";

const sources = import.meta.glob(["./**/*.ts", "./**/*.tsx", "!./**/*.test.ts", "!./**/*.test.tsx", "../agent/AgentDesk.tsx", "../../lib/notifications.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

function usedKeys(): string[] {
  const keys = keysUsedIn(sources, "comms");
  const add = (prefix: string, values: readonly string[]) => values.forEach((v) => keys.add(`${prefix}${v}`));
  add("nav.", SECTIONS);
  add("kb.status.", ARTICLE_STATUSES);
  add("kb.to_status.", ARTICLE_STATUSES);
  add("kb.status_done.", ARTICLE_STATUSES);
  add("kb.diff_", ["add", "del"]);
  add("ann.category.", ANNOUNCEMENT_CATEGORIES);
  add("ann.audience.", AUDIENCE_KINDS);
  add("ann.audience_of.", ["site", "team", "role"]);
  add("ann.audience_value.", ["site", "team", "role"]);
  add("dept.", ["operations", "wfm", "quality", "hr", "it", "product"]);
  // team chat's notification kinds, comms.mention and comms.broadcast, read like keys in
  // notifications.ts; their sentences are common.notify.chat_*
  keys.delete("mention");
  keys.delete("broadcast");
  // the recognition kinds comms.kudos and comms.agent_of_week: sentences in people.notify.*
  keys.delete("kudos");
  keys.delete("agent_of_week");
  // the boards' notification kinds (comms.post_status ...): their sentences are boards.notify.*
  for (const k of ["post_status", "answer", "focus_invite"]) keys.delete(k);
  return [...keys];
}

describeCatalogue("comms", en, zh, usedKeys, 200);

const pageSources = Object.fromEntries(Object.entries(sources).filter(([k]) => k.startsWith("./")));
describeNoHardcodedText("comms", pageSources);
