// Internal communication (issue 13): briefings, the knowledge base and
// announcements, each person in their own browser.
//
//  1. the admin sets the briefing of every site to a couple of minutes from
//     now (deadline 0) in the schedule editor;
//  2. a department (user wfm) submits an item for every site, told which
//     briefing it goes to;
//  3. while the briefing's minute comes (nothing below waits for it): a
//     knowledge-base article written in Chinese (wfm) is sent to review,
//     published by quality, linked to queue billing, edited (a second
//     version, diffed) and found by agent01 with a Chinese search; the desk
//     suggests it for a billing contact in hand;
//  4. lead.red posts an URGENT announcement to team red: it pops up on
//     agent01's desk, who acknowledges it (read on the server);
//  5. the server has published the briefing at its time (its published_ms
//     is at the minute set, not before): agent01's desk, open all along,
//     shows it under "What's new" (the comms.briefing notification), and
//     agent01 reads it there;
//  6. lead.red's receipts show agent01 under "read" (paris) and agent02 under
//     "not read" (lyon: a site's briefing lists its own agents);
//  7. every view in en and zh-CN, shot (screenshots/comms/) and scanned by
//     axe (serious or critical fail): those that do not show the briefing
//     before step 5 (while its minute comes), the briefing's after step 6.
import { settle as settleOf } from "../lib/settle.mjs";
import { exact, tr } from "../lib/i18n.mjs";

const AGENT = "agent01";
const OTHER = "agent02";
const LEAD = "lead.red";
const QUEUE = "billing";

