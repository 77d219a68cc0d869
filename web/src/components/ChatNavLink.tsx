// The top bar's link to team chat with the unread count (issue 13): it
// holds the chat connection open on every page (lib/teamChat.ts), so the
// count is live wherever the user is.
import { useI18n } from "../i18n";
import { Link } from "../lib/router";
import { totalUnread, useTeamChat } from "../lib/teamChat";

export function ChatNavLink(props: { me: string }) {
  const { t } = useI18n();
  const { state } = useTeamChat(props.me);
  const n = totalUnread(state);
  return (
    <Link to="/chat" className="nav-chat">
      {t("common.nav.chat")}
      {n > 0 && (
        <>
          <span className="notify-badge nav-chat-badge" aria-hidden="true">
            {n > 99 ? "99+" : n}
          </span>
          <span className="sr-only">{t("common.chat_unread", { n })}</span>
        </>
      )}
    </Link>
  );
}
