// Who may change a Redis instance: the owner on its live custom resource, the order's owner and the initiator.
import type {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  OPERATOR_API_VERSION,
  REDIS_OWNER_KEY,
  ownerEntityRef,
  redisInstanceAdminPermission,
  redisTopology,
  type ResolvedInstance,
  stampedOwner,
} from '@odin/plugin-redis-common';
import {
  objectRef,
  recordedApplySet,
  type ApiObject,
  type KubernetesCluster,
} from '@odin/plugin-redis-node';

/** The operator kinds that hold an instance's data; the owner annotation is on the one the instance runs as. */
const DATA_KINDS = ['Redis', 'RedisReplication', 'RedisCluster'];

/** A live data custom resource of the instance and the owner it declares. */
export interface LiveResource {
  /** `Kind namespace/name` */
  ref: string;
  /** As a full entity ref; undefined when the resource declares none. */
  owner?: string;
}

/** Who started the task: a user's entity ref, or a description of a non-user principal. */
export interface Initiator {
  userEntityRef?: string;
  /** For messages and the audit: the user's entity ref, or e.g. `service external:ci`. */
  name: string;
}

export interface OwnershipFacts {
  /** For messages: `orders-cache in namespace shop on cluster eks-prod`. */
  instance: string;
  /** The order's owner as a full entity ref; undefined when the order names none. */
  ordered?: string;
  /** The instance's live data custom resources; undefined when the cluster was not reached (a preview). */
  live?: LiveResource[];
  initiator: Initiator;
  /** The groups the initiator is a member of (catalog `memberOf` relations), as entity refs. */
  memberOf: string[];
  force: boolean;
}

/** Entity refs are case-insensitive. */
function sameRef(a: string | undefined, b: string | undefined): boolean {
  return a?.toLocaleLowerCase('en-US') === b?.toLocaleLowerCase('en-US');
}

function isGroupRef(ref: string | undefined): boolean {
  return !!ref?.toLocaleLowerCase('en-US').startsWith('group:');
}

const NEEDS = `needs the permission ${redisInstanceAdminPermission.name}`;

/**
 * What the order does beyond the initiator's own say, each as a sentence ending in the permission it
 * needs: changing an instance someone else owns (or no one does), ordering for an owner that is
 * neither the initiator nor a group of theirs, and `force`. Empty when the initiator may go ahead.
 */
export function ownershipOverrides(facts: OwnershipFacts): string[] {
  const { instance, ordered, initiator } = facts;
  const overrides: string[] = [];
  const liveOwners = [...new Set((facts.live ?? []).map(r => r.owner))];
  for (const live of liveOwners) {
    if (sameRef(live, ordered)) continue;
    if (live === undefined) {
      overrides.push(
        `${instance} has no owner (no ${REDIS_OWNER_KEY} annotation or label); claiming it for ${ordered} ${NEEDS}`,
      );
    } else {
      overrides.push(
        `${instance} is owned by ${live}; changing it ${
          ordered ? `for ${ordered}` : 'to no owner'
        } ${NEEDS}`,
      );
    }
  }
  if (ordered !== undefined) {
    const isGroup = isGroupRef(ordered);
    const belongs = isGroup
      ? facts.memberOf.some(group => sameRef(group, ordered))
      : sameRef(initiator.userEntityRef, ordered);
    if (!belongs) {
      overrides.push(
        `${initiator.name} is not ${
          isGroup ? 'a member of ' : ''
        }${ordered}; ordering ${instance} for it ${NEEDS}`,
      );
    }
  }
  if (facts.force) {
    overrides.push(
      `force on ${instance} (it takes over fields other managers own and allows a deploymentMode change) ${NEEDS}`,
    );
  }
  return overrides;
}

/** The owner as the catalog entity provider reads it, as a full ref where it is one. */
function declaredOwner(object: ApiObject): string | undefined {
  const declared = stampedOwner(object.metadata);
  return declared === undefined
    ? undefined
    : ownerEntityRef(declared) ?? declared;
}

