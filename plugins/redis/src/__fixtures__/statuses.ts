// Status documents shaped as plugins/redis-backend assembles them (see its assembleStatus and health tests).
import type {
  BackupHistory,
  HealthReason,
  KubernetesState,
  OperationRecord,
  OperationsState,
  PodState,
  RedisNodeState,
  RedisStatus,
  StatefulSetState,
} from '@odin/plugin-redis-common';

export const GENERATED_AT = '2026-03-02T10:00:00.000Z';

const pod = (overrides: Partial<PodState> & Pick<PodState, 'role'>) => ({
  phase: 'Running',
  ready: true,
  restarts: 0,
  startedAt: '2026-03-01T10:00:00.000Z',
  ...overrides,
});

/** A StatefulSet with all of its `replicas` ready and up to date. */
const statefulSet = (name: string, replicas: number): StatefulSetState => ({
  name,
  desiredReplicas: replicas,
  readyReplicas: replicas,
  updated: true,
});

/** The Kubernetes objects of an instance without volume claims or events. */
const kubernetesOk = (
  data: Pick<KubernetesState, 'customResources' | 'statefulSets' | 'pods'>,
): RedisStatus['kubernetes'] => ({
  status: 'ok',
  data: { ...data, volumeClaims: [], events: [] },
});

/** Degraded health, for the reasons given as `[section, message]`. */
const degradedBy = (
  ...reasons: [HealthReason['section'], string][]
): RedisStatus['health'] => ({
  overall: 'degraded',
  reasons: reasons.map(([section, message]) => ({
    severity: 'degraded',
    section,
    message,
  })),
});

export const backupsOk: BackupHistory = {
  configured: true,
  schedule: '0 2 * * *',
  suspended: false,
  lastSuccessAt: '2026-03-02T02:01:10.000Z',
  stale: false,
  records: [
    {
      job: 'orders-backup-29500000',
      outcome: 'succeeded',
      startedAt: '2026-03-02T02:00:00.000Z',
      finishedAt: '2026-03-02T02:01:10.000Z',
      durationSeconds: 70,
      objects: [
        {
          key: 'shop/orders/20260302T020005Z.rdb',
          sizeBytes: 12 * 1024 * 1024,
          lastModified: '2026-03-02T02:01:05.000Z',
        },
      ],
    },
    {
      job: 'orders-backup-29498560',
      outcome: 'failed',
      startedAt: '2026-03-01T02:00:00.000Z',
      finishedAt: '2026-03-01T02:03:00.000Z',
      durationSeconds: 180,
      message: 'BackoffLimitExceeded',
      objects: [],
    },
  ],
  storage: {
    status: 'ok',
    data: {
      bucket: 'odin-redis-backups',
      prefix: 'shop/orders/',
      objectCount: 14,
      totalBytes: 160 * 1024 * 1024,
    },
  },
};

