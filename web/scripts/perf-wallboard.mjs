// The wallboard under load, in Chromium: 100 queues, 1,000 agents, 1,000
// engine events a second and a KPI message for every agent four times a
// second, all from a stand-in server: this script serves the built app
// (dist/) and plays the REST answers and the event socket itself (the socket
// is opened by the app's worker, as in production), so it needs no
// switchyard.
//
//   npm run build && node scripts/perf-wallboard.mjs [--seconds 10] [--rate 1000] [--queues 100] [--agents 1000]
//        [--agent-kpis 0]   KPI messages without the 1,000 agents' entries
//        [--dist DIR]       another build (e.g. vite build --minify false)
//   PROFILE=1 ...           also print the main thread's CPU profile (self and inclusive time)
//   TRACE=1 ...             also print the main thread's trace (layout, paint...)
//   SCREENSHOT=file.png ... after the measurement, a full-page screenshot
//        [--lang zh-CN]     the page's language (default en)
//        [--driver playwright]  drive the page with Playwright (see "driving the page")
//
// The numbers need an idle machine: on a loaded one the worker, the
// renderer and this script's stand-in server share the cores with whatever
// else runs, and every figure is inflated.
//
// Reports per frame: the time from a batch's arrival to its commit on screen
// (reducers + React render + commit: the app's own work), the animation
// frame intervals, and long tasks. Exits 1 when the 95th percentile of the
// update work is 8 ms or more.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const args = process.argv.slice(2);
const distArg = args.indexOf("--dist");
const dist = distArg >= 0 ? args[distArg + 1] : join(dirname(fileURLToPath(import.meta.url)), "../dist");
const opt = (n, d) => {
  const i = args.indexOf("--" + n);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const SECONDS = opt("seconds", 10);
const RATE = opt("rate", 1000);
const Q = opt("queues", 100);
const A = opt("agents", 1000);
const AGENT_KPIS = opt("agent-kpis", 1); // 0: KPI messages without the agents' entries
const driverArg = args.indexOf("--driver");
const DRIVER = driverArg >= 0 ? args[driverArg + 1] : "cdp";
if (DRIVER !== "cdp" && DRIVER !== "playwright") {
  console.error("--driver cdp|playwright");
  process.exit(2);
}
const langArg = args.indexOf("--lang");
const LANG = langArg >= 0 ? args[langArg + 1] : "en";
if (!existsSync(join(dist, "index.html"))) {
  console.error("build first: npm run build");
  process.exit(2);
}

const now = Date.now();
const dayStart = now - (now % 86_400_000);
const STATES = ["logged_out", "available", "not_ready", "reserved", "busy", "wrap_up"];
const figures = (n) => ({
  offered: n, answered: n, abandoned: 0, short_abandoned: 0, refused: 0, expired: 0, handled: n, transferred: 0, offers: n,
  missed_offers: 0, service_level: 0.8, asa_s: 12.5, avg_wait_s: 13.1, max_wait_s: 80, aht_s: 250.5, avg_talk_s: 240.5,
  avg_hold_s: 0, avg_acw_s: 10, abandon_rate: 0.02, transfer_rate: 0, occupancy: Math.random(), utilisation: 1,
  survey_answers: 0, csat: 0, csat_mean: 0, fcr_eligible: n, repeats: 0, unresolved: 0, fcr: 1, repeat_rate: 0,
});
const windows = (n) => ({ today: figures(n), last_15m: figures(n >> 4), last_60m: figures(n >> 2) });
const queues = Array.from({ length: Q }, (_, i) => ({
  id: i,
  config: { name: `queue-${String(i).padStart(3, "0")}`, channel: i % 10 === 0 ? "chat" : "voice", skills: [{ skill: `s${i % 20}`, min_proficiency: 1 }], sl_target_ms: 20000, sl_target_pct: 80 },
}));
const agents = Array.from({ length: A }, (_, i) => ({
  id: i,
  config: { name: `agent${String(i).padStart(4, "0")}`, team: `team${i % 25}`, site: null, skills: [0, 1, 2].map((k) => ({ skill: `s${(i + k * 7) % 20}`, proficiency: 3 })), capacity: { voice: 1, chat: 2 } },
  state: "available",
  reason: "",
  state_since_ms: now - 60_000,
  contacts: [],
}));
const realtime = {
  time_ms: now,
  seq: 1000,
  queues: queues.map((q) => ({ id: q.id, name: q.config.name, channel: q.config.channel, waiting: 0, longest_wait_ms: 0, ewt_ms: null, agents_by_state: Object.fromEntries(STATES.map((s) => [s, 0])) })),
  agents: [],
};
const rows = [];
for (const q of queues) for (let h = 0; h < new Date(now).getUTCHours(); h++) rows.push({ id: q.id, name: q.config.name, start: "", start_ms: dayStart + h * 3_600_000, ...figures(20) });

const answers = {
  "/api/v1/auth/me": { name: "admin", role: "admin", user_id: 1, team: null, agent: null },
  "/api/v1/settings": { offer_timeout_ms: 20000, default_acw_ms: 10000, time_zone: "UTC" },
  "/api/v1/realtime": realtime,
  "/api/v1/queues": queues,
  "/api/v1/agents": agents,
  "/api/v1/reason-codes": ["break", "lunch"],
  "/api/v1/reports/queues": { dimension: "queues", grain: "hour", time_zone: "UTC", from: "", to: "", rows, totals: [] },
  "/api/v1/alerts": { active: [] },
};

// ---- the stand-in server ------------------------------------------------------
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml" };
const server = createServer((req, res) => {
  const u = new URL(req.url, "http://x");
  if (u.pathname.startsWith("/api/")) {
    const body = answers[u.pathname];
    res.writeHead(body === undefined ? 404 : 200, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body ?? { error: { code: "not_found", message: "no route", field: "" } }));
    return;
  }
  let file = join(dist, u.pathname);
  if (!file.startsWith(dist) || !existsSync(file) || u.pathname === "/") file = join(dist, "index.html");
  else if (!extname(file)) file = join(dist, "index.html");
  res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
  res.end(readFileSync(file));
});

