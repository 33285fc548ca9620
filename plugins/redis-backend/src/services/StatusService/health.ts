// Pure: the overall health of an instance and the reasons for it, decided from the assembled sections.
import type { HealthReason, RedisHealth, RedisStatus } from '@odin/plugin-redis-common';

/** Replicas further behind than this are reported. */
export const REPLICA_LAG_LIMIT_BYTES = 1024 * 1024;
export const REPLICA_ACK_LIMIT_SECONDS = 10;
const CLUSTER_SLOTS = 16384;

const SEVERITY_ORDER: RedisHealth[] = ['healthy', 'degraded', 'unknown', 'failing'];

export function overallHealth(reasons: HealthReason[]): RedisHealth {
  return reasons.reduce<RedisHealth>(
    (worst, reason) =>
      SEVERITY_ORDER.indexOf(reason.severity) > SEVERITY_ORDER.indexOf(worst) ? reason.severity : worst,
    'healthy',
  );
}

export function healthReasons(status: Omit<RedisStatus, 'health'>): HealthReason[] {
  const reasons: HealthReason[] = [];
  const add = (severity: HealthReason['severity'], section: HealthReason['section'], message: string) =>
    reasons.push({ severity, section, message });

  const { kubernetes, redis, sentinel, cluster, backups } = status;
  if (kubernetes.status === 'error') {
    add('unknown', 'kubernetes', `Kubernetes could not be read: ${kubernetes.message}`);
  } else {
    if (kubernetes.data.customResources.length === 0) {
      add('failing', 'kubernetes', 'no Redis custom resource of this instance exists');
    }
    for (const set of kubernetes.data.statefulSets) {
      if (set.readyReplicas < set.desiredReplicas) {
        add('degraded', 'kubernetes', `${set.readyReplicas}/${set.desiredReplicas} pods of ${set.name} are ready`);
      }
    }
  }

  if (redis.status === 'error') {
    add('unknown', 'redis', `Redis could not be probed: ${redis.message}`);
  } else {
    const { nodes } = redis.data;
    const reachable = nodes.filter(node => node.reachable);
    if (nodes.length === 0) add('failing', 'redis', 'no Redis pod has an IP address');
    else if (reachable.length === 0) add('failing', 'redis', 'no Redis process answers');
    for (const node of nodes) {
      if (!node.reachable) add('degraded', 'redis', `${node.pod} does not answer: ${node.error}`);
      else if (node.role === 'replica' && !node.masterLinkUp) {
        add('degraded', 'redis', `${node.pod} has lost its link to the master ${node.masterAddress ?? ''}`.trim());
      }
      if (node.lastBgsaveStatus === 'err') add('degraded', 'redis', `the last RDB save on ${node.pod} failed`);
      for (const replica of node.replicas ?? []) {
        const name = replica.pod ?? replica.address;
        if (replica.lagBytes > REPLICA_LAG_LIMIT_BYTES || replica.secondsSinceAck > REPLICA_ACK_LIMIT_SECONDS) {
          add(
            'degraded',
            'redis',
            `${name} is ${replica.lagBytes} bytes behind, last ack ${replica.secondsSinceAck} s ago`,
          );
        }
      }
    }
    if (status.mode !== 'cluster' && reachable.length > 0) {
      const masters = reachable.filter(node => node.role === 'master');
      if (masters.length === 0) add('failing', 'redis', 'no Redis process is master');
      if (masters.length > 1) {
        add('failing', 'redis', `more than one master: ${masters.map(node => node.pod).join(', ')}`);
      }
    }
  }

  if (sentinel?.status === 'error') {
    add('degraded', 'sentinel', `Sentinel could not be read: ${sentinel.message}`);
  } else if (sentinel) {
    const state = sentinel.data;
    if (state.masterFlags.some(flag => flag === 's_down' || flag === 'o_down')) {
      add('failing', 'sentinel', `Sentinel sees the master ${state.masterAddress} as down`);
    }
    if (!state.quorumOk) add('degraded', 'sentinel', 'the Sentinel quorum cannot be reached: no automatic failover');
    if (!state.agreeOnMaster) add('degraded', 'sentinel', 'the Sentinels disagree about the master');
    for (const process of state.sentinels) {
      if (!process.reachable) add('degraded', 'sentinel', `${process.pod} does not answer: ${process.error}`);
    }
    if (redis.status === 'ok' && redis.data.masterPod && state.masterPod && redis.data.masterPod !== state.masterPod) {
      add('degraded', 'sentinel', `Sentinel names ${state.masterPod} as master, Redis says ${redis.data.masterPod}`);
    }
  }

  if (cluster?.status === 'error') {
    add('unknown', 'cluster', `the cluster state could not be read: ${cluster.message}`);
  } else if (cluster) {
    const state = cluster.data;
    if (state.state !== 'ok') add('failing', 'cluster', `cluster state is ${state.state}`);
    if (state.slotsAssigned < CLUSTER_SLOTS) {
      add('failing', 'cluster', `${CLUSTER_SLOTS - state.slotsAssigned} slots are not assigned`);
    }
    if (state.slotsFail > 0) add('failing', 'cluster', `${state.slotsFail} slots are served by failed nodes`);
    if (state.slotsPfail > 0) add('degraded', 'cluster', `${state.slotsPfail} slots are served by nodes that may be failing`);
    const nodes = [...state.shards.flatMap(shard => [shard.master, ...shard.replicas]), ...state.unassigned];
    for (const node of nodes) {
      if (node.flags?.some(flag => flag === 'fail' || flag === 'fail?')) {
        add('degraded', 'cluster', `${node.pod ?? node.address} is flagged ${node.flags.join(',')}`);
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
      add('degraded', 'backups', `the last backup failed${latest.message ? `: ${latest.message}` : ''}`);
    }
    if (history.storage.status === 'error') {
      add('degraded', 'backups', `the backup bucket could not be listed: ${history.storage.message}`);
    }
  }
  return reasons;
}
