// diff, apply, test-failover and scale against a cluster of a kubeconfig. Bundled apart (dist/redis-flavour-cluster.cjs) and
// loaded only by those commands, so validate and render never load the Kubernetes client.
import {
  ownerAnnotations,
  connectionInfo,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import {
  applyInstance,
  scaleInstance,
  previewTestFailover,
  testFailover,
  type FieldChange,
  type ApplyInstanceResult,
} from '@odin/plugin-redis-node';
import { EXIT_DIFFERENCES, EXIT_OK, UsageError } from '../exitStatus';
import {
  checkLines,
  connectAndRun,
  instanceOnCluster,
  progressToStderr,
  recordedLine,
  type ClusterTarget,
  type InstanceName,
} from './connectAndRun';

export type { ClusterTarget } from './connectAndRun';
export { resizeOf } from './resize';
export { rotatePasswordOf } from './rotatePassword';
export { restoreOf } from './restoreInstance';
export { deleteOf } from './deleteInstance';

/** The `odin.dev/owner` annotation the portal's redis:apply stamps; a re-apply without it would remove it. */
function ownerAnnotationsOption(
  owner: string | undefined,
): Record<string, string> | undefined {
  if (owner === undefined) return undefined;
  const result = ownerAnnotations(owner);
  if ('problem' in result) throw new UsageError(`--owner ${result.problem}`);
  return result.annotations;
}

function formatValue(value: unknown): string {
  return value === undefined ? '(unset)' : JSON.stringify(value);
}

/** `/spec/x: 1 -> 2`, `/spec/y: + 3`, `/spec/z: - 4 (removed)`. */
function changeLine(change: FieldChange): string {
  if (change.op === 'add')
    return `${change.path}: + ${formatValue(change.after)}`;
  if (change.op === 'remove')
    return `${change.path}: - ${formatValue(change.before)} (removed)`;
  return `${change.path}: ${formatValue(change.before)} -> ${formatValue(
    change.after,
  )}`;
}

/** `+` create, `~` update with one line per field, `-` prune; unchanged objects are left out. */
function differenceLines(
  config: ResolvedInstance,
  result: ApplyInstanceResult,
): string[] {
  const lines: string[] = [];
  if (result.namespace?.action === 'create')
    lines.push(`+ Namespace ${result.namespace.name}`);
  if (result.secret?.action === 'create') {
    lines.push(
      `+ Secret ${config.flavour.namespace}/${result.secret.name} (password generated on apply, key "${result.secret.key}")`,
    );
  }
  for (const object of result.objects) {
    if (object.action === 'create') lines.push(`+ ${object.ref}`);
    if (object.action === 'update') {
      lines.push(
        `~ ${object.ref}`,
        ...object.changes.map(change => `    ${changeLine(change)}`),
      );
    }
  }
  lines.push(...result.pruned.map(ref => `- ${ref}`));
  return lines;
}

function summary(result: ApplyInstanceResult): string {
  const count = (action: string) =>
    result.objects.filter(object => object.action === action).length;
  return `${count('create')} to create, ${count('update')} to update, ${count(
    'unchanged',
  )} unchanged, ${result.pruned.length} to prune`;
}

/** Prints what an apply would change; EXIT_DIFFERENCES when anything would. */
export async function diffInstance(
  config: ResolvedInstance,
  target: ClusterTarget,
  options: { owner?: string },
): Promise<number> {
  const annotations = ownerAnnotationsOption(options.owner);
  const { result } = await connectAndRun(target, cluster =>
    applyInstance({ cluster, config, dryRun: true, annotations }),
  );
  const lines = differenceLines(config, result);
  process.stdout.write(`${[...lines, summary(result)].join('\n')}\n`);
  return lines.length > 0 ? EXIT_DIFFERENCES : EXIT_OK;
}

const PAST_TENSE = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
};

