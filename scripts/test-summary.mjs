// Folds the results of `make test` into one line: "N passed, N failed[, N skipped]".
// Type check, lint and the app build count as one check each; jest and Playwright count per test.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const counts = { passed: 0, failed: 0, skipped: 0 };
const readJson = name => {
  const file = join(dir, name);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
};

for (const file of readdirSync(dir).filter(f => f.endsWith('.status'))) {
  const step = file.replace(/\.status$/, '');
  const ok = readFileSync(join(dir, file), 'utf8').trim() === '0';
  if (step === 'jest') {
    const jest = readJson('jest.json');
    if (jest) {
      counts.passed += jest.numPassedTests;
      counts.failed += jest.numFailedTests;
      counts.skipped += jest.numPendingTests + jest.numTodoTests;
      // A suite that fails to load has no failed tests, but is a failure.
      counts.failed += jest.numRuntimeErrorTestSuites;
    }
    if (
      !ok &&
      (!jest || jest.numFailedTests + jest.numRuntimeErrorTestSuites === 0)
    )
      counts.failed += 1;
  } else if (step === 'e2e') {
    const report = readJson('playwright.json');
    if (report) {
      counts.passed += report.stats.expected + report.stats.flaky;
      counts.failed += report.stats.unexpected;
      counts.skipped += report.stats.skipped;
    }
    if (!ok && (!report || report.stats.unexpected === 0)) counts.failed += 1;
  } else {
    counts[ok ? 'passed' : 'failed'] += 1;
  }
}

let line = `${counts.passed} passed, ${counts.failed} failed`;
if (counts.skipped > 0) line += `, ${counts.skipped} skipped`;
console.log(line);
process.exit(counts.failed > 0 ? 1 : 0);
