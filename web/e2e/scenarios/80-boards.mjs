// The boards of the Comms page (issue 13 part 2) through the UI, each
// person in their own browser:
//
//  1. agent01 posts an idea; agent02 votes it up (the row's count shows 1);
//  2. lead.red sets it "planned" with a reason: agent01's page, open all
//     along, shows the status and reason without a reload, and the bell has
//     the comms.post_status notification, which leads back to the idea;
//  3. agent02 asks a question anonymously; lead.red sees "Anonymous" (list
//     and page) and answers; agent02 sees the official answer;
//  4. lead.red creates a focus group inviting agent01, who comments in it;
//  5. agent11 posts a lost item and marks it resolved;
//  6. the idea list, a question's page and the lost & found board in en and
//     zh-CN, shot (screenshots/boards/) and scanned by axe (serious or
//     critical fail);
//  7. the anonymous asker comments on their question: lead.red must not
//     learn the name from the comment either (API and page).
//
// The API only reads what the server holds, and finds out whether the server
// has the boards at all (404 "no route": skipped with a note).
import { settle as settleOf } from "../lib/settle.mjs";
import { exact, tr } from "../lib/i18n.mjs";

const STAMP = Date.now().toString(36);
const AUTHOR = "agent01";
const VOTER = "agent02";
const LEAD = "lead.red";
const FINDER = "agent11";