/** Healthy replication: a master and one replica. */
export function replicationStatus(): RedisStatus {
  return {
    instance: { cluster: 'eks-prod', namespace: 'shop', name: 'orders' },
    mode: 'replication',
    generatedAt: GENERATED_AT,
    health: { overall: 'healthy', reasons: [] },
    kubernetes: {
      status: 'ok',
      data: {
        customResources: [
          {
            kind: 'RedisReplication',
            name: 'orders',
            createdAt: '2026-03-01T09:58:00.000Z',
            operatorStatus: { masterNode: 'orders-0' },
          },
        ],
        statefulSets: [statefulSet('orders', 2)],
        pods: {
          'orders-0': pod({
            role: 'master',
            node: 'ip-10-0-1-10',
            zone: 'eu-west-1a',
            ip: '10.1.0.10',
          }),
          'orders-1': pod({
            role: 'replica',
            node: 'ip-10-0-2-20',
            zone: 'eu-west-1b',
            ip: '10.1.0.11',
            restarts: 1,
          }),
        },
        volumeClaims: [
          {
            name: 'orders-orders-0',
            pod: 'orders-0',
            size: '8Gi',
            phase: 'Bound',
          },
          {
            name: 'orders-orders-1',
            pod: 'orders-1',
            size: '8Gi',
            phase: 'Bound',
          },
        ],
        events: [
          {
            type: 'Normal',
            reason: 'SuccessfulCreate',
            message: 'create Pod orders-1 in StatefulSet orders successful',
            object: 'StatefulSet/orders',
            count: 1,
            lastSeen: '2026-03-01T10:00:00.000Z',
          },
        ],
      },
    },
    redis: {
      status: 'ok',
      data: {
        masterPod: 'orders-0',
        port: 6379,
        common: {
          version: '7.2.4',
          maxMemoryBytes: 1024 * 1024 * 1024,
          aofEnabled: false,
          lastBgsaveStatus: 'ok',
        },
        nodes: {
          'orders-0': {
            role: 'master',
            uptimeSeconds: 86_400,
            usedMemoryBytes: 200 * 1024 * 1024,
            replicationOffset: 5_000_000,
          },
          'orders-1': {
            role: 'replica',
            uptimeSeconds: 86_000,
            usedMemoryBytes: 198 * 1024 * 1024,
            master: 'orders-0',
            masterLinkUp: true,
            replication: { state: 'online', lagBytes: 120, secondsSinceAck: 1 },
          },
        },
      },
    },
    backups: { status: 'ok', data: backupsOk },
  };
}

/** The replica is far behind and the last backup is stale. */
export function degradedStatus(): RedisStatus {
  const status = replicationStatus();
  if (status.redis.status === 'ok') {
    status.redis.data.nodes['orders-1'].replication = {
      state: 'online',
      lagBytes: 5 * 1024 * 1024,
      secondsSinceAck: 14,
    };
  }
  status.backups = {
    status: 'ok',
    data: {
      ...backupsOk,
      stale: true,
      lastSuccessAt: '2026-02-20T02:01:10.000Z',
      records: [backupsOk.records[1]],
    },
  };
  status.health = degradedBy(
    ['redis', 'orders-1 is 5242880 bytes behind, last ack 14 s ago'],
    [
      'backups',
      'the last successful backup (2026-02-20T02:01:10.000Z) is older than the schedule 0 2 * * * allows',
    ],
  );
  return status;
}

/** Sentinel mode: a master, two replicas and three sentinels, one of which sees another master. */
export function sentinelStatus(options: { agree?: boolean } = {}): RedisStatus {
  const agree = options.agree ?? true;
  const base = replicationStatus();
  const pods: Record<string, PodState> = {
    'cache-0': pod({
      role: 'master',
      zone: 'eu-west-1a',
      node: 'n1',
      ip: '10.2.0.10',
    }),
    'cache-1': pod({
      role: 'replica',
      zone: 'eu-west-1b',
      node: 'n2',
      ip: '10.2.0.11',
    }),
    'cache-2': pod({
      role: 'replica',
      zone: 'eu-west-1c',
      node: 'n3',
      ip: '10.2.0.12',
    }),
    'cache-sentinel-0': pod({
      role: 'sentinel',
      zone: 'eu-west-1a',
      node: 'n1',
      ip: '10.2.0.20',
    }),
    'cache-sentinel-1': pod({
      role: 'sentinel',
      zone: 'eu-west-1b',
      node: 'n2',
      ip: '10.2.0.21',
    }),
    'cache-sentinel-2': pod({
      role: 'sentinel',
      zone: 'eu-west-1c',
      node: 'n3',
      ip: '10.2.0.22',
    }),
  };
  const replica = (lagBytes: number): RedisNodeState => ({
    role: 'replica',
    usedMemoryBytes: 50 * 1024 * 1024,
    master: 'cache-0',
    masterLinkUp: true,
    replication: { state: 'online', lagBytes, secondsSinceAck: 0 },
  });
  const sentinel = (index: number, master: string) => ({
    pod: `cache-sentinel-${index}`,
    address: `10.2.0.2${index}:26379`,
    reachable: true,
    masterAddress: master,
    quorumOk: true,
    quorumMessage:
      'OK 3 usable Sentinels. Quorum and failover authorization can be reached',
  });
  return {
    ...base,
    instance: { cluster: 'eks-prod', namespace: 'shop', name: 'cache' },
    mode: 'sentinel',
    health: agree
      ? { overall: 'healthy', reasons: [] }
      : degradedBy(['sentinel', 'the Sentinels disagree about the master']),
    kubernetes: kubernetesOk({
      customResources: [
        { kind: 'RedisReplication', name: 'cache', operatorStatus: {} },
        { kind: 'RedisSentinel', name: 'cache-sentinel', operatorStatus: {} },
      ],
      statefulSets: [statefulSet('cache', 3), statefulSet('cache-sentinel', 3)],
      pods,
    }),
    redis: {
      status: 'ok',
      data: {
        masterPod: 'cache-0',
        port: 6379,
        common: { version: '7.2.4', maxMemoryBytes: 512 * 1024 * 1024 },
        nodes: {
          'cache-0': {
            role: 'master',
            usedMemoryBytes: 50 * 1024 * 1024,
            replicationOffset: 900,
          },
          'cache-1': replica(0),
          'cache-2': replica(300),
        },
      },
    },
    sentinel: {
      status: 'ok',
      data: {
        masterName: 'myMaster',
        masterAddress: '10.2.0.10:6379',
        masterPod: 'cache-0',
        masterFlags: ['master'],
        quorum: 2,
        configEpoch: 3,
        quorumOk: true,
        agreeOnMaster: agree,
        sentinels: [
          sentinel(0, '10.2.0.10:6379'),
          sentinel(1, '10.2.0.10:6379'),
          sentinel(2, agree ? '10.2.0.10:6379' : '10.2.0.11:6379'),
        ],
        replicas: [
          {
            address: '10.2.0.11:6379',
            pod: 'cache-1',
            flags: ['slave'],
            masterLinkUp: true,
          },
          {
            address: '10.2.0.12:6379',
            pod: 'cache-2',
            flags: ['slave'],
            masterLinkUp: true,
          },
        ],
        knownSentinels: 2,
      },
    },
  };
}

