import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  OPERATOR_API_VERSION as OPERATOR,
  instanceLabels,
} from '@odin/plugin-redis-common';
import { setupServer } from 'msw/node';
import { createFakeKubernetesApi } from '@internal/redis-test-utils/fakeKubernetesApi';
import { fakeCluster } from '../__testUtils__/fakeCluster';
import {
  productionSentinelFlavour,
  resolvedInstance,
} from '../__testUtils__/instances';
import { assessReadiness, statefulSetsMissingPods } from './readiness';
import { waitForReady } from './waitForReady';

const server = setupServer();
registerMswTestHooks(server);

const config = resolvedInstance(productionSentinelFlavour);
const labels = instanceLabels('orders-cache', 'redis-prod');
const fast = { pollIntervalMs: 5, timeoutMs: 200, operatorGraceMs: 50 };

function setUp() {
  const api = createFakeKubernetesApi();
  server.use(api.handler);
  api.addNamespace('redis-prod');
  return { api, cluster: fakeCluster() };
}

function statefulSet(name: string, replicas: number, readyReplicas: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'redis-prod', labels },
    spec: { replicas },
    status: { replicas, readyReplicas },
  };
}

function pod(
  name: string,
  status: object,
  claimName?: string,
  podLabels: Record<string, string> = labels,
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'redis-prod', labels: podLabels },
    spec: {
      containers: [],
      volumes: claimName
        ? [{ name: 'data', persistentVolumeClaim: { claimName } }]
        : [],
    },
    status,
  };
}

const NO_PRIORITY_CLASS =
  'create Pod orders-cache-0 in StatefulSet orders-cache failed error: pods "orders-cache-0" is forbidden: no PriorityClass with name redis-critical was found';

