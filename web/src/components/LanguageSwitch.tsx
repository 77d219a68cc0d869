import { useId } from "react";
import { LANGS, useI18n, type Lang } from "../i18n";

const NAMES: Record<Lang, string> = { en: "English", "zh-CN": "简体中文" };

/** Switches the language at once (kept for the next visit). Each option is
 *  named in its own language and marked with it. */
export function LanguageSwitch({ className }: { className?: string }) {
  const { lang, setLang, t } = useI18n();
  const id = useId();
  return (
    <div className={"lang-switch " + (className ?? "")}>
      <label htmlFor={id} className="sr-only">
        {t("common.language")}
      </label>
      <select id={id} value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
