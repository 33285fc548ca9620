// restore against a cluster of a kubeconfig, part of the cluster bundle (clusterCommands.ts re-exports it).
import { operationHistoryName, restoreInstance } from '@odin/plugin-redis-node';
import { EXIT_OK } from '../exitStatus';
import {
  checkLines,
  connectAndRun,
  instanceOnCluster,
  progressToStderr,
  type ClusterTarget,
  type InstanceName,
} from './connectAndRun';

/** Restores (or dry-runs a restore of) a backup into a new instance; the backup, checks and history on stdout. */
export async function restoreOf(
  instance: InstanceName,
  target: ClusterTarget,
  options: {
    backup: string;
    to: string;
    s3: { endpoint?: string; forcePathStyle: boolean };
    requester: string;
    dryRun: boolean;
  },
): Promise<number> {
  const { cluster, result } = await connectAndRun(target, connected =>
    restoreInstance({
      cluster: connected,
      source: instance,
      backup: options.backup,
      target: { name: options.to },
      requester: options.requester,
      s3: options.s3,
      dryRun: options.dryRun,
      onProgress: progressToStderr,
    }),
  );
  const from = `${instance.namespace}/${instance.name}`;
  const to = instanceOnCluster(result.target, cluster);
  process.stdout.write(
    `${[
      result.dryRun
        ? `dry run of a restore of ${result.backup.key} (${result.backup.sizeBytes} bytes) of ${from} into ${to}:`
        : `restored ${result.backup.key} (${result.backup.sizeBytes} bytes) of ${from} into ${to} in ${result.durationMs} ms`,
      ...(result.dryRun ? result.objects.map(object => `  + ${object}`) : []),
      ...(result.load
        ? [
            `  loaded ${result.load.restored} of ${result.load.keysRead} keys with RESTORE in ${result.load.durationMs} ms (${result.load.expiredSkipped} expired, skipped; ${result.load.functions} function libraries)`,
          ]
        : []),
      ...checkLines([...result.preChecks, ...result.postChecks]),
      result.dryRun
        ? 'nothing was written'
        : `  recorded as ${result.id} in ConfigMaps ${
            instance.namespace
          }/${operationHistoryName(instance.name)} and ${
            result.target.namespace
          }/${operationHistoryName(result.target.name)}`,
    ].join('\n')}\n`,
  );
  return EXIT_OK;
}
