// The instance's ApplySet (KEP-3659): a parent ConfigMap that records every object an apply wrote.
import { createHash } from 'node:crypto';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  instanceLabels,
  REDIS_FIELD_MANAGER,
  validateInstance,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import type {
  ApiObject,
  KubernetesCluster,
  ObjectIdentity,
} from '../cluster/clusterAccess';

/** Label of the parent: the ApplySet's id. */
export const APPLYSET_ID_LABEL = 'applyset.kubernetes.io/id';
/** Label of every member: the id of the ApplySet it belongs to. */
export const APPLYSET_PART_OF_LABEL = 'applyset.kubernetes.io/part-of';
const TOOLING_ANNOTATION = 'applyset.kubernetes.io/tooling';
const GROUP_KINDS_ANNOTATION = 'applyset.kubernetes.io/contains-group-kinds';
const NAMESPACES_ANNOTATION = 'applyset.kubernetes.io/additional-namespaces';
/**
 * Our addition to the KEP's annotations: the members themselves, so a prune deletes exactly what
 * was applied without listing every kind (kubectl, which lists by part-of, finds the same objects).
 *
 * @public
 */
export const MEMBERS_ANNOTATION = 'odin.dev/applyset-members';

/**
 * Also ours: the order as applied, with its defaults, which day-2 operations change and apply again
 * (a scale re-renders every object from it, so none loses what the order set). Orders hold no secret.
 *
 * @public
 */
export const ORDER_ANNOTATION = 'odin.dev/order';

/**
 * Also ours: where a restored instance's data came from, as JSON `{ namespace, name, key }` (the
 * source instance and the backup object); written by the restore and kept by every later apply.
 *
 * @public
 */
export const RESTORED_FROM_ANNOTATION = 'odin.dev/restored-from';

/**
 * Parent annotations an apply keeps from the parent it finds (orders do not carry them).
 *
 * @public
 */
export const KEPT_PARENT_ANNOTATIONS: readonly string[] = [
  RESTORED_FROM_ANNOTATION,
];

/** The annotations of {@link KEPT_PARENT_ANNOTATIONS} the parent has; none without a parent. */
export function keptParentAnnotations(
  parent: ApiObject | undefined,
): Record<string, string> {
  const annotations = parent?.metadata?.annotations ?? {};
  return Object.fromEntries(
    KEPT_PARENT_ANNOTATIONS.flatMap(name =>
      annotations[name] === undefined ? [] : [[name, annotations[name]]],
    ),
  );
}

/** `<name>-applyset`, beside the instance's other objects. */
export function applySetParentName(config: ResolvedInstance): string {
  return applySetParentOf({
    namespace: config.flavour.namespace,
    name: config.name,
  }).metadata.name;
}

/** The parent of instance `name` in `namespace`, for those who know the instance but not its order. */
export function applySetParentOf(instance: {
  namespace: string;
  name: string;
}): ObjectIdentity {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `${instance.name}-applyset`,
      namespace: instance.namespace,
    },
  };
}

export function applySetParentIdentity(
  config: ResolvedInstance,
): ObjectIdentity {
  return applySetParentOf({
    namespace: config.flavour.namespace,
    name: config.name,
  });
}

