// Helpers shared by the Vitest tests (not part of the app's bundle).
import type { ReactNode } from "react";
import { I18nContext, translate } from "./i18n";

/** Renders its children in English, in UTC. */
export function EnglishI18n({ children }: { children: ReactNode }) {
  return <I18nContext.Provider value={{ lang: "en", setLang: () => {}, t: (k, v) => translate("en", k, v), timeZone: "UTC" }}>{children}</I18nContext.Provider>;
}

/** A JSON fetch Response, as the API answers. */
export const jsonResponse = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
