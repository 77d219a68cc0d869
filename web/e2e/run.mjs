// End-to-end tests: the real server and the built web app in Chromium.
//
//   cd web && npm run build && SWITCHYARD_BIN=../build/src/cli/switchyard npm run e2e
//   npm run e2e -- widget          only the scenarios whose file name contains "widget"
//   npm run e2e -- --list          the scenarios
//
// Starts SWITCHYARD_BIN (`serve --demo --port 0`, a fresh SQLite store in a
// temporary folder, run from the repository root so that web/dist is served),
// waits for /readyz, launches Chromium and runs each scenario in
// e2e/scenarios/ (file name order). See e2e/README.md to add one.
//
// Env:
//   SWITCHYARD_BIN     the server binary (required unless E2E_URL)
//   E2E_URL            use this running server instead of starting one
//   E2E_SERVER_ARGS    more `serve` flags, e.g. "--demo-traffic"
//   E2E_HISTORY_DAYS   days of demo history (default 0: an empty center, quick to start)
//   E2E_ARTIFACTS      where screenshots, axe results, the server log and results.json go
//                      (default web/test-results/e2e)
//   CHROMIUM           the browser (default /usr/bin/chromium)
//   E2E_TIMEOUT_MS     per scenario (default 120000; a scenario may set timeoutMs)
//   E2E_RETRIES        runs more of a failed scenario (default 1; a pass on one is named flaky)
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { makeContext } from "./lib/context.mjs";
import { startServer } from "./lib/server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const web = resolve(here, "..");
const repo = resolve(web, "..");
const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith("--"));

const scenarioDir = join(here, "scenarios");
const scenarios = [];
for (const f of readdirSync(scenarioDir).filter((f) => f.endsWith(".mjs")).sort()) {
  const mod = await import(pathToFileURL(join(scenarioDir, f)).href);
  const s = mod.default;
  if (!s || typeof s.run !== "function") throw new Error(`${f}: export default { name, run(ctx) }`);
  scenarios.push({ file: f, name: s.name ?? f.replace(/\.mjs$/, ""), ...s });
}
const chosen = scenarios.filter((s) => !filters.length || filters.some((x) => s.file.includes(x) || s.name.includes(x)));

if (args.includes("--list")) {
  for (const s of scenarios) console.log(`${s.file.padEnd(32)} ${s.description ?? ""}`);
  process.exit(0);
}
if (!chosen.length) {
  console.error(`no scenario matches ${filters.join(" ")}`);
  process.exit(2);
}

const artifacts = resolve(process.env.E2E_ARTIFACTS ?? join(web, "test-results", "e2e"));
rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });
const log = (s) => console.log(s);

if (!existsSync(join(web, "dist", "index.html")) || !existsSync(join(web, "dist", "widget.js"))) {
  console.warn("warning: web/dist is not built (npm run build): the server will have no pages to serve");
}

let server = null;
let url = process.env.E2E_URL?.replace(/\/$/, "");
if (!url) {
  const bin = process.env.SWITCHYARD_BIN;
  if (!bin) {
    console.error("set SWITCHYARD_BIN to the switchyard binary (or E2E_URL to a running server)");
    process.exit(2);
  }
  const extra = (process.env.E2E_SERVER_ARGS ?? "").split(/\s+/).filter(Boolean);
  const t0 = Date.now();
  server = await startServer({
    bin: resolve(bin),
    cwd: repo,
    logFile: join(artifacts, "server.log"),
    args: ["--demo", "--demo-history-days", process.env.E2E_HISTORY_DAYS ?? "0", ...extra],
    // a scenario that sets `voice: true` needs the voice edge and a recordings folder
    voice: chosen.some((s) => s.voice),
  }).catch((e) => {
    console.error(String(e.message ?? e));
    process.exit(1);
  });
  url = server.url;
  log(`server ${url} ready in ${Date.now() - t0} ms (log ${join(artifacts, "server.log")})`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});

// One run of scenario `s`; its error (null: passed). `attempt` > 1 names its screenshots apart.
async function runScenario(s, attempt) {
  const ctx = makeContext({ url, browser, artifacts, scenario: attempt > 1 ? `${s.name}-retry` : s.name, log, recordingsDir: server?.recordingsDir ?? null });
  const timeoutMs = s.timeoutMs ?? Number(process.env.E2E_TIMEOUT_MS ?? 120000);
  let error = null;
  let timer;
  try {
    await Promise.race([
      s.run(ctx),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs))),
    ]);
  } catch (e) {
    error = e;
    await ctx.screenshotAll("failure");
  } finally {
    clearTimeout(timer);
    await ctx.close();
  }
  return error;
}

// A scenario that fails is run once more (E2E_RETRIES, default 1): the machine's load can
// push a step past its wait. A pass on the retry still counts as passed but is named as
// flaky in the summary, with the first attempt's error, so it is seen and mended.
const retries = Number(process.env.E2E_RETRIES ?? 1);
const results = [];
for (const s of chosen) {
  log(`\n▶ ${s.name}${s.description ? " — " + s.description : ""}`);
  const t0 = Date.now();
  const errors = [];
  let error = await runScenario(s, 1);
  for (let attempt = 2; error && attempt <= 1 + retries; ++attempt) {
    errors.push(String(error.stack ?? error));
    log(`✗ ${s.name} (${Date.now() - t0} ms)\n${errors.at(-1).replace(/^/gm, "    ")}\n↻ ${s.name}: attempt ${attempt}`);
    error = await runScenario(s, attempt);
  }
  const ms = Date.now() - t0;
  if (error) errors.push(String(error.stack ?? error));
  results.push({ name: s.name, file: s.file, ok: !error, ms, attempts: errors.length + (error ? 0 : 1), errors });
  log(error ? `✗ ${s.name} (${ms} ms)\n${errors.at(-1).replace(/^/gm, "    ")}` : `✓ ${s.name} (${ms} ms)${errors.length ? " on attempt " + (errors.length + 1) : ""}`);
}

await browser.close();
const exit = server ? await server.stop() : null;
const failed = results.filter((r) => !r.ok);
writeFileSync(join(artifacts, "results.json"), JSON.stringify({ url, results, server_exit: exit }, null, 2));
// the failures and flakes again at the end, where a CI log's tail shows them
const firstLine = (e) => e.split("\n")[0];
for (const r of results.filter((x) => x.errors.length))
  log(`${r.ok ? "flaky (passed on attempt " + r.attempts + ")" : "FAILED"}: ${r.name}: ${r.errors.map(firstLine).join(" | ")}`);
log(`\n${results.length - failed.length} passed, ${failed.length} failed — artifacts in ${artifacts}`);
if (exit && exit.code !== 0 && exit.signal !== "SIGTERM") log(`the server exited with ${JSON.stringify(exit)} (see server.log)`);
process.exit(failed.length ? 1 : 0);
