import { senXMetricsService } from '../__fixtures__/replicationMetricsService';
import {
  REDIS_EXPORTER_SERIES_VERSION,
  redisExporterSeries,
} from '../__fixtures__/redisExporterSeries';
import {
  observedOrders,
  type ObservedObject,
} from '../__testUtils__/operatorReference';
import {
  labelSelectorMatches,
  serviceMonitorSelects,
} from '@internal/redis-test-utils';
import { validateInstance } from '../validate/validateInstance';
import { EXPORTER_IMAGE, EXPORTER_PORT } from './conventions';
import { renderManifests } from './renderManifests';

type Order = Record<string, any>;

// Throws when the reference is missing: these tests must fail then, not pass on nothing.
const observed = observedOrders();
const observedOrder = (name: string) => {
  const found = observed.find(o => o.name === name);
  if (!found) throw new Error(`observed order ${name} is missing`);
  return found.order;
};
/** Every Service the operator made for the observed orders, plus the derived RedisReplication metrics Service. */
const services: ObservedObject[] = [
  ...observed.flatMap(o => o.objects.filter(x => x.kind === 'Service')),
  senXMetricsService,
];

function withMetrics(order: Order): Order {
  const metrics = order.flavour.metrics ?? {};
  return {
    ...order,
    flavour: {
      ...order.flavour,
      metrics: {
        ...metrics,
        enabled: true,
        serviceMonitor: { ...metrics.serviceMonitor, enabled: true },
      },
    },
  };
}

/** sen-x without its sentinels: the same RedisReplication, so the same operator Services. */
function asReplication(order: Order): Order {
  const { sentinel: _, ...flavour } = order.flavour;
  return { ...order, flavour: { ...flavour, deploymentMode: 'standalone' } };
}

function render(order: Order) {
  const result = validateInstance(order);
  expect(result.errors).toEqual([]);
  const objects = renderManifests(result.config!);
  const one = (kind: string) => objects.find(o => o.kind === kind) as any;
  return {
    config: result.config!,
    monitor: one('ServiceMonitor'),
    rule: one('PrometheusRule'),
  };
}

const names = (objects: ObservedObject[]) =>
  objects.map(o => o.metadata.name).sort();

/** The `-metrics` Services the operator made for the instance: owned by its custom resource, in its namespace. */
const metricsServicesOf = (name: string, namespace: string) =>
  services.filter(
    s =>
      s.metadata.namespace === namespace &&
      s.metadata.name.endsWith('-metrics') &&
      s.metadata.ownerReferences?.some(r => r.controller && r.name === name),
  );

const cases: [string, Order][] = [
  ...observed.map(
    ({ name, order }) =>
      [
        order.flavour.metrics?.enabled
          ? `${name} (observed)`
          : `${name} (observed, metrics switched on)`,
        withMetrics(order),
      ] as [string, Order],
  ),
  [
    'sen-x as replication without sentinels (metrics switched on)',
    withMetrics(asReplication(observedOrder('sen-x'))),
  ],
];

describe('ServiceMonitor against the Services the real operator made', () => {
  it('has the observed standalone, cluster and sentinel orders', () => {
    expect(observed.map(o => o.name)).toEqual(
      expect.arrayContaining(['std-max', 'clu-max', 'sen-x']),
    );
  });

  it.each(cases)(
    '%s: selects exactly the operator metrics Services, on the exporter port',
    (_, order) => {
      const { config, monitor } = render(order);
      const namespace = config.flavour.namespace;
      const expected = names(metricsServicesOf(config.name, namespace));
      expect(expected).not.toEqual([]);
      const selected = services.filter(s => serviceMonitorSelects(monitor, s));
      expect(names(selected)).toEqual(expected);
      // The ServiceMonitor lives in Prometheus' namespace, so only namespaceSelector keeps it in the instance's.
      expect(monitor.metadata.namespace).not.toBe(namespace);
      expect(monitor.spec.namespaceSelector).toEqual({
        matchNames: [namespace],
      });
      const [endpoint] = monitor.spec.endpoints;
      for (const service of selected)
        expect(service.spec.ports).toContainEqual(
          expect.objectContaining({ name: endpoint.port, port: EXPORTER_PORT }),
        );
    },
  );

  it.each(cases)('%s: the alerts name the same Services', (_, order) => {
    const { config, rule } = render(order);
    const namespace = config.flavour.namespace;
    for (const { expr } of rule.spec.groups[0].rules) {
      const [, ns, service] = /namespace="([^"]+)",service=~"([^"]+)"/.exec(
        expr,
      )!;
      expect(ns).toBe(namespace);
      // Prometheus anchors label regexes at both ends.
      const pattern = new RegExp(`^(?:${service})$`);
      expect(
        names(
          services.filter(
            s =>
              s.metadata.namespace === namespace &&
              pattern.test(s.metadata.name),
          ),
        ),
      ).toEqual(names(metricsServicesOf(config.name, namespace)));
    }
  });

  it('selects nothing for a namesake in another namespace', () => {
    const order = observedOrder('std-max');
    const { monitor } = render({
      ...order,
      flavour: { ...order.flavour, namespace: 'elsewhere' },
    });
    expect(services.filter(s => serviceMonitorSelects(monitor, s))).toEqual([]);
  });
});

