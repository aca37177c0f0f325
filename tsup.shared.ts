import { defineConfig } from "tsup";
import type { Options } from "tsup";

/** How every workspace builds: ESM for Node 20, with declarations for libraries. */
export function buildConfig(options: { entry?: string[]; dts?: boolean } = {}): Options {
  return {
    entry: options.entry ?? ["src/index.ts"],
    format: ["esm"],
    dts: options.dts ?? true,
    clean: true,
    sourcemap: true,
    target: "node20",
  };
}

export default defineConfig(buildConfig());
