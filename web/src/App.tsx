// The app shell: session, language, top bar and routes. Each page is its own
// chunk (React.lazy), so a route loads only its own code.
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { I18nContext, initialLang, storeLang, translate, useI18n, type I18n, type Lang } from "./i18n";
import { api, ApiError, getToken, setToken, setUnauthorizedHandler } from "./lib/api";
import { pageChunk } from "./lib/pageChunk";
import { matchRoute, navigate, searchParam, useLocation, type RouteDef } from "./lib/router";
import { browserTimeZone, homePath, loadSession, pagesFor, type Page, type Session } from "./lib/session";
import { SessionContext, type SessionValue } from "./lib/sessionContext";
import { ErrorBanner, ErrorBoundary, Link, Loading } from "./components";
import { TopBar } from "./components/TopBar";

const CHUNKS = {
  login: pageChunk(() => import("./pages/login/LoginPage")),
  desk: pageChunk(() => import("./pages/agent/AgentDesk")),
  wallboard: pageChunk(() => import("./pages/wallboard/Wallboard")),
  admin: pageChunk(() => import("./pages/admin/AdminPage")),
  reports: pageChunk(() => import("./pages/reports/ReportsPage")),
  wfm: pageChunk(() => import("./pages/wfm/WfmPage")),
  schedule: pageChunk(() => import("./pages/wfm/MySchedulePage")),
  quality: pageChunk(() => import("./pages/quality/QualityPage")),
  // team chat (issue 13)
  chat: pageChunk(() => import("./pages/chat/ChatPage")),
  // comms (issue 13): knowledge base, briefings, announcements
  comms: pageChunk(() => import("./pages/comms/CommsPage")),
};
const LoginPage = CHUNKS.login.Page;
const AgentDesk = CHUNKS.desk.Page;
const Wallboard = CHUNKS.wallboard.Page;
const AdminPage = CHUNKS.admin.Page;
const ReportsPage = CHUNKS.reports.Page;
const WfmPage = CHUNKS.wfm.Page;
const MySchedulePage = CHUNKS.schedule.Page;
const QualityPage = CHUNKS.quality.Page;
const ChatPage = CHUNKS.chat.Page;
const CommsPage = CHUNKS.comms.Page;

type RouteName = "login" | "home" | Page;
const ROUTES: RouteDef<RouteName>[] = [
  { pattern: "/login", data: "login" },
  { pattern: "/", data: "home" },
  { pattern: "/desk", data: "desk" },
  { pattern: "/wallboard", data: "wallboard" },
  { pattern: "/admin/*", data: "admin" },
  { pattern: "/reports", data: "reports" },
  { pattern: "/wfm/*", data: "wfm" },
  { pattern: "/schedule", data: "schedule" },
  { pattern: "/quality/*", data: "quality" },
  // team chat (issue 13); the mention notification links to /comms/chat/ROOM
  { pattern: "/chat/*", data: "chat" },
  { pattern: "/comms/chat/*", data: "chat" },
  { pattern: "/comms/*", data: "comms" },
];

// With a stored token, the session's requests and the page's code start
// while this module is evaluated, before the first render (which pays for
// the browser's first Intl call): the page is usable sooner (issue 9's
// budget: the wallboard within 1 s). The first start() takes this promise.
let earlySession: Promise<Session> | null = null;
if (typeof window !== "undefined" && getToken()) {
  earlySession = loadSession();
  earlySession.catch(() => {}); // handled by start(); no "unhandled rejection" meanwhile
  const first = matchRoute(ROUTES, window.location.pathname)?.route.data;
  if (first && first in CHUNKS) CHUNKS[first as keyof typeof CHUNKS].preload().catch(() => {});
}

/** Where to go after logging in: the `next` parameter when it is a path of
 *  this app (never another site), else the role's home. */
