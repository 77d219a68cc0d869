// Team chat (issue 13) through the UI, each person in their own browser:
// agent01 (English) and agent02 (Chinese), both of team red, chat directly
// and in the team room, live: the top bar's badge counts the other's
// message, the room shows it without a reload, presence is in words;
// agent01 mentions agent02 with the @ completion (agent02 gets a
// comms.mention notification); lead.red broadcasts to the team from the
// page's form and both agents see it marked as a broadcast; agent02 writes
// in Chinese and agent01 finds it by search, the result opening the room at
// the message; agent01 plans a huddle with agent02, who sees it appear and
// writes the notes, which agent01 sees; on the desk, agent01's chat drawer
// counts a new message and answers it inline. agent01 edits its mention and
// agent02's page shows the new text marked edited, live; the team room lists
// its members with their presence.
//
// The API is used only to read what the server holds and to find out
// whether the server has team chat at all (a server without the routes
// skips the scenario with a note: the page is built against the contract).
//
// Screenshots: screenshots/team-chat/<lang>-<view>.png of every view in
// both languages; axe: axe/team-chat.json (fails on serious or critical).
import { exact, tr } from "../lib/i18n.mjs";

const A = "agent01";
const B = "agent02";
const LEAD = "lead.red";
const LANG = { [A]: "en", [B]: "zh-CN", [LEAD]: "en" };
// A stamp of each run (a retry runs again on the same server: its texts must differ).
let STAMP = "";
let TEXT = {};
function stampRun() {
  STAMP = Date.now().toString(36);
  TEXT = {
    direct: `Hi ${B}, can you take my 14:00 callback? (${STAMP})`,
    reply: `好的，没问题 (${STAMP})`,
    mention: `please check the refund queue (${STAMP})`,
    broadcast: `Team meeting at 15:00 in room 2 (${STAMP})`,
    chinese: `客户询问退款政策的细节 ${STAMP}`,
    notes: `议程已讨论，目标已确认 ${STAMP}`,
    desk: `Are you on a call? (${STAMP})`,
    edited: `please check the refund and billing queues (${STAMP})`,
};
}

export default {
  name: "team-chat",
  description: "agent01 (en) and agent02 (zh-CN) chat directly and in the team room, @mention, lead broadcast, Chinese search, a huddle, the desk's drawer; every view in both languages",
  timeoutMs: 300000,
  async run(ctx) {
    if (!(await ctx.serves("/api/v1/comms/chat/rooms", A, "team chat routes"))) return;
    stampRun();
    await journey(ctx);
    await views(ctx);
  },
};

/** Opens /chat for `user` and waits for the room list. */
async function openChat(ctx, user, lang = LANG[user], path = "/chat") {
  const t = tr(lang);
  const page = await ctx.newPage({ lang, user, path });
  await page.getByRole("heading", { level: 1, name: exact(t("chat.title")) }).waitFor({ timeout: 30000 });
  await page.getByRole("navigation", { name: exact(t("chat.rooms")) }).or(page.getByText(t("chat.no_rooms"))).first().waitFor({ timeout: 30000 });
  return { page, t };
}

const rooms = (page, t) => page.getByRole("navigation", { name: exact(t("chat.rooms")) });
const messages = (page, t, room) => page.getByRole("region", { name: t("chat.messages_in", { room }) });
const composer = (page, t, room) => page.getByRole("combobox", { name: t("chat.compose.label", { room }) });

