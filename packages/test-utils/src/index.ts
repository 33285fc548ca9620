// The repository's shared test helpers without heavy dependencies; the fake Kubernetes API server and the
// scaffolder test backend are the subpaths ./fakeKubernetesApi and ./portalBackend.
export { flavourExamples, orderFor, specPath } from './specExamples';
export type { SpecExample } from './specExamples';
export { labelSelectorMatches, serviceMonitorSelects } from './selectors';
export type { LabelSelector } from './selectors';
export { ingressAllowed, namespaceNamed } from './networkPolicyIntent';
export type {
  IngressSource,
  NamespaceLike,
  NetworkPolicyLike,
  PodLike,
} from './networkPolicyIntent';
export { MODES } from './deploymentModes';
export type { ModeName } from './deploymentModes';
