import type { AuditorService } from '@backstage/backend-plugin-api';
import {
  TEST_FAILOVER_OPERATION,
  redisInstanceAdminPermission,
  redisInstanceUpdatePermission,
} from '@odin/plugin-redis-common';
import { testFailover } from '@odin/plugin-redis-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ENTITY_REF_DESCRIPTION,
  logChecks,
  runOperation,
  type OperationAccessOptions,
} from './operationAccess';

/**
 * `redis:test-failover`: fails the sentinel instance of a catalog entity over to its best replica
 * (`SENTINEL FAILOVER`) and checks that every sentinel, the old master and the operator's pod labels
 * agree on the new master afterwards. A cluster instance gets `CLUSTER FAILOVER` on `replica` (default:
 * a replica of the shard of slot 0), and every node, the old master and the labels must agree. The initiator needs `redis.instance.update` on the entity, and
 * `redis.instance.admin` to override the once-an-hour rule. Only entities the Redis entity provider
 * registered are operated on. Every run is the audit event `redis-operation`, a Kubernetes Event on
 * the custom resource and an entry of the instance's operation history.
 *
 * @public
 */
export function createRedisTestFailoverAction(
  options: OperationAccessOptions & { auditor: AuditorService },
) {
  return createTemplateAction({
    id: 'redis:test-failover',
    description:
      'Fails a sentinel or cluster Redis instance over to a replica and checks the new master (preconditions: quorum or cluster state ok, a replica in sync, at most one an hour)',
    schema: {
      input: z =>
        z.object({
          entityRef: z.string().describe(ENTITY_REF_DESCRIPTION),
          replica: z
            .string()
            .optional()
            .describe(
              'Cluster mode: the replica to promote, by pod name (e.g. shop-follower-0); default a replica of the shard of slot 0',
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
            .describe(
              'From SENTINEL FAILOVER (or CLUSTER FAILOVER) to every post-check passing',
            ),
        }),
    },
    async handler(ctx) {
      const override = ctx.input.override ?? false;
      await runOperation(
        options,
        ctx,
        {
          what: override
            ? 'run a test failover with override of'
            : 'run a test failover of',
          severityLevel: override ? 'high' : 'medium',
          permissions: [
            redisInstanceUpdatePermission,
            ...(override ? [redisInstanceAdminPermission] : []),
          ],
          meta: {
            operation: TEST_FAILOVER_OPERATION,
            override,
            replica: ctx.input.replica,
          },
        },
        async (cluster, { ref, initiator }) => {
          ctx.logger.info(
            `Test failover of ${ref.namespace}/${ref.name} on cluster ${ref.cluster}`,
          );
          const result = await testFailover({
            cluster,
            instance: { namespace: ref.namespace, name: ref.name },
            requester: initiator.name,
            override,
            replica: ctx.input.replica,
          });
          logChecks(ctx.logger, [
            ...result.preconditions,
            ...result.postChecks,
          ]);
          ctx.logger.info(
            `The master moved from ${result.oldMaster.pod} to ${result.newMaster.pod} in ${result.failoverMs} ms`,
          );
          ctx.output('oldMaster', result.oldMaster.pod);
          ctx.output('newMaster', result.newMaster.pod);
          ctx.output('durationMs', result.failoverMs);
          return {
            oldMaster: result.oldMaster.pod,
            newMaster: result.newMaster.pod,
            failoverMs: result.failoverMs,
          };
        },
      );
    },
  });
}
