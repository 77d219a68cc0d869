// Recognition and people (issue 13 part 2) through the UI, each person in
// their own browser:
//
//  1. agent01 gives agent02 kudos from the People page; agent02's page, open
//     all along, shows it on the wall without a reload, and agent02's bell
//     says so (comms.kudos);
//  2. agent01 and agent03 (in Chinese) nominate agent02 for agent of the week;
//  3. lead.red sees agent02 among the candidates with two nominations and
//     both reasons, and confirms agent02 with a note;
//  4. agent02 sees the winner card (and the comms.agent_of_week notification);
//  5. agent01 sets a birthday of today (in the center's time zone) with
//     "show my birthday" on, and it appears under today's celebrations for
//     agent02;
//  6. shared feedback: an integration API key creates a billing contact that
//     agent02 answers, asks for its survey and answers it with a comment;
//     agent02 shares it from "My feedback" and agent01 sees it on the wall;
//  7. the page for an agent (agent02) and for lead.red in en and zh-CN, shot
//     (screenshots/people/) and scanned by axe (serious or critical fail).
//
// A server without the routes skips the scenario with a note (the pages are
// built against the contract, /work/briefs/comms2-contract.md section 2).
import { settle as settleOf } from "../lib/settle.mjs";
import { exact, tr } from "../lib/i18n.mjs";

