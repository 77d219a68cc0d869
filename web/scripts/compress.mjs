// Precompresses the built files (gzip and brotli beside each one) so that
// `switchyard serve` can send them without compressing per request.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const root = process.argv[2] ?? "dist";
const compressible = /\.(html|js|mjs|css|svg|json|txt|map|webmanifest)$/;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (compressible.test(name)) {
      const body = readFileSync(path);
      writeFileSync(path + ".gz", gzipSync(body, { level: 9 }));
      writeFileSync(path + ".br", brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    }
  }
}
walk(root);
