// Password rotation of a live Redis Cluster instance (3 shards of a master and a replica, with persistence)
// run by the sandbox controller: real redis-server processes behind the pods of the k8s-testenv API server,
// with cluster clients writing the whole time, switching their password when the Secret changes.
// Test code outside __testUtils__, never part of the build: the repository's test helpers are a devDependency.
// eslint-disable-next-line @backstage/no-undeclared-imports
import {
  applyOrder,
  eventually,
  orderIn,
  podClient,
  startLiveNamespace,
  storedPods,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import { ConflictError, InputError } from '@backstage/errors';
import Redis, { Cluster } from 'ioredis';
import {
  clusterPlan,
  observeCluster,
  readRedisCluster,
} from '../operations/clusterLive';
import { readOperationHistory } from '../operations/operationHistory';
import {
  rotatePassword,
  type RotatePasswordResult,
} from '../operations/rotatePassword';
import { assessClusterHealth } from '../operations/clusterChecks';
import {
  isAuthRefusal,
  passwordHash,
} from '../operations/rotatePasswordChecks';
import { clusterTopology } from './liveCluster';
import { START_TIMEOUT_MS } from './testEnvironment';

const PASSWORD = 'rotate-cluster-Pw-3f9b21';
const NAME = 'shop';
const SECRET = 'shop-auth';
const ALICE = 'user:default/alice';
const LEADERS = [0, 1, 2].map(i => `${NAME}-leader-${i}`);
const FOLLOWERS = [0, 1, 2].map(i => `${NAME}-follower-${i}`);
const DATA_PODS = [...FOLLOWERS, ...LEADERS];

let live: LiveNamespace;
let instance: { namespace: string; name: string };

jest.setTimeout(600_000);

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** The Secret as an application reads its mounted copy: the password and the object's version. */
async function readSecret(
  name = SECRET,
): Promise<{ password: string; version: string }> {
  const secret = await live.cluster.get<any>({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: live.namespace },
  });
  return {
    password: Buffer.from(secret.data.password, 'base64').toString('utf8'),
    version: secret.metadata.resourceVersion,
  };
}

/** The password hashes `ACL GETUSER default` lists on a pod, read with `password`. */
async function passwordHashes(pod: string, password: string) {
  const client = await podClient(live, pod, password);
  try {
    const user = (await client.call('ACL', 'GETUSER', 'default')) as unknown[];
    return user[user.indexOf('passwords') + 1] as string[];
  } finally {
    client.disconnect();
  }
}

