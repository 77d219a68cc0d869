// The admin area (/admin/*): its own sub-navigation by path, one section
// per kind of configuration. Lazy-loaded by the shell; `path` and
// `navigate` may be passed by it, else the page follows the location.
import { useEffect, useRef } from "react";
import { useI18n } from "../../i18n";
import { adminPath, parseAdminPath, SECTIONS, useAdminPath, type Section } from "./nav";
import { AgentsSection } from "./sections/AgentsSection";
import { AlertsSection } from "./sections/AlertsSection";
import { ApiKeysSection } from "./sections/ApiKeysSection";
import { NamedSection } from "./sections/NamedSection";
import { QueuesSection } from "./sections/QueuesSection";
import { UsersSection } from "./sections/UsersSection";
import { WebhooksSection } from "./sections/WebhooksSection";
import { WidgetsSection } from "./sections/WidgetsSection";
import { Link, NavContext } from "./ui/Link";
import "./ui/ui.css";

function SectionView(props: { section: Section; item: string | null }) {
  const { section, item } = props;
  switch (section) {
    case "queues":
      return <QueuesSection item={item} />;
    case "skills":
    case "teams":
    case "sites":
      return <NamedSection key={section} what={section} />;
    case "agents":
      return <AgentsSection item={item} />;
    case "users":
      return <UsersSection item={item} />;
    case "api-keys":
      return <ApiKeysSection />;
    case "alerts":
      return <AlertsSection item={item} />;
    case "webhooks":
      return <WebhooksSection item={item} />;
    case "widgets":
      return <WidgetsSection item={item} />;
  }
}

export default function AdminPage(props: { path?: string; navigate?: (to: string) => void }) {
  const { t } = useI18n();
  const [path, go] = useAdminPath(props.path, props.navigate);
  const { section, item } = parseAdminPath(path);
  const content = useRef<HTMLDivElement>(null);
  const first = useRef(true);

  // After a navigation, focus moves to the new content (not on first load).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    content.current?.focus();
  }, [section, item]);

  return (
    <NavContext.Provider value={go}>
      {/* a section, not a second <main>: the app shell's <main> holds every page */}
      <section className="sy-page sy-admin" aria-labelledby="sy-admin-title">
        <h1 id="sy-admin-title">{t("admin.title")}</h1>
        <div className="sy-admin-layout">
          <nav className="sy-subnav" aria-label={t("admin.nav.label")}>
            <ul>
              {SECTIONS.map((s) => (
                <li key={s}>
                  <Link to={adminPath(s)} aria-current={s === section ? "page" : undefined}>
                    {t(`admin.nav.${s}`)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="sy-admin-content" ref={content} tabIndex={-1}>
            <SectionView section={section} item={item} />
          </div>
        </div>
      </section>
    </NavContext.Provider>
  );
}
