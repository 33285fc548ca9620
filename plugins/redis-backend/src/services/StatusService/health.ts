// Pure: the overall health of an instance and the reasons for it, decided from the assembled sections.
import {
  nodeWithCommonFields,
  type HealthReason,
  type RedisHealth,
  type RedisStatus,
} from '@odin/plugin-redis-common';

/** Replicas further behind than this are reported. */
export const REPLICA_LAG_LIMIT_BYTES = 1024 * 1024;
export const REPLICA_ACK_LIMIT_SECONDS = 10;
const CLUSTER_SLOTS = 16384;

const SEVERITY_ORDER: RedisHealth[] = [
  'healthy',
  'degraded',
  'unknown',
  'failing',
];

export function overallHealth(reasons: HealthReason[]): RedisHealth {
  return reasons.reduce<RedisHealth>(
    (worst, reason) =>
      SEVERITY_ORDER.indexOf(reason.severity) > SEVERITY_ORDER.indexOf(worst)
        ? reason.severity
        : worst,
    'healthy',
  );
}

export function healthReasons(
  status: Omit<RedisStatus, 'health'>,
): HealthReason[] {
  const reasons: HealthReason[] = [];
  const add = (
    severity: HealthReason['severity'],
    section: HealthReason['section'],
    message: string,
  ) => reasons.push({ severity, section, message });

  const { kubernetes, redis, sentinel, cluster, backups } = status;
  if (kubernetes.status === 'error') {
    add(
      'unknown',
      'kubernetes',
      `Kubernetes could not be read: ${kubernetes.message}`,
    );
  } else {
    if (kubernetes.data.customResources.length === 0) {
      add(
        'failing',
        'kubernetes',
        'no Redis custom resource of this instance exists',
      );
    }
    for (const set of kubernetes.data.statefulSets) {
      if (set.readyReplicas < set.desiredReplicas) {
        add(
          'degraded',
          'kubernetes',
          `${set.readyReplicas}/${set.desiredReplicas} pods of ${set.name} are ready`,
        );
      }
    }
  }

  if (redis.status === 'error') {
    add('unknown', 'redis', `Redis could not be probed: ${redis.message}`);
  } else {
    const nodes = Object.entries(redis.data.nodes).map(
      ([pod, node]) => [pod, nodeWithCommonFields(redis.data, node)] as const,
    );
    const reachable = nodes.filter(([, node]) => node.error === undefined);
    if (nodes.length === 0)
      add('failing', 'redis', 'no Redis pod has an IP address');
    else if (reachable.length === 0)
      add('failing', 'redis', 'no Redis process answers');
    for (const [pod, node] of nodes) {
      if (node.error !== undefined)
        add('degraded', 'redis', `${pod} does not answer: ${node.error}`);
      else if (node.role === 'replica' && !node.masterLinkUp) {
        add(
          'degraded',
          'redis',
          `${pod} has lost its link to the master ${node.master ?? ''}`.trim(),
        );
      }
      if (node.lastBgsaveStatus === 'err')
        add('degraded', 'redis', `the last RDB save on ${pod} failed`);
      const lags = [
        [pod, node.replication] as const,
        ...Object.entries(node.unknownReplicas ?? {}),
      ];
      for (const [name, lag] of lags) {
        if (
          lag &&
          (lag.lagBytes > REPLICA_LAG_LIMIT_BYTES ||
            lag.secondsSinceAck > REPLICA_ACK_LIMIT_SECONDS)
        ) {
          add(
            'degraded',
            'redis',
            `${name} is ${lag.lagBytes} bytes behind, last ack ${lag.secondsSinceAck} s ago`,
          );
        }
      }
    }
    if (status.mode !== 'cluster' && reachable.length > 0) {
      const masters = reachable.filter(([, node]) => node.role === 'master');
      if (masters.length === 0)
        add('failing', 'redis', 'no Redis process is master');
      if (masters.length > 1) {
        add(
          'failing',
          'redis',
          `more than one master: ${masters.map(([pod]) => pod).join(', ')}`,
        );
      }
    }
  }

  if (sentinel?.status === 'error') {
    add(
      'degraded',
      'sentinel',
      `Sentinel could not be read: ${sentinel.message}`,
    );
  } else if (sentinel) {
    const state = sentinel.data;
    if (
      state.masterFlags.some(flag => flag === 's_down' || flag === 'o_down')
    ) {
      add(
        'failing',
        'sentinel',
        `Sentinel sees the master ${state.masterAddress} as down`,
      );
    }
    if (!state.quorumOk)
      add(
        'degraded',
        'sentinel',
        'the Sentinel quorum cannot be reached: no automatic failover',
      );
    if (!state.agreeOnMaster)
      add('degraded', 'sentinel', 'the Sentinels disagree about the master');
    for (const process of state.sentinels) {
      if (!process.reachable)
        add(
          'degraded',
          'sentinel',
          `${process.pod} does not answer: ${process.error}`,
        );
    }
    if (
      redis.status === 'ok' &&
      redis.data.masterPod &&
      state.masterPod &&
      redis.data.masterPod !== state.masterPod
    ) {
      add(
        'degraded',
        'sentinel',
        `Sentinel names ${state.masterPod} as master, Redis says ${redis.data.masterPod}`,
      );
    }
  }

  if (cluster?.status === 'error') {
    add(
      'unknown',
      'cluster',
      `the cluster state could not be read: ${cluster.message}`,
    );
  } else if (cluster) {
    const state = cluster.data;
    if (state.state !== 'ok')
      add('failing', 'cluster', `cluster state is ${state.state}`);
    if (state.slotsAssigned < CLUSTER_SLOTS) {
      add(
        'failing',
        'cluster',
        `${CLUSTER_SLOTS - state.slotsAssigned} slots are not assigned`,
      );
    }
    if (state.slotsFail > 0)
      add(
        'failing',
        'cluster',
        `${state.slotsFail} slots are served by failed nodes`,
      );
    if (state.slotsPfail > 0)
      add(
        'degraded',
        'cluster',
        `${state.slotsPfail} slots are served by nodes that may be failing`,
      );
    for (const [name, flags] of Object.entries(state.nodeFlags)) {
      if (flags.some(flag => flag === 'fail' || flag === 'fail?')) {
        add('degraded', 'cluster', `${name} is flagged ${flags.join(',')}`);
      }
    }
  }

  if (backups.status === 'error') {
    add('degraded', 'backups', `backups could not be read: ${backups.message}`);
  } else if (backups.data.configured) {
    const history = backups.data;
    if (history.stale) {
      add(
        'degraded',
        'backups',
        history.lastSuccessAt
          ? `the last successful backup (${history.lastSuccessAt}) is older than the schedule ${history.schedule} allows`
          : `no successful backup yet, although the schedule ${history.schedule} is due`,
      );
    }
    const latest = history.records.find(record => record.outcome !== 'running');
    if (latest?.outcome === 'failed') {
      add(
        'degraded',
        'backups',
        `the last backup failed${latest.message ? `: ${latest.message}` : ''}`,
      );
    }
    if (history.storage.status === 'error') {
      add(
        'degraded',
        'backups',
        `the backup bucket could not be listed: ${history.storage.message}`,
      );
    }
  }
  return reasons;
}
