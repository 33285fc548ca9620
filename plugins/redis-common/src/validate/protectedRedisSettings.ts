// redis.conf directives the operator (or this flavour) owns; setting them in additionalConfig would break the instance.

const PASSWORD =
  'the password comes from the Secret in root.authentication and the operator writes it';
const PORT =
  'the operator, its health probes, the Services and the exporter all expect Redis on port 6379 without TLS';
const TLS =
  'TLS certificates are mounted only through the operator TLS support, which this flavour does not offer yet; these files would not exist';
const REPLICATION =
  'the operator and Sentinel decide which pod replicates from which';
const CLUSTER =
  'the operator manages Redis Cluster membership and announces the pod addresses itself';
const PERSISTENCE =
  'set it through persistence.rdb / persistence.aof so there is one place for it';

export const protectedRedisSettings: Record<string, string> = {
  requirepass: PASSWORD,
  masterauth: PASSWORD,
  masteruser: PASSWORD,
  'protected-mode': 'the operator turns it on exactly when a password is set',
  port: PORT,
  'tls-port': PORT,
  bind: PORT,
  'tls-cert-file': TLS,
  'tls-key-file': TLS,
  'tls-ca-cert-file': TLS,
  'tls-ca-cert-dir': TLS,
  'tls-replication': TLS,
  'tls-cluster': TLS,
  'tls-auth-clients': TLS,
  replicaof: REPLICATION,
  slaveof: REPLICATION,
  'replica-announce-ip': REPLICATION,
  'slave-announce-ip': REPLICATION,
  'cluster-enabled': CLUSTER,
  'cluster-config-file': CLUSTER,
  'cluster-port': CLUSTER,
  'cluster-announce-ip': CLUSTER,
  'cluster-announce-hostname': CLUSTER,
  'cluster-announce-port': CLUSTER,
  'cluster-announce-bus-port': CLUSTER,
  'cluster-announce-tls-port': CLUSTER,
  dir: 'the data volume is mounted at /data; another directory would lose data on restart',
  daemonize: 'Redis must stay in the foreground or the container exits',
  include: 'only files the operator mounts exist in the pod',
  aclfile:
    'ACL users would lock out the operator and the exporter, which log in as the default user',
  'rename-command':
    'the operator and Sentinel call CONFIG, INFO, REPLICAOF and CLUSTER by name',
  save: PERSISTENCE,
  appendonly: PERSISTENCE,
  appendfsync: PERSISTENCE,
};
