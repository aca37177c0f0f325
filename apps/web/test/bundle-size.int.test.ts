import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));

describe("the built UI (test/build-ui.ts builds it)", () => {
  it("loads at most 250 KB of gzipped JavaScript for the stream route", () => {
    const html = readFileSync(`${dist}index.html`, "utf8");
    const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(files.length).toBeGreaterThan(0);
    const gzipped = files.reduce((sum, file) => sum + gzipSync(readFileSync(`${dist}${file}`)).length, 0);
    console.log(`stream route JavaScript: ${(gzipped / 1024).toFixed(1)} KB gzipped (${files.join(", ")})`);
    expect(gzipped).toBeLessThanOrEqual(250 * 1024);
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
  });
});
