/* eslint-disable no-console */
// Prints how long the order field takes to recompute after one edit of the spec's "Production Sentinel
// with Multi-AZ" example: validation and its issue placement (every keystroke), then the preview's render,
// YAML, cost and connection (deferred). The goal is p95 ≤ 16 ms, one frame. Asserts nothing.
import { instanceSchema, validateInstance } from '@odin/plugin-redis-common';
import { flavourExamples } from '@internal/redis-test-utils';
import os from 'node:os';
import {
  deploymentModeOf,
  withValue,
} from '../src/components/RedisOrderField/flavourEdits';
import { locateIssues } from '../src/components/RedisOrderField/issueLocation';
import {
  orderOf,
  previewOrder,
} from '../src/components/RedisOrderField/orderPreview';
import type { FlavourPath } from '../src/components/RedisOrderField/schemaPaths';

const GOAL_MS = 16;
const WARM_UP = 300;
const SAMPLES = 3000;

const example = flavourExamples(
  Object.keys(instanceSchema.properties.flavour.properties),
).find(candidate => candidate.title.startsWith('Production Sentinel'));
if (!example) throw new Error('the spec has no "Production Sentinel" example');
const steps = { name: 'orders-cache', root: {} };

/** One edit each, the way the form makes them while someone types. */
const edits: [FlavourPath, unknown][] = [
  [['sentinel', 'quorum'], 3],
  [['persistence', 'size'], '60Gi'],
  [['master', 'resources', 'limits', 'memory'], '6Gi'],
  [['metrics', 'serviceMonitor', 'interval'], '15s'],
  [['backup', 'retention'], 14],
  [['replica', 'count'], 3],
  [['antiAffinity'], 'soft'],
  [['sentinel', 'quorum'], 4], // an error: validation only, the preview keeps the last one
];

/** What the field computes for one edit; returns the number of shown objects so nothing is left unused. */
function recompute(edit: [FlavourPath, unknown]): number {
  const flavour = withValue(example!.flavour, edit[0], edit[1]);
  const order = orderOf(flavour, steps);
  locateIssues(validateInstance(order), {
    mode: deploymentModeOf(flavour),
    flavour,
  });
  return previewOrder(order).rendered?.manifests.length ?? 0;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

let shown = 0;
for (let i = 0; i < WARM_UP; i++) shown += recompute(edits[i % edits.length]);
const samples: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  const start = performance.now();
  shown += recompute(edits[i % edits.length]);
  samples.push(performance.now() - start);
}
samples.sort((a, b) => a - b);
const p50 = percentile(samples, 50);
const p95 = percentile(samples, 95);
const p99 = percentile(samples, 99);

console.log(
  `node ${process.version}, ${os.cpus().length} CPUs, load average ${os
    .loadavg()
    .map(load => load.toFixed(2))
    .join(' ')}`,
);
console.log(
  `order field recompute after one edit (production sentinel example, ${SAMPLES} edits, ${edits.length} kinds):`,
);
console.log(
  `  p50 ${p50.toFixed(2)} ms  p95 ${p95.toFixed(2)} ms  p99 ${p99.toFixed(
    2,
  )} ms  max ${samples[samples.length - 1].toFixed(2)} ms`,
);
console.log(
  `  ${(shown / (WARM_UP + SAMPLES)).toFixed(
    1,
  )} objects previewed per edit on average`,
);
console.log(`  goal p95 ≤ ${GOAL_MS} ms: ${p95 <= GOAL_MS ? 'met' : 'MISSED'}`);
