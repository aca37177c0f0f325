import { defineConfig } from "tsup";
import { buildConfig } from "../../tsup.shared.js";

export default defineConfig(buildConfig({ entry: ["src/main.ts", "src/alerts-worker.ts"], dts: false }));
