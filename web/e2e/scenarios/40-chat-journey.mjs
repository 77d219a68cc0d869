// The whole chat journey through the UI, each person in their own browser:
// a customer starts a chat in the widget on chat-demo.html; agent11 logs in
// on the login page, sets ready on the desk and accepts the offer there;
// messages go both ways (widget <-> the desk's chat panel); the desk's
// network drops for a few seconds while the customer writes, and after the
// reconnect the message is there exactly once, without a reload; lead.blue
// watches the chat from the wallboard and whispers to the agent, who sees it
// marked as a whisper while the customer never does; the agent ends the chat
// and wraps up with a disposition code chosen in the UI; the customer rates
// it 5; the wallboard's support-chat tile then counts the contact answered
// and its CSAT, live; the reports page has today's support-chat row.
//
// The API is used only to read what the server holds (baselines and checks)
// and to clean up. The agent's browser reaches the server through a TCP
// proxy (lib/netcut.mjs) so that its connection can really be cut:
// Chromium's offline emulation (setOffline) blocks new connections but
// keeps open WebSockets open.
import { exact, tr } from "../lib/i18n.mjs";
import { startCutProxy } from "../lib/netcut.mjs";

const AGENT = "agent11";
const LEAD = "lead.blue";
const QUEUE = "support-chat";
const VISITOR = "Ana Journey (e2e)";
// Each person in a language of their own: the locators use the catalogue text of theirs.
const LANG = { customer: "en", agent: "en", lead: "zh-CN", reporting: "zh-CN" };
// The widget's own catalogue (web/widget/i18n.ts), English.
const W = { active: `You are chatting with ${AGENT}.`, ended: "The agent ended the chat.", send: "Send feedback", thanks: "Thank you for your feedback!", star5: "5 out of 5" };

const TEXT = {
  first: "Hi, my order #4711 has not arrived.",
  agent1: "Hello Ana, I am sorry about that. Let me check the order.",
  visitor2: "Thank you! It was due last Monday.",
  offline: "Are you still there? (sent while the desk was offline)",
  whisper: "WHISPER-E2E: offer free express shipping",
  agent2: "It is on its way: you will have it tomorrow, with free express shipping.",
};

async function queueFigures(ctx, name) {
  const rt = await ctx.api("GET", "/api/v1/realtime", undefined, { as: "admin" });
  const qs = await ctx.api("GET", "/api/v1/queues", undefined, { as: "admin" });
  const id = qs.find((q) => q.config.name === name)?.id;
  const q = (rt.queues ?? []).find((x) => x.id === id || x.name === name);
  return { id, today: q?.kpis?.today ?? q?.today ?? null };
}

export default {
  name: "chat-journey",
  description: "customer widget -> agent desk (login, ready, accept, chat, reconnect) -> lead whisper -> wrap-up -> survey 5 -> wallboard CSAT -> reports",
  timeoutMs: 300000,
  async run(ctx) {
    const tA = tr(LANG.agent);
    const tL = tr(LANG.lead);
    const tR = tr(LANG.reporting);
    const before = await queueFigures(ctx, QUEUE);
    ctx.log(`  ${QUEUE} today before: answered ${before.today?.answered ?? "?"}, surveys ${before.today?.survey_answers ?? "?"}`);
    const proxy = await startCutProxy(ctx.url);
    try {
      await journey(ctx, { tA, tL, tR, before, proxy });
    } finally {
      await proxy.close();
    }
  },
};

