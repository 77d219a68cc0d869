// Message catalogues: English and Simplified Chinese, one file per area
// (common, login, agent, wallboard, admin, reports, wfm) so that each part of the
// app owns its keys. i18n.test.ts checks that both languages have every key.
import { createContext, useContext } from "react";
import * as en from "./en";
import * as zh from "./zh-CN";

export type Lang = "en" | "zh-CN";
export const LANGS: Lang[] = ["en", "zh-CN"];

type Catalogue = Record<string, string>;
function flatten(areas: Record<string, Catalogue>): Catalogue {
  const out: Catalogue = {};
  for (const [area, keys] of Object.entries(areas))
    for (const [k, v] of Object.entries(keys)) out[`${area}.${k}`] = v;
  return out;
}
export const CATALOGUES: Record<Lang, Catalogue> = { en: flatten(en), "zh-CN": flatten(zh) };

/** Looks `key` up in `lang` ("area.key"), replacing {name} placeholders.
 *  A missing key returns the key itself so that it shows and a test catches it. */
export function translate(lang: Lang, key: string, vars?: Record<string, string | number>): string {
  let s = CATALOGUES[lang][key] ?? CATALOGUES.en[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: (key: string, vars?: Record<string, string | number>) => string;
  /** The center's IANA time zone (from GET /api/v1/settings), for dates and times. */
  timeZone: string;
}
export const I18nContext = createContext<I18n>({
  lang: "en",
  setLang: () => {},
  t: (k, v) => translate("en", k, v),
  timeZone: "UTC",
});
export const useI18n = () => useContext(I18nContext);

const LANG_KEY = "switchyard.lang";

function isLang(v: unknown): v is Lang {
  return v === "en" || v === "zh-CN";
}

/** The language to start in: the one chosen before (localStorage), else the
 *  browser's (Chinese -> zh-CN), else English. */
export function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(LANG_KEY);
    if (isLang(stored)) return stored;
  } catch {
    /* storage blocked */
  }
  const nav = typeof navigator !== "undefined" ? navigator.languages ?? [navigator.language] : [];
  for (const l of nav) {
    if (!l) continue;
    if (l.toLowerCase().startsWith("zh")) return "zh-CN";
    if (l.toLowerCase().startsWith("en")) return "en";
  }
  return "en";
}

/** Remembers the choice and sets <html lang>. */
export function storeLang(l: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, l);
  } catch {
    /* storage blocked: the choice lasts this page */
  }
  if (typeof document !== "undefined") document.documentElement.lang = l;
}

/** t(prefix + code) for a code the server sends (a reason code, a state);
 *  the code itself when the catalogue does not know it (a reason code an
 *  administrator added, say). */
export function tCode(t: I18n["t"], prefix: string, code: string): string {
  const key = prefix + code;
  const s = t(key);
  return s === key ? code : s;
}

/** A localised text of the API ({"en": "...", "zh-CN": "..."}): the user's
 *  language, else English, else any. */
export function pickLocalised(texts: Partial<Record<string, string>> | null | undefined, lang: Lang): string {
  if (!texts) return "";
  return texts[lang] || texts.en || Object.values(texts).find((v) => !!v) || "";
}
