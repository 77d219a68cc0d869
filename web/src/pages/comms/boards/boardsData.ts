// The boards of the Comms page (issue 13 part 2): ideas, questions to
// management, focus groups, lost & found. One post shape for the four
// (the contract's section 1), the client calls, and the pure logic of the
// pages: which section shows which board, the statuses of each board, who
// may do what, the list's query, the checks made before sending. Tested
// without a browser (boardsData.test.ts).
import { api, qs } from "../../../lib/api";

export const BOARDS = ["idea", "question", "focus", "lost_found"] as const;
export type Board = (typeof BOARDS)[number];

/** The Comms page's sections that are boards, in the nav's order. */
export const BOARD_SECTIONS = ["ideas", "questions", "focus", "lost-found"] as const;
export type BoardSection = (typeof BOARD_SECTIONS)[number];

const SECTION_TO_BOARD: Record<BoardSection, Board> = { ideas: "idea", questions: "question", focus: "focus", "lost-found": "lost_found" };
const BOARD_TO_SECTION: Record<Board, BoardSection> = { idea: "ideas", question: "questions", focus: "focus", lost_found: "lost-found" };

export const boardOfSection = (s: string): Board | null => (Object.prototype.hasOwnProperty.call(SECTION_TO_BOARD, s) ? SECTION_TO_BOARD[s as BoardSection] : null);
export const sectionOfBoard = (b: Board): BoardSection => BOARD_TO_SECTION[b];
export const isBoard = (b: unknown): b is Board => typeof b === "string" && (BOARDS as readonly string[]).includes(b);

/** The app path of a board's list, or of one post. */
export const boardPath = (b: Board, id?: number) => `/comms/${sectionOfBoard(b)}${id === undefined ? "" : `/${id}`}`;

/** Each board's statuses; the first is a new post's. */
export const STATUSES: Record<Board, readonly string[]> = {
  idea: ["new", "under_review", "planned", "done", "declined"],
  question: ["open", "answered", "closed"],
  focus: ["open", "closed"],
  lost_found: ["open", "resolved"],
};
/** A status's catalogue key: each board says its own ("open" is a question
 *  waiting for its answer but a lost item not found yet). */
export const statusKey = (b: Board | string, status: string) => `boards.status.${b}.${status}`;

export const LOST_FOUND_CATEGORIES = ["lost", "found"] as const;

export const SORTS = ["top", "new"] as const;
export type Sort = (typeof SORTS)[number];
/** The list's order when none is asked: the most voted first where one votes. */
export const defaultSort = (b: Board): Sort => (votable(b) ? "top" : "new");

/** One page of the list. */
export const PAGE_SIZE = 20;

// ---- API shapes -----------------------------------------------------------------

export interface Answer {
  body: string;
  by: string;
  created_ms: number;
}

export interface Post {
  id: number;
  board: Board;
  title: string;
  body: string;
  category: string;
  site: string;
  /** null: an anonymous question read by someone else than its author */
  author: string | null;
  anonymous: boolean;
  mine: boolean;
  status: string;
  status_reason: string;
  status_by: string | null;
  status_ms: number | null;
  votes: number;
  my_vote: boolean;
  comments: number;
  views: number;
  members: string[];
  answer: Answer | null;
  created_ms: number;
  updated_ms: number;
}

export interface PostComment {
  id: number;
  author: string | null;
  body: string;
  created_ms: number;
}

export interface PostList {
  items: Post[];
  total: number;
}

// ---- who may do what ----------------------------------------------------------------

/** The `moderate` roles: set a status, answer questions, create focus groups. */
export const canModerate = (role: string | undefined) =>
  role === "team_lead" || role === "quality" || role === "wfm" || role === "reporting" || role === "admin";

/** Boards one votes on. */
export const votable = (b: Board) => b === "idea" || b === "question";
/** The reader may vote on this post (never on one's own). */
export const canVote = (p: Pick<Post, "board" | "mine">) => votable(p.board) && !p.mine;
/** The reader may write a post on this board (focus groups: moderators). */
export const canCreate = (b: Board, role: string | undefined) => b !== "focus" || canModerate(role);
export const canEdit = (p: Pick<Post, "mine">) => p.mine;
export const canDelete = (p: Pick<Post, "mine">, role: string | undefined) => p.mine || role === "admin";
/** The focus group's members: its creator or an admin. */
export const canEditMembers = (p: Pick<Post, "board" | "mine">, role: string | undefined) => p.board === "focus" && (p.mine || role === "admin");
export const canAnswer = (p: Pick<Post, "board">, role: string | undefined) => p.board === "question" && canModerate(role);
/** The lost & found author's "Mark resolved" (moderators have the status form). */
export const canResolve = (p: Pick<Post, "board" | "mine" | "status">) => p.board === "lost_found" && p.mine && p.status !== "resolved";
export const canComment = (p: Pick<Post, "board" | "mine" | "members">, role: string | undefined, me: string) =>
  p.board !== "focus" || p.mine || p.members.includes(me) || role === "admin";

/** The statuses a moderator may choose on this post: all but the current
 *  one, and never "answered" (answering sets it). Empty for others. */
export function statusChoices(p: Pick<Post, "board" | "status">, role: string | undefined): string[] {
  if (!canModerate(role)) return [];
  return STATUSES[p.board].filter((s) => s !== p.status && s !== "answered");
}

/** A status that needs a reason. */
export const needsReason = (b: Board, status: string) => b === "idea" && status === "declined";

// ---- paths and calls ------------------------------------------------------------------

export const BOARDS_API = "/api/v1/comms/boards";
export const POSTS_API = "/api/v1/comms/posts";

