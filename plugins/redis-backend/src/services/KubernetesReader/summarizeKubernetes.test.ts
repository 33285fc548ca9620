import { e2eClusterSnapshot } from './__fixtures__/e2eClusterSnapshot';
import { inventoryCacheSnapshot } from './__fixtures__/inventoryCacheSnapshot';
import type { KubernetesSnapshot } from './KubernetesReader';
import type { EventObject } from './kubernetesObjects';
import { modeOf, summarizeKubernetes } from './summarizeKubernetes';

/** A copy of a recorded snapshot to change for one case. */
const copyOf = (snapshot: KubernetesSnapshot): KubernetesSnapshot =>
  structuredClone(snapshot);

describe('summarizeKubernetes', () => {
  describe('a recorded sentinel instance', () => {
    const { mode, state, plan } = summarizeKubernetes(
      inventoryCacheSnapshot,
      'inventory-cache',
    );

    it('is in sentinel mode', () => {
      expect(mode).toBe('sentinel');
    });

    it('lists the custom resources with the operator status fields that are plain values', () => {
      expect(state.customResources).toEqual([
        {
          kind: 'RedisReplication',
          name: 'inventory-cache',
          createdAt: '2026-12-01T14:39:30.000Z',
          // status.connectionInfo is an object: left out.
          operatorStatus: { masterNode: 'inventory-cache-2' },
        },
        {
          kind: 'RedisSentinel',
          name: 'inventory-cache',
          createdAt: '2026-12-01T14:39:30.000Z',
          operatorStatus: {},
        },
      ]);
      expect(state.statefulSets).toEqual([
        {
          name: 'inventory-cache',
          desiredReplicas: 3,
          readyReplicas: 3,
          updated: true,
        },
        {
          name: 'inventory-cache-sentinel',
          desiredReplicas: 3,
          readyReplicas: 3,
          updated: true,
        },
      ]);
    });

    it('describes each pod by name: its role label, readiness, restarts, node and zone', () => {
      expect(Object.keys(state.pods)).toEqual([
        'inventory-cache-0',
        'inventory-cache-1',
        'inventory-cache-2',
        'inventory-cache-sentinel-0',
        'inventory-cache-sentinel-1',
        'inventory-cache-sentinel-2',
      ]);
      // The failover drill restarted inventory-cache-0 once and made inventory-cache-2 the master.
      expect(state.pods['inventory-cache-0']).toEqual({
        role: 'replica',
        phase: 'Running',
        ready: true,
        restarts: 1,
        node: 'sandbox-node-b',
        zone: 'eu-west-1b',
        ip: '127.136.197.3',
        startedAt: '2026-12-01T14:39:30.000Z',
      });
      expect(state.pods['inventory-cache-2'].role).toBe('master');
      expect(state.pods['inventory-cache-sentinel-2']).toMatchObject({
        role: 'sentinel',
        zone: 'eu-west-1a',
      });
    });

    it("keeps only the volume claims of the instance's pods, of all the namespace's", () => {
      expect(inventoryCacheSnapshot.volumeClaims).toHaveLength(18);
      expect(state.volumeClaims).toEqual(
        [0, 1, 2].map(index => ({
          name: `inventory-cache-inventory-cache-${index}`,
          pod: `inventory-cache-${index}`,
          size: '1Gi',
          phase: 'Bound',
        })),
      );
    });

    it('plans to probe the data pods on 6379 and the sentinels on 26379, with the Secret of the custom resources', () => {
      expect(plan).toEqual({
        dataNodes: [3, 4, 5].map((octet, index) => ({
          pod: `inventory-cache-${index}`,
          host: `127.136.197.${octet}`,
          port: 6379,
        })),
        dataPort: 6379,
        sentinels: [6, 7, 8].map((octet, index) => ({
          pod: `inventory-cache-sentinel-${index}`,
          host: `127.136.197.${octet}`,
          port: 26379,
        })),
        sentinelMasterName: 'mymaster',
        dataPassword: { name: 'inventory-cache-auth', key: 'password' },
        sentinelPassword: { name: 'inventory-cache-auth', key: 'password' },
        tls: undefined,
      });
    });
  });

  describe('a recorded cluster', () => {
    const { mode, state, plan } = summarizeKubernetes(
      e2eClusterSnapshot,
      'e2e-cluster',
    );

    it('is in cluster mode, with the RedisCluster status', () => {
      expect(mode).toBe('cluster');
      expect(state.customResources).toEqual([
        {
          kind: 'RedisCluster',
          name: 'e2e-cluster',
          createdAt: '2026-12-01T14:41:13.000Z',
          operatorStatus: {
            readyFollowerReplicas: 3,
            readyLeaderReplicas: 3,
            reason: 'RedisCluster is ready',
            state: 'Ready',
          },
        },
      ]);
    });

    it("takes the role from the operator's redis-role label before the role label", () => {
      expect(
        Object.fromEntries(
          Object.entries(state.pods).map(([pod, { role }]) => [pod, role]),
        ),
      ).toEqual({
        'e2e-cluster-follower-0': 'replica',
        'e2e-cluster-follower-1': 'replica',
        'e2e-cluster-follower-2': 'replica',
        'e2e-cluster-leader-0': 'master',
        'e2e-cluster-leader-1': 'master',
        'e2e-cluster-leader-2': 'master',
      });
    });

    it('keeps both claims of each pod: its data and its nodes.conf', () => {
      expect(
        state.volumeClaims.filter(
          claim => claim.pod === 'e2e-cluster-leader-0',
        ),
      ).toEqual([
        {
          name: 'e2e-cluster-leader-e2e-cluster-leader-0',
          pod: 'e2e-cluster-leader-0',
          size: '10Gi',
          phase: 'Bound',
        },
        {
          name: 'node-conf-e2e-cluster-leader-0',
          pod: 'e2e-cluster-leader-0',
          size: '1Gi',
          phase: 'Bound',
        },
      ]);
      expect(state.volumeClaims).toHaveLength(12);
    });

    it('plans to probe every leader and follower on the port of the RedisCluster, and no sentinel', () => {
      expect(plan.dataPort).toBe(6379);
      expect(plan.dataNodes.map(({ pod, host }) => `${pod} ${host}`)).toEqual([
        'e2e-cluster-follower-0 127.136.197.18',
        'e2e-cluster-follower-1 127.136.197.19',
        'e2e-cluster-follower-2 127.136.197.20',
        'e2e-cluster-leader-0 127.136.197.15',
        'e2e-cluster-leader-1 127.136.197.16',
        'e2e-cluster-leader-2 127.136.197.17',
      ]);
      expect(plan.sentinels).toEqual([]);
      expect(plan.dataPassword).toEqual({
        name: 'e2e-cluster-auth',
        key: 'password',
      });
    });

    it('probes another port when the RedisCluster serves on one', () => {
      const snapshot = copyOf(e2eClusterSnapshot);
      snapshot.customResources[0].spec!.port = 6380;
      const other = summarizeKubernetes(snapshot, 'e2e-cluster').plan;
      expect(other.dataPort).toBe(6380);
      expect(new Set(other.dataNodes.map(node => node.port))).toEqual(
        new Set([6380]),
      );
    });
  });

  it('lists a pod without an IP yet, but does not plan to probe it', () => {
    const snapshot = copyOf(inventoryCacheSnapshot);
    const pending = snapshot.pods.find(
      pod => pod.metadata?.name === 'inventory-cache-1',
    )!;
    pending.status = { phase: 'Pending' };
    const { state, plan } = summarizeKubernetes(snapshot, 'inventory-cache');
    expect(state.pods['inventory-cache-1']).toMatchObject({
      phase: 'Pending',
      ready: false,
      restarts: 0,
      ip: undefined,
    });
    expect(plan.dataNodes.map(node => node.pod)).toEqual([
      'inventory-cache-0',
      'inventory-cache-2',
    ]);
  });

  it('leaves the zones out when nodes may not be listed', () => {
    const snapshot = copyOf(inventoryCacheSnapshot);
    snapshot.nodes = undefined;
    const { state } = summarizeKubernetes(snapshot, 'inventory-cache');
    expect(state.pods['inventory-cache-0']).toMatchObject({
      node: 'sandbox-node-b',
    });
    expect(Object.values(state.pods).map(pod => pod.zone)).toEqual(
      Array(6).fill(undefined),
    );
  });

  it('names the TLS Secret of the data resource, and its CA key', () => {
    const snapshot = copyOf(inventoryCacheSnapshot);
    snapshot.customResources[0].spec!.TLS = {
      secret: { secretName: 'inventory-cache-tls' },
    };
    expect(summarizeKubernetes(snapshot, 'inventory-cache').plan.tls).toEqual({
      secretName: 'inventory-cache-tls',
      caKey: 'ca.crt',
    });
  });

  it("keeps the newest 20 events of the instance's own objects, newest first", () => {
    const event = (name: string, minute: number): EventObject => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.${minute}` },
      involvedObject: { kind: 'Pod', name },
      type: 'Warning',
      reason: 'Unhealthy',
      message: 'Readiness probe failed',
      lastTimestamp: `2026-12-01T15:${String(minute).padStart(2, '0')}:00Z`,
    });
    const snapshot = copyOf(inventoryCacheSnapshot);
    snapshot.events = [
      ...Array.from({ length: 25 }, (_, minute) =>
        event('inventory-cache-0', minute),
      ),
      event('inventory-cache-sentinel-1', 59),
      // Another instance whose name starts alike.
      event('inventory-cache2-0', 58),
      event('inventory', 57),
    ];
    const { events } = summarizeKubernetes(snapshot, 'inventory-cache').state;
    expect(events).toHaveLength(20);
    expect(events[0]).toEqual({
      type: 'Warning',
      reason: 'Unhealthy',
      message: 'Readiness probe failed',
      object: 'Pod/inventory-cache-sentinel-1',
      count: 1,
      lastSeen: '2026-12-01T15:59:00.000Z',
    });
    expect(events.slice(1).map(e => e.lastSeen)).toEqual(
      Array.from(
        { length: 19 },
        (_, index) =>
          `2026-12-01T15:${String(24 - index).padStart(2, '0')}:00.000Z`,
      ),
    );
  });
});

describe('modeOf', () => {
  it.each([
    [['Redis'], 'standalone'],
    [['RedisReplication'], 'replication'],
    [['RedisReplication', 'RedisSentinel'], 'sentinel'],
    [['RedisCluster'], 'cluster'],
    [[], undefined],
  ] as const)('reads %j as %s', (kinds, mode) => {
    expect(
      modeOf(kinds.map(kind => ({ kind, metadata: { name: 'cache' } }))),
    ).toBe(mode);
  });
});
