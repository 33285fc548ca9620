// rotate-password against a cluster of a kubeconfig, part of the cluster bundle (clusterCommands.ts re-exports it).
import {
  previewPasswordRotation,
  rotatePassword,
} from '@odin/plugin-redis-node';
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

/**
 * Rotates (or dry-runs a rotation of) an instance's password; the restarts and checks on stdout, progress on
 * stderr, never a password.
 */
export async function rotatePasswordOf(
  instance: InstanceName,
  target: ClusterTarget,
  options: { graceSeconds: number; requester: string; dryRun: boolean },
): Promise<number> {
  const { graceSeconds, requester } = options;
  if (options.dryRun) {
    const preview = await connectAndRun(target, connected =>
      previewPasswordRotation({ cluster: connected, instance, graceSeconds }),
    );
    process.stdout.write(
      `${[
        `dry run of a password rotation of ${instanceOnCluster(
          instance,
          preview.cluster,
        )}: ${preview.result.summary}`,
        ...preview.result.changes.map(
          change =>
            `  ~ ${change.ref}: ${change.paths.join(', ') || change.action}`,
        ),
        ...checkLines(preview.result.preconditions),
        'nothing was changed',
      ].join('\n')}\n`,
    );
    return EXIT_OK;
  }
  const { cluster, result } = await connectAndRun(target, connected =>
    rotatePassword({
      cluster: connected,
      instance,
      graceSeconds,
      requester,
      onProgress: progressToStderr,
    }),
  );
  process.stdout.write(
    `${[
      `rotated the password of ${instanceOnCluster(instance, cluster)} in ${
        result.durationMs
      } ms; Secret ${result.secret.name} key ${
        result.secret.key
      } holds the new one`,
      ...restartLines(result),
      `  the old password was removed after a grace period of ${result.graceSeconds} s`,
      ...checkLines([...result.preconditions, ...result.postChecks]),
      recordedLine(result.id, instance),
    ].join('\n')}\n`,
  );
  return EXIT_OK;
}
