// The customer chat widget: its own small bundle (dist/widget.js), no React,
// loaded by one script tag on any page (docs/chat.md).
import { defineConfig } from "vite";

export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: false,
    target: "es2020",
    lib: { entry: "widget/main.ts", name: "SwitchyardChat", formats: ["iife"], fileName: () => "widget.js" },
  },
});
