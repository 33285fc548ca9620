import type {
  AuditorService,
  AuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError, toError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  redisInstanceAdminPermission,
  redisInstanceUpdatePermission,
} from '@odin/plugin-redis-common';
import {
  instanceFromEntity,
  isFromEntityProvider,
  testFailover,
  type KubernetesPluginClusterAccess,
} from '@odin/plugin-redis-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { initiatorOf } from './ownership';

/**
 * `redis:test-failover`: fails the sentinel instance of a catalog entity over to its best replica
 * (`SENTINEL FAILOVER`) and checks that every sentinel, the old master and the operator's pod labels
 * agree on the new master afterwards. The initiator needs `redis.instance.update` on the entity, and
 * `redis.instance.admin` to override the once-an-hour rule. Only entities the Redis entity provider
 * registered are operated on. Every run is the audit event `redis-operation`, a Kubernetes Event on
 * the custom resource and an entry of the instance's operation history.
 *
 * @public
 */
export function createRedisTestFailoverAction(options: {
  clusters: KubernetesPluginClusterAccess;
  catalog: CatalogService;
  permissions: PermissionsService;
  auditor: AuditorService;
  auth: AuthService;
}) {
  return createTemplateAction({
    id: 'redis:test-failover',
    description:
      'Fails a sentinel Redis instance over to a replica and checks the new master (preconditions: quorum, a replica in sync, at most one an hour)',
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'The Redis instance: its catalog entity (kind Resource, type redis), as the entity provider registered it',
            ),
          override: z
            .boolean()
            .optional()
            .describe(
              'Run within an hour of the last test failover; needs redis.instance.admin. Default false',
            ),
        }),
      output: z =>
        z.object({
          oldMaster: z.string().describe('The master before, as its pod name'),
          newMaster: z.string().describe('The master after, as its pod name'),
          durationMs: z
            .number()
            .describe('From SENTINEL FAILOVER to every post-check passing'),
        }),
    },
    async handler(ctx) {
      const credentials = await ctx.getInitiatorCredentials();
      const initiator = initiatorOf(options.auth, credentials);
      const override = ctx.input.override ?? false;
      const entity = await options.catalog.getEntityByRef(ctx.input.entityRef, {
        credentials,
      });
      if (!entity)
        throw new NotFoundError(
          `${ctx.input.entityRef} is not in the catalog, or you may not read it`,
        );
      const entityRef = stringifyEntityRef(entity);
      const ref = instanceFromEntity(entity);
      const event = await options.auditor.createEvent({
        eventId: 'redis-operation',
        severityLevel: override ? 'high' : 'medium',
        meta: {
          operation: 'test-failover',
          initiator: initiator.name,
          taskId: ctx.task.id,
          entityRef,
          instance: { ...ref },
          override,
        },
      });
      try {
        if (!isFromEntityProvider(entity, ref))
          throw new NotAllowedError(
            `${entityRef} was not registered by the Redis entity provider: operations act only on the instances it lists`,
          );
        const wanted = [redisInstanceUpdatePermission.name];
        const decisions = await options.permissions.authorize(
          [
            {
              permission: redisInstanceUpdatePermission,
              resourceRef: entityRef,
            },
            ...(override ? [{ permission: redisInstanceAdminPermission }] : []),
          ],
          { credentials },
        );
        if (override) wanted.push(redisInstanceAdminPermission.name);
        const denied = wanted.filter(
          (_, i) => decisions[i].result !== AuthorizeResult.ALLOW,
        );
        if (denied.length > 0)
          throw new NotAllowedError(
            `${initiator.name} may not run a test failover of ${entityRef}${
              override ? ' with override' : ''
            }: it needs ${denied.join(' and ')}`,
          );
        const cluster = await options.clusters
          .onBehalfOf(credentials)
          .getCluster(ref.cluster);
        ctx.logger.info(
          `Test failover of ${ref.namespace}/${ref.name} on cluster ${ref.cluster}`,
        );
        const result = await testFailover({
          cluster,
          instance: { namespace: ref.namespace, name: ref.name },
          requester: initiator.name,
          override,
        });
        for (const check of [...result.preconditions, ...result.postChecks])
          ctx.logger.info(
            `${check.ok ? 'ok' : 'FAILED'}: ${check.name}: ${check.figures}`,
          );
        ctx.logger.info(
          `The master moved from ${result.oldMaster.pod} to ${result.newMaster.pod} in ${result.failoverMs} ms`,
        );
        ctx.output('oldMaster', result.oldMaster.pod);
        ctx.output('newMaster', result.newMaster.pod);
        ctx.output('durationMs', result.failoverMs);
        await event.success({
          meta: {
            oldMaster: result.oldMaster.pod,
            newMaster: result.newMaster.pod,
            failoverMs: result.failoverMs,
          },
        });
      } catch (error) {
        await event.fail({ error: toError(error) });
        throw error;
      }
    },
  });
}