export interface ListQuery {
  sort: Sort;
  status: string;
  q: string;
  mine: boolean;
  offset: number;
}

export const boardsPaths = {
  list: (b: Board, query: ListQuery, limit = PAGE_SIZE) =>
    `${BOARDS_API}/${b}${qs({ sort: query.sort, status: query.status || undefined, q: query.q.trim() || undefined, mine: query.mine ? "true" : undefined, limit, offset: query.offset || 0 })}`,
  create: (b: Board) => `${BOARDS_API}/${b}`,
  post: (id: number) => `${POSTS_API}/${id}`,
  status: (id: number) => `${POSTS_API}/${id}/status`,
  vote: (id: number) => `${POSTS_API}/${id}/vote`,
  comments: (id: number) => `${POSTS_API}/${id}/comments`,
  answer: (id: number) => `${POSTS_API}/${id}/answer`,
  members: (id: number) => `${POSTS_API}/${id}/members`,
};

export const loadBoard = (b: Board, query: ListQuery) =>
  api<PostList>("GET", boardsPaths.list(b, query)).then((r) => ({ items: r.items ?? [], total: typeof r.total === "number" ? r.total : (r.items ?? []).length }));
export const loadPost = (id: number) => api<Post>("GET", boardsPaths.post(id));
export const votePost = (id: number, vote: boolean) => api<Post>("PUT", boardsPaths.vote(id), { vote });

// ---- the list's state in the address ---------------------------------------------------

/** The list's query read from the address ("?sort=new&status=open&q=x&mine=1&offset=20");
 *  anything unknown falls back to the board's default. */
export function readListQuery(b: Board, search: string): ListQuery {
  const p = new URLSearchParams(search);
  const sort = p.get("sort");
  const status = p.get("status") ?? "";
  const offset = Number(p.get("offset"));
  return {
    sort: (SORTS as readonly string[]).includes(sort ?? "") ? (sort as Sort) : defaultSort(b),
    status: STATUSES[b].includes(status) ? status : "",
    q: p.get("q") ?? "",
    mine: p.get("mine") === "1" || p.get("mine") === "true",
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

/** The address's query for the list (defaults left out). */
export function writeListQuery(b: Board, q: ListQuery): string {
  return qs({
    sort: q.sort !== defaultSort(b) ? q.sort : undefined,
    status: q.status || undefined,
    q: q.q || undefined,
    mine: q.mine ? 1 : undefined,
    offset: q.offset > 0 ? q.offset : undefined,
  });
}

/** Which rows a page shows ("21–40 of 57") and whether there are others. */
export function pageInfo(total: number, offset: number, shown: number): { from: number; to: number; prev: number | null; next: number | null } {
  const from = shown === 0 ? 0 : offset + 1;
  const to = offset + shown;
  return {
    from,
    to,
    prev: offset > 0 ? Math.max(0, offset - PAGE_SIZE) : null,
    next: to < total ? offset + PAGE_SIZE : null,
  };
}

// ---- before sending ---------------------------------------------------------------------

export const utf8Length = (s: string) => new TextEncoder().encode(s).length;
export const TITLE_MAX = 200;
export const BODY_MAX = 20000;
export const COMMENT_MAX = 5000;

/** "agent01, agent02，agent03" -> ["agent01", "agent02", "agent03"] (Chinese commas, spaces too; once each). */
export function parseNames(s: string): string[] {
  const out: string[] = [];
  for (const p of s.split(/[,，、;；\s]+/)) {
    const v = p.trim();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

export interface Draft {
  title: string;
  body: string;
  category: string;
  anonymous: boolean;
  members: string[];
}

/** The fields to fix before a post is sent, as catalogue keys by field. */
export function checkDraft(b: Board, d: Draft): Record<string, string> {
  const e: Record<string, string> = {};
  if (!d.title.trim()) e.title = "boards.invalid.required";
  else if (utf8Length(d.title.trim()) > TITLE_MAX) e.title = "boards.invalid.title_long";
  if (utf8Length(d.body) > BODY_MAX) e.body = "boards.invalid.body_long";
  if (b === "lost_found" && !(LOST_FOUND_CATEGORIES as readonly string[]).includes(d.category)) e.category = "boards.invalid.lost_or_found";
  return e;
}

/** The body of POST /comms/boards/{board}: only the fields the board takes. */
export function createBody(b: Board, d: Draft): Record<string, unknown> {
  const out: Record<string, unknown> = { title: d.title.trim(), body: d.body };
  if (d.category.trim()) out.category = d.category.trim();
  if (b === "question") out.anonymous = d.anonymous;
  if (b === "focus") out.members = d.members;
  return out;
}

/** A status change's body, or the field to fix ("reason" for a decline without one). */
export function statusBody(b: Board, status: string, reason: string): { body: { status: string; reason?: string } } | { invalid: Record<string, string> } {
  if (!status) return { invalid: { status: "boards.invalid.choose_status" } };
  const r = reason.trim();
  if (needsReason(b, status) && !r) return { invalid: { reason: "boards.invalid.reason_needed" } };
  return { body: r ? { status, reason: r } : { status } };
}

/** A post changed by the server in place in a list (same id), the others kept. */
export const replacePost = (list: Post[], p: Post) => list.map((x) => (x.id === p.id ? p : x));

/** The badge's look for a status: done, declined, waiting, in progress. */
export function statusTone(b: Board, status: string): "ok" | "off" | "alert" | "info" {
  if (status === "done" || status === "answered" || status === "resolved") return "ok";
  if (status === "declined" || status === "closed") return "off";
  // waiting on someone: a question without its answer, an item not back with its owner (an open focus group is just running)
  if (status === "open" && b !== "focus") return "alert";
  return "info";
}
