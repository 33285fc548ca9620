/**
 * Node library of the Redis portal: cluster access, server-side apply with dry-run and prune,
 * diff, and wait-for-ready.
 *
 * @packageDocumentation
 */

export {
  clusterAccessFromConfig,
  clusterAccessFromKubeconfig,
  IN_CLUSTER_TOKEN_FILE,
} from './cluster/clusterAccess';
export type { ClusterAccess, KubernetesCluster } from './cluster/clusterAccess';
export {
  kubernetesError,
  INSTALL_OPERATOR_HINT,
} from './cluster/kubernetesErrors';
export type { KubernetesRequest } from './cluster/kubernetesErrors';
export {
  applyInstance,
  objectRef,
  PRUNABLE_KINDS,
} from './apply/applyInstance';
export type {
  ApplyInstanceOptions,
  ApplyInstanceResult,
  ObjectResult,
} from './apply/applyInstance';
export { checkNamedReferences, namedReferences } from './apply/preflight';
export type { NamedReference } from './apply/preflight';
export { diffObject } from './apply/diff';
export type { FieldChange } from './apply/diff';
export { waitForReady } from './apply/waitForReady';
export type { WaitOptions } from './apply/waitForReady';
export { assessReadiness, expectedStatefulSets } from './apply/readiness';
export type { ObservedState, ReadinessAssessment } from './apply/readiness';
export type { ApiObject, WriteOptions } from './cluster/clusterAccess';
export { withTimeout } from './cluster/withTimeout';