/** A RegExp matching text that starts with `s` (a label with a " *" after it). */
const starts = (s) => new RegExp("^" + s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

export default {
  name: "boards",
  description: "boards: an idea voted and planned (agent01 told live and by the bell), an anonymous question answered, a focus group with a comment, a lost item resolved; the idea list, a question and lost & found in en and zh-CN",
  timeoutMs: 300000,
  async run(ctx) {
    if (!(await ctx.serves("/api/v1/comms/boards/idea?limit=1", AUTHOR, "boards"))) return;
    const problems = [];
    const settle = (page) => settleOf(ctx, page);
    async function shoot(page, lang, name) {
      await settle(page);
      const raw = await page.evaluate(() => document.body.innerText.match(/\b(boards|comms)\.[a-z_]+(\.[a-z_-]+)*\b/g));
      if (raw) problems.push(`${lang}-${name}: raw keys ${raw.join(", ")}`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await ctx.screenshot(page, `${lang}-${name}`, { fullPage: true });
      await ctx.axe(page, `${lang} ${name}`, { minImpact: "serious" });
    }
    const en = tr("en");
    const zh = tr("zh-CN");
    /** Opens `path` for `user` and waits for the Comms page's heading. */
    async function open(user, path, lang = "en") {
      const page = await ctx.newPage({ lang, user, path });
      await page.getByRole("heading", { level: 1, name: exact(tr(lang)("comms.title")) }).waitFor({ timeout: 30000 });
      return page;
    }
    const idOf = (page) => Number(new URL(page.url()).pathname.split("/").pop());

    // ---- 1. an idea, a vote ------------------------------------------------------
    const ideaTitle = `A quiet room for breaks ${STAMP}`;
    let ideaId;
    let author;
    await ctx.step(`${AUTHOR} posts an idea`, async () => {
      author = await open(AUTHOR, "/comms/ideas/new");
      await author.getByLabel(starts(en("boards.field_title"))).fill(ideaTitle);
      await author.getByLabel(exact(en("boards.idea.field_body"))).fill("Room 3 is empty most of the day.\n\n- a sofa\n- **no phones**");
      await author.getByRole("button", { name: exact(en("boards.idea.post")) }).click();
      await author.waitForURL(/\/comms\/ideas\/\d+$/, { timeout: 15000 });
      ideaId = idOf(author);
      await author.getByRole("heading", { level: 2, name: starts(ideaTitle) }).waitFor();
      // one's own idea: the count, no vote button
      await author.locator(".sy-c-vote").getByText(exact(en("boards.votes", { n: 0 }))).waitFor({ state: "attached" });
      ctx.expect((await author.locator(".sy-c-vote button").count()) === 0, "no vote button on one's own idea, the count instead");
      const p = await ctx.api("GET", `/api/v1/comms/posts/${ideaId}`, undefined, { as: AUTHOR });
      ctx.expect(p.board === "idea" && p.status === "new" && p.author === AUTHOR && p.mine === true, `the server holds the idea (${p.status}, ${p.author})`);
    });

    await ctx.step(`${VOTER} votes it up: the count shows 1`, async () => {
      const voter = await open(VOTER, "/comms/ideas");
      const row = voter.getByRole("listitem").filter({ has: voter.getByRole("link", { name: exact(ideaTitle) }) });
      const button = row.getByRole("button", { name: exact(`0 ${en("boards.vote_for", { title: ideaTitle })}`) });
      await button.click();
      const voted = row.getByRole("button", { name: exact(`1 ${en("boards.vote_for", { title: ideaTitle })}`) });
      await voted.waitFor({ timeout: 10000 });
      ctx.expect((await voted.getAttribute("aria-pressed")) === "true", "the vote button is pressed");
      ctx.expect(/\b1\b/.test(await voted.innerText()), `the row shows 1 vote (${await voted.innerText()})`);
      const p = await ctx.api("GET", `/api/v1/comms/posts/${ideaId}`, undefined, { as: VOTER });
      ctx.expect(p.votes === 1 && p.my_vote === true, `the server counts the vote (${p.votes})`);
      await voter.close();
    });

    // ---- 2. planned, the author told ------------------------------------------------------
    const reason = `Room 3 gets a sofa next month (${STAMP})`;
    await ctx.step(`${LEAD} sets it planned with a reason; ${AUTHOR} sees it live and in the bell`, async () => {
      const lead = await open(LEAD, `/comms/ideas/${ideaId}`);
      await lead.getByRole("heading", { level: 2, name: starts(ideaTitle) }).waitFor();
      await lead.getByText(en("boards.reason_hint_decline")).waitFor();
      await lead.getByLabel(exact(en("boards.new_status"))).selectOption("planned");
      await lead.getByLabel(starts(en("boards.reason"))).fill(reason);
      await lead.getByRole("button", { name: exact(en("boards.change_status")) }).click();
      await lead.getByText(en("boards.status_saved", { status: en("boards.status.idea.planned") })).waitFor({ timeout: 15000 });
      await lead.close();
      // agent01's page, open all along, reloads on the notification
      const status = author.locator(".sy-b-status").filter({ hasText: reason });
      await status.waitFor({ timeout: 20000 });
      const said = await status.innerText();
      ctx.expect(said.startsWith(en("boards.status_set", { status: en("boards.status.idea.planned"), by: LEAD, when: "" }).split(" on ")[0]), `${AUTHOR} sees who set which status, and why: ${said}`);
      ctx.expect((await author.getByRole("heading", { level: 2, name: starts(ideaTitle) }).innerText()).includes(en("boards.status.idea.planned")), "the badge says Planned");
      await shoot(author, "en", "idea-planned");
      // the bell has it, and it leads back to the idea
      await author.getByRole("link", { name: exact(en("boards.idea.back")) }).click();
      await author.waitForURL(/\/comms\/ideas$/);
      await author.locator("button.notify-bell").click();
      const sentence = en("boards.notify.post_status", { by: LEAD, noun: en("boards.noun.idea"), title: ideaTitle, status: en("boards.status.idea.planned") });
      const item = author.locator(".notify-list .notify-item").filter({ hasText: sentence });
      await item.first().waitFor({ timeout: 15000 });
      await shoot(author, "en", "idea-bell");
      await item.first().getByRole("button").first().click();
      await author.waitForURL(new RegExp(`/comms/ideas/${ideaId}$`), { timeout: 10000 });
      await author.close();
    });

    // ---- 3. an anonymous question ----------------------------------------------------------
    const qTitle = `Will the parking stay free? ${STAMP}`;
    const answerText = `Yes: level -2 stays free for staff (${STAMP}).`;
    let questionId;
    await ctx.step(`${VOTER} asks a question anonymously`, async () => {
      const asker = await open(VOTER, "/comms/questions/new", "zh-CN");
      await asker.getByLabel(starts(zh("boards.field_title"))).fill(qTitle);
      await asker.getByLabel(exact(zh("boards.question.field_body"))).fill("停车场明年还免费吗？");
      await asker.getByText(zh("boards.anonymous_note")).waitFor();
      await asker.getByLabel(exact(zh("boards.anonymous_label"))).check();
      await asker.getByRole("button", { name: exact(zh("boards.question.post")) }).click();
      await asker.waitForURL(/\/comms\/questions\/\d+$/, { timeout: 15000 });
      questionId = idOf(asker);
      await asker.getByText(zh("boards.you_asked_anonymously")).waitFor();
      await asker.close();
    });

    await ctx.step(`${LEAD} sees "Anonymous" and answers`, async () => {
      const lead = await open(LEAD, "/comms/questions");
      const row = lead.getByRole("listitem").filter({ has: lead.getByRole("link", { name: exact(qTitle) }) });
      await row.waitFor({ timeout: 15000 });
      const meta = await row.locator(".sy-q-muted").innerText();
      ctx.expect(meta.startsWith(en("boards.anonymous") + " ·") && !meta.includes(VOTER), `the list says Anonymous (${meta})`);
      await row.getByRole("link", { name: exact(qTitle) }).click();
      await lead.getByRole("heading", { level: 2, name: starts(qTitle) }).waitFor();
      const pageText = await lead.locator(".sy-b-post").innerText();
      ctx.expect(!pageText.includes(VOTER), `the question's page does not name ${VOTER}`);
      await lead.getByLabel(exact(en("boards.answer_text"))).fill(answerText);
      await lead.getByRole("button", { name: exact(en("boards.answer")) }).click();
      await lead.getByRole("region", { name: exact(en("boards.official_answer")) }).getByText(answerText).waitFor({ timeout: 15000 });
      const p = await ctx.api("GET", `/api/v1/comms/posts/${questionId}`, undefined, { as: LEAD });
      ctx.expect(p.author === null && p.status === "answered" && p.answer?.by === LEAD, `the server: author hidden, answered by ${LEAD} (${JSON.stringify({ author: p.author, status: p.status })})`);
      await lead.close();
    });

    await ctx.step(`${VOTER} sees the answer`, async () => {
      const asker = await open(VOTER, `/comms/questions/${questionId}`, "zh-CN");
      const box = asker.getByRole("region", { name: exact(zh("boards.official_answer")) });
      await box.getByText(answerText).waitFor({ timeout: 15000 });
      await asker.close();
    });

    // ---- 4. a focus group -------------------------------------------------------------------
    const groupTitle = `New desk layout ${STAMP}`;
    const comment = `I can test it on Tuesday (${STAMP})`;
    let groupId;
    await ctx.step(`${LEAD} creates a focus group inviting ${AUTHOR}`, async () => {
      const lead = await open(LEAD, "/comms/focus/new");
      await lead.getByLabel(starts(en("boards.field_title"))).fill(groupTitle);
      await lead.getByLabel(exact(en("boards.focus.field_body"))).fill("Try the new layout for a week and tell us.");
      // the chat's people as checkboxes when the lead has any, else typed names
      const members = lead.getByRole("group", { name: exact(en("boards.members")) });
      const typed = lead.getByLabel(exact(en("boards.members_typed")));
      await members.or(typed).first().waitFor({ timeout: 15000 });
      if (await members.isVisible() && (await members.getByLabel(exact(AUTHOR)).count()) > 0) await members.getByLabel(exact(AUTHOR)).check();
      else if (await members.isVisible()) await lead.getByLabel(exact(en("boards.members_more"))).fill(AUTHOR);
      else await typed.fill(AUTHOR);
      await lead.getByRole("button", { name: exact(en("boards.focus.post")) }).click();
      await lead.waitForURL(/\/comms\/focus\/\d+$/, { timeout: 15000 });
      groupId = idOf(lead);
      await lead.getByText(en("boards.members_are", { names: AUTHOR })).waitFor();
      await lead.close();
    });

    await ctx.step(`${AUTHOR} comments in the group`, async () => {
      const member = await open(AUTHOR, "/comms/focus");
      await member.getByRole("link", { name: exact(groupTitle) }).click();
      await member.waitForURL(new RegExp(`/comms/focus/${groupId}$`));
      await member.getByLabel(exact(en("boards.your_comment"))).fill(comment);
      await member.getByRole("button", { name: exact(en("boards.add_comment")) }).click();
      await member.locator(".sy-c-comments").getByText(comment).waitFor({ timeout: 15000 });
      await shoot(member, "en", "focus-group");
      const c = await ctx.api("GET", `/api/v1/comms/posts/${groupId}/comments`, undefined, { as: LEAD });
      ctx.expect(c.items.some((x) => x.body === comment && x.author === AUTHOR), `the group's creator reads ${AUTHOR}'s comment`);
      const invited = (await ctx.api("GET", "/api/v1/notifications?limit=20", undefined, { as: AUTHOR })).items.some((n) => n.kind === "comms.focus_invite" && Number(n.data?.post) === groupId);
      ctx.expect(invited, `${AUTHOR} was told of the invitation (comms.focus_invite)`);
      await member.close();
    });

    // ---- 5. lost & found ----------------------------------------------------------------------
    const lostTitle = `Black umbrella ${STAMP}`;
    await ctx.step(`${FINDER} posts a lost item and resolves it`, async () => {
      const finder = await open(FINDER, "/comms/lost-found/new");
      await finder.getByLabel(starts(en("boards.field_title"))).fill(lostTitle);
      await finder.getByLabel(exact(en("boards.lost_or_found"))).selectOption("lost");
      await finder.getByLabel(exact(en("boards.lost_found.field_body"))).fill("Lost near the lifts on floor 2, Monday morning.");
      await finder.getByRole("button", { name: exact(en("boards.lost_found.post")) }).click();
      await finder.waitForURL(/\/comms\/lost-found\/\d+$/, { timeout: 15000 });
      const id = idOf(finder);
      const p0 = await ctx.api("GET", `/api/v1/comms/posts/${id}`, undefined, { as: FINDER });
      ctx.expect(p0.category === "lost" && p0.status === "open", `the item is open, lost, at site "${p0.site}"`);
      await shoot(finder, "en", "lost-item");
      await finder.getByRole("button", { name: exact(en("boards.mark_resolved")) }).click();
      await finder.getByRole("heading", { level: 2, name: starts(lostTitle) }).filter({ hasText: en("boards.status.lost_found.resolved") }).waitFor({ timeout: 15000 });
      const p = await ctx.api("GET", `/api/v1/comms/posts/${id}`, undefined, { as: FINDER });
      ctx.expect(p.status === "resolved", "the server holds it resolved");
      await finder.close();
    });

    // ---- 6. the views in both languages ------------------------------------------------------
    for (const lang of ctx.LANGS) {
      const t = tr(lang);
      await ctx.step(`[${lang}] the idea list, a question, lost & found`, async () => {
        const ideas = await open(VOTER, "/comms/ideas", lang);
        await ideas.getByRole("link", { name: exact(ideaTitle) }).waitFor({ timeout: 15000 });
        await shoot(ideas, lang, "ideas");
        await ideas.close();
        const q = await open(LEAD, `/comms/questions/${questionId}`, lang);
        await q.getByRole("region", { name: exact(t("boards.official_answer")) }).waitFor({ timeout: 15000 });
        await q.locator(".sy-c-comments, .sy-b-post .sy-q-muted").first().waitFor();
        await shoot(q, lang, "question");
        await q.close();
        const lf = await open(FINDER, "/comms/lost-found", lang);
        await lf.getByRole("link", { name: exact(lostTitle) }).waitFor({ timeout: 15000 });
        await shoot(lf, lang, "lost-found");
        await lf.close();
        const np = await open(VOTER, "/comms/questions/new", lang);
        await np.getByText(t("boards.anonymous_note")).waitFor();
        await shoot(np, lang, "question-new");
        await np.close();
      });
    }
    ctx.expect(problems.length === 0, `no raw catalogue keys on the pages ${JSON.stringify(problems)}`);

    // Last, as it checks the server's side of anonymity (contract: "every post/comment response shows
    // author: null to readers other than the author"): the asker's own comment must not name them.
    await ctx.step(`${VOTER} comments on the anonymous question; ${LEAD} sees "Anonymous", not the name`, async () => {
      const text = `Also the bike racks? (${STAMP})`;
      const asker = await open(VOTER, `/comms/questions/${questionId}`, "zh-CN");
      await asker.getByLabel(exact(zh("boards.your_comment"))).fill(text);
      await asker.getByRole("button", { name: exact(zh("boards.add_comment")) }).click();
      await asker.locator(".sy-c-comments").getByText(text).waitFor({ timeout: 15000 });
      await asker.close();
      const c = await ctx.api("GET", `/api/v1/comms/posts/${questionId}/comments`, undefined, { as: LEAD });
      const mine = c.items.find((x) => x.body === text);
      ctx.expect(mine && mine.author === null, `the asker's comment reaches ${LEAD} without a name (author: ${JSON.stringify(mine?.author)})`);
      const lead = await open(LEAD, `/comms/questions/${questionId}`);
      const item = lead.locator(".sy-c-comments li").filter({ hasText: text });
      await item.waitFor({ timeout: 15000 });
      const said = await item.innerText();
      ctx.expect(said.startsWith(en("boards.anonymous")) && !said.includes(VOTER), `${LEAD} reads the comment as Anonymous (${said.split("\n")[0]})`);
      await lead.close();
    });
  },
};