/** A server-to-client text frame (RFC 6455). */
function frame(text) {
  const payload = Buffer.from(text);
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x81, n]) : n < 65536 ? Buffer.from([0x81, 126, n >> 8, n & 255]) : Buffer.alloc(10);
  if (n >= 65536) {
    head[0] = 0x81;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, payload]);
}

let sockets = 0;
let sent = 0;
server.on("upgrade", (req, socket) => {
  if (!req.url.startsWith("/api/v1/events")) return socket.destroy();
  const accept = createHash("sha1").update(req.headers["sec-websocket-key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  socket.on("error", () => {});
  socket.on("data", () => {}); // the client sends nothing but pongs and close
  sockets++;
  const ws = { send: (t) => socket.write(frame(t)) };
  play(ws, () => socket.destroyed);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}`;

function play(ws, closed) {
  let seq = 1000;
  let contact = 1;
  const open = [];
  const agentState = new Array(A).fill(1);
  ws.send(JSON.stringify({ type: "kpis", seq, time_ms: Date.now(), day_start_ms: dayStart, full: true, entries: [{ dim: "center", id: 0, ...windows(1000) }, ...queues.map((q) => ({ dim: "queue", id: q.id, ...windows(50) })), ...agents.map((a) => ({ dim: "agent", id: a.id, ...windows(10) }))] }));
  ws.send(JSON.stringify({ type: "alerts", active: [] }));
  const started = Date.now();
  const tick = 10; // ms
  const perTick = (RATE * tick) / 1000;
  let kpiAt = Date.now();
  const timer = setInterval(() => {
    if (closed() || Date.now() - started > (SECONDS + 2) * 1000) return clearInterval(timer);
    for (let k = 0; k < perTick; k++) {
      const t = Date.now();
      if (open.length < 200 || Math.random() < 0.25) {
        const q = Math.floor(Math.random() * Q);
        ws.send(JSON.stringify({ seq: ++seq, time_ms: t, type: "contact_created", contact, queue: q, value: 30000 }));
        open.push({ c: contact++, q, a: Math.floor(Math.random() * A), st: 0 });
      } else {
        const i = Math.floor(Math.random() * open.length);
        const o = open[i];
        const type = ["contact_offered", "contact_accepted", "contact_ended", "contact_completed"][o.st];
        ws.send(JSON.stringify({ seq: ++seq, time_ms: t, type, contact: o.c, agent: o.a, queue: o.q }));
        const ns = [3, 4, 5, 1][o.st];
        ws.send(JSON.stringify({ seq: ++seq, time_ms: t, type: "agent_state_changed", agent: o.a, value: ns, value2: agentState[o.a] }));
        agentState[o.a] = ns;
        k++;
        sent++;
        if (++o.st === 4) open.splice(i, 1);
      }
      sent++;
    }
    if (Date.now() - kpiAt >= 250) {
      kpiAt = Date.now();
      // every agent's figures move (occupancy does): the heaviest message there is
      ws.send(JSON.stringify({ type: "kpis", seq, time_ms: kpiAt, day_start_ms: dayStart, full: false, entries: [{ dim: "center", id: 0, ...windows(1000) }, ...queues.slice(0, 10).map((q) => ({ dim: "queue", id: q.id, ...windows(51) })), ...(AGENT_KPIS ? agents.map((a) => ({ dim: "agent", id: a.id, ...windows(10 + (seq % 3)) })) : [])] }));
    }
  }, tick);
}

// ---- the browser ---------------------------------------------------------------
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const init = (lang) => {
  sessionStorage.setItem("switchyard.token", "perf");
  localStorage.setItem("switchyard.lang", lang);
  window.__switchyardPerf = [];
};
const page = DRIVER === "playwright" ? await playwrightPage() : await cdpPage();
await page.goto(new URL("/wallboard", base).toString());
await page.waitForSelector(".tiles li", 30_000);
await page.evaluate(() => {
  window.__frames = [];
  window.__longtasks = [];
  let last = performance.now();
  const loop = (t) => {
    window.__frames.push(t - last);
    last = t;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__longtasks.push(e.duration))).observe({ entryTypes: ["longtask"] });
  window.__switchyardPerf.length = 0;
});
const cdp = process.env.PROFILE ? await page.session() : null;
if (cdp) {
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.start");
}
const traceEvents = [];
const tracer = process.env.TRACE ? await page.session() : null;
if (tracer) {
  tracer.on("Tracing.dataCollected", (e) => traceEvents.push(...e.value));
  await tracer.send("Tracing.start", { categories: "devtools.timeline,disabled-by-default-devtools.timeline", transferMode: "ReportEvents" });
}
await new Promise((r) => setTimeout(r, SECONDS * 1000 + 500));
if (tracer) {
  const done = new Promise((r) => tracer.once("Tracing.tracingComplete", r));
  await tracer.send("Tracing.end");
  await done;
  const names = new Map();
  for (const e of traceEvents) if (e.ph === "M" && e.name === "thread_name") names.set(`${e.pid}:${e.tid}`, e.args.name);
  const main = [...names].find(([, n]) => n === "CrRendererMain")?.[0];
  const by = new Map();
  for (const e of traceEvents) if (e.ph === "X" && e.dur && `${e.pid}:${e.tid}` === main) by.set(e.name, (by.get(e.name) ?? 0) + e.dur / 1000);
  const perThread = new Map();
  for (const e of traceEvents) if (e.ph === "X" && e.name === "RunTask" && e.dur) { const k = names.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`; perThread.set(k, (perThread.get(k) ?? 0) + e.dur / 1000); }
  console.log("RunTask per thread:", [...perThread].map(([k, v]) => `${k} ${v.toFixed(0)}`).join(", "));
  const fc = traceEvents.filter((e) => e.ph === "X" && e.name === "FunctionCall" && `${e.pid}:${e.tid}` === main).sort((a, b) => b.dur - a.dur).slice(0, 5);
  const lay = traceEvents.filter((e) => e.ph === "X" && (e.name === "Layout" || e.name === "UpdateLayoutTree" || e.name === "Paint") && `${e.pid}:${e.tid}` === main).sort((a, b) => b.dur - a.dur).slice(0, 6);
  for (const e of lay) console.log("  big", e.name, (e.dur / 1000).toFixed(0), "ms", JSON.stringify(e.args ?? {}).slice(0, 300));
  for (const e of fc) console.log("  big FunctionCall", (e.dur / 1000).toFixed(0), "ms", JSON.stringify(e.args?.data ?? {}).slice(0, 200));
  console.log([...by].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, v]) => `${v.toFixed(0).padStart(7)} ms  ${k}`).join("\n"));
}
if (cdp) {
  const { profile } = await cdp.send("Profiler.stop");
  const self = new Map();
  const dt = profile.timeDeltas;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]);
    const k = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`;
    self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(0).padStart(7)} ms  ${k}`).join("\n"));
  // inclusive time of named functions: a sample counts for every distinct
  // function name on its stack
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const seen = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const name = byId.get(id).callFrame.functionName;
      if (name && !seen.has(name)) {
        seen.add(name);
        incl.set(name, (incl.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
      }
    }
  }
  console.log("inclusive:", [...incl].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(", "));
}
const r = await page.evaluate(() => ({ work: window.__switchyardPerf, frames: window.__frames, longtasks: window.__longtasks, waiting: document.querySelector(".summary .stat-value")?.textContent}));
// after the figures are read: a full-page screenshot resizes the page
if (process.env.SCREENSHOT) await page.screenshot(process.env.SCREENSHOT);
await browser.close();
server.close();