const A = "agent01";
const B = "agent02";
const C = "agent03";
const LEAD = "lead.red";
const STAMP = Date.now().toString(36);
const starts = (s) => new RegExp("^" + s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

/** The local date of `ms` in `timeZone` ("YYYY-MM-DD"). */
function localDate(ms, timeZone) {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(ms);
  const get = (t) => parts.find((p) => p.type === t)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

export default {
  name: "people",
  description: "people: kudos (wall and bell), nominations, the lead confirms the agent of the week, the winner card, a birthday today in celebrations, shared customer feedback; the page for an agent and a lead in en and zh-CN",
  timeoutMs: 420000,
  async run(ctx) {
    if (!(await ctx.serves("/api/v1/comms/kudos?limit=1", A, "people routes"))) return;
    const problems = [];
    const settle = (page) => settleOf(ctx, page);
    async function shoot(page, lang, name) {
      await settle(page);
      const raw = await page.evaluate(() => document.body.innerText.match(/\b(people|comms)\.[a-z_]+\.[a-z_.]+/g));
      if (raw) problems.push(`${lang}-${name}: raw keys ${raw.join(", ")}`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await ctx.screenshot(page, `${lang}-${name}`, { fullPage: true });
      await ctx.axe(page, `${lang} ${name}`, { minImpact: "serious" });
    }
    const en = tr("en");
    const bellUnread = new RegExp("^" + en("common.notify.bell_unread", { n: 999 }).replace("999", "\\d+") + "$");
    const me = await ctx.api("GET", "/api/v1/auth/me", undefined, { as: A });
    const zone = me.time_zone || "UTC";
    const today = localDate(Date.now(), zone);

    async function openPeople(user, lang) {
      const t = tr(lang);
      const page = await ctx.newPage({ lang, user, path: "/comms/people" });
      await page.getByRole("heading", { level: 2, name: exact(t("people.title")) }).waitFor({ timeout: 30000 });
      return { page, t };
    }
    const wall = (p) => p.page.getByRole("list", { name: exact(p.t("people.kudos.wall")) });

    // agent03 has no demo login: a user of team red linked to the engine's agent03, with the demo password
    await ctx.step(`admin makes a login for ${C} (team red)`, async () => {
      try {
        await ctx.api("POST", "/api/v1/users", { username: C, password: "switchyard-demo", role: "agent", team: "red", agent: C, display_name: "Agent Three" }, { as: "admin" });
      } catch (e) {
        if (e.status !== 409) throw e; // made by an earlier scenario
      }
    });

    // agent02's page is open all along
    const b = await openPeople(B, "en");
    await settle(b.page);

    // ---- 1. kudos ---------------------------------------------------------------
    const kudosText = `Thanks for covering my callback (${STAMP})`;
    await ctx.step(`${A} gives ${B} kudos; ${B} sees it on the wall and in the bell without a reload`, async () => {
      const a = await openPeople(A, "en");
      await a.page.getByText(exact(en("people.kudos.give"))).click();
      const form = a.page.getByRole("form", { name: exact(en("people.kudos.give")) });
      // not to myself: refused in the form, beside the field
      await form.getByLabel(starts(en("people.kudos.to"))).fill(A);
      await form.getByLabel(exact(en("people.kudos.message"))).fill(kudosText);
      await form.getByRole("button", { name: exact(en("people.kudos.send")) }).click();
      await form.getByText(en("people.kudos.invalid.self")).waitFor();
      await form.getByLabel(starts(en("people.kudos.to"))).fill(B);
      await form.getByLabel(exact(en("people.kudos.tag_label"))).selectOption("teamwork");
      await form.getByRole("button", { name: exact(en("people.kudos.send")) }).click();
      await form.getByText(starts("Kudos sent to")).waitFor({ timeout: 15000 });
      await a.page.close();

      await wall(b).getByText(kudosText).waitFor({ timeout: 20000 });
      const item = wall(b).getByRole("listitem").filter({ hasText: kudosText });
      ctx.expect((await item.innerText()).includes(en("people.kudos.tag.teamwork")), "the kudos carries its tag chip");
      const bell = b.page.getByRole("button", { name: bellUnread });
      await bell.waitFor({ timeout: 20000 });
      await bell.click();
      await b.page.getByText(en("people.notify.kudos", { from: A, tag: en("people.kudos.tag.teamwork") })).first().waitFor({ timeout: 10000 });
      await b.page.keyboard.press("Escape");
      const list = await ctx.api("GET", `/api/v1/comms/kudos?user=${B}`, undefined, { as: B });
      ctx.expect(list.items.some((k) => k.message === kudosText && k.from === A && k.to === B && k.tag === "teamwork"), "the server holds the kudos");
    });

    // ---- 2. nominations ------------------------------------------------------------
    const reasons = { [A]: `helped me with a refund (${STAMP})`, [C]: `耐心处理投诉 (${STAMP})` };
    for (const [user, lang] of [[A, "en"], [C, "zh-CN"]]) {
      await ctx.step(`${user} (${lang}) nominates ${B}`, async () => {
        const p = await openPeople(user, lang);
        const form = p.page.getByRole("form", { name: exact(p.t("people.aow.nominate")) });
        await form.waitFor({ timeout: 20000 });
        await form.getByLabel(starts(p.t("people.aow.nominee"))).fill(B);
        await form.getByLabel(exact(p.t("people.aow.reason"))).fill(reasons[user]);
        await form.getByRole("button", { name: exact(p.t("people.aow.send_nomination")) }).click();
        await p.page.getByText(p.t("people.aow.my_nomination", { nominee: B })).waitFor({ timeout: 15000 });
        await p.page.close();
      });
    }

    // ---- 3. the lead confirms ------------------------------------------------------
    const note = `Two colleagues thanked them this week (${STAMP})`;
    let week;
    await ctx.step(`${LEAD} sees ${B}'s two nominations with their reasons and confirms ${B}`, async () => {
      const l = await openPeople(LEAD, "en");
      const table = l.page.getByRole("table", { name: exact(en("people.aow.candidates")) });
      await table.waitFor({ timeout: 20000 });
      const row = table.getByRole("row").filter({ has: l.page.getByRole("rowheader", { name: starts(B) }) });
      const reasonsList = row.getByRole("list", { name: exact(en("people.aow.reasons_for", { agent: B })) });
      await reasonsList.waitFor();
      const text = await reasonsList.innerText();
      ctx.expect(text.includes(reasons[A]) && text.includes(reasons[C]), `both reasons are shown: ${text}`);
      const cells = await row.getByRole("cell").allInnerTexts();
      ctx.expect(cells.some((c) => /^2\b/.test(c.trim())), `${B} has 2 nominations: ${JSON.stringify(cells)}`);
      await shoot(l.page, "en", "lead-candidates");
      await row.getByRole("button", { name: exact(en("people.aow.confirm_named", { agent: B })) }).click();
      await l.page.getByLabel(exact(en("people.aow.note"))).fill(note);
      await l.page.getByRole("button", { name: exact(en("people.aow.confirm_button", { agent: B })) }).click();
      const winner = l.page.getByRole("region", { name: exact(en("people.aow.winner_region")) });
      await winner.waitFor({ timeout: 15000 });
      ctx.expect((await winner.innerText()).includes(note), "the winner card shows the note");
      const s = await ctx.api("GET", "/api/v1/comms/agent-of-week", undefined, { as: LEAD });
      week = s.week;
      ctx.expect(s.winner?.agent === B && s.winner?.by === LEAD, `the server has ${B} confirmed by ${LEAD} (${JSON.stringify(s.winner)})`);
      await l.page.close();
    });

    // ---- 4. the winner sees it --------------------------------------------------------
    await ctx.step(`${B} sees the winner card and the notification`, async () => {
      const winner = b.page.getByRole("region", { name: exact(en("people.aow.winner_region")) });
      await winner.waitFor({ timeout: 20000 });
      ctx.expect((await winner.innerText()).includes(en("people.aow.winner", { agent: B, team: "red" })), "the card names the winner");
      await b.page.getByRole("button", { name: starts(en("common.notify.bell")) }).click();
      await b.page.getByText(en("people.notify.aow_mine", { week })).first().waitFor({ timeout: 10000 });
      await b.page.keyboard.press("Escape");
    });

    // ---- 5. a birthday today -------------------------------------------------------------
    await ctx.step(`${A} sets a birthday of today (${today}, ${zone}) shown to colleagues; ${B} sees it today`, async () => {
      const a = await openPeople(A, "en");
      const card = a.page.getByRole("region", { name: exact(en("people.profile.title")) });
      await card.getByLabel(exact(en("people.profile.month"))).selectOption(today.slice(5, 7));
      await card.getByLabel(exact(en("people.profile.day"))).selectOption(today.slice(8, 10));
      const show = card.getByRole("switch", { name: exact(en("people.profile.show_birthday")) });
      if (!(await show.isChecked())) await show.check();
      await card.getByRole("button", { name: exact(en("people.profile.save")) }).click();
      await card.getByText(en("people.profile.saved")).waitFor({ timeout: 15000 });
      const p = await ctx.api("GET", "/api/v1/comms/profile", undefined, { as: A });
      ctx.expect(p.birthday === today.slice(5) && p.show_birthday === true, `the server keeps the birthday without a year (${JSON.stringify(p)})`);
      await a.page.close();

      const cel = await ctx.api("GET", "/api/v1/comms/celebrations?days=14", undefined, { as: B });
      const mine = cel.items.find((c) => c.user === A && c.kind === "birthday");
      ctx.expect(mine && mine.today === true && mine.date === today, `the server lists ${A}'s birthday today (${JSON.stringify(mine)})`);
      await b.page.reload();
      const todayList = b.page.getByRole("list", { name: exact(en("people.cel.today")) });
      await todayList.getByText(en("people.cel.birthday", { name: mine?.display_name || A })).waitFor({ timeout: 20000 });
    });

    // ---- 6. shared feedback ---------------------------------------------------------------
    const comment = `Very patient with my billing question, thank you (${STAMP})`;
    let feedbackMade = false;
    await ctx.step(`a customer of ${B} answers a survey with a comment (API: integration key, contact, survey)`, async () => {
      const key = (await ctx.api("POST", "/api/v1/api-keys", { name: `e2e-people-${STAMP}`, role: "integration" }, { as: "admin" })).key;
      const asKey = { headers: { Authorization: `ApiKey ${key}` } };
      const queues = await ctx.api("GET", "/api/v1/queues", undefined, { as: "admin" });
      const billing = (Array.isArray(queues) ? queues : (queues.queues ?? queues.items ?? [])).find((q) => q.name === "billing")?.id ?? "billing";
      await ctx.api("PUT", `/api/v1/queues/${billing}/survey`, { enabled: true, question: "How satisfied are you?", questions: [], ttl_s: 3600 }, { as: "admin" });
      try {
        await ctx.api("POST", `/api/v1/agents/${B}/login`, { ready: true }, { as: B });
      } catch (e) {
        if (e.status !== 409) throw e;
        await ctx.api("POST", `/api/v1/agents/${B}/state`, { state: "ready" }, { as: B });
      }
      const c = await ctx.api("POST", "/api/v1/contacts", { queue: "billing", customer_id: `e2e-people-${STAMP}` }, asKey);
      await ctx.waitFor(async () => {
        const x = await ctx.api("GET", `/api/v1/contacts/${c.id}`, undefined, { as: "admin" });
        return x.state === "offered";
      }, `contact ${c.id} offered (${B} is the only agent ready)`, 30000);
      await ctx.api("POST", `/api/v1/contacts/${c.id}/accept`, {}, { as: B });
      await ctx.api("POST", `/api/v1/contacts/${c.id}/end`, {}, { as: B });
      await ctx.api("POST", `/api/v1/contacts/${c.id}/wrapup`, { disposition: "resolved" }, { as: B }).catch(() => {});
      await ctx.api("POST", `/api/v1/agents/${B}/logout`, {}, { as: B }).catch(() => {});
      const sv = await ctx.api("POST", `/api/v1/contacts/${c.id}/survey`, {}, asKey);
      await ctx.api("POST", `/api/v1/surveys/${sv.token}`, { rating: 5, answers: [], comment });
      await ctx.waitFor(async () => (await ctx.api("GET", "/api/v1/comms/feedback/mine", undefined, { as: B })).items.some((f) => f.comment === comment), `${B}'s feedback lists the comment`, 20000);
      feedbackMade = true;
    });

    if (feedbackMade) {
      await ctx.step(`${B} shares the comment; ${A} sees it on the wall`, async () => {
        await b.page.reload();
        const mine = b.page.getByRole("list", { name: exact(en("people.fb.mine")) });
        const item = mine.getByRole("listitem").filter({ hasText: comment });
        await item.waitFor({ timeout: 20000 });
        // the switch follows the server (it turns on once the PUT answered): click, then wait
        await item.getByRole("switch", { name: exact(en("people.fb.share")) }).click();
        await item.getByText(exact(en("people.fb.shared"))).waitFor({ timeout: 15000 });
        const a = await openPeople(A, "en");
        const quotes = a.page.getByRole("list", { name: exact(en("people.fb.wall")) });
        await quotes.getByText(comment).waitFor({ timeout: 20000 });
        const q = quotes.getByRole("listitem").filter({ hasText: comment });
        ctx.expect((await q.getByRole("img").getAttribute("aria-label")) === en("people.fb.rating", { n: 5 }), "five stars, said in words");
        const text = await q.innerText();
        ctx.expect(!text.includes(`e2e-people-${STAMP}`), "the customer is never shown");
        await a.page.close();
      });
    }

    // ---- 7. every view in both languages ----------------------------------------------------
    for (const lang of ctx.LANGS) {
      await ctx.step(`[${lang}] the page for ${B} and for ${LEAD}`, async () => {
        const p = await openPeople(B, lang);
        await p.page.getByRole("region", { name: exact(p.t("people.aow.winner_region")) }).waitFor({ timeout: 20000 });
        await p.page.getByText(p.t("people.kudos.give"), { exact: true }).click();
        await shoot(p.page, lang, "agent");
        ctx.expect(ctx.pageErrors(p.page).length === 0, `[${lang}] no page errors for ${B}: ${JSON.stringify(ctx.pageErrors(p.page))}`);
        await p.page.close();
        const l = await openPeople(LEAD, lang);
        await l.page.getByRole("table", { name: exact(l.t("people.aow.candidates")) }).waitFor({ timeout: 20000 });
        await shoot(l.page, lang, "lead");
        ctx.expect(ctx.pageErrors(l.page).length === 0, `[${lang}] no page errors for ${LEAD}: ${JSON.stringify(ctx.pageErrors(l.page))}`);
        await l.page.close();
      });
    }
    await ctx.step("the desk's What's new line", async () => {
      const d = await ctx.newPage({ lang: "en", user: B, path: "/desk" });
      await d.locator(".desk-people").waitFor({ timeout: 30000 });
      const line = await d.locator(".desk-people").innerText();
      ctx.expect(line.includes(en("people.desk.kudos", { n: 1 })), `the desk counts the kudos: ${line}`);
      await shoot(d, "en", "desk");
      await d.close();
    });
    ctx.expect(problems.length === 0, `no raw catalogue keys: ${problems.join("; ")}`);
  },
};
