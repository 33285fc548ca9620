// The redis.conf a pod's process runs with: what the operator's config generator writes (FACTS.md §4, §5), with the
// pod's own loopback address in place of its pod IP, and the custom resource's additional config included last.

export interface ServerConfigInput {
  ip: string;
  port: number;
  dir: string;
  /** The data's directory (dump, AOF, nodes.conf): the data claim's volume, which outlives the pod; else `dir`. */
  dataDir?: string;
  password?: string;
  cluster: boolean;
  /** The operator turns RDB and AOF on when the pod has a volume (PERSISTENCE_ENABLED). */
  persistence: boolean;
  /** `redis-additional.conf` of the ConfigMap the custom resource names. */
  additional?: string;
  replicaOf?: { ip: string; port: number };
}

/**
 * Directives an additional config must not override in the sandbox: they place the process on its address and
 * temp dir (an announced address is a placement too: replicas and cluster peers connect to it).
 */
const SANDBOX_OWNED = new Set([
  'bind',
  'bind-source-addr',
  'port',
  'dir',
  'daemonize',
  'logfile',
  'pidfile',
  'cluster-config-file',
  'cluster-announce-ip',
  'replica-announce-ip',
  'slave-announce-ip',
  'replicaof',
  'slaveof',
  'include',
  'sentinel announce-ip',
  'sentinel announce-port',
]);

/** A line's directive, case-insensitive; sentinel's own directives are two words (`sentinel announce-ip`). */
function directive(line: string): string {
  const [first = '', second = ''] = line.trim().toLowerCase().split(/\s+/);
  return first === 'sentinel' ? `${first} ${second}` : first;
}

function withoutSandboxOwned(text: string | undefined): string[] {
  return (text ?? '')
    .split('\n')
    .filter(line => !SANDBOX_OWNED.has(directive(line)));
}

/** `dir` is the container's own directory (its log); the data goes to `dataDir`, a claim's volume when it has one. */
function placement(
  ip: string,
  port: number,
  dir: string,
  dataDir = dir,
): string[] {
  return [
    `bind ${ip}`,
    `port ${port}`,
    `dir ${dataDir}`,
    'daemonize no',
    `logfile ${dir}/redis.log`,
  ];
}

export function serverConfig(input: ServerConfigInput): string[] {
  const lines = [
    ...placement(input.ip, input.port, input.dir, input.dataDir),
    `bind-source-addr ${input.ip}`,
    `replica-announce-ip ${input.ip}`,
    'tcp-keepalive 60',
    input.password ? 'protected-mode yes' : 'protected-mode no',
  ];
  if (input.password) {
    lines.push(`requirepass ${input.password}`, `masterauth ${input.password}`);
  }
  if (input.persistence) {
    lines.push(
      'save 900 1',
      'save 300 10',
      'save 60 10000',
      'appendonly yes',
      'appendfilename "appendonly.aof"',
    );
  } else {
    lines.push('save ""', 'appendonly no');
  }
  if (input.cluster) {
    lines.push(
      'cluster-enabled yes',
      `cluster-config-file ${input.dataDir ?? input.dir}/nodes.conf`,
      'cluster-node-timeout 15000',
      'cluster-require-full-coverage no',
      `cluster-announce-ip ${input.ip}`,
    );
  }
  lines.push(...withoutSandboxOwned(input.additional));
  if (input.replicaOf) {
    lines.push(`replicaof ${input.replicaOf.ip} ${input.replicaOf.port}`);
  }
  return lines;
}

export interface SentinelConfigInput {
  ip: string;
  port: number;
  dir: string;
  password?: string;
  additional?: string;
}

/** A sentinel starts monitoring nothing: the operator then runs SENTINEL MONITOR against the replication's master. */
export function sentinelConfig(input: SentinelConfigInput): string[] {
  return [
    ...placement(input.ip, input.port, input.dir),
    `sentinel announce-ip ${input.ip}`,
    // Sentinels authenticate to each other with the password they require themselves.
    ...(input.password
      ? [
          `requirepass ${input.password}`,
          `sentinel sentinel-pass ${input.password}`,
        ]
      : []),
    ...withoutSandboxOwned(input.additional),
  ];
}