/**
 * Cluster mode with `shards` masters and one replica each; `pfail` slots on the last shard.
 * With many shards this is the 3,000-pod document of the scale bench.
 */
export function clusterStatus(
  options: { shards?: number; pfail?: number } = {},
): RedisStatus {
  const shards = options.shards ?? 3;
  const pfail = options.pfail ?? 0;
  const pods: Record<string, PodState> = {};
  const nodes: Record<string, RedisNodeState> = {};
  const shardList = [];
  const slotsPerShard = Math.floor(16384 / shards);
  for (let index = 0; index < shards; index++) {
    const leader = `ledger-leader-${index}`;
    const follower = `ledger-follower-${index}`;
    pods[leader] = pod({
      role: 'leader',
      zone: 'eu-west-1a',
      node: `n${index}`,
    });
    pods[follower] = pod({
      role: 'follower',
      zone: 'eu-west-1b',
      node: `m${index}`,
    });
    nodes[leader] = {
      role: 'master',
      usedMemoryBytes: 10 * 1024 * 1024,
      replicationOffset: 1000 + index,
    };
    nodes[follower] = {
      role: 'replica',
      usedMemoryBytes: 10 * 1024 * 1024,
      master: leader,
      masterLinkUp: true,
      replication: { state: 'online', lagBytes: index % 7, secondsSinceAck: 0 },
    };
    const first = index * slotsPerShard;
    const last = index === shards - 1 ? 16383 : first + slotsPerShard - 1;
    shardList.push({
      master: leader,
      replicas: [follower],
      slots: [`${first}-${last}`],
      slotCount: last - first + 1,
    });
  }
  const lastShard = shardList[shardList.length - 1];
  return {
    instance: { cluster: 'eks-prod', namespace: 'payments', name: 'ledger' },
    mode: 'cluster',
    generatedAt: GENERATED_AT,
    health:
      pfail > 0
        ? degradedBy([
            'cluster',
            `${pfail} slots are served by nodes that may be failing`,
          ])
        : { overall: 'healthy', reasons: [] },
    kubernetes: kubernetesOk({
      customResources: [
        {
          kind: 'RedisCluster',
          name: 'ledger',
          operatorStatus: { state: 'Ready', reason: 'RedisCluster is ready' },
        },
      ],
      statefulSets: [
        statefulSet('ledger-leader', shards),
        statefulSet('ledger-follower', shards),
      ],
      pods,
    }),
    redis: {
      status: 'ok',
      data: {
        port: 6379,
        common: { version: '7.2.4', maxMemoryBytes: 256 * 1024 * 1024 },
        nodes,
      },
    },
    cluster: {
      status: 'ok',
      data: {
        state: 'ok',
        slotsAssigned: 16384,
        slotsOk: 16384 - pfail,
        slotsPfail: pfail,
        slotsFail: 0,
        knownNodes: shards * 2,
        size: shards,
        currentEpoch: 6,
        observedFrom: 'ledger-leader-0',
        shards: shardList,
        unassigned: [],
        nodeFlags: pfail > 0 ? { [lastShard.master]: ['fail?'] } : {},
      },
    },
    backups: {
      status: 'ok',
      data: {
        configured: false,
        stale: false,
        records: [],
        storage: {
          status: 'ok',
          data: {
            bucket: '',
            prefix: 'payments/ledger/',
            objectCount: 0,
            totalBytes: 0,
          },
        },
      },
    },
  };
}

