/* eslint-disable no-console */
// Prints status latency, upstream fan-out under load and the cost of assembling a 3,000-pod cluster. Asserts nothing.
import { ConfigReader } from '@backstage/config';
import { clusterAccessFromConfig } from '@odin/plugin-redis-node';
import { setupServer } from 'msw/node';
import { gzipSync } from 'node:zlib';
import {
  customResource,
  FakeKubernetesApi,
  KUBERNETES_URL,
  passwordSecret,
  podObject,
  statefulSet,
} from '../src/__testUtils__/fakeKubernetesApi';
import { loopbackBlock, RedisFleet } from '../src/__testUtils__/redisProcesses';
import { BackupStore } from '../src/services/BackupHistory/BackupStore';
import {
  KubernetesReader,
  type KubernetesSnapshot,
} from '../src/services/KubernetesReader/KubernetesReader';
import { summarizeKubernetes } from '../src/services/KubernetesReader/summarizeKubernetes';
import { RedisProbe } from '../src/services/RedisProbe/RedisProbe';
import { assembleStatus } from '../src/services/StatusService/assembleStatus';
import { StatusService } from '../src/services/StatusService/StatusService';

const PASSWORD = 'bench-password';
const ref = { cluster: 'local', namespace: 'shop', name: 'orders' };
const silentLogger = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function timeRuns(
  runs: number,
  run: () => Promise<unknown>,
): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

function statusService(cacheTtlMs: number): StatusService {
  const config = new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'local',
              url: KUBERNETES_URL,
              authProvider: 'serviceAccount',
              serviceAccountToken: 'token',
              skipTLSVerify: true,
            },
          ],
        },
      ],
    },
  });
  return new StatusService({
    kubernetes: new KubernetesReader(clusterAccessFromConfig(config), 5000),
    redisProbe: new RedisProbe({
      connectTimeoutMs: 2000,
      commandTimeoutMs: 2000,
      concurrency: 16,
    }),
    backupStore: new BackupStore({
      forcePathStyle: false,
      timeoutMs: 5000,
      maxObjects: 10000,
    }),
    logger: silentLogger,
    cacheTtlMs,
    staleGraceMs: 3_600_000,
  });
}

async function sentinelInstance() {
  const address = loopbackBlock();
  const kubernetes = new FakeKubernetesApi();
  const msw = setupServer(...kubernetes.handlers());
  msw.listen({ onUnhandledRequest: 'bypass' });
  const fleet = new RedisFleet(PASSWORD);
  const master = await fleet.startServer(address(1), 6379);
  await fleet.startServer(address(2), 6379, [
    '--replicaof',
    master.host,
    '6379',
  ]);
  await fleet.startServer(address(3), 6379, [
    '--replicaof',
    master.host,
    '6379',
  ]);
  for (const index of [11, 12, 13])
    await fleet.startSentinel(address(index), master, 2);
  const secretRef = { redisSecret: { name: 'orders-auth', key: 'password' } };
  kubernetes
    .add(
      'redisreplications',
      customResource('shop', 'orders', 'RedisReplication', {
        clusterSize: 3,
        kubernetesConfig: secretRef,
      }),
    )
    .add(
      'redissentinels',
      customResource('shop', 'orders', 'RedisSentinel', {
        clusterSize: 3,
        kubernetesConfig: secretRef,
      }),
    )
    .add('statefulsets', statefulSet('shop', 'orders', 'orders', 3))
    .add('secrets', passwordSecret('shop', 'orders-auth', PASSWORD));
  [1, 2, 3].forEach((index, i) =>
    kubernetes.add(
      'pods',
      podObject('shop', 'orders', {
        name: `orders-${i}`,
        ip: address(index),
        labels: { role: 'replication' },
      }),
    ),
  );
  [11, 12, 13].forEach((index, i) =>
    kubernetes.add(
      'pods',
      podObject('shop', 'orders', {
        name: `orders-sentinel-${i}`,
        ip: address(index),
        labels: { role: 'sentinel' },
      }),
    ),
  );
  const connectionsReceived = async () => {
    const client = fleet.client(master);
    await client.connect();
    const info = await client.info('stats');
    client.disconnect();
    return Number(/total_connections_received:(\d+)/.exec(info)?.[1]);
  };
  return {
    kubernetes,
    connectionsReceived,
    stop: async () => {
      await fleet.stopAll();
      msw.close();
    },
  };
}