/**
 * The data custom resources an apply of `config` would change or prune, with their owners: the one
 * of the order's kind, and one of another kind when the instance's ApplySet records it (it runs in
 * another deploymentMode). Two GETs in parallel (the resource, the ApplySet parent); a third only
 * for another recorded data kind.
 */
async function liveDataResources(
  cluster: KubernetesCluster,
  config: ResolvedInstance,
): Promise<LiveResource[]> {
  const namespace = config.flavour.namespace;
  const resource = (kind: string) =>
    cluster.get({
      apiVersion: OPERATOR_API_VERSION,
      kind,
      metadata: { name: config.name, namespace },
    });
  const wanted = redisTopology(config).dataKind;
  const [ordered, members] = await Promise.all([
    resource(wanted),
    recordedApplySet(cluster, config),
  ]);
  const others = await Promise.all(
    members
      .filter(
        member =>
          member.apiVersion === OPERATOR_API_VERSION &&
          DATA_KINDS.includes(member.kind) &&
          member.kind !== wanted,
      )
      .map(member => cluster.get<ApiObject>(member)),
  );
  return [ordered, ...others].flatMap(object =>
    object ? [{ ref: objectRef(object), owner: declaredOwner(object) }] : [],
  );
}

/** The task's initiator as the check and the audit name them. */
export function initiatorOf(
  auth: AuthService,
  credentials: BackstageCredentials,
): Initiator {
  if (auth.isPrincipal(credentials, 'user')) {
    const { userEntityRef } = credentials.principal;
    return { userEntityRef, name: userEntityRef };
  }
  if (auth.isPrincipal(credentials, 'service'))
    return { name: `service ${credentials.principal.subject}` };
  return { name: 'an unauthenticated caller' };
}

/** The groups a user is a member of, as the catalog's `memberOf` relations have them; read as the user. */
async function groupsOf(
  catalog: CatalogService,
  userEntityRef: string,
  credentials: BackstageCredentials,
): Promise<string[]> {
  const user = await catalog.getEntityByRef(userEntityRef, { credentials });
  return (user?.relations ?? [])
    .filter(relation => relation.type === 'memberOf')
    .map(relation => relation.targetRef);
}

/** The outcome of the ownership check: the overrides it found, and whether the initiator may make them. */
export interface OwnershipDecision {
  live?: LiveResource[];
  overrides: string[];
  allowed: boolean;
}

/**
 * Decides whether the initiator may apply the order: reads the live owners (when `cluster` is given)
 * and, for a group owner, the initiator's memberships in the catalog, then asks for
 * `redis.instance.admin` once, only if the order overrides something.
 */
export async function decideOwnership(options: {
  cluster?: KubernetesCluster;
  config: ResolvedInstance;
  clusterName: string;
  ordered?: string;
  force: boolean;
  initiator: Initiator;
  credentials: BackstageCredentials;
  catalog: CatalogService;
  permissions: PermissionsService;
}): Promise<OwnershipDecision> {
  const { config, ordered, initiator, credentials } = options;
  const user = initiator.userEntityRef;
  const [live, memberOf] = await Promise.all([
    options.cluster && liveDataResources(options.cluster, config),
    user && isGroupRef(ordered)
      ? groupsOf(options.catalog, user, credentials)
      : [],
  ]);
  const overrides = ownershipOverrides({
    instance: `${config.name} in namespace ${config.flavour.namespace} on cluster ${options.clusterName}`,
    ordered,
    live,
    initiator,
    memberOf,
    force: options.force,
  });
  if (overrides.length === 0) return { live, overrides, allowed: true };
  const [decision] = await options.permissions.authorize(
    [{ permission: redisInstanceAdminPermission }],
    { credentials },
  );
  return {
    live,
    overrides,
    allowed: decision.result === AuthorizeResult.ALLOW,
  };
}
