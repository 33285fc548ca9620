// Which objects a rendered selector picks: Kubernetes label selectors and the Prometheus operator's ServiceMonitor.
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

interface Labelled {
  metadata: { namespace?: string; labels?: Record<string, string> };
}

/** metav1.LabelSelector semantics: every matchLabels pair and every expression must hold; a malformed selector throws. */
export function labelSelectorMatches(
  selector: LabelSelector,
  labels: Record<string, string> = {},
): boolean {
  const has = (key: string) => Object.hasOwn(labels, key);
  const pairs = Object.entries(selector.matchLabels ?? {});
  return (
    pairs.every(([key, value]) => has(key) && labels[key] === value) &&
    (selector.matchExpressions ?? []).every(({ key, operator, values }) => {
      const needsValues = operator === 'In' || operator === 'NotIn';
      if (needsValues !== (values ?? []).length > 0)
        throw new Error(
          `${operator} on ${key} ${needsValues ? 'needs' : 'takes no'} values`,
        );
      switch (operator) {
        case 'In':
          return has(key) && values!.includes(labels[key]);
        case 'NotIn':
          return !has(key) || !values!.includes(labels[key]);
        case 'Exists':
          return has(key);
        case 'DoesNotExist':
          return !has(key);
        default:
          throw new Error(`unknown label selector operator ${operator}`);
      }
    })
  );
}

interface ServiceMonitor {
  metadata: { namespace: string };
  spec: {
    selector: LabelSelector;
    namespaceSelector?: { any?: boolean; matchNames?: string[] };
  };
}

/** Whether Prometheus would discover the Service through the ServiceMonitor; without a namespaceSelector, only its own namespace. */
export function serviceMonitorSelects(
  monitor: ServiceMonitor,
  service: Labelled,
): boolean {
  const { any, matchNames = [] } = monitor.spec.namespaceSelector ?? {};
  const namespaces = matchNames.length
    ? matchNames
    : [monitor.metadata.namespace];
  return (
    (any === true || namespaces.includes(service.metadata.namespace ?? '')) &&
    labelSelectorMatches(monitor.spec.selector, service.metadata.labels)
  );
}
