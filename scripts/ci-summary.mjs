// Sums the vitest JSON reports of every workspace and prints CI's closing line. Each workspace's vitest
// run (vitest.shared.ts) writes `.vitest-report.json` in its own directory, whatever its depth
// (`packages/storage`, `bench`); `.ci/run` deletes them all before the tests, so every report found
// here is from this run.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const REPORT = ".vitest-report.json";

/** The workspace directories below `dir` that hold a report (node_modules and dot directories skipped). */
function reportDirs(dir) {
  const found = existsSync(join(dir, REPORT)) ? [dir] : [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    found.push(...reportDirs(join(dir, entry.name)));
  }
  return found;
}

const failedSteps = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;
for (const dir of reportDirs(".").sort()) {
  const report = JSON.parse(readFileSync(join(dir, REPORT), "utf8"));
  const dirPassed = report.numPassedTests ?? 0;
  let dirFailed = (report.numFailedTests ?? 0) + (report.numRuntimeErrors ?? 0);
  if (!report.success && dirFailed === 0) dirFailed = 1;
  console.log(`  ${dir}: ${dirPassed} passed, ${dirFailed} failed`);
  passed += dirPassed;
  failed += dirFailed;
}
// A step that failed outside the tests (lint, typecheck, build) counts as one failure.
const stepFailures = failedSteps > 0 && failed === 0 ? failedSteps : 0;
console.log(`${passed} passed, ${failed + stepFailures} failed`);
process.exit(failed + failedSteps > 0 ? 1 : 0);
