// Server-side apply of one Redis instance: dry run of the whole set, apply in order, prune, wait.
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  OPERATOR_API_VERSION,
  REDIS_FIELD_MANAGER,
  authSecretRef,
  instanceLabelSelector,
  redisTopology,
  renderManifests,
  type DeploymentMode,
  type KubernetesObject,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import type { ApiObject, KubernetesCluster } from '../cluster/clusterAccess';
import {
  kubernetesError,
  objectRequest,
  restate,
} from '../cluster/kubernetesErrors';
import { diffObject, type FieldChange } from './diff';
import { passwordSecret } from './passwordSecret';
import { checkNamedReferences, describeReference } from './preflight';
import type { ReadinessAssessment } from './readiness';
import { waitForReady, type WaitOptions } from './waitForReady';

/**
 * Every kind renderManifests can produce, in apply order. Prune lists these (not Secrets, so a
 * password outlives a change, nor the operator's StatefulSets and Services, which carry our labels too).
 */
export const PRUNABLE_KINDS = [
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: OPERATOR_API_VERSION, kind: 'Redis' },
  { apiVersion: OPERATOR_API_VERSION, kind: 'RedisReplication' },
  { apiVersion: OPERATOR_API_VERSION, kind: 'RedisSentinel' },
  { apiVersion: OPERATOR_API_VERSION, kind: 'RedisCluster' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor' },
  { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule' },
  { apiVersion: 'batch/v1', kind: 'CronJob' },
] as const;

export interface ApplyInstanceOptions {
  cluster: KubernetesCluster;
  /** A validated instance: validateInstance(doc).config. */
  config: ResolvedInstance;
  /** Server dry run and diff only; nothing is written. */
  dryRun?: boolean;
  /** Allows a change of deploymentMode and takes over fields another field manager owns. */
  force?: boolean;
  /**
   * Annotations stamped onto the instance's data custom resource (Redis, RedisReplication or
   * RedisCluster), e.g. its catalog owner; desired like every rendered field, so the diff shows them.
   */
  annotations?: Record<string, string>;
  /** Waits for readiness after applying; `true` uses the defaults of WaitOptions. */
  wait?: boolean | WaitOptions;
  onProgress?: (message: string) => void;
  signal?: AbortSignal;
}

export interface ObjectResult {
  /** `Kind namespace/name` */
  ref: string;
  action: 'create' | 'update' | 'unchanged';
  changes: FieldChange[];
}

export interface ApplyInstanceResult {
  dryRun: boolean;
  objects: ObjectResult[];
  /** Objects of this instance the render no longer contains: deleted, or to be deleted in a dry run. */
  pruned: string[];
  /** The password Secret, by name only; `create` means it was (or in a dry run, would be) generated. */
  secret?: { name: string; key: string; action: 'create' | 'keep' };
  readiness?: ReadinessAssessment;
}

type Identified = {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
};

export function objectRef(object: Identified): string {
  return `${object.kind} ${object.metadata?.namespace}/${object.metadata?.name}`;
}

function identity(object: Identified): string {
  return `${object.apiVersion}|${object.kind}|${object.metadata?.name}`;
}

function liveDeploymentMode(
  live: Identified[],
): { mode: DeploymentMode; kind: string } | undefined {
  const kinds = new Set(
    live
      .filter(object => object.apiVersion === OPERATOR_API_VERSION)
      .map(o => o.kind),
  );
  if (kinds.has('RedisCluster'))
    return { mode: 'cluster', kind: 'RedisCluster' };
  if (kinds.has('RedisSentinel'))
    return { mode: 'sentinel', kind: 'RedisReplication' };
  if (kinds.has('RedisReplication'))
    return { mode: 'standalone', kind: 'RedisReplication' };
  if (kinds.has('Redis')) return { mode: 'standalone', kind: 'Redis' };
  return undefined;
}

function refuseModeChange(config: ResolvedInstance, live: Identified[]): void {
  const current = liveDeploymentMode(live);
  const wanted = {
    mode: config.flavour.deploymentMode,
    kind: redisTopology(config).dataKind,
  };
  if (
    !current ||
    (current.mode === wanted.mode && current.kind === wanted.kind)
  )
    return;
  throw new ConflictError(
    `${config.name} in namespace ${config.flavour.namespace} runs as ${current.mode} (${current.kind}); the new ` +
      `configuration needs ${wanted.mode} (${wanted.kind}). That replaces the Redis pods: the data is not ` +
      `migrated, and applications must change how they connect (standalone, sentinel and cluster clients differ). ` +
      `Back up and move the data first, then re-run with force.`,
  );
}

/** The render with `annotations` added to the data custom resource; the render itself stays a function of the config. */
function withDataResourceAnnotations(
  objects: KubernetesObject[],
  config: ResolvedInstance,
  annotations: Record<string, string> | undefined,
): KubernetesObject[] {
  if (!annotations || Object.keys(annotations).length === 0) return objects;
  const { dataKind } = redisTopology(config);
  return objects.map(object =>
    object.apiVersion === OPERATOR_API_VERSION && object.kind === dataKind
      ? {
          ...object,
          metadata: {
            ...object.metadata,
            annotations: { ...object.metadata.annotations, ...annotations },
          },
        }
      : object,
  );
}

/** Where objects of a kind live: ServiceMonitor and PrometheusRule sit with Prometheus, the rest with Redis. */
function homeNamespace(config: ResolvedInstance, apiVersion: string): string {
  return apiVersion.startsWith('monitoring.coreos.com/')
    ? config.flavour.metrics.serviceMonitor.namespace
    : config.flavour.namespace;
}

async function listLive(
  cluster: KubernetesCluster,
  config: ResolvedInstance,
  desired: KubernetesObject[],
) {
  const labelSelector = instanceLabelSelector({
    name: config.name,
    namespace: config.flavour.namespace,
  });
  const live: ApiObject[] = [];
  // One after another, so the client's discovery cache answers every kind of an apiVersion after the first.
  for (const { apiVersion, kind } of PRUNABLE_KINDS) {
    const namespaces = new Set([
      homeNamespace(config, apiVersion),
      ...desired
        .filter(object => object.kind === kind)
        .map(object => object.metadata.namespace),
    ]);
    for (const namespace of namespaces) {
      try {
        const items = await cluster.list({
          apiVersion,
          kind,
          namespace,
          labelSelector,
        });
        live.push(...items.map(item => ({ ...item, apiVersion, kind })));
      } catch (error) {
        // A kind the cluster does not serve holds nothing to prune, unless we are about to apply one.
        if (
          !(
            error instanceof NotFoundError &&
            !desired.some(object => object.kind === kind)
          )
        )
          throw error;
      }
    }
  }
  return live;
}

/** Creates the generated password Secret unless it exists; returns whether it was (or would be) created. */
async function ensurePasswordSecret(
  cluster: KubernetesCluster,
  config: ResolvedInstance,
  dryRun: boolean,
): Promise<ApplyInstanceResult['secret']> {
  const reference = authSecretRef(config);
  if (!reference) return undefined;
  const namespace = config.flavour.namespace;
  if (!reference.generated) {
    const existing = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: reference.name, namespace },
    };
    try {
      await cluster.objects.read(existing);
    } catch (error) {
      const mapped = kubernetesError(
        error,
        objectRequest(existing, 'get', cluster),
      );
      if (mapped instanceof NotFoundError) {
        throw new InputError(
          `/root/authentication/existingSecret/name: Secret "${reference.name}" does not exist in namespace "${namespace}" on cluster "${cluster.name}"; create it with the key "${reference.key}" first`,
        );
      }
      throw mapped;
    }
    return { name: reference.name, key: reference.key, action: 'keep' };
  }
  const secret = passwordSecret(config, reference);
  try {
    // Create, never apply: an existing Secret answers 409 and keeps its password.
    await cluster.create(secret, { dryRun, fieldManager: REDIS_FIELD_MANAGER });
    return { name: reference.name, key: reference.key, action: 'create' };
  } catch (error) {
    if (error instanceof ConflictError)
      return { name: reference.name, key: reference.key, action: 'keep' };
    throw error;
  }
}