/** The Warning event the statefulset controller records when the API server refuses a pod. */
function failedCreate(
  statefulSetName: string,
  uid: string,
  message: string,
  lastTimestamp = '2026-12-01T10:00:00Z',
) {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${statefulSetName}.${lastTimestamp}`,
      namespace: 'redis-prod',
    },
    involvedObject: {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      name: statefulSetName,
      namespace: 'redis-prod',
      uid,
    },
    reason: 'FailedCreate',
    type: 'Warning',
    source: { component: 'statefulset-controller' },
    message,
    lastTimestamp,
  };
}

describe('waitForReady', () => {
  it('reports pods ready x/y per StatefulSet and returns once all are ready and a master is elected', async () => {
    const { api, cluster } = setUp();
    api.put({
      apiVersion: OPERATOR,
      kind: 'RedisReplication',
      metadata: { name: 'orders-cache', namespace: 'redis-prod', labels },
    });
    api.put(statefulSet('orders-cache', 3, 1));
    api.put(statefulSet('orders-cache-sentinel', 3, 0));
    const progress: string[] = [];
    let polls = 0;
    // The polls drive the test, not the clock: the timeout and grace are never reached.
    const done = waitForReady(cluster, config, {
      pollIntervalMs: 5,
      timeoutMs: 600_000,
      operatorGraceMs: 600_000,
      onProgress: message => {
        progress.push(message);
        polls += 1;
        if (polls === 1) {
          api.put(statefulSet('orders-cache', 3, 3));
          api.put(statefulSet('orders-cache-sentinel', 3, 3));
        } else {
          api.put({
            apiVersion: OPERATOR,
            kind: 'RedisReplication',
            metadata: { name: 'orders-cache', namespace: 'redis-prod', labels },
            status: { masterNode: 'orders-cache-0' },
          });
        }
      },
    });
    const result = await done;
    expect(result.ready).toBe(true);
    expect(progress).toEqual([
      'orders-cache: pods ready 1/6 (orders-cache 1/3, orders-cache-sentinel 0/3); master not elected yet',
      'orders-cache: pods ready 6/6 (orders-cache 3/3, orders-cache-sentinel 3/3); master not elected yet',
      'orders-cache: pods ready 6/6 (orders-cache 3/3, orders-cache-sentinel 3/3); master orders-cache-0',
    ]);
  });

  it('stops at the first poll after the grace period when the operator created no StatefulSet, long before the timeout', async () => {
    const { api, cluster } = setUp();
    const attempt = waitForReady(cluster, config, {
      timeoutMs: 600_000,
      pollIntervalMs: 5,
      operatorGraceMs: 0,
    });
    await expect(attempt).rejects.toThrow(ServiceUnavailableError);
    await expect(attempt).rejects.toThrow(
      'No StatefulSet was created for RedisReplication redis-prod/orders-cache after 0s: is the Opstree Redis Operator running in this cluster? If it is not installed, install the Opstree Redis Operator',
    );
    const statefulSetLists = api.requests.filter(r =>
      r.path.endsWith('/statefulsets'),
    );
    expect(statefulSetLists).toHaveLength(1);
  });

  it('keeps polling through the grace period while no StatefulSet exists yet', async () => {
    const { api, cluster } = setUp();
    let polls = 0;
    const standalone = resolvedInstance({ namespace: 'redis-prod' });
    const result = await waitForReady(cluster, standalone, {
      timeoutMs: 600_000,
      pollIntervalMs: 5,
      operatorGraceMs: 600_000,
      onProgress: () => {
        polls += 1;
        // The operator creates the StatefulSet after the first poll.
        if (polls === 1) api.put(statefulSet('orders-cache', 1, 1));
      },
    });
    expect(result.ready).toBe(true);
    expect(polls).toBe(2);
  });

  it('leaves out the pods of another manager that share the instance label', async () => {
    const { api, cluster } = setUp();
    const standalone = resolvedInstance({ namespace: 'redis-prod' });
    api.put(statefulSet('orders-cache', 1, 1));
    api.put(
      pod(
        'orders-cache-helm-0',
        {
          phase: 'Pending',
          containerStatuses: [
            {
              name: 'redis',
              state: { waiting: { reason: 'ImagePullBackOff' } },
            },
          ],
        },
        undefined,
        {
          'app.kubernetes.io/instance': 'orders-cache',
          'app.kubernetes.io/managed-by': 'Helm',
        },
      ),
    );
    const progress: string[] = [];
    const result = await waitForReady(cluster, standalone, {
      timeoutMs: 600_000,
      pollIntervalMs: 5,
      onProgress: message => progress.push(message),
    });
    expect(result.problems).toEqual([]);
    expect(progress).toEqual([
      'orders-cache: pods ready 1/1 (orders-cache 1/1)',
    ]);
  });

  it('times out naming the scheduler reason of a Pending pod from its events', async () => {
    const { api, cluster } = setUp();
    api.put(statefulSet('orders-cache', 3, 0));
    api.put(statefulSet('orders-cache-sentinel', 3, 3));
    api.put(
      pod('orders-cache-0', {
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: 'from condition',
          },
        ],
      }),
    );
    api.put({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e1', namespace: 'redis-prod' },
      involvedObject: { kind: 'Pod', name: 'orders-cache-0' },
      reason: 'FailedScheduling',
      message: '0/3 nodes are available: 3 Insufficient memory.',
    });
    const attempt = waitForReady(cluster, config, fast);
    await expect(attempt).rejects.toThrow(ServiceUnavailableError);
    await expect(attempt).rejects.toThrow(
      /orders-cache was not ready after 0s: pods ready 3\/6 .*pod orders-cache-0 is Pending and cannot be scheduled: 0\/3 nodes are available: 3 Insufficient memory\./,
    );
  });

  it('diagnoses image pull errors and unbound volume claims', async () => {
    const { api, cluster } = setUp();
    api.put(statefulSet('orders-cache', 3, 0));
    api.put(
      pod(
        'orders-cache-0',
        {
          phase: 'Pending',
          containerStatuses: [
            {
              name: 'orders-cache',
              state: {
                waiting: {
                  reason: 'ImagePullBackOff',
                  message: 'Back-off pulling image',
                },
              },
            },
          ],
        },
        'orders-cache-orders-cache-0',
      ),
    );
    api.put({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: 'orders-cache-orders-cache-0',
        namespace: 'redis-prod',
      },
      spec: { storageClassName: 'gp3-encrypted' },
      status: { phase: 'Pending' },
    });
    const error: Error = await waitForReady(cluster, config, fast).catch(
      e => e,
    );
    expect(error.message).toContain(
      'pod orders-cache-0: container orders-cache cannot pull its image (ImagePullBackOff: Back-off pulling image)',
    );
    expect(error.message).toContain(
      'PersistentVolumeClaim orders-cache-orders-cache-0 of pod orders-cache-0 is not bound (Pending, storageClass gp3-encrypted)',
    );
    expect(error.message).toContain(
      'the operator has not created StatefulSet orders-cache-sentinel',
    );
    expect(error.message).toContain('install the Opstree Redis Operator');
  });

  it('reads RedisCluster status.state and its failure reason', async () => {
    const { api, cluster } = setUp();
    const sharded = resolvedInstance({
      namespace: 'redis-prod',
      deploymentMode: 'cluster',
    });
    api.put(statefulSet('orders-cache-leader', 3, 3));
    api.put(statefulSet('orders-cache-follower', 3, 3));
    api.put({
      apiVersion: OPERATOR,
      kind: 'RedisCluster',
      metadata: { name: 'orders-cache', namespace: 'redis-prod', labels },
      status: { state: 'Failed', reason: 'RedisCluster has unhealthy nodes' },
    });
    await expect(waitForReady(cluster, sharded, fast)).rejects.toThrow(
      'RedisCluster Failed (RedisCluster has unhealthy nodes). RedisCluster orders-cache failed: RedisCluster has unhealthy nodes',
    );
  });

  it('names why the statefulset controller cannot create the pods, from its FailedCreate events', async () => {
    const { api, cluster } = setUp();
    const standalone = resolvedInstance({ namespace: 'redis-prod' });
    api.put({
      ...statefulSet('orders-cache', 1, 0),
      status: { replicas: 0 },
    });
    api.put(
      failedCreate('orders-cache', 'uid-orders-cache', NO_PRIORITY_CLASS),
    );
    const attempt = waitForReady(cluster, standalone, fast);
    await expect(attempt).rejects.toThrow(ServiceUnavailableError);
    await expect(attempt).rejects.toThrow(
      'orders-cache was not ready after 0s: pods ready 0/1 (orders-cache 0/1). StatefulSet orders-cache cannot create its pods: pods "orders-cache-0" is forbidden: no PriorityClass with name redis-critical was found; create the PriorityClass (the controller retries on its own) or remove priorityClassName from the order and apply again',
    );
  });

  it('reads the FailedCreate events only while a StatefulSet has fewer pods than wanted', async () => {
    const { api, cluster } = setUp();
    const standalone = resolvedInstance({ namespace: 'redis-prod' });
    api.put(statefulSet('orders-cache', 1, 1));
    await waitForReady(cluster, standalone, fast);
    expect(api.requests.filter(r => r.path.endsWith('/events'))).toEqual([]);
  });
});

describe('assessReadiness of pods the statefulset controller cannot create', () => {
  const standalone = resolvedInstance({ namespace: 'redis-prod' });
  const refused = {
    metadata: { name: 'orders-cache', uid: 'uid-2' },
    spec: { replicas: 1 },
    status: { replicas: 0 },
  };

  it('quotes the latest refusal of the current StatefulSet and says what to do', () => {
    const assessment = assessReadiness(
      standalone,
      {
        statefulSets: [refused],
        pods: [],
        podCreationEvents: [
          failedCreate(
            'orders-cache',
            'uid-2',
            'create Pod orders-cache-0 in StatefulSet orders-cache failed error: pods "orders-cache-0" is forbidden: error looking up service account redis-prod/redis-s3: serviceaccount "redis-s3" not found',
            '2026-12-01T10:05:00Z',
          ),
          failedCreate('orders-cache', 'uid-2', NO_PRIORITY_CLASS),
          // An earlier StatefulSet of the same name, deleted since.
          failedCreate(
            'orders-cache',
            'uid-1',
            'create Pod orders-cache-0 in StatefulSet orders-cache failed error: exceeded quota',
            '2026-12-01T11:00:00Z',
          ),
        ],
      },
      0,
    );
    expect(assessment.ready).toBe(false);
    expect(assessment.problems).toEqual([
      'StatefulSet orders-cache cannot create its pods: pods "orders-cache-0" is forbidden: error looking up service account redis-prod/redis-s3: serviceaccount "redis-s3" not found; create the ServiceAccount in the namespace (the controller retries on its own) or remove serviceAccount from the order and apply again',
    ]);
  });

  it('says nothing without a FailedCreate event, or once the controller has created every pod', () => {
    const event = failedCreate('orders-cache', 'uid-2', NO_PRIORITY_CLASS);
    expect(
      assessReadiness(standalone, { statefulSets: [refused], pods: [] }, 0)
        .problems,
    ).toEqual([]);
    expect(
      assessReadiness(
        standalone,
        {
          statefulSets: [{ ...refused, status: { replicas: 1 } }],
          pods: [],
          podCreationEvents: [event],
        },
        0,
      ).problems,
    ).toEqual([]);
  });

  it('counts as missing pods only the StatefulSets that exist with fewer pods than the instance wants', () => {
    expect(
      statefulSetsMissingPods(config, [
        { metadata: { name: 'orders-cache' }, status: { replicas: 2 } },
        {
          metadata: { name: 'orders-cache-sentinel' },
          status: { replicas: 3 },
        },
      ]),
    ).toEqual(['orders-cache']);
    expect(statefulSetsMissingPods(config, [])).toEqual([]);
  });
});
