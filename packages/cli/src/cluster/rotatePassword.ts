// rotate-password against a cluster of a kubeconfig, part of the cluster bundle (clusterCommands.ts re-exports it).
import { CustomErrorBase } from '@backstage/errors';
import { operationHistoryName, rotatePassword } from '@odin/plugin-redis-node';
import { EXIT_OK, RemoteError } from '../exitStatus';
import { connect, type ClusterTarget } from './clusterCommands';

/** Rotates an instance's password; the restarts and checks on stdout, progress on stderr, never a password. */
export async function rotatePasswordOf(
  instance: { namespace: string; name: string },
  target: ClusterTarget,
  options: { graceSeconds: number; requester: string },
): Promise<number> {
  const cluster = await connect(target);
  let result;
  try {
    result = await rotatePassword({
      cluster,
      instance,
      ...options,
      onProgress: message => process.stderr.write(`${message}\n`),
    });
  } catch (error) {
    if (error instanceof CustomErrorBase) throw new RemoteError(error.message);
    throw error;
  }
  const where = `${instance.namespace}/${instance.name} on cluster ${cluster.name}`;
  process.stdout.write(
    `${[
      `rotated the password of ${where} in ${result.durationMs} ms; Secret ${result.secret.name} key ${result.secret.key} holds the new one`,
      ...result.restarts.map(
        restart =>
          `  restarted ${restart.role} ${restart.pod} in ${restart.durationMs} ms`,
      ),
      ...(result.switchover
        ? [
            `  the master moved from ${result.switchover.oldMaster.pod} to ${result.switchover.newMaster.pod}, writes paused ${result.switchover.writesPausedMs} ms`,
          ]
        : []),
      `  the old password was removed after a grace period of ${result.graceSeconds} s`,
      ...[...result.preconditions, ...result.postChecks].map(
        check =>
          `  ${check.ok ? 'ok' : 'FAILED'} ${check.name}: ${check.figures}`,
      ),
      `  recorded as ${result.id} in ConfigMap ${
        instance.namespace
      }/${operationHistoryName(instance.name)}`,
    ].join('\n')}\n`,
  );
  return EXIT_OK;
}
