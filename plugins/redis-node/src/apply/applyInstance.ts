// Server-side apply of one Redis instance: dry run of the whole set, apply in order, prune, wait.
import { ConflictError, InputError } from '@backstage/errors';
import {
  OPERATOR_API_VERSION,
  REDIS_FIELD_MANAGER,
  authSecretRef,
  liveTopology,
  redisTopology,
  topologyMode,
  renderManifests,
  type KubernetesObject,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import type {
  ApiObject,
  KubernetesCluster,
  ObjectIdentity,
} from '../cluster/clusterAccess';
import { restate } from '../cluster/kubernetesErrors';
import {
  APPLYSET_PART_OF_LABEL,
  applySetId,
  applySetOrder,
  applySetParent,
  applySetParentIdentity,
  keptParentAnnotations,
  memberKey,
  recordedMembers,
  recordedOrder,
} from './applySet';
import { diffObject, type FieldChange } from './diff';
import { passwordSecret } from './passwordSecret';
import { checkNamedReferences, describeReference } from './preflight';
import type { ReadinessAssessment } from './readiness';
import { waitForReady, type WaitOptions } from './waitForReady';

/** Label of a namespace the portal created for an order. */
export const NAMESPACE_CREATED_BY_LABEL = 'odin.dev/created-by';

/** @public */
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
  /**
   * Amends the rendered data custom resource before it is applied, e.g. with a restore's init
   * container; desired like every rendered field, so a later apply without it removes it again.
   */
  amendDataResource?: (resource: KubernetesObject) => KubernetesObject;
  /**
   * Annotations of the ApplySet parent beside the recorded order, e.g. where a restored instance's
   * data came from; kept by later applies (`KEPT_PARENT_ANNOTATIONS` in applySet.ts).
   */
  parentAnnotations?: Record<string, string>;
  /**
   * Creates the order's namespace when it does not exist, labelled as created by the portal. The
   * namespace is never pruned: deleting the instance leaves it.
   */
  createNamespace?: boolean;
  /** Waits for readiness after applying; `true` uses the defaults of WaitOptions. */
  wait?: boolean | WaitOptions;
  onProgress?: (message: string) => void;
  signal?: AbortSignal;
}

/** @public */
export interface ObjectResult {
  /** `Kind namespace/name` */
  ref: string;
  action: 'create' | 'update' | 'unchanged';
  /**
   * In a dry run, the fields the apply would add, change or remove: the server's dry-run result
   * against the live object. Empty after a real apply, which reports only what it did.
   */
  changes: FieldChange[];
}

/** @public */
export interface ApplyInstanceResult {
  dryRun: boolean;
  objects: ObjectResult[];
  /** Objects of this instance the render no longer contains: deleted, or to be deleted in a dry run. */
  pruned: string[];
  /** The password Secret, by name only; `create` means it was (or in a dry run, would be) generated. */
  secret?: { name: string; key: string; action: 'create' | 'keep' };
  /** The order's namespace, when createNamespace was asked: created (or to be), or already there. */
  namespace?: { name: string; action: 'create' | 'keep' };
  readiness?: ReadinessAssessment;
}

type Identified = {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
};

/** @public */
export function objectRef(object: Identified): string {
  return `${object.kind} ${object.metadata?.namespace}/${object.metadata?.name}`;
}

function identityOf(object: KubernetesObject): ObjectIdentity {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: {
      name: object.metadata.name,
      namespace: object.metadata.namespace,
    },
  };
}

function refuseModeChange(config: ResolvedInstance, live: Identified[]): void {
  const current = liveTopology(
    live
      .filter(object => object.apiVersion === OPERATOR_API_VERSION)
      .flatMap(object => (object.kind ? [object.kind] : [])),
  );
  const wanted = redisTopology(config);
  if (
    !current ||
    (current.dataKind === wanted.dataKind &&
      current.sentinel === wanted.sentinel)
  )
    return;
  throw new ConflictError(
    `${config.name} in namespace ${
      config.flavour.namespace
    } runs as ${topologyMode(current)} (${
      current.dataKind
    }); the new configuration needs ${topologyMode(wanted)} (${
      wanted.dataKind
    }). That replaces the Redis pods: the data is not ` +
      `migrated, and applications must change how they connect (standalone, sentinel and cluster clients differ). ` +
      `Back up and move the data first, then re-run with force.`,
  );
}

