// What every day-2 action checks first: the entity the initiator names, that the entity provider
// registered it, and the initiator's permissions on it; then the cluster, on the initiator's behalf.
import type {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/config';
import { NotAllowedError, NotFoundError, toError } from '@backstage/errors';
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
async function operationTarget(
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
async function authorizeOperation(
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
function operationCluster(
  options: OperationAccessOptions,
  target: OperationTarget,
  credentials: BackstageCredentials,
): Promise<KubernetesCluster> {
  return options.clusters
    .onBehalfOf(credentials)
    .getCluster(target.ref.cluster);
}

/** Each object an operation changes as `Kind namespace/name: paths`, logged; the actions' `changes` output. */
export function logChanges(
  logger: LoggerService,
  changes: { ref: string; action: string; paths: string[] }[],
): string[] {
  const lines = changes.map(
    change => `${change.ref}: ${change.paths.join(', ') || change.action}`,
  );
  for (const line of lines) logger.info(line);
  return lines;
}

/** Each check of an operation, passed or not, with its figures. */
export function logChecks(
  logger: LoggerService,
  checks: { ok: boolean; name: string; figures: string }[],
): void {
  for (const check of checks)
    logger.info(
      `${check.ok ? 'ok' : 'FAILED'}: ${check.name}: ${check.figures}`,
    );
}

/** The input every day-2 action takes, described once. */
export const ENTITY_REF_DESCRIPTION =
  'The Redis instance: its catalog entity (kind Resource, type redis), as the entity provider registered it';

/**
 * Runs a day-2 operation for a task: the target entity, the audit event `redis-operation` (with
 * `meta`), the permissions, then `run` on the cluster; `run` resolves to what the event's success adds.
 */
export async function runOperation(
  options: OperationAccessOptions & { auditor: AuditorService },
  ctx: {
    input: { entityRef: string };
    task: { id: string };
    getInitiatorCredentials(): Promise<BackstageCredentials>;
  },
  operation: {
    /** For the refusal: `<user> may not <what> <entity>`. */
    what: string;
    severityLevel: AuditorServiceEventSeverityLevel;
    permissions: (ResourcePermission<'catalog-entity'> | BasicPermission)[];
    meta: JsonObject;
  },
  run: (
    cluster: KubernetesCluster,
    target: OperationTarget,
  ) => Promise<JsonObject>,
): Promise<void> {
  const credentials = await ctx.getInitiatorCredentials();
  const target = await operationTarget(
    options,
    ctx.input.entityRef,
    credentials,
  );
  const event = await options.auditor.createEvent({
    eventId: 'redis-operation',
    severityLevel: operation.severityLevel,
    meta: {
      ...operation.meta,
      initiator: target.initiator.name,
      taskId: ctx.task.id,
      entityRef: target.entityRef,
      instance: { ...target.ref },
    },
  });
  try {
    await authorizeOperation(
      options,
      target,
      credentials,
      operation.what,
      operation.permissions,
    );
    const cluster = await operationCluster(options, target, credentials);
    await event.success({ meta: await run(cluster, target) });
  } catch (error) {
    await event.fail({ error: toError(error) });
    throw error;
  }
}