// ---- driving the page ------------------------------------------------------------
// Two ways, the same page and the same measurement (page.evaluate above).
//
// "cdp" (default): a Chrome DevTools Protocol session on the page and nothing
// else. "playwright": a Playwright page. Playwright turns on the Network
// domain for the page and its workers, so Chromium copies every WebSocket
// frame the worker receives into the protocol (about 5 MB/s here: every
// agent's KPIs four times a second) and Playwright parses it in this process:
// on two cores, that instrumentation competes with the page it measures (a
// wallboard in use has no DevTools attached). Kept to compare with earlier
// figures.
async function playwrightPage() {
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await ctx.addInitScript(init, LANG);
  const p = await ctx.newPage();
  p.on("pageerror", (e) => console.log("page error:", e.message));
  return {
    goto: (url) => p.goto(url),
    waitForSelector: (sel, timeout) => p.waitForSelector(sel, { timeout }),
    evaluate: (f) => p.evaluate(f),
    session: () => ctx.newCDPSession(p),
    screenshot: (path) => p.screenshot({ path, fullPage: true }),
  };
}

async function cdpPage() {
  const root = await browser.newBrowserCDPSession();
  // a browser context of our own: Playwright does not attach to its pages
  const { browserContextId } = await root.send("Target.createBrowserContext", { disposeOnDetach: true });
  const { targetId } = await root.send("Target.createTarget", { url: "about:blank", browserContextId });
  const { sessionId } = await root.send("Target.attachToTarget", { targetId, flatten: false });
  let next = 0;
  const pending = new Map();
  const listeners = [];
  root.on("Target.receivedMessageFromTarget", (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message);
    if (m.id !== undefined) {
      const h = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) h?.reject(new Error(`${h.method}: ${m.error.message}`));
      else h?.resolve(m.result);
    } else for (const l of listeners.slice()) if (l.method === m.method) l.f(m.params);
  });
  const session = {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = ++next;
        pending.set(id, { resolve, reject, method });
        root.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
      }),
    on: (method, f) => listeners.push({ method, f }),
    once: (method, f) => {
      const l = { method, f: (x) => (listeners.splice(listeners.indexOf(l), 1), f(x)) };
      listeners.push(l);
    },
  };
  const viewport = (height) => session.send("Emulation.setDeviceMetricsOverride", { width: 1600, height, deviceScaleFactor: 1, mobile: false });
  await viewport(1000);
  await session.send("Page.enable");
  await session.send("Page.addScriptToEvaluateOnNewDocument", { source: `(${init})(${JSON.stringify(LANG)})` });
  session.on("Runtime.exceptionThrown", (e) => console.log("page error:", e.exceptionDetails.exception?.description ?? e.exceptionDetails.text));
  await session.send("Runtime.enable");
  const evaluate = async (f) => {
    const r = await session.send("Runtime.evaluate", { expression: `(${f})()`, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
    return r.result.value;
  };
  return {
    goto: (url) => session.send("Page.navigate", { url }),
    async waitForSelector(sel, timeout) {
      for (const end = Date.now() + timeout; Date.now() < end; await new Promise((r) => setTimeout(r, 100)))
        if (await evaluate(`() => !!document.querySelector(${JSON.stringify(sel)})`)) return;
      throw new Error(`no ${sel} after ${timeout} ms`);
    },
    evaluate,
    session: async () => session,
    async screenshot(path) {
      const { cssContentSize } = await session.send("Page.getLayoutMetrics");
      await viewport(Math.ceil(cssContentSize.height));
      const { data } = await session.send("Page.captureScreenshot", { format: "png" });
      writeFileSync(path, Buffer.from(data, "base64"));
      await viewport(1000);
    },
  };
}

const pct = (a, p) => {
  if (!a.length) return NaN;
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const f = (x) => x.toFixed(2);
console.log(`events sent: ${sent} in ${SECONDS} s over ${sockets} socket(s); queues ${Q}, agents ${A}`);
console.log(`update work per frame (reducers + render + commit), ${r.work.length} frames: median ${f(pct(r.work, 50))} ms, p95 ${f(pct(r.work, 95))} ms, max ${f(Math.max(...r.work))} ms`);
const big = r.work.map((v, i) => [v, i]).sort((x, y) => y[0] - x[0]).slice(0, 5);
console.log(`largest frames (ms @ frame index): ${big.map(([v, i]) => `${f(v)}@${i}`).join(", ")}; frames over 8 ms: ${r.work.filter((v) => v >= 8).length}`);
console.log(`animation frame interval: median ${f(pct(r.frames, 50))} ms, p95 ${f(pct(r.frames, 95))} ms, max ${f(Math.max(...r.frames))} ms`);
console.log(`long tasks (> 50 ms): ${r.longtasks.length}${r.longtasks.length ? ` (max ${f(Math.max(...r.longtasks))} ms)` : ""}`);
console.log(`waiting shown at the end: ${r.waiting}`);
process.exit(pct(r.work, 95) < 8 && sockets > 0 ? 0 : 1);
