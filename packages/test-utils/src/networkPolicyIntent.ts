// What a CNI enforcing NetworkPolicy (networking.k8s.io/v1) would let through, for tests without one: ingress only.
import { labelSelectorMatches, type LabelSelector } from './selectors';

export interface PodLike {
  metadata: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  spec?: {
    containers?: {
      ports?: { name?: string; containerPort: number; protocol?: string }[];
    }[];
  };
}

export interface NamespaceLike {
  metadata: { name: string; labels?: Record<string, string> };
}

interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: unknown;
}

interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicyLike {
  metadata: { name?: string; namespace?: string };
  spec: {
    podSelector: LabelSelector;
    policyTypes?: string[];
    ingress?: { from?: PolicyPeer[]; ports?: PolicyPort[] }[];
  };
}

/** A client pod with the namespace it runs in, whose labels namespaceSelectors match. */
export interface IngressSource {
  pod: PodLike;
  namespace: NamespaceLike;
}

function peerAdmits(
  peer: PolicyPeer,
  policyNamespace: string,
  source: IngressSource,
): boolean {
  if (peer.ipBlock !== undefined)
    throw new Error('ipBlock peers name addresses, not pods: not evaluated');
  if (!peer.podSelector && !peer.namespaceSelector)
    throw new Error('a NetworkPolicy peer needs a selector');
  // Without a namespaceSelector, a podSelector picks pods in the policy's own namespace.
  const inNamespace = peer.namespaceSelector
    ? labelSelectorMatches(
        peer.namespaceSelector,
        source.namespace.metadata.labels,
      )
    : source.namespace.metadata.name === policyNamespace;
  return (
    inNamespace &&
    (!peer.podSelector ||
      labelSelectorMatches(peer.podSelector, source.pod.metadata.labels))
  );
}

/** A named port resolves to the target's container port of that name. */
function portAdmits(
  rule: PolicyPort,
  target: PodLike,
  port: number,
  protocol: string,
): boolean {
  if ((rule.protocol ?? 'TCP') !== protocol) return false;
  if (rule.port === undefined) return true;
  if (typeof rule.port === 'string') {
    const named = (target.spec?.containers ?? [])
      .flatMap(container => container.ports ?? [])
      .find(
        candidate =>
          candidate.name === rule.port &&
          (candidate.protocol ?? 'TCP') === protocol,
      );
    return named?.containerPort === port;
  }
  return port >= rule.port && port <= (rule.endPort ?? rule.port);
}

/**
 * Whether a connection from `source` to `target` on `port` is allowed by `policies` (all of them: those of
 * other namespaces or pods are skipped). A pod no ingress policy selects takes any traffic; a selected pod
 * takes only what some rule of some selecting policy admits: one of its peers (a peer's selectors all hold)
 * and one of its ports. An empty `from` or `ports` admits everything.
 */
export function ingressAllowed(
  policies: NetworkPolicyLike[],
  source: IngressSource,
  target: PodLike,
  port: number,
  protocol = 'TCP',
): boolean {
  if (source.pod.metadata.namespace !== source.namespace.metadata.name)
    throw new Error(
      `pod ${source.pod.metadata.name} is not in namespace ${source.namespace.metadata.name}`,
    );
  const namespace = target.metadata.namespace;
  if (!namespace)
    throw new Error(`pod ${target.metadata.name} names no namespace`);
  const selecting = policies.filter(
    policy =>
      policy.metadata.namespace === namespace &&
      (policy.spec.policyTypes ?? ['Ingress']).includes('Ingress') &&
      labelSelectorMatches(policy.spec.podSelector, target.metadata.labels),
  );
  if (selecting.length === 0) return true;
  return selecting.some(policy =>
    (policy.spec.ingress ?? []).some(
      rule =>
        (!rule.from?.length ||
          rule.from.some(peer => peerAdmits(peer, namespace, source))) &&
        (!rule.ports?.length ||
          rule.ports.some(candidate =>
            portAdmits(candidate, target, port, protocol),
          )),
    ),
  );
}

/** A namespace as the API server stores it: Kubernetes labels every namespace with its own name. */
export function namespaceNamed(
  name: string,
  labels: Record<string, string> = {},
): NamespaceLike {
  return {
    metadata: {
      name,
      labels: { ...labels, 'kubernetes.io/metadata.name': name },
    },
  };
}
