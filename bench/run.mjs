// `yarn bench`: speed of the flavour engine and the redis-flavour CLI, each against a baseline
// measured in the same run, printed as a table. Asserts nothing. Then runs every other package's
// bench: every workspace package with a `bench` script in its package.json.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from '../packages/cli/bundle.mjs';

const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
);
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'odin-bench-'));
const cliBin = path.join(repoRoot, 'packages', 'cli', 'bin', 'redis-flavour');
// Where the issue keeps the spec; redis-common's spec-example reader honours this variable.
process.env.REDIS_FLAVOUR_SPEC ??= path.resolve(
  repoRoot,
  '..',
  'shared',
  'spec',
  'redis-aws-container-flavour.md',
);

/** redis-common (TypeScript) and its spec-example reader, bundled into one CommonJS file and loaded. */
async function loadEngine() {
  const outfile = path.join(workDir, 'engine.cjs');
  await esbuild.build({
    stdin: {
      contents: `export { validateInstance, renderManifests, instanceSchema } from '@odin/plugin-redis-common';
        export { flavourExamples, orderFor } from '@internal/redis-test-utils';`,
      resolveDir: repoRoot,
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
  });
  return createRequire(import.meta.url)(outfile);
}

/** Calls fn repeatedly for about `seconds` (after a short warm-up) and returns calls per second. */
function perSecond(fn, seconds = 1) {
  for (const end = performance.now() + 200; performance.now() < end; ) fn();
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  for (; elapsed < seconds * 1000; elapsed = performance.now() - start) {
    for (let i = 0; i < 100; i++) fn();
    calls += 100;
  }
  return (calls / elapsed) * 1000;
}

const median = values => [...values].sort((a, b) => a - b)[values.length >> 1];

/** Median milliseconds of fn over `runs` calls, after `runs / 5` warm-up calls. */
function medianMs(fn, runs) {
  for (let i = 0; i < runs / 5; i++) fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Wall time in ms of running node with args to completion. */
function nodeWallMs(args) {
  const start = performance.now();
  const { status, stderr } = spawnSync(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = performance.now() - start;
  if (status !== 0 && status !== 1)
    throw new Error(`node ${args.join(' ')} exited ${status}: ${stderr}`);
  return ms;
}

const rows = [];
function report(name, result, baselineName, baseline, unit, goal) {
  rows.push({ name, result, baselineName, baseline, unit, goal });
}

function printTable() {
  const formatNumber = value =>
    value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
  const lines = rows.map(
    ({ name, result, baselineName, baseline, unit, goal }) => [
      name,
      `${formatNumber(result)} ${unit}`,
      `${formatNumber(baseline)} ${unit} (${baselineName})`,
      `${(result / baseline).toFixed(2)}×`,
      goal
        ? `${goal.text}: ${goal.met(result, baseline) ? 'met' : 'MISSED'}`
        : '',
    ],
  );
  const header = [
    'benchmark',
    'result',
    'baseline (same run)',
    'ratio',
    'goal',
  ];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map(line => line[column].length)),
  );
  for (const line of [
    header,
    widths.map(width => '-'.repeat(width)),
    ...lines,
  ]) {
    console.log(
      line
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    );
  }
}

async function benchOwn() {
  const engine = await loadEngine();
  const flavourKeys = Object.keys(
    engine.instanceSchema.properties.flavour.properties,
  );
  const examples = engine.flavourExamples(flavourKeys);
  const sentinel = engine.orderFor(
    examples.find(example => example.title.startsWith('Production Sentinel'))
      .flavour,
  );

  // (a) validate + render of the spec's production sentinel example.
  const validateAndRender = () =>
    engine.renderManifests(engine.validateInstance(sentinel).config);
  report(
    'validate+render, production sentinel example',
    perSecond(validateAndRender),
    'JSON.parse(JSON.stringify(order))',
    perSecond(() => JSON.parse(JSON.stringify(sentinel))),
    '/s',
    { text: '≥ 20,000/s', met: result => result >= 20_000 },
  );

  // (b) rendering the largest cluster the schema allows.
  const bigCluster = engine.orderFor(
    {
      namespace: 'redis-big',
      deploymentMode: 'cluster',
      cluster: { numShards: 500, replicasPerShard: 5 },
    },
    'big-cluster',
  );
  const bigConfig = engine.validateInstance(bigCluster).config;
  const bigObjects = engine.renderManifests(bigConfig);
  report(
    'render, 500-shard × 5-replica cluster',
    medianMs(() => engine.renderManifests(bigConfig), 200),
    'JSON copy of its objects',
    medianMs(() => JSON.parse(JSON.stringify(bigObjects)), 200),
    'ms',
    { text: '≤ 5 ms', met: result => result <= 5 },
  );
  report(
    'validate+render, 500-shard × 5-replica cluster',
    medianMs(
      () => engine.renderManifests(engine.validateInstance(bigCluster).config),
      200,
    ),
    'JSON copy of its objects',
    medianMs(() => JSON.parse(JSON.stringify(bigObjects)), 200),
    'ms',
  );

  // (c) one CLI run against Node's own start-up, alternated so both see the same machine load.
  await bundleCli();
  const sentinelFile = path.join(workDir, 'sentinel.json');
  fs.writeFileSync(sentinelFile, JSON.stringify(sentinel));
  const cliTimes = [];
  const nodeTimes = [];
  for (let i = 0; i < 32; i++) {
    const cli = nodeWallMs([cliBin, 'render', sentinelFile]);
    const bare = nodeWallMs(['-e', '0']);
    // The first runs fill the compile cache and the file cache.
    if (i >= 2) cliTimes.push(cli) && nodeTimes.push(bare);
  }
  report(
    'CLI render wall time (median of 30)',
    median(cliTimes),
    'node -e 0',
    median(nodeTimes),
    'ms',
    {
      text: '≤ 1.3× node -e 0',
      met: (result, baseline) => result <= 1.3 * baseline,
    },
  );
  report(
    'CLI render wall time (fastest of 30)',
    Math.min(...cliTimes),
    'node -e 0',
    Math.min(...nodeTimes),
    'ms',
  );
  // The runs above use the code cache bin/redis-flavour keeps after a first run; these are first runs.
  const compileCacheDir = process.env.NODE_COMPILE_CACHE;
  const firstRunTimes = [];
  for (let i = 0; i < 10; i++) {
    process.env.NODE_COMPILE_CACHE = fs.mkdtempSync(
      path.join(workDir, 'compile-cache-'),
    );
    firstRunTimes.push(nodeWallMs([cliBin, 'render', sentinelFile]));
  }
  if (compileCacheDir === undefined) delete process.env.NODE_COMPILE_CACHE;
  else process.env.NODE_COMPILE_CACHE = compileCacheDir;
  report(
    'CLI render wall time, first run (median of 10)',
    median(firstRunTimes),
    'node -e 0',
    median(nodeTimes),
    'ms',
  );

  // (d) batch render of 1,000 generated orders in one process.
  const renderable = examples
    .map(example => engine.orderFor(example.flavour))
    .filter(order => engine.validateInstance(order).valid);
  const batchDir = path.join(workDir, 'batch');
  fs.mkdirSync(batchDir);
  for (let i = 0; i < 1000; i++) {
    const order = { ...renderable[i % renderable.length], name: `cache-${i}` };
    fs.writeFileSync(
      path.join(batchDir, `cache-${String(i).padStart(4, '0')}.json`),
      JSON.stringify(order),
    );
  }
  const copyScript = `const fs = require('fs'), path = require('path'); const [from, to] = process.argv.slice(1);
    fs.mkdirSync(to, { recursive: true });
    for (const name of fs.readdirSync(from)) fs.writeFileSync(path.join(to, name), JSON.stringify(JSON.parse(fs.readFileSync(path.join(from, name), 'utf8')), null, 2));`;
  const batchMs = nodeWallMs([
    cliBin,
    'render',
    '--batch',
    batchDir,
    '--out-dir',
    path.join(workDir, 'batch-out'),
  ]);
  const copyMs = nodeWallMs([
    '-e',
    copyScript,
    batchDir,
    path.join(workDir, 'batch-copy'),
  ]);
  report(
    'CLI render --batch, 1,000 files',
    1_000_000 / batchMs,
    'node copying the files',
    1_000_000 / copyMs,
    'files/s',
  );

  console.log(
    `node ${process.version}, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map(load => load.toFixed(2))
      .join(' ')}\n`,
  );
  printTable();
}

/** The benches of other workspace packages: each package.json with a `bench` script, run in its directory. */
function benchOthers() {
  const packageDirs = ['plugins', 'packages'].flatMap(parent =>
    fs
      .readdirSync(path.join(repoRoot, parent))
      .map(name => path.join(repoRoot, parent, name))
      .filter(dir => {
        const manifest = path.join(dir, 'package.json');
        return (
          fs.existsSync(manifest) &&
          JSON.parse(fs.readFileSync(manifest, 'utf8')).scripts?.bench
        );
      }),
  );
  let failed = 0;
  for (const packageDir of packageDirs.sort()) {
    console.log(`\n== ${path.relative(repoRoot, packageDir)}`);
    const { status } = spawnSync('yarn', ['run', 'bench'], {
      cwd: packageDir,
      stdio: 'inherit',
    });
    if (status !== 0) failed++;
  }
  return failed;
}

try {
  await benchOwn();
  process.exitCode = benchOthers() > 0 ? 1 : 0;
} finally {
  fs.rmSync(workDir, { recursive: true, force: true });
}
