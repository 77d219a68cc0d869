import { useI18n } from "../i18n";
import { Link } from "../lib/router";
import { pagesFor } from "../lib/session";
import { useSession } from "../lib/sessionContext";
import { LanguageSwitch } from "./LanguageSwitch";
import { NotificationBell } from "./NotificationBell";
import { ChatNavLink } from "./ChatNavLink";

/** The app's header: the pages the user's role may open, the notifications,
 *  the language, the user and logout. */
export function TopBar() {
  const { t } = useI18n();
  const { me, logout } = useSession();
  return (
    <header className="topbar">
      <a className="skip-link" href="#main">
        {t("common.skipToContent")}
      </a>
      <span className="brand">Switchyard</span>
      <nav aria-label={t("common.nav.label")}>
        <ul>
          {pagesFor(me).map((p) => (
            <li key={p}>
              {p === "chat" ? <ChatNavLink me={me.name} /> : <Link to={"/" + p}>{t("common.nav." + p)}</Link>}
            </li>
          ))}
        </ul>
      </nav>
      <div className="topbar-end">
        <NotificationBell />
        <LanguageSwitch />
        <span className="user" title={t("common.role." + me.role)}>
          <span className="user-name">{me.name}</span>
          <span className="user-role">{t("common.role." + me.role)}</span>
        </span>
        <button type="button" className="btn btn-small btn-ghost-dark" onClick={logout}>
          {t("common.logout")}
        </button>
      </div>
    </header>
  );
}
