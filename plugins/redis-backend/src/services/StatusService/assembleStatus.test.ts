import type {
  InstanceRef,
  OperationLockHolder,
  OperationRecord,
} from '@odin/plugin-redis-common';
import { e2eClusterSnapshot } from '../KubernetesReader/__fixtures__/e2eClusterSnapshot';
import { inventoryCacheSnapshot } from '../KubernetesReader/__fixtures__/inventoryCacheSnapshot';
import type { KubernetesSnapshot } from '../KubernetesReader/KubernetesReader';
import { summarizeKubernetes } from '../KubernetesReader/summarizeKubernetes';
import {
  clusterFailedOver,
  clusterHealthy,
} from '../RedisProbe/__fixtures__/clusterReplies';
import {
  sentinelInstanceInfo,
  sentinelReplies,
} from '../RedisProbe/__fixtures__/sentinelReplies';
import type {
  ClusterObservation,
  RedisObservations,
} from '../RedisProbe/RedisProbe';
import { assembleStatus, type StatusObservations } from './assembleStatus';

const NOW = new Date('2026-12-01T15:07:40.000Z');

/** What StatusService gathers: the recorded snapshot, and each planned process answering with its recorded replies. */
function observed(
  ref: InstanceRef,
  snapshot: KubernetesSnapshot,
  info: Record<string, string>,
  cluster?: ClusterObservation,
): StatusObservations {
  const summary = summarizeKubernetes(snapshot, ref.name);
  const redis: RedisObservations = {
    nodes: summary.plan.dataNodes.map(target => ({
      target,
      info: info[target.pod],
    })),
    sentinels: summary.plan.sentinels.map(target => {
      const { ckquorum, ...replies } = sentinelReplies[target.pod];
      return { target, ...replies, quorum: { ok: true, message: ckquorum } };
    }),
    cluster,
  };
  return {
    ref,
    now: NOW,
    kubernetes: { status: 'ok', data: { snapshot, summary } },
    operations: { status: 'ok', data: { history: [] } },
    redis: { status: 'ok', data: redis },
    backupObjects: { status: 'ok', data: [] },
    backupBucket: 'odin-redis-backups',
    staleGraceMs: 3_600_000,
  };
}

const sentinelRef = {
  cluster: 'local',
  namespace: 'redis',
  name: 'inventory-cache',
};
const sentinelObservations = () =>
  observed(sentinelRef, inventoryCacheSnapshot, sentinelInstanceInfo);

const clusterRef = {
  cluster: 'local',
  namespace: 'redis',
  name: 'e2e-cluster',
};
const clusterObservations = (
  replies: Pick<
    typeof clusterHealthy,
    'observedFrom' | 'clusterInfo' | 'clusterNodes'
  > = clusterHealthy,
) =>
  observed(clusterRef, e2eClusterSnapshot, clusterHealthy.info, {
    pod: replies.observedFrom,
    info: replies.clusterInfo,
    nodes: replies.clusterNodes,
  });

/** The data of an ok section. */
function dataOf<T>(section: { status: 'ok'; data: T } | { status: 'error' }) {
  if (section.status !== 'ok') throw new Error('the section is an error');
  return section.data;
}

const lock: OperationLockHolder = {
  holder: 'user:default/alice',
  operation: 'test-failover',
  since: '2026-12-01T15:07:00.000Z',
  expiresAt: '2026-12-01T15:17:00.000Z',
};
const success: OperationRecord = {
  id: 'b1c2',
  operation: 'test-failover',
  requester: 'user:default/alice',
  startedAt: '2026-12-01T14:00:00.000Z',
  finishedAt: '2026-12-01T14:00:09.000Z',
  outcome: 'succeeded',
  message: 'inventory-cache-1 is the new master',
};
const refusal: OperationRecord = {
  ...success,
  id: 'a0b1',
  requester: 'user:default/bob',
  startedAt: '2026-12-01T13:00:00.000Z',
  finishedAt: '2026-12-01T13:00:00.000Z',
  outcome: 'refused',
  message: 'no replica with lag 0',
};

