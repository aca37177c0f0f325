// The web UI's tests. "unit": component tests of the pieces with logic (search box, selection, action
// menus) in happy-dom. "int": the browser tests — Debian's Chromium driven by playwright-core against
// the real API, ingest daemon, PostgreSQL and Redis — after building the UI once (test/build-ui.ts).
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  ssr: { resolve: { conditions: ["@sift/source"] } },
  test: {
    testTimeout: 90_000,
    hookTimeout: 180_000,
    reporters: ["default", "json"],
    outputFile: { json: "./.vitest-report.json" },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          environment: "happy-dom",
          include: ["src/**/*.test.{ts,tsx}"],
          exclude: [...configDefaults.exclude, "test/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "int",
          include: ["test/**/*.int.test.ts"],
          fileParallelism: false,
          globalSetup: [
            fileURLToPath(new URL("../../vitest.global-setup.ts", import.meta.url)),
            fileURLToPath(new URL("./test/build-ui.ts", import.meta.url)),
          ],
        },
      },
    ],
  },
});
