// The dry run a day-2 operation's form shows before the user confirms: POST .../operations/:operation/dry-run
// against a live sentinel instance run by the sandbox, through the Kubernetes plugin's proxy to the real
// kube-apiserver, on the user's behalf.
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  SENTINEL_PODS,
  liveSentinelInstance,
  sentinelMaster,
  sentinelSettled,
  storedPods,
  type LiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import request from 'supertest';
import { clusterEntry, START_TIMEOUT_MS } from './__testUtils__/realKubernetes';
import {
  redisEntity,
  startRedisBackend,
  userHeader,
} from './__testUtils__/testBackend';

const PASSWORD = 'dry-run-Pw-7d20e1';
let live: LiveNamespace;

jest.setTimeout(120_000);

const dryRunPath = (entity: string, operation: string) =>
  `/api/redis/entities/resource/default/${entity}/operations/${operation}/dry-run`;

async function backend(
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const provided = redisEntity('orders', `${live.namespace}/orders`);
  // The same annotations, written by a catalog location instead of the entity provider.
  const handWritten = redisEntity('hand-written', `${live.namespace}/orders`);
  handWritten.metadata.annotations = {
    ...handWritten.metadata.annotations,
    'backstage.io/managed-by-location':
      'url:https://example.com/catalog-info.yaml',
    'backstage.io/managed-by-origin-location':
      'url:https://example.com/catalog-info.yaml',
  };
  const { server } = await startRedisBackend({
    cluster: clusterEntry(live.testCluster),
    entities: [provided, handWritten],
    permission,
  });
  return server;
}

async function recordedReplicas(): Promise<number> {
  const replication = await live.cluster.get({
    apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
    kind: 'RedisReplication',
    metadata: { namespace: live.namespace, name: 'orders' },
  });
  return (replication as any).spec.clusterSize;
}

beforeAll(async () => {
  live = await liveSentinelInstance('redis-dry-run', {
    password: PASSWORD,
    replicas: 1,
  });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await live?.sandbox.stop();
});

