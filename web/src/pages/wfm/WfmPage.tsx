// Workforce management (/wfm/*, issue 11): forecast, requirement vs
// coverage, schedules (the grid, edits with rule checks, publish) for
// planners (WFM, admins); live adherence, leave and swap approvals for them
// and for team leads (with the adherence report of past days); the shift
// rules, per-agent overrides and the center's WFM settings for planners.
// Each view is a section with its own path: /wfm/<section>[/<item>];
// /wfm?tab=<section> (the links of notifications) leads there too.
import { useContext, useEffect } from "react";
import { useI18n } from "../../i18n";
import { Link, navigate, searchParam, useLocation } from "../../lib/router";
import { SessionContext } from "../../lib/sessionContext";
import { Notice } from "../admin/ui/feedback";
import "../admin/ui/ui.css";
import { AdherenceView } from "./AdherenceView";
import { CoverageView } from "./CoverageView";
import { ForecastView } from "./ForecastView";
import { LeaveView } from "./LeaveView";
import { RulesView } from "./RulesView";
import { SchedulesView } from "./SchedulesView";
import { SettingsView } from "./SettingsView";
import { SwapsView } from "./SwapsView";
import "./wfm.css";

export const SECTIONS = ["forecast", "coverage", "schedules", "adherence", "leave", "swaps", "rules", "settings"] as const;
export type Section = (typeof SECTIONS)[number];

/** The sections a role may open (planners: all; team leads: adherence, leave and swaps). */
export function sectionsFor(role: string | undefined): Section[] {
  if (role === "wfm" || role === "admin") return [...SECTIONS];
  if (role === "team_lead") return ["adherence", "leave", "swaps"];
  return [];
}

/** "/wfm/schedules/12" -> { section: "schedules", item: "12" }. */
export function parseWfmPath(path: string): { section: string | null; item: string | null } {
  const parts = path.split(/[?#]/)[0].split("/").filter(Boolean);
  if (parts[0] !== "wfm") return { section: null, item: null };
  return { section: parts[1] ?? null, item: parts[2] ?? null };
}

export default function WfmPage(props: { role?: string }) {
  const { t } = useI18n();
  const session = useContext(SessionContext);
  const role = props.role ?? session?.me.role;
  const loc = useLocation();
  const allowed = sectionsFor(role);
  const parsed = parseWfmPath(loc.path);
  const tab = parsed.section ? null : searchParam(loc.search, "tab");
  const section = (parsed.section ?? tab ?? allowed[0] ?? null) as Section | null;
  const ok = section !== null && allowed.includes(section);
  // /wfm?tab=leave becomes /wfm/leave, so that the section's link is current and reloads keep it
  useEffect(() => {
    if (tab && ok) navigate(`/wfm/${tab}`, { replace: true });
  }, [tab, ok]);

  return (
    // a section, not a second <main>: the app shell's <main> holds every page
    <section className="sy-page sy-wfm" aria-labelledby="sy-wfm-title">
      <h1 id="sy-wfm-title">{t("wfm.title")}</h1>
      {allowed.length > 1 && (
        <nav className="sy-wfm-nav" aria-label={t("wfm.nav.label")}>
          <ul>
            {allowed.map((s) => (
              <li key={s}>
                <Link to={`/wfm/${s}`} aria-current={s === section ? "page" : undefined}>
                  {t(`wfm.nav.${s}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {!ok && <Notice kind="warning">{t("wfm.section_unavailable")}</Notice>}
      {ok && section === "forecast" && <ForecastView />}
      {ok && section === "coverage" && <CoverageView />}
      {ok && section === "schedules" && <SchedulesView item={parsed.item} />}
      {ok && section === "adherence" && <AdherenceView />}
      {ok && section === "leave" && <LeaveView role={role} />}
      {ok && section === "swaps" && <SwapsView />}
      {ok && section === "rules" && <RulesView />}
      {ok && section === "settings" && <SettingsView />}
    </section>
  );
}
