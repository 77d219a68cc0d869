// The knowledge base (/comms/kb/...):
//   /comms/kb                 search (as you type, debounced), category and tag filters, results with snippet
//   /comms/kb/<id>            the article: Markdown (safe), votes, views, comments, status actions
//   /comms/kb/new, <id>/edit  the editor (writers); an edit names its base_version, a 409 keeps the text
//   /comms/kb/<id>/versions   the versions and a diff between two of them
//   /comms/kb/queues          which articles a queue's script panel shows (reviewers)
import { useEffect, useId, useRef, useState } from "react";
import { useI18n } from "../../i18n";
import { api, ApiError } from "../../lib/api";
import { Link, navigate, searchParam, useLocation } from "../../lib/router";
import { useFormat } from "../../components/useFormat";
import { errorText } from "../admin/ui/errors";
import { ErrorBanner, Loaded, Notice } from "../admin/ui/feedback";
import { TextAreaField, TextField, useFormState } from "../admin/ui/form";
import { useLoad } from "../admin/ui/useLoad";
import type { QueueInfo } from "../../lib/types";
import { SaveForm } from "../wfm/SaveForm";
import {
  ARTICLE_STATUSES, canReviewKb, canWriteKb, diffCounts, diffMark, kbPaths, parseTags, SEARCH_DEBOUNCE_MS, statusActions,
  type Article, type ArticleItem, type ArticleStatus, type Diff, type KbComment, type VersionItem,
} from "./commsData";
import { ArticleBody, StatusBadge } from "./ArticleBody";
import { Markdown } from "./Markdown";

export interface KbProps {
  rest: string[];
  role: string | undefined;
  me: string;
}

export function KbView(props: KbProps) {
  const [first, second] = props.rest;
  if (first === "new" && canWriteKb(props.role)) return <ArticleEditor id={null} />;
  if (first === "queues" && canReviewKb(props.role)) return <QueueLinks />;
  if (first && /^\d+$/.test(first)) {
    const id = Number(first);
    if (second === "edit" && canWriteKb(props.role)) return <ArticleEditor id={id} />;
    if (second === "versions" && canWriteKb(props.role)) return <VersionsView id={id} />;
    return <ArticlePage id={id} role={props.role} me={props.me} />;
  }
  return <KbSearch role={props.role} />;
}

