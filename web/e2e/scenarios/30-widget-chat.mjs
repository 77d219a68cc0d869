// A whole chat through the widget, the agent played through the staff API
// (docs/chat.md, docs/api.md): agent11 (team blue, skill tech) is ready, the
// visitor's chat is offered to them, they accept, both sides type and write,
// receipts tick, a team lead's whisper never reaches the visitor, a reload
// keeps the chat, the agent ends it and the visitor answers the survey.
// Once in English, once in Chinese. The desk UI's own scenario can do the
// agent's part in the browser instead.
const AGENT = "agent11";
const LEAD = "lead.blue";

const T = {
  en: { active: `You are chatting with ${AGENT}.`, typing: `${AGENT} is typing…`, read: "Read", ended: "The agent ended the chat.", send: "Send feedback", thanks: "Thank you for your feedback!" },
  "zh-CN": { active: `${AGENT} 正在为您服务。`, typing: `${AGENT} 正在输入…`, read: "已读", ended: "客服人员已结束对话。", send: "提交评价", thanks: "感谢您的评价！" },
};

async function queueId(ctx, name) {
  const qs = await ctx.api("GET", "/api/v1/queues", undefined, { as: "admin" });
  const list = Array.isArray(qs) ? qs : (qs.queues ?? qs.items ?? []);
  const q = list.find((x) => x.name === name);
  return q ? q.id : name;
}