describe('POST /entities/:kind/:namespace/:name/operations/:operation/dry-run', () => {
  it('answers what a scale would change, and writes nothing', async () => {
    const server = await backend();
    const response = await request(server)
      .post(dryRunPath('orders', 'scale'))
      .set(userHeader())
      .send({ input: { replicas: 2 } });

    expect(response.status).toBe(200);
    expect(response.body.summary).toBe('Scaling from 1 to 2 replicas');
    expect(response.body.changes).toContainEqual({
      ref: `RedisReplication ${live.namespace}/orders`,
      action: 'update',
      paths: expect.arrayContaining(['/spec/clusterSize']),
    });
    expect(await recordedReplicas()).toBe(2);
    expect(
      Object.keys(await storedPods(live)).filter(
        pod => !pod.includes('sentinel'),
      ),
    ).toHaveLength(2);
    expect(JSON.stringify(response.body)).not.toContain(PASSWORD);
  });

  it('answers what a resize and a delete would change, and refuses a delete without a final backup', async () => {
    const server = await backend();
    const resize = await request(server)
      .post(dryRunPath('orders', 'resize'))
      .set(userHeader())
      .send({ input: { memory: '768Mi' } });
    expect(resize.status).toBe(200);
    expect(resize.body.summary).toMatch(
      /^Resizing the data pods from cpu \S+, memory \S+ to cpu \S+, memory 768Mi, restarting them one at a time, the master last$/,
    );
    expect(resize.body.changes).toContainEqual(
      expect.objectContaining({
        ref: `RedisReplication ${live.namespace}/orders`,
      }),
    );

    // The instance orders no backups: a delete needs the user to skip the final one, knowingly.
    const refused = await request(server)
      .post(dryRunPath('orders', 'delete'))
      .set(userHeader())
      .send({ input: { confirmName: 'orders' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('/flavour/backup');
    const deletion = await request(server)
      .post(dryRunPath('orders', 'delete'))
      .set(userHeader())
      .send({ input: { confirmName: 'orders', skipFinalBackup: true } });
    expect(deletion.status).toBe(200);
    expect(deletion.body.summary).toMatch(
      new RegExp(
        `^Deleting ${live.namespace}/orders without a final backup; kept: `,
      ),
    );
    expect(deletion.body.changes).toContainEqual({
      ref: `RedisReplication ${live.namespace}/orders`,
      action: 'delete',
      paths: [],
    });
    expect(await recordedReplicas()).toBe(2);
  });

  it('answers what a test failover would change, and refuses it while no replica is in sync; nothing fails over', async () => {
    const server = await backend();
    // Its preconditions want the sentinels agreed and every replica's link up.
    await sentinelSettled(live, PASSWORD, SENTINEL_PODS, 1);
    const master = await sentinelMaster(live, PASSWORD, SENTINEL_PODS);
    const preview = await request(server)
      .post(dryRunPath('orders', 'test-failover'))
      .set(userHeader())
      .send({ input: { override: false } });
    expect([preview.status, preview.body.error?.message]).toEqual([
      200,
      undefined,
    ]);
    const replicas = Object.keys(await storedPods(live)).filter(
      pod => !pod.includes('sentinel') && pod !== master,
    );
    expect(preview.body).toEqual({
      summary: `SENTINEL FAILOVER of mymaster: the master moves from ${master} to the replica the sentinels choose among ${replicas.join(
        ', ',
      )}; connections to the old master are closed`,
      changes: [
        {
          ref: `Pod ${live.namespace}/${master}`,
          action: 'becomes a replica',
          paths: ['metadata.labels.redis-role'],
        },
        ...replicas.map(pod => ({
          ref: `Pod ${live.namespace}/${pod}`,
          action: 'may become the master',
          paths: ['metadata.labels.redis-role'],
        })),
      ],
    });

    for (const pod of replicas) live.sandbox.signal(pod, 'SIGSTOP');
    try {
      const refused = await request(server)
        .post(dryRunPath('orders', 'test-failover'))
        .set(userHeader())
        .send({ input: { override: false } });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(
        /^Test failover of .*\/orders refused: .*a replica in sync.*\. The master is unchanged\.$/,
      );
    } finally {
      for (const pod of replicas) live.sandbox.signal(pod, 'SIGCONT');
    }
    expect(await sentinelMaster(live, PASSWORD, SENTINEL_PODS)).toBe(master);
  });

  it('answers what a password rotation would change, without any password, and names an invalid grace period', async () => {
    const server = await backend();
    await sentinelSettled(live, PASSWORD, SENTINEL_PODS, 1);
    const preview = await request(server)
      .post(dryRunPath('orders', 'rotate-password'))
      .set(userHeader())
      .send({ input: { graceSeconds: 30 } });
    expect([preview.status, preview.body.error?.message]).toEqual([
      200,
      undefined,
    ]);
    expect(preview.body.summary).toMatch(
      /^Rotating the password in Secret \S+: a new one beside the old on every process, then 5 pods restarted one at a time \(.*\), then the old one removed after 30 s$/,
    );
    expect(preview.body.changes[0]).toMatchObject({
      ref: expect.stringMatching(new RegExp(`^Secret ${live.namespace}/`)),
      action: 'update',
    });
    expect(JSON.stringify(preview.body)).not.toContain(PASSWORD);

    const invalid = await request(server)
      .post(dryRunPath('orders', 'rotate-password'))
      .set(userHeader())
      .send({ input: { graceSeconds: 4000 } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/^graceSeconds: /);
  });

  it('refuses without the permission the action checks, naming it', async () => {
    const server = await backend(AuthorizeResult.DENY);
    const response = await request(server)
      .post(dryRunPath('orders', 'scale'))
      .set(userHeader())
      .send({ input: { replicas: 2 } });

    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      'user:default/mock may not scale resource:default/orders: it needs redis.instance.update',
    );
  });

  it('refuses an entity the entity provider did not register', async () => {
    const server = await backend();
    const response = await request(server)
      .post(dryRunPath('hand-written', 'scale'))
      .set(userHeader())
      .send({ input: { replicas: 2 } });

    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain(
      'was not registered by the Redis entity provider',
    );
  });

  it('names the field of an invalid input, and an operation without a dry run', async () => {
    const server = await backend();
    const invalid = await request(server)
      .post(dryRunPath('orders', 'scale'))
      .set(userHeader())
      .send({ input: { replicas: -1 } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(
      /^invalid input of the scale dry run: \/replicas: /,
    );

    const unknown = await request(server)
      .post(dryRunPath('orders', 'rebalance'))
      .set(userHeader())
      .send({ input: {} });
    expect(unknown.status).toBe(404);
    // Only the table's own entries: an inherited property names no operation either.
    const inherited = await request(server)
      .post(dryRunPath('orders', 'constructor'))
      .set(userHeader())
      .send({ input: {} });
    expect(inherited.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      'no dry run of "rebalance"; these have one: scale, resize, restore, delete, test-failover, rotate-password',
    );
  });

  it('refuses an unauthenticated caller', async () => {
    const server = await backend();
    const response = await request(server)
      .post(dryRunPath('orders', 'scale'))
      .send({ input: { replicas: 2 } });
    expect(response.status).toBe(401);
  });
});