describe('assembleStatus', () => {
  describe('a sentinel instance whose replica inventory-cache-1 lags', () => {
    const status = assembleStatus(sentinelObservations());

    it('is healthy: 14,350 bytes and 4 s behind are within the limits', () => {
      expect(status).toMatchObject({
        instance: sentinelRef,
        generatedAt: NOW.toISOString(),
        mode: 'sentinel',
        health: { overall: 'healthy', reasons: [] },
      });
    });

    it('puts the lag the master reports next to each replica, and the common fields once', () => {
      const redis = dataOf(status.redis);
      expect(redis).toMatchObject({
        masterPod: 'inventory-cache-2',
        port: 6379,
        common: {
          version: '7.0.15',
          maxMemoryBytes: 52428800,
          aofEnabled: false,
          lastBgsaveStatus: 'ok',
        },
      });
      expect(redis.nodes['inventory-cache-1']).toEqual({
        role: 'replica',
        uptimeSeconds: 8,
        usedMemoryBytes: 1494584,
        lastSaveAt: new Date(1796137643 * 1000).toISOString(),
        master: 'inventory-cache-2',
        masterLinkUp: true,
        replication: {
          state: 'online',
          lagBytes: 14350,
          secondsSinceAck: 4,
        },
      });
      expect(redis.nodes['inventory-cache-0'].replication).toEqual({
        state: 'online',
        lagBytes: 423,
        secondsSinceAck: 1,
      });
      expect(redis.nodes['inventory-cache-2']).toMatchObject({
        role: 'master',
        replicationOffset: 112686,
      });
      expect(redis.nodes['inventory-cache-2'].unknownReplicas).toBeUndefined();
    });

    it("names the sentinels' master, its replicas and the sentinels by pod", () => {
      expect(dataOf(status.sentinel!)).toEqual({
        masterName: 'mymaster',
        masterAddress: '127.136.197.5:6379',
        masterPod: 'inventory-cache-2',
        masterFlags: ['master'],
        quorum: 2,
        configEpoch: 0,
        failoverState: undefined,
        quorumOk: true,
        agreeOnMaster: true,
        sentinels: [6, 7, 8].map((octet, index) => ({
          pod: `inventory-cache-sentinel-${index}`,
          address: `127.136.197.${octet}:26379`,
          reachable: true,
          error: undefined,
          masterAddress: '127.136.197.5:6379',
          quorumOk: true,
          quorumMessage:
            'OK 3 usable Sentinels. Quorum and failover authorization can be reached',
        })),
        replicas: [
          {
            address: '127.136.197.4:6379',
            pod: 'inventory-cache-1',
            flags: ['slave'],
            masterLinkUp: true,
          },
          {
            address: '127.136.197.3:6379',
            pod: 'inventory-cache-0',
            flags: ['slave'],
            masterLinkUp: true,
          },
        ],
        knownSentinels: 2,
      });
      expect(status.cluster).toBeUndefined();
    });

    it('has a backup section without a CronJob', () => {
      expect(dataOf(status.backups)).toMatchObject({
        configured: false,
        records: [],
      });
    });
  });

  it('degrades when a replica or a sentinel does not answer, and says which', () => {
    const observations = sentinelObservations();
    const redis = dataOf(observations.redis);
    redis.nodes[0] = {
      target: redis.nodes[0].target,
      error: 'connect ECONNREFUSED 127.136.197.3:6379',
    };
    redis.sentinels[2] = {
      target: redis.sentinels[2].target,
      error: 'connect ECONNREFUSED 127.136.197.8:26379',
    };
    const status = assembleStatus(observations);
    // The master still reports the lag of the replica that does not answer.
    expect(dataOf(status.redis).nodes['inventory-cache-0']).toEqual({
      error: 'connect ECONNREFUSED 127.136.197.3:6379',
      replication: { state: 'online', lagBytes: 423, secondsSinceAck: 1 },
    });
    expect(dataOf(status.sentinel!).agreeOnMaster).toBe(true);
    expect(status.health).toEqual({
      overall: 'degraded',
      reasons: [
        {
          severity: 'degraded',
          section: 'redis',
          message:
            'inventory-cache-0 does not answer: connect ECONNREFUSED 127.136.197.3:6379',
        },
        {
          severity: 'degraded',
          section: 'sentinel',
          message:
            'inventory-cache-sentinel-2 does not answer: connect ECONNREFUSED 127.136.197.8:26379',
        },
      ],
    });
  });

  it('keeps the lag of a replica that no pod of the instance has by its address, on the master', () => {
    const observations = sentinelObservations();
    const { summary } = dataOf(observations.kubernetes);
    // inventory-cache-0 as if it had no IP yet: not planned, so not probed.
    summary.plan.dataNodes = summary.plan.dataNodes.filter(
      target => target.pod !== 'inventory-cache-0',
    );
    dataOf(observations.redis).nodes = dataOf(observations.redis).nodes.filter(
      node => node.target.pod !== 'inventory-cache-0',
    );
    const redis = dataOf(assembleStatus(observations).redis);
    expect(redis.nodes['inventory-cache-2'].unknownReplicas).toEqual({
      '127.136.197.3:6379': {
        state: 'online',
        lagBytes: 423,
        secondsSinceAck: 1,
      },
    });
  });

  it('when Redis could not be probed, gives the sentinel section the same error', () => {
    const observations = sentinelObservations();
    observations.redis = {
      status: 'error',
      message: 'the password Secret could not be read',
    };
    const status = assembleStatus(observations);
    expect(status.redis).toEqual(observations.redis);
    expect(status.sentinel).toEqual(observations.redis);
    expect(status.health.overall).toBe('unknown');
  });

  it('without Kubernetes, has nothing to probe or merge, but the operations read on their own', () => {
    const status = assembleStatus({
      ...sentinelObservations(),
      kubernetes: { status: 'error', message: 'Forbidden' },
      operations: { status: 'ok', data: { history: [refusal] } },
    });
    const dependent = {
      status: 'error',
      message: 'needs Kubernetes, which could not be read',
    };
    expect(status).toEqual({
      instance: sentinelRef,
      generatedAt: NOW.toISOString(),
      kubernetes: { status: 'error', message: 'Forbidden' },
      redis: dependent,
      backups: dependent,
      operations: { status: 'ok', data: { history: [refusal] } },
      health: {
        overall: 'unknown',
        reasons: [
          {
            severity: 'unknown',
            section: 'kubernetes',
            message: 'Kubernetes could not be read: Forbidden',
          },
          {
            severity: 'unknown',
            section: 'redis',
            message:
              'Redis could not be probed: needs Kubernetes, which could not be read',
          },
          {
            severity: 'degraded',
            section: 'backups',
            message:
              'backups could not be read: needs Kubernetes, which could not be read',
          },
        ],
      },
    });
  });

  describe('the operations section', () => {
    const withOperations = (
      operations: ReturnType<typeof sentinelObservations>['operations'],
    ) => assembleStatus({ ...sentinelObservations(), operations });

    it('shows the operation holding the lock and the history, newest first as recorded', () => {
      const status = withOperations({
        status: 'ok',
        data: { running: lock, history: [success, refusal] },
      });
      expect(status.operations).toEqual({
        status: 'ok',
        data: { running: lock, history: [success, refusal] },
      });
      expect(status.health.overall).toBe('healthy');
    });

    it('shows no running operation once its lock has expired, at the status time or before', () => {
      for (const expiresAt of [NOW.toISOString(), '2026-12-01T15:07:39.999Z']) {
        const status = withOperations({
          status: 'ok',
          data: { running: { ...lock, expiresAt }, history: [success] },
        });
        expect(status.operations).toEqual({
          status: 'ok',
          data: { history: [success] },
        });
      }
    });

    it('is ok and empty for an instance no operation ever ran on', () => {
      expect(assembleStatus(sentinelObservations()).operations).toEqual({
        status: 'ok',
        data: { history: [] },
      });
    });

    it('passes a failed read on as its own error, leaving the other sections and the health as they were', () => {
      const message =
        'Forbidden: the credentials used for cluster "local" may not get leases.coordination.k8s.io (Lease "inventory-cache-operation" in namespace "redis")';
      const healthy = assembleStatus(sentinelObservations());

      const status = withOperations({ status: 'error', message });

      expect(status.operations).toEqual({ status: 'error', message });
      const { operations: _failed, ...others } = status;
      const { operations: _ok, ...expected } = healthy;
      expect(others).toEqual(expected);
    });
  });

  describe('a cluster', () => {
    it('is healthy with three shards, each a leader and its follower, and no single master', () => {
      const status = assembleStatus(clusterObservations());
      expect(status.mode).toBe('cluster');
      expect(status.health).toEqual({ overall: 'healthy', reasons: [] });
      expect(status.sentinel).toBeUndefined();
      expect(dataOf(status.redis).masterPod).toBeUndefined();
      expect(
        dataOf(status.redis).nodes['e2e-cluster-follower-1'],
      ).toMatchObject({
        role: 'replica',
        master: 'e2e-cluster-leader-0',
        replication: { state: 'online' },
      });
      expect(
        dataOf(status.cluster!).shards.map(shard => [
          shard.master,
          ...shard.replicas,
        ]),
      ).toEqual([
        ['e2e-cluster-leader-2', 'e2e-cluster-follower-0'],
        ['e2e-cluster-leader-0', 'e2e-cluster-follower-1'],
        ['e2e-cluster-leader-1', 'e2e-cluster-follower-2'],
      ]);
    });

    it('after a failover, is degraded by the failed leader, whose follower now serves its slots', () => {
      const status = assembleStatus(clusterObservations(clusterFailedOver));
      expect(dataOf(status.cluster!)).toMatchObject({
        state: 'ok',
        observedFrom: 'e2e-cluster-leader-0',
        unassigned: ['e2e-cluster-leader-1'],
      });
      expect(status.health.reasons).toContainEqual({
        severity: 'degraded',
        section: 'cluster',
        message: 'e2e-cluster-leader-1 is flagged fail,disconnected',
      });
    });

    it('says why the cluster state is missing when no node answered CLUSTER INFO', () => {
      const observations = clusterObservations();
      dataOf(observations.redis).cluster = {
        error: 'e2e-cluster-leader-2: connect ECONNREFUSED',
      };
      expect(assembleStatus(observations).cluster).toEqual({
        status: 'error',
        message: 'e2e-cluster-leader-2: connect ECONNREFUSED',
      });
    });
  });
});
