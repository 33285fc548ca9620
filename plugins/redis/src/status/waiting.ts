// "Ordered, waiting for pods": the instance exists in Kubernetes but serves nothing yet.
import type {
  KubernetesEvent,
  RedisStatus,
  StatefulSetState,
} from '@odin/plugin-redis-common';

export type WaitingForPods =
  /** No custom resource of the instance yet: the apply may still be running. */
  | { reason: 'noResources'; events: KubernetesEvent[] }
  /** The custom resources exist; the operator has not made any pod yet. */
  | {
      reason: 'noPods';
      statefulSets: StatefulSetState[];
      events: KubernetesEvent[];
    }
  /** Pods exist, none is ready. */
  | {
      reason: 'podsStarting';
      statefulSets: StatefulSetState[];
      events: KubernetesEvent[];
    };

/** The few newest events, warnings first: they usually say why (FailedScheduling, ImagePullBackOff, ...). */
function telling(events: KubernetesEvent[]): KubernetesEvent[] {
  const warnings = events.filter(event => event.type === 'Warning');
  return (warnings.length > 0 ? warnings : events).slice(0, 3);
}

export function waitingForPods(
  status: RedisStatus,
): WaitingForPods | undefined {
  if (status.kubernetes.status !== 'ok') return undefined;
  const { customResources, statefulSets, pods, events } =
    status.kubernetes.data;
  const podStates = Object.values(pods);
  if (customResources.length === 0 && podStates.length === 0)
    return { reason: 'noResources', events: telling(events) };
  if (podStates.length === 0)
    return { reason: 'noPods', statefulSets, events: telling(events) };
  if (!podStates.some(pod => pod.ready))
    return { reason: 'podsStarting', statefulSets, events: telling(events) };
  return undefined;
}