async function journey(ctx, { tA, tL, tR, before, proxy }) {
  // ---- the customer --------------------------------------------------------
  const cust = await ctx.newPage({ lang: LANG.customer });
  const w = cust.locator("switchyard-chat");
  const custLog = () => w.getByRole("log").locator("li").allInnerTexts();
  const contact = await ctx.step("the customer starts a chat in the widget", async () => {
    await cust.goto("/chat-demo.html");
    await w.getByRole("button", { name: "Open chat" }).click();
    await w.getByLabel("Your name (optional)").fill(VISITOR);
    await w.getByLabel("Your message").fill(TEXT.first);
    await w.getByRole("button", { name: "Start chat" }).click();
    const id = await ctx.waitFor(
      () => cust.evaluate(() => JSON.parse(sessionStorage.getItem("switchyard-chat:wg_demo") ?? "null")?.contact),
      "the chat to start",
    );
    await w.locator(".status").filter({ hasText: /in the queue|Waiting for an agent/ }).waitFor({ timeout: 20000 });
    ctx.expect(true, `the customer waits in the queue (contact ${id})`);
    return id;
  });

  // ---- the agent: login page, desk, ready, the offer ------------------------
  const agent = await ctx.newPage({ lang: LANG.agent });
  await ctx.step(`${AGENT} logs in on the login page and opens the desk`, async () => {
    await agent.goto(proxy.url + "/login");
    await agent.getByLabel(tA("common.login.username")).fill(AGENT);
    await agent.getByLabel(tA("common.login.password")).fill("switchyard-demo");
    await agent.getByRole("button", { name: exact(tA("common.login.submit")) }).click();
    await agent.getByRole("navigation", { name: tA("common.nav.label") }).getByRole("link", { name: exact(tA("common.nav.desk")) }).click();
    await agent.waitForURL(/\/desk$/);
    await agent.getByRole("heading", { level: 1, name: tA("agent.title", { name: AGENT }) }).waitFor({ timeout: 30000 });
    ctx.expect(true, `the desk of ${AGENT} is open at ${new URL(agent.url()).pathname}`);
  });
  const presence = agent.getByRole("region", { name: tA("agent.presence.title") });
  await ctx.step(`${AGENT} sets ready`, async () => {
    const loginReady = presence.getByRole("button", { name: exact(tA("agent.presence.loginReady")) });
    const ready = presence.getByRole("button", { name: exact(tA("agent.presence.ready")) });
    await loginReady.or(ready).first().waitFor({ timeout: 20000 });
    await ((await loginReady.isVisible()) ? loginReady : ready).click();
    // Ready, or already on to the offer
    await presence.locator(".badge").filter({ hasText: new RegExp(`^(${tA("common.state.available")}|${tA("common.state.reserved")})$`) }).waitFor({ timeout: 20000 });
    ctx.expect(true, `${AGENT} is ready`);
  });
  await ctx.step(`${AGENT} sees the offer and accepts it`, async () => {
    const offer = agent.getByRole("alertdialog", { name: tA("agent.offer.title") });
    await offer.waitFor({ timeout: 30000 });
    ctx.expect((await offer.innerText()).includes(tA("agent.offer.queue", { queue: QUEUE })), `the offer names ${QUEUE}`);
    await offer.getByRole("button", { name: exact(tA("agent.offer.accept")) }).click();
    await offer.waitFor({ state: "detached", timeout: 20000 });
    await w.locator(".status").getByText(W.active).waitFor({ timeout: 20000 });
    ctx.expect(true, `the customer sees "${W.active}"`);
  });

  // ---- messages both ways ---------------------------------------------------
  const chat = agent.getByRole("region", { name: tA("agent.chat.with", { name: VISITOR }) });
  const deskLog = chat.getByRole("log", { name: tA("agent.chat.transcript") });
  const deskItems = (text) => deskLog.getByRole("listitem").filter({ hasText: text });
  await ctx.step("messages both ways: widget <-> desk chat panel", async () => {
    await deskItems(TEXT.first).waitFor({ timeout: 20000 });
    ctx.expect(true, "the desk shows the customer's first message");
    await ctx.screenshot(agent, "desk-chat");
    const box = chat.getByLabel(tA("agent.chat.messageLabel"), { exact: true });
    await box.fill(TEXT.agent1);
    await chat.getByRole("button", { name: exact(tA("agent.chat.send")) }).click();
    await w.getByRole("log").locator("li").filter({ hasText: TEXT.agent1 }).waitFor({ timeout: 20000 });
    ctx.expect(true, "the customer gets the agent's message");
    await w.locator("#sy-text").fill(TEXT.visitor2);
    await w.locator("#sy-text").press("Enter");
    await deskItems(TEXT.visitor2).waitFor({ timeout: 20000 });
    ctx.expect(true, "the agent gets the customer's reply");
  });

  // ---- the desk's connection drops while the customer writes -----------------
  await ctx.step("the desk's network drops; the customer writes; after the reconnect the desk shows it once, without a reload", async () => {
    await agent.evaluate(() => (window.__e2eNoReload = "still here"));
    const live = tA("common.live.open");
    const chatStatus = chat.getByRole("status").first();
    await chatStatus.filter({ hasText: exact(live) }).waitFor({ timeout: 20000 });
    const cutAt = Date.now();
    const n = proxy.cut();
    ctx.log(`    cut ${n} connections`);
    await chatStatus.filter({ hasText: exact(tA("common.live.reconnecting")) }).waitFor({ timeout: 20000 });
    await agent.locator(".page-head").getByRole("status").filter({ hasText: exact(tA("common.live.reconnecting")) }).waitFor({ timeout: 20000 });
    ctx.expect(true, "the desk says it is reconnecting (chat panel and event stream)");
    await w.locator("#sy-text").fill(TEXT.offline);
    await w.locator("#sy-text").press("Enter");
    await ctx.waitFor(async () => {
      const s = await ctx.api("GET", `/api/v1/chat/sessions/${contact}`, undefined, { as: "admin" });
      return s.messages.some((m) => m.text === TEXT.offline);
    }, "the server to have the customer's message");
    ctx.expect((await deskItems(TEXT.offline).count()) === 0, "the cut-off desk does not have it yet");
    await ctx.screenshot(agent, "desk-reconnecting");
    // a few seconds offline in all
    await new Promise((r) => setTimeout(r, Math.max(0, 4000 - (Date.now() - cutAt))));
    ctx.expect(proxy.stats.refused > 0, `the desk tried to reconnect while cut off (${proxy.stats.refused} refused)`);
    proxy.restore();
    await chatStatus.filter({ hasText: exact(live) }).waitFor({ timeout: 60000 });
    await deskItems(TEXT.offline).first().waitFor({ timeout: 20000 });
    ctx.log(`    back after ${Date.now() - cutAt} ms`);
    // a duplicate would come with the replay: give it a moment to show
    await new Promise((r) => setTimeout(r, 1500));
    ctx.expect((await deskItems(TEXT.offline).count()) === 1, "the desk shows the message exactly once");
    for (const x of [TEXT.first, TEXT.agent1, TEXT.visitor2]) ctx.expect((await deskItems(x).count()) === 1, `... and every earlier message once ("${x.slice(0, 24)}…")`);
    ctx.expect((await agent.evaluate(() => window.__e2eNoReload)) === "still here", "without a reload of the page");
    await agent.locator(".page-head").getByRole("status").filter({ hasText: exact(live) }).waitFor({ timeout: 60000 });
    ctx.expect(true, "the desk's event stream is live again");
  });

  // ---- the team lead whispers from the wallboard -----------------------------
  const lead = await ctx.newPage({ lang: LANG.lead, user: LEAD, path: "/wallboard" });
  await ctx.step(`${LEAD} opens the chat in the wallboard's chat monitoring and whispers`, async () => {
    const monitor = lead.getByRole("region", { name: new RegExp("^" + tL("wallboard.chats.title")) });
    const row = monitor.getByRole("row").filter({ hasText: VISITOR });
    await row.waitFor({ timeout: 30000 });
    await row.getByRole("button", { name: exact(tL("wallboard.chats.monitor")) }).click();
    const panel = lead.getByRole("region", { name: tL("agent.chat.with", { name: VISITOR }) });
    await panel.getByRole("log").getByRole("listitem").filter({ hasText: TEXT.offline }).waitFor({ timeout: 20000 });
    ctx.expect(true, "the lead sees the transcript live");
    await panel.getByLabel(tL("agent.chat.whisperLabel")).fill(TEXT.whisper);
    await panel.getByRole("button", { name: exact(tL("agent.chat.sendWhisper")) }).click();
    await panel.getByRole("log").getByRole("listitem").filter({ hasText: TEXT.whisper }).waitFor({ timeout: 20000 });
    await ctx.screenshot(lead, "wallboard-monitor-whisper");
  });
  await ctx.step("the agent sees the whisper, marked as one; the customer never does", async () => {
    const item = deskItems(TEXT.whisper);
    await item.waitFor({ timeout: 20000 });
    const tag = (await item.locator(".whisper-tag").textContent())?.trim();
    ctx.expect(tag === tA("agent.chat.whisperTag"), `the desk marks it "${tag}"`);
    ctx.expect(/\bmsg-whisper\b/.test((await item.getAttribute("class")) ?? ""), "and styles it as a whisper");
    // the agent answers the customer after the whisper: once that reached the widget, a whisper would have too
    await chat.getByLabel(tA("agent.chat.messageLabel"), { exact: true }).fill(TEXT.agent2);
    await chat.getByRole("button", { name: exact(tA("agent.chat.send")) }).click();
    await w.getByRole("log").locator("li").filter({ hasText: TEXT.agent2 }).waitFor({ timeout: 20000 });
    const texts = await custLog();
    ctx.expect(!texts.some((x) => x.includes("WHISPER-E2E")), "the widget does not show the whisper");
    ctx.expect(texts.length === 5, `the customer sees the five messages of the chat (${texts.length})`);
    await ctx.screenshot(agent, "desk-whisper");
  });

  // ---- end and wrap-up in the desk -------------------------------------------
  const workspace = agent.getByRole("article").filter({ has: agent.getByRole("heading", { name: QUEUE }) });
  await ctx.step("the agent ends the chat and wraps up with a disposition chosen in the UI", async () => {
    await workspace.getByRole("button", { name: exact(tA("agent.ws.end")) }).click();
    await w.locator("#sy-ended-h").getByText(W.ended).waitFor({ timeout: 20000 });
    ctx.expect(true, "the customer sees that the agent ended the chat");
    const code = workspace.getByLabel(tA("agent.wrap.disposition"));
    await code.waitFor({ timeout: 20000 });
    const labels = await code.locator("option").allInnerTexts();
    ctx.expect(labels.includes("Resolved"), `the disposition codes are offered (${labels.join(", ")})`);
    await ctx.screenshot(agent, "desk-wrapup");
    await code.selectOption({ label: "Resolved" });
    await workspace.getByRole("button", { name: exact(tA("agent.wrap.done")) }).click();
    await workspace.waitFor({ state: "detached", timeout: 20000 });
    await agent.getByRole("heading", { name: tA("agent.idle.title") }).waitFor({ timeout: 20000 });
    ctx.expect(true, "the desk is idle again");
    const rec = await ctx.waitFor(async () => {
      const r = await ctx.api("GET", `/api/v1/contacts/${contact}`, undefined, { as: "admin" }).catch(() => null);
      return r && r.disposition ? r : null;
    }, "the contact's record with its disposition", 20000);
    ctx.expect(rec.disposition === "resolved", `the contact's disposition is ${rec.disposition}`);
  });

  // ---- the survey ------------------------------------------------------------
  await ctx.step("the customer rates the chat 5", async () => {
    await w.getByRole("radio", { name: W.star5 }).check();
    await w.getByRole("button", { name: W.send }).click();
    await w.locator("#sy-thanks").getByText(W.thanks).waitFor({ timeout: 20000 });
    const texts = await custLog();
    ctx.expect(!texts.some((x) => x.includes("WHISPER-E2E")), "the whisper never reached the customer");
    await ctx.screenshot(cust, "widget-thanks");
  });

  // ---- the wallboard, live ----------------------------------------------------
  await ctx.step(`the wallboard's ${QUEUE} tile counts the contact answered and its CSAT (live)`, async () => {
    const tile = lead.getByRole("listitem", { name: QUEUE, exact: true });
    const figure = (key) => tile.locator("dl > div").filter({ has: lead.locator("dt", { hasText: exact(tL(key)) }) }).locator("dd");
    // a tile off screen skips updates until it comes into view (QueueTiles.tsx): look at it
    await tile.scrollIntoViewIfNeeded();
    const wantAnswered = (before.today?.answered ?? 0) + 1;
    const answered = await ctx.waitFor(async () => {
      const n = Number((await figure("wallboard.tile.answered").innerText()).replace(/[^\d]/g, ""));
      return n >= wantAnswered ? n : null;
    }, `answered >= ${wantAnswered} on the tile`, 30000);
    ctx.expect(answered === wantAnswered, `the tile counts ${answered} answered (${wantAnswered - 1} before)`);
    const csat = await ctx.waitFor(async () => {
      const s = (await figure("wallboard.tile.csat").innerText()).trim();
      return /^100\s?%$/.test(s) || s === "5.0" ? s : null;
    }, "CSAT 100% on the tile", 30000);
    ctx.expect(true, `the tile shows CSAT ${csat}`);
    await ctx.screenshot(lead, "wallboard-after");
  });

  // ---- the reports page --------------------------------------------------------
  await ctx.step(`the reports page has today's ${QUEUE} row with the contact answered`, async () => {
    const rep = await ctx.newPage({ lang: LANG.reporting, user: "reporting", path: "/reports" });
    const form = rep.getByRole("form", { name: tR("reports.query") });
    const to = form.getByLabel(tR("reports.to"), { exact: true });
    await to.waitFor({ timeout: 30000 });
    const today = await ctx.waitFor(async () => (await to.inputValue()) || null, "the report's default range");
    await form.getByLabel(tR("reports.from"), { exact: true }).fill(today);
    await form.getByLabel(tR("reports.grain"), { exact: true }).selectOption({ label: tR("reports.grain.day") });
    await form.getByRole("button", { name: exact(tR("reports.show")) }).click();
    const result = rep.getByRole("region", { name: tR("reports.result", { what: tR("reports.dimension.queues"), grain: tR("reports.grain.day") }) });
    await result.locator(".sy-intro").getByText(tR("reports.range", { from: today, to: today })).waitFor({ timeout: 30000 });
    await result.locator("summary").click();
    const table = result.getByRole("table", { name: tR("reports.intervals_caption", { grain: tR("reports.grain.day"), range: tR("reports.range", { from: today, to: today }) }) });
    await table.waitFor({ timeout: 20000 });
    const headers = await table.locator("thead th").allInnerTexts();
    const col = headers.indexOf(tR("reports.figure.answered"));
    ctx.expect(col > 0, `the intervals table has an answered column (${col})`);
    const rows = table.locator("tbody tr").filter({ hasText: QUEUE });
    ctx.expect((await rows.count()) === 1, `one ${QUEUE} row for today (grain day)`);
    const cells = await rows.first().locator("th, td").allInnerTexts();
    const answered = Number(cells[col].replace(/[^\d]/g, ""));
    ctx.expect(answered >= 1, `today's ${QUEUE} row: ${cells[0]}, answered ${answered}`);
    await ctx.screenshot(rep, "reports-today");
    ctx.expect(ctx.pageErrors(rep).length === 0, `no page errors on the reports page ${JSON.stringify(ctx.pageErrors(rep))}`);
  });

  // ---- leave the center as found ----------------------------------------------
  await ctx.step(`${AGENT} logs out of the queues`, async () => {
    await presence.getByRole("button", { name: exact(tA("agent.presence.logout")) }).click();
    await presence.locator(".badge").filter({ hasText: exact(tA("common.state.logged_out")) }).waitFor({ timeout: 20000 });
  });
  for (const [who, p] of [["customer", cust], ["lead", lead]]) ctx.expect(ctx.pageErrors(p).length === 0, `no page errors (${who}) ${JSON.stringify(ctx.pageErrors(p))}`);
  // the agent's page saw the cut: its failed requests are expected, nothing else
  const agentErrs = ctx.pageErrors(agent).filter((e) => !/WebSocket|ERR_CONNECTION|net::|Failed to fetch|NetworkError/i.test(e));
  ctx.expect(agentErrs.length === 0, `no page errors (agent) besides the cut ${JSON.stringify(agentErrs)}`);
}