/** Just ordered: the custom resource exists, the pods are still being scheduled. */
export function waitingStatus(): RedisStatus {
  const status = replicationStatus();
  status.health = {
    overall: 'failing',
    reasons: [
      {
        severity: 'degraded',
        section: 'kubernetes',
        message: '0/2 pods of orders are ready',
      },
      {
        severity: 'failing',
        section: 'redis',
        message: 'no Redis pod has an IP address',
      },
    ],
  };
  if (status.kubernetes.status === 'ok') {
    status.kubernetes.data.statefulSets[0].readyReplicas = 0;
    status.kubernetes.data.pods = {
      'orders-0': pod({
        role: 'unknown',
        phase: 'Pending',
        ready: false,
        startedAt: undefined,
      }),
    };
    status.kubernetes.data.events = [
      {
        type: 'Warning',
        reason: 'FailedScheduling',
        message: '0/3 nodes are available: 3 Insufficient memory.',
        object: 'Pod/orders-0',
        count: 4,
        lastSeen: '2026-03-02T09:59:30.000Z',
      },
    ];
  }
  status.redis = {
    status: 'ok',
    data: { port: 6379, common: {}, nodes: {} },
  };
  status.backups = {
    status: 'ok',
    data: { ...backupsOk, lastSuccessAt: undefined, records: [] },
  };
  return status;
}

/** Redis answered, but the backup storage and the backup section failed. */
export function partialStatus(): RedisStatus {
  const status = replicationStatus();
  status.backups = {
    status: 'error',
    message: 'S3 ListObjectsV2 failed: AccessDenied',
  };
  status.health = degradedBy([
    'backups',
    'backups could not be read: S3 ListObjectsV2 failed: AccessDenied',
  ]);
  return status;
}

/** A test failover `minutesAgo` before `GENERATED_AT` that took a minute, as the history records it. */
export function failoverRun(
  minutesAgo: number,
  overrides: Partial<OperationRecord> = {},
): OperationRecord {
  const started = Date.parse(GENERATED_AT) - minutesAgo * 60_000;
  return {
    id: `op-${minutesAgo}`,
    operation: 'test-failover',
    requester: 'user:default/alice',
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(started + 60_000).toISOString(),
    outcome: 'succeeded',
    message: 'The master moved from cache-0 to cache-1',
    ...overrides,
  };
}

/** The sentinel instance with its operations section: by default two runs and nothing running. */
export function sentinelWithOperations(
  operations: Partial<OperationsState> = {},
): RedisStatus {
  return {
    ...sentinelStatus(),
    operations: {
      status: 'ok',
      data: {
        history: [
          failoverRun(5),
          failoverRun(30, {
            outcome: 'refused',
            requester: 'user:default/bob',
            message: 'cache-2 is 300 bytes behind the master',
          }),
        ],
        ...operations,
      },
    },
  };
}
