// The app: one entry (index.html), split by route with React.lazy.
// `npm run dev` proxies /api to a local `switchyard serve` on 8080.
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, target: "es2022" },
  server: { proxy: { "/api": { target: "http://127.0.0.1:8080", ws: true } } },
  test: { environment: "jsdom", include: ["src/**/*.test.ts", "src/**/*.test.tsx", "widget/**/*.test.ts"] },
});
