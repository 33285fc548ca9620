/* eslint-disable no-console */
// `yarn bench` in plugins/redis (the root `yarn bench` runs it too): every bench of this directory, one
// after another, each in its own node process through Backstage's TypeScript transform. A failing bench
// does not stop the others; the exit status is non-zero if any failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const transform = require.resolve('@backstage/cli/config/nodeTransform.cjs');
const benches = fs
  .readdirSync(__dirname)
  .filter(file => file.endsWith('.ts') && file !== path.basename(__filename))
  .sort();

let failed = 0;
for (const bench of benches) {
  console.log(`\n-- plugins/redis/bench/${bench}`);
  const { status } = spawnSync(
    process.execPath,
    ['--require', transform, path.join(__dirname, bench)],
    { stdio: 'inherit' },
  );
  if (status !== 0) {
    failed++;
    console.log(`-- ${bench} failed (exit status ${status})`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