/**
 * Applies a validated instance with server-side apply under the field manager REDIS_FIELD_MANAGER:
 * every object is first sent with dryRun=All, and the objects the order names (PriorityClass,
 * StorageClass, ServiceAccount) are read; nothing is written unless all pass. Then the
 * password Secret (if generated) and the objects are applied in render order, objects this instance
 * no longer renders are deleted, and, if asked, readiness is awaited. Re-running is idempotent.
 */
export async function applyInstance(
  options: ApplyInstanceOptions,
): Promise<ApplyInstanceResult> {
  const { cluster, config } = options;
  const dryRun = options.dryRun ?? false;
  const force = options.force ?? false;
  const progress = (message: string) => options.onProgress?.(message);
  const desired = withDataResourceAnnotations(
    renderManifests(config),
    config,
    options.annotations,
  );

  const live = await listLive(cluster, config, desired);
  if (!force) refuseModeChange(config, live);
  const desiredIds = new Set(desired.map(identity));
  const prune = live
    .filter(object => !desiredIds.has(identity(object)))
    .reverse();

  const objects: ObjectResult[] = desired.map(object => {
    const current = live.find(
      candidate => identity(candidate) === identity(object),
    );
    if (!current)
      return { ref: objectRef(object), action: 'create', changes: [] };
    const changes = diffObject(object, current);
    return {
      ref: objectRef(object),
      action: changes.length ? 'update' : 'unchanged',
      changes,
    };
  });

  progress(
    `Server dry run of ${desired.length} objects on cluster ${cluster.name}`,
  );
  let secret = await ensurePasswordSecret(cluster, config, true);
  const rejected: { ref: string; error: Error }[] = [];
  for (const object of desired) {
    await cluster
      .apply(object, { dryRun: true, force, fieldManager: REDIS_FIELD_MANAGER })
      .catch((error: Error) =>
        rejected.push({ ref: objectRef(object), error }),
      );
  }
  if (rejected.length > 0) {
    throw restate(
      rejected[0].error,
      `The API server rejected ${rejected.length} of ${
        desired.length
      } objects in the dry run; nothing was applied:\n${rejected
        .map(({ ref, error }) => `- ${ref}: ${error.message}`)
        .join('\n')}`,
    );
  }
  progress(
    `Dry run passed: ${
      objects.filter(o => o.action === 'create').length
    } to create, ${
      objects.filter(o => o.action === 'update').length
    } to update, ${
      objects.filter(o => o.action === 'unchanged').length
    } unchanged, ${prune.length} to prune`,
  );
  // The dry run covers our own objects only; what they name (PriorityClass, ...) is looked up here.
  const checked = await checkNamedReferences(cluster, config);
  if (checked.length > 0) {
    progress(
      `Found what the order names on cluster ${cluster.name}: ${checked
        .map(describeReference)
        .join(', ')}`,
    );
  }
  if (dryRun) return { dryRun, objects, pruned: prune.map(objectRef), secret };

  if (secret?.action === 'create') {
    secret = await ensurePasswordSecret(cluster, config, false);
    progress(
      `Secret ${config.flavour.namespace}/${secret?.name} ${
        secret?.action === 'create'
          ? 'created with a generated password'
          : 'exists; kept'
      }`,
    );
  }
  for (const [index, object] of desired.entries()) {
    try {
      await cluster.apply(object, { force, fieldManager: REDIS_FIELD_MANAGER });
    } catch (error) {
      const applied = desired.slice(0, index).map(objectRef);
      const notApplied = desired.slice(index).map(objectRef);
      throw restate(
        error as Error,
        `Applying ${config.name} stopped at ${objectRef(object)}: ${
          (error as Error).message
        }\nApplied: ${
          applied.join(', ') || 'nothing'
        }\nNot applied: ${notApplied.join(
          ', ',
        )}\nNothing was pruned. Re-running the apply is safe.`,
      );
    }
    progress(
      `Applied ${objects[index].ref} (${
        objects[index].action === 'create' ? 'created' : objects[index].action
      })`,
    );
  }
  const pruned: string[] = [];
  for (const object of prune) {
    try {
      await cluster.objects.delete(
        // The path is all a delete needs.
        {
          apiVersion: object.apiVersion,
          kind: object.kind,
          metadata: {
            name: object.metadata?.name ?? '',
            namespace: object.metadata?.namespace,
          },
        },
        undefined,
        undefined,
        undefined,
        undefined,
        'Background',
      );
    } catch (error) {
      const mapped = kubernetesError(
        error,
        objectRequest(object, 'delete', cluster),
      );
      // Someone else removed it already: that is what we wanted.
      if (!(mapped instanceof NotFoundError)) {
        throw restate(
          mapped,
          `All objects of ${
            config.name
          } were applied, but pruning stopped at ${objectRef(object)}: ${
            mapped.message
          }\nPruned: ${pruned.join(', ') || 'nothing'}\nNot pruned: ${prune
            .slice(pruned.length)
            .map(objectRef)
            .join(', ')}`,
        );
      }
    }
    pruned.push(objectRef(object));
    progress(`Pruned ${objectRef(object)}`);
  }

  if (!options.wait) return { dryRun, objects, pruned, secret };
  const readiness = await waitForReady(cluster, config, {
    ...(typeof options.wait === 'object' ? options.wait : {}),
    onProgress: options.onProgress,
    signal: options.signal,
  });
  progress(`${config.name} is ready`);
  return { dryRun, objects, pruned, secret, readiness };
}
