// Password rotation of a live sentinel instance (a master, 2 replicas, 3 sentinels) run by the sandbox
// controller: real redis-server and sentinel processes behind the pods of the k8s-testenv API server,
// with a client writing through the sentinels the whole time, switching when the Secret changes.
// Test code outside __testUtils__, never part of the build: the repository's test helpers are a devDependency.
// eslint-disable-next-line @backstage/no-undeclared-imports
import {
  SENTINEL_PODS,
  applyOrder,
  eventually,
  liveSentinelInstance,
  orderIn,
  podClient,
  startLiveNamespace,
  sentinelSettled,
  storedPods,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import { ConflictError, InputError } from '@backstage/errors';
import Redis from 'ioredis';
import { acquireOperationLock } from '../operations/operationLock';
import { readOperationHistory } from '../operations/operationHistory';
import {
  previewPasswordRotation,
  rotatePassword,
  type RotatePasswordResult,
} from '../operations/rotatePassword';
import {
  isAuthRefusal,
  passwordHash,
} from '../operations/rotatePasswordChecks';
import { START_TIMEOUT_MS } from './testEnvironment';

const PASSWORD = 'rotate-Pw-7d31a0c2';
const SECRET = 'orders-auth';
const DATA_PODS = ['orders-0', 'orders-1', 'orders-2'];
const ALL_PODS = [...DATA_PODS, ...SENTINEL_PODS];
const ALICE = 'user:default/alice';

let live: LiveNamespace;
let instance: { namespace: string; name: string };

jest.setTimeout(300_000);

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** The Secret as an application reads its mounted copy: the password and the object's version. */
async function readSecret(
  of: LiveNamespace = live,
  name = SECRET,
): Promise<{ password: string; version: string }> {
  const secret = await of.cluster.get<any>({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: of.namespace },
  });
  return {
    password: Buffer.from(secret.data.password, 'base64').toString('utf8'),
    version: secret.metadata.resourceVersion,
  };
}

/** The password hashes `ACL GETUSER default` lists on a pod, read with `password`. */
async function passwordHashes(
  pod: string,
  password: string,
  of: LiveNamespace = live,
) {
  const client = await podClient(of, pod, password);
  try {
    const user = (await client.call('ACL', 'GETUSER', 'default')) as unknown[];
    return user[user.indexOf('passwords') + 1] as string[];
  } finally {
    client.disconnect();
  }
}

