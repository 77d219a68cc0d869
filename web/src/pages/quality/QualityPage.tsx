// Quality management (/quality/*, issue 12). Each view is a section with
// its own path, /quality/<section>[/<item>...]:
//   worklist     evaluators: the work list; /worklist/<contact> scores a contact
//   contacts     evaluators: every ended contact in scope, filtered; /contacts/<contact>
//                scores it (the quality.keyword_alert notification's link)
//   peer         agents: the teammates' ended contacts; /peer/<contact> peer-reviews one
//   mine         agents: my evaluations (/mine/<id>), self-assessment
//                (/mine/self/<contact>), my trend, KPIs and coaching
//   disputes     reviewers: disputed evaluations, resolve (/disputes/<id>)
//   scorecards   quality, admins: list, /new, /<id> (edit = new version), retire
//   keywords     quality, admins: keyword lists per queue, each keyword's alert
//   calibration  blind sessions, spread, reference, deviation report
//   library      examples; coaching; reports (coverage, by agent/team/center, leaderboard)
// A notification's link (/quality?evaluation=ID) leads to the evaluation in
// the view that acts on it: the agent's own, else the disputes view.
import { useContext, useEffect } from "react";
import { useI18n } from "../../i18n";
import { Link, navigate, searchParam, useLocation } from "../../lib/router";
import { SessionContext } from "../../lib/sessionContext";
import { Notice } from "../admin/ui/feedback";
import "../admin/ui/ui.css";
import { CalibrationView } from "./CalibrationView";
import { CoachingView } from "./CoachingView";
import { ContactsView, PeerView } from "./ContactsView";
import { DisputesView } from "./DisputesView";
import { WorklistView } from "./EvaluateView";
import { KeywordsView } from "./KeywordsView";
import { LibraryView } from "./LibraryView";
import { MyQualityView } from "./MyQuality";
import { ReportsView } from "./ReportsView";
import { ScorecardsView } from "./ScorecardsView";
import "./quality.css";

export const SECTIONS = ["worklist", "contacts", "mine", "peer", "disputes", "scorecards", "keywords", "calibration", "library", "coaching", "reports"] as const;
export type Section = (typeof SECTIONS)[number];

/** The sections a role may open (docs/api.md "Roles and scope": agents their
 *  own; team leads their team's; quality and admins all). "mine" needs a
 *  linked agent. */
export function sectionsFor(role: string | undefined, agent: string | null | undefined): Section[] {
  switch (role) {
    case "agent":
      return ["mine", "peer", "library"];
    case "team_lead":
      return [...(["worklist", "contacts", "disputes"] as const), ...(agent ? (["mine"] as const) : []), ...(["calibration", "library", "coaching", "reports"] as const)];
    case "quality":
      return ["worklist", "contacts", "disputes", "scorecards", "keywords", "calibration", "library", "coaching", "reports"];
    case "admin":
      return ["worklist", "contacts", "disputes", "scorecards", "keywords", "calibration", "library", "coaching", "reports", ...(agent ? (["mine"] as const) : [])];
    default:
      return [];
  }
}

/** "/quality/mine/self/12" -> { section: "mine", rest: ["self", "12"] }. */
export function parseQualityPath(path: string): { section: string | null; rest: string[] } {
  const parts = path.split(/[?#]/)[0].split("/").filter(Boolean);
  if (parts[0] !== "quality") return { section: null, rest: [] };
  return { section: parts[1] ?? null, rest: parts.slice(2) };
}

export default function QualityPage(props: { role?: string; agent?: string | null }) {
  const { t } = useI18n();
  const session = useContext(SessionContext);
  const role = props.role ?? session?.me.role;
  const agent = props.agent !== undefined ? props.agent : (session?.me.agent ?? null);
  const loc = useLocation();
  const allowed = sectionsFor(role, agent);
  const parsed = parseQualityPath(loc.path);
  const evaluation = parsed.section ? null : searchParam(loc.search, "evaluation");
  const section = (parsed.section ?? allowed[0] ?? null) as Section | null;
  const ok = section !== null && allowed.includes(section);
  const manager = role === "quality" || role === "admin";

  // /quality becomes /quality/<first section> (its link is then current, and a reload keeps it);
  // a notification's link, the evaluation where its reader acts on it
  useEffect(() => {
    if (parsed.section === null && !evaluation && allowed[0]) navigate(`/quality/${allowed[0]}${loc.search}`, { replace: true });
    // an agent's coaching (the quality.coaching notification's link) is under "My quality"
    if (parsed.section === "coaching" && !allowed.includes("coaching") && allowed.includes("mine")) navigate("/quality/mine", { replace: true });
    if (!evaluation || !/^\d+$/.test(evaluation)) return;
    const to = allowed.includes("mine") && (role === "agent" || !allowed.includes("disputes")) ? "mine" : "disputes";
    navigate(`/quality/${to}/${evaluation}`, { replace: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [evaluation, role, allowed.join(), parsed.section]);

  const item = parsed.rest[0] ?? null;
  return (
    <section className="sy-page sy-quality" aria-labelledby="sy-quality-title">
      <h1 id="sy-quality-title">{t("quality.title")}</h1>
      {allowed.length > 1 && (
        <nav className="sy-wfm-nav" aria-label={t("quality.nav.label")}>
          <ul>
            {allowed.map((s) => (
              <li key={s}>
                <Link to={`/quality/${s}`} aria-current={s === section ? "page" : undefined}>
                  {t(`quality.nav.${s}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {!ok && <Notice kind="warning">{t("quality.section_unavailable")}</Notice>}
      {ok && section === "worklist" && <WorklistView item={item} manager={manager} />}
      {ok && section === "contacts" && <ContactsView item={item} />}
      {ok && section === "mine" && <MyQualityView rest={parsed.rest} agent={agent} />}
      {ok && section === "peer" && <PeerView item={item} />}
      {ok && section === "disputes" && <DisputesView item={item} />}
      {ok && section === "scorecards" && <ScorecardsView item={item} />}
      {ok && section === "keywords" && <KeywordsView />}
      {ok && section === "calibration" && <CalibrationView item={item} manager={manager} />}
      {ok && section === "library" && <LibraryView manager={manager || role === "team_lead"} />}
      {ok && section === "coaching" && <CoachingView />}
      {ok && section === "reports" && <ReportsView />}
    </section>
  );
}
