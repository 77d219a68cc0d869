// The boards' pure logic: sections and boards, statuses, who may do what,
// the list's query (address and API), paging, the checks before sending.
import { describe, expect, it } from "vitest";
import {
  boardOfSection, boardPath, boardsPaths, canComment, canCreate, canDelete, canEditMembers, canResolve, canVote, checkDraft, createBody, defaultSort,
  pageInfo, PAGE_SIZE, parseNames, readListQuery, replacePost, statusBody, statusChoices, statusTone, writeListQuery,
  type Post,
} from "./boardsData";

export const POST: Post = {
  id: 7, board: "idea", title: "A quiet room", body: "For **breaks**.", category: "", site: "paris", author: "agent01", anonymous: false, mine: false,
  status: "new", status_reason: "", status_by: null, status_ms: null, votes: 3, my_vote: false, comments: 2, views: 10, members: [], answer: null,
  created_ms: Date.UTC(2026, 11, 1, 9), updated_ms: Date.UTC(2026, 11, 1, 9),
};
const post = (over: Partial<Post> = {}): Post => ({ ...POST, ...over });

describe("sections and boards", () => {
  it("maps each section to its board and back", () => {
    expect(["ideas", "questions", "focus", "lost-found", "kb", "toString"].map(boardOfSection)).toEqual(["idea", "question", "focus", "lost_found", null, null]);
    expect(boardPath("lost_found")).toBe("/comms/lost-found");
    expect(boardPath("question", 4)).toBe("/comms/questions/4");
  });
});

describe("who may do what", () => {
  it("votes on ideas and questions, never on one's own", () => {
    expect(canVote(post())).toBe(true);
    expect(canVote(post({ board: "question" }))).toBe(true);
    expect(canVote(post({ mine: true }))).toBe(false);
    expect(canVote(post({ board: "lost_found" }))).toBe(false);
    expect(canVote(post({ board: "focus" }))).toBe(false);
  });

  it("lets moderators set any other status but 'answered', others none", () => {
    expect(statusChoices(post(), "team_lead")).toEqual(["under_review", "planned", "done", "declined"]);
    expect(statusChoices(post({ board: "question", status: "open" }), "quality")).toEqual(["closed"]);
    expect(statusChoices(post({ board: "lost_found", status: "open" }), "admin")).toEqual(["resolved"]);
    expect(statusChoices(post(), "agent")).toEqual([]);
    expect(statusChoices(post(), undefined)).toEqual([]);
  });

  it("focus groups: created by moderators, members edited by the creator or an admin, comments by members", () => {
    expect(canCreate("focus", "agent")).toBe(false);
    expect(canCreate("focus", "wfm")).toBe(true);
    expect(canCreate("idea", "agent")).toBe(true);
    const g = post({ board: "focus", members: ["agent01"], mine: false });
    expect(canEditMembers(g, "team_lead")).toBe(false);
    expect(canEditMembers({ ...g, mine: true }, "team_lead")).toBe(true);
    expect(canEditMembers(g, "admin")).toBe(true);
    expect(canEditMembers(post({ mine: true }), "admin")).toBe(false);
    expect(canComment(g, "agent", "agent01")).toBe(true);
    expect(canComment(g, "agent", "agent02")).toBe(false);
    expect(canComment(post(), "agent", "agent02")).toBe(true);
  });

  it("authors delete (admins too) and resolve their lost & found post once", () => {
    expect(canDelete(post({ mine: true }), "agent")).toBe(true);
    expect(canDelete(post(), "agent")).toBe(false);
    expect(canDelete(post(), "admin")).toBe(true);
    expect(canResolve(post({ board: "lost_found", mine: true, status: "open" }))).toBe(true);
    expect(canResolve(post({ board: "lost_found", mine: true, status: "resolved" }))).toBe(false);
    expect(canResolve(post({ board: "lost_found", mine: false, status: "open" }))).toBe(false);
  });
});

describe("status badges", () => {
  it("mark what waits on someone, what is done and what is over", () => {
    expect(statusTone("question", "open")).toBe("alert");
    expect(statusTone("lost_found", "open")).toBe("alert");
    expect(statusTone("focus", "open")).toBe("info");
    expect(statusTone("idea", "new")).toBe("info");
    expect(statusTone("idea", "done")).toBe("ok");
    expect(statusTone("lost_found", "resolved")).toBe("ok");
    expect(statusTone("idea", "declined")).toBe("off");
  });
});

