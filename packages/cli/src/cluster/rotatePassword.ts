// rotate-password against a cluster of a kubeconfig, part of the cluster bundle (clusterCommands.ts re-exports it).
import { rotatePassword } from '@odin/plugin-redis-node';
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

/** Rotates an instance's password; the restarts and checks on stdout, progress on stderr, never a password. */
export async function rotatePasswordOf(
  instance: InstanceName,
  target: ClusterTarget,
  options: { graceSeconds: number; requester: string },
): Promise<number> {
  const { cluster, result } = await connectAndRun(target, connected =>
    rotatePassword({
      cluster: connected,
      instance,
      ...options,
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
