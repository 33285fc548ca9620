// Scheduling and security settings of the pods the operator creates.
import type { ResolvedInstance } from '../schema/types';
import { statefulSetName } from '../operatorNames';

export type LabelSelector =
  | { matchLabels: Record<string, string> }
  | { matchExpressions: { key: string; operator: 'In'; values: string[] }[] };

/** Selects a role's pods by the labels the operator itself puts on them. */
export function operatorPodSelector(
  name: string,
  role: 'redis' | 'cluster' | 'sentinel',
): LabelSelector {
  if (role === 'cluster') {
    return {
      matchExpressions: [
        {
          key: 'app',
          operator: 'In',
          values: [
            statefulSetName(name, 'leader'),
            statefulSetName(name, 'follower'),
          ],
        },
      ],
    };
  }
  return {
    matchLabels: {
      app: statefulSetName(name, role === 'sentinel' ? 'sentinel' : 'redis'),
    },
  };
}

export function podAntiAffinity(
  config: ResolvedInstance,
  selector: LabelSelector,
) {
  const term = {
    labelSelector: selector,
    topologyKey: 'kubernetes.io/hostname',
  };
  return config.flavour.antiAffinity === 'required'
    ? {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [term],
        },
      }
    : {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 100, podAffinityTerm: term },
          ],
        },
      };
}

export function topologySpread(
  config: ResolvedInstance,
  selector: LabelSelector,
) {
  const constraints = config.flavour.topologySpreadConstraints ?? [];
  return constraints.length === 0
    ? undefined
    : constraints.map(constraint => ({
        ...constraint,
        labelSelector: selector,
      }));
}

export function podSecurityContext(config: ResolvedInstance) {
  const { fsGroup, runAsNonRoot, runAsUser } = config.flavour.securityContext;
  return {
    fsGroup,
    runAsNonRoot,
    runAsUser,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * The restricted container settings of the spec. The Redis image writes its generated redis.conf into
 * /etc/redis at start (operator issue #1547), so its root filesystem cannot be read-only.
 */
export function containerSecurityContext(
  config: ResolvedInstance,
  readOnlyRootFilesystem: boolean,
) {
  const { runAsNonRoot, runAsUser } = config.flavour.securityContext;
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem,
    runAsNonRoot,
    runAsUser,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Placement fields shared by pods of every role; undefined values are dropped by the caller. */
export function podPlacement(
  config: ResolvedInstance,
  selector: LabelSelector,
) {
  const { flavour } = config;
  return {
    affinity: podAntiAffinity(config, selector),
    nodeSelector:
      flavour.nodeSelector && Object.keys(flavour.nodeSelector).length > 0
        ? flavour.nodeSelector
        : undefined,
    tolerations:
      flavour.tolerations && flavour.tolerations.length > 0
        ? flavour.tolerations
        : undefined,
  };
}