describe("the list's query", () => {
  it("defaults to the most voted on ideas and questions, the newest elsewhere", () => {
    expect(defaultSort("idea")).toBe("top");
    expect(defaultSort("question")).toBe("top");
    expect(defaultSort("lost_found")).toBe("new");
    expect(readListQuery("idea", "")).toEqual({ sort: "top", status: "", q: "", mine: false, offset: 0 });
    expect(readListQuery("focus", "")).toEqual({ sort: "new", status: "", q: "", mine: false, offset: 0 });
  });

  it("reads the address, ignoring what the board does not have", () => {
    expect(readListQuery("idea", "?sort=new&status=planned&q=%E9%80%80&mine=1&offset=20")).toEqual({ sort: "new", status: "planned", q: "退", mine: true, offset: 20 });
    expect(readListQuery("idea", "?sort=worst&status=resolved&offset=-5")).toEqual({ sort: "top", status: "", q: "", mine: false, offset: 0 });
  });

  it("writes the address without defaults, and round-trips", () => {
    expect(writeListQuery("idea", { sort: "top", status: "", q: "", mine: false, offset: 0 })).toBe("");
    const q = { sort: "new" as const, status: "declined", q: "quiet room", mine: true, offset: 40 };
    expect(readListQuery("idea", writeListQuery("idea", q))).toEqual(q);
  });

  it("asks the API for a page with the filters", () => {
    expect(boardsPaths.list("lost_found", { sort: "new", status: "", q: "  ", mine: false, offset: 0 })).toBe(`/api/v1/comms/boards/lost_found?sort=new&limit=${PAGE_SIZE}&offset=0`);
    expect(boardsPaths.list("idea", { sort: "top", status: "open", q: "wifi", mine: true, offset: 20 })).toBe(`/api/v1/comms/boards/idea?sort=top&status=open&q=wifi&mine=true&limit=${PAGE_SIZE}&offset=20`);
  });

  it("says which rows a page shows and where the others are", () => {
    expect(pageInfo(0, 0, 0)).toEqual({ from: 0, to: 0, prev: null, next: null });
    expect(pageInfo(57, 0, 20)).toEqual({ from: 1, to: 20, prev: null, next: 20 });
    expect(pageInfo(57, 40, 17)).toEqual({ from: 41, to: 57, prev: 20, next: null });
    expect(pageInfo(57, 20, 20)).toEqual({ from: 21, to: 40, prev: 0, next: 40 });
  });

  it("replaces a post in a list by id", () => {
    const list = [post({ id: 1 }), post({ id: 2 })];
    expect(replacePost(list, post({ id: 2, votes: 9 })).map((p) => p.votes)).toEqual([3, 9]);
  });
});

describe("before sending", () => {
  const draft = { title: "Umbrella", body: "", category: "", anonymous: true, members: ["agent01"] };
  it("needs a title, at most 200 bytes (Chinese counts 3 a character)", () => {
    expect(checkDraft("idea", { ...draft, title: "  " })).toEqual({ title: "boards.invalid.required" });
    expect(checkDraft("idea", { ...draft, title: "退".repeat(66) })).toEqual({});
    expect(checkDraft("idea", { ...draft, title: "退".repeat(67) })).toEqual({ title: "boards.invalid.title_long" });
  });

  it("needs lost or found on lost & found only", () => {
    expect(checkDraft("lost_found", draft)).toEqual({ category: "boards.invalid.lost_or_found" });
    expect(checkDraft("lost_found", { ...draft, category: "found" })).toEqual({});
    expect(checkDraft("idea", draft)).toEqual({});
  });

  it("sends only the fields the board takes", () => {
    expect(createBody("idea", { ...draft, title: " Umbrella " })).toEqual({ title: "Umbrella", body: "" });
    expect(createBody("question", draft)).toEqual({ title: "Umbrella", body: "", anonymous: true });
    expect(createBody("focus", draft)).toEqual({ title: "Umbrella", body: "", members: ["agent01"] });
    expect(createBody("lost_found", { ...draft, category: "lost" })).toEqual({ title: "Umbrella", body: "", category: "lost" });
  });

  it("asks for a reason before declining an idea", () => {
    expect(statusBody("idea", "declined", " ")).toEqual({ invalid: { reason: "boards.invalid.reason_needed" } });
    expect(statusBody("idea", "declined", " no room ")).toEqual({ body: { status: "declined", reason: "no room" } });
    expect(statusBody("idea", "planned", "")).toEqual({ body: { status: "planned" } });
    expect(statusBody("question", "closed", "")).toEqual({ body: { status: "closed" } });
    expect(statusBody("idea", "", "x")).toEqual({ invalid: { status: "boards.invalid.choose_status" } });
  });

  it("reads user names separated by commas (Chinese too) or spaces, once each", () => {
    expect(parseNames("agent01, agent02，agent03 agent01、 ")).toEqual(["agent01", "agent02", "agent03"]);
    expect(parseNames("")).toEqual([]);
  });
});
