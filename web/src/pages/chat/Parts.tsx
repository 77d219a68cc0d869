// Small pieces of the chat views: presence in words with a dot, a message
// body with its mentions highlighted, a room's kind.
import { useI18n } from "../../i18n";
import { splitMentions, type ChatMessage, type Presence, type PresenceState } from "../../lib/teamChat";

/** A presence dot and its state in words (never colour alone). */
export function PresenceTag(props: { presence: Presence | undefined; compact?: boolean }) {
  const { t } = useI18n();
  const state: PresenceState = props.presence?.state ?? "offline";
  return (
    <span className={"tc-presence tc-presence-" + state}>
      <span className="tc-dot" aria-hidden="true" />
      <span className={props.compact ? "sr-only" : "tc-presence-text"}>{t("chat.presence." + state)}</span>
    </span>
  );
}

/** The body with each @mention the server recognised marked (one's own stronger). */
export function MessageBody(props: { message: Pick<ChatMessage, "body" | "mentions">; me: string }) {
  const parts = splitMentions(props.message.body, props.message.mentions);
  return (
    <span className="tc-body">
      {parts.map((p, i) =>
        p.mention ? (
          <mark key={i} className={p.text === "@" + props.me ? "tc-mention tc-mention-me" : "tc-mention"}>
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </span>
  );
}

/** The unread count as a badge; its words are for screen readers. */
export function UnreadBadge(props: { n: number }) {
  const { t } = useI18n();
  if (props.n <= 0) return null;
  return (
    <span className="tc-unread">
      <span aria-hidden="true">{props.n > 99 ? "99+" : props.n}</span>
      <span className="sr-only">{t("chat.unread", { n: props.n })}</span>
    </span>
  );
}