/** Runs `value` through a delay so that typing searches once it pauses. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

function KbSearch(props: { role: string | undefined }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const writer = canWriteKb(props.role);
  const [q, setQ] = useState("");
  const [category, setCategory] = useState("");
  const [tag, setTag] = useState("");
  const [status, setStatus] = useState("");
  const query = useDebounced({ q: q.trim(), tag: tag.trim() }, SEARCH_DEBOUNCE_MS);
  const cats = useLoad(() => api<{ items: { category: string; articles: number }[] }>("GET", kbPaths.categories()), []);
  const results = useLoad(
    () => api<{ items: ArticleItem[] }>("GET", kbPaths.articles({ q: query.q, category, tag: query.tag, status: writer ? status : undefined, limit: 50 })),
    [query.q, query.tag, category, status],
  );
  const items = results.data?.items ?? [];
  return (
    <section aria-labelledby="sy-kb-h">
      <h2 id="sy-kb-h">{t("comms.kb.title")}</h2>
      <p className="sy-intro">{t("comms.kb.intro")}</p>
      {writer && (
        <p className="sy-c-actions">
          <Link to="/comms/kb/new" className="sy-c-button">
            {t("comms.kb.new")}
          </Link>
          {canReviewKb(props.role) && (
            <Link to="/comms/kb/queues" className="sy-c-button">
              {t("comms.kb.queue_links")}
            </Link>
          )}
        </p>
      )}
      <form className="sy-q-inline" role="search" aria-label={t("comms.kb.search")} onSubmit={(e) => e.preventDefault()}>
        <div className="sy-field sy-c-search">
          <label htmlFor="sy-kb-q">{t("comms.kb.search")}</label>
          <input id="sy-kb-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" placeholder={t("comms.kb.search_hint")} />
        </div>
        <div className="sy-field">
          <label htmlFor="sy-kb-cat">{t("comms.kb.category")}</label>
          <select id="sy-kb-cat" value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">{t("comms.kb.any_category")}</option>
            {(cats.data?.items ?? []).map((c) => (
              <option key={c.category} value={c.category}>
                {t("comms.kb.category_count", { category: c.category, n: c.articles })}
              </option>
            ))}
          </select>
        </div>
        <div className="sy-field">
          <label htmlFor="sy-kb-tag">{t("comms.kb.tag")}</label>
          <input id="sy-kb-tag" value={tag} onChange={(e) => setTag(e.target.value)} autoComplete="off" />
        </div>
        {writer && (
          <div className="sy-field">
            <label htmlFor="sy-kb-status">{t("comms.kb.status_filter")}</label>
            <select id="sy-kb-status" value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">{t("comms.kb.any_status")}</option>
              {ARTICLE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`comms.kb.status.${s}`)}
                </option>
              ))}
            </select>
          </div>
        )}
      </form>
      <p className="sy-visually-hidden" role="status" aria-live="polite">
        {results.loading ? "" : t("comms.kb.results", { n: items.length })}
      </p>
      <Loaded state={results}>
        {(d) =>
          d.items.length === 0 ? (
            <p>{t("comms.kb.none")}</p>
          ) : (
            <ol className="sy-c-results" aria-label={t("comms.kb.results", { n: d.items.length })}>
              {d.items.map((a) => (
                <li key={a.id}>
                  <h3>
                    <Link to={`/comms/kb/${a.id}`}>{a.title}</Link>
                    {a.status !== "published" && <StatusBadge status={a.status} />}
                  </h3>
                  {a.snippet && <p className="sy-c-snippet">{a.snippet}</p>}
                  <p className="sy-q-muted">
                    {t("comms.kb.meta", { category: a.category, updated: fmt.date(a.updated_ms), views: a.views, helpful: a.helpful })}
                    {a.tags.length > 0 && (
                      <>
                        {" · "}
                        {a.tags.map((g) => (
                          <button key={g} type="button" className="sy-c-tag" onClick={() => setTag(g)} aria-label={t("comms.kb.filter_tag", { tag: g })}>
                            #{g}
                          </button>
                        ))}
                      </>
                    )}
                  </p>
                </li>
              ))}
            </ol>
          )
        }
      </Loaded>
    </section>
  );
}

function ArticlePage(props: { id: number; role: string | undefined; me: string }) {
  const { t } = useI18n();
  const state = useLoad(() => api<Article>("GET", kbPaths.article(props.id)), [props.id]);
  const [error, setError] = useState<unknown>(null);
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const setStatus = (status: ArticleStatus) => {
    setError(null);
    setDone(null);
    api<Article>("POST", kbPaths.status(props.id), reason.trim() ? { status, reason: reason.trim() } : { status }).then(
      (a) => {
        state.set({ ...state.data!, ...a, body: a.body ?? state.data!.body });
        setDone(t(`comms.kb.status_done.${status}`));
        setReason("");
      },
      setError,
    );
  };
  return (
    <section aria-label={t("comms.kb.article")}>
      <p>
        <Link to="/comms/kb">{t("comms.kb.back")}</Link>
      </p>
      <Loaded state={state}>
        {(a) => {
          const actions = statusActions(a, props.role, props.me);
          return (
            <>
              <ArticleBody article={a} onChange={(n) => state.set(n)} titleId="sy-kb-article-h" />
              {(canWriteKb(props.role) || actions.length > 0) && (
                <section className="sy-c-box" aria-labelledby="sy-kb-manage-h">
                  <h3 id="sy-kb-manage-h">{t("comms.kb.manage")}</h3>
                  {canWriteKb(props.role) && (
                    <p className="sy-c-actions">
                      <Link to={`/comms/kb/${a.id}/edit`} className="sy-c-button">
                        {t("comms.kb.edit")}
                      </Link>
                      <Link to={`/comms/kb/${a.id}/versions`} className="sy-c-button">
                        {t("comms.kb.versions")}
                      </Link>
                    </p>
                  )}
                  {a.queues && a.queues.length > 0 && <p>{t("comms.kb.linked_queues", { queues: a.queues.join(", ") })}</p>}
                  {actions.length > 0 && (
                    <>
                      <div className="sy-field">
                        <label htmlFor="sy-kb-reason">{t("comms.kb.reason")}</label>
                        <input id="sy-kb-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
                      </div>
                      <p className="sy-c-actions">
                        {actions.map((s) => (
                          <button key={s} type="button" className={s === "published" ? "sy-primary" : s === "archived" ? "sy-danger" : undefined} onClick={() => setStatus(s)}>
                            {t(`comms.kb.to_status.${s}`)}
                          </button>
                        ))}
                      </p>
                    </>
                  )}
                  {done && <Notice kind="success">{done}</Notice>}
                  {error !== null && <ErrorBanner message={errorText(error, t)} onDismiss={() => setError(null)} />}
                </section>
              )}
              <Comments id={a.id} />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function Comments(props: { id: number }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const state = useLoad(() => api<{ items: KbComment[] }>("GET", kbPaths.comments(props.id)), [props.id]);
  const form = useFormState();
  const [body, setBody] = useState("");
  const send = async () => {
    if (!body.trim()) return form.invalid({ body: "comms.invalid.required" });
    const r = await form.run(() => api<KbComment>("POST", kbPaths.comments(props.id), { body: body.trim() }));
    if (!r) return;
    setBody("");
    state.set({ items: [...(state.data?.items ?? []), r.value] });
  };
  return (
    <section aria-labelledby="sy-kb-comments-h">
      <h3 id="sy-kb-comments-h">{t("comms.kb.comments")}</h3>
      <Loaded state={state}>
        {(d) =>
          d.items.length === 0 ? (
            <p className="sy-q-muted">{t("comms.kb.no_comments")}</p>
          ) : (
            <ol className="sy-c-comments">
              {d.items.map((c) => (
                <li key={c.id}>
                  <p className="sy-q-muted">{t("comms.kb.comment_by", { author: c.author, when: fmt.dateTime(c.created_ms) })}</p>
                  <p className="sy-c-pre">{c.body}</p>
                </li>
              ))}
            </ol>
          )
        }
      </Loaded>
      <SaveForm form={form} label={t("comms.kb.add_comment")} onSave={() => void send()} save={t("comms.kb.add_comment")}>
        <TextAreaField name="body" label={t("comms.kb.your_comment")} rows={3} value={body} onChange={setBody} />
      </SaveForm>
    </section>
  );
}

interface Draft {
  title: string;
  body: string;
  category: string;
  tags: string;
  note: string;
}

function ArticleEditor(props: { id: number | null }) {
  const { t } = useI18n();
  const [base, setBase] = useState<Article | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [draft, setDraft] = useState<Draft>({ title: "", body: "", category: "", tags: "", note: "" });
  const [conflict, setConflict] = useState<Article | null>(null);
  const [preview, setPreview] = useState(false);
  const form = useFormState();
  const conflictRef = useRef<HTMLDivElement>(null);

  const loadBase = (keepText: boolean) =>
    api<Article>("GET", kbPaths.article(props.id!)).then((a) => {
      setBase(a);
      if (!keepText) setDraft({ title: a.title, body: a.body, category: a.category, tags: a.tags.join(", "), note: "" });
      return a;
    }, setLoadError);

  useEffect(() => {
    if (props.id !== null) void loadBase(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.id]);
  useEffect(() => {
    if (conflict) conflictRef.current?.focus();
  }, [conflict]);

  const set = (k: keyof Draft) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const save = async (baseVersion?: number) => {
    const e: Record<string, string> = {};
    if (!draft.title.trim()) e.title = "comms.invalid.required";
    if (!draft.body.trim()) e.body = "comms.invalid.required";
    if (!draft.category.trim()) e.category = "comms.invalid.required";
    if (Object.keys(e).length) return form.invalid(e);
    const body = { title: draft.title.trim(), body: draft.body, category: draft.category.trim(), tags: parseTags(draft.tags), note: draft.note.trim() };
    let conflicted = false;
    const r = await form.run(async () => {
      try {
        if (props.id === null) return await api<Article>("POST", kbPaths.articles(), body);
        return await api<Article>("PUT", kbPaths.article(props.id), { base_version: baseVersion ?? base?.version ?? 1, ...body });
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          conflicted = true;
          return null;
        }
        throw err;
      }
    });
    if (conflicted && props.id !== null) {
      // someone else saved first: their version is shown, the user's text stays in the form
      const latest = await api<Article>("GET", kbPaths.article(props.id)).catch(() => null);
      setConflict(latest ?? base);
      return;
    }
    if (!r || !r.value) return;
    setConflict(null);
    navigate(`/comms/kb/${r.value.id}`);
  };

  if (props.id !== null && loadError) return <ErrorBanner message={errorText(loadError, t)} onRetry={() => void loadBase(false)} />;
  if (props.id !== null && !base) return <p role="status">{t("comms.loading")}</p>;
  return (
    <section aria-labelledby="sy-kb-edit-h">
      <p>
        <Link to={props.id === null ? "/comms/kb" : `/comms/kb/${props.id}`}>{t("comms.kb.back")}</Link>
      </p>
      <h2 id="sy-kb-edit-h">{props.id === null ? t("comms.kb.new") : t("comms.kb.editing", { title: base?.title ?? "", version: base?.version ?? 0 })}</h2>
      {base?.status === "published" && <Notice>{t("comms.kb.edit_goes_to_review")}</Notice>}
      {conflict && (
        <div className="sy-banner sy-banner-warning sy-c-conflict" role="alert" tabIndex={-1} ref={conflictRef}>
          <p>{t("comms.kb.conflict", { author: conflict.author, version: conflict.version })}</p>
          <details>
            <summary>{t("comms.kb.conflict_theirs")}</summary>
            <pre className="sy-c-pre">{conflict.body}</pre>
          </details>
          <p className="sy-c-actions">
            <button type="button" className="sy-primary" onClick={() => {
              setBase(conflict);
              setConflict(null);
              void save(conflict.version);
            }}>
              {t("comms.kb.conflict_keep_mine")}
            </button>
            <button type="button" onClick={() => {
              setConflict(null);
              void loadBase(false);
            }}>
              {t("comms.kb.conflict_reload")}
            </button>
          </p>
          <p className="sy-q-muted">{t("comms.kb.conflict_text_kept")}</p>
        </div>
      )}
      <SaveForm form={form} labelledBy="sy-kb-edit-h" onSave={() => void save()} save={props.id === null ? t("comms.kb.create") : t("comms.kb.save")}
        after={<button type="button" aria-pressed={preview} onClick={() => setPreview((p) => !p)}>{t("comms.kb.preview")}</button>}>
        <div className="sy-grid">
          <TextField name="title" label={t("comms.kb.field_title")} value={draft.title} onChange={set("title")} required />
          <TextField name="category" label={t("comms.kb.category")} value={draft.category} onChange={set("category")} required />
          <TextField name="tags" label={t("comms.kb.tags")} hint={t("comms.kb.tags_hint")} value={draft.tags} onChange={set("tags")} />
        </div>
        <TextAreaField name="body" label={t("comms.kb.body")} hint={t("comms.kb.body_hint")} rows={14} value={draft.body} onChange={set("body")} className="sy-c-body" />
        <TextField name="note" label={t("comms.kb.note")} hint={t("comms.kb.note_hint")} value={draft.note} onChange={set("note")} />
        {preview && (
          <section className="sy-c-box" aria-label={t("comms.kb.preview")}>
            <Markdown source={draft.body} headingLevel={3} />
          </section>
        )}
      </SaveForm>
    </section>
  );
}

function VersionsView(props: { id: number }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const loc = useLocation();
  const versions = useLoad(() => api<{ items: VersionItem[] }>("GET", kbPaths.versions(props.id)), [props.id]);
  const items = versions.data?.items ?? [];
  const fromQ = Number(searchParam(loc.search, "from")) || (items[1]?.version ?? items[0]?.version ?? 0);
  const toQ = Number(searchParam(loc.search, "to")) || (items[0]?.version ?? 0);
  const [from, setFrom] = useState(0);
  const [to, setTo] = useState(0);
  useEffect(() => {
    setFrom(fromQ);
    setTo(toQ);
  }, [fromQ, toQ]);
  const fromId = useId();
  const toId = useId();
  return (
    <section aria-labelledby="sy-kb-versions-h">
      <p>
        <Link to={`/comms/kb/${props.id}`}>{t("comms.kb.back_article")}</Link>
      </p>
      <h2 id="sy-kb-versions-h">{t("comms.kb.versions_of", { id: props.id })}</h2>
      <Loaded state={versions}>
        {(d) => (
          <>
            <div className="sy-table-wrap" tabIndex={0} role="group" aria-label={t("comms.kb.versions")}>
              <table className="sy-table">
                <caption>{t("comms.kb.versions")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("comms.kb.version")}</th>
                    <th scope="col">{t("comms.kb.field_title")}</th>
                    <th scope="col">{t("comms.kb.author")}</th>
                    <th scope="col">{t("comms.kb.saved")}</th>
                    <th scope="col">{t("comms.kb.note")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.items.map((v) => (
                    <tr key={v.version}>
                      <th scope="row">{v.version}</th>
                      <td>{v.title}</td>
                      <td>{v.author}</td>
                      <td className="sy-nowrap">{fmt.dateTime(v.created_ms)}</td>
                      <td>{v.note}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {d.items.length > 1 && (
              <form className="sy-q-inline" aria-label={t("comms.kb.compare")} onSubmit={(e) => {
                e.preventDefault();
                navigate(`/comms/kb/${props.id}/versions?from=${from}&to=${to}`);
              }}>
                <div className="sy-field">
                  <label htmlFor={fromId}>{t("comms.kb.diff_from")}</label>
                  <select id={fromId} value={from} onChange={(e) => setFrom(Number(e.target.value))}>
                    {d.items.map((v) => <option key={v.version} value={v.version}>{v.version}</option>)}
                  </select>
                </div>
                <div className="sy-field">
                  <label htmlFor={toId}>{t("comms.kb.diff_to")}</label>
                  <select id={toId} value={to} onChange={(e) => setTo(Number(e.target.value))}>
                    {d.items.map((v) => <option key={v.version} value={v.version}>{v.version}</option>)}
                  </select>
                </div>
                <button type="submit">{t("comms.kb.compare")}</button>
              </form>
            )}
            {fromQ > 0 && toQ > 0 && fromQ !== toQ && <DiffView id={props.id} from={fromQ} to={toQ} />}
          </>
        )}
      </Loaded>
    </section>
  );
}

export function DiffLines(props: { diff: Diff }) {
  const { t } = useI18n();
  const { diff } = props;
  const counts = diffCounts(diff.lines);
  return (
    <>
      {diff.title.from !== diff.title.to && <p>{t("comms.kb.title_changed", { from: diff.title.from, to: diff.title.to })}</p>}
      <p className="sy-q-muted">{t("comms.kb.diff_counts", { add: counts.add, del: counts.del })}</p>
      <ol className="sy-c-diff" aria-label={t("comms.kb.diff_of", { from: diff.from, to: diff.to })}>
        {diff.lines.map((l, i) => (
          <li key={i} className={`sy-c-diff-${l.op}`}>
            <span className="sy-c-diff-mark" aria-hidden="true">{diffMark(l.op)}</span>
            {l.op !== "same" && <span className="sy-visually-hidden">{t(`comms.kb.diff_${l.op}`)}</span>}
            <span className="sy-c-diff-text">{l.text || "\u00a0"}</span>
          </li>
        ))}
      </ol>
    </>
  );
}

function DiffView(props: { id: number; from: number; to: number }) {
  const { t } = useI18n();
  const state = useLoad(() => api<Diff>("GET", kbPaths.diff(props.id, props.from, props.to)), [props.id, props.from, props.to]);
  return (
    <section aria-labelledby="sy-kb-diff-h">
      <h3 id="sy-kb-diff-h">{t("comms.kb.diff_of", { from: props.from, to: props.to })}</h3>
      <Loaded state={state}>{(d) => <DiffLines diff={d} />}</Loaded>
    </section>
  );
}

function QueueLinks() {
  const { t } = useI18n();
  const queues = useLoad(() => api<QueueInfo[]>("GET", "/api/v1/queues"), []);
  const [queue, setQueue] = useState("");
  const names = (queues.data ?? []).map((q) => q.config.name);
  const current = queue || names[0] || "";
  return (
    <section aria-labelledby="sy-kb-ql-h">
      <p>
        <Link to="/comms/kb">{t("comms.kb.back")}</Link>
      </p>
      <h2 id="sy-kb-ql-h">{t("comms.kb.queue_links")}</h2>
      <p className="sy-intro">{t("comms.kb.queue_links_intro")}</p>
      <Loaded state={queues}>
        {() => (
          <>
            <div className="sy-field">
              <label htmlFor="sy-kb-ql-queue">{t("comms.kb.queue")}</label>
              <select id="sy-kb-ql-queue" value={current} onChange={(e) => setQueue(e.target.value)}>
                {names.map((n) => <option key={n} value={n}>{n}</option>)}
              </select>
            </div>
            {current && <QueueLinkEditor key={current} queue={current} />}
          </>
        )}
      </Loaded>
    </section>
  );
}

function QueueLinkEditor(props: { queue: string }) {
  const { t } = useI18n();
  const state = useLoad(() => api<{ items: ArticleItem[] }>("GET", kbPaths.queue(props.queue)), [props.queue]);
  const [linked, setLinked] = useState<ArticleItem[] | null>(null);
  const [q, setQ] = useState("");
  const query = useDebounced(q.trim(), SEARCH_DEBOUNCE_MS);
  const found = useLoad(() => (query ? api<{ items: ArticleItem[] }>("GET", kbPaths.articles({ q: query, status: "published", limit: 10 })) : Promise.resolve({ items: [] })), [query]);
  const form = useFormState();
  const [saved, setSaved] = useState<string | null>(null);
  const list = linked ?? state.data?.items ?? [];
  const move = (i: number, by: number) => {
    const n = [...list];
    const [x] = n.splice(i, 1);
    n.splice(i + by, 0, x);
    setLinked(n);
  };
  const save = async () => {
    setSaved(null);
    const r = await form.run(() => api<{ items: ArticleItem[] }>("PUT", kbPaths.queue(props.queue), { articles: list.map((a) => a.id) }));
    if (!r) return;
    setLinked(r.value.items ?? list);
    setSaved(t("comms.kb.queue_saved", { queue: props.queue, n: list.length }));
  };
  return (
    <Loaded state={state}>
      {() => (
        <SaveForm form={form} label={t("comms.kb.queue_links_of", { queue: props.queue })} onSave={() => void save()} save={t("comms.kb.save")} saved={saved}>
          <h3>{t("comms.kb.queue_links_of", { queue: props.queue })}</h3>
          {list.length === 0 ? (
            <p className="sy-q-muted">{t("comms.kb.queue_none")}</p>
          ) : (
            <ol className="sy-c-linked" data-field="articles">
              {list.map((a, i) => (
                <li key={a.id}>
                  <span>{a.title}</span>
                  <button type="button" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t("comms.kb.move_up", { title: a.title })}>↑</button>
                  <button type="button" disabled={i === list.length - 1} onClick={() => move(i, 1)} aria-label={t("comms.kb.move_down", { title: a.title })}>↓</button>
                  <button type="button" className="sy-danger" onClick={() => setLinked(list.filter((x) => x.id !== a.id))} aria-label={t("comms.kb.unlink", { title: a.title })}>×</button>
                </li>
              ))}
            </ol>
          )}
          <div className="sy-field">
            <label htmlFor="sy-kb-ql-find">{t("comms.kb.find_to_link")}</label>
            <input id="sy-kb-ql-find" type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
          </div>
          <ul className="sy-c-found">
            {(found.data?.items ?? []).filter((a) => !list.some((x) => x.id === a.id)).map((a) => (
              <li key={a.id}>
                <button type="button" onClick={() => setLinked([...list, a])} aria-label={t("comms.kb.link", { title: a.title })}>+</button> {a.title}
              </li>
            ))}
          </ul>
        </SaveForm>
      )}
    </Loaded>
  );
}
