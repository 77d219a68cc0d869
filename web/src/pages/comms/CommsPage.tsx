// Internal communication (/comms/*, issue 13), its own chunk. Sections:
//   kb             the knowledge base (KbView.tsx)
//   briefings      the daily briefing, earlier ones, items, receipts, the schedule (BriefingsView.tsx)
//   announcements  pinned first, mark read, writers' editor and receipts (AnnouncementsView.tsx)
//   ideas, questions, focus, lost-found   the boards (boards/BoardView.tsx, one view for the four)
//   people         celebrations, my profile, kudos, agent of the week, shared feedback (people/PeopleView.tsx)
// Notification links (/comms/briefings/ID, /comms/announcements/ID, /comms/ideas/ID ..., /comms/people) lead here.
import { useContext, useEffect } from "react";
import { useI18n } from "../../i18n";
import { Link, navigate, useLocation } from "../../lib/router";
import { SessionContext } from "../../lib/sessionContext";
import { Notice } from "../admin/ui/feedback";
import "../admin/ui/ui.css";
import "../quality/quality.css";
import { AnnouncementsView } from "./AnnouncementsView";
import { BriefingsView } from "./BriefingsView";
import { BoardView } from "./boards/BoardView";
import { boardOfSection } from "./boards/boardsData";
import { KbView } from "./KbView";
import { PeopleView } from "./people/PeopleView";
import "./comms.css";

export const SECTIONS = ["briefings", "announcements", "kb", "ideas", "questions", "focus", "lost-found", "people"] as const;
export type Section = (typeof SECTIONS)[number];

/** "/comms/kb/12/edit" -> { section: "kb", rest: ["12", "edit"] }. */
export function parseCommsPath(path: string): { section: string | null; rest: string[] } {
  const parts = path.split(/[?#]/)[0].split("/").filter(Boolean);
  if (parts[0] !== "comms") return { section: null, rest: [] };
  return { section: parts[1] ?? null, rest: parts.slice(2) };
}

export default function CommsPage(props: { role?: string; name?: string; team?: string | null }) {
  const { t, timeZone } = useI18n();
  const session = useContext(SessionContext);
  const role = props.role ?? session?.me.role;
  const me = props.name ?? session?.me.name ?? "";
  const team = props.team !== undefined ? props.team : (session?.me.team ?? null);
  const loc = useLocation();
  const parsed = parseCommsPath(loc.path);
  const section = (parsed.section ?? SECTIONS[0]) as Section;
  const ok = (SECTIONS as readonly string[]).includes(section);
  const board = boardOfSection(section);

  useEffect(() => {
    if (parsed.section === null) navigate(`/comms/${SECTIONS[0]}${loc.search}`, { replace: true });
  }, [parsed.section, loc.search]);

  return (
    <section className="sy-page sy-quality sy-comms" aria-labelledby="sy-comms-title">
      <h1 id="sy-comms-title">{t("comms.title")}</h1>
      <nav className="sy-wfm-nav" aria-label={t("comms.nav.label")}>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s}>
              <Link to={`/comms/${s}`} aria-current={s === section ? "page" : undefined}>
                {t(`comms.nav.${s}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {!ok && <Notice kind="warning">{t("comms.section_unavailable")}</Notice>}
      {section === "kb" && <KbView rest={parsed.rest} role={role} me={me} />}
      {section === "briefings" && <BriefingsView rest={parsed.rest} role={role} timeZone={timeZone} />}
      {section === "announcements" && <AnnouncementsView rest={parsed.rest} role={role} me={me} team={team} />}
      {board && <BoardView key={board} board={board} rest={parsed.rest} role={role} me={me} />}
      {section === "people" && <PeopleView role={role} me={me} team={team} />}
    </section>
  );
}