/**
 * The render with `annotations` added to the data custom resource, then `amend` applied to it; the
 * render itself stays a function of the config.
 */
function withDataResourceAnnotations(
  objects: KubernetesObject[],
  config: ResolvedInstance,
  annotations: Record<string, string> | undefined,
  amend: (resource: KubernetesObject) => KubernetesObject = resource =>
    resource,
): KubernetesObject[] {
  const noAnnotations = !annotations || Object.keys(annotations).length === 0;
  const { dataKind } = redisTopology(config);
  return objects.map(object =>
    object.apiVersion === OPERATOR_API_VERSION && object.kind === dataKind
      ? amend(
          noAnnotations
            ? object
            : {
                ...object,
                metadata: {
                  ...object.metadata,
                  annotations: {
                    ...object.metadata.annotations,
                    ...annotations,
                  },
                },
              },
        )
      : object,
  );
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
    if (!(await cluster.get(existing))) {
      throw new InputError(
        `/root/authentication/existingSecret/name: Secret "${reference.name}" does not exist in namespace "${namespace}" on cluster "${cluster.name}"; create it with the key "${reference.key}" first`,
      );
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

/** The order's namespace, labelled so that it is known to come from the portal. */
function namespaceObject(config: ResolvedInstance): ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: config.flavour.namespace,
      labels: { [NAMESPACE_CREATED_BY_LABEL]: REDIS_FIELD_MANAGER },
    },
  };
}

/**
 * Creates the namespace unless it exists; a server-side apply that takes over no field it does not
 * own, so an existing namespace keeps its labels. In a dry run it is only looked up.
 */
async function ensureNamespace(
  cluster: KubernetesCluster,
  config: ResolvedInstance,
  dryRun: boolean,
): Promise<NonNullable<ApplyInstanceResult['namespace']>> {
  const name = config.flavour.namespace;
  const would = await cluster.apply(namespaceObject(config), {
    dryRun: true,
    fieldManager: REDIS_FIELD_MANAGER,
  });
  // A dry-run create has no resourceVersion yet; an existing object keeps its own.
  const action = would.metadata?.resourceVersion ? 'keep' : 'create';
  if (!dryRun && action === 'create') {
    await cluster.apply(namespaceObject(config), {
      fieldManager: REDIS_FIELD_MANAGER,
    });
  }
  return { name, action };
}

/** The render, each object labelled as a member of the instance's ApplySet. */
function withApplySetLabel(
  objects: KubernetesObject[],
  config: ResolvedInstance,
): KubernetesObject[] {
  const id = applySetId(config);
  return objects.map(object => ({
    ...object,
    metadata: {
      ...object.metadata,
      labels: { ...object.metadata.labels, [APPLYSET_PART_OF_LABEL]: id },
    },
  }));
}

/** Writes the parent; the members it records are what a later prune may delete. */
async function recordMembers(
  cluster: KubernetesCluster,
  config: ResolvedInstance,
  members: ObjectIdentity[],
  force: boolean,
  annotations: Record<string, string>,
): Promise<void> {
  await cluster.apply(applySetParent(config, members, annotations), {
    force,
    fieldManager: REDIS_FIELD_MANAGER,
  });
}

function sameMembersHas(members: ObjectIdentity[], member: ObjectIdentity) {
  return members.some(candidate => memberKey(candidate) === memberKey(member));
}

function sameMembers(a: ObjectIdentity[], b: ObjectIdentity[]): boolean {
  return a.length === b.length && b.every(member => sameMembersHas(a, member));
}

/**
 * Applies a validated instance with server-side apply under the field manager REDIS_FIELD_MANAGER.
 * Every object is first sent with dryRun=All, and the objects the order names (PriorityClass,
 * StorageClass, ServiceAccount) are read; nothing is written unless all pass. Then the password
 * Secret (if generated) and the objects are applied in render order, and the objects the
 * instance's ApplySet recorded but the render no longer has are deleted. No kind is listed: the
 * ApplySet parent (`<name>-applyset`) records the members. Re-running is idempotent.
 *
 * @public
 */
