// Pure: builds the status document from what Kubernetes, Redis and S3 answered.
import type {
  BackupObject,
  ClusterState,
  CommonNodeFields,
  InstanceRef,
  OperationsState,
  RedisNodeName,
  RedisNodesState,
  RedisNodeState,
  RedisStatus,
  ReplicaLag,
  SentinelState,
  StatusSection,
} from '@odin/plugin-redis-common';
import { backupHistory } from '../BackupHistory/backupHistory';
import type { KubernetesSnapshot } from '../KubernetesReader/KubernetesReader';
import type { KubernetesSummary } from '../KubernetesReader/summarizeKubernetes';
import type { RedisObservations, RedisTarget } from '../RedisProbe/RedisProbe';
import {
  clusterStateFromReplies,
  nodeStateFromInfo,
  pairsToRecord,
} from '../RedisProbe/redisReplies';
import { healthReasons, overallHealth } from './health';

export interface StatusObservations {
  ref: InstanceRef;
  now: Date;
  kubernetes: StatusSection<{
    snapshot: KubernetesSnapshot;
    summary: KubernetesSummary;
  }>;
  /** The operation lock and history, read beside the Kubernetes objects and independent of them. */
  operations: StatusSection<OperationsState>;
  redis: StatusSection<RedisObservations>;
  backupObjects: StatusSection<BackupObject[]>;
  backupBucket: string;
  staleGraceMs: number;
}

export function backupPrefix(ref: InstanceRef): string {
  return `${ref.namespace}/${ref.name}/`;
}

/** Finds the pod behind an `ip:port` (or a bare IP, as replicas announce it with the default port). */
export function podLocator(
  targets: RedisTarget[],
): (address: string) => string | undefined {
  const byAddress = new Map<string, string>();
  for (const target of targets) {
    byAddress.set(`${target.host}:${target.port}`, target.pod);
    if (!byAddress.has(target.host)) byAddress.set(target.host, target.pod);
  }
  return address =>
    byAddress.get(address) ??
    byAddress.get(address.slice(0, address.lastIndexOf(':')));
}

const COMMON_FIELDS: (keyof CommonNodeFields)[] = [
  'version',
  'maxMemoryBytes',
  'aofEnabled',
  'lastBgsaveStatus',
];

/** Moves the most frequent value of each common field out of the nodes; nodes keep only deviations. */
function extractCommonFields(nodes: RedisNodeState[]): CommonNodeFields {
  const common: Record<string, unknown> = {};
  for (const field of COMMON_FIELDS) {
    const counts = new Map<unknown, number>();
    for (const node of nodes) {
      if (node[field] !== undefined)
        counts.set(node[field], (counts.get(node[field]) ?? 0) + 1);
    }
    const [mostFrequent] = [...counts].reduce<[unknown, number]>(
      (best, entry) => (entry[1] > best[1] ? entry : best),
      [undefined, 0],
    );
    if (mostFrequent === undefined) continue;
    common[field] = mostFrequent;
    for (const node of nodes)
      if (node[field] === mostFrequent) delete node[field];
  }
  return common as CommonNodeFields;
}

function redisSection(
  observations: RedisObservations,
  port: number,
  nameOf: (address: string) => RedisNodeName,
): RedisNodesState {
  const nodes: Record<string, RedisNodeState> = {};
  const replicasByMaster = new Map<RedisNodeState, Map<string, ReplicaLag>>();
  for (const { target, info, error } of observations.nodes) {
    if (info === undefined) {
      nodes[target.pod] = { error };
      continue;
    }
    const { state, replicas } = nodeStateFromInfo(info, nameOf);
    nodes[target.pod] = state;
    replicasByMaster.set(state, replicas);
  }
  // The master reports the lag; it belongs next to the replica it is about.
  for (const [master, replicas] of replicasByMaster) {
    for (const [address, lag] of replicas) {
      const replica = nodes[nameOf(address)];
      if (replica) replica.replication = lag;
      else
        master.unknownReplicas = { ...master.unknownReplicas, [address]: lag };
    }
  }
  const masters = Object.entries(nodes).filter(
    ([, node]) => node.role === 'master',
  );
  return {
    masterPod: masters.length === 1 ? masters[0][0] : undefined,
    port,
    common: extractCommonFields(Object.values(nodes)),
    nodes,
  };
}

