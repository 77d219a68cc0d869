import { describe, expect, it } from "vitest";
import { CATALOGUES, LANGS, ewtText, normalizeLang, pickLang, translate } from "./i18n";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("catalogue", () => {
  const en = CATALOGUES.en as Record<string, string>;
  it("every language has every key, non-empty, with the same placeholders", () => {
    for (const lang of LANGS) {
      const cat = CATALOGUES[lang] as Record<string, string>;
      expect(Object.keys(cat).sort()).toEqual(Object.keys(en).sort());
      for (const [k, v] of Object.entries(cat)) {
        expect(v.trim(), `${lang} ${k}`).not.toBe("");
        expect(placeholders(v), `${lang} ${k}`).toEqual(placeholders(en[k]));
      }
    }
  });

  it("the Chinese catalogue is translated (no English sentence left over)", () => {
    const zh = CATALOGUES["zh-CN"] as Record<string, string>;
    // keys whose zh text is English on purpose: the switch to English
    const english = new Set(["lang.other"]);
    for (const [k, v] of Object.entries(zh)) if (!english.has(k)) expect(/[\u4e00-\u9fff]/.test(v), k).toBe(true);
  });

  it("every key the widget's code uses exists", () => {
    const sources = import.meta.glob(["./*.ts", "!./*.test.ts", "!./i18n.ts"], { query: "?raw", import: "default", eager: true });
    const used = new Set<string>();
    for (const src of Object.values(sources) as string[]) {
      // t("key"), key: "key", "key" as Key: any quoted area.name that looks like a key
      for (const m of src.matchAll(/["'`]((?:title|launcher|panel|lang|form|status|queue|state|log|msg|typing|compose|end|ended|survey|new|error)(?:\.[a-zA-Z]+)?)["'`]/g)) {
        if (m[1].includes(".") || m[1] === "title") used.add(m[1]);
      }
    }
    expect(used.size).toBeGreaterThan(40);
    for (const k of used) expect(en[k], k).toBeDefined();
  });

  it("replaces placeholders", () => {
    expect(translate("en", "queue.position", { n: 3 })).toBe("You are number 3 in the queue.");
    expect(translate("zh-CN", "queue.position", { n: 3 })).toBe("您目前排在第 3 位。");
    expect(translate("en", "no.such.key")).toBe("no.such.key");
  });
});

describe("language", () => {
  it("data-lang, else the page, else the browser", () => {
    expect(pickLang("zh-CN", "en", ["en-US"])).toBe("zh-CN");
    expect(pickLang(null, "zh", ["en-US"])).toBe("zh-CN");
    expect(pickLang("", "", ["zh-Hans-CN", "en"])).toBe("zh-CN");
    expect(pickLang(undefined, undefined, ["fr-FR"])).toBe("en");
    expect(pickLang(undefined, undefined, [])).toBe("en");
    expect(normalizeLang("zh-TW")).toBe("zh-CN");
    expect(normalizeLang("EN-gb")).toBe("en");
  });

  it("estimated wait", () => {
    expect(ewtText("en", null)).toBeNull();
    expect(ewtText("en", 20_000)).toBe("Estimated wait: under a minute.");
    expect(ewtText("en", 70_000)).toBe("Estimated wait: about 1 minute.");
    expect(ewtText("en", 5 * 60_000)).toBe("Estimated wait: about 5 minutes.");
    expect(ewtText("zh-CN", 5 * 60_000)).toBe("预计等待：约 5 分钟。");
  });
});
