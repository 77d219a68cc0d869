import { useMemo } from "react";
import { useI18n } from "../i18n";
import { createFormatter, type Formatter } from "../lib/format";

/** Formatters in the user's language and the center's time zone. */
export function useFormat(): Formatter {
  const { lang, timeZone } = useI18n();
  return useMemo(() => createFormatter(lang, timeZone), [lang, timeZone]);
}
