// Pure: turns the raw Kubernetes objects of an instance into the status section and the addresses to probe.
import {
  liveTopology,
  redisAccessRefs,
  topologyMode,
  type KubernetesEvent,
  type KubernetesState,
  type PodLabelRole,
  type PodState,
  type RedisMode,
  type SecretKeyRef,
} from '@odin/plugin-redis-common';
import type { RedisTarget } from '../RedisProbe/RedisProbe';
import type {
  CustomResourceObject,
  KubernetesSnapshot,
} from './KubernetesReader';
import type { PodObject } from './kubernetesObjects';

const ZONE_LABEL = 'topology.kubernetes.io/zone';
const MAX_EVENTS = 20;

export type { SecretKeyRef };

/** Where the Redis processes are and how to authenticate to them, as the custom resources say. */
export interface ProbePlan {
  dataNodes: RedisTarget[];
  /** Port of every data node. */
  dataPort: number;
  sentinels: RedisTarget[];
  sentinelMasterName: string;
  dataPassword?: SecretKeyRef;
  sentinelPassword?: SecretKeyRef;
  /** Set when the instance serves TLS only; `ca` names the CA key in that Secret. */
  tls?: { secretName: string; caKey: string };
}

export interface KubernetesSummary {
  mode?: RedisMode;
  state: KubernetesState;
  plan: ProbePlan;
}

/** The API server's RFC 3339 time (`2026-01-01T00:00:00Z`) as an ISO string with milliseconds. */
export function iso(time: string | undefined): string | undefined {
  return time === undefined ? undefined : new Date(time).toISOString();
}

export function modeOf(
  resources: CustomResourceObject[],
): RedisMode | undefined {
  const replication = resources.find(
    resource => resource.kind === 'RedisReplication',
  );
  const topology = liveTopology(
    resources.map(resource => resource.kind),
    (replication?.spec?.sentinel?.size ?? 0) > 0,
  );
  return topology && topologyMode(topology);
}

function labelRole(pod: PodObject): PodLabelRole {
  const labels = pod.metadata?.labels ?? {};
  if (labels['redis-role'] === 'master') return 'master';
  if (labels['redis-role'] === 'slave') return 'replica';
  const role = labels.role;
  if (
    role === 'sentinel' ||
    role === 'standalone' ||
    role === 'leader' ||
    role === 'follower'
  )
    return role;
  return 'unknown';
}

function isSentinelPod(pod: PodObject): boolean {
  return pod.metadata?.labels?.role === 'sentinel';
}

function operatorStatus(
  resource: CustomResourceObject,
): Record<string, string | number> {
  const status: Record<string, string | number> = {};
  for (const [field, value] of Object.entries(resource.status ?? {})) {
    if (typeof value === 'string' || typeof value === 'number')
      status[field] = value;
  }
  return status;
}

export function summarizeKubernetes(
  snapshot: KubernetesSnapshot,
  instanceName: string,
): KubernetesSummary {
  const zoneOfNode = new Map(
    (snapshot.nodes ?? []).map(node => [
      node.metadata?.name,
      node.metadata?.labels?.[ZONE_LABEL],
    ]),
  );
  const mode = modeOf(snapshot.customResources);
  const access = redisAccessRefs(snapshot.customResources);
  const { dataPort, sentinelPort } = access;

  const pods: Record<string, PodState> = {};
  const plan: ProbePlan = {
    dataNodes: [],
    dataPort,
    sentinels: [],
    sentinelMasterName: access.sentinelMasterName,
    dataPassword: access.dataPassword,
    sentinelPassword: access.sentinelPassword,
    tls: access.tls,
  };
  const claimOwner = new Map<string, string>();
  const byName = [...snapshot.pods].sort((a, b) =>
    (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
  );
  for (const pod of byName) {
    const name = pod.metadata?.name ?? '';
    const ip = pod.status?.podIP;
    pods[name] = {
      role: labelRole(pod),
      phase: pod.status?.phase ?? 'Unknown',
      ready:
        pod.status?.conditions?.some(
          condition =>
            condition.type === 'Ready' && condition.status === 'True',
        ) ?? false,
      restarts: (pod.status?.containerStatuses ?? []).reduce(
        (sum, container) => sum + container.restartCount,
        0,
      ),
      node: pod.spec?.nodeName,
      zone: zoneOfNode.get(pod.spec?.nodeName),
      ip,
      startedAt: iso(pod.status?.startTime),
    };
    for (const volume of pod.spec?.volumes ?? []) {
      if (volume.persistentVolumeClaim)
        claimOwner.set(volume.persistentVolumeClaim.claimName, name);
    }
    if (!ip) continue;
    if (isSentinelPod(pod))
      plan.sentinels.push({ pod: name, host: ip, port: sentinelPort });
    else plan.dataNodes.push({ pod: name, host: ip, port: dataPort });
  }

  const ownName = (name: string | undefined) =>
    name !== undefined &&
    (name === instanceName || name.startsWith(`${instanceName}-`));
  const events: KubernetesEvent[] = snapshot.events
    .filter(event => ownName(event.involvedObject?.name))
    .map(event => ({
      type: event.type ?? 'Normal',
      reason: event.reason ?? '',
      message: event.message ?? '',
      object: `${event.involvedObject.kind}/${event.involvedObject.name}`,
      count: event.count ?? 1,
      lastSeen: iso(
        event.lastTimestamp ??
          event.eventTime ??
          event.metadata?.creationTimestamp,
      ),
    }))
    .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))
    .slice(0, MAX_EVENTS);

  const state: KubernetesState = {
    customResources: snapshot.customResources.map(resource => ({
      kind: resource.kind,
      name: resource.metadata.name,
      createdAt: iso(resource.metadata.creationTimestamp),
      operatorStatus: operatorStatus(resource),
    })),
    statefulSets: snapshot.statefulSets.map(set => ({
      name: set.metadata?.name ?? '',
      desiredReplicas: set.spec?.replicas ?? 1,
      readyReplicas: set.status?.readyReplicas ?? 0,
      updated: (set.status?.updatedReplicas ?? 0) === (set.spec?.replicas ?? 1),
    })),
    pods,
    volumeClaims: snapshot.volumeClaims
      .filter(claim => claimOwner.has(claim.metadata?.name ?? ''))
      .map(claim => ({
        name: claim.metadata?.name ?? '',
        pod: claimOwner.get(claim.metadata?.name ?? ''),
        size:
          claim.status?.capacity?.storage ??
          claim.spec?.resources?.requests?.storage,
        phase: claim.status?.phase ?? 'Unknown',
      })),
    events,
  };
  return { mode, state, plan };
}
