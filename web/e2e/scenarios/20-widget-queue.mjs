// The chat widget on chat-demo.html (docs/chat.md): a visitor starts a chat
// and sees their place in the queue; a second visitor (in Chinese) queues
// behind; when the first leaves, the second's position moves live. The staff
// side sees the chat. No agent is logged in (without --demo-traffic), so
// both stay queued.
const launcher = (page) => page.locator("switchyard-chat button.launcher");
const status = (page) => page.locator("switchyard-chat .status");

/** The position the widget shows: 1 for "next", N for "number N", null when waiting without one. */
async function shownPosition(page) {
  const t = (await status(page).innerText().catch(() => "")).trim();
  let m = /You are number (\d+) in the queue/.exec(t) ?? /您目前排在第 (\d+) 位/.exec(t);
  if (m) return Number(m[1]);
  if (/You are next in the queue|下一位就是您/.test(t)) return 1;
  return null;
}

async function startChat(ctx, lang, name, text) {
  const page = await ctx.newPage({ lang });
  const res = await page.goto("/chat-demo.html");
  ctx.expect(res?.status() === 200, `[${lang}] GET /chat-demo.html is 200 (web/dist served): ${res?.status()}`);
  await launcher(page).waitFor({ timeout: 10000 });
  await ctx.screenshot(page, `${lang}-closed`);
  await ctx.axe(page, `${lang} closed`);
  await launcher(page).click();
  if (lang === "zh-CN") await page.locator("switchyard-chat").getByRole("button", { name: /Switch to Chinese/ }).click();
  await page.locator("switchyard-chat #sy-name").fill(name);
  await page.locator("switchyard-chat #sy-first").fill(text);
  await ctx.screenshot(page, `${lang}-form`);
  await ctx.axe(page, `${lang} form`);
  await page.locator("switchyard-chat form").first().locator("button[type=submit]").click();
  const pos = await ctx.waitFor(() => shownPosition(page), `[${lang}] the queue position`);
  ctx.expect(pos >= 1, `[${lang}] the visitor sees position ${pos}: "${(await status(page).innerText()).replace(/\n/g, " ")}"`);
  const stored = await page.evaluate(() => JSON.parse(sessionStorage.getItem("switchyard-chat:wg_demo") ?? "null"));
  ctx.expect(stored && typeof stored.contact === "number" && /^vt_/.test(stored.token), `[${lang}] the token is kept in sessionStorage (contact ${stored?.contact})`);
  await ctx.screenshot(page, `${lang}-queued`);
  await ctx.axe(page, `${lang} queued`);
  return { page, pos, contact: stored.contact };
}

export default {
  name: "widget-queue",
  description: "widget on chat-demo.html: start, see the position, live updates, end while queued",
  async run(ctx) {
    const a = await ctx.step("a visitor starts a chat in English", () => startChat(ctx, "en", "Ana (e2e)", "Hello, is the lamp in stock?"));

    await ctx.step("the staff side sees it queued with its first message", async () => {
      const s = await ctx.api("GET", `/api/v1/chat/sessions/${a.contact}`, undefined, { as: "admin" });
      ctx.expect(s.state === "queued", `session ${a.contact} is queued`);
      ctx.expect(s.messages?.[0]?.text === "Hello, is the lamp in stock?" && s.messages[0].from === "visitor", "its first message is the visitor's");
      ctx.expect(s.visitor?.name === "Ana (e2e)", "with the visitor's name");
    });

    const b = await ctx.step("a second visitor, in Chinese, queues behind", () => startChat(ctx, "zh-CN", "王芳", "你好，台灯有货吗？"));
    ctx.expect(b.pos > a.pos, `the second visitor is behind the first (${b.pos} > ${a.pos})`);

    await ctx.step("the first visitor ends the chat; the second moves up live", async () => {
      const w = a.page.locator("switchyard-chat");
      await w.locator(".foot button").click();
      await w.locator(".foot .primary").click();
      await w.locator("#sy-ended-h").waitFor();
      ctx.expect(/ended|结束/.test(await w.locator("#sy-ended-h").innerText()), "the first visitor sees the end");
      await ctx.screenshot(a.page, "en-ended");
      await ctx.axe(a.page, "en ended");
      const moved = await ctx.waitFor(async () => {
        const p = await shownPosition(b.page);
        return p !== null && p < b.pos ? p : null;
      }, "the second visitor's position to move up");
      ctx.expect(moved === b.pos - 1, `the second visitor now sees position ${moved}`);
      await ctx.screenshot(b.page, "zh-CN-moved-up");
      const s = await ctx.api("GET", `/api/v1/chat/sessions/${a.contact}`, undefined, { as: "admin" });
      ctx.expect(s.state === "ended", `session ${a.contact} is ended on the server`);
    });

    await ctx.step("a reload keeps the second visitor's chat", async () => {
      await b.page.reload();
      await ctx.waitFor(() => shownPosition(b.page), "the position after the reload");
      const n = await b.page.locator("switchyard-chat ol.log li").count();
      ctx.expect(n === 1, `the transcript is back after the reload (${n} message)`);
      const w = b.page.locator("switchyard-chat");
      await w.locator(".foot button").click();
      await w.locator(".foot .primary").click();
      await w.locator("#sy-ended-h").waitFor();
    });

    for (const p of [a.page, b.page]) ctx.expect(ctx.pageErrors(p).length === 0, `no page errors ${JSON.stringify(ctx.pageErrors(p))}`);
  },
};
