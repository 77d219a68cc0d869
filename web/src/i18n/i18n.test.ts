// Every key in both languages, none empty, the same {placeholders}; and the
// keys the code uses exist (t("area.key") and the dynamic families).
import { describe, expect, it } from "vitest";
import ts from "typescript";
import { CATALOGUES, initialLang, pickLocalised, storeLang, translate } from "./index";
import { BOARDS, STATUSES } from "../pages/comms/boards/boardsData";

const en = CATALOGUES.en;
const zh = CATALOGUES["zh-CN"];
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("catalogues", () => {
  it("have the same keys in English and Chinese", () => {
    const missingZh = Object.keys(en).filter((k) => !(k in zh));
    const missingEn = Object.keys(zh).filter((k) => !(k in en));
    expect(missingZh).toEqual([]);
    expect(missingEn).toEqual([]);
  });
  it("have no empty text", () => {
    for (const [lang, cat] of Object.entries(CATALOGUES)) {
      const empty = Object.entries(cat).filter(([, v]) => typeof v !== "string" || v.trim() === "").map(([k]) => `${lang}:${k}`);
      expect(empty).toEqual([]);
    }
  });
  it("use the same placeholders in both languages", () => {
    const diff = Object.keys(en).filter((k) => k in zh && placeholders(en[k]).join() !== placeholders(zh[k]).join());
    expect(diff).toEqual([]);
  });
});

describe("translate", () => {
  it("fills placeholders and falls back to English, then the key", () => {
    expect(translate("en", "agent.title", { name: "agent01" })).toBe("Desk · agent01");
    expect(translate("zh-CN", "agent.title", { name: "agent01" })).toBe("坐席工作台 · agent01");
    expect(translate("zh-CN", "no.such.key")).toBe("no.such.key");
  });
  it("picks a localised API text", () => {
    expect(pickLocalised({ en: "Resolved", "zh-CN": "已解决" }, "zh-CN")).toBe("已解决");
    expect(pickLocalised({ en: "Resolved" }, "zh-CN")).toBe("Resolved");
    expect(pickLocalised(null, "en")).toBe("");
  });
  it("remembers the language and sets <html lang>", () => {
    storeLang("zh-CN");
    expect(initialLang()).toBe("zh-CN");
    expect(document.documentElement.lang).toBe("zh-CN");
    storeLang("en");
    expect(initialLang()).toBe("en");
  });
});

// ---- the keys the code uses --------------------------------------------

// The areas this test checks: the shell, login, desk, wallboard and shared
// components (admin and reports check their own).
const MINE = [/^App\.tsx$/, /^components\//, /^lib\//, /^pages\/(login|agent|wallboard)\//];
const raw = import.meta.glob(["../**/*.ts", "../**/*.tsx", "!../**/*.test.ts", "!../**/*.test.tsx"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const sources = Object.entries(raw)
  .map(([path, text]) => ({ r: path.replace(/^\.\.\//, ""), text }))
  .filter(({ r }) => MINE.some((m) => m.test(r)));

// Keys built at run time: the prefix and the values the server may send.
const FAMILIES: Record<string, string[]> = {
  "common.nav.": ["desk", "wallboard", "admin", "reports", "wfm", "schedule"],
  "common.role.": ["agent", "team_lead", "quality", "wfm", "reporting", "admin"],
  "common.state.": ["logged_out", "available", "not_ready", "reserved", "busy", "wrap_up"],
  "common.channel.": ["voice", "chat", "email", "sms", "social"],
  "common.contactState.": ["queued", "offered", "accepted", "held", "wrap_up", "completed", "abandoned", "refused", "expired"],
  "common.reason.": ["break", "lunch", "training", "meeting", "coaching", "admin", "personal"],
  "common.live.": ["connecting", "open", "reconnecting", "stopped"],
  "common.notify.activity.": ["working", "break", "off"],
  "common.notify.state.": ["logged_out", "available", "not_ready", "reserved", "busy", "wrap_up"],
  "agent.gone.": ["timed_out", "rejected", "abandoned", "transferred"],
  "agent.chat.": ["agent", "supervisor", "system"],
  "agent.chat.state.": ["queued", "offered", "active", "held", "wrap_up", "ended"],
  "agent.chat.tick.": ["sending", "sent", "delivered", "read"],
  "agent.chat.ended.": ["visitor", "agent", "abandoned", "expired", "other"],
  "wallboard.sl.": ["ok", "warn", "bad", "none"],
  "wallboard.window.": ["today", "last_60m", "last_15m"],
  "wallboard.metric.": ["longest_wait", "ewt", "service_level", "abandon_rate", "available_agents"],
  "wallboard.contactState.": ["offered", "active", "held", "wrap_up"],
  "wallboard.monitor.mode.": ["listen", "whisper", "barge"],
  "wallboard.monitor.help.": ["idle", "listen", "whisper", "barge"],
  "wallboard.monitor.status.": ["loading", "idle", "ringing", "connected", "ended"],
  // the tag of a comms.kudos notification (lib/notifications.ts)
  "people.kudos.tag.": ["helpful", "teamwork", "customer_hero", "mentor", "above_and_beyond"],
};
// the boards' notification sentences (lib/notifications.ts): the board's noun and each board's statuses
FAMILIES["boards.noun."] = [...BOARDS];
FAMILIES["boards.status."] = BOARDS.flatMap((b) => STATUSES[b].map((s) => `${b}.${s}`));

describe("the code's keys", () => {
  it("exist in the catalogues", () => {
    expect(sources.length).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const { r, text } of sources) {
      for (const m of text.matchAll(/\bt\(\s*"([a-zA-Z]+\.[A-Za-z0-9_.]+)"/g))
        if (!m[1].endsWith(".") && !(m[1] in en)) missing.push(`${r}: ${m[1]}`);
      for (const m of text.matchAll(/"([a-zA-Z]+\.(?:[A-Za-z0-9_]+\.)*)"\s*\+|tCode\(t,\s*"([a-zA-Z]+\.(?:[A-Za-z0-9_]+\.)*)"/g)) {
        m[1] = m[1] ?? m[2];
        const fam = FAMILIES[m[1]];
        if (!fam) missing.push(`${r}: unknown key family ${m[1]}`);
        else for (const v of fam) if (!(m[1] + v in en)) missing.push(`${r}: ${m[1] + v}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("no page shows hard-coded text", () => {
    // JSX text and the user-facing attributes must come from the catalogues;
    // brand and language names and symbols are allowed.
    const allowed = new Set(["Switchyard", "English", "简体中文"]);
    const attrs = new Set(["aria-label", "title", "placeholder", "alt", "label"]);
    const found: string[] = [];
    for (const { r, text } of sources) {
      if (!r.endsWith(".tsx")) continue;
      const sf = ts.createSourceFile(r, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
      const check = (s: string, node: ts.Node) => {
        const v = s.trim();
        if (v && /\p{L}/u.test(v) && !allowed.has(v)) found.push(`${r}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${v}`);
      };
      const visit = (node: ts.Node) => {
        if (ts.isJsxText(node)) check(node.text, node);
        else if (ts.isJsxAttribute(node) && attrs.has(node.name.getText()) && node.initializer && ts.isStringLiteral(node.initializer))
          check(node.initializer.text, node);
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    expect(found).toEqual([]);
  });
});
