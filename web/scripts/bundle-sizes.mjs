// The JavaScript each route loads before it shows (gzipped): the entry chunk
// with its static imports, plus the route's lazy chunk with its static
// imports. Run after `npm run build`.
//
//   node scripts/bundle-sizes.mjs [dist]     (budget: < 300 KB gzipped a route)
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dist = process.argv[2] ?? "dist";
const assets = join(dist, "assets");
const html = readFileSync(join(dist, "index.html"), "utf8");
const entry = html.match(/<script type="module"[^>]*src="\/assets\/([^"]+)"/)[1];
const files = new Map(readdirSync(assets).filter((f) => f.endsWith(".js")).map((f) => [f, readFileSync(join(assets, f), "utf8")]));
const gz = (f) => gzipSync(files.get(f), { level: 9 }).length;

// static imports: import{..}from"./x.js" and import"./x.js"; dynamic: import("./x.js")
const staticImports = (f) => [...files.get(f).matchAll(/(?:^|[;\s}])import\s*(?:[^"'()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)].map((m) => m[1]);
function closure(start) {
  const seen = new Set();
  const stack = [start];
  while (stack.length) {
    const f = stack.pop();
    if (seen.has(f) || !files.has(f)) continue;
    seen.add(f);
    stack.push(...staticImports(f));
  }
  return seen;
}
const base = closure(entry);
const routes = { login: "LoginPage", desk: "AgentDesk", wallboard: "Wallboard", admin: "AdminPage", reports: "ReportsPage" };
const kb = (n) => (n / 1024).toFixed(1) + " KB";
console.log(`entry ${entry}: ${kb([...base].reduce((a, f) => a + gz(f), 0))} gzipped (${[...base].join(", ")})`);
let over = false;
for (const [route, name] of Object.entries(routes)) {
  const chunk = [...files.keys()].find((f) => f.startsWith(name + "-"));
  if (!chunk) {
    console.log(`/${route}: no chunk ${name}-*.js`);
    continue;
  }
  const all = new Set([...base, ...closure(chunk)]);
  const total = [...all].reduce((a, f) => a + gz(f), 0);
  if (total > 300 * 1024) over = true;
  console.log(`/${route}: ${kb(total)} gzipped initial JS (${[...all].filter((f) => !base.has(f)).join(", ")} + entry)`);
}
process.exit(over ? 1 : 0);
