// One view for the four boards of the Comms page (boardsData.ts):
//   /comms/<section>            the list: sort (top / new), status, search, "mine", paging;
//                               each row: title, status, votes (a toggle on ideas and questions,
//                               never on one's own post), comments, views, author, age
//   /comms/<section>/new        a new post (focus groups: moderators, with members)
//   /comms/<section>/<id>       the post: Markdown body, status with reason and who/when, the
//                               official answer (questions), comments; moderators change the
//                               status and answer; the author edits, deletes, resolves (lost & found);
//                               a focus group's creator (or an admin) edits its members
// The list's filters live in the address (?sort=&status=&q=&mine=1&offset=) so that Back returns to them.
import { useContext, useEffect, useState } from "react";
import { useI18n } from "../../../i18n";
import { api } from "../../../lib/api";
import { onNotification } from "../../../lib/notifications";
import { Link, navigate, useLocation } from "../../../lib/router";
import { SessionContext } from "../../../lib/sessionContext";
import { useFormat } from "../../../components/useFormat";
import { errorText } from "../../admin/ui/errors";
import { ErrorBanner, Loaded, Notice } from "../../admin/ui/feedback";
import { CheckboxField, CheckboxGroup, SelectField, TextAreaField, TextField, useFormState } from "../../admin/ui/form";
import { loadNamed } from "../../admin/refs";
import { useLoad } from "../../admin/ui/useLoad";
import { SaveForm } from "../../wfm/SaveForm";
import { useDebounced } from "../KbView";
import { Markdown } from "../Markdown";
import { SEARCH_DEBOUNCE_MS } from "../commsData";
import {
  boardPath, boardsPaths, canAnswer, canComment, canCreate, canDelete, canEdit, canEditMembers, canResolve, canVote, checkDraft, createBody,
  LOST_FOUND_CATEGORIES, loadBoard, loadPost, needsReason, pageInfo, parseNames, readListQuery, replacePost, SORTS, STATUSES, statusBody, statusChoices,
  statusKey, statusTone, votable, votePost, writeListQuery,
  type Board, type Draft, type ListQuery, type Post, type PostComment,
} from "./boardsData";
import "./boards.css";

export interface BoardProps {
  board: Board;
  rest: string[];
  role: string | undefined;
  me: string;
}

export function BoardView(props: BoardProps) {
  const [first] = props.rest;
  if (first === "new" && canCreate(props.board, props.role)) return <NewPost {...props} />;
  if (first && /^\d+$/.test(first)) return <PostPage key={first} id={Number(first)} {...props} />;
  return <BoardList {...props} />;
}

export function PostStatus(props: { board: Board; status: string }) {
  const { t } = useI18n();
  return <span className={`sy-badge sy-badge-${statusTone(props.board, props.status)}`}>{t(statusKey(props.board, props.status))}</span>;
}

/** The author as a reader sees it: "Anonymous" for a hidden asker. */
function useAuthor() {
  const { t } = useI18n();
  return (author: string | null) => author ?? t("boards.anonymous");
}

/** The vote toggle (or, on one's own post, the count). */
function Votes(props: { post: Post; onChange: (p: Post) => void; onError: (e: unknown) => void }) {
  const { t } = useI18n();
  const p = props.post;
  if (!votable(p.board)) return null;
  if (!canVote(p))
    return (
      <span className="sy-b-votes" title={t("boards.own_post_no_vote")}>
        <span aria-hidden="true">▲ {p.votes}</span>
        <span className="sy-visually-hidden">{t("boards.votes", { n: p.votes })}</span>
      </span>
    );
  return (
    // the name starts with the count one sees ("3 votes. Vote for “…”"), the arrow is decoration
    <button type="button" className="sy-b-vote" aria-pressed={p.my_vote} onClick={() => votePost(p.id, !p.my_vote).then(props.onChange, props.onError)}>
      <span aria-hidden="true">▲ </span>
      {p.votes} <span className="sy-visually-hidden">{t("boards.vote_for", { title: p.title })}</span>
    </button>
  );
}

