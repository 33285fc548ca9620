/* eslint-disable no-console */
// Prints status latency and upstream fan-out under load for a live sentinel instance (k8s-testenv's API server and a
// sandbox controller, as the integration tests use them), and the cost of assembling a synthetic 3,000-pod cluster.
// Asserts nothing.
import { clusterAccessFromTokens } from '@odin/plugin-redis-node';
import { gzipSync } from 'node:zlib';
import { podObject } from '../src/__testUtils__/fakeKubernetesApi';
import {
  applyOrder,
  orderIn,
  podClient,
  startLiveNamespace,
} from '@internal/redis-test-utils/liveInstance';
import {
  KubernetesRequestCounter,
  type TestCluster,
} from '../src/__testUtils__/realKubernetes';
import { BackupStore } from '@odin/plugin-redis-node';
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

function statusService(
  testCluster: TestCluster,
  cacheTtlMs: number,
): StatusService {
  const clusters = clusterAccessFromTokens([
    {
      name: 'local',
      server: testCluster.server,
      token: testCluster.adminToken,
      caData: testCluster.caData,
    },
  ]);
  return new StatusService({
    kubernetes: new KubernetesReader(clusters, 5000),
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

/** A sentinel order (master, 2 replicas, 3 sentinels) applied to k8s-testenv and run by a sandbox controller. */
async function sentinelInstance() {
  const live = await startLiveNamespace('redis-bench');
  try {
    const order = orderIn(live, {
      name: 'orders',
      flavour: {
        deploymentMode: 'sentinel',
        replica: { count: 2 },
        sentinel: { enabled: true },
      },
    });
    await applyOrder(live, order, PASSWORD);
  } catch (error) {
    await live.sandbox.stop();
    throw error;
  }
  const connectionsReceived = async () => {
    const client = await podClient(live, 'orders-0', PASSWORD);
    const info = await client.info('stats');
    client.disconnect();
    return Number(/total_connections_received:(\d+)/.exec(info)?.[1]);
  };
  return {
    testCluster: live.testCluster,
    ref: { ...ref, namespace: live.namespace },
    connectionsReceived,
    stop: () => live.sandbox.stop(),
  };
}

async function measureLiveInstance() {
  let instance: Awaited<ReturnType<typeof sentinelInstance>>;
  try {
    instance = await sentinelInstance();
  } catch (error) {
    console.log(
      `sentinel status: skipped, no live instance (${
        (error as Error).message.split('\n')[0]
      })`,
    );
    return;
  }
  const counter = new KubernetesRequestCounter(instance.testCluster.server);
  try {
    const uncached = statusService(instance.testCluster, 0);
    await uncached.getStatus(instance.ref);
    const cold = await timeRuns(50, () => uncached.getStatus(instance.ref));
    const cached = statusService(instance.testCluster, 10_000);
    await cached.getStatus(instance.ref);
    const warm = await timeRuns(2000, () => cached.getStatus(instance.ref));
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

    const fresh = statusService(instance.testCluster, 10_000);
    const connectionsBefore = await instance.connectionsReceived();
    counter.listen();
    await Promise.all(
      Array.from({ length: 200 }, () => fresh.getStatus(instance.ref)),
    );
    counter.close();
    const connections =
      (await instance.connectionsReceived()) - connectionsBefore - 1;
    const reads = counter.withoutDiscovery();
    const perKind = Object.entries(reads)
      .map(([read, count]) => `${read.split('/').pop()}=${count}`)
      .join(' ');
    const total = (counts: Iterable<number>) =>
      [...counts].reduce((sum, count) => sum + count, 0);
    const readCount = total(Object.values(reads));
    console.log(
      `200 concurrent requests: Kubernetes calls ${readCount} (${perKind}) + ${
        total(counter.requests.values()) - readCount
      } discovery (goal 0: every path is known up front); connections to the master ${connections} (goal: 1 per kind, 1 per process)`,
    );
  } finally {
    counter.close();
    await instance.stop();
  }
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
  await measureLiveInstance();

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