function syntheticCluster(shards: number, replicasPerShard: number) {
  const pods: any[] = [];
  const nodeLines: string[] = [];
  const infos: {
    target: { pod: string; host: string; port: number };
    info: string;
  }[] = [];
  const slotsPerShard = Math.floor(16384 / shards);
  for (let shard = 0; shard < shards; shard++) {
    const masterId = `m${String(shard).padStart(39, '0')}`;
    for (let member = 0; member <= replicasPerShard; member++) {
      const ip = `10.${Math.floor(shard / 200)}.${shard % 200}.${member + 1}`;
      const name =
        member === 0
          ? `big-leader-${shard}`
          : `big-follower-${shard * replicasPerShard + member - 1}`;
      pods.push(
        podObject('shop', 'big', {
          name,
          ip,
          labels: { role: member === 0 ? 'leader' : 'follower' },
        }),
      );
      const from = shard * slotsPerShard;
      const to = shard === shards - 1 ? 16383 : from + slotsPerShard - 1;
      nodeLines.push(
        member === 0
          ? `${masterId} ${ip}:6379@16379 master - 0 0 1 connected ${from}-${to}`
          : `r${String(shard * 10 + member).padStart(
              39,
              '0',
            )} ${ip}:6379@16379 slave ${masterId} 0 0 1 connected`,
      );
      const replicaLines =
        member === 0
          ? Array.from(
              { length: replicasPerShard },
              (_, r) =>
                `slave${r}:ip=10.${Math.floor(shard / 200)}.${shard % 200}.${
                  r + 2
                },port=6379,state=online,offset=1000,lag=0`,
            )
          : [
              `master_host:10.${Math.floor(shard / 200)}.${shard % 200}.1`,
              'master_port:6379',
              'master_link_status:up',
            ];
      infos.push({
        target: { pod: name, host: ip, port: 6379 },
        info: [
          `role:${member === 0 ? 'master' : 'slave'}`,
          ...replicaLines,
          'master_repl_offset:1200',
          'redis_version:7.0.15',
          'used_memory:1048576',
          'rdb_last_bgsave_status:ok',
        ].join('\r\n'),
      });
    }
  }
  const snapshot: KubernetesSnapshot = {
    customResources: [
      { kind: 'RedisCluster', metadata: { name: 'big' }, spec: { port: 6379 } },
    ],
    statefulSets: [],
    pods,
    volumeClaims: [],
    events: [],
    nodes: [],
    cronJobs: [],
    jobs: [],
  };
  const clusterInfo = `cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\ncluster_known_nodes:${pods.length}\r\ncluster_size:${shards}`;
  return { snapshot, infos, clusterInfo, clusterNodes: nodeLines.join('\n') };
}

async function main() {
  const instance = await sentinelInstance();
  try {
    const uncached = statusService(0);
    await uncached.getStatus(ref);
    const cold = await timeRuns(50, () => uncached.getStatus(ref));
    const cached = statusService(10_000);
    await cached.getStatus(ref);
    const warm = await timeRuns(2000, () => cached.getStatus(ref));
    console.log(
      `sentinel status uncached: p50 ${cold.p50.toFixed(
        2,
      )} ms, p99 ${cold.p99.toFixed(2)} ms`,
    );
    console.log(
      `sentinel status cached:   p50 ${(warm.p50 * 1000).toFixed(1)} µs, p99 ${(
        warm.p99 * 1000
      ).toFixed(1)} µs (uncached/cached p50 ratio ${(
        cold.p50 / warm.p50
      ).toFixed(0)}x)`,
    );

    const fresh = statusService(10_000);
    instance.kubernetes.requests.clear();
    instance.kubernetes.discoveryRequests = 0;
    const connectionsBefore = await instance.connectionsReceived();
    await Promise.all(Array.from({ length: 200 }, () => fresh.getStatus(ref)));
    const connections =
      (await instance.connectionsReceived()) - connectionsBefore - 1;
    const perKind = [...instance.kubernetes.requests.entries()]
      .map(([kind, count]) => `${kind}=${count}`)
      .join(' ');
    console.log(
      `200 concurrent requests: Kubernetes calls ${instance.kubernetes.totalRequests()} (${perKind}) + ${
        instance.kubernetes.discoveryRequests
      } discovery (a new cluster client's, cached after); connections to the master ${connections} (goal: 1 per kind, 1 per process)`,
    );
  } finally {
    await instance.stop();
  }

  const synthetic = syntheticCluster(500, 5);
  const now = new Date();
  const assemble = () => {
    const summary = summarizeKubernetes(synthetic.snapshot, 'big');
    return assembleStatus({
      ref: { ...ref, name: 'big' },
      now,
      kubernetes: {
        status: 'ok',
        data: { snapshot: synthetic.snapshot, summary },
      },
      redis: {
        status: 'ok',
        data: {
          nodes: synthetic.infos,
          sentinels: [],
          cluster: {
            pod: 'big-leader-0',
            info: synthetic.clusterInfo,
            nodes: synthetic.clusterNodes,
          },
        },
      },
      backupObjects: { status: 'ok', data: [] },
      backupBucket: '',
      staleGraceMs: 0,
    });
  };
  assemble();
  const timing = await timeRuns(20, async () => assemble());
  const json = JSON.stringify(assemble());
  const bytes = Buffer.byteLength(json);
  // What the root HTTP router's compression middleware sends to clients that accept gzip.
  const gzipBytes = gzipSync(json).length;
  console.log(
    `500 shards x 5 replicas (${
      synthetic.snapshot.pods.length
    } pods) assembled: p50 ${timing.p50.toFixed(
      1,
    )} ms, p99 ${timing.p99.toFixed(1)} ms (goal 300 ms, ${(
      300 / timing.p50
    ).toFixed(1)}x headroom)`,
  );
  console.log(
    `  response ${(bytes / 1024).toFixed(0)} KiB raw JSON (goal 1024 KiB, ${(
      (bytes / 1048576) *
      100
    ).toFixed(0)}%), ${(gzipBytes / 1024).toFixed(0)} KiB gzipped`,
  );
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
