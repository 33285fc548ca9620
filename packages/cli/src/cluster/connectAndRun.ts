// What the cluster commands share: the cluster of a kubeconfig, an operation of redis-node run on it
// with its failures mapped to exit statuses, and the lines their outputs have in common. Part of the
// cluster bundle.
import { CustomErrorBase, NotFoundError } from '@backstage/errors';
import {
  clusterAccessFromKubeconfig,
  operationHistoryName,
  type FailoverCheck,
  type KubernetesCluster,
} from '@odin/plugin-redis-node';
import { RemoteError, UnreadableFileError, UsageError } from '../exitStatus';

/** Which cluster: a kubeconfig file (default $KUBECONFIG or ~/.kube/config) and one of its contexts. */
export interface ClusterTarget {
  kubeconfig?: string;
  context?: string;
}

/** An instance as the operations name it. */
export interface InstanceName {
  namespace: string;
  name: string;
}

/** The kubeconfig's cluster; a kubeconfig that cannot be read or has no context is a usage error. */
export async function connect(
  target: ClusterTarget,
): Promise<KubernetesCluster> {
  let access;
  try {
    access = clusterAccessFromKubeconfig({
      path: target.kubeconfig,
      context: target.context,
    });
  } catch (error) {
    if (error instanceof NotFoundError) throw new UsageError(error.message);
    // The first line only: YAML parse errors go on to quote the file, which holds credentials.
    throw new UnreadableFileError(
      `cannot load the kubeconfig ${
        target.kubeconfig ?? '($KUBECONFIG or ~/.kube/config)'
      }: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  try {
    return await access.getCluster();
  } catch (error) {
    throw new UsageError(
      `the kubeconfig has no current context; pass --context (${
        (error as Error).message
      })`,
    );
  }
}

/**
 * Connects to the target's cluster and runs the work on it; what redis-node (or the API server)
 * refuses or fails at becomes a RemoteError with its message.
 */
export async function connectAndRun<T>(
  target: ClusterTarget,
  work: (cluster: KubernetesCluster) => Promise<T>,
): Promise<{ cluster: KubernetesCluster; result: T }> {
  const cluster = await connect(target);
  try {
    return { cluster, result: await work(cluster) };
  } catch (error) {
    if (error instanceof CustomErrorBase) throw new RemoteError(error.message);
    throw error;
  }
}

/** An operation's progress, one line each on stderr. */
export function progressToStderr(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** `<namespace>/<name> on cluster <cluster>`. */
export function instanceOnCluster(
  instance: InstanceName,
  cluster: KubernetesCluster,
): string {
  return `${instance.namespace}/${instance.name} on cluster ${cluster.name}`;
}

/** `  ok <name>: <figures>` (or `  FAILED ...`), one line per check. */
export function checkLines(checks: FailoverCheck[]): string[] {
  return checks.map(
    check => `  ${check.ok ? 'ok' : 'FAILED'} ${check.name}: ${check.figures}`,
  );
}

/** The pods a rolling restart restarted, in order, and the switchover (or a cluster's failovers) before a master's restart. */
export function restartLines(result: {
  restarts: { pod: string; role: string; durationMs: number }[];
  switchover?: {
    oldMaster: { pod: string };
    newMaster: { pod: string };
    writesPausedMs: number;
  };
  /** Cluster mode: each shard's CLUSTER FAILOVER, in order. */
  failovers?: {
    slots: string;
    oldMaster: { pod: string };
    newMaster: { pod: string };
    failoverMs: number;
  }[];
}): string[] {
  return [
    ...result.restarts.map(
      restart =>
        `  restarted ${restart.role} ${restart.pod} in ${restart.durationMs} ms`,
    ),
    ...(result.switchover
      ? [
          `  the master moved from ${result.switchover.oldMaster.pod} to ${result.switchover.newMaster.pod}, writes paused ${result.switchover.writesPausedMs} ms`,
        ]
      : []),
    ...(result.failovers ?? []).map(
      failover =>
        `  slots ${failover.slots} moved from ${failover.oldMaster.pod} to ${failover.newMaster.pod} in ${failover.failoverMs} ms`,
    ),
  ];
}

/** `  recorded as <id> in ConfigMap <namespace>/<name>-operations`. */
export function recordedLine(
  id: string | undefined,
  instance: InstanceName,
): string {
  return `  recorded as ${id} in ConfigMap ${
    instance.namespace
  }/${operationHistoryName(instance.name)}`;
}
