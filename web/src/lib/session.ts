// Who is logged in and what they may open: the user (GET /api/v1/auth/me),
// the engine settings and the center's time zone, and the navigation by role.
import { api, ApiError } from "./api";
import { isValidTimeZone } from "./format";
import type { Me, Report, Role, Settings } from "./types";

// ---- team chat (issue 13): every user role, after the role's own pages ----
type ChatPage = "chat";
const CHAT_PAGES: readonly ChatPage[] = ["chat"];
// ---- end team chat ----
// comms (issue 13): the knowledge base, briefings, announcements; every role
type CommsPage = "comms";
const COMMS_PAGES: readonly CommsPage[] = ["comms"];

export type Page = "desk" | "wallboard" | "admin" | "reports" | "wfm" | "schedule" | "quality" | CommsPage | ChatPage;
const PAGES: readonly Page[] = ["desk", "wallboard", "admin", "reports", "wfm", "schedule", "quality", ...COMMS_PAGES, ...CHAT_PAGES];

/** The pages a user may open, in the top bar's order (docs/api.md, "Roles and scope").
 *  `wfm` is workforce management (/wfm/*): planning for WFM and admins,
 *  adherence and leave approvals for team leads; `schedule` is one's own published
 *  schedule, for whoever is linked to an agent and takes contacts; `quality`
 *  (/quality/*): an agent's own evaluations, a team lead's team, the quality
 *  team's and admins' whole center; `comms` (/comms/*) the knowledge base,
 *  briefings and announcements, for every role (last). */
export function pagesFor(me: Pick<Me, "role" | "agent">): Page[] {
  const own = rolePages(me);
  return own.length ? [...own, ...COMMS_PAGES, ...CHAT_PAGES] : own;
}

function rolePages(me: Pick<Me, "role" | "agent">): Page[] {
  switch (me.role as Role) {
    case "agent":
      return ["desk", "schedule", "quality"];
    case "team_lead":
      return me.agent ? ["wallboard", "desk", "schedule", "wfm", "quality"] : ["wallboard", "wfm", "quality"];
    case "admin":
      return ["wallboard", "desk", "admin", "reports", "wfm", "quality"];
    case "reporting":
      return ["reports", "wallboard"];
    case "quality":
      return ["quality", "wallboard", "reports"];
    case "wfm":
      return ["wfm", "wallboard", "reports"];
    default:
      return [];
  }
}

/** Where "/" and the login page lead. */
export function homePath(me: Pick<Me, "role" | "agent">): string {
  const p = pagesFor(me)[0];
  return p ? "/" + p : "/login";
}

/** The page a path belongs to, if any. */
export function pageOf(path: string): Page | null {
  const first = path.split("/").filter(Boolean)[0];
  return (PAGES as readonly string[]).includes(first ?? "") ? (first as Page) : null;
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** The center's IANA time zone: `time_zone` of GET /api/v1/auth/me (or of
 *  the settings); from an older server, the `time_zone` a report answer
 *  carries (the dimension the role may read: an agent its own, a team lead
 *  its team's); otherwise the browser's. */
export async function centerTimeZone(me: Pick<Me, "role" | "time_zone">, settings: Settings | null): Promise<string> {
  if (isValidTimeZone(me.time_zone)) return me.time_zone;
  if (settings && isValidTimeZone(settings.time_zone)) return settings.time_zone;
  const dim = me.role === "agent" ? "agents" : me.role === "team_lead" ? "teams" : "center";
  try {
    const r = await api<Report>("GET", `/api/v1/reports/${dim}?grain=day`);
    if (isValidTimeZone(r.time_zone)) return r.time_zone;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
  }
  return browserTimeZone();
}

export interface Session {
  me: Me;
  settings: Settings | null;
  timeZone: string;
}

/** Loads the session of the stored token; rejects with ApiError 401 when
 *  there is none or it expired. */
export async function loadSession(): Promise<Session> {
  // both at once: the settings do not depend on who is logged in
  const settingsP = api<Settings>("GET", "/api/v1/settings").catch(() => null);
  const me = await api<Me>("GET", "/api/v1/auth/me");
  const settings = await settingsP;
  const timeZone = await centerTimeZone(me, settings);
  return { me, settings, timeZone };
}
