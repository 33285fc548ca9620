// The status document of one Redis instance: the contract between redis-backend and the frontend.
import type { OperationsState } from '../operations';

/**
 * One part of the document; a failing upstream turns only its own section into an error.
 *
 * @public
 */
export type StatusSection<T> =
  | { status: 'ok'; data: T }
  | { status: 'error'; message: string };

/** @public */
export type RedisHealth = 'healthy' | 'degraded' | 'failing' | 'unknown';

/** @public */
export type StatusSectionName =
  | 'kubernetes'
  | 'redis'
  | 'sentinel'
  | 'cluster'
  | 'backups';

/** @public */
export interface HealthReason {
  severity: Exclude<RedisHealth, 'healthy'>;
  section: StatusSectionName;
  message: string;
}

/** @public */
export interface InstanceRef {
  /** Cluster name from the `kubernetes` config. */
  cluster: string;
  namespace: string;
  name: string;
}

/** @public */
export type RedisMode = 'standalone' | 'replication' | 'sentinel' | 'cluster';

/** @public */
export interface CustomResourceState {
  kind: 'Redis' | 'RedisReplication' | 'RedisSentinel' | 'RedisCluster';
  name: string;
  createdAt?: string;
  /** What the operator reports: RedisCluster state/reason, RedisReplication masterNode; mostly empty. */
  operatorStatus: Record<string, string | number>;
}

/** @public */
export interface StatefulSetState {
  name: string;
  desiredReplicas: number;
  readyReplicas: number;
  /** False while a rollout is in progress. */
  updated: boolean;
}

/**
 * Role as the pod labels tell it (the operator patches `redis-role`); `redis.nodes` has Redis's own view.
 *
 * @public
 */
export type PodLabelRole =
  | 'master'
  | 'replica'
  | 'sentinel'
  | 'standalone'
  | 'leader'
  | 'follower'
  | 'unknown';

/**
 * One pod, keyed by its name in `KubernetesState.pods`. Its age is `generatedAt` minus `startedAt`.
 *
 * @public
 */
export interface PodState {
  role: PodLabelRole;
  phase: string;
  ready: boolean;
  restarts: number;
  node?: string;
  /** `topology.kubernetes.io/zone` of the pod's node. */
  zone?: string;
  /** A Redis process's address is this IP and `RedisNodesState.port` (sentinels: 26379). */
  ip?: string;
  startedAt?: string;
}

/** @public */
export interface VolumeClaimState {
  name: string;
  pod?: string;
  /** Capacity when bound, else the requested size, as a Kubernetes quantity. */
  size?: string;
  phase: string;
}

/** @public */
export interface KubernetesEvent {
  type: string;
  reason: string;
  message: string;
  /** `Kind/name` of the object the event is about. */
  object: string;
  count: number;
  lastSeen?: string;
}

/** @public */
export interface KubernetesState {
  customResources: CustomResourceState[];
  statefulSets: StatefulSetState[];
  /** By pod name, sorted by name; the other sections refer to pods by these names. */
  pods: Record<string, PodState>;
  volumeClaims: VolumeClaimState[];
  /** Newest first, at most a few dozen. */
  events: KubernetesEvent[];
}

/**
 * A Redis process that another one reports by address: the name of the pod with that address, or the
 * `ip:port` itself when no pod of the instance has it (pod names never contain a colon).
 *
 * @public
 */
export type RedisNodeName = string;

/**
 * What a master reports about one of its replicas (INFO replication `slaveN`).
 *
 * @public
 */
export interface ReplicaLag {
  /** Link state as the master sees it: `online`, `wait_bgsave`, `send_bulk`, ... */
  state: string;
  /** The master's `master_repl_offset` minus the replica's acknowledged offset. */
  lagBytes: number;
  secondsSinceAck: number;
}

/**
 * One Redis process, keyed by its pod's name in `RedisNodesState.nodes`.
 *
 * @public
 */
export interface RedisNodeState {
  /** Present when the process did not answer; the other fields are then absent. */
  error?: string;
  role?: 'master' | 'replica';
  /** Absent when equal to `RedisNodesState.common` (see `nodeWithCommonFields`). */
  version?: string;
  uptimeSeconds?: number;
  usedMemoryBytes?: number;
  /** Absent when equal to `RedisNodesState.common`. */
  maxMemoryBytes?: number;
  lastSaveAt?: string;
  /** `ok` or `err`; absent when equal to `RedisNodesState.common`. */
  lastBgsaveStatus?: string;
  /** Absent when equal to `RedisNodesState.common`. */
  aofEnabled?: boolean;
  /** Masters only: `master_repl_offset`; a replica's offset is this minus its `replication.lagBytes`. */
  replicationOffset?: number;
  /** Replicas only: the master they follow, and whether their link to it is up as they see it. */
  master?: RedisNodeName;
  masterLinkUp?: boolean;
  /** Replicas only: what their master reports about them; absent when the master does not list them. */
  replication?: ReplicaLag;
  /** Masters only: replicas they serve at an address no pod of the instance has, by `ip:port`. */
  unknownReplicas?: Record<string, ReplicaLag>;
}

