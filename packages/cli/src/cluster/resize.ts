// resize against a cluster of a kubeconfig, part of the cluster bundle (clusterCommands.ts re-exports it).
import { CustomErrorBase } from '@backstage/errors';
import { operationHistoryName, resizeInstance } from '@odin/plugin-redis-node';
import { EXIT_OK, RemoteError } from '../exitStatus';
import { connect, type ClusterTarget } from './clusterCommands';

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
  instance: { namespace: string; name: string },
  target: ClusterTarget,
  options: {
    cpu?: string;
    memory?: string;
    storage?: string;
    requester: string;
    dryRun: boolean;
  },
): Promise<number> {
  const cluster = await connect(target);
  let result;
  try {
    result = await resizeInstance({
      cluster,
      instance,
      ...options,
      inputNames: { cpu: '--cpu', memory: '--memory', storage: '--storage' },
      onProgress: message => process.stderr.write(`${message}\n`),
    });
  } catch (error) {
    if (error instanceof CustomErrorBase) throw new RemoteError(error.message);
    throw error;
  }
  const where = `${instance.namespace}/${instance.name} on cluster ${cluster.name}`;
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
      ...result.restarts.map(
        restart =>
          `  restarted ${restart.role} ${restart.pod} in ${restart.durationMs} ms`,
      ),
      ...(result.switchover
        ? [
            `  the master moved from ${result.switchover.oldMaster.pod} to ${result.switchover.newMaster.pod}, writes paused ${result.switchover.writesPausedMs} ms`,
          ]
        : []),
      ...[...result.preconditions, ...result.postChecks].map(
        check =>
          `  ${check.ok ? 'ok' : 'FAILED'} ${check.name}: ${check.figures}`,
      ),
      result.dryRun
        ? 'nothing was written'
        : `  recorded as ${result.id} in ConfigMap ${
            instance.namespace
          }/${operationHistoryName(instance.name)}`,
    ].join('\n')}\n`,
  );
  return EXIT_OK;
}
