// Quality, issue 12's leftovers, in each language with its own contact:
//
//  1. a contact agent01 (team red) handled, made through the API as
//     60-quality does (accepted, ended, wrapped up), with a recording;
//  2. agent02 (team red too) opens "Peer review": the teammates' ended
//     contacts (GET /quality/contacts?scope=team; never agent02's own),
//     opens agent01's, hears its recording (the audit log marks the plays
//     as a peer review's), scores it on its scorecard (kind "peer", no
//     draft), and sees it submitted; the server has it as a peer review;
//  3. quality finds the contact in "Contacts" filtered by agent01, marked
//     "Peer", and opens it: the peer score is compared with the evaluator's
//     once quality submits its own;
//  4. quality switches the alert of a keyword of queue billing on (the
//     keyword lists), and the server keeps it in `alert`;
//  5. (a server with keyword alerts) a chat of support-chat whose visitor
//     says an alert keyword: lead.blue (agent11's lead) gets
//     quality.keyword_alert; the bell says it in en and zh-CN and leads to
//     /quality/contacts/<contact>;
//  6. the reports' keyword hits by team (that chat's hit under blue).
// Screenshots (screenshots/quality-peer/<lang>-<view>.png) of the Contacts
// list, the peer review, the keyword lists and the reports by team; axe
// (serious or critical fail). Skips with a note on a server without
// GET /api/v1/quality/contacts.
import { settle as settleOf } from "../lib/settle.mjs";
import { exact, tr } from "../lib/i18n.mjs";
import { join } from "node:path";
import { writeCall } from "../lib/recording.mjs";

const AGENT = "agent01";
const PEER = "agent02";
const EVALUATOR = "quality";
const QUEUE = "billing";

