// Every chat key the code uses exists, non-empty, in English and Simplified
// Chinese, with the same keys and placeholders in both; no JSX text or
// user-facing attribute is hard-coded (the page, the desk's drawer, the top
// bar's link).
import { describe, expect, it } from "vitest";
import { describeCatalogue, describeNoHardcodedText, keysUsedIn } from "../../i18n/catalogueTests";
import { CATALOGUES } from "../../i18n";
import en from "../../i18n/en/chat";
import zh from "../../i18n/zh-CN/chat";
import { PRESENCE_STATES, ROOM_KINDS } from "../../lib/teamChat";

const pages = import.meta.glob(["./**/*.ts", "./**/*.tsx", "!./**/*.test.ts", "!./**/*.test.tsx"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const others = import.meta.glob(["../agent/ChatDrawer.tsx", "../../components/ChatNavLink.tsx", "../../lib/teamChat.ts"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const sources = { ...pages, ...others };

function usedKeys(): string[] {
  const keys = keysUsedIn(sources, "chat");
  for (const k of ROOM_KINDS) keys.add("kinds." + k).add("kind." + k);
  for (const p of PRESENCE_STATES) keys.add("presence." + p);
  return [...keys];
}

describeCatalogue("chat", en, zh, usedKeys, 70);
describeNoHardcodedText("chat", sources);

describe("the shell's chat keys", () => {
  it("exist in both languages", () => {
    for (const k of ["common.nav.chat", "common.chat_unread", "common.notify.chat_mention", "common.notify.chat_broadcast"]) {
      expect(CATALOGUES.en[k], k).toBeTruthy();
      expect(CATALOGUES["zh-CN"][k], k).toBeTruthy();
    }
  });
});