describe('alert expressions', () => {
  it('renders the exporter the series list is of', () => {
    expect(EXPORTER_IMAGE).toBe(
      `quay.io/opstree/redis-exporter:${REDIS_EXPORTER_SERIES_VERSION}`,
    );
  });

  it.each(cases)(
    '%s: every alert uses only series redis_exporter exports',
    (_, order) => {
      const { rule } = render(order);
      const rules: { alert: string; expr: string }[] =
        rule.spec.groups[0].rules;
      // A metric name is the identifier right before a `{` label matcher.
      const metricsOf = (expr: string) =>
        expr.match(/[a-zA-Z_:][a-zA-Z0-9_:]*(?=\{)/g) ?? [];
      expect(rules.filter(r => metricsOf(r.expr).length === 0)).toEqual([]);
      const unknown = rules.flatMap(({ alert, expr }) =>
        metricsOf(expr)
          .filter(metric => !redisExporterSeries.includes(metric))
          .map(metric => `${alert}: ${metric}`),
      );
      expect(unknown).toEqual([]);
    },
  );
});

describe('the label selector evaluator of these tests', () => {
  const labels = { app: 'a', role: 'leader' };
  it.each([
    [{ matchLabels: { app: 'a' } }, true],
    [{ matchLabels: { app: 'a', tier: 'x' } }, false],
    [
      {
        matchExpressions: [{ key: 'app', operator: 'In', values: ['b', 'a'] }],
      },
      true,
    ],
    [
      { matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] },
      false,
    ],
    [
      { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a'] }] },
      false,
    ],
    [
      { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['a'] }] },
      true,
    ],
    [{ matchExpressions: [{ key: 'role', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'role', operator: 'DoesNotExist' }] }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, true],
    [{}, true],
  ])('%j on app=a,role=leader is %s', (selector, matches) => {
    expect(labelSelectorMatches(selector, labels)).toBe(matches);
  });

  it('refuses malformed expressions', () => {
    for (const expression of [
      { key: 'app', operator: 'In', values: [] },
      { key: 'app', operator: 'Exists', values: ['a'] },
      { key: 'app', operator: 'Equals', values: ['a'] },
    ])
      expect(() =>
        labelSelectorMatches({ matchExpressions: [expression] }, labels),
      ).toThrow();
  });

  it('keeps a ServiceMonitor without namespaceSelector to its own namespace', () => {
    const monitor = (namespaceSelector?: object) => ({
      metadata: { namespace: 'monitoring' },
      spec: { selector: {}, namespaceSelector },
    });
    const service = (namespace: string) => ({ metadata: { namespace } });
    expect(serviceMonitorSelects(monitor(), service('monitoring'))).toBe(true);
    expect(serviceMonitorSelects(monitor(), service('shop'))).toBe(false);
    expect(serviceMonitorSelects(monitor({ any: true }), service('shop'))).toBe(
      true,
    );
    expect(
      serviceMonitorSelects(monitor({ matchNames: ['shop'] }), service('shop')),
    ).toBe(true);
  });
});
