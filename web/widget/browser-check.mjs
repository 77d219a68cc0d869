// The widget in a real browser against the fake server (test-server.mjs):
// chat-demo.html with the built dist/widget.js in Chromium, through every
// state in both languages, with an axe-core scan at each, keyboard use,
// isolation from the page's CSS, a reload that resumes, and screenshots
// (closed, form, queued, chatting, survey, thanks) to look at.
//
//   cd web && npx vite build --config vite.widget.config.ts && node widget/browser-check.mjs
//
// Env: CHROMIUM (default /usr/bin/chromium), WIDGET_SHOTS (screenshot
// folder, default /tmp/widget-shots). Exit 1 on the first failed check.
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startFakeServer } from "./test-server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "..", "dist");
const shots = process.env.WIDGET_SHOTS ?? "/tmp/widget-shots";
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
if (!existsSync(join(dist, "widget.js")) || !existsSync(join(dist, "chat-demo.html"))) {
  console.error("build first: npx vite build --config vite.widget.config.ts");
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

let failures = 0;
function check(cond, what) {
  if (!cond) {
    failures++;
    console.error("FAIL " + what);
  } else console.log("ok   " + what);
}

const server = await startFakeServer({ port: 0, staticDir: dist });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});

/** Runs axe-core on the page (it enters the open shadow root); returns the violations. */
async function axe(page, label) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3) }));
  });
  check(violations.length === 0, `axe ${label}` + (violations.length ? " " + JSON.stringify(violations) : ""));
}

async function shot(page, name) {
  await page.waitForTimeout(150); // let the panel settle
  await page.screenshot({ path: join(shots, name + ".png") });
}

const widget = (page) => page.locator("switchyard-chat");
const text = (page, sel) => widget(page).locator(sel).first().innerText();