/** The KEP's id: `applyset-` + unpadded base64url of sha256(`<name>.<namespace>.<Kind>.<group>`) + `-v1`. */
export function applySetId(config: ResolvedInstance): string {
  const digest = createHash('sha256')
    .update(
      `${applySetParentName(config)}.${config.flavour.namespace}.ConfigMap.`,
    )
    .digest('base64url');
  return `applyset-${digest}-v1`;
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** `Kind.group` as the KEP writes group-kinds (`ConfigMap`, `NetworkPolicy.networking.k8s.io`). */
function groupKind(member: ObjectIdentity): string {
  const group = groupOf(member.apiVersion);
  return group ? `${member.kind}.${group}` : member.kind;
}

export function memberKey(member: ObjectIdentity): string {
  return `${member.apiVersion}|${member.kind}|${
    member.metadata.namespace ?? ''
  }|${member.metadata.name}`;
}

/** The members the parent records; none when there is no parent (a first apply). */
export function recordedMembers(
  parent: ApiObject | undefined,
): ObjectIdentity[] {
  const text = parent?.metadata?.annotations?.[MEMBERS_ANNOTATION];
  if (!text) return [];
  return (JSON.parse(text) as string[]).map(entry => {
    const [apiVersion, kind, namespace, name] = entry.split('|');
    return {
      apiVersion,
      kind,
      metadata: { name, namespace: namespace || undefined },
    };
  });
}

/**
 * The members the instance's ApplySet records, read with one GET of its parent; none before a first apply.
 *
 * @public
 */
export async function recordedApplySet(
  cluster: KubernetesCluster,
  config: ResolvedInstance,
): Promise<ObjectIdentity[]> {
  return recordedMembers(await cluster.get(applySetParentIdentity(config)));
}

/** The order as the parent records it: the instance's name, root and flavour, defaults included. */
export function applySetOrder(config: ResolvedInstance): unknown {
  return { name: config.name, root: config.root, flavour: config.flavour };
}

/** The order the parent records; undefined when there is no parent, or it predates the record. */
export function recordedOrder(parent: ApiObject | undefined): unknown {
  const text = parent?.metadata?.annotations?.[ORDER_ANNOTATION];
  return text ? JSON.parse(text) : undefined;
}

/**
 * The order an instance's parent records, validated, for a day-2 operation that applies it again:
 * refused, saying what to do, when there is none (applied before orders were recorded) or it is no
 * longer valid. `operation` ends the message: `..., then scale`.
 */
export async function validRecordedOrder(
  cluster: KubernetesCluster,
  instance: { namespace: string; name: string },
  operation: string,
): Promise<ResolvedInstance> {
  const where = `${instance.namespace}/${instance.name}`;
  const order = recordedOrder(await cluster.get(applySetParentOf(instance)));
  if (!order)
    throw new NotFoundError(
      `${where} on cluster "${cluster.name}" has no recorded order: apply it once with redis:apply or redis-flavour apply, which record it in the ConfigMap ${instance.name}-applyset, then ${operation}`,
    );
  const { config, errors } = validateInstance(order);
  if (!config)
    throw new InputError(
      `The recorded order of ${where} is not valid any more: ${errors
        .map(issue => `${issue.pointer}: ${issue.message}`)
        .join('; ')}`,
    );
  return config;
}

/** The parent ConfigMap recording `members` (and `annotations`), as server-side apply sends it. */
export function applySetParent(
  config: ResolvedInstance,
  members: ObjectIdentity[],
  annotations: Record<string, string> = {},
): ApiObject {
  const namespace = config.flavour.namespace;
  // In apply order, so that a prune deletes in reverse of it.
  const keys = [...new Set(members.map(memberKey))];
  const otherNamespaces = [
    ...new Set(
      members
        .map(member => member.metadata.namespace)
        .filter((ns): ns is string => !!ns && ns !== namespace),
    ),
  ].sort();
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: applySetParentName(config),
      namespace,
      labels: {
        ...instanceLabels(config.name, namespace),
        [APPLYSET_ID_LABEL]: applySetId(config),
      },
      annotations: {
        ...annotations,
        [TOOLING_ANNOTATION]: `${REDIS_FIELD_MANAGER}/v1`,
        [GROUP_KINDS_ANNOTATION]: [...new Set(members.map(groupKind))]
          .sort()
          .join(','),
        ...(otherNamespaces.length
          ? { [NAMESPACES_ANNOTATION]: otherNamespaces.join(',') }
          : {}),
        [MEMBERS_ANNOTATION]: JSON.stringify(keys),
        [ORDER_ANNOTATION]: JSON.stringify(applySetOrder(config)),
      },
    },
  };
}
