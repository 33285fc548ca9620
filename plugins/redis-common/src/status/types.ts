// The status document of one Redis instance: the contract between redis-backend and the frontend.


/** One part of the document; a failing upstream turns only its own section into an error. */
export type StatusSection<T> =
  | { status: 'ok'; data: T }
  | { status: 'error'; message: string };

export type RedisHealth = 'healthy' | 'degraded' | 'failing' | 'unknown';

export type StatusSectionName = 'kubernetes' | 'redis' | 'sentinel' | 'cluster' | 'backups';

export interface HealthReason {
  severity: Exclude<RedisHealth, 'healthy'>;
  section: StatusSectionName;
  message: string;
}

export interface InstanceRef {
  /** Cluster name from the `kubernetes` config. */
  cluster: string;
  namespace: string;
  name: string;
}

export type RedisMode = 'standalone' | 'replication' | 'sentinel' | 'cluster';

export interface CustomResourceState {
  kind: 'Redis' | 'RedisReplication' | 'RedisSentinel' | 'RedisCluster';
  name: string;
  createdAt?: string;
  /** What the operator reports: RedisCluster state/reason, RedisReplication masterNode; mostly empty. */
  operatorStatus: Record<string, string | number>;
}

export interface StatefulSetState {
  name: string;
  desiredReplicas: number;
  readyReplicas: number;
  /** False while a rollout is in progress. */
  updated: boolean;
}

/** Role as the pod labels tell it (the operator patches `redis-role`); `redis.nodes` has Redis's own view. */
export type PodLabelRole = 'master' | 'replica' | 'sentinel' | 'standalone' | 'leader' | 'follower' | 'unknown';

export interface PodState {
  name: string;
  role: PodLabelRole;
  phase: string;
  ready: boolean;
  restarts: number;
  node?: string;
  /** `topology.kubernetes.io/zone` of the pod's node. */
  zone?: string;
  ip?: string;
  startedAt?: string;
  ageSeconds?: number;
}

export interface VolumeClaimState {
  name: string;
  pod?: string;
  /** Capacity when bound, else the requested size, as a Kubernetes quantity. */
  size?: string;
  phase: string;
}

export interface KubernetesEvent {
  type: string;
  reason: string;
  message: string;
  /** `Kind/name` of the object the event is about. */
  object: string;
  count: number;
  lastSeen?: string;
}

export interface KubernetesState {
  customResources: CustomResourceState[];
  statefulSets: StatefulSetState[];
  pods: PodState[];
  volumeClaims: VolumeClaimState[];
  /** Newest first, at most a few dozen. */
  events: KubernetesEvent[];
}

export interface ReplicaLag {
  /** `ip:port` the replica announced. */
  address: string;
  pod?: string;
  /** Link state as the master sees it: `online`, `wait_bgsave`, `send_bulk`, ... */
  state: string;
  offset: number;
  /** master_repl_offset minus the replica's acknowledged offset. */
  lagBytes: number;
  secondsSinceAck: number;
}

export interface RedisNodeState {
  pod: string;
  address: string;
  reachable: boolean;
  error?: string;
  role?: 'master' | 'replica';
  version?: string;
  uptimeSeconds?: number;
  usedMemoryBytes?: number;
  maxMemoryBytes?: number;
  lastSaveAt?: string;
  lastBgsaveStatus?: string;
  aofEnabled?: boolean;
  /** Replicas only: the master they follow and the state of that link. */
  masterAddress?: string;
  masterLinkUp?: boolean;
  /** Masters only: one entry per connected replica. */
  replicas?: ReplicaLag[];
}

export interface RedisNodesState {
  /** Pod of the (single) master in standalone, replication and sentinel mode. */
  masterPod?: string;
  nodes: RedisNodeState[];
}

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
  replicas: { address: string; pod?: string; flags: string[]; masterLinkUp: boolean }[];
  /** Other sentinels the answering one knows about. */
  knownSentinels: number;
}

export interface ClusterNodeRef {
  address: string;
  pod?: string;
  /** Flags other than `master`/`slave`/`myself` (e.g. `fail`, `fail?`). */
  flags?: string[];
  connected: boolean;
}

export interface ClusterShard {
  master: ClusterNodeRef;
  replicas: ClusterNodeRef[];
  /** Slot ranges as CLUSTER NODES lists them, e.g. `0-5460`. */
  slots: string[];
  slotCount: number;
}

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
  unassigned: ClusterNodeRef[];
}

export interface BackupObject {
  key: string;
  sizeBytes: number;
  lastModified: string;
}

export type BackupOutcome = 'succeeded' | 'failed' | 'running';

/** One backup: a Job of our CronJob, or objects in S3 whose Job is gone from the history. */
export interface BackupRecord {
  job?: string;
  outcome: BackupOutcome;
  startedAt?: string;
  finishedAt?: string;
  durationSeconds?: number;
  message?: string;
  objects: BackupObject[];
}

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
  storage: StatusSection<{ bucket: string; prefix: string; objectCount: number; totalBytes: number }>;
}

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
}
