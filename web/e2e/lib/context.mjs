// What a scenario gets (`run(ctx)`): the server's URL, the browser, pages in
// either language, the API as a demo user, axe-core scans, screenshots into
// the artifacts folder, and small assertion helpers. Everything a scenario
// opens through ctx is closed after it.
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export const LANGS = ["en", "zh-CN"];
export const DEMO_PASSWORD = "switchyard-demo";

export class AssertionError extends Error {}

export class ApiError extends Error {
  constructor(status, body, method, path) {
    super(`${method} ${path} -> ${status} ${typeof body === "string" ? body : JSON.stringify(body)}`);
    this.status = status;
    this.body = body;
  }
}

/**
 * @param {object} o
 * @param {string} o.url        the server
 * @param {import("playwright-core").Browser} o.browser
 * @param {string} o.artifacts  the run's artifacts folder
 * @param {string} o.scenario   the scenario's name (its screenshots go to screenshots/<name>/)
 * @param {(s: string) => void} o.log
 * @param {string|null} [o.recordingsDir]  the server's call recordings (voice scenarios; null otherwise)
 */
export function makeContext(o) {
  const contexts = [];
  const tokens = new Map();
  const pageErrors = new Map();
  const shotsDir = join(o.artifacts, "screenshots", o.scenario);
  const axeDir = join(o.artifacts, "axe");

  const ctx = {
    url: o.url,
    browser: o.browser,
    artifacts: o.artifacts,
    scenario: o.scenario,
    recordingsDir: o.recordingsDir ?? null,
    LANGS,
    log: o.log,

    /** Fails the scenario with `message` unless `cond`. */
    expect(cond, message) {
      if (!cond) throw new AssertionError(message);
      o.log(`  ok ${message}`);
    },

    /** Waits until `fn()` is truthy (sync or async); returns its value. */
    async waitFor(fn, what, timeoutMs = 15000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const v = await fn();
        if (v) return v;
        if (Date.now() > end) throw new AssertionError(`timed out (${timeoutMs} ms) waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },

    /** Runs and logs one named step. */
    async step(name, fn) {
      const t0 = Date.now();
      o.log(`  - ${name}`);
      const v = await fn();
      o.log(`    (${Date.now() - t0} ms)`);
      return v;
    },

    /** The REST API (docs/api.md); `as` is a demo username or a token. Resolves with the JSON (undefined for 204). */
    async api(method, path, body, { as, token, headers = {} } = {}) {
      const tok = token ?? (as ? await ctx.login(as) : null);
      const h = { ...headers };
      if (tok) h.Authorization = `Bearer ${tok}`;
      if (body !== undefined) h["Content-Type"] = "application/json";
      const r = await fetch(o.url + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = r.status === 204 ? "" : await r.text();
      let json;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = text;
      }
      if (!r.ok) throw new ApiError(r.status, json, method, path);
      return json;
    },

    /** Whether the server serves GET `path` (as `as`); logs a SKIPPED line naming `what` when it is 404
     *  (a server built before those routes), rethrows any other error. */
    async serves(path, as, what) {
      try {
        await ctx.api("GET", path, undefined, { as });
        return true;
      } catch (e) {
        if (e.status !== 404) throw e;
        ctx.log(`  SKIPPED: the server has no ${what} (GET ${path} is 404)`);
        return false;
      }
    },

    /**
     * A voice contact of `queue` offered to, answered, ended and wrapped up ("resolved") by `agent`,
     * logged in for it and out after; `whileHandled(id)` runs before the agent logs out. Its id.
     */
    async handledCall(agent, queue, whileHandled = async () => {}) {
      await ctx.api("POST", `/api/v1/agents/${agent}/login`, { ready: true }, { as: agent });
      try {
        const c = await ctx.api("POST", "/api/v1/contacts", { queue, channel: "voice" }, { as: "admin" });
        ctx.expect(c.state === "offered" && c.agent === agent, `contact ${c.id} offered to ${agent}`);
        await ctx.api("POST", `/api/v1/contacts/${c.id}/accept`, {}, { as: agent });
        await ctx.api("POST", `/api/v1/contacts/${c.id}/end`, {}, { as: agent });
        await ctx.api("POST", `/api/v1/contacts/${c.id}/wrapup`, { disposition: "resolved" }, { as: agent });
        await whileHandled(c.id);
        return c.id;
      } finally {
        await ctx.api("POST", `/api/v1/agents/${agent}/logout`, {}, { as: agent }).catch(() => {});
      }
    },

    /** Logs a demo user in (password switchyard-demo); the token is kept for the run of this scenario. */
    async login(username, password = DEMO_PASSWORD) {
      if (tokens.has(username)) return tokens.get(username);
      const r = await ctx.api("POST", "/api/v1/auth/login", { username, password });
      tokens.set(username, r.token);
      return r.token;
    },

    /**
     * A new page in its own browser context (cookies and storage of its own).
     * lang sets the browser's locale; user logs the app in first (the app
     * keeps its token in sessionStorage "switchyard.token", web/src/lib/api.ts).
     */
    async newPage({ lang = "en", viewport = { width: 1280, height: 800 }, user, path } = {}) {
      const bc = await o.browser.newContext({ viewport, locale: lang, baseURL: o.url });
      contexts.push(bc);
      if (user) {
        const token = await ctx.login(user);
        await bc.addInitScript((t) => sessionStorage.setItem("switchyard.token", t), token);
      }
      const page = await bc.newPage();
      const errs = [];
      pageErrors.set(page, errs);
      page.on("pageerror", (e) => errs.push(String(e)));
      page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && errs.push(m.text()));
      page.on("response", (r) => r.status() >= 500 && errs.push(`${r.status()} ${r.url()}`));
      if (path) await page.goto(path);
      return page;
    },

    /** Errors the page logged so far (uncaught exceptions, console errors, 5xx answers). */
    pageErrors(page) {
      return pageErrors.get(page) ?? [];
    },

    /** Saves a PNG to screenshots/<scenario>/<name>.png; returns its path. */
    async screenshot(page, name, opts = {}) {
      mkdirSync(shotsDir, { recursive: true });
      const path = join(shotsDir, `${name}.png`);
      await page.screenshot({ path, ...opts });
      return path;
    },

    /**
     * Runs axe-core on the page (open shadow roots included) and records the
     * result in axe/<scenario>.json. Returns the violations at or above
     * `minImpact` (minor, moderate, serious, critical); `assert` fails the
     * scenario when there are any.
     */
    async axe(page, label, { minImpact = "minor", assert = true, context } = {}) {
      if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: axePath });
      const violations = await page.evaluate(
        async (c) => (await window.axe.run(c ?? document, { resultTypes: ["violations"] })).violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => n.target.join(" ")),
        })),
        context,
      );
      const order = ["minor", "moderate", "serious", "critical"];
      const bad = violations.filter((v) => order.indexOf(v.impact) >= order.indexOf(minImpact));
      mkdirSync(axeDir, { recursive: true });
      const file = join(axeDir, `${o.scenario}.json`);
      ctx._axe = ctx._axe ?? [];
      ctx._axe.push({ label, url: page.url(), violations });
      writeFileSync(file, JSON.stringify(ctx._axe, null, 2));
      if (assert) ctx.expect(bad.length === 0, `axe ${label}: ${bad.length ? JSON.stringify(bad) : "no violations"}`);
      return bad;
    },

    /** Screenshots of every open page (after a failure). */
    async screenshotAll(prefix) {
      let i = 0;
      for (const bc of contexts) for (const p of bc.pages()) await ctx.screenshot(p, `${prefix}-${i++}`).catch(() => {});
    },

    async close() {
      for (const bc of contexts) await bc.close().catch(() => {});
      contexts.length = 0;
    },
  };
  return ctx;
}
