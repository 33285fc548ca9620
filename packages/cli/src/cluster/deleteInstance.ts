// delete against a cluster of a kubeconfig, part of the cluster bundle (clusterCommands.ts re-exports it).
import { CustomErrorBase } from '@backstage/errors';
import {
  deleteInstance,
  operationHistoryName,
  type BackupStoreSettings,
} from '@odin/plugin-redis-node';
import { EXIT_OK, RemoteError } from '../exitStatus';
import { connect, type ClusterTarget } from './clusterCommands';

/** Deletes (or dry-runs a delete of) an instance after its final backup; the backup, what went and what stays on stdout. */
export async function deleteOf(
  instance: { namespace: string; name: string },
  target: ClusterTarget,
  options: {
    confirmName: string;
    keepVolumes: boolean;
    skipFinalBackup: boolean;
    s3: BackupStoreSettings;
    requester: string;
    dryRun: boolean;
  },
): Promise<number> {
  const cluster = await connect(target);
  let result;
  try {
    result = await deleteInstance({
      cluster,
      instance,
      confirmName: options.confirmName,
      keepVolumes: options.keepVolumes,
      skipFinalBackup: options.skipFinalBackup,
      requester: options.requester,
      s3: options.s3,
      dryRun: options.dryRun,
      onProgress: message => process.stderr.write(`${message}\n`),
    });
  } catch (error) {
    if (error instanceof CustomErrorBase) throw new RemoteError(error.message);
    throw error;
  }
  const where = `${instance.namespace}/${instance.name} on cluster ${cluster.name}`;
  const backup = result.finalBackup;
  let backupLines = ['  no final backup (--skip-final-backup)'];
  if (backup && result.dryRun)
    backupLines = [
      `  final backup to s3://${backup.bucket}/${backup.prefix} first`,
    ];
  else if (backup)
    backupLines = backup.objects.map(
      object =>
        `  final backup s3://${backup.bucket}/${object.key} (${object.sizeBytes} bytes, verified)`,
    );
  process.stdout.write(
    `${[
      result.dryRun
        ? `dry run of a delete of ${where}:`
        : `deleted ${where} in ${result.durationMs} ms (the delete itself ${result.deleteMs} ms)`,
      ...backupLines,
      ...result.deleted.map(ref => `  - ${ref}`),
      ...result.kept.map(entry => `  = ${entry}`),
      result.dryRun
        ? 'nothing was written'
        : `  recorded as ${result.id} in ConfigMap ${
            instance.namespace
          }/${operationHistoryName(
            instance.name,
          )}; the portal's entity provider removes the catalog entity on its next run`,
    ].join('\n')}\n`,
  );
  return EXIT_OK;
}
