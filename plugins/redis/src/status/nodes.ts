// One row per pod, joining what Kubernetes, Redis and Sentinel say about it.
import {
  nodeWithCommonFields,
  type PodLabelRole,
  type RedisStatus,
} from '@odin/plugin-redis-common';
import { secondsBetween } from './format';

export type ProcessRole = 'master' | 'replica' | 'sentinel';

export interface NodeRow {
  /** The pod name: rows keep their identity across refreshes. */
  id: string;
  pod: string;
  /** The role as the Redis (or Sentinel) process reports it; undefined when it was not asked or did not answer. */
  role?: ProcessRole;
  labelRole: PodLabelRole;
  /** True when the operator's `redis-role` label says otherwise than Redis (a failover it has not caught up with). */
  labelDisagrees: boolean;
  /** Whether the process answered; undefined when it was not probed (no IP yet, or its section failed). */
  answered?: boolean;
  processError?: string;
  phase: string;
  ready: boolean;
  restarts: number;
  zone?: string;
  node?: string;
  ip?: string;
  startedAt?: string;
  ageSeconds?: number;
  version?: string;
  uptimeSeconds?: number;
  usedMemoryBytes?: number;
  maxMemoryBytes?: number;
  /** Masters: `master_repl_offset`; replicas: the master's offset minus their lag. */
  offset?: number;
  lagBytes?: number;
  lagSeconds?: number;
  linkState?: string;
  master?: string;
  masterLinkUp?: boolean;
}

function labelDisagrees(label: PodLabelRole, role?: ProcessRole): boolean {
  if (role === undefined) return false;
  if (label === 'master') return role !== 'master';
  if (label === 'replica') return role !== 'replica';
  return false;
}

export function nodeRows(status: RedisStatus): NodeRow[] {
  if (status.kubernetes.status !== 'ok') return [];
  const redis = status.redis.status === 'ok' ? status.redis.data : undefined;
  const sentinels = new Map(
    status.sentinel?.status === 'ok'
      ? status.sentinel.data.sentinels.map(process => [process.pod, process])
      : [],
  );
  const rows: NodeRow[] = [];
  for (const [pod, state] of Object.entries(status.kubernetes.data.pods)) {
    const row: NodeRow = {
      id: pod,
      pod,
      labelRole: state.role,
      labelDisagrees: false,
      phase: state.phase,
      ready: state.ready,
      restarts: state.restarts,
      zone: state.zone,
      node: state.node,
      ip: state.ip,
      startedAt: state.startedAt,
      ageSeconds: secondsBetween(state.startedAt, status.generatedAt),
    };
    const sentinel = sentinels.get(pod);
    const raw = redis?.nodes[pod];
    if (sentinel) {
      row.answered = sentinel.reachable;
      row.processError = sentinel.error;
      if (sentinel.reachable) row.role = 'sentinel';
    } else if (raw && redis) {
      const node = nodeWithCommonFields(redis, raw);
      row.answered = node.error === undefined;
      row.processError = node.error;
      row.role = node.role;
      row.version = node.version;
      row.uptimeSeconds = node.uptimeSeconds;
      row.usedMemoryBytes = node.usedMemoryBytes;
      row.maxMemoryBytes = node.maxMemoryBytes;
      row.master = node.master;
      row.masterLinkUp = node.masterLinkUp;
      if (node.role === 'master') row.offset = node.replicationOffset;
      if (node.replication) {
        row.lagBytes = node.replication.lagBytes;
        row.lagSeconds = node.replication.secondsSinceAck;
        row.linkState = node.replication.state;
        const masterOffset = node.master
          ? redis.nodes[node.master]?.replicationOffset
          : undefined;
        if (masterOffset !== undefined)
          row.offset = masterOffset - node.replication.lagBytes;
      }
    }
    row.labelDisagrees = labelDisagrees(row.labelRole, row.role);
    rows.push(row);
  }
  return rows;
}

/** The replicas, furthest behind first (unknown lag counts as furthest: nobody vouches for it). */
export function replicasByLag(rows: NodeRow[]): NodeRow[] {
  return rows
    .filter(row => row.role === 'replica')
    .sort(
      (a, b) =>
        (b.lagBytes ?? Infinity) - (a.lagBytes ?? Infinity) ||
        (b.lagSeconds ?? 0) - (a.lagSeconds ?? 0) ||
        a.pod.localeCompare(b.pod),
    );
}

/** The master of a single-master mode, as Redis names it; falls back to the pod label while Redis is unknown. */
export function masterRow(
  status: RedisStatus,
  rows: NodeRow[],
): NodeRow | undefined {
  if (status.mode === 'cluster') return undefined;
  const masterPod =
    status.redis.status === 'ok' ? status.redis.data.masterPod : undefined;
  if (masterPod) return rows.find(row => row.pod === masterPod);
  if (status.redis.status === 'error')
    return rows.find(row => row.labelRole === 'master');
  return undefined;
}

/** The Redis version every node runs, or all of them when they differ (mid-upgrade). */
export function redisVersions(rows: NodeRow[]): string[] {
  return [
    ...new Set(
      rows.flatMap(row =>
        row.role !== 'sentinel' && row.version ? [row.version] : [],
      ),
    ),
  ].sort();
}
