import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  toError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  REDIS_CLUSTER_ANNOTATION,
  REDIS_INSTANCE_ANNOTATION,
  redisInstanceReadPermission,
} from '@odin/plugin-redis-common';
import {
  instanceFromEntity,
  isFromEntityProvider,
  type BackupStoreOptions,
  type KubernetesPluginClusterAccess,
  type KubernetesUserTokens,
} from '@odin/plugin-redis-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { ownerRefusal } from './services/InstanceLocator/instanceTrust';
import { OPERATION_DRY_RUNS } from './services/OperationPreview/operationDryRuns';
import type {
  StatusAdmission,
  StatusService,
} from './services/StatusService/StatusService';

const entityParams = z.object({
  kind: z.string().min(1).max(63),
  namespace: z.string().min(1).max(63),
  name: z.string().min(1).max(253),
});

/** Prefix of the headers that carry the user's own Kubernetes tokens, as the Kubernetes plugin names them. */
const USER_TOKEN_HEADER_PREFIX = 'backstage-kubernetes-authorization-';

/**
 * The user's Kubernetes tokens the frontend sent: `...-oidc-okta` becomes `oidc.okta`, `...-google`
 * becomes `google`. They are passed on to the Kubernetes plugin's proxy, never stored or logged.
 */
function userTokensOf(req: express.Request): KubernetesUserTokens {
  const tokens: KubernetesUserTokens = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!name.startsWith(USER_TOKEN_HEADER_PREFIX) || typeof value !== 'string')
      continue;
    const [provider, ...rest] = name
      .slice(USER_TOKEN_HEADER_PREFIX.length)
      .split('-');
    tokens[rest.length ? `${provider}.${rest.join('-')}` : provider] = value;
  }
  return tokens;
}

/** Which check refused a status read: the `redis.instance.read` permission, or the trust in the entity's annotations. */
type RefusingCheck = 'permission' | 'trust';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  statusService: StatusService;
  /** The clusters, reached on the user's behalf for the dry runs of operations. */
  clusters: KubernetesPluginClusterAccess;
  /** How the dry run of a restore reads the backup bucket. */
  s3: BackupStoreOptions;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    auditor,
    catalog,
    statusService,
    clusters,
    s3,
  } = options;
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  router.get('/entities/:kind/:namespace/:name/status', async (req, res) => {
    const params = entityParams.safeParse(req.params);
    if (!params.success)
      throw new InputError(`invalid entity reference: ${params.error.message}`);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entityRef = stringifyEntityRef(params.data);
    // The catalog applies its own read permission: an entity the user may not see is not found.
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) throw new NotFoundError(`${entityRef} not found`);
    const annotations = entity.metadata.annotations ?? {};
    /** Records the refused read with what the entity named, then answers 403 with the reason. */
    const refuse = async (check: RefusingCheck, reason: string) => {
      const error = new NotAllowedError(reason);
      const event = await auditor.createEvent({
        eventId: 'status-read',
        severityLevel: 'medium',
        request: req,
        meta: {
          entityRef,
          instance: annotations[REDIS_INSTANCE_ANNOTATION],
          cluster: annotations[REDIS_CLUSTER_ANNOTATION],
          check,
          reason,
        },
      });
      await event.fail({ error });
      throw error;
    };
    const [decision] = await permissions.authorize(
      [{ permission: redisInstanceReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW)
      await refuse(
        'permission',
        `${credentials.principal.userEntityRef} may not read ${entityRef} (${redisInstanceReadPermission.name})`,
      );
    const ref = instanceFromEntity(entity);
    // Annotations the provider did not write name an instance only if the entity's owner is the instance's.
    const admit: StatusAdmission | undefined = isFromEntityProvider(entity, ref)
      ? undefined
      : async customResources => {
          const reason = ownerRefusal(entity, ref, customResources);
          if (reason) await refuse('trust', reason);
        };
    res.json(
      await statusService.getStatus(
        ref,
        { credentials, userTokens: userTokensOf(req) },
        admit,
      ),
    );
  });

  /**
   * The server dry run of a day-2 operation, which its template's form shows before the user confirms:
   * the same library call as the action's, with `dryRun`, on the user's behalf, under the permission the
   * action checks. Only for entities the entity provider registered, as the actions.
   */
  router.post(
    '/entities/:kind/:namespace/:name/operations/:operation/dry-run',
    async (req, res) => {
      const params = entityParams.safeParse(req.params);
      if (!params.success)
        throw new InputError(
          `invalid entity reference: ${params.error.message}`,
        );
      const operation = Object.hasOwn(OPERATION_DRY_RUNS, req.params.operation)
        ? OPERATION_DRY_RUNS[req.params.operation]
        : undefined;
      if (!operation)
        throw new NotFoundError(
          `no dry run of "${
            req.params.operation
          }"; these have one: ${Object.keys(OPERATION_DRY_RUNS).join(', ')}`,
        );
      const input = operation.input.safeParse(req.body?.input);
      if (!input.success)
        throw new InputError(
          `invalid input of the ${
            req.params.operation
          } dry run: ${input.error.issues
            .map(issue => `/${issue.path.join('/')}: ${issue.message}`)
            .join('; ')}`,
        );
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const entityRef = stringifyEntityRef(params.data);
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (!entity) throw new NotFoundError(`${entityRef} not found`);
      const ref = instanceFromEntity(entity);
      const requester = credentials.principal.userEntityRef;
      const event = await auditor.createEvent({
        eventId: 'redis-operation',
        severityLevel: 'low',
        request: req,
        meta: {
          operation: req.params.operation,
          actionType: 'dry-run',
          entityRef,
          instance: { ...ref },
        },
      });
      try {
        if (!isFromEntityProvider(entity, ref))
          throw new NotAllowedError(
            `${entityRef} was not registered by the Redis entity provider: operations act only on the instances it lists`,
          );
        const [decision] = await permissions.authorize(
          [{ permission: operation.permission, resourceRef: entityRef }],
          { credentials },
        );
        if (decision.result !== AuthorizeResult.ALLOW)
          throw new NotAllowedError(
            `${requester} may not ${req.params.operation} ${entityRef}: it needs ${operation.permission.name}`,
          );
        const cluster = await clusters
          .onBehalfOf(credentials, userTokensOf(req))
          .getCluster(ref.cluster);
        const result = await operation.dryRun(
          {
            cluster,
            instance: { namespace: ref.namespace, name: ref.name },
            requester,
            s3,
          },
          input.data,
        );
        await event.success();
        res.json(result);
      } catch (error) {
        await event.fail({ error: toError(error) });
        throw error;
      }
    },
  );

  return router;
}