// ---- the list ----------------------------------------------------------------------

function BoardList(props: BoardProps) {
  const { t } = useI18n();
  const fmt = useFormat();
  const author = useAuthor();
  const loc = useLocation();
  const { board } = props;
  const query = readListQuery(board, loc.search);
  const [q, setQ] = useState(query.q);
  const typed = useDebounced(q.trim(), SEARCH_DEBOUNCE_MS);
  const [site, setSite] = useState("");
  const [error, setError] = useState<unknown>(null);
  const set = (patch: Partial<ListQuery>) => navigate(boardPath(board) + writeListQuery(board, { ...query, offset: 0, ...patch }), { replace: true });
  useEffect(() => {
    if (typed !== query.q.trim()) set({ q: typed });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typed]);
  const state = useLoad(() => loadBoard(board, query), [board, query.sort, query.status, query.q, query.mine, query.offset]);
  const all = state.data?.items ?? [];
  const items = board === "lost_found" && site ? all.filter((p) => p.site === site) : all;
  const total = state.data?.total ?? 0;
  const page = pageInfo(total, query.offset, all.length);
  const siteNames = useLoad(() => (board === "lost_found" ? loadNamed("sites").then((s) => s.map((x) => x.name), () => []) : Promise.resolve([] as string[])), [board]);
  const sites = [...new Set([...(siteNames.data ?? []), ...all.map((p) => p.site), site].filter(Boolean))].sort();
  const replace = (p: Post) => state.data && state.set({ ...state.data, items: replacePost(state.data.items, p) });
  const h = `sy-b-${board}-h`;
  return (
    <section aria-labelledby={h}>
      <h2 id={h}>{t(`boards.${board}.title`)}</h2>
      <p className="sy-intro">{t(`boards.${board}.intro`)}</p>
      {canCreate(board, props.role) && (
        <p className="sy-c-actions">
          <Link to={`${boardPath(board)}/new`} className="sy-c-button">
            {t(`boards.${board}.new`)}
          </Link>
        </p>
      )}
      <form className="sy-q-inline sy-b-filters" role="search" aria-label={t("boards.filters")} onSubmit={(e) => e.preventDefault()}>
        <div className="sy-field sy-c-search">
          <label htmlFor="sy-b-q">{t("boards.search")}</label>
          <input id="sy-b-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
        </div>
        <div className="sy-field">
          <label htmlFor="sy-b-sort">{t("boards.sort")}</label>
          <select id="sy-b-sort" value={query.sort} onChange={(e) => set({ sort: e.target.value as ListQuery["sort"] })}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`boards.sort_${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="sy-field">
          <label htmlFor="sy-b-status">{t("boards.status_filter")}</label>
          <select id="sy-b-status" value={query.status} onChange={(e) => set({ status: e.target.value })}>
            <option value="">{t("boards.any_status")}</option>
            {STATUSES[board].map((s) => (
              <option key={s} value={s}>
                {t(statusKey(board, s))}
              </option>
            ))}
          </select>
        </div>
        {board === "lost_found" && (
          <div className="sy-field">
            <label htmlFor="sy-b-site">{t("boards.site")}</label>
            <select id="sy-b-site" value={site} onChange={(e) => setSite(e.target.value)}>
              <option value="">{t("boards.any_site")}</option>
              {sites.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
        )}
        <label className="sy-check sy-b-mine">
          <input type="checkbox" checked={query.mine} onChange={(e) => set({ mine: e.target.checked })} /> {t(`boards.${board}.mine`)}
        </label>
      </form>
      <p className="sy-visually-hidden" role="status" aria-live="polite">
        {state.loading ? "" : t("boards.found", { n: total })}
      </p>
      {error !== null && <ErrorBanner message={errorText(error, t)} onDismiss={() => setError(null)} />}
      <Loaded state={state}>
        {() =>
          items.length === 0 ? (
            <p>{t(`boards.${board}.none`)}</p>
          ) : (
            <>
              <ol className="sy-b-list" aria-label={t(`boards.${board}.title`)}>
                {items.map((p) => (
                  <li key={p.id} className="sy-b-row">
                    {votable(board) && (
                      <div className="sy-b-row-vote">
                        <Votes post={p} onChange={replace} onError={setError} />
                      </div>
                    )}
                    <div className="sy-b-row-main">
                      <h3>
                        <Link to={boardPath(board, p.id)}>{p.title}</Link> <PostStatus board={p.board} status={p.status} />
                        {board === "lost_found" && <CategoryBadge category={p.category} />}
                        {p.mine && <span className="sy-badge sy-badge-off">{t("boards.mine_badge")}</span>}
                      </h3>
                      <p className="sy-q-muted">
                        {t("boards.row_meta", { author: author(p.author), age: fmt.ago(p.created_ms, Date.now()), comments: p.comments, views: p.views })}
                        {board === "lost_found" && p.site ? " · " + t("boards.at_site", { site: p.site }) : ""}
                        {board === "focus" ? " · " + t("boards.member_count", { n: p.members.length }) : ""}
                      </p>
                    </div>
                  </li>
                ))}
              </ol>
              <nav className="sy-c-actions sy-b-pager" aria-label={t("boards.pages")}>
                <span>{t("boards.page_of", { from: page.from, to: page.to, total })}</span>
                {(page.prev !== null || page.next !== null) && (
                  <>
                    <button type="button" disabled={page.prev === null} onClick={() => page.prev !== null && set({ offset: page.prev })}>
                      {t("boards.prev")}
                    </button>
                    <button type="button" disabled={page.next === null} onClick={() => page.next !== null && set({ offset: page.next })}>
                      {t("boards.next")}
                    </button>
                  </>
                )}
              </nav>
            </>
          )
        }
      </Loaded>
    </section>
  );
}

function CategoryBadge(props: { category: string }) {
  const { t } = useI18n();
  if (!(LOST_FOUND_CATEGORIES as readonly string[]).includes(props.category)) return null;
  return <span className={`sy-badge sy-b-cat-${props.category}`}>{t(`boards.category.${props.category}`)}</span>;
}

// ---- a new post ------------------------------------------------------------------------

const EMPTY: Draft = { title: "", body: "", category: "", anonymous: false, members: [] };

function NewPost(props: BoardProps) {
  const { t } = useI18n();
  const { board } = props;
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const form = useFormState();
  const set = <K extends keyof Draft>(k: K) => (v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const save = async () => {
    const e = checkDraft(board, draft);
    if (Object.keys(e).length) return form.invalid(e);
    const r = await form.run(() => api<Post>("POST", boardsPaths.create(board), createBody(board, draft)));
    if (r) navigate(boardPath(board, r.value.id));
  };
  const h = "sy-b-new-h";
  return (
    <section aria-labelledby={h}>
      <p>
        <Link to={boardPath(board)}>{t(`boards.${board}.back`)}</Link>
      </p>
      <h2 id={h}>{t(`boards.${board}.new`)}</h2>
      <SaveForm form={form} labelledBy={h} onSave={() => void save()} save={t(`boards.${board}.post`)}>
        <PostFields board={board} draft={draft} set={set} />
        {board === "question" && (
          <CheckboxField name="anonymous" label={t("boards.anonymous_label")} hint={t("boards.anonymous_note")} checked={draft.anonymous} onChange={set("anonymous")} />
        )}
        {board === "lost_found" && <MySite />}
        {board === "focus" && <MembersPicker value={draft.members} onChange={set("members")} me={props.me} role={props.role} />}
      </SaveForm>
    </section>
  );
}

/** Title, body and category (lost & found: lost or found). */
function PostFields(props: { board: Board; draft: Pick<Draft, "title" | "body" | "category">; set: <K extends keyof Draft>(k: K) => (v: Draft[K]) => void }) {
  const { t } = useI18n();
  const { board, draft, set } = props;
  return (
    <>
      <div className="sy-grid">
        <TextField name="title" label={t("boards.field_title")} value={draft.title} onChange={set("title")} required />
        {board === "lost_found" ? (
          <SelectField name="category" label={t("boards.lost_or_found")} value={draft.category} onChange={set("category")}
            options={[{ value: "", label: t("boards.choose") }, ...LOST_FOUND_CATEGORIES.map((c) => ({ value: c, label: t(`boards.category.${c}`) }))]} required />
        ) : (
          <TextField name="category" label={t("boards.field_category")} hint={t("boards.field_category_hint")} value={draft.category} onChange={set("category")} />
        )}
      </div>
      <TextAreaField name="body" label={t(`boards.${board}.field_body`)} hint={t("boards.body_hint")} rows={8} value={draft.body} onChange={set("body")} className="sy-c-body" />
    </>
  );
}

/** Lost & found: the site the post will carry (the server fills it in from the author's agent). */
function MySite() {
  const { t } = useI18n();
  const session = useContext(SessionContext);
  const agent = session?.me.agent ?? null;
  const state = useLoad(
    () => (agent ? api<{ config?: { site?: string } }>("GET", `/api/v1/agents/${encodeURIComponent(agent)}`).then((a) => a.config?.site ?? "") : Promise.resolve("")),
    [agent],
  );
  return <p className="sy-hint">{state.data ? t("boards.site_is", { site: state.data }) : t("boards.site_filled")}</p>;
}

/** Everyone the reader may pick: all users (admins) or the people of the reader's chat rooms. */
async function loadCandidates(role: string | undefined): Promise<string[]> {
  if (role === "admin") {
    try {
      const users = await api<{ username: string }[] | { items: { username: string }[] }>("GET", "/api/v1/users");
      const list = Array.isArray(users) ? users : (users.items ?? []);
      return list.map((u) => u.username);
    } catch {
      /* fall through to the chat's list */
    }
  }
  try {
    const r = await api<{ items: { user: string }[] }>("GET", "/api/v1/comms/chat/presence");
    return (r.items ?? []).map((p) => p.user);
  } catch {
    return [];
  }
}

/** A focus group's members: the names the reader knows as checkboxes, others typed (comma-separated). */
function MembersPicker(props: { value: string[]; onChange: (v: string[]) => void; me: string; role: string | undefined }) {
  const { t } = useI18n();
  const [initial] = useState(props.value);
  const candidates = useLoad(() => loadCandidates(props.role), [props.role]);
  const known = [...new Set([...(candidates.data ?? []), ...initial])].filter((n) => n !== props.me).sort();
  const [extra, setExtra] = useState("");
  const checked = props.value.filter((v) => known.includes(v));
  const emit = (c: string[], e: string) => props.onChange([...new Set([...c, ...parseNames(e).filter((n) => n !== props.me)])]);
  return (
    <>
      {known.length > 0 && (
        <CheckboxGroup name="members" legend={t("boards.members")} hint={t("boards.members_hint")} options={known.map((n) => ({ value: n, label: n }))} values={checked}
          onChange={(c) => emit(c, extra)} />
      )}
      <TextField className="sy-b-names" name={known.length > 0 ? "members_more" : "members"} label={known.length > 0 ? t("boards.members_more") : t("boards.members_typed")} hint={t("boards.members_typed_hint")}
        value={extra} onChange={(s) => {
          setExtra(s);
          emit(checked, s);
        }} />
    </>
  );
}

// ---- one post ------------------------------------------------------------------------------

function PostPage(props: BoardProps & { id: number }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const author = useAuthor();
  const { board, id } = props;
  const state = useLoad(() => loadPost(id), [id]);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  useEffect(
    () => onNotification((n) => (["comms.post_status", "comms.answer", "comms.focus_invite"].includes(n.kind) && Number(n.data.post) === id ? state.reload() : undefined)),
    [id, state.reload],
  );
  const update = (p: Post) => state.set(p);
  const remove = (p: Post) => {
    if (!window.confirm(t("boards.confirm_delete", { title: p.title }))) return;
    api("DELETE", boardsPaths.post(p.id)).then(() => navigate(boardPath(board)), setError);
  };
  const resolve = (p: Post) => api<Post>("POST", boardsPaths.status(p.id), { status: "resolved" }).then(update, setError);
  return (
    <section aria-label={t(`boards.${board}.one`)} className="sy-b-post">
      <p>
        <Link to={boardPath(board)}>{t(`boards.${board}.back`)}</Link>
      </p>
      <Loaded state={state}>
        {(p) =>
          p.board !== board ? (
            // the id belongs to another board: say so and link there
            <Notice kind="warning">
              <Link to={boardPath(p.board, p.id)}>{t("boards.elsewhere", { title: p.title })}</Link>
            </Notice>
          ) : (
            <>
              <article className="sy-c-article" aria-labelledby="sy-b-post-h">
                <h2 id="sy-b-post-h">
                  {p.title} <PostStatus board={p.board} status={p.status} />
                  {board === "lost_found" && <CategoryBadge category={p.category} />}
                </h2>
                <p className="sy-q-muted">
                  {t("boards.post_meta", { author: author(p.author), when: fmt.dateTime(p.created_ms), views: p.views })}
                  {p.updated_ms > p.created_ms + 1000 ? " · " + t("boards.edited", { when: fmt.dateTime(p.updated_ms) }) : ""}
                  {board === "lost_found" && p.site ? " · " + t("boards.at_site", { site: p.site }) : ""}
                  {p.category && board !== "lost_found" ? " · " + t("boards.in_category", { category: p.category }) : ""}
                </p>
                {p.anonymous && p.mine && <p className="sy-hint">{t("boards.you_asked_anonymously")}</p>}
                {/* an answered question's box says who answered and when */}
                {p.status_by && !(p.status === "answered" && p.answer) && (
                  <p className="sy-b-status" data-testid="post-status">
                    {t("boards.status_set", { status: t(statusKey(board, p.status)), by: p.status_by, when: fmt.dateTime(p.status_ms) })}
                    {p.status_reason ? " " + t("boards.status_reason", { reason: p.status_reason }) : ""}
                  </p>
                )}
                {editing ? (
                  <EditPost post={p} onDone={(n) => {
                    setEditing(false);
                    if (n) update(n);
                  }} />
                ) : (
                  <Markdown source={p.body} headingLevel={3} />
                )}
                {board === "focus" && (
                  <p>{p.members.length ? t("boards.members_are", { names: p.members.join(", ") }) : t("boards.no_members")}</p>
                )}
                {votable(board) && (
                  <div className="sy-c-vote">
                    <Votes post={p} onChange={update} onError={setError} />
                    {!p.mine && <span className="sy-q-muted">{t(p.my_vote ? "boards.you_voted" : "boards.vote_hint")}</span>}
                  </div>
                )}
                {(canEdit(p) || canDelete(p, props.role) || canResolve(p)) && !editing && (
                  <p className="sy-c-actions">
                    {canResolve(p) && (
                      <button type="button" className="sy-primary" onClick={() => resolve(p)}>
                        {t("boards.mark_resolved")}
                      </button>
                    )}
                    {canEdit(p) && (
                      <button type="button" onClick={() => setEditing(true)}>
                        {t("boards.edit")}
                      </button>
                    )}
                    {canDelete(p, props.role) && (
                      <button type="button" className="sy-danger" onClick={() => remove(p)}>
                        {t("boards.delete")}
                      </button>
                    )}
                  </p>
                )}
                {error !== null && <ErrorBanner message={errorText(error, t)} onDismiss={() => setError(null)} />}
              </article>
              {board === "question" && p.answer && (
                <section className="sy-c-box sy-b-answer" aria-labelledby="sy-b-answer-h">
                  <h3 id="sy-b-answer-h">{t("boards.official_answer")}</h3>
                  <p className="sy-q-muted">{t("boards.answered_by", { by: p.answer.by, when: fmt.dateTime(p.answer.created_ms) })}</p>
                  <Markdown source={p.answer.body} headingLevel={4} />
                </section>
              )}
              {(statusChoices(p, props.role).length > 0 || canAnswer(p, props.role) || canEditMembers(p, props.role)) && (
                <section className="sy-c-box" aria-labelledby="sy-b-manage-h">
                  <h3 id="sy-b-manage-h">{t("boards.manage")}</h3>
                  {statusChoices(p, props.role).length > 0 && <StatusForm post={p} role={props.role} onDone={update} />}
                  {canAnswer(p, props.role) && <AnswerForm post={p} onDone={update} />}
                  {canEditMembers(p, props.role) && <MembersForm post={p} me={props.me} role={props.role} onDone={update} />}
                </section>
              )}
              <Comments post={p} role={props.role} me={props.me} onAdded={() => state.set({ ...p, comments: p.comments + 1 })} />
            </>
          )
        }
      </Loaded>
    </section>
  );
}

function EditPost(props: { post: Post; onDone: (p: Post | null) => void }) {
  const { t } = useI18n();
  const p = props.post;
  const [draft, setDraft] = useState<Draft>({ title: p.title, body: p.body, category: p.category, anonymous: p.anonymous, members: p.members });
  const form = useFormState();
  const set = <K extends keyof Draft>(k: K) => (v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const save = async () => {
    const e = checkDraft(p.board, draft);
    if (Object.keys(e).length) return form.invalid(e);
    const r = await form.run(() => api<Post>("PATCH", boardsPaths.post(p.id), { title: draft.title.trim(), body: draft.body, category: draft.category.trim() }));
    if (r) props.onDone(r.value);
  };
  return (
    <SaveForm form={form} label={t("boards.edit")} onSave={() => void save()} save={t("boards.save")}
      after={<button type="button" onClick={() => props.onDone(null)}>{t("boards.cancel")}</button>}>
      <PostFields board={p.board} draft={draft} set={set} />
    </SaveForm>
  );
}

function StatusForm(props: { post: Post; role: string | undefined; onDone: (p: Post) => void }) {
  const { t } = useI18n();
  const p = props.post;
  const choices = statusChoices(p, props.role);
  const [status, setStatus] = useState("");
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const form = useFormState();
  const declining = needsReason(p.board, status);
  const save = async () => {
    setDone(null);
    const b = statusBody(p.board, status, reason);
    if ("invalid" in b) return form.invalid(b.invalid);
    const r = await form.run(() => api<Post>("POST", boardsPaths.status(p.id), b.body));
    if (!r) return;
    props.onDone(r.value);
    setDone(t("boards.status_saved", { status: t(statusKey(p.board, status)) }));
    setStatus("");
    setReason("");
  };
  return (
    <SaveForm form={form} label={t("boards.change_status")} onSave={() => void save()} save={t("boards.change_status")} saved={done}>
      <h4>{t("boards.change_status")}</h4>
      <div className="sy-grid">
        <SelectField name="status" label={t("boards.new_status")} value={status} onChange={setStatus}
          options={[{ value: "", label: t("boards.choose") }, ...choices.map((s) => ({ value: s, label: t(statusKey(p.board, s)) }))]} />
        <TextField name="reason" label={declining ? t("boards.reason_needed") : t("boards.reason")} required={declining}
          hint={p.board === "idea" ? t("boards.reason_hint_decline") : t("boards.reason_hint")} value={reason} onChange={setReason} />
      </div>
    </SaveForm>
  );
}

function AnswerForm(props: { post: Post; onDone: (p: Post) => void }) {
  const { t } = useI18n();
  const p = props.post;
  const [body, setBody] = useState(p.answer?.body ?? "");
  const [done, setDone] = useState<string | null>(null);
  const form = useFormState();
  const save = async () => {
    setDone(null);
    if (!body.trim()) return form.invalid({ body: "boards.invalid.required" });
    const r = await form.run(() => api<Post>("POST", boardsPaths.answer(p.id), { body }));
    if (!r) return;
    props.onDone(r.value);
    setDone(t("boards.answer_saved"));
  };
  const label = p.answer ? t("boards.replace_answer") : t("boards.answer");
  return (
    <SaveForm form={form} label={label} onSave={() => void save()} save={label} saved={done}>
      <h4>{label}</h4>
      <TextAreaField name="body" label={t("boards.answer_text")} hint={t("boards.answer_hint")} rows={6} value={body} onChange={setBody} className="sy-c-body" />
    </SaveForm>
  );
}

function MembersForm(props: { post: Post; me: string; role: string | undefined; onDone: (p: Post) => void }) {
  const { t } = useI18n();
  const p = props.post;
  const [members, setMembers] = useState<string[]>(p.members);
  const [done, setDone] = useState<string | null>(null);
  const form = useFormState();
  const save = async () => {
    setDone(null);
    const r = await form.run(() => api<Post>("PUT", boardsPaths.members(p.id), { members }));
    if (!r) return;
    props.onDone(r.value);
    setDone(t("boards.members_saved", { n: r.value.members.length }));
  };
  return (
    <SaveForm form={form} label={t("boards.edit_members")} onSave={() => void save()} save={t("boards.save_members")} saved={done}>
      <h4>{t("boards.edit_members")}</h4>
      <MembersPicker value={members} onChange={setMembers} me={props.me} role={props.role} />
    </SaveForm>
  );
}

function Comments(props: { post: Post; role: string | undefined; me: string; onAdded: () => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const author = useAuthor();
  const p = props.post;
  const state = useLoad(() => api<{ items: PostComment[] }>("GET", boardsPaths.comments(p.id)), [p.id]);
  const form = useFormState();
  const [body, setBody] = useState("");
  const send = async () => {
    if (!body.trim()) return form.invalid({ body: "boards.invalid.required" });
    const r = await form.run(() => api<PostComment>("POST", boardsPaths.comments(p.id), { body: body.trim() }));
    if (!r) return;
    setBody("");
    state.set({ items: [...(state.data?.items ?? []), r.value] });
    props.onAdded();
  };
  return (
    <section aria-labelledby="sy-b-comments-h">
      <h3 id="sy-b-comments-h">{t("boards.comments")}</h3>
      <Loaded state={state}>
        {(d) =>
          d.items.length === 0 ? (
            <p className="sy-q-muted">{t("boards.no_comments")}</p>
          ) : (
            <ol className="sy-c-comments">
              {d.items.map((c) => (
                <li key={c.id}>
                  <p className="sy-q-muted">{t("boards.comment_by", { author: author(c.author), when: fmt.dateTime(c.created_ms) })}</p>
                  <p className="sy-c-pre">{c.body}</p>
                </li>
              ))}
            </ol>
          )
        }
      </Loaded>
      {canComment(p, props.role, props.me) && (
        <SaveForm form={form} label={t("boards.add_comment")} onSave={() => void send()} save={t("boards.add_comment")}>
          <TextAreaField name="body" label={t("boards.your_comment")} rows={3} value={body} onChange={setBody} />
        </SaveForm>
      )}
    </section>
  );
}