function sentinelSection(
  observations: RedisObservations,
  masterName: string,
  podOf: (address: string) => string | undefined,
): StatusSection<SentinelState> {
  const processes = observations.sentinels.map(observation => {
    const master = observation.master
      ? pairsToRecord(observation.master)
      : undefined;
    return {
      pod: observation.target.pod,
      address: `${observation.target.host}:${observation.target.port}`,
      reachable: observation.error === undefined,
      error: observation.error,
      masterAddress: master ? `${master.ip}:${master.port}` : undefined,
      quorumOk: observation.quorum?.ok,
      quorumMessage: observation.quorum?.message,
    };
  });
  const answering = observations.sentinels.find(
    observation => observation.error === undefined,
  );
  if (!answering?.master) {
    const reason = observations.sentinels.map(
      observation => `${observation.target.pod}: ${observation.error}`,
    );
    return {
      status: 'error',
      message:
        reason.length > 0
          ? `no Sentinel answers (${reason.join('; ')})`
          : 'no Sentinel pod has an IP address',
    };
  }
  const master = pairsToRecord(answering.master);
  const masterAddress = `${master.ip}:${master.port}`;
  const agreed = new Set(
    processes
      .filter(process => process.reachable)
      .map(process => process.masterAddress),
  );
  return {
    status: 'ok',
    data: {
      masterName,
      masterAddress,
      masterPod: podOf(masterAddress),
      masterFlags: (master.flags ?? '').split(',').filter(Boolean),
      quorum: master.quorum ? Number(master.quorum) : undefined,
      configEpoch: master['config-epoch']
        ? Number(master['config-epoch'])
        : undefined,
      failoverState: master['failover-state'],
      quorumOk: answering.quorum?.ok ?? false,
      agreeOnMaster: agreed.size === 1,
      sentinels: processes,
      replicas: (answering.replicas ?? []).map(reply => {
        const replica = pairsToRecord(reply);
        const address = `${replica.ip}:${replica.port}`;
        return {
          address,
          pod: podOf(address),
          flags: (replica.flags ?? '').split(',').filter(Boolean),
          masterLinkUp: replica['master-link-status'] === 'ok',
        };
      }),
      knownSentinels: (answering.sentinels ?? []).length,
    },
  };
}

function clusterSection(
  observations: RedisObservations,
  nameOf: (address: string) => RedisNodeName,
): StatusSection<ClusterState> {
  const observed = observations.cluster;
  if (!observed)
    return { status: 'error', message: 'the cluster was not probed' };
  if ('error' in observed) return { status: 'error', message: observed.error };
  return {
    status: 'ok',
    data: clusterStateFromReplies(
      observed.info,
      observed.nodes,
      observed.pod,
      nameOf,
    ),
  };
}

/** The operation holding the lock counts only until its lock expires; a later one may take it over. */
function operationsSection(
  operations: StatusSection<OperationsState>,
  now: Date,
): StatusSection<OperationsState> {
  if (operations.status === 'error') return operations;
  const { running, history } = operations.data;
  const held =
    running !== undefined &&
    new Date(running.expiresAt).getTime() > now.getTime();
  return {
    status: 'ok',
    data: held ? { running, history } : { history },
  };
}

export function assembleStatus(observations: StatusObservations): RedisStatus {
  const { ref, now } = observations;
  const base = { instance: ref, generatedAt: now.toISOString() };
  const operations = operationsSection(observations.operations, now);
  let document: Omit<RedisStatus, 'health'>;
  if (observations.kubernetes.status === 'error') {
    // Without the pods and the CronJob there is nothing to probe or to merge.
    const dependent = {
      status: 'error' as const,
      message: 'needs Kubernetes, which could not be read',
    };
    document = {
      ...base,
      kubernetes: observations.kubernetes,
      redis: dependent,
      backups: dependent,
      operations,
    };
  } else {
    const { snapshot, summary } = observations.kubernetes.data;
    const podOf = podLocator([
      ...summary.plan.dataNodes,
      ...summary.plan.sentinels,
    ]);
    const nameOf = (address: string): RedisNodeName =>
      podOf(address) ?? address;
    const redisObservations = observations.redis;
    const cronJob = snapshot.cronJobs.find(
      job => job.metadata?.name === `${ref.name}-backup`,
    );
    document = {
      ...base,
      mode: summary.mode,
      kubernetes: { status: 'ok', data: summary.state },
      redis:
        redisObservations.status === 'ok'
          ? {
              status: 'ok',
              data: redisSection(
                redisObservations.data,
                summary.plan.dataPort,
                nameOf,
              ),
            }
          : redisObservations,
      backups: {
        status: 'ok',
        data: backupHistory({
          cronJob,
          jobs: snapshot.jobs,
          objects: observations.backupObjects,
          bucket: observations.backupBucket,
          prefix: backupPrefix(ref),
          now,
          staleGraceMs: observations.staleGraceMs,
        }),
      },
      operations,
    };
    if (summary.mode === 'sentinel') {
      document.sentinel =
        redisObservations.status === 'ok'
          ? sentinelSection(
              redisObservations.data,
              summary.plan.sentinelMasterName,
              podOf,
            )
          : redisObservations;
    }
    if (summary.mode === 'cluster') {
      document.cluster =
        redisObservations.status === 'ok'
          ? clusterSection(redisObservations.data, nameOf)
          : redisObservations;
    }
  }
  const reasons = healthReasons(document);
  return { ...document, health: { overall: overallHealth(reasons), reasons } };
}