const pad = (n) => String(n).padStart(2, "0");
/** A RegExp matching text that starts with `s` (a heading with a count badge after it). */
const starts = (s) => new RegExp("^" + s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

/** The local date and minute of the day of `ms` in `timeZone`. */
function localNow(ms, timeZone) {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(ms);
  const get = (t) => parts.find((p) => p.type === t)?.value ?? "00";
  return { date: `${get("year")}-${get("month")}-${get("day")}`, minute: Number(get("hour")) * 60 + Number(get("minute")) };
}

export default {
  name: "comms",
  description: "comms: the briefing published at its time reaches agent01 who reads it (receipts), a Chinese KB article found by a Chinese search, an urgent announcement pops up on the desk; every view in en and zh-CN",
  timeoutMs: 480000,
  async run(ctx) {
    const problems = [];

    const settle = (page) => settleOf(ctx, page);
    async function shoot(page, lang, name) {
      await settle(page);
      const raw = await page.evaluate(() => document.body.innerText.match(/\bcomms\.[a-z_]+\.[a-z_.]+/g));
      if (raw) problems.push(`${lang}-${name}: raw keys ${raw.join(", ")}`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await ctx.screenshot(page, `${lang}-${name}`, { fullPage: true });
      await ctx.axe(page, `${lang} ${name}`, { minImpact: "serious" });
    }

    // The routes must be there (the lead's server, contract sections 1 and 2).
    await ctx.step("the comms routes answer", async () => {
      try {
        await ctx.api("GET", "/api/v1/comms/briefing-schedule", undefined, { as: "admin" });
        await ctx.api("GET", "/api/v1/kb/articles?limit=1", undefined, { as: "admin" });
      } catch (e) {
        throw new Error(`this server has no comms routes yet (${e.status ?? ""} ${JSON.stringify(e.body ?? e.message)})`);
      }
    });

    const agentInfo = await ctx.api("GET", `/api/v1/agents/${AGENT}`, undefined, { as: "admin" });
    const sites = await ctx.api("GET", "/api/v1/sites", undefined, { as: "admin" });
    const site = agentInfo.config?.site || sites[0]?.name;
    ctx.expect(!!site, `${AGENT} has a site (${site})`);
    const me = await ctx.api("GET", "/api/v1/auth/me", undefined, { as: "admin" });
    const schedule = (await ctx.api("GET", "/api/v1/comms/briefing-schedule", undefined, { as: "admin" })).items ?? [];
    const zone = schedule.find((r) => r.site === site)?.time_zone || me.time_zone || "UTC";

    const en = tr("en");
    const zh = tr("zh-CN");

    // agent01's desk is open all along (English); a billing contact in hand for the suggestions.
    await ctx.api("POST", `/api/v1/agents/${AGENT}/logout`, {}, { as: AGENT }).catch(() => {});
    const desk = await ctx.newPage({ lang: "en", user: AGENT, path: "/desk" });
    await desk.getByRole("heading", { name: starts(en("comms.desk.whats_new")) }).waitFor({ timeout: 30000 });

    // ---- 1. the schedule ---------------------------------------------------
    let publishAt;
    let publishMs; // the start of the minute publishAt (the zone's offset is whole minutes)
    let today;
    await ctx.step(`admin sets the briefing of every site to two minutes from now`, async () => {
      let nowMs = Date.now();
      let now = localNow(nowMs, zone);
      if (now.minute >= 1436) {
        // close to midnight: wait for the new day
        await new Promise((r) => setTimeout(r, (1441 - now.minute) * 60000));
        nowMs = Date.now();
        now = localNow(nowMs, zone);
      }
      const at = now.minute + 2;
      publishMs = Math.floor(nowMs / 60000) * 60000 + 2 * 60000;
      publishAt = `${pad(Math.floor(at / 60))}:${pad(at % 60)}`;
      today = now.date;
      const admin = await ctx.newPage({ lang: "en", user: "admin", path: "/comms/briefings/schedule" });
      // every site (agent01 works at one, agent02 at the other)
      for (const { name } of sites) {
        const box = admin.getByRole("group", { name: exact(en("comms.brief.site_named", { site: name })) });
        await box.waitFor({ timeout: 20000 });
        await box.getByLabel(exact(en("comms.brief.time_zone"))).fill(zone);
        await box.getByLabel(exact(en("comms.brief.publish_at"))).fill(publishAt);
        await box.getByLabel(starts(en("comms.brief.deadline"))).fill("0");
      }
      await admin.getByRole("button", { name: exact(en("comms.save")) }).click();
      await admin.getByText(en("comms.brief.schedule_saved")).waitFor({ timeout: 15000 });
      await shoot(admin, "en", "schedule");
      const rows = (await ctx.api("GET", "/api/v1/comms/briefing-schedule", undefined, { as: "admin" })).items;
      const row = rows.find((r) => r.site === site);
      ctx.expect(row && row.publish_at === publishAt && row.deadline_minutes === 0, `the server keeps ${site} at ${publishAt}, deadline 0 (${JSON.stringify(row)})`);
      ctx.log(`    ${site} publishes at ${publishAt} ${zone} (today ${today})`);
      await admin.close();
    });

    // ---- 2. a department's item ----------------------------------------------
    const itemTitle = "Overtime on Saturday";
    await ctx.step("wfm submits an item for today's briefing", async () => {
      const wfm = await ctx.newPage({ lang: "en", user: "wfm", path: "/comms/briefings" });
      const form = wfm.getByRole("form", { name: exact(en("comms.brief.submit")) });
      await form.waitFor({ timeout: 20000 });
      await form.getByLabel(exact(en("comms.brief.site"))).selectOption(""); // every site
      await wfm.getByText(/Goes to the briefing of/).waitFor();
      await form.getByLabel(new RegExp("^" + en("comms.field_title"))).fill(itemTitle);
      await form.getByLabel(exact(en("comms.field_body"))).fill("Saturday 10:00–16:00 is open for overtime: ask your team lead.");
      await shoot(wfm, "en", "briefings-writer");
      await form.getByRole("button", { name: exact(en("comms.brief.submit_button")) }).click();
      await wfm.getByText(/^Submitted for the briefing of/).waitFor({ timeout: 15000 });
      const pending = await ctx.api("GET", `/api/v1/comms/briefing-items?date=${today}`, undefined, { as: "wfm" });
      const item = (pending.items ?? []).find((i) => i.title === itemTitle);
      ctx.expect(item && item.briefing_date === today, `the item goes to today's briefing (${JSON.stringify(item)})`);
      await wfm.close();
    });

    // ---- 3. a Chinese article (while the briefing's minute comes) -------------
    const zhTitle = `退款政策 ${Date.now() % 100000}`;
    const zhBody = "# 适用范围\n\n客户在**七天内**可以申请退款。\n\n- 保留发票\n- 联系客服\n\n详见 [退款流程](/comms/kb)。";
    let articleId;
    await ctx.step("wfm writes an article in Chinese and asks for review", async () => {
      const w = await ctx.newPage({ lang: "zh-CN", user: "wfm", path: "/comms/kb/new" });
      await w.getByLabel(new RegExp("^" + zh("comms.kb.field_title"))).fill(zhTitle);
      await w.getByLabel(new RegExp("^" + zh("comms.kb.category"))).fill("账单");
      await w.getByLabel(exact(zh("comms.kb.tags"))).fill("退款, refund");
      await w.getByLabel(exact(zh("comms.kb.body"))).fill(zhBody);
      await w.getByLabel(exact(zh("comms.kb.note"))).fill("初稿");
      await w.getByRole("button", { name: exact(zh("comms.kb.preview")) }).click();
      await shoot(w, "zh-CN", "kb-editor");
      await w.getByRole("button", { name: exact(zh("comms.kb.create")) }).click();
      await w.waitForURL(/\/comms\/kb\/\d+$/, { timeout: 15000 });
      articleId = Number(new URL(w.url()).pathname.split("/").pop());
      await w.getByRole("button", { name: exact(zh("comms.kb.to_status.in_review")) }).click();
      await w.getByText(zh("comms.kb.status_done.in_review")).waitFor({ timeout: 15000 });
      await w.close();
    });

    await ctx.step("quality publishes it and links it to queue billing", async () => {
      const q = await ctx.newPage({ lang: "en", user: "quality", path: `/comms/kb/${articleId}` });
      await q.getByRole("button", { name: exact(en("comms.kb.to_status.published")) }).click();
      await q.getByText(en("comms.kb.status_done.published")).waitFor({ timeout: 15000 });
      await shoot(q, "en", "kb-article-reviewer");
      await q.goto(`/comms/kb/queues`);
      await q.getByLabel(exact(en("comms.kb.queue"))).selectOption(QUEUE);
      await q.getByLabel(exact(en("comms.kb.find_to_link"))).fill("退款政策");
      await q.getByRole("button", { name: exact(en("comms.kb.link", { title: zhTitle })) }).click();
      await q.getByRole("button", { name: exact(en("comms.kb.save")) }).click();
      await q.getByText(/^Saved: \d+ articles for billing\.$/).waitFor({ timeout: 15000 });
      await shoot(q, "en", "kb-queue-links");
      const linked = await ctx.api("GET", `/api/v1/kb/queues/${QUEUE}/articles`, undefined, { as: AGENT });
      ctx.expect(linked.items.some((a) => a.id === articleId), `queue ${QUEUE} links article ${articleId}`);
      await q.close();
    });

    await ctx.step("wfm edits it (a second version) and the diff shows the change", async () => {
      const w = await ctx.newPage({ lang: "en", user: "wfm", path: `/comms/kb/${articleId}/edit` });
      const body = w.getByLabel(exact(en("comms.kb.body")));
      await body.waitFor({ timeout: 15000 });
      await body.fill(zhBody.replace("七天内", "十四天内") + "\n\n- 退款三天内到账");
      await w.getByLabel(exact(en("comms.kb.note"))).fill("14 days");
      await w.getByRole("button", { name: exact(en("comms.kb.save")) }).click();
      await w.waitForURL(new RegExp(`/comms/kb/${articleId}$`), { timeout: 15000 });
      await w.goto(`/comms/kb/${articleId}/versions?from=1&to=2`);
      await w.getByRole("list", { name: exact(en("comms.kb.diff_of", { from: 1, to: 2 })) }).waitFor({ timeout: 15000 });
      ctx.expect((await w.locator(".sy-c-diff-add").count()) >= 1 && (await w.locator(".sy-c-diff-del").count()) >= 1, "the diff has added and removed lines");
      await shoot(w, "en", "kb-versions-diff");
      await w.close();
      // the edit went back to review: quality publishes version 2
      await ctx.api("POST", `/api/v1/kb/articles/${articleId}/status`, { status: "published" }, { as: "quality" });
    });

    await ctx.step(`${AGENT} finds it with a Chinese search, votes and comments`, async () => {
      const a = await ctx.newPage({ lang: "zh-CN", user: AGENT, path: "/comms/kb" });
      await a.getByRole("searchbox", { name: exact(zh("comms.kb.search")) }).fill("退款政策");
      const hit = a.getByRole("link", { name: exact(zhTitle) });
      await hit.waitFor({ timeout: 15000 });
      await shoot(a, "zh-CN", "kb-search");
      await hit.click();
      await a.getByRole("heading", { name: "适用范围" }).waitFor({ timeout: 15000 });
      await a.getByRole("button", { name: exact(zh("comms.kb.helpful", { n: 0 })) }).click();
      await a.getByRole("button", { name: exact(zh("comms.kb.helpful", { n: 1 })) }).waitFor();
      await a.getByLabel(exact(zh("comms.kb.your_comment"))).fill("很有用，谢谢！");
      await a.getByRole("button", { name: exact(zh("comms.kb.add_comment")) }).click();
      await a.getByText("很有用，谢谢！").waitFor();
      await shoot(a, "zh-CN", "kb-article");
      await a.close();
    });

    await ctx.step(`the desk suggests it for a ${QUEUE} contact in hand`, async () => {
      await ctx.api("POST", `/api/v1/agents/${AGENT}/login`, { ready: true }, { as: AGENT });
      let c = null;
      try {
        c = await ctx.api("POST", "/api/v1/contacts", { queue: QUEUE, channel: "voice" }, { as: "admin" });
        await ctx.api("POST", `/api/v1/contacts/${c.id}/accept`, {}, { as: AGENT });
        // an urgent announcement left unread (an earlier run on this store) is acknowledged first
        const left = desk.getByRole("dialog");
        if (await left.isVisible()) await left.getByRole("button", { name: exact(en("comms.desk.acknowledge")) }).click();
        const panel = desk.getByRole("region", { name: exact(en("comms.desk.suggested")) });
        const link = panel.getByRole("button", { name: exact(zhTitle) });
        await link.waitFor({ timeout: 20000 });
        await link.click();
        await desk.getByRole("region", { name: exact(en("comms.desk.article_panel", { title: zhTitle })) }).waitFor({ timeout: 15000 });
        await shoot(desk, "en", "desk-suggested");
      } finally {
        // end what was started, whatever failed: the next scenario gets agent01 logged out
        if (c) {
          await ctx.api("POST", `/api/v1/contacts/${c.id}/end`, {}, { as: AGENT }).catch(() => {});
          await ctx.api("POST", `/api/v1/contacts/${c.id}/wrapup`, { disposition: "resolved" }, { as: AGENT }).catch(() => {});
        }
        await ctx.api("POST", `/api/v1/agents/${AGENT}/logout`, {}, { as: AGENT }).catch(() => {});
      }
    });

    // ---- 4. an urgent announcement -------------------------------------------
    const annTitle = `Fire drill at 15:00 (${Date.now() % 100000})`;
    await ctx.step(`${LEAD} posts an urgent announcement to team red; it pops up on ${AGENT}'s desk`, async () => {
      const lead = await ctx.newPage({ lang: "en", user: LEAD, path: "/comms/announcements/new" });
      const form = lead.getByRole("form", { name: exact(en("comms.ann.new")) });
      await form.waitFor({ timeout: 15000 });
      await form.getByLabel(new RegExp("^" + en("comms.field_title"))).fill(annTitle);
      await form.getByLabel(exact(en("comms.field_body"))).fill("Leave by the stairs, meet in the car park.");
      await form.getByLabel(exact(en("comms.ann.category_label"))).selectOption("policy");
      await form.getByLabel(exact(en("comms.ann.urgent_label"))).check();
      await form.getByLabel(exact(en("comms.ann.pin"))).check();
      await shoot(lead, "en", "announcement-editor");
      await form.getByRole("button", { name: exact(en("comms.ann.publish")) }).click();
      await lead.waitForURL(/\/comms\/announcements\/\d+$/, { timeout: 15000 });
      const dialog = desk.getByRole("dialog", { name: exact(en("comms.desk.urgent_title", { title: annTitle })) });
      await dialog.waitFor({ timeout: 30000 });
      await shoot(desk, "en", "desk-urgent");
      await dialog.getByRole("button", { name: exact(en("comms.desk.acknowledge")) }).click();
      await dialog.waitFor({ state: "hidden" });
      const mine = (await ctx.api("GET", "/api/v1/comms/announcements", undefined, { as: AGENT })).items.find((x) => x.title === annTitle);
      ctx.expect(mine && mine.read_ms !== null, `acknowledged = read on the server (${JSON.stringify(mine)})`);
      // the receipts: agent01 read it
      await lead.goto("/comms/announcements");
      const card = lead.getByRole("article", { name: starts(annTitle) });
      await card.getByRole("button", { name: starts(en("comms.ann.receipts_button", { n: "" }).split("(")[0]) }).click();
      const readList = card.getByRole("heading", { name: /^Read \(\d+\)$/ }).locator("..");
      await readList.waitFor();
      ctx.expect(new RegExp(`\\b${AGENT}\\b`).test(await readList.innerText()), `${AGENT} is in the announcement's receipts`);
      await shoot(lead, "en", "announcements-receipts");
      await lead.close();
    });

    // ---- 7. every view, both languages (those without the briefing now) -------
    // the views that do not show the briefing are shot while its minute comes (before step 5),
    // the briefing's own after it is out (after step 6)
    let briefingId; // set at step 5
    async function views(lang, which) {
      const t = tr(lang);
      const all = [
        [AGENT, "/comms/briefings", "briefings-agent", t("comms.brief.title"), true],
        [AGENT, "/comms/announcements", "announcements-agent", t("comms.ann.title"), false],
        [AGENT, "/comms/kb", "kb-agent", t("comms.kb.title"), false],
        [AGENT, `/comms/kb/${articleId}`, "kb-article-agent", null, false],
        ["quality", "/comms/kb", "kb-writer", t("comms.kb.title"), false],
        ["quality", `/comms/kb/${articleId}`, "kb-article-manage", t("comms.kb.manage"), false],
        ["quality", `/comms/kb/${articleId}/versions?from=1&to=2`, "kb-diff", t("comms.kb.diff_of", { from: 1, to: 2 }), false],
        ["quality", "/comms/kb/queues", "kb-queues", t("comms.kb.queue_links"), false],
        ["wfm", `/comms/kb/${articleId}/edit`, "kb-edit", null, false],
        ["wfm", "/comms/briefings", "briefings-wfm", t("comms.brief.submit"), true],
        [LEAD, `/comms/briefings/${briefingId}`, "briefing-lead", t("comms.receipts"), true],
        [LEAD, "/comms/announcements", "announcements-lead", t("comms.ann.title"), false],
        [LEAD, "/comms/announcements/new", "announcement-new", t("comms.ann.new"), false],
        ["admin", "/comms/briefings/schedule", "schedule-admin", t("comms.brief.schedule"), false],
        [AGENT, "/desk", "desk", t("comms.desk.whats_new"), true],
      ];
      for (const [user, path, name, heading, briefing] of all) {
        if (briefing !== (which === "briefing")) continue;
        const p = await ctx.newPage({ lang, user, path });
        if (heading) await p.getByRole("heading", { name: starts(heading) }).first().waitFor({ timeout: 20000 });
        else await p.locator("h2").first().waitFor({ timeout: 20000 });
        await shoot(p, lang, name);
        const errs = ctx.pageErrors(p);
        if (errs.length) problems.push(`${lang}-${name}: ${errs.join("; ")}`);
        await p.close();
      }
    }
    for (const lang of ctx.LANGS) await ctx.step(`[${lang}] every comms view but the briefing's`, () => views(lang, "other"));

    // ---- 5. published at its time, read on the desk ----------------------------
    await ctx.step(`the briefing is published at ${publishAt} and reaches ${AGENT}'s desk`, async () => {
      const summary = desk.getByText(/^Briefing of /);
      // the steps above ran while the minute came: wait what is left of 4 minutes after it
      const left = Math.max(30000, publishMs + 240000 - Date.now());
      ctx.log(`    waiting up to ${Math.round(left / 1000)} s (${Math.round((Date.now() - publishMs) / 1000)} s after ${publishAt})`);
      try {
        await summary.waitFor({ timeout: left });
      } catch (e) {
        // say which side failed: the server's publishing, or the live update of the desk
        const list = await ctx.api("GET", "/api/v1/comms/briefings?limit=5", undefined, { as: AGENT }).catch((x) => ({ error: String(x) }));
        throw new Error(`the desk shows no briefing 4 minutes after ${publishAt}; the server's briefings for ${AGENT}: ${JSON.stringify(list)}`);
      }
      const list = await ctx.api("GET", "/api/v1/comms/briefings?limit=5", undefined, { as: AGENT });
      const b = list.items.find((x) => x.date === today && x.site === site);
      ctx.expect(b && b.items.some((i) => i.title === itemTitle), `today's briefing has the item (${JSON.stringify(b)})`);
      // published at its time: not before the minute set, and within the 4 minutes the desk was given
      ctx.expect(
        b.published_ms >= publishMs - 1000 && b.published_ms <= publishMs + 240000,
        `published at ${publishAt}: ${new Date(b.published_ms).toISOString()} is in [${new Date(publishMs).toISOString()}, +4 min]`,
      );
      briefingId = b.id;
      await summary.click();
      await desk.getByText(itemTitle).waitFor();
      await shoot(desk, "en", "desk-briefing");
      await desk.locator(".desk-comms").getByRole("button", { name: exact(en("comms.mark_read")) }).first().click();
      await ctx.waitFor(async () => (await ctx.api("GET", `/api/v1/comms/briefings/${briefingId}`, undefined, { as: AGENT })).read_ms !== null, "the briefing read on the server");
    });

    await ctx.step(`${LEAD} sees ${AGENT} read and ${OTHER} not`, async () => {
      // agent02 works at the other site: its own briefing of today
      const all = (await ctx.api("GET", "/api/v1/comms/briefings?limit=10", undefined, { as: "admin" })).items;
      const otherSite = (await ctx.api("GET", `/api/v1/agents/${OTHER}`, undefined, { as: "admin" })).config?.site;
      const other = all.find((b) => b.date === today && b.site === otherSite);
      ctx.expect(!!other, `today's briefing of ${otherSite} (${OTHER}'s site) is out too`);
      const lists = async (id) => {
        const lead = await ctx.newPage({ lang: "en", user: LEAD, path: `/comms/briefings/${id}` });
        const read = lead.getByRole("heading", { name: /^Read \(\d+\)$/ }).locator("..");
        const unread = lead.getByRole("heading", { name: /^Not read \(\d+\)$/ }).locator("..");
        await read.waitFor({ timeout: 20000 });
        return { lead, read: await read.innerText(), unread: await unread.innerText() };
      };
      const mine = await lists(briefingId);
      ctx.expect(new RegExp(`\\b${AGENT}\\b`).test(mine.read) && !new RegExp(`\\b${AGENT}\\b`).test(mine.unread), `${AGENT} is under "read": ${mine.read}`);
      await shoot(mine.lead, "en", "briefing-receipts");
      await mine.lead.close();
      const theirs = await lists(other.id);
      ctx.expect(new RegExp(`\\b${OTHER}\\b`).test(theirs.unread) && !new RegExp(`\\b${OTHER}\\b`).test(theirs.read), `${OTHER} is under "not read": ${theirs.unread}`);
      await shoot(theirs.lead, "en", "briefing-receipts-other-site");
      await theirs.lead.close();
    });

    for (const lang of ctx.LANGS) await ctx.step(`[${lang}] the briefing's views`, () => views(lang, "briefing"));

    // Publish now, on the real server: today's briefings are out, so it says there is nothing to publish.
    for (const lang of ctx.LANGS)
      await ctx.step(`[${lang}] admin: "publish now" on the schedule page says today's is out`, async () => {
        const zh = lang !== "en";
        const page = await ctx.newPage({ lang, user: "admin", path: "/comms/briefings/schedule" });
        const site = page.getByRole("group", { name: zh ? /^站点 / : /^Site / }).first();
        await site.getByRole("button", { name: zh ? "立即发布今天的简报" : "Publish today's briefing now" }).click();
        await site.getByRole("button", { name: zh ? "确定，立即发布" : "Yes, publish now" }).click();
        const alert = await site.getByRole("alert").innerText({ timeout: 15000 });
        ctx.expect(zh ? /已经发布/.test(alert) : /out already/.test(alert), `the refusal is said: ${alert}`);
        await shoot(page, lang, "briefing-publish-now");
        await page.close();
      });

    await desk.close();
    ctx.expect(problems.length === 0, `no raw keys or page errors:\n  ${problems.join("\n  ")}`);
  },
};
