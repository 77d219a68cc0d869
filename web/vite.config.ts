// The app: one entry (index.html), split by route with React.lazy.
// `npm run dev` proxies /api to a local `switchyard serve` on 8080.
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, target: "es2022" },
  server: { proxy: { "/api": { target: "http://127.0.0.1:8080", ws: true } } },
  // A test is given 30 s (vitest says 5): under a loaded CI on two cores a long jsdom flow
  // (the shift rules editor) took over 5 s; a hang still fails.
  test: { environment: "jsdom", include: ["src/**/*.test.ts", "src/**/*.test.tsx", "widget/**/*.test.ts"], testTimeout: 30000, setupFiles: ["src/test-setup.ts"] },
});
