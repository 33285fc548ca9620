import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
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
  type KubernetesUserTokens,
} from '@odin/plugin-redis-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { ownerRefusal } from './services/InstanceLocator/instanceTrust';
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
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, auditor, catalog, statusService } = options;
  const router = Router();

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

  return router;
}
