// Every workspace's vitest config (`export { default } from "../../vitest.shared.js"`). Two projects:
// "unit" runs the pure tests (`*.test.ts`) and touches no service; "int" runs `*.int.test.ts` against
// the real PostgreSQL, Redis and Kafka that its global setup checks. `vitest run` runs both (`pnpm test`);
// `vitest run --project unit` runs only the pure ones (`pnpm test:unit`). A workspace whose tests need
// more (the web UI: React, happy-dom, a built UI) builds its config with `siftVitestConfig`.
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";
import type { TestProjectInlineConfiguration, ViteUserConfig } from "vitest/config";

const INTEGRATION_TESTS = ["src/**/*.int.test.ts", "test/**/*.int.test.ts"];

type ProjectTest = NonNullable<TestProjectInlineConfiguration["test"]>;

export interface SiftVitestOptions {
  plugins?: ViteUserConfig["plugins"];
  testTimeout?: number;
  hookTimeout?: number;
  /** The "unit" project's settings, in place of the defaults (`*.test.ts`, no integration test). */
  unit?: ProjectTest;
  /** The "int" project's settings, in place of the defaults (`*.int.test.ts`). */
  int?: ProjectTest;
  /** Global setups the "int" project runs after the repository's (which checks the services). */
  intGlobalSetup?: string[];
}

export function siftVitestConfig(options: SiftVitestOptions = {}) {
  return defineConfig({
    ...(options.plugins ? { plugins: options.plugins } : {}),
    ssr: { resolve: { conditions: ["@sift/source"] } },
    test: {
      testTimeout: options.testTimeout ?? 60_000,
      hookTimeout: options.hookTimeout ?? 120_000,
      reporters: ["default", "json"],
      outputFile: { json: "./.vitest-report.json" },
      projects: [
        {
          extends: true,
          test: {
            name: "unit",
            ...(options.unit ?? {
              include: ["src/**/*.test.ts", "test/**/*.test.ts"],
              exclude: [...configDefaults.exclude, ...INTEGRATION_TESTS],
            }),
          },
        },
        {
          extends: true,
          test: {
            name: "int",
            ...(options.int ?? { include: INTEGRATION_TESTS }),
            globalSetup: [
              fileURLToPath(new URL("./vitest.global-setup.ts", import.meta.url)),
              ...(options.intGlobalSetup ?? []),
            ],
          },
        },
      ],
    },
  });
}

export default siftVitestConfig();