export default {
  name: "widget-chat",
  description: "widget chat answered by an agent (API): messages, typing, receipts, whisper hidden, reload, end, survey",
  timeoutMs: 240000,
  async run(ctx) {
    const q = await queueId(ctx, "support-chat");
    await ctx.api("PUT", `/api/v1/queues/${q}/survey`, { enabled: true, question: "How satisfied are you with this chat?", questions: [], ttl_s: 3600 }, { as: "admin" });
    try {
      await ctx.api("POST", `/api/v1/agents/${AGENT}/login`, { ready: true }, { as: AGENT });
    } catch (e) {
      if (e.status !== 409) throw e; // logged in already
      await ctx.api("POST", `/api/v1/agents/${AGENT}/state`, { state: "ready" }, { as: AGENT });
    }

    for (const lang of ctx.LANGS) {
      const t = T[lang];
      const page = await ctx.newPage({ lang });
      const w = page.locator("switchyard-chat");
      await page.goto("/chat-demo.html");
      await w.locator("button.launcher").click();
      if (lang === "zh-CN") await w.getByRole("button", { name: /Switch to Chinese/ }).click();
      await w.locator("#sy-first").fill(lang === "en" ? "Hello, my kettle does not boil." : "你好，我的水壶烧不开水。");
      await w.locator("form").first().locator("button[type=submit]").click();
      const contact = await ctx.waitFor(
        () => page.evaluate(() => JSON.parse(sessionStorage.getItem("switchyard-chat:wg_demo") ?? "null")?.contact),
        `[${lang}] the chat to start`,
      );

      await ctx.step(`[${lang}] ${AGENT} gets the offer and accepts`, async () => {
        await ctx.waitFor(async () => {
          const s = await ctx.api("GET", `/api/v1/chat/sessions/${contact}`, undefined, { as: "admin" });
          return s.state === "offered" || s.state === "active";
        }, `contact ${contact} offered to ${AGENT}`);
        await ctx.api("POST", `/api/v1/contacts/${contact}/accept`, {}, { as: AGENT });
        await w.locator(".status").getByText(t.active).waitFor();
        ctx.expect(true, `[${lang}] the visitor sees "${t.active}"`);
      });

      let agentSeq = 0;
      await ctx.step(`[${lang}] typing and messages both ways, with receipts`, async () => {
        await ctx.api("POST", `/api/v1/chat/sessions/${contact}/typing`, { on: true }, { as: AGENT });
        await w.locator(".typing").getByText(t.typing).waitFor();
        ctx.expect(true, `[${lang}] the agent's typing shows`);
        const m = await ctx.api("POST", `/api/v1/chat/sessions/${contact}/messages`, { text: lang === "en" ? "Sorry to hear that. Is it plugged in?" : "很抱歉。插头插好了吗？", kind: "message", client_id: `e2e-${lang}-1` }, { as: AGENT });
        agentSeq = m.seq;
        await w.locator("ol.log li").nth(1).waitFor();
        ctx.expect((await w.locator(".typing").innerText()) === "", `[${lang}] the typing line clears with the message`);
        // the panel is open: the visitor's read receipt reaches the server
        await ctx.waitFor(async () => {
          const s = await ctx.api("GET", `/api/v1/chat/sessions/${contact}`, undefined, { as: AGENT });
          return s.receipts?.visitor?.read >= agentSeq;
        }, `the visitor's read receipt up to ${agentSeq}`);
        ctx.expect(true, `[${lang}] the visitor's read receipt reached the server`);

        // a whisper from the team lead: staff only
        await ctx.api("POST", `/api/v1/chat/sessions/${contact}/messages`, { text: "WHISPER: offer a replacement", kind: "whisper" }, { as: LEAD });

        const box = w.locator("#sy-text");
        await box.pressSequentially(lang === "en" ? "Yes, it is." : "插好了。", { delay: 30 });
        await box.press("Enter");
        const mine = await ctx.waitFor(async () => {
          const s = await ctx.api("GET", `/api/v1/chat/sessions/${contact}`, undefined, { as: AGENT });
          return s.messages.filter((x) => x.from === "visitor").at(-1)?.seq > agentSeq ? s.messages.filter((x) => x.from === "visitor").at(-1) : null;
        }, "the visitor's reply on the server");
        await ctx.api("POST", `/api/v1/chat/sessions/${contact}/read`, { up_to: mine.seq }, { as: AGENT });
        await w.locator("ol.log li").last().getByText(t.read).waitFor();
        ctx.expect(true, `[${lang}] the visitor's message ticks read`);
        const texts = await w.locator("ol.log li").allInnerTexts();
        ctx.expect(!texts.some((x) => x.includes("WHISPER")), `[${lang}] the whisper is not shown to the visitor`);
        ctx.expect(texts.length === 3, `[${lang}] three messages shown (${texts.length})`);
        await ctx.screenshot(page, `${lang}-chatting`);
        await ctx.axe(page, `${lang} chatting`);
      });

      await ctx.step(`[${lang}] a reload keeps the chat`, async () => {
        await page.reload();
        await w.locator(".status").getByText(t.active).waitFor();
        ctx.expect((await w.locator("ol.log li").count()) === 3, `[${lang}] the same three messages after the reload`);
      });

      await ctx.step(`[${lang}] the agent ends; the survey`, async () => {
        await ctx.api("POST", `/api/v1/contacts/${contact}/end`, {}, { as: AGENT });
        await w.locator("#sy-ended-h").getByText(t.ended).waitFor();
        await w.getByRole("button", { name: t.send }).waitFor();
        await ctx.screenshot(page, `${lang}-survey`);
        await ctx.axe(page, `${lang} survey`);
        await w.locator("#sy-rate-4").check();
        await w.locator("#sy-comment").fill(lang === "en" ? "Helpful, thank you." : "很有帮助，谢谢。");
        await w.getByRole("button", { name: t.send }).click();
        await w.locator("#sy-thanks").getByText(t.thanks).waitFor();
        await ctx.screenshot(page, `${lang}-thanks`);
        await ctx.axe(page, `${lang} thanks`);
        const stored = await page.evaluate(() => JSON.parse(sessionStorage.getItem("switchyard-chat:wg_demo") ?? "null"));
        const sv = await ctx.api("GET", `/api/v1/surveys/${stored.survey.token}`);
        ctx.expect(sv.state === "answered", `[${lang}] the survey is answered on the server`);
        await ctx.api("POST", `/api/v1/contacts/${contact}/wrapup`, { disposition: "resolved" }, { as: AGENT });
      });
      ctx.expect(ctx.pageErrors(page).length === 0, `[${lang}] no page errors ${JSON.stringify(ctx.pageErrors(page))}`);
    }
    await ctx.api("POST", `/api/v1/agents/${AGENT}/logout`, {}, { as: AGENT }).catch(() => {});
  },
};
