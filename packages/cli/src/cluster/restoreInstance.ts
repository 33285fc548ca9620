// restore against a cluster of a kubeconfig, part of the cluster bundle (clusterCommands.ts re-exports it).
import { CustomErrorBase } from '@backstage/errors';
import { operationHistoryName, restoreInstance } from '@odin/plugin-redis-node';
import { EXIT_OK, RemoteError } from '../exitStatus';
import { connect, type ClusterTarget } from './clusterCommands';

/** Restores (or dry-runs a restore of) a backup into a new instance; the backup, checks and history on stdout. */
export async function restoreOf(
  instance: { namespace: string; name: string },
  target: ClusterTarget,
  options: {
    backup: string;
    to: string;
    s3: { endpoint?: string; forcePathStyle: boolean };
    requester: string;
    dryRun: boolean;
  },
): Promise<number> {
  const cluster = await connect(target);
  let result;
  try {
    result = await restoreInstance({
      cluster,
      source: instance,
      backup: options.backup,
      target: { name: options.to },
      requester: options.requester,
      s3: options.s3,
      dryRun: options.dryRun,
      onProgress: message => process.stderr.write(`${message}\n`),
    });
  } catch (error) {
    if (error instanceof CustomErrorBase) throw new RemoteError(error.message);
    throw error;
  }
  const from = `${instance.namespace}/${instance.name}`;
  const to = `${result.target.namespace}/${result.target.name} on cluster ${cluster.name}`;
  process.stdout.write(
    `${[
      result.dryRun
        ? `dry run of a restore of ${result.backup.key} (${result.backup.sizeBytes} bytes) of ${from} into ${to}:`
        : `restored ${result.backup.key} (${result.backup.sizeBytes} bytes) of ${from} into ${to} in ${result.durationMs} ms`,
      ...(result.dryRun ? result.objects.map(object => `  + ${object}`) : []),
      ...[...result.preChecks, ...result.postChecks].map(
        check =>
          `  ${check.ok ? 'ok' : 'FAILED'} ${check.name}: ${check.figures}`,
      ),
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
