import { defineConfig } from "tsup";
import { buildConfig } from "../../tsup.shared.js";

export default defineConfig(buildConfig({ entry: ["src/index.ts", "src/main.ts"], dts: false }));
