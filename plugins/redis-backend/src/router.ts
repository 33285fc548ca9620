import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { redisInstanceReadPermission } from '@odin/plugin-redis-common';
import type { KubernetesUserTokens } from '@odin/plugin-redis-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { instanceFromEntity } from './services/InstanceLocator/instanceFromEntity';
import type { StatusService } from './services/StatusService/StatusService';

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

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  statusService: StatusService;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, statusService } = options;
  const router = Router();

  router.get('/entities/:kind/:namespace/:name/status', async (req, res) => {
    const params = entityParams.safeParse(req.params);
    if (!params.success)
      throw new InputError(`invalid entity reference: ${params.error.message}`);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entityRef = stringifyEntityRef(params.data);
    const [decision] = await permissions.authorize(
      [{ permission: redisInstanceReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW)
      throw new NotAllowedError(`not allowed to read ${entityRef}`);
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) throw new NotFoundError(`${entityRef} not found`);
    res.json(
      await statusService.getStatus(instanceFromEntity(entity), {
        credentials,
        userTokens: userTokensOf(req),
      }),
    );
  });

  return router;
}
