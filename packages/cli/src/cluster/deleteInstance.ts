// delete against a cluster of a kubeconfig, part of the cluster bundle (clusterCommands.ts re-exports it).
import {
  deleteInstance,
  type BackupStoreSettings,
} from '@odin/plugin-redis-node';
import { EXIT_OK } from '../exitStatus';
import {
  connectAndRun,
  instanceOnCluster,
  progressToStderr,
  recordedLine,
  type ClusterTarget,
  type InstanceName,
} from './connectAndRun';

/** Deletes (or dry-runs a delete of) an instance after its final backup; the backup, what went and what stays on stdout. */
export async function deleteOf(
  instance: InstanceName,
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
  const { cluster, result } = await connectAndRun(target, connected =>
    deleteInstance({
      cluster: connected,
      instance,
      confirmName: options.confirmName,
      keepVolumes: options.keepVolumes,
      skipFinalBackup: options.skipFinalBackup,
      requester: options.requester,
      s3: options.s3,
      dryRun: options.dryRun,
      onProgress: progressToStderr,
    }),
  );
  const where = instanceOnCluster(instance, cluster);
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
        : `${recordedLine(
            result.id,
            instance,
          )}; the portal's entity provider removes the catalog entity on its next run`,
    ].join('\n')}\n`,
  );
  return EXIT_OK;
}
