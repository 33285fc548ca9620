// Whether an instance is ready and, if not, why: a pure assessment of what the cluster reports.
import {
  redisTopology,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import { INSTALL_OPERATOR_HINT } from '../cluster/kubernetesErrors';

export interface ExpectedStatefulSet {
  name: string;
  replicas: number;
}

/**
 * The StatefulSets the operator creates for an instance (FACTS.md §3) and their pod counts.
 *
 * @public
 */
export function expectedStatefulSets(
  config: ResolvedInstance,
): ExpectedStatefulSet[] {
  return redisTopology(config).groups.map(group => ({
    name: group.statefulSet,
    replicas: group.pods,
  }));
}

/** The operator kind whose status says more than its pods do, if the instance has one (FACTS.md §2). */
export function statusKind(
  config: ResolvedInstance,
): 'RedisCluster' | 'RedisReplication' | undefined {
  const { dataKind } = redisTopology(config);
  return dataKind === 'Redis' ? undefined : dataKind;
}

/**
 * What one poll saw, in the shape of the API objects (only the fields we read).
 *
 * @public
 */
export interface ObservedState {
  statefulSets: {
    metadata?: { name?: string; uid?: string };
    spec?: { replicas?: number };
    /** `replicas`: the pods the statefulset controller has created. */
    status?: { replicas?: number; readyReplicas?: number };
  }[];
  customResource?: {
    status?: { state?: string; reason?: string; masterNode?: string };
  };
  pods: {
    metadata?: { name?: string };
    spec?: { volumes?: { persistentVolumeClaim?: { claimName?: string } }[] };
    status?: {
      phase?: string;
      conditions?: {
        type?: string;
        status?: string;
        reason?: string;
        message?: string;
      }[];
      containerStatuses?: {
        name?: string;
        state?: { waiting?: { reason?: string; message?: string } };
      }[];
      initContainerStatuses?: {
        name?: string;
        state?: { waiting?: { reason?: string; message?: string } };
      }[];
    };
  }[];
  schedulingEvents?: {
    involvedObject?: { name?: string };
    reason?: string;
    message?: string;
  }[];
  /** The statefulset controller's `FailedCreate` events: a pod it could not create, and why. */
  podCreationEvents?: {
    involvedObject?: { kind?: string; name?: string; uid?: string };
    reason?: string;
    message?: string;
    lastTimestamp?: string;
    eventTime?: string;
  }[];
  claims?: {
    metadata?: { name?: string };
    spec?: { storageClassName?: string };
    status?: { phase?: string };
  }[];
}

/** @public */
export interface ReadinessAssessment {
  ready: boolean;
  /**
   * Set when nothing reconciles the instance: no StatefulSet of it exists after the grace period.
   * Waiting longer does not help, so the wait stops with this diagnosis.
   */
  notReconciled?: string;
  /** One line for the task log, e.g. "pods ready 2/6 (orders-cache 2/3, orders-cache-sentinel 0/3)". */
  progress: string;
  /** Stuck states a person can act on; empty when nothing looks wrong yet. */
  problems: string[];
}

const IMAGE_PULL_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
]);

function podProblems(state: ObservedState): string[] {
  const problems: string[] = [];
  const unboundClaims = new Map(
    (state.claims ?? [])
      .filter(claim => claim.status?.phase !== 'Bound')
      .map(claim => [claim.metadata?.name, claim]),
  );
  for (const pod of state.pods) {
    const name = pod.metadata?.name ?? '?';
    const waiting = [
      ...(pod.status?.initContainerStatuses ?? []),
      ...(pod.status?.containerStatuses ?? []),
    ];
    for (const container of waiting) {
      const reason = container.state?.waiting?.reason;
      if (reason && IMAGE_PULL_REASONS.has(reason)) {
        problems.push(
          `pod ${name}: container ${
            container.name
          } cannot pull its image (${reason}${
            container.state?.waiting?.message
              ? `: ${container.state.waiting.message}`
              : ''
          }); check the image name and the node's access to the registry`,
        );
      } else if (reason === 'CrashLoopBackOff') {
        problems.push(
          `pod ${name}: container ${container.name} keeps crashing; see kubectl logs ${name} -c ${container.name} --previous`,
        );
      }
    }
    if (pod.status?.phase !== 'Pending') continue;
    const scheduled = pod.status?.conditions?.find(
      condition => condition.type === 'PodScheduled',
    );
    if (scheduled?.status === 'False') {
      const events = (state.schedulingEvents ?? []).filter(
        event => event.involvedObject?.name === name,
      );
      const reason = events.length
        ? events[events.length - 1].message
        : scheduled.message;
      problems.push(
        `pod ${name} is Pending and cannot be scheduled: ${
          reason ?? scheduled.reason ?? 'no reason given'
        }`,
      );
    }
    for (const volume of pod.spec?.volumes ?? []) {
      const claimName = volume.persistentVolumeClaim?.claimName;
      const claim = claimName ? unboundClaims.get(claimName) : undefined;
      if (claim) {
        problems.push(
          `PersistentVolumeClaim ${claimName} of pod ${name} is not bound (${
            claim.status?.phase ?? 'Pending'
          }, storageClass ${
            claim.spec?.storageClassName ?? 'default'
          }); check that the StorageClass exists and its provisioner (EBS CSI driver) runs`,
        );
      }
    }
  }
  return problems;
}

/**
 * The instance's StatefulSets that exist but have fewer pods than the instance wants: the only case
 * in which the statefulset controller's FailedCreate events are worth reading.
 */
