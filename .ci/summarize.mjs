// Prints `N passed, N failed, N skipped` from the vitest and Playwright JSON reports; exits 1 on a missing report
// (a step before the tests failed) or any failure.
import { existsSync, readFileSync } from 'node:fs';

const [vitestFile, playwrightFile] = process.argv.slice(2);
let passed = 0, failed = 0, skipped = 0, missing = 0;

if (existsSync(vitestFile)) {
  const r = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests ?? 0);
} else { console.log(`no vitest report at ${vitestFile}: lint, typecheck or build failed before the tests ran`); missing++; }

if (existsSync(playwrightFile)) {
  const s = JSON.parse(readFileSync(playwrightFile, 'utf8')).stats;
  passed += s.expected + (s.flaky ?? 0); failed += s.unexpected; skipped += s.skipped;
} else { console.log(`no Playwright report at ${playwrightFile}: the e2e tests did not run`); missing++; }

console.log(`${passed} passed, ${failed + missing} failed, ${skipped} skipped`);
process.exit(failed + missing > 0 ? 1 : 0);
