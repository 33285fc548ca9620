// Polls an instance's StatefulSets, custom resource and pods until it is ready, reporting progress.
import { ServiceUnavailableError } from '@backstage/errors';
import {
  OPERATOR_API_VERSION,
  instanceLabelSelector,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import type { KubernetesCluster } from '../cluster/clusterAccess';
import {
  assessReadiness,
  statefulSetsMissingPods,
  statusKind,
  type ObservedState,
  type ReadinessAssessment,
} from './readiness';

/** @public */
export interface WaitOptions {
  /** Default 10 minutes: pulling images and provisioning EBS volumes take minutes. */
  timeoutMs?: number;
  /** Default 5 seconds. */
  pollIntervalMs?: number;
  /**
   * How long the StatefulSets may be missing before the operator is blamed; default 90 seconds. When
   * none exists by then, the wait stops instead of running into its timeout.
   */
  operatorGraceMs?: number;
}

async function observe(
  cluster: KubernetesCluster,
  config: ResolvedInstance,
): Promise<ObservedState> {
  const namespace = config.flavour.namespace;
  // The operator copies the custom resource's labels onto its StatefulSets and pods.
  const labelSelector = instanceLabelSelector({ name: config.name, namespace });
  const kind = statusKind(config);
  const [statefulSets, pods, customResources] = await Promise.all([
    cluster.list({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      namespace,
      labelSelector,
    }),
    cluster.list({ apiVersion: 'v1', kind: 'Pod', namespace, labelSelector }),
    kind
      ? cluster.list({
          apiVersion: OPERATOR_API_VERSION,
          kind,
          namespace,
          fieldSelector: `metadata.name=${config.name}`,
        })
      : Promise.resolve([]),
  ]);
  const state: ObservedState = {
    statefulSets: statefulSets as ObservedState['statefulSets'],
    pods: pods as ObservedState['pods'],
    customResource: customResources[0] as ObservedState['customResource'],
  };
  // Pods the controller could not create leave only FailedCreate events on their StatefulSet.
  if (statefulSetsMissingPods(config, state.statefulSets).length > 0) {
    state.podCreationEvents = (await cluster.list({
      apiVersion: 'v1',
      kind: 'Event',
      namespace,
      fieldSelector: 'involvedObject.kind=StatefulSet,reason=FailedCreate',
    })) as ObservedState['podCreationEvents'];
  }
  // Events and claims are read only when a pod is stuck in Pending, to keep polls cheap.
  if (state.pods.some(pod => pod.status?.phase === 'Pending')) {
    const [events, claims] = await Promise.all([
      cluster.list({
        apiVersion: 'v1',
        kind: 'Event',
        namespace,
        fieldSelector: 'involvedObject.kind=Pod,reason=FailedScheduling',
      }),
      cluster.list({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        namespace,
      }),
    ]);
    state.schedulingEvents = events as ObservedState['schedulingEvents'];
    state.claims = claims as ObservedState['claims'];
  }
  return state;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Waits until every StatefulSet of the instance has all pods ready and the custom resource's status
 * agrees (RedisCluster Ready, RedisReplication has a master). Reports each changed state through
 * `onProgress`; on timeout throws a ServiceUnavailableError with the diagnosis.
 *
 * @public
 */
export async function waitForReady(
  cluster: KubernetesCluster,
  config: ResolvedInstance,
  options: WaitOptions & {
    onProgress?: (message: string) => void;
    signal?: AbortSignal;
  } = {},
): Promise<ReadinessAssessment> {
  const timeoutMs = options.timeoutMs ?? 600_000;
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  const started = Date.now();
  let lastMessage = '';
  for (;;) {
    const waited = Date.now() - started;
    const assessment = assessReadiness(
      config,
      await observe(cluster, config),
      waited,
      options.operatorGraceMs,
    );
    const message = [assessment.progress, ...assessment.problems].join('; ');
    if (message !== lastMessage) {
      options.onProgress?.(`${config.name}: ${message}`);
      lastMessage = message;
    }
    if (assessment.ready) return assessment;
    if (assessment.notReconciled) {
      throw new ServiceUnavailableError(assessment.notReconciled);
    }
    if (options.signal?.aborted) {
      throw new ServiceUnavailableError(
        `Stopped waiting for ${config.name}: ${assessment.progress}`,
      );
    }
    if (waited >= timeoutMs) {
      const why = assessment.problems.length
        ? assessment.problems.join('; ')
        : 'no stuck state found; the pods may only need more time';
      throw new ServiceUnavailableError(
        `${config.name} was not ready after ${Math.round(timeoutMs / 1000)}s: ${
          assessment.progress
        }. ${why}`,
      );
    }
    await sleep(
      Math.min(pollIntervalMs, Math.max(timeoutMs - waited, 0)),
      options.signal,
    );
  }
}