/** Whether the pod refuses `password`: an AUTH command with it answers an error. */
async function refuses(
  pod: string,
  password: string,
  of: LiveNamespace = live,
): Promise<boolean> {
  const stored = (await storedPods(of))[pod];
  // Connected without a password and without the ready check, which an unauthenticated INFO would fail.
  const client = new Redis({
    host: stored.status.podIP,
    port: stored.metadata.labels?.role === 'sentinel' ? 26379 : 6379,
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

/** Nothing changed: the Secret's version and password, and every process with the one old password. */
async function expectUnchanged(secretBefore: { version: string }) {
  const secret = await readSecret();
  expect(secret).toEqual({ password: PASSWORD, version: secretBefore.version });
  for (const pod of ALL_PODS)
    expect(await passwordHashes(pod, PASSWORD)).toEqual([
      passwordHash(PASSWORD),
    ]);
}

/** Counts of what a client saw: auth refusals apart from every other error. */
interface Tally {
  ok: number;
  auth: string[];
  other: Map<string, number>;
}

function tally(): Tally {
  return { ok: 0, auth: [], other: new Map() };
}

function count(into: Tally, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  if (isAuthRefusal(message)) into.auth.push(message);
  else {
    const kind = message.replace(/[\d.:]+/g, '#').slice(0, 80);
    into.other.set(kind, (into.other.get(kind) ?? 0) + 1);
  }
}

/**
 * An application: SET every 20 ms through the sentinel-discovered master, the password from
 * `passwordNow` (polled every 100 ms), a new client as soon as it changes. Beside it, a probe of every
 * pod with the same password, one fresh connection each 50 ms, as readers and health checks would.
 */
function startApplication(
  name: string,
  sentinels: { host: string; port: number }[],
  passwordNow: () => Promise<string>,
) {
  const writes = tally();
  const probes = tally();
  const written: string[] = [];
  let password = PASSWORD;
  let switchedAt: number | undefined;
  let stopped = false;
  const connect = (secret: string) => {
    const client = new Redis({
      sentinels,
      name: 'mymaster',
      password: secret,
      sentinelPassword: secret,
      connectTimeout: 1_000,
    });
    client.on('error', error => count(writes, error));
    return client;
  };
  let client = connect(password);

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
    for (let i = 0; !stopped; i++) {
      if (clientPassword !== password) {
        const previous = client;
        clientPassword = password;
        client = connect(clientPassword);
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
  })();
  const probe = (async () => {
    for (let i = 0; !stopped; i++) {
      const pods = await storedPods(live);
      const pod = pods[ALL_PODS[i % ALL_PODS.length]];
      const host = pod?.status?.podIP;
      if (host) {
        const one = new Redis({
          host,
          port: pod.metadata.labels?.role === 'sentinel' ? 26379 : 6379,
          password,
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
          enableOfflineQueue: false,
          connectTimeout: 500,
        });
        // A refused AUTH shows as this event; the connection is then closed.
        one.on('error', error => count(probes, error));
        try {
          await one.connect();
          await one.ping();
          probes.ok += 1;
        } catch (error) {
          count(probes, error);
        } finally {
          one.disconnect();
        }
      }
      await sleep(50);
    }
  })();
  return {
    writes,
    probes,
    written,
    switchedAt: () => switchedAt,
    async stop() {
      stopped = true;
      await Promise.all([watchSecret, write, probe]);
      client.disconnect();
    },
  };
}

const rotate = (graceSeconds: number) =>
  rotatePassword({
    cluster: live.cluster,
    instance,
    requester: ALICE,
    graceSeconds,
    timeoutMs: 180_000,
    redisTimeoutMs: 1_000,
  });

beforeAll(async () => {
  live = await liveSentinelInstance('redis-rotate', {
    password: PASSWORD,
    replicas: 2,
  });
  instance = { namespace: live.namespace, name: 'orders' };
  await sentinelSettled(live, PASSWORD, SENTINEL_PODS);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await live?.sandbox.stop();
});

describe('rotatePassword', () => {
  it('refuses a grace period out of range, naming the field, before anything else', async () => {
    const before = await readSecret();
    const run = rotate(3601);
    await expect(run).rejects.toBeInstanceOf(InputError);
    await expect(run).rejects.toThrow(
      /^graceSeconds: must be a whole number of seconds from 0 to 3600/,
    );
    await expectUnchanged(before);
  });

  it('refuses while another operation holds the lock, records the refusal, and changes nothing', async () => {
    const before = await readSecret();
    const lock = await acquireOperationLock(live.cluster, {
      instance,
      holder: 'user:default/bob',
      operation: 'scale',
      timeoutMs: 60_000,
    });
    try {
      const run = rotate(0);
      await expect(run).rejects.toBeInstanceOf(ConflictError);
      await expect(run).rejects.toThrow(/scale by user:default\/bob/);
    } finally {
      await lock.release();
    }
    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({
      operation: 'rotate-password',
      outcome: 'refused',
      details: { precondition: 'lock' },
    });
    await expectUnchanged(before);
  });

  it('dry-runs: the checks as the run makes them, the Secret it updates, the pods in the order they restart; nothing changes', async () => {
    const master = await sentinelSettled(live, PASSWORD, SENTINEL_PODS);
    const before = await readSecret();
    const historyBefore = await readOperationHistory(live.cluster, instance);
    const preview = await previewPasswordRotation({
      cluster: live.cluster,
      instance,
      graceSeconds: 30,
    });
    const replicas = DATA_PODS.filter(pod => pod !== master).sort();
    expect(preview.restarts).toEqual([
      ...replicas.map(pod => ({ pod, role: 'replica' })),
      { pod: master, role: 'master' },
      ...[...SENTINEL_PODS].sort().map(pod => ({ pod, role: 'sentinel' })),
    ]);
    expect(preview.preconditions.every(check => check.ok)).toBe(true);
    expect(preview.changes[0]).toEqual({
      ref: `Secret ${live.namespace}/${preview.secret.name}`,
      action: 'update',
      paths: [`data.${preview.secret.key}`],
    });
    expect(preview.changes).toContainEqual({
      ref: `Pod ${live.namespace}/${master}`,
      action: 'restarted after a switchover that loses no write',
      paths: [],
    });
    expect(preview.summary).toMatch(
      /^Rotating the password in Secret \S+: a new one beside the old on every process, then 6 pods restarted one at a time \(.*\), then the old one removed after 30 s$/,
    );
    expect(JSON.stringify(preview)).not.toContain(PASSWORD);
    await expectUnchanged(before);
    expect(await readOperationHistory(live.cluster, instance)).toEqual(
      historyBefore,
    );
  });

  it('refuses while a replica does not answer (its process stopped), naming it, and changes nothing', async () => {
    const master = await sentinelSettled(live, PASSWORD, SENTINEL_PODS);
    const stopped = DATA_PODS.find(pod => pod !== master)!;
    const before = await readSecret();
    live.sandbox.signal(stopped, 'SIGSTOP');
    let refusal: Error;
    let previewRefusal: Error;
    try {
      // The dry run refuses it the same way, without recording anything.
      previewRefusal = await previewPasswordRotation({
        cluster: live.cluster,
        instance,
        graceSeconds: 0,
        redisTimeoutMs: 1_000,
      }).then(
        () => new Error('the dry run passed, but should have been refused'),
        (error: Error) => error,
      );
      refusal = await rotate(0).then(
        () => new Error('the rotation ran, but should have been refused'),
        (error: Error) => error,
      );
    } finally {
      live.sandbox.signal(stopped, 'SIGCONT');
    }
    expect(previewRefusal).toBeInstanceOf(ConflictError);
    expect(previewRefusal.message).toBe(refusal.message);
    expect(refusal).toBeInstanceOf(ConflictError);
    expect(refusal.message).toMatch(
      /^Password rotation of .* refused: every data pod answers failed \(2\/3 data pods answered with the current password; /,
    );
    expect(refusal.message).toContain(`${stopped}: `);
    expect(refusal.message).toContain('Nothing changed.');
    const [latest] = await readOperationHistory(live.cluster, instance);
    expect(latest).toMatchObject({
      operation: 'rotate-password',
      outcome: 'refused',
    });
    await sentinelSettled(live, PASSWORD, SENTINEL_PODS);
    await expectUnchanged(before);
  });

  let result: RotatePasswordResult;

  it('rotates with a client writing through the sentinels all along: zero auth errors, every write kept, the old password refused everywhere', async () => {
    const oldMaster = await sentinelSettled(live, PASSWORD, SENTINEL_PODS);
    const pods = await storedPods(live);
    const sentinels = SENTINEL_PODS.map(pod => ({
      host: pods[pod].status.podIP,
      port: 26379,
    }));
    const fromSecret = async () => (await readSecret()).password;
    // The application reads the Secret as it changes; the lagging one keeps the old password until the
    // grace period begins, as a client that picks the Secret up only now and then.
    const app = startApplication('write', sentinels, fromSecret);
    let graceStarted = false;
    const lagging = startApplication('lagging', sentinels, async () =>
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
        timeoutMs: 180_000,
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

    // The figures of the run and of the application, for the issue's note.
    // eslint-disable-next-line no-console
    console.log(
      [
        `rotation: whole run ${result.durationMs} ms, switchover ${result.switchover?.switchoverMs} ms, writes paused ${result.switchover?.writesPausedMs} ms`,
        `restarts: ${result.restarts
          .map(
            restart =>
              `${restart.pod} (${restart.role}) ${restart.durationMs} ms`,
          )
          .join(', ')}`,
        `writer: ${app.writes.ok} writes acknowledged, ${
          app.writes.auth.length
        } auth errors, other errors ${JSON.stringify([...app.writes.other])}`,
        `probes: ${app.probes.ok} ok, ${
          app.probes.auth.length
        } auth errors, other errors ${JSON.stringify([...app.probes.other])}`,
        `lagging writer: ${lagging.writes.ok} writes acknowledged, ${
          lagging.writes.auth.length
        } auth errors, other errors ${JSON.stringify([
          ...lagging.writes.other,
        ])}`,
        `lagging probes: ${lagging.probes.ok} ok, ${
          lagging.probes.auth.length
        } auth errors, other errors ${JSON.stringify([
          ...lagging.probes.other,
        ])}`,
      ].join('\n'),
    );

    expect(app.writes.auth).toEqual([]);
    expect(app.probes.auth).toEqual([]);
    expect(app.switchedAt()).toBeDefined();
    expect(app.written.length).toBeGreaterThan(100);
    // The old password works on every restarted pod until the grace period ends, except for the moment
    // between a pod's start and the old password added back (the lagging probes' refusals, reported).
    expect(lagging.writes.auth).toEqual([]);
    expect(lagging.written.length).toBeGreaterThan(100);

    const { password: next } = await readSecret();
    expect(next).not.toBe(PASSWORD);
    expect(next).toMatch(/^[A-Za-z0-9_-]{43}$/);

    expect(result.switchover?.oldMaster.pod).toBe(oldMaster);
    expect(result.restarts.map(restart => [restart.pod, restart.role])).toEqual(
      [
        ...DATA_PODS.filter(pod => pod !== oldMaster).map(pod => [
          pod,
          'replica',
        ]),
        [oldMaster, 'master'],
        ...SENTINEL_PODS.map(pod => [pod, 'sentinel']),
      ],
    );
    expect(result.postChecks.map(check => [check.name, check.ok])).toEqual([
      ['only the new password', true],
      ['every data pod answers', true],
      ['one master', true],
      ["every replica's link up", true],
      ['sentinels name the master', true],
      ['every sentinel signed in with the new password', true],
      ['sentinels see the master, its replicas and each other', true],
    ]);

    // Every acknowledged write is on the new master.
    const master = await podClient(
      live,
      result.switchover?.newMaster.pod ?? '',
      next,
    );
    try {
      const written = [...app.written, ...lagging.written];
      for (let i = 0; i < written.length; i += 500) {
        const keys = written.slice(i, i + 500);
        const values = await master.mget(...keys);
        expect(keys.filter((_, k) => values[k] === null)).toEqual([]);
      }
      expect(await master.get('greeting')).toBe('hello');
    } finally {
      master.disconnect();
    }

    // The old password is refused by every process, the new one the only one.
    for (const pod of ALL_PODS) {
      expect([pod, await refuses(pod, PASSWORD)]).toEqual([pod, true]);
      expect(await passwordHashes(pod, next)).toEqual([passwordHash(next)]);
    }
    await sentinelSettled(live, next, SENTINEL_PODS);

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
    expect(history.length).toBeGreaterThanOrEqual(3);
  });
});

describe('rotatePassword of a replication instance without sentinels', () => {
  const REPLICATION_PASSWORD = 'rotate-repl-Pw-5e07';
  const CACHE_PODS = ['cache-0', 'cache-1', 'cache-2'];
  let replicated: LiveNamespace;

  /** The pod the operator labels master, as the `-master` Service selects it. */
  const labelledMaster = async () =>
    Object.values(await storedPods(replicated)).find(
      pod => pod.metadata.labels?.['redis-role'] === 'master',
    );

  beforeAll(async () => {
    replicated = await startLiveNamespace('redis-rotate-repl');
    await applyOrder(
      replicated,
      orderIn(replicated, {
        name: 'cache',
        // Standalone with replicas is replication mode: a RedisReplication, no sentinels.
        flavour: { deploymentMode: 'standalone', replica: { count: 2 } },
      }),
      REPLICATION_PASSWORD,
    );
    await eventually(async () => {
      for (const pod of CACHE_PODS.slice(1)) {
        const client = await podClient(replicated, pod, REPLICATION_PASSWORD);
        try {
          if (
            !(await client.info('replication')).includes(
              'master_link_status:up',
            )
          )
            return undefined;
        } finally {
          client.disconnect();
        }
      }
      return (await labelledMaster()) ? true : undefined;
    }, 'both replicas linked and the master labelled');
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await replicated?.sandbox.stop();
  });

  it('rotates with a client writing to the labelled master all along: zero auth errors, every write kept, the old password refused', async () => {
    const writes = tally();
    const written: string[] = [];
    let stopped = false;
    // As a client of the -master Service: the labelled master, the Secret's password, a new connection
    // after any error or a changed Secret.
    const writer = (async () => {
      let client: Redis | undefined;
      let clientPassword = '';
      for (let i = 0; !stopped; i++) {
        const { password } = await readSecret(replicated, 'cache-auth');
        if (!client || password !== clientPassword) {
          client?.disconnect();
          const master = await labelledMaster();
          clientPassword = password;
          client = new Redis({
            host: master?.status?.podIP,
            port: 6379,
            password,
            lazyConnect: true,
            maxRetriesPerRequest: 0,
            retryStrategy: () => null,
            connectTimeout: 500,
          });
          client.on('error', error => count(writes, error));
          await client.connect().catch(() => undefined);
        }
        try {
          await client.set(`repl:${i}`, String(i));
          written.push(`repl:${i}`);
          writes.ok += 1;
        } catch (error) {
          count(writes, error);
          client.disconnect();
          client = undefined;
        }
        await sleep(20);
      }
      client?.disconnect();
    })();
    await sleep(1_000);
    let rotated: RotatePasswordResult;
    try {
      rotated = await rotatePassword({
        cluster: replicated.cluster,
        instance: { namespace: replicated.namespace, name: 'cache' },
        requester: ALICE,
        graceSeconds: 1,
        timeoutMs: 180_000,
        redisTimeoutMs: 1_000,
      });
      await sleep(1_000);
    } finally {
      stopped = true;
      await writer;
    }

    // eslint-disable-next-line no-console
    console.log(
      [
        `replication rotation: whole run ${rotated.durationMs} ms, switchover ${rotated.switchover?.switchoverMs} ms, writes paused at most ${rotated.switchover?.writesPausedMs} ms`,
        `restarts: ${rotated.restarts
          .map(
            restart =>
              `${restart.pod} (${restart.role}) ${restart.durationMs} ms`,
          )
          .join(', ')}`,
        `writer: ${writes.ok} writes acknowledged, ${
          writes.auth.length
        } auth errors, other errors ${JSON.stringify([...writes.other])}`,
      ].join('\n'),
    );

    expect(writes.auth).toEqual([]);
    expect(written.length).toBeGreaterThan(100);
    expect(rotated.postChecks.map(check => [check.name, check.ok])).toEqual([
      ['only the new password', true],
      ['every data pod answers', true],
      ['one master', true],
      ["every replica's link up", true],
    ]);
    const { password: next } = await readSecret(replicated, 'cache-auth');
    const master = await podClient(
      replicated,
      rotated.switchover?.newMaster.pod ?? '',
      next,
    );
    try {
      const values = await master.mget(...written);
      expect(written.filter((_, k) => values[k] === null)).toEqual([]);
    } finally {
      master.disconnect();
    }
    for (const pod of CACHE_PODS) {
      expect([
        pod,
        await refuses(pod, REPLICATION_PASSWORD, replicated),
      ]).toEqual([pod, true]);
      expect(await passwordHashes(pod, next, replicated)).toEqual([
        passwordHash(next),
      ]);
    }
  });
});

describe('rotatePassword of a standalone instance', () => {
  const STANDALONE_PASSWORD = 'rotate-single-Pw-0b2d';
  let single: LiveNamespace;

  beforeAll(async () => {
    single = await startLiveNamespace('redis-rotate-single');
    for (const [name, enabled] of [
      ['single', true],
      ['bare', false],
    ] as const)
      await applyOrder(
        single,
        orderIn(single, {
          name,
          flavour: {
            deploymentMode: 'standalone',
            replica: { count: 0 },
            persistence: { enabled },
          },
        }),
        STANDALONE_PASSWORD,
      );
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await single?.sandbox.stop();
  });

  it('refuses one without persistence, which the restart would empty, and changes nothing', async () => {
    const run = rotatePassword({
      cluster: single.cluster,
      instance: { namespace: single.namespace, name: 'bare' },
      requester: ALICE,
      graceSeconds: 0,
    });
    await expect(run).rejects.toBeInstanceOf(InputError);
    await expect(run).rejects.toThrow(
      /is standalone without persistence: the restart that gives its pod the new password would empty it/,
    );
    expect(await readSecret(single, 'bare-auth')).toMatchObject({
      password: STANDALONE_PASSWORD,
    });
  });

  it('rotates one with persistence by restarting its one pod: the old password refused afterwards', async () => {
    const rotated = await rotatePassword({
      cluster: single.cluster,
      instance: { namespace: single.namespace, name: 'single' },
      requester: ALICE,
      graceSeconds: 0,
      timeoutMs: 120_000,
      redisTimeoutMs: 1_000,
    });

    // eslint-disable-next-line no-console
    console.log(
      `standalone rotation: whole run ${rotated.durationMs} ms, restart ${rotated.restarts[0]?.durationMs} ms`,
    );
    expect(rotated.switchover).toBeUndefined();
    expect(
      rotated.restarts.map(restart => [restart.pod, restart.role]),
    ).toEqual([['single-0', 'master']]);
    expect(rotated.postChecks.map(check => [check.name, check.ok])).toEqual([
      ['only the new password', true],
      ['every data pod answers', true],
      ['one master', true],
      ["every replica's link up", true],
    ]);
    const { password: next } = await readSecret(single, 'single-auth');
    expect(next).not.toBe(STANDALONE_PASSWORD);
    expect(await refuses('single-0', STANDALONE_PASSWORD, single)).toBe(true);
    expect(await passwordHashes('single-0', next, single)).toEqual([
      passwordHash(next),
    ]);
    const [latest] = await readOperationHistory(single.cluster, {
      namespace: single.namespace,
      name: 'single',
    });
    expect(latest).toMatchObject({
      operation: 'rotate-password',
      outcome: 'succeeded',
    });
  });
});
