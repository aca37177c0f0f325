// Every workspace's vitest config (`export { default } from "../../vitest.shared.js"`). Two projects:
// "unit" runs the pure tests (`*.test.ts`) and touches no service; "int" runs `*.int.test.ts` against
// the real PostgreSQL, Redis and Kafka that its global setup checks. `vitest run` runs both (`pnpm test`);
// `vitest run --project unit` runs only the pure ones (`pnpm test:unit`).
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const INTEGRATION_TESTS = ["src/**/*.int.test.ts", "test/**/*.int.test.ts"];

export default defineConfig({
  ssr: { resolve: { conditions: ["@sift/source"] } },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default", "json"],
    outputFile: { json: "./.vitest-report.json" },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...INTEGRATION_TESTS],
        },
      },
      {
        extends: true,
        test: {
          name: "int",
          include: INTEGRATION_TESTS,
          globalSetup: [fileURLToPath(new URL("./vitest.global-setup.ts", import.meta.url))],
        },
      },
    ],
  },
});