export function statefulSetsMissingPods(
  config: ResolvedInstance,
  statefulSets: ObservedState['statefulSets'],
): string[] {
  return expectedStatefulSets(config)
    .filter(({ name, replicas }) => {
      const statefulSet = statefulSets.find(s => s.metadata?.name === name);
      return statefulSet && (statefulSet.status?.replicas ?? 0) < replicas;
    })
    .map(({ name }) => name);
}

/** What to do about a refused pod, from the admission message the controller quotes. */
function podCreationRemedy(message: string): string {
  if (/no PriorityClass with name/.test(message))
    return 'create the PriorityClass (the controller retries on its own) or remove priorityClassName from the order and apply again';
  if (/service ?account/i.test(message))
    return 'create the ServiceAccount in the namespace (the controller retries on its own) or remove serviceAccount from the order and apply again';
  if (/exceeded quota|must specify limits/.test(message))
    return "raise the namespace's ResourceQuota or LimitRange, or lower the order's resources and apply again";
  return 'fix what the message names; the statefulset controller retries on its own';
}

function podCreationProblems(
  config: ResolvedInstance,
  state: ObservedState,
): string[] {
  const problems: string[] = [];
  for (const name of statefulSetsMissingPods(config, state.statefulSets)) {
    const uid = state.statefulSets.find(s => s.metadata?.name === name)
      ?.metadata?.uid;
    // The uid keeps out the events of an earlier StatefulSet of the same name.
    const events = (state.podCreationEvents ?? [])
      .filter(
        event =>
          event.reason === 'FailedCreate' &&
          event.involvedObject?.name === name &&
          (!uid ||
            !event.involvedObject.uid ||
            event.involvedObject.uid === uid),
      )
      .sort((a, b) =>
        (a.lastTimestamp ?? a.eventTime ?? '').localeCompare(
          b.lastTimestamp ?? b.eventTime ?? '',
        ),
      );
    const latest = events[events.length - 1]?.message;
    if (!latest) continue;
    // The controller's own prefix repeats what the line says already; the admission error follows it.
    const message = latest.replace(
      /^create Pod \S+ in StatefulSet \S+ failed error: /,
      '',
    );
    problems.push(
      `StatefulSet ${name} cannot create its pods: ${message}; ${podCreationRemedy(
        message,
      )}`,
    );
  }
  return problems;
}

/** How long StatefulSets may be missing before the operator is blamed: its first reconcile may queue behind others. */
export const DEFAULT_OPERATOR_GRACE_MS = 90_000;

/**
 * Decides readiness from one observation; `waitedMs` lets it blame a missing operator only after a while.
 *
 * @public
 */
export function assessReadiness(
  config: ResolvedInstance,
  state: ObservedState,
  waitedMs: number,
  operatorGraceMs = DEFAULT_OPERATOR_GRACE_MS,
): ReadinessAssessment {
  const expected = expectedStatefulSets(config);
  let readyPods = 0;
  let wantedPods = 0;
  const parts: string[] = [];
  for (const { name, replicas } of expected) {
    const statefulSet = state.statefulSets.find(
      candidate => candidate.metadata?.name === name,
    );
    const ready = Math.min(statefulSet?.status?.readyReplicas ?? 0, replicas);
    readyPods += ready;
    wantedPods += replicas;
    parts.push(
      `${name} ${statefulSet ? `${ready}/${replicas}` : 'not created yet'}`,
    );
  }
  const problems = [
    ...podCreationProblems(config, state),
    ...podProblems(state),
  ];
  const missing = expected.filter(
    ({ name }) => !state.statefulSets.some(s => s.metadata?.name === name),
  );
  const graceOver = waitedMs >= operatorGraceMs;
  const notReconciled =
    graceOver && missing.length === expected.length
      ? `No StatefulSet was created for ${redisTopology(config).dataKind} ${
          config.flavour.namespace
        }/${config.name} after ${Math.round(
          waitedMs / 1000,
        )}s: is the Opstree Redis Operator running in this cluster? If it is not installed, ${INSTALL_OPERATOR_HINT}. The objects are applied; the operator creates the pods once it runs.`
      : undefined;
  if (missing.length > 0 && graceOver && !notReconciled) {
    problems.push(
      `the operator has not created StatefulSet ${missing
        .map(m => m.name)
        .join(', ')} after ${Math.round(
        waitedMs / 1000,
      )}s; is the Opstree Redis Operator running? (${INSTALL_OPERATOR_HINT})`,
    );
  }

  let statusReady = true;
  let statusNote = '';
  const kind = statusKind(config);
  const status = state.customResource?.status;
  if (kind === 'RedisCluster') {
    statusReady = status?.state === 'Ready';
    statusNote = `; RedisCluster ${status?.state ?? 'has no state yet'}${
      status?.reason ? ` (${status.reason})` : ''
    }`;
    if (status?.state === 'Failed')
      problems.push(
        `RedisCluster ${config.name} failed: ${
          status.reason ?? 'no reason given'
        }`,
      );
  } else if (kind === 'RedisReplication') {
    statusReady = Boolean(status?.masterNode);
    statusNote = `; master ${status?.masterNode ?? 'not elected yet'}`;
  }
  return {
    ready: readyPods === wantedPods && missing.length === 0 && statusReady,
    notReconciled,
    progress: `pods ready ${readyPods}/${wantedPods} (${parts.join(
      ', ',
    )})${statusNote}`,
    problems,
  };
}