/** Whether the pod refuses `password`: an AUTH command with it answers an error. */
async function refuses(pod: string, password: string): Promise<boolean> {
  const stored = (await storedPods(live))[pod];
  const client = new Redis({
    host: stored.status.podIP,
    port: 6379,
    lazyConnect: true,
    enableReadyCheck: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.call('AUTH', password);
    return false;
  } catch (error) {
    return isAuthRefusal(String(error));
  } finally {
    client.disconnect();
  }
}

/** Each pod's own answer: `master <slots>` or `replica of <pod>`, read on the nodes with `password`. */
const topology = (password: string) => clusterTopology(live, password, NAME);

/** Waits until the cluster is healthy as the rotation judges it, signed in with `password`. */
async function healthy(password: string) {
  const resource = (await readRedisCluster(live.cluster, instance))!;
  const plan = await clusterPlan(live.cluster, instance, resource);
  await eventually(
    async () => {
      const nodes = await observeCluster(
        live.cluster,
        instance,
        { ...plan, auth: { ...plan.auth, password } },
        1_000,
      );
      const checks = assessClusterHealth({
        nodes,
        shards: 3,
        replicasPerShard: 1,
      });
      const failed = checks.filter(check => !check.ok);
      if (failed.length > 0)
        throw new Error(failed.map(check => check.figures).join('; '));
      return true;
    },
    'the cluster healthy',
    600,
  );
}

/** Nothing changed: the Secret's version and password, and every node with the one old password. */
async function expectUnchanged(secretBefore: { version: string }) {
  expect(await readSecret()).toEqual({
    password: PASSWORD,
    version: secretBefore.version,
  });
  for (const pod of DATA_PODS)
    expect([pod, await passwordHashes(pod, PASSWORD)]).toEqual([
      pod,
      [passwordHash(PASSWORD)],
    ]);
}

/** What a client saw: acknowledged writes, auth refusals apart from every other error, by kind. */
interface Tally {
  ok: number;
  auth: string[];
  other: Map<string, number>;
}

const tally = (): Tally => ({ ok: 0, auth: [], other: new Map() });

function count(into: Tally, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  if (isAuthRefusal(message)) into.auth.push(message);
  else {
    const kind = message.replace(/[\d.:]+/g, '#').slice(0, 80);
    into.other.set(kind, (into.other.get(kind) ?? 0) + 1);
  }
}

/** A cluster client of the nodes the API server lists now, with `password`. */
async function clusterClient(password: string, nodeErrors?: Tally) {
  const pods = await storedPods(live);
  const client = new Cluster(
    DATA_PODS.filter(pod => pods[pod]?.status?.podIP).map(pod => ({
      host: pods[pod].status.podIP,
      port: 6379,
    })),
    {
      redisOptions: { password, connectTimeout: 1_000 },
      slotsRefreshTimeout: 2_000,
      retryDelayOnMoved: 50,
      retryDelayOnTryAgain: 100,
      retryDelayOnClusterDown: 100,
    },
  );
  client.on('error', () => undefined);
  // A node's connection refused (e.g. its AUTH) shows as this event.
  client.on('node error', error => nodeErrors && count(nodeErrors, error));
  return client;
}

/**
 * An application: a SET every 20 ms through a cluster client, the password from `passwordNow` (polled
 * every 100 ms), a new client as soon as it changes.
 */
function startApplication(name: string, passwordNow: () => Promise<string>) {
  const writes = tally();
  const nodeErrors = tally();
  const written: string[] = [];
  let password = PASSWORD;
  let switchedAt: number | undefined;
  let stopped = false;
  const watchSecret = (async () => {
    while (!stopped) {
      const current = await passwordNow();
      if (current !== password) {
        password = current;
        switchedAt = Date.now();
      }
      await sleep(100);
    }
  })();
  const write = (async () => {
    let clientPassword = password;
    let client = await clusterClient(clientPassword, nodeErrors);
    for (let i = 0; !stopped; i++) {
      if (clientPassword !== password) {
        const previous = client;
        clientPassword = password;
        client = await clusterClient(clientPassword, nodeErrors);
        previous.quit().catch(() => previous.disconnect());
      }
      const key = `${name}:${i}`;
      try {
        await client.set(key, String(i));
        written.push(key);
        writes.ok += 1;
      } catch (error) {
        count(writes, error);
      }
      await sleep(20);
    }
    client.disconnect();
  })();
  return {
    writes,
    nodeErrors,
    written,
    switchedAt: () => switchedAt,
    async stop() {
      stopped = true;
      await Promise.all([watchSecret, write]);
    },
  };
}

const describeTally = (what: string, counted: Tally) =>
  `${what}: ${counted.ok} ok, ${
    counted.auth.length
  } auth errors, other errors ${JSON.stringify([...counted.other])}`;

const rotate = (name = NAME) =>
  rotatePassword({
    cluster: live.cluster,
    instance: { namespace: live.namespace, name },
    requester: ALICE,
    graceSeconds: 0,
    timeoutMs: 300_000,
    redisTimeoutMs: 1_000,
  });

beforeAll(async () => {
  live = await startLiveNamespace('redis-rotate-cluster');
  instance = { namespace: live.namespace, name: NAME };
  await applyOrder(
    live,
    orderIn(live, {
      name: NAME,
      root: { clusterModeEnabled: true },
      flavour: {
        deploymentMode: 'cluster',
        cluster: { numShards: 3, replicasPerShard: 1 },
        persistence: { enabled: true, size: '1Gi' },
      },
    }),
    PASSWORD,
  );
  await healthy(PASSWORD);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await live?.sandbox.stop();
});

describe('rotatePassword of a cluster instance', () => {
  it('refuses while a replica does not answer (its process stopped), naming it, and changes nothing', async () => {
    const before = await readSecret();
    const topologyBefore = await topology(PASSWORD);
    const stopped = `${NAME}-follower-1`;
    live.sandbox.signal(stopped, 'SIGSTOP');
    let refusal: Error;
    try {
      refusal = await rotate().then(
        () => new Error('the rotation ran, but should have been refused'),
        (error: Error) => error,
      );
    } finally {
      live.sandbox.signal(stopped, 'SIGCONT');
    }
    expect(refusal).toBeInstanceOf(ConflictError);
    expect(refusal.message).toMatch(
      new RegExp(
        `^Password rotation of .* refused: every node answers failed \\(5 of 6 answer; ${stopped}: `,
      ),
    );
    expect(refusal.message).toContain(
      'every master has a replica in sync failed (',
    );
    expect(refusal.message).toContain('Nothing changed.');
    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({
      operation: 'rotate-password',
      outcome: 'refused',
    });
    await healthy(PASSWORD);
    await expectUnchanged(before);
    expect(await topology(PASSWORD)).toEqual(topologyBefore);
  });

  let result: RotatePasswordResult;

  it('rotates with cluster clients writing all along: zero auth errors, every write kept, the old password refused everywhere', async () => {
    const topologyBefore = await topology(PASSWORD);
    const fromSecret = async () => (await readSecret()).password;
    // The lagging application keeps the old password until the grace period begins.
    const app = startApplication('write', fromSecret);
    let graceStarted = false;
    const lagging = startApplication('lagging', async () =>
      graceStarted ? fromSecret() : PASSWORD,
    );
    await sleep(1_000);
    const progress: string[] = [];
    try {
      result = await rotatePassword({
        cluster: live.cluster,
        instance,
        requester: ALICE,
        graceSeconds: 2,
        timeoutMs: 300_000,
        redisTimeoutMs: 1_000,
        onProgress: message => {
          progress.push(`${new Date().toISOString()} ${message}`);
          if (message.startsWith('Every pod restarted')) graceStarted = true;
        },
      });
      await sleep(1_000);
    } finally {
      await Promise.all([app.stop(), lagging.stop()]);
      // eslint-disable-next-line no-console
      console.log(progress.join('\n'));
    }

    // eslint-disable-next-line no-console
    console.log(
      [
        `cluster rotation: whole run ${result.durationMs} ms`,
        `restarts: ${result.restarts
          .map(
            restart =>
              `${restart.pod} (${restart.role}) ${restart.durationMs} ms`,
          )
          .join(', ')}`,
        `failovers: ${(result.failovers ?? [])
          .map(
            failover =>
              `${failover.slots} ${failover.oldMaster.pod} -> ${failover.newMaster.pod} ${failover.failoverMs} ms`,
          )
          .join(', ')}`,
        describeTally('writer', app.writes),
        describeTally('writer node errors', app.nodeErrors),
        describeTally('lagging writer', lagging.writes),
        describeTally('lagging writer node errors', lagging.nodeErrors),
      ].join('\n'),
    );

    expect(app.writes.auth).toEqual([]);
    expect(app.nodeErrors.auth).toEqual([]);
    expect(app.switchedAt()).toBeDefined();
    expect(app.written.length).toBeGreaterThan(100);
    expect(lagging.writes.auth).toEqual([]);
    expect(lagging.written.length).toBeGreaterThan(100);

    const { password: next } = await readSecret();
    expect(next).not.toBe(PASSWORD);
    expect(next).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The followers first, then each leader between a failover to its follower and one back.
    expect(result.restarts.map(restart => [restart.pod, restart.role])).toEqual(
      [
        ...FOLLOWERS.map(pod => [pod, 'replica']),
        ...LEADERS.map(pod => [pod, 'master']),
      ],
    );
    expect(
      (result.failovers ?? []).map(failover => [
        failover.oldMaster.pod,
        failover.newMaster.pod,
      ]),
    ).toEqual(
      LEADERS.flatMap((leader, i) => [
        [leader, FOLLOWERS[i]],
        [FOLLOWERS[i], leader],
      ]),
    );
    expect(result.switchover).toBeUndefined();
    expect(result.preconditions.every(check => check.ok)).toBe(true);
    expect(result.postChecks.map(check => [check.name, check.ok])).toEqual([
      ['only the new password', true],
      ['every node answers', true],
      ['cluster state ok, all 16384 slots ok', true],
      ['shards and replicas as asked', true],
      ["every replica's link up", true],
      ['every cluster bus link connected', true],
      ["each shard's master as before", true],
    ]);
    // Read on the nodes themselves: the same masters, slots and replicas as before.
    expect(await topology(next)).toEqual(topologyBefore);

    // Every acknowledged write is in the cluster.
    const reader = await clusterClient(next);
    try {
      const written = [...app.written, ...lagging.written];
      const values = await Promise.all(written.map(key => reader.get(key)));
      expect(written.filter((_, k) => values[k] === null)).toEqual([]);
    } finally {
      reader.disconnect();
    }

    // The old password is refused by every node, the new one the only one.
    for (const pod of DATA_PODS) {
      expect([pod, await refuses(pod, PASSWORD)]).toEqual([pod, true]);
      expect([pod, await passwordHashes(pod, next)]).toEqual([
        pod,
        [passwordHash(next)],
      ]);
    }

    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({
      id: result.id,
      operation: 'rotate-password',
      requester: ALICE,
      outcome: 'succeeded',
      details: { graceSeconds: 2, secret: { name: SECRET, key: 'password' } },
    });
  });

  it('never writes either password into results, history, Events or errors', async () => {
    const { password: next } = await readSecret();
    const history = await readOperationHistory(live.cluster, instance);
    const events = await live.cluster.list<any>({
      apiVersion: 'v1',
      kind: 'Event',
      namespace: live.namespace,
    });
    const text = JSON.stringify([result, history, events]);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(next);
    expect(
      events.some(event => event.involvedObject?.kind === 'RedisCluster'),
    ).toBe(true);
  });

  it('refuses a cluster without persistence, naming the fields, before anything else', async () => {
    await applyOrder(
      live,
      orderIn(live, {
        name: 'bare',
        root: { clusterModeEnabled: true },
        flavour: {
          deploymentMode: 'cluster',
          cluster: { numShards: 3, replicasPerShard: 1 },
          persistence: { enabled: false },
        },
      }),
      PASSWORD,
    );
    const run = rotate('bare');
    await expect(run).rejects.toBeInstanceOf(InputError);
    await expect(run).rejects.toThrow(
      /runs in cluster mode without persistence \(spec.persistenceEnabled is not true, spec.storage.volumeClaimTemplate is empty, spec.storage.nodeConfVolume is not true\): .*\/flavour\/persistence\/enabled/,
    );
    expect(await readSecret('bare-auth')).toMatchObject({ password: PASSWORD });
    expect(
      await readOperationHistory(live.cluster, {
        namespace: live.namespace,
        name: 'bare',
      }),
    ).toEqual([]);
  });
});