export async function applyInstance(
  options: ApplyInstanceOptions,
): Promise<ApplyInstanceResult> {
  const { cluster, config } = options;
  const dryRun = options.dryRun ?? false;
  const force = options.force ?? false;
  const progress = (message: string) => options.onProgress?.(message);
  const desired = withApplySetLabel(
    withDataResourceAnnotations(
      renderManifests(config),
      config,
      options.annotations,
      options.amendDataResource,
    ),
    config,
  );
  const desiredMembers = desired.map(identityOf);
  const desiredKeys = new Set(desiredMembers.map(memberKey));

  const namespace = options.createNamespace
    ? await ensureNamespace(cluster, config, dryRun)
    : undefined;
  // A namespace still to be created holds nothing, and the server cannot dry-run objects into it.
  const namespacePending = namespace?.action === 'create' && dryRun;
  /** A namespace created for objects the checks then refused is deleted again: nothing is left half-applied. */
  const withNamespaceUndone = async (error: Error): Promise<Error> => {
    if (namespace?.action !== 'create' || dryRun) return error;
    await cluster.delete({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace.name },
    });
    return restate(
      error,
      `${error.message}\nNamespace ${namespace.name}, created for this apply, was deleted again.`,
    );
  };

  const parent = namespacePending
    ? undefined
    : await cluster.get(applySetParentIdentity(config));
  const recorded = recordedMembers(parent);
  const parentAnnotations = {
    ...keptParentAnnotations(parent),
    ...options.parentAnnotations,
  };
  // The parent also records the order, for day-2 operations: a changed order is written even when
  // the members stay the same.
  let orderRecorded =
    JSON.stringify(recordedOrder(parent)) ===
    JSON.stringify(applySetOrder(config));
  if (!force) refuseModeChange(config, recorded);
  const prune = recorded
    .filter(member => !desiredKeys.has(memberKey(member)))
    .reverse();

  let objects: ObjectResult[];
  let secret: ApplyInstanceResult['secret'];
  /** The resourceVersion each object had in the dry run; undefined for one to create. */
  let dryRunVersions: (string | undefined)[] = [];
  if (namespacePending) {
    progress(
      `Namespace ${config.flavour.namespace} does not exist yet: the ${desired.length} objects were checked against the schema only, not by a server dry run`,
    );
    objects = desired.map(object => ({
      ref: objectRef(object),
      action: 'create',
      changes: [],
    }));
    const reference = authSecretRef(config);
    secret = reference && {
      name: reference.name,
      key: reference.key,
      action: reference.generated ? 'create' : 'keep',
    };
  } else {
    progress(
      `Server dry run of ${desired.length} objects on cluster ${cluster.name}`,
    );
    secret = await ensurePasswordSecret(cluster, config, true);
    const outcomes = await Promise.allSettled(
      desired.map(async object => {
        // A dry run compares with what is live; an apply needs only the dry run's verdict.
        const [live, after] = await Promise.all([
          dryRun ? cluster.get(identityOf(object)) : undefined,
          cluster.apply(object, {
            dryRun: true,
            force,
            fieldManager: REDIS_FIELD_MANAGER,
          }),
        ]);
        return { object, live, after };
      }),
    );
    const rejected = outcomes.flatMap((outcome, index) =>
      outcome.status === 'rejected'
        ? [{ ref: objectRef(desired[index]), error: outcome.reason as Error }]
        : [],
    );
    if (rejected.length > 0) {
      throw await withNamespaceUndone(
        restate(
          rejected[0].error,
          `The API server rejected ${rejected.length} of ${
            desired.length
          } objects in the dry run; nothing was applied:\n${rejected
            .map(({ ref, error }) => `- ${ref}: ${error.message}`)
            .join('\n')}`,
        ),
      );
    }
    const verdicts = outcomes.map(
      outcome =>
        (
          outcome as PromiseFulfilledResult<{
            object: KubernetesObject;
            live?: ApiObject;
            after: ApiObject;
          }>
        ).value,
    );
    dryRunVersions = verdicts.map(
      ({ after }) => after.metadata?.resourceVersion,
    );
    objects = verdicts.map(({ object, live, after }) => {
      // A dry-run create has no resourceVersion yet; an existing object answers with its own.
      if (!after.metadata?.resourceVersion)
        return { ref: objectRef(object), action: 'create', changes: [] };
      const changes = live ? diffObject(live, after) : [];
      return {
        ref: objectRef(object),
        // Without the live object (a real apply), the apply's own answer tells update from unchanged.
        action: changes.length ? 'update' : 'unchanged',
        changes,
      };
    });
    progress(
      `Dry run passed: ${
        objects.filter(o => o.action === 'create').length
      } to create, ${
        dryRun
          ? `${objects.filter(o => o.action === 'update').length} to update, ${
              objects.filter(o => o.action === 'unchanged').length
            } unchanged`
          : `${
              objects.filter(o => o.action !== 'create').length
            } to update or keep`
      }, ${prune.length} to prune`,
    );
  }
  // The dry run covers our own objects only; what they name (PriorityClass, ...) is looked up here.
  const checked = await checkNamedReferences(cluster, config).catch(
    async (error: Error) => {
      throw await withNamespaceUndone(error);
    },
  );
  if (checked.length > 0) {
    progress(
      `Found what the order names on cluster ${cluster.name}: ${checked
        .map(describeReference)
        .join(', ')}`,
    );
  }
  const pruneRefs = prune.map(member =>
    objectRef({ kind: member.kind, metadata: member.metadata }),
  );
  if (dryRun) return { dryRun, objects, pruned: pruneRefs, secret, namespace };

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
  // Recorded before they exist, so that an apply stopped half-way still knows what to prune.
  let recordedNow = recorded;
  if (!desiredMembers.every(member => sameMembersHas(recorded, member))) {
    recordedNow = [
      ...recorded,
      ...desiredMembers.filter(member => !sameMembersHas(recorded, member)),
    ];
    await recordMembers(cluster, config, recordedNow, force, parentAnnotations);
    orderRecorded = true;
  }
  for (const [index, object] of desired.entries()) {
    let stored: ApiObject;
    try {
      stored = await cluster.apply(object, {
        force,
        fieldManager: REDIS_FIELD_MANAGER,
      });
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
    if (objects[index].action !== 'create') {
      // An apply that changes nothing leaves the resourceVersion as the dry run saw it.
      objects[index] = {
        ...objects[index],
        action:
          stored.metadata?.resourceVersion === dryRunVersions[index]
            ? 'unchanged'
            : 'update',
      };
    }
    progress(
      `Applied ${objects[index].ref} (${
        objects[index].action === 'create' ? 'created' : objects[index].action
      })`,
    );
  }
  const pruned: string[] = [];
  for (const [index, member] of prune.entries()) {
    try {
      await cluster.delete(member);
    } catch (error) {
      throw restate(
        error as Error,
        `All objects of ${config.name} were applied, but pruning stopped at ${
          pruneRefs[index]
        }: ${(error as Error).message}\nPruned: ${
          pruned.join(', ') || 'nothing'
        }\nNot pruned: ${pruneRefs.slice(index).join(', ')}`,
      );
    }
    pruned.push(pruneRefs[index]);
    progress(`Pruned ${pruneRefs[index]}`);
  }
  if (!orderRecorded || !sameMembers(recordedNow, desiredMembers)) {
    await recordMembers(
      cluster,
      config,
      desiredMembers,
      force,
      parentAnnotations,
    );
  }

  if (!options.wait) return { dryRun, objects, pruned, secret, namespace };
  const readiness = await waitForReady(cluster, config, {
    ...(typeof options.wait === 'object' ? options.wait : {}),
    onProgress: options.onProgress,
    signal: options.signal,
  });
  progress(`${config.name} is ready`);
  return { dryRun, objects, pruned, secret, namespace, readiness };
}