/**
 * Fields that are normally the same on every node, so they are sent once.
 *
 * @public
 */
export type CommonNodeFields = Pick<
  RedisNodeState,
  'version' | 'maxMemoryBytes' | 'aofEnabled' | 'lastBgsaveStatus'
>;

/** @public */
export interface RedisNodesState {
  /** Pod of the (single) master in standalone, replication and sentinel mode. */
  masterPod?: string;
  /** Port of every data node; a node's address is its pod's IP and this port. */
  port: number;
  /** The most frequent value of each common field among the answering nodes; nodes list only deviations. */
  common: CommonNodeFields;
  /** By pod name, in the order of `KubernetesState.pods`. */
  nodes: Record<string, RedisNodeState>;
}

/** @public */
export interface SentinelProcessState {
  pod: string;
  address: string;
  reachable: boolean;
  error?: string;
  /** `ip:port` of the master this sentinel believes in. */
  masterAddress?: string;
  quorumOk?: boolean;
  /** Reply of SENTINEL CKQUORUM. */
  quorumMessage?: string;
}

/** @public */
export interface SentinelState {
  masterName: string;
  masterAddress?: string;
  masterPod?: string;
  /** Flags of the master (`master`, `s_down`, `o_down`, ...). */
  masterFlags: string[];
  quorum?: number;
  /** Rises by one with every failover. */
  configEpoch?: number;
  failoverState?: string;
  quorumOk: boolean;
  /** True when every reachable sentinel names the same master. */
  agreeOnMaster: boolean;
  sentinels: SentinelProcessState[];
  replicas: {
    address: string;
    pod?: string;
    flags: string[];
    masterLinkUp: boolean;
  }[];
  /** Other sentinels the answering one knows about. */
  knownSentinels: number;
}

/** @public */
export interface ClusterShard {
  master: RedisNodeName;
  replicas: RedisNodeName[];
  /** Slot ranges as CLUSTER NODES lists them, e.g. `0-5460`. */
  slots: string[];
  slotCount: number;
}

/** @public */
export interface ClusterState {
  state: string;
  slotsAssigned: number;
  slotsOk: number;
  slotsPfail: number;
  slotsFail: number;
  knownNodes: number;
  size: number;
  currentEpoch: number;
  /** Pod the cluster view was read from. */
  observedFrom: string;
  shards: ClusterShard[];
  /** Nodes with no slots and no master (failed or not yet joined). */
  unassigned: RedisNodeName[];
  /**
   * Nodes with flags besides their role (`fail`, `fail?`, `handshake`, `noaddr`, ...), plus `disconnected` when
   * the observing node's bus link to them is down; nodes without any are absent.
   */
  nodeFlags: Record<RedisNodeName, string[]>;
}

/** @public */
export interface BackupObject {
  key: string;
  sizeBytes: number;
  lastModified: string;
}

/** @public */
export type BackupOutcome = 'succeeded' | 'failed' | 'running';

/**
 * One backup: a Job of our CronJob, or objects in S3 whose Job is gone from the history.
 *
 * @public
 */
export interface BackupRecord {
  job?: string;
  outcome: BackupOutcome;
  startedAt?: string;
  finishedAt?: string;
  durationSeconds?: number;
  message?: string;
  objects: BackupObject[];
}

/** @public */
export interface BackupHistory {
  /** False when the instance has no backup CronJob. */
  configured: boolean;
  schedule?: string;
  suspended?: boolean;
  lastSuccessAt?: string;
  /** True when the last success is older than the schedule allows. */
  stale: boolean;
  /** Newest first. */
  records: BackupRecord[];
  /** Where the objects live, and whether they could be listed. */
  storage: StatusSection<{
    bucket: string;
    prefix: string;
    objectCount: number;
    totalBytes: number;
  }>;
}

/** @public */
export interface RedisStatus {
  instance: InstanceRef;
  /** Unknown until the custom resources have been read. */
  mode?: RedisMode;
  generatedAt: string;
  health: { overall: RedisHealth; reasons: HealthReason[] };
  kubernetes: StatusSection<KubernetesState>;
  redis: StatusSection<RedisNodesState>;
  /** Present in sentinel mode. */
  sentinel?: StatusSection<SentinelState>;
  /** Present in cluster mode. */
  cluster?: StatusSection<ClusterState>;
  backups: StatusSection<BackupHistory>;
  /** The day-2 operation running now and the recorded runs; absent until the backend reads them. */
  operations?: StatusSection<OperationsState>;
}
