import type { ResolvedInstance } from '../schema/types';
import { statefulSetServices } from '../operatorNames';
import { redisTopology } from '../topology';
import {
  PROMETHEUS_API_VERSION,
  instanceLabels,
  type KubernetesObject,
} from './conventions';

/**
 * Name of the ServiceMonitor and PrometheusRule, which share Prometheus' namespace with every other
 * instance: `<namespace>.<name>`. A dot, because both parts are DNS labels without one, while with a
 * dash `shop-eu` + `cache` and `shop` + `eu-cache` would meet. At most 63 + 1 + 42 characters, well
 * within the 253 of an object name.
 */
export function monitoringObjectName(config: ResolvedInstance): string {
  return `${config.flavour.namespace}.${config.name}`;
}

function metadata(config: ResolvedInstance) {
  return {
    name: monitoringObjectName(config),
    namespace: config.flavour.metrics.serviceMonitor.namespace,
    labels: instanceLabels(config.name, config.flavour.namespace),
  };
}

/**
 * Scrapes the `<statefulSet>-metrics` Services the operator creates beside each data StatefulSet with an exporter.
 * The operator labels them with its own labels only (`app: <statefulSet>`, `redis_setup_type`, `role`,
 * `app.kubernetes.io/component: metrics`), never the CR's, so `app` is what ties them to this instance.
 */
function serviceMonitor(config: ResolvedInstance): KubernetesObject {
  // Sentinels get no exporter (customResources.ts), so only the data StatefulSets have a metrics Service.
  const exported = redisTopology(config)
    .groups.filter(group => group.role !== 'sentinel')
    .map(group => group.statefulSet);
  return {
    apiVersion: PROMETHEUS_API_VERSION,
    kind: 'ServiceMonitor',
    metadata: metadata(config),
    spec: {
      selector: {
        matchLabels: { 'app.kubernetes.io/component': 'metrics' },
        matchExpressions: [{ key: 'app', operator: 'In', values: exported }],
      },
      namespaceSelector: { matchNames: [config.flavour.namespace] },
      endpoints: [
        {
          port: 'redis-exporter',
          path: '/metrics',
          interval: config.flavour.metrics.serviceMonitor.interval,
        },
      ],
    },
  };
}

/** The spec's five recommended alerts, limited to this instance's exporter series. */
function prometheusRule(config: ResolvedInstance): KubernetesObject {
  const exporters = redisTopology(config)
    .groups.filter(group => group.role !== 'sentinel')
    .map(group => statefulSetServices.metrics(group.statefulSet))
    .join('|');
  const series = `{namespace="${config.flavour.namespace}",service=~"${exporters}"}`;
  const alert = (
    name: string,
    expr: string,
    duration: string,
    severity: string,
    summary: string,
  ) => ({
    alert: name,
    expr,
    for: duration,
    labels: { severity, redis_instance: config.name },
    annotations: {
      summary: `${summary} ({{ $labels.pod }} of ${config.flavour.namespace}/${config.name})`,
    },
  });
  const hits = `rate(redis_keyspace_hits_total${series}[5m])`;
  const misses = `rate(redis_keyspace_misses_total${series}[5m])`;
  return {
    apiVersion: PROMETHEUS_API_VERSION,
    kind: 'PrometheusRule',
    metadata: metadata(config),
    spec: {
      groups: [
        {
          name: `redis-${config.flavour.namespace}-${config.name}`,
          rules: [
            alert(
              'RedisDown',
              `redis_up${series} == 0`,
              '1m',
              'critical',
              'Redis is down',
            ),
            alert(
              'RedisHighMemoryUsage',
              // Without maxmemory the exporter reports 0; the filter avoids dividing by it.
              `redis_memory_used_bytes${series} / (redis_memory_max_bytes${series} > 0) > 0.8`,
              '5m',
              'warning',
              'Redis memory usage above 80%',
            ),
            alert(
              'RedisReplicationLag',
              // redis_exporter exposes replica lag per replica on the master as this series.
              `redis_connected_slave_lag_seconds${series} > 5`,
              '2m',
              'warning',
              'Redis replica more than 5 seconds behind',
            ),
            alert(
              'RedisLowHitRatio',
              `${hits} / (${hits} + ${misses}) < 0.8`,
              '10m',
              'info',
              'Redis cache hit ratio below 80%',
            ),
            alert(
              'RedisHighConnections',
              `redis_connected_clients${series} > 9000`,
              '5m',
              'warning',
              'Redis approaching its 10,000 client limit',
            ),
          ],
        },
      ],
    },
  };
}

export function renderMonitoring(config: ResolvedInstance): KubernetesObject[] {
  const { metrics } = config.flavour;
  if (!metrics.enabled || !metrics.serviceMonitor.enabled) return [];
  return [serviceMonitor(config), prometheusRule(config)];
}
