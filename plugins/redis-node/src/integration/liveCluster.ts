// Shared by the integration tests of live cluster instances on the sandbox: their data pods, each node's own
// view of the topology, the wait until the cluster has settled, a cluster client, and a refusal's error.
// Test code outside __testUtils__, never part of the build: the repository's test helpers are a devDependency.
// eslint-disable-next-line @backstage/no-undeclared-imports
import {
  eventually,
  podClient,
  storedPods,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import { ConflictError } from '@backstage/errors';
import Redis, { Cluster } from 'ioredis';

/** The data pods (`<name>-leader-N`, `<name>-follower-N`) of a cluster instance, by name. */
export async function clusterDataPods(live: LiveNamespace, name: string) {
  return Object.values(await storedPods(live))
    .filter(pod =>
      new RegExp(`^${name}-(leader|follower)-\\d+$`).test(pod.metadata.name),
    )
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

/** Runs `use` with a client of one pod's node, signed in with `password`. */
export async function onClusterPod<T>(
  live: LiveNamespace,
  password: string,
  pod: string,
  use: (redis: Redis) => Promise<T>,
): Promise<T> {
  const redis = await podClient(live, pod, password);
  try {
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

/** Each pod's own answer: `master <slots>` or `replica of <pod>`, read on the nodes. */
export async function clusterTopology(
  live: LiveNamespace,
  password: string,
  name: string,
): Promise<Record<string, string>> {
  const pods = await storedPods(live);
  const podOf = (address: string) =>
    Object.values(pods).find(pod => pod.status?.podIP === address.split(':')[0])
      ?.metadata.name ?? address;
  const result: Record<string, string> = {};
  for (const pod of await clusterDataPods(live, name)) {
    const lines = String(
      await onClusterPod(live, password, pod.metadata.name, redis =>
        redis.call('CLUSTER', 'NODES'),
      ),
    )
      .trim()
      .split('\n')
      .map(line => line.split(' '));
    const myself = lines.find(parts => parts[2]?.includes('myself'))!;
    const masterOf = lines.find(parts => parts[0] === myself[3]);
    result[pod.metadata.name] = myself[2].includes('master')
      ? `master ${myself.slice(8).join(' ')}`
      : `replica of ${masterOf ? podOf(masterOf[1].split('@')[0]) : '?'}`;
  }
  return result;
}

/**
 * Waits until every node says cluster_state ok with all slots ok and every replica's link is up; with
 * `inSync`, also until no replica misses a byte of its master's replication stream (for a test that writes
 * nothing meanwhile). Then the topology.
 */
export async function clusterSettled(
  live: LiveNamespace,
  password: string,
  name: string,
  options: { inSync?: boolean } = {},
): Promise<Record<string, string>> {
  return eventually(
    async () => {
      const offsets = new Map<string, number>();
      const followed: [string, string, number][] = [];
      for (const pod of await clusterDataPods(live, name)) {
        const [clusterInfo, replication] = await onClusterPod(
          live,
          password,
          pod.metadata.name,
          async redis => [
            String(await redis.call('CLUSTER', 'INFO')),
            await redis.info('replication'),
          ],
        );
        if (
          !clusterInfo.includes('cluster_state:ok') ||
          !clusterInfo.includes('cluster_slots_ok:16384')
        )
          throw new Error(
            `${pod.metadata.name}: ${clusterInfo.split('\n')[0]}`,
          );
        const field = (key: string) =>
          new RegExp(`^${key}:(.*)$`, 'm').exec(replication)?.[1]?.trim();
        if (field('role') === 'master')
          offsets.set(
            `${pod.status.podIP}:6379`,
            Number(field('master_repl_offset')),
          );
        else if (field('master_link_status') !== 'up')
          throw new Error(`${pod.metadata.name}: link down`);
        else
          followed.push([
            pod.metadata.name,
            `${field('master_host')}:${field('master_port')}`,
            Number(field('slave_repl_offset')),
          ]);
      }
      if (options.inSync)
        for (const [pod, master, offset] of followed)
          if (offset !== offsets.get(master))
            throw new Error(
              `${pod}: offset ${offset}, its master ${master} ${offsets.get(
                master,
              )}`,
            );
      return clusterTopology(live, password, name);
    },
    `${name} settled`,
    600,
  );
}

/** A cluster client of an instance, through its first leader's address, riding out redirections. */
export async function clusterClientOf(
  live: LiveNamespace,
  password: string,
  name: string,
): Promise<Cluster> {
  const pods = await storedPods(live);
  const client = new Cluster(
    [{ host: pods[`${name}-leader-0`].status.podIP, port: 6379 }],
    {
      redisOptions: { password },
      slotsRefreshTimeout: 2_000,
      retryDelayOnMoved: 50,
      retryDelayOnTryAgain: 100,
      retryDelayOnClusterDown: 200,
    },
  );
  client.on('error', () => undefined);
  return client;
}

/** The error of an operation that must be refused: a ConflictError. */
export async function refusalOf(run: Promise<unknown>): Promise<Error> {
  const error = await run.then(
    () => new Error('the operation ran, but should have been refused'),
    (failure: Error) => failure,
  );
  expect(error).toBeInstanceOf(ConflictError);
  return error;
}
