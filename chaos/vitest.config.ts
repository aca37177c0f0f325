import { defineConfig } from "vitest/config";

export default defineConfig({
  ssr: { resolve: { conditions: ["@sift/source"] } },
  test: {
    include: ["src/**/*.test.ts"],
    // The audit's own test uses the real Postgres and Kafka (checked, Kafka started, by the global setup).
    globalSetup: ["../vitest.global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default", "json"],
    outputFile: { json: "./.vitest-report.json" },
  },
});