/** Applies (or dry-runs) the instance: progress on stderr, what was done on stdout. */
export async function applyOrder(
  config: ResolvedInstance,
  target: ClusterTarget,
  options: {
    dryRun: boolean;
    force: boolean;
    createNamespace: boolean;
    wait: false | { timeoutMs?: number };
    owner?: string;
  },
): Promise<number> {
  const { owner, ...applyOptions } = options;
  const annotations = ownerAnnotationsOption(owner);
  const { cluster, result } = await connectAndRun(target, connected =>
    applyInstance({
      cluster: connected,
      config,
      ...applyOptions,
      annotations,
      onProgress: progressToStderr,
    }),
  );
  const where = `namespace ${config.flavour.namespace} on cluster ${cluster.name}`;
  if (options.dryRun) {
    process.stdout.write(
      `${[
        `dry run of ${config.name} in ${where}: ${summary(result)}`,
        ...differenceLines(config, result),
        'nothing was written',
      ].join('\n')}\n`,
    );
    return EXIT_OK;
  }
  const lines = [
    `applied ${config.name} to ${where}`,
    ...(result.namespace?.action === 'create'
      ? [`  created Namespace ${result.namespace.name}`]
      : []),
    ...result.objects.map(
      object => `  ${PAST_TENSE[object.action]} ${object.ref}`,
    ),
    ...result.pruned.map(ref => `  pruned ${ref}`),
  ];
  if (result.secret) {
    lines.push(
      `  ${result.secret.action === 'create' ? 'created' : 'kept'} Secret ${
        config.flavour.namespace
      }/${result.secret.name} (password under key "${result.secret.key}"${
        result.secret.action === 'create' ? ', generated' : ''
      })`,
    );
  }
  if (result.readiness) lines.push(`ready: ${result.readiness.progress}`);
  const connection = connectionInfo(config);
  lines.push(`connect to ${connection.host}:${connection.port}`);
  for (const endpoint of connection.external ?? []) {
    lines.push(
      `  from outside (${endpoint.type}): ${endpoint.service}:${endpoint.port}${
        endpoint.writes ? '' : ' (reads only)'
      }, ${endpoint.note}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

/**
 * Fails a sentinel instance over to a replica (redis-node's testFailover: preconditions, the lock,
 * post-checks and the history): the checks and the new master on stdout.
 */
export async function testFailoverOf(
  instance: InstanceName,
  target: ClusterTarget,
  options: {
    requester: string;
    override: boolean;
    replica?: string;
    dryRun: boolean;
  },
): Promise<number> {
  if (options.dryRun) {
    const { cluster, result } = await connectAndRun(target, connected =>
      previewTestFailover({
        cluster: connected,
        instance,
        override: options.override,
        replica: options.replica,
        inputNames: { replica: '--replica' },
      }),
    );
    process.stdout.write(
      `${[
        `dry run of a test failover of ${instanceOnCluster(
          instance,
          cluster,
        )}: ${result.summary}`,
        ...result.changes.map(change => `  ~ ${change.ref}: ${change.action}`),
        ...checkLines(result.preconditions),
        'nothing was sent',
      ].join('\n')}\n`,
    );
    return EXIT_OK;
  }
  const { cluster, result } = await connectAndRun(target, connected =>
    testFailover({
      cluster: connected,
      instance,
      ...options,
      inputNames: { replica: '--replica' },
    }),
  );
  process.stdout.write(
    `${[
      `test failover of ${instanceOnCluster(
        instance,
        cluster,
      )}: the master moved from ${result.oldMaster.pod} to ${
        result.newMaster.pod
      } in ${result.failoverMs} ms`,
      ...checkLines([...result.preconditions, ...result.postChecks]),
      recordedLine(result.id, instance),
    ].join('\n')}\n`,
  );
  return EXIT_OK;
}

/** Scales (or dry-runs a scale of) an instance: replicas, or a cluster's shards; the changes and checks on stdout. */
export async function scaleOf(
  instance: InstanceName,
  target: ClusterTarget,
  options: {
    replicas?: number;
    shards?: number;
    replicasPerShard?: number;
    requester: string;
    dryRun: boolean;
  },
): Promise<number> {
  const { cluster, result } = await connectAndRun(target, connected =>
    scaleInstance({
      cluster: connected,
      instance,
      ...options,
      inputNames: {
        replicas: '--replicas',
        shards: '--shards',
        replicasPerShard: '--replicas-per-shard',
      },
      onProgress: progressToStderr,
    }),
  );
  const where = instanceOnCluster(instance, cluster);
  process.stdout.write(
    `${[
      result.dryRun
        ? `dry run of a scale of ${where} from ${result.counts}:`
        : `scaled ${where} from ${result.counts} in ${result.durationMs} ms`,
      ...result.changes.map(
        change =>
          `  ~ ${change.ref}: ${change.paths.join(', ') || change.action}`,
      ),
      ...checkLines([...(result.preconditions ?? []), ...result.postChecks]),
      result.dryRun ? 'nothing was written' : recordedLine(result.id, instance),
    ].join('\n')}\n`,
  );
  return EXIT_OK;
}
