// The names the Opstree Redis Operator derives from an instance's name, in one place: its
// StatefulSets and their Services, as the real operator made them (reference/redis-operator/observed).
import type { PodRole } from './topology';

/** The StatefulSet of a role, whose pods carry `app: <statefulSet>`: `N`, `N-leader`, `N-follower`, `N-sentinel`. */
export function statefulSetName(name: string, role: PodRole): string {
  return role === 'redis' ? name : `${name}-${role}`;
}

/** The Services the operator makes beside every StatefulSet. */
export const statefulSetServices = {
  /** The one `service.type` applies to: the way in from outside the cluster. */
  additional: (statefulSet: string) => `${statefulSet}-additional`,
  /** The exporter's, when metrics are on. */
  metrics: (statefulSet: string) => `${statefulSet}-metrics`,
};

/**
 * The Services of an instance as a whole: a replication's (sentinel's) master and replicas, which
 * follow the pods' `redis-role` labels, and the cluster's masters; the sentinels' and the
 * cluster leaders' are their StatefulSets' names.
 */
export const instanceServices = {
  master: (name: string) => `${name}-master`,
  replica: (name: string) => `${name}-replica`,
  sentinel: (name: string) => statefulSetName(name, 'sentinel'),
  leader: (name: string) => statefulSetName(name, 'leader'),
};
