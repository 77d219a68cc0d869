// An article as readers see it (title, status, meta, the Markdown body,
// helpful / not helpful): the knowledge-base page and the desk's side panel
// both show it, so it stays small (the desk's chunk carries it).
import { useState } from "react";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { useFormat } from "../../components/useFormat";
import { errorText } from "../admin/ui/errors";
import { ErrorBanner } from "../admin/ui/feedback";
import { kbPaths, type Article, type ArticleStatus } from "./commsData";
import { Markdown } from "./Markdown";

export function StatusBadge({ status }: { status: ArticleStatus }) {
  const { t } = useI18n();
  const cls = status === "published" ? "ok" : status === "archived" ? "off" : status === "in_review" ? "info" : "alert";
  return <span className={`sy-badge sy-badge-${cls}`}>{t(`comms.kb.status.${status}`)}</span>;
}

/** An article's content (title, meta, body, votes): the page and the desk's side panel both show it. */
export function ArticleBody(props: { article: Article; onChange: (a: Article) => void; headingLevel?: number; titleId?: string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const a = props.article;
  const [error, setError] = useState<unknown>(null);
  const vote = (helpful: boolean) => {
    setError(null);
    api<Article>("POST", kbPaths.vote(a.id), { helpful }).then((r) => props.onChange({ ...a, ...r, body: r.body ?? a.body }), setError);
  };
  const H = `h${props.headingLevel ?? 2}` as "h2";
  return (
    <article className="sy-c-article" aria-labelledby={props.titleId}>
      <H id={props.titleId}>
        {a.title} <StatusBadge status={a.status} />
      </H>
      <p className="sy-q-muted">
        {t("comms.kb.article_meta", { category: a.category, version: a.version, author: a.author, updated: fmt.dateTime(a.updated_ms), views: a.views })}
        {a.reviewer ? " · " + t("comms.kb.reviewed_by", { reviewer: a.reviewer }) : ""}
      </p>
      {a.tags.length > 0 && <p className="sy-q-muted">{a.tags.map((g) => "#" + g).join(" ")}</p>}
      <Markdown source={a.body} headingLevel={(props.headingLevel ?? 2) + 1} />
      <div className="sy-c-vote" role="group" aria-label={t("comms.kb.was_helpful")}>
        <span>{t("comms.kb.was_helpful")}</span>
        <button type="button" aria-pressed={a.my_vote === true} onClick={() => vote(true)}>
          {t("comms.kb.helpful", { n: a.helpful })}
        </button>
        <button type="button" aria-pressed={a.my_vote === false} onClick={() => vote(false)}>
          {t("comms.kb.not_helpful", { n: a.not_helpful })}
        </button>
      </div>
      {error !== null && <ErrorBanner message={errorText(error, t)} onDismiss={() => setError(null)} />}
    </article>
  );
}

