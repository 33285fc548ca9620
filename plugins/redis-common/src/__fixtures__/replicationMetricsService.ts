// The metrics Service of a RedisReplication, which the observed set lacks (sen-x ran without the exporter).
// Derived from the observed pattern, not observed itself: std-max-metrics and clu-max-{leader,follower}-metrics carry
// exactly their StatefulSet's operator labels (app, redis_setup_type, role) plus app.kubernetes.io/component: metrics,
// none of the CR's, and expose only redis-exporter 9121; sen-x's StatefulSet has app: sen-x and
// redis_setup_type/role: replication. The RedisReplication is the same with and without sentinels.
export const senXMetricsService = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {
    name: 'sen-x-metrics',
    namespace: 'redis-prod',
    labels: {
      app: 'sen-x',
      'app.kubernetes.io/component': 'metrics',
      redis_setup_type: 'replication',
      role: 'replication',
    },
    ownerReferences: [
      { kind: 'RedisReplication', name: 'sen-x', controller: true },
    ],
  },
  spec: {
    ports: [
      { name: 'redis-exporter', protocol: 'TCP', port: 9121, targetPort: 9121 },
    ],
    selector: {
      app: 'sen-x',
      redis_setup_type: 'replication',
      role: 'replication',
    },
    type: 'ClusterIP',
  },
};