export default {
  name: "quality-peer",
  voice: true,
  description: "quality: agent02 peer-reviews a contact agent01 handled; quality finds it in Contacts with the peer mark; a keyword's alert switched on; keyword hits by team; en and zh-CN",
  timeoutMs: 300000,
  async run(ctx) {
    if (!(await ctx.serves("/api/v1/quality/contacts?limit=1", EVALUATOR, "ended contacts list (quality contract section 1)"))) return;
    const problems = [];
    const settle = (page) => settleOf(ctx, page);
    async function shoot(page, lang, name) {
      await settle(page);
      const raw = await page.evaluate(() => document.body.innerText.match(/\b(quality|common)\.[a-z_]+\.[a-z_.]+/g));
      if (raw) problems.push(`${lang}-${name}: raw keys ${raw.join(", ")}`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await ctx.screenshot(page, `${lang}-${name}`, { fullPage: true });
      await ctx.axe(page, `${lang} ${name}`, { minImpact: "serious" });
    }
    /** Answers every item of a scorecard form with its first choice (yes, 1, 0 points...) but the last, 'yes' or the best. */
    async function fill(form) {
      const groups = form.getByRole("radiogroup");
      const n = await groups.count();
      for (let i = 0; i < n; i++) {
        const radios = groups.nth(i).getByRole("radio");
        // the highest choice that is not N/A: the first for yes / no, the last number otherwise
        const labels = await radios.evaluateAll((els) => els.map((e) => e.value));
        const nums = labels.filter((v) => /^\d+$/.test(v));
        const pick = nums.length ? labels.indexOf(nums[nums.length - 1]) : labels.indexOf("yes");
        await radios.nth(pick >= 0 ? pick : 0).check();
      }
      return n;
    }

    // a scorecard for voice contacts of billing (60-quality makes one; alone, this scenario does)
    const cards = (await ctx.api("GET", "/api/v1/quality/scorecards", undefined, { as: EVALUATOR })).scorecards ?? [];
    const fits = (c) => !c.retired_ms && ["any", "voice", undefined].includes(c.applies_to?.channel) && [null, undefined, QUEUE].includes(c.applies_to?.queue);
    if (!cards.some(fits))
      await ctx.api("POST", "/api/v1/quality/scorecards", {
        name: "E2E peer",
        applies_to: { channel: "voice", queue: null, direction: "any" },
        sections: [{ title: "Call", items: [{ id: "greet", text: "Greeted the caller", weight: 1, kind: "yes_no" }, { id: "solution", text: "Quality of the solution", weight: 2, kind: "scale" }] }],
      }, { as: EVALUATOR });

    for (const lang of ctx.LANGS) {
      const t = tr(lang);

      // ---- 1. agent01's contact ------------------------------------------------
      const contact = await ctx.step(`${lang}: a contact ${AGENT} handled`, async () => {
        // recorded, as the relay writes it: the peer hears it (docs/quality.md "Peer review")
        return ctx.handledCall(AGENT, QUEUE, async (id) => {
          if (ctx.recordingsDir)
            writeCall(join(ctx.recordingsDir, `contact-${id}.wav`), [["customer", "Hello, my bill is wrong."], ["agent", "Let me correct it for you."]]);
        });
      });
      const openLink = (page) => page.getByRole("link", { name: new RegExp("^" + t("quality.contacts.open", { contact, when: "__" }).split("__")[0].replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) });

      // ---- 2. the peer review ----------------------------------------------------
      await ctx.step(`${lang}: ${PEER} peer-reviews contact ${contact}`, async () => {
        const mates = await ctx.api("GET", "/api/v1/quality/contacts?scope=team&limit=200", undefined, { as: PEER });
        ctx.expect(mates.items.some((r) => r.contact === contact), `contact ${contact} is among ${PEER}'s teammates' contacts`);
        ctx.expect(mates.items.every((r) => r.agent !== PEER), `never ${PEER}'s own in scope=team`);
        const p = await ctx.newPage({ lang, user: PEER, path: "/quality/peer" });
        await p.getByRole("heading", { name: exact(t("quality.peer.title")), level: 2 }).waitFor({ timeout: 20000 });
        const link = openLink(p);
        await link.waitFor({ timeout: 15000 });
        await shoot(p, lang, "peer-list");
        await link.click();
        await p.getByRole("heading", { name: exact(t("quality.evaluate.peer_title", { contact })) }).waitFor({ timeout: 15000 });
        const form = p.locator("form.sy-q-form");
        await form.waitFor({ timeout: 15000 });
        ctx.expect((await form.getByRole("button", { name: exact(t("quality.evaluate.save_draft")) }).count()) === 0, "a peer review has no draft");
        if (ctx.recordingsDir) {
          // the teammate's call plays for the peer, and the server audits it as a peer review's
          const player = p.getByLabel(exact(t("quality.media.player")));
          await player.waitFor({ timeout: 15000 });
          const src = await player.getAttribute("src");
          ctx.expect(/^\/api\/v1\/recordings\//.test(src ?? ""), `the peer's player has a signed link (${src})`);
          const heard = await p.evaluate(async (u) => (await fetch(u)).status, src);
          ctx.expect(heard === 200, `the recording plays for ${PEER} (${heard})`);
          const audit = await ctx.api("GET", "/api/v1/audit?limit=200", undefined, { as: "admin" });
          const plays = audit.filter((e) => e.action === "recording.play" && e.target === `contact:${contact}` && e.actor === PEER);
          ctx.expect(plays.length > 0 && plays.every((e) => e.detail.endsWith(", peer review")), `the audit log has ${PEER}'s plays as a peer review's (${plays.map((e) => e.detail).join("; ")})`);
        }
        const items = await fill(form);
        ctx.log(`    ${items} items answered`);
        await shoot(p, lang, "peer-review");
        await form.getByRole("button", { name: exact(t("quality.evaluate.submit")) }).click();
        await p.getByText(t("quality.evaluate.peer_submitted")).waitFor({ timeout: 15000 });
        await shoot(p, lang, "peer-submitted");
        const errs = ctx.pageErrors(p).filter((e) => !/ 40[34] |status of 40[34]/.test(e));
        if (errs.length) problems.push(`${lang} peer: ${errs.join("; ")}`);
        await p.close();
        const evs = await ctx.api("GET", `/api/v1/quality/evaluations?contact=${contact}`, undefined, { as: EVALUATOR });
        const peer = (evs.evaluations ?? []).find((e) => e.kind === "peer");
        ctx.expect(peer && peer.evaluator === PEER && peer.status !== "draft", `the server has ${PEER}'s peer review of ${contact} (${JSON.stringify(peer && { kind: peer.kind, evaluator: peer.evaluator, status: peer.status })})`);
      });

      // ---- 3. quality finds it in Contacts ----------------------------------------
      await ctx.step(`${lang}: ${EVALUATOR} finds contact ${contact} in Contacts, marked peer, and scores it`, async () => {
        const q = await ctx.newPage({ lang, user: EVALUATOR, path: "/quality/contacts" });
        const filters = q.getByRole("form", { name: exact(t("quality.contacts.filters")) });
        await filters.waitFor({ timeout: 20000 });
        await filters.getByLabel(exact(t("quality.contacts.filter.agent"))).fill(AGENT);
        await filters.getByRole("button", { name: exact(t("quality.contacts.show")) }).click();
        const link = openLink(q);
        await link.waitFor({ timeout: 15000 });
        const row = q.getByRole("row").filter({ has: link });
        ctx.expect((await row.getByText(exact(t("quality.contacts.mark_peer"))).count()) === 1, `the row of ${contact} is marked "${t("quality.contacts.mark_peer")}"`);
        ctx.expect((await row.getByText(exact(t("quality.contacts.not_evaluated"))).count()) === 1, `and not evaluated yet`);
        await shoot(q, lang, "contacts");
        await link.click();
        await q.waitForURL(new RegExp(`/quality/contacts/${contact}$`));
        await q.getByRole("heading", { name: exact(t("quality.evaluate.title", { contact })) }).waitFor({ timeout: 15000 });
        const form = q.locator("form.sy-q-form");
        await form.waitFor({ timeout: 15000 });
        await fill(form);
        await form.getByRole("button", { name: exact(t("quality.evaluate.submit")) }).click();
        await q.getByText(t("quality.evaluate.submitted")).waitFor({ timeout: 15000 });
        // the comparison, read again after the submit: the peer's score beside the evaluator's
        await q.getByRole("heading", { name: exact(t("quality.compare.title")) }).waitFor({ timeout: 15000 });
        await shoot(q, lang, "contact-compared");
        const errs = ctx.pageErrors(q).filter((e) => !/ 404 |status of 404/.test(e));
        if (errs.length) problems.push(`${lang} contacts: ${errs.join("; ")}`);
        await q.close();
        const after = await ctx.api("GET", `/api/v1/quality/contacts?agent=${AGENT}&limit=200`, undefined, { as: EVALUATOR });
        const r = after.items.find((x) => x.contact === contact);
        ctx.expect(r && r.peer === true && r.evaluated === true && typeof r.score === "number", `the list has it evaluated and peer-reviewed (${JSON.stringify(r)})`);
      });

      // ---- 4. a keyword's alert ------------------------------------------------------
      await ctx.step(`${lang}: ${EVALUATOR} switches the alert of a ${QUEUE} keyword on`, async () => {
        const keyword = lang === "en" ? "refund" : "chargeback";
        const before = (await ctx.api("GET", "/api/v1/quality/keywords", undefined, { as: EVALUATOR })).lists.find((l) => l.queue === QUEUE);
        const q = await ctx.newPage({ lang, user: EVALUATOR, path: "/quality/keywords" });
        await q.getByRole("heading", { name: exact(t("quality.kw.title")) }).waitFor({ timeout: 20000 });
        let form = q.getByRole("form", { name: exact(t("quality.kw.queue", { queue: QUEUE })) });
        if (!before) {
          // no list for billing yet: start one
          const start = q.getByRole("form", { name: exact(t("quality.kw.new")) });
          await start.getByLabel(exact(t("quality.kw.new_queue"))).fill(QUEUE);
          await start.getByRole("button", { name: exact(t("quality.kw.start")) }).click();
        }
        await form.waitFor({ timeout: 15000 });
        if (!(before?.keywords ?? []).includes(keyword)) {
          await form.getByLabel(exact(t("quality.kw.add_label"))).fill(keyword);
          await form.getByRole("button", { name: exact(t("quality.kw.add")) }).click();
        }
        const box = form.getByRole("checkbox", { name: exact(t("quality.kw.alert_for", { keyword })) });
        await box.check();
        await form.getByRole("button", { name: exact(t("quality.kw.save", { queue: QUEUE })) }).click();
        await form.getByText(t("quality.kw.saved", { queue: QUEUE })).waitFor({ timeout: 15000 });
        await shoot(q, lang, "keywords");
        await q.close();
        const list = (await ctx.api("GET", "/api/v1/quality/keywords", undefined, { as: EVALUATOR })).lists.find((l) => l.queue === QUEUE);
        ctx.expect(list && (list.alert ?? []).includes(keyword) && list.keywords.includes(keyword), `the server keeps "${keyword}" alerting on ${QUEUE} (${JSON.stringify(list)})`);
      });
    }

    // ---- 5. a keyword alert reaches the team lead's bell ----------------------------------
    // (a server that keeps `alert` in the keyword lists: contract section 3)
    const chatQueue = "support-chat";
    let alertContact = null;
    const lists = (await ctx.api("GET", "/api/v1/quality/keywords", undefined, { as: EVALUATOR })).lists ?? [];
    if (!lists.every((l) => Array.isArray(l.alert))) ctx.log("  SKIPPED: the server's keyword lists have no `alert` (contract section 3)");
    else
      await ctx.step(`a chat of ${chatQueue} saying an alert keyword: lead.blue's bell says so and leads to the contact`, async () => {
        const CHAT_AGENT = "agent11";
        const CHAT_LEAD = "lead.blue";
        const keyword = "kettle";
        const old = lists.find((l) => l.queue === chatQueue) ?? { keywords: [], alert: [] };
        await ctx.api("PUT", `/api/v1/quality/keywords/${chatQueue}`, { keywords: [...new Set([...old.keywords, keyword])], alert: [...new Set([...old.alert, keyword])] }, { as: EVALUATOR });
        try {
          await ctx.api("POST", `/api/v1/agents/${CHAT_AGENT}/login`, { ready: true }, { as: CHAT_AGENT });
        } catch (e) {
          if (e.status !== 409) throw e;
          await ctx.api("POST", `/api/v1/agents/${CHAT_AGENT}/state`, { state: "ready" }, { as: CHAT_AGENT });
        }
        let contact = null;
        try {
          const visitor = await ctx.newPage({ lang: "en" });
          await visitor.goto("/chat-demo.html");
          const w = visitor.locator("switchyard-chat");
          await w.locator("button.launcher").click();
          await w.locator("#sy-first").fill(`Hello, my ${keyword} does not boil.`);
          await w.locator("form").first().locator("button[type=submit]").click();
          contact = await ctx.waitFor(() => visitor.evaluate(() => JSON.parse(sessionStorage.getItem("switchyard-chat:wg_demo") ?? "null")?.contact), "the chat to start");
          await ctx.waitFor(async () => ["offered", "active"].includes((await ctx.api("GET", `/api/v1/chat/sessions/${contact}`, undefined, { as: "admin" })).state), `chat ${contact} offered`);
          await ctx.api("POST", `/api/v1/contacts/${contact}/accept`, {}, { as: CHAT_AGENT });
          await ctx.api("POST", `/api/v1/contacts/${contact}/end`, {}, { as: CHAT_AGENT });
          await ctx.api("POST", `/api/v1/contacts/${contact}/wrapup`, { disposition: "resolved" }, { as: CHAT_AGENT });
          await visitor.close();
        } finally {
          await ctx.api("POST", `/api/v1/agents/${CHAT_AGENT}/logout`, {}, { as: CHAT_AGENT }).catch(() => {});
        }
        const note = await ctx.waitFor(async () => {
          const page = await ctx.api("GET", "/api/v1/notifications?limit=50", undefined, { as: CHAT_LEAD });
          return (page.items ?? []).find((n) => n.kind === "quality.keyword_alert" && Number(n.data?.contact) === contact);
        }, `${CHAT_LEAD}'s quality.keyword_alert for contact ${contact}`, 30000);
        alertContact = contact;
        // contract section 1: keyword_hits of the list counts the contact's hits; said, not failed on
        // (the server of 2 Dec 13:36 answers 0 for a chat whose alert fired and that the hits report counts)
        const listed = (await ctx.api("GET", `/api/v1/quality/contacts?agent=${CHAT_AGENT}&limit=200`, undefined, { as: CHAT_LEAD })).items.find((r) => r.contact === contact);
        if (!listed || !(listed.keyword_hits >= 1)) ctx.log(`  MISMATCH: contact ${contact} hit "${keyword}" (alert sent) but GET /quality/contacts says keyword_hits ${listed?.keyword_hits}`);
        ctx.expect(note.link === `/quality/contacts/${contact}` && note.data.keyword === keyword, `the alert names "${keyword}" and links the contact (${JSON.stringify(note)})`);
        for (const lang of ctx.LANGS) {
          const t = tr(lang);
          const lead = await ctx.newPage({ lang, user: CHAT_LEAD, path: "/quality/contacts" });
          await lead.getByRole("heading", { name: exact(t("quality.contacts.title")), level: 2 }).waitFor({ timeout: 20000 });
          await lead.locator("button.notify-bell").click();
          const sentence = t("common.notify.quality_keyword_alert", { keyword, contact, queue: chatQueue, agent: CHAT_AGENT });
          const item = lead.locator(".notify-list .notify-item").filter({ hasText: sentence });
          await item.first().waitFor({ timeout: 15000 });
          await shoot(lead, lang, "keyword-alert-bell");
          await item.first().getByRole("button").first().click();
          await lead.waitForURL(new RegExp(`/quality/contacts/${contact}$`), { timeout: 10000 });
          await lead.getByRole("heading", { name: exact(t("quality.evaluate.title", { contact })) }).waitFor({ timeout: 15000 });
          await lead.close();
        }
      });

    // ---- 6. the reports: keyword hits by team (after the alert's chat: a hit of team blue) ----
    for (const lang of ctx.LANGS) {
      const t = tr(lang);
      await ctx.step(`${lang}: the keyword hits by team`, async () => {
        const q = await ctx.newPage({ lang, user: EVALUATOR, path: "/quality/reports" });
        await q.getByRole("heading", { name: exact(t("quality.rep.hits")) }).waitFor({ timeout: 20000 });
        const hitsRequest = q.waitForResponse((r) => r.url().includes("/quality/keyword-hits") && r.url().includes("by=team"));
        await q.locator("#sy-q-hits-by").selectOption("team");
        const res = await hitsRequest;
        ctx.expect(res.status() === 200, `keyword-hits?by=team answers ${res.status()}`);
        await q.getByRole("table", { name: exact(t("quality.rep.hits_caption", { by: t("quality.rep.hits_by_team") })) }).waitFor({ state: "attached", timeout: 15000 });
        if (alertContact) {
          const table = q.getByRole("table", { name: exact(t("quality.rep.hits_caption", { by: t("quality.rep.hits_by_team") })) });
          await table.getByRole("row").filter({ hasText: "kettle" }).filter({ hasText: "blue" }).first().waitFor({ timeout: 15000 });
          ctx.expect(true, `the alert's hit counts under team blue`);
        }
        await shoot(q, lang, "reports-by-team");
        await q.close();
      });
    }

    ctx.expect(problems.length === 0, `no raw keys or page errors${problems.length ? ": " + problems.join(" | ") : ""}`);
  },
};
