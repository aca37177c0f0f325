// The web UI's tests. "unit": component tests of the pieces with logic (search box, selection, action
// menus) in happy-dom. "int": the browser tests — Debian's Chromium driven by playwright-core against
// the real API, ingest daemon, PostgreSQL and Redis — after building the UI once (test/build-ui.ts).
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { configDefaults } from "vitest/config";
import { siftVitestConfig } from "../../vitest.shared.js";

export default siftVitestConfig({
  plugins: [react()],
  testTimeout: 90_000,
  hookTimeout: 180_000,
  unit: {
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}"],
    exclude: [...configDefaults.exclude, "test/**"],
  },
  int: { include: ["test/**/*.int.test.ts"], fileParallelism: false },
  intGlobalSetup: [fileURLToPath(new URL("./test/build-ui.ts", import.meta.url))],
});