export function afterLogin(search: string, home: string): string {
  const next = searchParam(search, "next");
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : home;
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [session, setSession] = useState<Session | null>(null);
  const [loading, setLoading] = useState<boolean>(() => !!getToken());
  const [loadError, setLoadError] = useState<unknown>(null);
  const loc = useLocation();
  const mainRef = useRef<HTMLElement>(null);

  const setLang = useCallback((l: Lang) => {
    storeLang(l);
    setLangState(l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const i18n = useMemo<I18n>(
    () => ({ lang, setLang, t: (k, v) => translate(lang, k, v), timeZone: session?.timeZone ?? browserTimeZone() }),
    [lang, setLang, session?.timeZone],
  );

  const toLogin = useCallback(() => {
    setToken(null);
    setSession(null);
    setLoading(false);
    const here = window.location.pathname + window.location.search;
    navigate(here.startsWith("/login") || here === "/" ? "/login" : "/login?next=" + encodeURIComponent(here), { replace: true });
  }, []);

  const start = useCallback(() => {
    setLoading(true);
    setLoadError(null);
    const pending = earlySession ?? loadSession();
    earlySession = null;
    pending
      .then((s) => {
        setSession(s);
        setLoading(false);
      })
      .catch((e) => {
        if (e instanceof ApiError && e.status === 401) toLogin();
        else {
          setLoadError(e);
          setLoading(false);
        }
      });
  }, [toLogin]);

  useEffect(() => {
    setUnauthorizedHandler(() => toLogin());
    if (getToken()) start();
    return () => setUnauthorizedHandler(null);
  }, [start, toLogin]);

  const logout = useCallback(() => {
    api("POST", "/api/v1/auth/logout").catch(() => {});
    toLogin();
    navigate("/login", { replace: true });
  }, [toLogin]);

  const sessionValue = useMemo<SessionValue | null>(() => (session ? { ...session, logout } : null), [session, logout]);

  const match = matchRoute(ROUTES, loc.path);
  const route: RouteName | "notFound" = match?.route.data ?? "notFound";

  // Redirects: not logged in -> /login; logged in at /login or / -> home.
  useEffect(() => {
    if (loading || loadError) return;
    if (!session && route !== "login") {
      navigate(loc.path === "/" ? "/login" : "/login?next=" + encodeURIComponent(loc.path + loc.search), { replace: true });
    } else if (session && (route === "home" || route === "login")) {
      navigate(route === "login" ? afterLogin(loc.search, homePath(session.me)) : homePath(session.me), { replace: true });
    }
  }, [loading, loadError, session, route, loc.path, loc.search]);

  // The title names the page, and focus moves to the new page's content so
  // that keyboard and screen-reader users start there.
  const firstRender = useRef(true);
  useEffect(() => {
    const key = route === "notFound" || route === "home" ? "common.appName" : "common.nav." + route;
    document.title = route === "home" || route === "notFound" ? "Switchyard" : `${i18n.t(key)} · Switchyard`;
    if (firstRender.current) firstRender.current = false;
    else mainRef.current?.focus({ preventScroll: true });
  }, [route, i18n]);

  let content: React.ReactNode;
  if (loading) content = <Loading />;
  else if (loadError) content = <ErrorBanner error={loadError} onRetry={start} />;
  else if (route === "login") content = <LoginPage onLoggedIn={start} />;
  else if (!session || route === "home") content = <Loading />;
  else if (route === "notFound") content = <NotFound home={homePath(session.me)} />;
  else if (!pagesFor(session.me).includes(route)) content = <NotAllowed home={homePath(session.me)} />;
  else if (route === "desk") content = <AgentDesk />;
  else if (route === "wallboard") content = <Wallboard />;
  else if (route === "admin") content = <AdminPage />;
  else if (route === "wfm") content = <WfmPage />;
  else if (route === "schedule") content = <MySchedulePage />;
  else if (route === "quality") content = <QualityPage />;
  else if (route === "chat") content = <ChatPage />;
  else if (route === "comms") content = <CommsPage />;
  else content = <ReportsPage />;

  return (
    <I18nContext.Provider value={i18n}>
      <SessionContext.Provider value={sessionValue}>
        {sessionValue && route !== "login" && <TopBar />}
        <main id="main" ref={mainRef} tabIndex={-1} className={"page page-" + route}>
          <ErrorBoundary resetKey={loc.path}>
            <Suspense fallback={<Loading />}>{content}</Suspense>
          </ErrorBoundary>
        </main>
      </SessionContext.Provider>
    </I18nContext.Provider>
  );
}

function NotFound({ home }: { home: string }) {
  const { t } = useI18n();
  return (
    <section className="notice-page">
      <h1>{t("common.notFound.title")}</h1>
      <p>{t("common.notFound.text")}</p>
      <Link to={home}>{t("common.goHome")}</Link>
    </section>
  );
}

function NotAllowed({ home }: { home: string }) {
  const { t } = useI18n();
  return (
    <section className="notice-page">
      <h1>{t("common.notAllowed.title")}</h1>
      <p>{t("common.notAllowed.text")}</p>
      <Link to={home}>{t("common.goHome")}</Link>
    </section>
  );
}
