// Sums the vitest JSON reports of every workspace and prints CI's closing line.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";

const failedSteps = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;
for (const group of ["packages", "apps", "bench", "chaos"]) {
  if (!existsSync(group)) continue;
  for (const name of readdirSync(group)) {
    const file = join(group, name, ".vitest-report.json");
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, "utf8"));
    passed += report.numPassedTests ?? 0;
    failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrors ?? 0);
    if (!report.success && (report.numFailedTests ?? 0) === 0) failed += 1;
  }
}
// A step that failed outside the tests (lint, typecheck, build) counts as one failure.
const stepFailures = failedSteps > 0 && failed === 0 ? failedSteps : 0;
console.log(`${passed} passed, ${failed + stepFailures} failed`);
process.exit(failed + failedSteps > 0 ? 1 : 0);
