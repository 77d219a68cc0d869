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

const results = [];
for (const s of chosen) {
  log(`\n▶ ${s.name}${s.description ? " — " + s.description : ""}`);
  const ctx = makeContext({ url, browser, artifacts, scenario: s.name, log, recordingsDir: server?.recordingsDir ?? null });
  const t0 = Date.now();
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
  const ms = Date.now() - t0;
  results.push({ name: s.name, file: s.file, ok: !error, ms, error: error ? String(error.stack ?? error) : null });
  log(error ? `✗ ${s.name} (${ms} ms)\n${String(error.stack ?? error).replace(/^/gm, "    ")}` : `✓ ${s.name} (${ms} ms)`);
}

await browser.close();
const exit = server ? await server.stop() : null;
const failed = results.filter((r) => !r.ok);
writeFileSync(join(artifacts, "results.json"), JSON.stringify({ url, results, server_exit: exit }, null, 2));
log(`\n${results.length - failed.length} passed, ${failed.length} failed — artifacts in ${artifacts}`);
if (exit && exit.code !== 0 && exit.signal !== "SIGTERM") log(`the server exited with ${JSON.stringify(exit)} (see server.log)`);
process.exit(failed.length ? 1 : 0);
