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

/** The portal's pods: both selectors in one peer, so a pod must be in the namespace and carry every label. */
function fromPortal(namespace: string, podLabels: Record<string, string>) {
  return {
    ...fromNamespace(namespace),
    ...(Object.keys(podLabels).length > 0 && {
      podSelector: { matchLabels: podLabels },
    }),
  };
}

/**
 * Admits clients from the instance namespace, the listed namespaces, the operator and the portal's pods;
 * nothing else. The portal reads status on the Redis and Sentinel ports only, never the exporter's.
 */
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
  const { portal } = flavour.networkPolicy;
  const portalNamespace = portal?.namespace;
  // A portal in a namespace that is admitted whole needs no peer of its own.
  const portalPeers =
    portalNamespace !== undefined &&
    portalNamespace !== flavour.namespace &&
    !clientNamespaces.includes(portalNamespace)
      ? [fromPortal(portalNamespace, portal?.podLabels ?? {})]
      : [];
  const ingress: unknown[] = [
    {
      from: [
        { podSelector: {} },
        ...clientNamespaces.map(fromNamespace),
        ...portalPeers,
      ],
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
