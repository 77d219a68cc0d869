// Starts `switchyard serve` for the end-to-end run: a fresh SQLite store in a
// temporary folder, the demo center, a free port (--port 0; the server prints
// `switchyard listening on ADDR:PORT` on stdout, docs/operations.md), then
// waits for /readyz. Its stdout and stderr go to a log file.
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * @param {object} o
 * @param {string} o.bin        the switchyard binary
 * @param {string} o.cwd        where it runs (the repository root: web/dist is http.web_root's default)
 * @param {string} o.logFile    stdout and stderr
 * @param {string[]} [o.args]   more `serve` flags (e.g. --demo-traffic)
 * @param {Record<string,string>} [o.env]  SWITCHYARD_* settings (docs/operations.md)
 * @param {boolean} [o.voice]   run the voice edge (SIP on a free port, loopback) with call
 *                              recordings in <dir>/recordings: a scenario may put a WAV there as
 *                              contact-<id>.wav, as the RTP relay does for a bridged call
 * @param {number} [o.timeoutMs]
 */
export async function startServer(o) {
  const dir = mkdtempSync(join(tmpdir(), "switchyard-e2e-"));
  const recordingsDir = o.voice ? join(dir, "recordings") : null;
  const args = ["serve", "--store", `sqlite:${join(dir, "e2e.db")}`, "--port", "0", "--address", "127.0.0.1", ...(o.args ?? [])];
  // The server refuses unknown SWITCHYARD_* variables: pass only the ones meant for it.
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("SWITCHYARD_")) env[k] = v;
  if (recordingsDir)
    Object.assign(env, {
      SWITCHYARD_VOICE_ENABLED: "true",
      SWITCHYARD_VOICE_ADDRESS: "127.0.0.1",
      SWITCHYARD_VOICE_SIP_PORT: "0",
      SWITCHYARD_VOICE_RECORDINGS_DIR: recordingsDir,
    });
  Object.assign(env, o.env ?? {});
  const log = createWriteStream(o.logFile);
  log.write(`$ ${o.bin} ${args.join(" ")}\n`);
  const proc = spawn(o.bin, args, { cwd: o.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  proc.stderr.pipe(log, { end: false });

  let exited = null;
  const exit = new Promise((resolve) => proc.on("exit", (code, signal) => resolve((exited = { code, signal }))));
  const port = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no "switchyard listening on" line within ${o.timeoutMs ?? 60000} ms (see ${o.logFile})`)), o.timeoutMs ?? 60000);
    proc.stdout.on("data", (d) => {
      log.write(d);
      out += d;
      const m = /switchyard listening on (\S+):(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[2]));
      }
    });
    proc.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    exit.then((x) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${JSON.stringify(x)}) before listening: see ${o.logFile}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, o.timeoutMs ?? 60000, () => exited);

  return {
    url,
    port,
    dir,
    recordingsDir,
    proc,
    async stop() {
      if (!exited) {
        proc.kill("SIGTERM");
        const killer = setTimeout(() => proc.kill("SIGKILL"), 15000);
        await exit;
        clearTimeout(killer);
      }
      log.end();
      rmSync(dir, { recursive: true, force: true });
      return exited;
    },
  };
}

/** Polls GET /readyz until 200. */
export async function waitReady(url, timeoutMs = 60000, exited = () => null) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) throw new Error("the server exited while starting");
    try {
      const r = await fetch(url + "/readyz");
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > end) throw new Error(`${url}/readyz not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