for (const lang of ["en", "zh-CN"]) {
  const T = lang === "en"
    ? { open: "Open chat", start: "Start chat", pos3: "You are number 3 in the queue.", next: "You are next in the queue.", active: "You are chatting with agent01.", send: "Send", typing: "agent01 is typing…", ended: "The agent ended the chat.", survey: "Send feedback", thanks: "Thank you for your feedback!", read: "Read ✓✓" }
    : { open: "打开在线客服", start: "开始对话", pos3: "您目前排在第 3 位。", next: "下一位就是您。", active: "agent01 正在为您服务。", send: "发送", typing: "agent01 正在输入…", ended: "客服人员已结束对话。", survey: "提交评价", thanks: "感谢您的评价！", read: "已读 ✓✓" };
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 760 }, locale: lang });
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && errors.push(m.text()));
  page.on("response", (r) => r.status() >= 400 && !r.url().endsWith("/favicon.ico") && errors.push(`${r.status()} ${r.url()}`));
  await page.goto(server.url + "/chat-demo.html");
  const L = `[${lang}]`;
  await widget(page).locator("button.launcher").waitFor();

  if (lang === "zh-CN") {
    // the page says lang="en": the visitor switches in the panel (kept for the session)
    await widget(page).locator("button.launcher").click();
    await widget(page).getByRole("button", { name: "切换到中文 (Switch to Chinese)" }).click();
    await widget(page).locator("button.launcher").click();
    await page.reload(); // the choice is kept for the session
    await widget(page).locator("button.launcher").waitFor();
    check((await widget(page).locator(".root").getAttribute("lang")) === "zh-CN", `${L} the language choice survives a reload`);
  }
  await page.mouse.move(5, 5);

  // closed
  check((await widget(page).locator("button.launcher").getAttribute("aria-expanded")) === "false", `${L} launcher closed`);
  check((await widget(page).getByRole("button", { name: T.open }).count()) === 1, `${L} launcher labelled "${T.open}"`);
  await shot(page, `${lang}-1-closed`);
  await axe(page, `${L} closed`);

  // isolation: the page's CSS does not reach in, the widget adds no style to the page
  const leaks = await page.evaluate(() => ({
    styles: document.querySelectorAll("style, link[rel=stylesheet]").length,
    adopted: document.adoptedStyleSheets.length,
    bodyFont: getComputedStyle(document.body).fontFamily,
  }));
  check(leaks.styles === 1 && leaks.adopted === 0 && leaks.bodyFont.includes("Georgia"), `${L} no style leaks into the page ${JSON.stringify(leaks)}`);
  const hostile = await page.addStyleTag({
    content: "*{color:red !important;font-family:'Comic Sans MS' !important;background:yellow !important} button{display:none !important} switchyard-chat{display:none}",
  });
  const st = await widget(page).locator("button.launcher").evaluate((b) => ({ visible: b.getBoundingClientRect().width > 0, bg: getComputedStyle(b).backgroundColor }));
  check(st.visible && st.bg === "rgb(29, 78, 216)", `${L} the page's hostile CSS does not reach the widget ${JSON.stringify(st)}`);
  await hostile.evaluate((el) => el.remove());

  // keyboard: Tab to the launcher, Enter opens and focuses the first field, Escape closes
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.className ?? "");
  check(focused.includes("launcher"), `${L} Tab reaches the launcher (${focused})`);
  await page.keyboard.press("Enter");
  const inName = await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.id);
  check(inName === "sy-name", `${L} opening focuses the name field (${inName})`);
  await page.keyboard.press("Escape");
  check((await widget(page).locator("#sy-panel").isHidden()), `${L} Escape closes the panel`);
  await page.keyboard.press("Enter");

  // the form
  await shot(page, `${lang}-2-form`);
  await axe(page, `${L} form`);
  await server.control("queue", { ahead: 2 });
  await page.keyboard.type(lang === "en" ? "Ana" : "王芳");
  await widget(page).locator("#sy-first").fill(lang === "en" ? "Hello, is the lamp in stock?" : "你好，台灯有货吗？");
  await widget(page).getByRole("button", { name: T.start }).click();

  // queued
  await widget(page).locator(".status").getByText(T.pos3).waitFor();
  check(true, `${L} queued at position 3`);
  await shot(page, `${lang}-3-queued`);
  await axe(page, `${L} queued`);
  await server.control("position", { position: 1, ewt_ms: 20_000 });
  await widget(page).locator(".status").getByText(T.next).waitFor();
  check(true, `${L} position moves live`);

  // chatting
  await server.control("accept", { agent: "agent01" });
  await widget(page).locator(".status").getByText(T.active).waitFor();
  await server.control("message", { text: lang === "en" ? "Hi Ana! Yes, the lamp is in stock. Which colour would you like?" : "您好！台灯有货。您想要什么颜色的？" });
  const compose = widget(page).locator("#sy-text");
  check(await compose.evaluate((el) => el === el.getRootNode().activeElement), `${L} focus moves to the message box when the chat starts`);
  await compose.fill(lang === "en" ? "The blue one, please." : "蓝色的，谢谢。");
  await compose.press("Enter");
  await server.control("typing", { on: true });
  await widget(page).locator(".typing").getByText(T.typing).waitFor();
  await widget(page).locator("ol.log li").nth(2).waitFor();
  await server.control("receipt", { delivered: 3, read: 3 });
  await widget(page).locator("ol.log li").nth(2).getByText(T.read).waitFor();
  check(true, `${L} the visitor's message shows read`);
  const state1 = await server.control("state");
  const c = state1.contacts.at(-1);
  check(state1.frames.some((f) => f.contact === c.contact && f.frame.type === "typing" && f.frame.on), `${L} typing frames sent`);
  check(state1.frames.some((f) => f.contact === c.contact && f.frame.type === "read" && f.frame.up_to === 2), `${L} read receipt sent for the agent's message`);
  await shot(page, `${lang}-4-chatting`);
  await axe(page, `${L} chatting`);

  // the connection drops; the agent writes meanwhile; nothing lost or doubled
  await server.control("typing", { on: false });
  await server.control("drop");
  await server.control("message", { text: lang === "en" ? "We have it in two sizes." : "有两种尺寸。" });
  await widget(page).locator("ol.log li").nth(3).waitFor();
  check((await widget(page).locator("ol.log li").count()) === 4, `${L} resume after a drop: 4 messages, no duplicate`);

  // a reload resumes the same chat
  await page.reload();
  await widget(page).locator("ol.log li").nth(3).waitFor({ state: "attached" });
  check((await widget(page).locator("ol.log li").count()) === 4, `${L} a reload resumes the chat`);
  check(!(await widget(page).locator("#sy-panel").isHidden()), `${L} the panel stays open across the reload`);
  const after = await server.control("state");
  check(after.contacts.at(-1).contact === c.contact && after.contacts.length === state1.contacts.length, `${L} same contact after reload`);

  // the agent ends: survey
  await server.control("end", { reason: "agent" });
  await widget(page).locator("#sy-ended-h").getByText(T.ended).waitFor();
  await widget(page).getByRole("button", { name: T.survey }).waitFor();
  await shot(page, `${lang}-5-survey`);
  await axe(page, `${L} survey`);
  await widget(page).locator("#sy-rate-4").focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowRight");
  await widget(page).locator("#sy-comment").fill(lang === "en" ? "Quick and friendly." : "很快，很热情。");
  await widget(page).getByRole("button", { name: T.survey }).click();
  await widget(page).locator("#sy-thanks").getByText(T.thanks).waitFor();
  const sv = (await server.control("state")).surveys.at(-1);
  check(sv.answer?.rating === 5, `${L} survey answered with 5 by keyboard (${JSON.stringify(sv.answer)})`);
  await shot(page, `${lang}-6-thanks`);
  await axe(page, `${L} thanks`);

  // mobile width: the panel takes the screen
  await page.setViewportSize({ width: 390, height: 740 });
  await widget(page).locator(".ended .primary").click();
  await shot(page, `${lang}-7-mobile-form`);
  check(errors.length === 0, `${L} no page errors ${JSON.stringify(errors)}`);
  await ctx.close();
}

await browser.close();
await server.close();
console.log(failures ? `${failures} check(s) failed` : "all checks passed", `- screenshots in ${shots}`);
process.exit(failures ? 1 : 0);