async function journey(ctx) {
  const a = await openChat(ctx, A);
  const b = await openChat(ctx, B);
  const teamName = (await ctx.api("GET", "/api/v1/comms/chat/rooms", undefined, { as: A })).items.find((r) => r.kind === "team")?.name ?? "red";

  await ctx.step(`${A} writes to ${B} directly; ${B}'s badge counts it live and the room shows it`, async () => {
    await a.page.getByRole("button", { name: exact(a.t("chat.direct.new")) }).click();
    const dialog = a.page.getByRole("dialog", { name: exact(a.t("chat.direct.title")) });
    await dialog.getByLabel(a.t("chat.direct.filter")).fill(B);
    await dialog.getByRole("button", { name: new RegExp(`^${B}`) }).first().click();
    await a.page.waitForURL(/\/chat\/\d+$/);
    // presence in words next to the name
    await a.page.locator(".tc-room-head .tc-presence-text").first().waitFor();
    await ctx.screenshot(a.page, "en-direct-room");
    await composer(a.page, a.t, B).fill(TEXT.direct);
    await composer(a.page, a.t, B).press("Enter");
    await messages(a.page, a.t, B).getByText(TEXT.direct).waitFor();
    // B: the top bar's link says there is something unread
    const nav = b.page.getByRole("navigation", { name: b.t("common.nav.label") });
    await nav.getByRole("link", { name: new RegExp(b.t("common.chat_unread", { n: "\\d+" })) }).waitFor({ timeout: 20000 });
    ctx.expect(true, `${B}'s top bar counts the message`);
    await rooms(b.page, b.t).getByRole("button", { name: new RegExp(`^${A}`) }).click();
    await messages(b.page, b.t, A).getByText(TEXT.direct).waitFor({ timeout: 20000 });
    await composer(b.page, b.t, A).fill(TEXT.reply);
    await composer(b.page, b.t, A).press("Enter");
    await messages(a.page, a.t, B).getByText(TEXT.reply).waitFor({ timeout: 20000 });
    ctx.expect(true, `${A} gets ${B}'s reply live`);
  });

  await ctx.step(`${A} mentions ${B} in the team room with the @ completion`, async () => {
    await rooms(a.page, a.t).getByRole("button", { name: new RegExp(`^${teamName}`) }).first().click();
    const box = composer(a.page, a.t, teamName);
    await box.click();
    await box.pressSequentially(`@${B.slice(0, 6)}`);
    const list = a.page.getByRole("listbox", { name: a.t("chat.compose.mentions") });
    await list.getByRole("option", { name: `@${B}` }).waitFor();
    await ctx.screenshot(a.page, "en-mention-completion");
    await list.getByRole("option", { name: `@${B}` }).click();
    await box.pressSequentially(TEXT.mention);
    await box.press("Enter");
    const mine = messages(a.page, a.t, teamName).getByRole("listitem").filter({ hasText: TEXT.mention });
    await mine.locator("mark", { hasText: `@${B}` }).waitFor({ timeout: 20000 });
    ctx.expect(true, "the sent message marks the mention");
    await rooms(b.page, b.t).getByRole("button", { name: new RegExp(`^${teamName}`) }).first().click();
    const theirs = messages(b.page, b.t, teamName).getByRole("listitem").filter({ hasText: TEXT.mention });
    await theirs.getByText(b.t("chat.mentions_you")).waitFor({ timeout: 20000 });
    const n = await ctx.waitFor(async () => {
      const list = await ctx.api("GET", "/api/v1/notifications?limit=20", undefined, { as: B });
      return (list.items ?? []).find((x) => x.kind === "comms.mention");
    }, `${B}'s comms.mention notification`);
    ctx.expect(n.link.includes("/comms/chat/"), `${B} was notified (${n.link})`);
  });

  await ctx.step(`${A} edits its message; ${B} sees the new text marked edited, live; the team room lists its members`, async () => {
    const mine = messages(a.page, a.t, teamName).getByRole("listitem").filter({ hasText: TEXT.mention });
    await mine.getByRole("button", { name: new RegExp("^" + a.t("chat.edit_message", { time: "" }).trim()) }).click();
    // while it is edited the item shows the box, not the old text: find the box in the room
    const box = messages(a.page, a.t, teamName).getByRole("textbox", { name: a.t("chat.edit_label") });
    await box.fill(`@${B} ${TEXT.edited}`);
    await box.press("Enter");
    await messages(a.page, a.t, teamName).getByRole("listitem").filter({ hasText: TEXT.edited }).getByText(a.t("chat.edited")).waitFor();
    const edited = messages(b.page, b.t, teamName).getByRole("listitem").filter({ hasText: TEXT.edited });
    await edited.getByText(b.t("chat.edited")).waitFor({ timeout: 20000 });
    ctx.expect((await messages(b.page, b.t, teamName).getByText(TEXT.mention).count()) === 0, `${B} no longer sees the old text`);
    await edited.scrollIntoViewIfNeeded();
    await ctx.screenshot(b.page, "zh-CN-edited-message");
    for (const [who, lang] of [[a, "en"], [b, "zh-CN"]]) {
      await who.page.locator(".tc-room-head .tc-member-list summary").click();
      const list = who.page.getByRole("list", { name: exact(who.t("chat.members")) });
      await list.waitFor({ timeout: 20000 });
      const text = await list.innerText();
      ctx.expect(text.includes(A) && text.includes(B), `${lang}: the team room lists ${A} and ${B}: ${text.replace(/\n/g, " | ")}`);
      await ctx.screenshot(who.page, `${lang}-room-members`);
      await ctx.axe(who.page, `${lang} room members`, { minImpact: "serious" });
      await who.page.locator(".tc-room-head .tc-member-list summary").click();
    }
  });

  await ctx.step(`${LEAD} broadcasts to the team; both agents see it marked`, async () => {
    const l = await openChat(ctx, LEAD);
    await l.page.getByRole("button", { name: exact(l.t("chat.broadcast.open")) }).click();
    const dialog = l.page.getByRole("dialog", { name: exact(l.t("chat.broadcast.title")) });
    await dialog.getByLabel(l.t("chat.broadcast.body")).fill(TEXT.broadcast);
    await ctx.screenshot(l.page, "en-broadcast-form");
    await ctx.axe(l.page, "en broadcast form", { minImpact: "serious" });
    await dialog.getByRole("button", { name: exact(l.t("chat.broadcast.send")) }).click();
    await l.page.waitForURL(/\/chat\/\d+$/);
    for (const who of [a, b]) {
      const item = messages(who.page, who.t, teamName).getByRole("listitem").filter({ hasText: TEXT.broadcast });
      await item.getByText(who.t("chat.broadcast.tag")).waitFor({ timeout: 20000 });
    }
    ctx.expect(true, "both agents see the broadcast, marked, without a reload");
    await ctx.screenshot(b.page, "zh-CN-team-room-broadcast");
  });

  await ctx.step(`${B} writes in Chinese; ${A} finds it by search and the result opens the room at the message`, async () => {
    const box = composer(b.page, b.t, teamName);
    await box.fill(TEXT.chinese);
    await box.press("Enter");
    await messages(a.page, a.t, teamName).getByText(TEXT.chinese).waitFor({ timeout: 20000 });
    // leave the room, then search from the list
    await rooms(a.page, a.t).getByRole("button", { name: new RegExp(`^${B}`) }).first().click();
    const search = a.page.getByRole("search", { name: a.t("chat.search.label") });
    await search.getByRole("searchbox").fill("退款政策");
    await search.getByRole("button", { name: exact(a.t("chat.search.go")) }).click();
    const result = a.page.locator(".tc-result").filter({ hasText: TEXT.chinese });
    await result.waitFor({ timeout: 20000 });
    await ctx.screenshot(a.page, "en-search-results");
    await result.click();
    await a.page.waitForURL(/\/chat\/\d+\?message=\d+$/);
    await ctx.waitFor(() => a.page.evaluate(() => document.activeElement?.classList.contains("tc-msg-flash")), "the found message focused");
    ctx.expect((await a.page.evaluate(() => document.activeElement?.textContent ?? "")).includes(TEXT.chinese), "the result opened at the Chinese message");
  });

  await ctx.step(`${A} plans a huddle with ${B}; ${B} sees it and writes the notes; ${A} sees them`, async () => {
    const name = `Huddle ${STAMP}`;
    await a.page.getByRole("button", { name: exact(a.t("chat.room.new_huddle")) }).click();
    const dialog = a.page.getByRole("dialog", { name: exact(a.t("chat.room.new_huddle")) });
    await dialog.getByLabel(a.t("chat.room.name"), { exact: true }).fill(name);
    await dialog.getByRole("checkbox", { name: B }).check();
    await dialog.getByLabel(a.t("chat.huddle.agenda")).fill("1. Queue targets\n2. Callbacks");
    await ctx.screenshot(a.page, "en-huddle-form");
    await ctx.axe(a.page, "en huddle form", { minImpact: "serious" });
    await dialog.getByRole("button", { name: exact(a.t("chat.room.create_huddle")) }).click();
    await a.page.waitForURL(/\/chat\/\d+$/);
    await rooms(b.page, b.t).getByRole("button", { name: new RegExp(`^${name}`) }).click({ timeout: 20000 });
    const form = b.page.locator("form.tc-huddle");
    await form.getByLabel(b.t("chat.huddle.notes")).fill(TEXT.notes);
    await form.getByRole("button", { name: exact(b.t("chat.huddle.save")) }).click();
    await form.getByText(b.t("chat.huddle.saved")).waitFor();
    await ctx.waitFor(async () => (await a.page.locator("form.tc-huddle").getByLabel(a.t("chat.huddle.notes")).inputValue()) === TEXT.notes, `${A} sees the notes`, 20000);
    ctx.expect(true, `${A} sees ${B}'s notes live`);
    await ctx.screenshot(b.page, "zh-CN-huddle-room");
  });

  await ctx.step(`on the desk, ${A}'s chat drawer counts ${B}'s message and answers it inline`, async () => {
    await a.page.goto("/desk");
    await a.page.getByRole("heading", { level: 1, name: a.t("agent.title", { name: A }) }).waitFor({ timeout: 30000 });
    await rooms(b.page, b.t).getByRole("button", { name: new RegExp(`^${A}`) }).first().click();
    await composer(b.page, b.t, A).fill(TEXT.desk);
    await composer(b.page, b.t, A).press("Enter");
    const toggle = a.page.getByRole("button", { name: new RegExp(`^${a.t("chat.drawer.button")}\\s*${a.t("chat.unread", { n: "\\d+" })}$`) });
    await toggle.waitFor({ timeout: 20000 });
    await toggle.click();
    const drawer = a.page.getByRole("complementary", { name: a.t("chat.title") });
    await drawer.getByRole("button", { name: new RegExp(`^${B}`) }).first().click();
    await drawer.getByRole("listitem").filter({ hasText: TEXT.desk }).waitFor({ timeout: 20000 });
    await ctx.screenshot(a.page, "en-desk-drawer-room");
    await ctx.axe(a.page, "en desk drawer", { minImpact: "serious" });
    await composer(a.page, a.t, B).fill("Not now, after this call.");
    await composer(a.page, a.t, B).press("Enter");
    await messages(b.page, b.t, A).getByText("Not now, after this call.").waitFor({ timeout: 20000 });
    ctx.expect(new URL(a.page.url()).pathname === "/desk", "the desk stayed open while answering");
  });
}

