// Every page of the app in both languages: a full-page screenshot of each
// (screenshots/pages/<lang>-<page>.png, to look at) and an axe-core scan
// that fails the scenario on serious or critical violations (all are kept
// in axe/pages.json). The pages: login (and its error), the desk logged out,
// idle, with an offer, with a chat in hand, in wrap-up; the wallboard with a
// chat monitored (the lead barges in) and the agent actions dialog; the
// workforce pages (planner, an agent's schedule, a lead's adherence); reports;
// quality (the evaluator's home: 60-quality goes through every view);
// every admin section and the editor of its first item; the not-found page.
// The widget's states are shot and scanned by 20-widget-queue and
// 30-widget-chat.
//
// Besides: no page shows a catalogue key instead of its text (a key the
// catalogue lacks), and the Latin words of each Chinese page are logged (to
// spot untranslated strings: names of queues, agents and users are data).
import { settle as settleOf } from "../lib/settle.mjs";
import { exact, tr } from "../lib/i18n.mjs";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const AGENT = "agent11";
const LEAD = "lead.blue";
const ADMIN_SECTIONS = ["queues", "skills", "agents", "teams", "sites", "users", "api-keys", "alerts", "webhooks", "widgets"];

// Every catalogue key (area.key), to catch one shown raw.
const src = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "src", "i18n", "en");
const KEYS = [];
for (const area of ["common", "agent", "wallboard", "admin", "reports", "wfm", "quality"]) {
  const text = readFileSync(join(src, `${area}.ts`), "utf8");
  for (const m of text.matchAll(/^\s*"?([\w.-]+)"?\s*:/gm)) KEYS.push(`${area}.${m[1]}`);
}
// Latin words that are data or names, not text to translate.
const DATA_WORDS = new Set(
  ("Switchyard English billing tech sales support chat support-chat wg_demo red blue paris lyon spanish vip admin lead.red lead.blue quality wfm reporting " +
    "UTC CSV API URL ID HTTP HTTPS Webhook webhook X-API-Key HMAC-SHA X-Switchyard-Signature https shop.example body Demo site e2e").split(" "),
);

