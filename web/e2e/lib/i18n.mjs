// The app's message catalogues (web/src/i18n/<lang>/<area>.ts), read as the
// app reads them, so that scenarios find controls by the text a user sees in
// the language in use: t("zh-CN", "agent.offer.accept") is "接听". Each
// catalogue file is `export default { ... } as Record<string, string>;`.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const dir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "src", "i18n");
const AREAS = ["common", "agent", "wallboard", "admin", "reports", "wfm", "quality", "chat"];
// comms (issue 13)
AREAS.push("comms");
// recognition and people (issue 13 part 2)
AREAS.push("people");
// the boards (issue 13 part 2)
AREAS.push("boards");
const cache = new Map();

function load(lang) {
  if (cache.has(lang)) return cache.get(lang);
  const out = {};
  for (const area of AREAS) {
    const src = readFileSync(join(dir, lang, `${area}.ts`), "utf8");
    const m = /export default (\{[\s\S]*\})\s*as Record<string, string>;/.exec(src);
    if (!m) throw new Error(`${lang}/${area}.ts: no "export default {...} as Record<string, string>"`);
    const keys = new Function(`return (${m[1]});`)();
    for (const [k, v] of Object.entries(keys)) out[`${area}.${k}`] = v;
  }
  cache.set(lang, out);
  return out;
}

/** The text of `key` in `lang` with {placeholders} filled in; throws for a key the catalogue lacks. */
export function t(lang, key, vars) {
  let s = load(lang)[key];
  if (s === undefined) throw new Error(`no catalogue key ${key} (${lang})`);
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

/** t() bound to one language. */
export const tr = (lang) => (key, vars) => t(lang, key, vars);

/** A RegExp matching `s` exactly (for getByRole names). */
export const exact = (s) => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
