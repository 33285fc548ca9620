// resize against a cluster of a kubeconfig, part of the cluster bundle (clusterCommands.ts re-exports it).
import { resizeInstance } from '@odin/plugin-redis-node';
import { EXIT_OK } from '../exitStatus';
import {
  checkLines,
  connectAndRun,
  instanceOnCluster,
  progressToStderr,
  recordedLine,
  restartLines,
  type ClusterTarget,
  type InstanceName,
} from './connectAndRun';

/** `cpu 1 → 2, memory 2Gi → 4Gi`, or `storage 10Gi → 20Gi`: what a resize changes. */
function describeSizes(result: Awaited<ReturnType<typeof resizeInstance>>) {
  if (result.kind === 'storage')
    return `storage ${result.from.storage} -> ${result.to.storage}`;
  const { limits: from } = result.from.resources!;
  const { limits: to } = result.to.resources!;
  return (['cpu', 'memory'] as const)
    .filter(resource => from[resource] !== to[resource])
    .map(resource => `${resource} ${from[resource]} -> ${to[resource]}`)
    .join(', ');
}

/** Resizes (or dry-runs a resize of) an instance's CPU and memory or its storage; changes, restarts and checks on stdout. */
export async function resizeOf(
  instance: InstanceName,
  target: ClusterTarget,
  options: {
    cpu?: string;
    memory?: string;
    storage?: string;
    requester: string;
    dryRun: boolean;
  },
): Promise<number> {
  const { cluster, result } = await connectAndRun(target, connected =>
    resizeInstance({
      cluster: connected,
      instance,
      ...options,
      inputNames: { cpu: '--cpu', memory: '--memory', storage: '--storage' },
      onProgress: progressToStderr,
    }),
  );
  const where = instanceOnCluster(instance, cluster);
  process.stdout.write(
    `${[
      result.dryRun
        ? `dry run of a resize of ${where}: ${describeSizes(result)}`
        : `resized ${where}: ${describeSizes(result)} in ${
            result.durationMs
          } ms`,
      ...result.changes.map(
        change =>
          `  ~ ${change.ref}: ${change.paths.join(', ') || change.action}`,
      ),
      ...restartLines(result),
      ...checkLines([...result.preconditions, ...result.postChecks]),
      result.dryRun ? 'nothing was written' : recordedLine(result.id, instance),
    ].join('\n')}\n`,
  );
  return EXIT_OK;
}