export default {
  name: "pages",
  description: "every page in en and zh-CN: screenshots and axe-core (fails on serious/critical)",
  timeoutMs: 600000,
  async run(ctx) {
    const problems = [];
    const latin = new Map();
    let wfmSchedule = null;
    let wfmLeave = null;
    let wfmSwap = null;
    let wfmSwapTaken = null;

    const settle = (page) => settleOf(ctx, page);

    /**
     * Screenshot, axe, raw keys, Latin words. The screenshot is of the whole
     * page, taken with a viewport as tall as the page: parts that render only
     * in view (content-visibility: auto, the wallboard's tiles) would be
     * blank in a full-page capture of a short viewport. A modal dialog is
     * shot in the viewport as it is (its backdrop covers the viewport only).
     */
    async function look(page, lang, name, { whole = true } = {}) {
      await settle(page);
      const size = page.viewportSize();
      const height = whole ? await page.evaluate(() => document.documentElement.scrollHeight) : 0;
      if (height > size.height) {
        await page.setViewportSize({ width: size.width, height: Math.min(height, 8000) });
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        await settle(page);
      }
      await ctx.screenshot(page, `${lang}-${name}`);
      if (height > size.height) await page.setViewportSize(size);
      const bad = await ctx.axe(page, `${lang} ${name}`, { minImpact: "serious", assert: false });
      if (bad.length) problems.push(`axe ${lang} ${name}: ${JSON.stringify(bad)}`);
      const text = await page.evaluate(() => document.body.innerText);
      const raw = KEYS.filter((k) => text.includes(k));
      if (raw.length) problems.push(`${lang} ${name} shows catalogue keys: ${raw.join(", ")}`);
      if (lang !== "en") {
        const words = [...new Set(text.match(/[A-Za-z][A-Za-z_.'-]*[A-Za-z]/g) ?? [])].filter((w) => !DATA_WORDS.has(w) && !/^(agent|lead)\d*$/.test(w));
        if (words.length) latin.set(`${lang} ${name}`, words);
      }
      ctx.log(`    ${lang}-${name}: ${bad.length ? bad.length + " serious/critical axe violations" : "axe clean (serious/critical)"}`);
    }

    for (const lang of ctx.LANGS) {
      const T = tr(lang);

      await ctx.step(`[${lang}] login page, and its error`, async () => {
        const p = await ctx.newPage({ lang, path: "/login" });
        await p.getByRole("button", { name: exact(T("common.login.submit")) }).waitFor({ timeout: 30000 });
        await look(p, lang, "login");
        await p.getByLabel(T("common.login.username")).fill("nobody-e2e");
        await p.getByLabel(T("common.login.password")).fill("wrong password");
        await p.getByRole("button", { name: exact(T("common.login.submit")) }).click();
        await p.getByText(T("common.login.wrong")).waitFor({ timeout: 20000 });
        await look(p, lang, "login-error");
        await p.context().close();
      });

      await ctx.api("POST", `/api/v1/agents/${AGENT}/logout`, {}, { as: AGENT }).catch(() => {});
      const desk = await ctx.newPage({ lang, user: AGENT, path: "/desk" });
      const presence = desk.getByRole("region", { name: T("agent.presence.title") });
      await ctx.step(`[${lang}] desk: logged out, idle and ready`, async () => {
        await desk.getByRole("heading", { level: 1, name: T("agent.title", { name: AGENT }) }).waitFor({ timeout: 30000 });
        await desk.getByText(T("agent.idle.loggedOut")).waitFor({ timeout: 30000 });
        await look(desk, lang, "desk-logged-out");
        await presence.getByRole("button", { name: exact(T("agent.presence.loginReady")) }).click();
        await desk.getByText(T("agent.idle.ready")).waitFor({ timeout: 20000 });
        await look(desk, lang, "desk-idle");
      });

      let visitor;
      await ctx.step(`[${lang}] desk: an offer, then the chat in hand`, async () => {
        visitor = await ctx.api("POST", "/api/v1/chat/visitor/start", {
          widget: "wg_demo",
          language: lang,
          name: lang === "en" ? "Lamp buyer (e2e)" : "王芳 (e2e)",
          message: lang === "en" ? "Hello, is the desk lamp in stock?" : "你好，台灯有货吗？",
        });
        const offer = desk.getByRole("alertdialog", { name: T("agent.offer.title") });
        await offer.waitFor({ timeout: 30000 });
        await look(desk, lang, "desk-offer");
        await offer.getByRole("button", { name: exact(T("agent.offer.accept")) }).click();
        await offer.waitFor({ state: "detached", timeout: 20000 });
        await ctx.api("POST", "/api/v1/chat/visitor/messages", { text: lang === "en" ? "The grey one, please." : "要灰色的。" }, { token: visitor.token });
        const log = desk.getByRole("log", { name: T("agent.chat.transcript") });
        await log.getByRole("listitem").nth(1).waitFor({ timeout: 20000 });
        await desk.getByLabel(T("agent.chat.messageLabel"), { exact: true }).fill(lang === "en" ? "Yes, we have it." : "有货。");
        await desk.getByRole("button", { name: exact(T("agent.chat.send")) }).click();
        await log.getByRole("listitem").nth(2).waitFor({ timeout: 20000 });
        await look(desk, lang, "desk-chat");
      });

      await ctx.step(`[${lang}] wallboard (${LEAD}): the chat monitored, the agent actions dialog`, async () => {
        const wb = await ctx.newPage({ lang, user: LEAD, path: "/wallboard" });
        await wb.getByRole("heading", { level: 1, name: T("wallboard.title") }).waitFor({ timeout: 30000 });
        const row = wb.getByRole("region", { name: new RegExp("^" + T("wallboard.chats.title")) }).getByRole("row").filter({ hasText: "(e2e)" });
        await row.waitFor({ timeout: 30000 });
        await row.getByRole("button", { name: exact(T("wallboard.chats.monitor")) }).click();
        await wb.locator(".monitor-panel").getByRole("log").getByRole("listitem").nth(2).waitFor({ timeout: 20000 });
        await look(wb, lang, "wallboard");
        // the tiles have a fixed height and hide what does not fit
        const clipped = await wb.evaluate(() =>
          [...document.querySelectorAll(".tile")].filter((el) => el.scrollHeight > el.clientHeight + 1).map((el) => `${el.querySelector("h3")?.textContent}: ${el.scrollHeight} > ${el.clientHeight}`),
        );
        if (clipped.length) problems.push(`${lang} wallboard: tiles cut off at the bottom: ${clipped.join("; ")}`);
        // the lead barges in: both sides get a system line, in words
        await wb.locator(".monitor-panel").getByRole("button", { name: exact(T("agent.chat.barge")) }).click();
        const joined = T("agent.chat.joined", { name: LEAD });
        await wb.locator(".monitor-panel").getByRole("log").getByText(joined).waitFor({ timeout: 20000 });
        await desk.getByRole("log", { name: T("agent.chat.transcript") }).getByText(joined).waitFor({ timeout: 20000 });
        ctx.expect(true, `[${lang}] the lead barged in: "${joined}" on the wallboard and the desk`);
        await wb.getByRole("button", { name: T("wallboard.agents.actionsFor", { name: AGENT }) }).click();
        const dialog = wb.getByRole("dialog", { name: T("wallboard.actions.title", { name: AGENT }) });
        await dialog.waitFor({ timeout: 20000 });
        await look(wb, lang, "wallboard-agent-actions", { whole: false });
        await dialog.getByRole("button", { name: T("common.close") }).first().click();
        await dialog.waitFor({ state: "detached", timeout: 20000 });
        ctx.expect(ctx.pageErrors(wb).length === 0, `[${lang}] no page errors on the wallboard ${JSON.stringify(ctx.pageErrors(wb))}`);
        await wb.context().close();
      });

      await ctx.step(`[${lang}] desk: wrap-up, back to idle, log out`, async () => {
        const ws = desk.getByRole("article").filter({ has: desk.getByRole("heading", { name: "support-chat" }) });
        await ws.getByRole("button", { name: exact(T("agent.ws.end")) }).click();
        const code = ws.getByLabel(T("agent.wrap.disposition"));
        await code.waitFor({ timeout: 20000 });
        await look(desk, lang, "desk-wrapup");
        await code.selectOption({ label: lang === "en" ? "Resolved" : "已解决" });
        await ws.getByRole("button", { name: exact(T("agent.wrap.done")) }).click();
        await desk.getByText(T("agent.idle.ready")).waitFor({ timeout: 20000 });
        await presence.getByRole("button", { name: exact(T("agent.presence.logout")) }).click();
        await desk.getByText(T("agent.idle.loggedOut")).waitFor({ timeout: 20000 });
        ctx.expect(ctx.pageErrors(desk).length === 0, `[${lang}] no page errors on the desk ${JSON.stringify(ctx.pageErrors(desk))}`);
        await desk.context().close();
      });

      await ctx.step(`[${lang}] workforce: forecast, schedules, a schedule's grid, coverage; my schedule; adherence`, async () => {
        // One published schedule from today (made once, through the API, as the planner).
        if (!wfmSchedule) {
          const today = new Date().toISOString().slice(0, 10);
          wfmSchedule = await ctx.api("POST", "/api/v1/wfm/schedules", { start: today, weeks: 1 }, { as: "wfm" });
          await ctx.api("POST", `/api/v1/wfm/schedules/${wfmSchedule.id}/publish`, {}, { as: "wfm" });
        }
        const wp = await ctx.newPage({ lang, user: "wfm", path: "/wfm/forecast" });
        for (const [path, name] of [
          ["/wfm/forecast", "wfm-forecast"],
          ["/wfm/schedules", "wfm-schedules"],
          [`/wfm/schedules/${wfmSchedule.id}`, "wfm-schedule"],
          ["/wfm/coverage", "wfm-coverage"],
          ["/wfm/settings", "wfm-settings"],
          ["/wfm/rules", "wfm-rules"],
        ]) {
          if (!wp.url().endsWith(path)) await wp.goto(path);
          await settle(wp);
          if (name === "wfm-coverage") {
            // The multi-skill check: simulate, then the table of queues.
            await wp.getByRole("button", { name: exact(T("wfm.check.run")) }).click();
            await wp.locator("table.sy-wfm-check-table").waitFor({ timeout: 60000 });
            await settle(wp);
          }
          await look(wp, lang, name);
        }
        ctx.expect(ctx.pageErrors(wp).length === 0, `[${lang}] no page errors on the workforce pages ${JSON.stringify(ctx.pageErrors(wp))}`);
        await wp.context().close();
        const mine = await ctx.newPage({ lang, user: "agent01", path: "/schedule" });
        await settle(mine);
        await look(mine, lang, "my-schedule");
        await mine.context().close();
        // A pending leave request of agent01 (once), for the lead's Leave tab.
        if (!wfmLeave) {
          const d = new Date(Date.now() + 3 * 86400000).toISOString().slice(0, 10);
          wfmLeave = await ctx.api("POST", "/api/v1/wfm/leave", { first: d, last: d, note: "e2e" }, { as: "agent01" });
        }
        const ad = await ctx.newPage({ lang, user: "lead.red", path: "/wfm/adherence" });
        await settle(ad);
        await look(ad, lang, "wfm-adherence");
        await ad.goto("/wfm/leave");
        await settle(ad);
        await look(ad, lang, "wfm-leave");
        ctx.expect(ctx.pageErrors(ad).length === 0, `[${lang}] no page errors on adherence ${JSON.stringify(ctx.pageErrors(ad))}`);
        await ad.context().close();
      });

      await ctx.step(`[${lang}] shift swaps: the board, a trade taken, the lead's approvals, the notification bell`, async () => {
        // agent02 offers a shift of a later day that agent01 may take, as a gift or in a
        // trade (once): offers are tried day by day and withdrawn until the board says so.
        if (!wfmSwap) {
          const dateOf = (day) => new Date(Date.parse(wfmSchedule.start + "T00:00:00Z") + day * 86400000).toISOString().slice(0, 10);
          for (const shift of wfmSchedule.shifts.filter((s) => s.agent === "agent02" && s.day >= 2)) {
            const offer = await ctx.api("POST", "/api/v1/wfm/swaps", { date: dateOf(shift.day), note: "e2e" }, { as: "agent02" });
            const open = await ctx.api("GET", "/api/v1/wfm/swaps?status=open", undefined, { as: "agent01" });
            const seen = open.swaps.find((x) => x.id === offer.id);
            if (seen && (seen.can_take || seen.trades.length > 0)) {
              wfmSwap = seen;
              break;
            }
            await ctx.api("POST", `/api/v1/wfm/swaps/${offer.id}/cancel`, {}, { as: "agent02" });
          }
          ctx.expect(!!wfmSwap, "agent01 may take one of agent02's shifts");
        }
        const board = await ctx.newPage({ lang, user: "agent01", path: "/schedule?tab=swaps" });
        await settle(board);
        await look(board, lang, "swap-board");
        ctx.expect(ctx.pageErrors(board).length === 0, `[${lang}] no page errors on the swap board ${JSON.stringify(ctx.pageErrors(board))}`);
        await board.context().close();
        // agent01 takes it in a trade the board allows (once): pending, the lead is told.
        if (!wfmSwapTaken) {
          const body = wfmSwap.can_take ? {} : { give_date: wfmSwap.trades[0] };
          wfmSwapTaken = await ctx.api("POST", `/api/v1/wfm/swaps/${wfmSwap.id}/take`, body, { as: "agent01" });
          ctx.expect(wfmSwapTaken.status === "pending", `the swap waits for the lead: ${wfmSwapTaken.status}`);
        }
        const lead = await ctx.newPage({ lang, user: "lead.red", path: "/wfm/swaps" });
        await settle(lead);
        await look(lead, lang, "wfm-swaps");
        // The bell: the lead was told of agent01's leave and of the swap.
        await lead.locator("button.notify-bell").click();
        await lead.locator(".notify-list .notify-item").first().waitFor({ timeout: 10000 });
        ctx.expect((await lead.locator(".notify-list .notify-item").count()) >= 2, `[${lang}] the lead's notifications are listed`);
        await settle(lead);
        await look(lead, lang, "notifications");
        ctx.expect(ctx.pageErrors(lead).length === 0, `[${lang}] no page errors on the lead's swaps ${JSON.stringify(ctx.pageErrors(lead))}`);
        await lead.context().close();
      });

      await ctx.step(`[${lang}] reports (reporting)`, async () => {
        const rp = await ctx.newPage({ lang, user: "reporting", path: "/reports" });
        await rp.getByRole("heading", { level: 1, name: T("reports.title") }).waitFor({ timeout: 30000 });
        const result = rp.locator(".sy-report");
        await result.waitFor({ timeout: 30000 });
        await result.locator("summary").click();
        await result.getByRole("table").nth(1).waitFor({ timeout: 20000 });
        await look(rp, lang, "reports");
        ctx.expect(ctx.pageErrors(rp).length === 0, `[${lang}] no page errors on reports ${JSON.stringify(ctx.pageErrors(rp))}`);
        await rp.context().close();
      });

      await ctx.step(`[${lang}] quality (the evaluator's home; 60-quality has every view)`, async () => {
        const qp = await ctx.newPage({ lang, user: "quality", path: "/" });
        await qp.getByRole("heading", { level: 2, name: exact(T("quality.worklist.title")) }).waitFor({ timeout: 30000 });
        await look(qp, lang, "quality");
        ctx.expect(ctx.pageErrors(qp).filter((e) => !/404/.test(e)).length === 0, `[${lang}] no page errors on quality ${JSON.stringify(ctx.pageErrors(qp))}`);
        await qp.context().close();
      });

      await ctx.step(`[${lang}] administration: every section and its first item`, async () => {
        const ad = await ctx.newPage({ lang, user: "admin", path: "/admin/queues" });
        const nav = ad.getByRole("navigation", { name: T("admin.nav.label") });
        for (const s of ADMIN_SECTIONS) {
          await nav.getByRole("link", { name: exact(T(`admin.nav.${s}`)) }).click();
          await ad.waitForURL(new RegExp(`/admin/${s}$`));
          await settle(ad);
          await look(ad, lang, `admin-${s}`);
          const first = ad.locator(".sy-admin-content table tbody tr").first().locator("th a");
          if (await first.count()) {
            await first.click();
            await ad.waitForURL(new RegExp(`/admin/${s}/[^/]+$`));
            await look(ad, lang, `admin-${s}-item`);
          }
        }
        ctx.expect(ctx.pageErrors(ad).length === 0, `[${lang}] no page errors in administration ${JSON.stringify(ctx.pageErrors(ad))}`);
        await ad.goto("/no-such-page");
        await ad.getByRole("heading", { level: 1, name: T("common.notFound.title") }).waitFor({ timeout: 20000 });
        await look(ad, lang, "not-found");
        await ad.context().close();
      });
    }

    for (const [page, words] of latin) ctx.log(`  Latin words on ${page}: ${words.join(" ")}`);
    ctx.expect(problems.length === 0, `every page: no serious or critical axe violation, no raw catalogue key${problems.length ? "\n" + problems.join("\n") : ""}`);
  },
};