/** Every view in both languages, shot and scanned. */
async function views(ctx) {
  for (const lang of ctx.LANGS) {
    const { page, t } = await openChat(ctx, A, lang);
    const shot = async (name) => {
      await ctx.screenshot(page, `${lang}-${name}`);
      await ctx.axe(page, `${lang} ${name}`, { minImpact: "serious" });
    };
    await shot("rooms");
    await rooms(page, t).locator(".tc-room").first().click();
    await page.locator(".tc-messages").waitFor();
    await shot("room");
    await page.getByRole("button", { name: exact(t("chat.direct.new")) }).click();
    await page.getByRole("dialog", { name: exact(t("chat.direct.title")) }).waitFor();
    await shot("direct-dialog");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: exact(t("chat.room.new_huddle")) }).click();
    const dialog = page.getByRole("dialog", { name: exact(t("chat.room.new_huddle")) });
    await dialog.getByRole("button", { name: exact(t("chat.room.create_huddle")) }).click();
    await dialog.getByText(t("chat.invalid.name")).waitFor();
    await shot("huddle-dialog-errors");
    await page.keyboard.press("Escape");
    const search = page.getByRole("search", { name: t("chat.search.label") });
    await search.getByRole("searchbox").fill("退款");
    await search.getByRole("button", { name: exact(t("chat.search.go")) }).click();
    await page.locator(".tc-results").waitFor();
    await shot("search");
    await search.getByRole("searchbox").fill("");
    await page.getByRole("button", { name: exact(t("chat.search.clear")) }).click();
    await rooms(page, t).getByRole("button", { name: new RegExp(`^Huddle ${STAMP}`) }).click();
    await page.locator("form.tc-huddle").waitFor();
    await shot("huddle-room");
    await page.goto("/desk");
    await page.getByRole("button", { name: new RegExp(`^${t("chat.drawer.button")}`) }).click();
    await page.getByRole("complementary", { name: t("chat.title") }).waitFor();
    await shot("desk-drawer");
    const lead = await openChat(ctx, LEAD, lang);
    await lead.page.getByRole("button", { name: exact(t("chat.broadcast.open")) }).click();
    await lead.page.getByRole("dialog", { name: exact(t("chat.broadcast.title")) }).waitFor();
    await ctx.screenshot(lead.page, `${lang}-broadcast-dialog`);
    await ctx.axe(lead.page, `${lang} broadcast-dialog`, { minImpact: "serious" });
    const errors = ctx.pageErrors(page);
    ctx.expect(errors.length === 0, `${lang}: no page errors (${errors.join("; ")})`);
    const raw = await page.evaluate(() => (document.body.innerText.match(/\bchat\.[a-z_]+(\.[a-z_]+)*/g) ?? []).join(" "));
    ctx.expect(!raw, `${lang}: no raw catalogue keys shown (${raw})`);
  }
}
