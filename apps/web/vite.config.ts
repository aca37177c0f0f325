import { gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import type { Plugin } from "vite";

/** The stream route's JavaScript: the entry chunk and every chunk it imports statically. */
function streamRouteSize(): Plugin {
  return {
    name: "sift-stream-route-size",
    apply: "build",
    generateBundle(_options, bundle) {
      const chunks = new Map<string, { code: string; imports: string[] }>();
      for (const [file, output] of Object.entries(bundle))
        if (output.type === "chunk") chunks.set(file, { code: output.code, imports: output.imports });
      const entry = Object.entries(bundle).find(([, o]) => o.type === "chunk" && o.isEntry)?.[0];
      const seen = new Set<string>();
      const visit = (file: string): void => {
        if (seen.has(file) || !chunks.has(file)) return;
        seen.add(file);
        for (const next of chunks.get(file)!.imports) visit(next);
      };
      if (entry) visit(entry);
      let gzipped = 0;
      for (const file of seen) gzipped += gzipSync(chunks.get(file)!.code).length;
      this.info(`stream route JavaScript: ${(gzipped / 1024).toFixed(1)} KB gzipped (${seen.size} chunks)`);
    },
  };
}

// `pnpm --filter @sift/web dev`: Vite on 5173, the API (`pnpm start`, port 8000) behind /api.
export default defineConfig({
  plugins: [react(), streamRouteSize()],
  server: {
    proxy: { "/api": { target: "http://127.0.0.1:8000", changeOrigin: false } },
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
});
