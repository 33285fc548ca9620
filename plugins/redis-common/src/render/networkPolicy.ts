import type { ResolvedInstance } from '../schema/types';
import {
  CLUSTER_BUS_PORT,
  EXPORTER_PORT,
  OPERATOR_NAMESPACE,
  REDIS_PORT,
  SENTINEL_PORT,
  instanceLabels,
  objectNames,
  type KubernetesObject,
} from './conventions';

const fromNamespace = (namespace: string) => ({
  // Set by Kubernetes on every namespace, so nobody has to label client namespaces by hand.
  namespaceSelector: {
    matchLabels: { 'kubernetes.io/metadata.name': namespace },
  },
});
const tcp = (port: number) => ({ protocol: 'TCP', port });

/** Admits clients from the instance namespace, the listed namespaces and the operator; nothing else. */
export function renderNetworkPolicy(
  config: ResolvedInstance,
): KubernetesObject | undefined {
  const { flavour, name } = config;
  if (!flavour.networkPolicy.enabled) return undefined;
  const instancePods = {
    'app.kubernetes.io/name': 'redis',
    'app.kubernetes.io/instance': name,
  };
  const clientPorts =
    flavour.deploymentMode === 'sentinel'
      ? [tcp(REDIS_PORT), tcp(SENTINEL_PORT)]
      : [tcp(REDIS_PORT)];
  const clientNamespaces = [
    ...new Set([
      OPERATOR_NAMESPACE,
      ...(flavour.networkPolicy.allowedNamespaces ?? []),
    ]),
  ]
    .filter(namespace => namespace !== flavour.namespace)
    .sort();
  const ingress: unknown[] = [
    {
      from: [{ podSelector: {} }, ...clientNamespaces.map(fromNamespace)],
      ports: clientPorts,
    },
  ];
  if (flavour.deploymentMode === 'cluster') {
    ingress.push({
      from: [{ podSelector: { matchLabels: instancePods } }],
      ports: [tcp(CLUSTER_BUS_PORT)],
    });
  }
  if (flavour.metrics.enabled) {
    ingress.push({
      from: [fromNamespace(flavour.metrics.serviceMonitor.namespace)],
      ports: [tcp(EXPORTER_PORT)],
    });
  }
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: objectNames(name).networkPolicy,
      namespace: flavour.namespace,
      labels: instanceLabels(name, flavour.namespace),
    },
    spec: {
      podSelector: { matchLabels: instancePods },
      policyTypes: ['Ingress'],
      ingress,
    },
  };
}
