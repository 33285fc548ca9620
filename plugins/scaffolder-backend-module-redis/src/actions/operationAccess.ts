// What every day-2 action checks first: the entity the initiator names, that the entity provider
// registered it, and the initiator's permissions on it; then the cluster, on the initiator's behalf.
import type {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { InstanceRef } from '@odin/plugin-redis-common';
import {
  instanceFromEntity,
  isFromEntityProvider,
  type KubernetesCluster,
  type KubernetesPluginClusterAccess,
} from '@odin/plugin-redis-node';
import { initiatorOf, type Initiator } from './ownership';

export interface OperationAccessOptions {
  clusters: KubernetesPluginClusterAccess;
  catalog: CatalogService;
  permissions: PermissionsService;
  auth: AuthService;
}

export interface OperationTarget {
  entityRef: string;
  ref: InstanceRef;
  initiator: Initiator;
}

/** The entity's instance and who asks; refuses an entity the catalog does not hold or the provider did not write. */
export async function operationTarget(
  options: OperationAccessOptions,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<OperationTarget> {
  const entity = await options.catalog.getEntityByRef(entityRef, {
    credentials,
  });
  if (!entity)
    throw new NotFoundError(
      `${entityRef} is not in the catalog, or you may not read it`,
    );
  const ref = instanceFromEntity(entity);
  const target = {
    entityRef: stringifyEntityRef(entity),
    ref,
    initiator: initiatorOf(options.auth, credentials),
  };
  if (!isFromEntityProvider(entity, ref))
    throw new NotAllowedError(
      `${target.entityRef} was not registered by the Redis entity provider: operations act only on the instances it lists`,
    );
  return target;
}

/**
 * Refuses unless the initiator holds every permission: resource permissions are checked on the
 * target's entity. The refusal names the operation and each permission missing.
 */
export async function authorizeOperation(
  options: OperationAccessOptions,
  target: OperationTarget,
  credentials: BackstageCredentials,
  what: string,
  wanted: (ResourcePermission<'catalog-entity'> | BasicPermission)[],
): Promise<void> {
  const decisions = await options.permissions.authorize(
    wanted.map(permission =>
      permission.type === 'resource'
        ? { permission, resourceRef: target.entityRef }
        : { permission },
    ),
    { credentials },
  );
  const denied = wanted.filter(
    (_, i) => decisions[i].result !== AuthorizeResult.ALLOW,
  );
  if (denied.length > 0)
    throw new NotAllowedError(
      `${target.initiator.name} may not ${what} ${
        target.entityRef
      }: it needs ${denied.map(permission => permission.name).join(' and ')}`,
    );
}

/** The target's cluster, every request on the initiator's behalf. */
export function operationCluster(
  options: OperationAccessOptions,
  target: OperationTarget,
  credentials: BackstageCredentials,
): Promise<KubernetesCluster> {
  return options.clusters
    .onBehalfOf(credentials)
    .getCluster(target.ref.cluster);
}
