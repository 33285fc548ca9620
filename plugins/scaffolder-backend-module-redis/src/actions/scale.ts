import type { AuditorService } from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';
import {
  SCALE_OPERATION,
  redisInstanceUpdatePermission,
} from '@odin/plugin-redis-common';
import { scaleInstance } from '@odin/plugin-redis-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  authorizeOperation,
  operationCluster,
  operationTarget,
  type OperationAccessOptions,
} from './operationAccess';

/**
 * `redis:scale`: sets the replicas of a replication or sentinel instance. Its recorded order (the
 * ApplySet parent keeps it) is applied again with `flavour.replica.count` changed, so every object
 * keeps what the order set; then every replica's link must be up and the sentinels must name the
 * master. In a scaffolder dry run, only the server dry run: the changes, nothing written. The
 * initiator needs `redis.instance.update` on the entity; every run is the audit event
 * `redis-operation` and an entry of the instance's operation history.
 *
 * @public
 */
export function createRedisScaleAction(
  options: OperationAccessOptions & { auditor: AuditorService },
) {
  return createTemplateAction({
    id: 'redis:scale',
    description:
      'Sets the replicas of a replication or sentinel Redis instance: its recorded order applied again with the new count, then every replica link checked',
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'The Redis instance: its catalog entity (kind Resource, type redis), as the entity provider registered it',
            ),
          replicas: z
            .number()
            .int()
            .min(0)
            .describe('The replicas of the master afterwards'),
        }),
      output: z =>
        z.object({
          from: z.number().describe('The replicas before'),
          to: z.number().describe('The replicas after'),
          changes: z
            .array(z.string())
            .describe('The objects changed, as "Kind namespace/name: paths"'),
        }),
    },
    async handler(ctx) {
      const credentials = await ctx.getInitiatorCredentials();
      const dryRun = ctx.isDryRun ?? false;
      const { replicas } = ctx.input;
      const target = await operationTarget(
        options,
        ctx.input.entityRef,
        credentials,
      );
      const { ref, initiator } = target;
      const event = await options.auditor.createEvent({
        eventId: 'redis-operation',
        severityLevel: dryRun ? 'low' : 'medium',
        meta: {
          operation: SCALE_OPERATION,
          actionType: dryRun ? 'dry-run' : 'apply',
          initiator: initiator.name,
          taskId: ctx.task.id,
          entityRef: target.entityRef,
          instance: { ...ref },
          replicas,
        },
      });
      try {
        await authorizeOperation(options, target, credentials, 'scale', [
          redisInstanceUpdatePermission,
        ]);
        const cluster = await operationCluster(options, target, credentials);
        ctx.logger.info(
          `${dryRun ? 'Dry run of a scale' : 'Scaling'} of ${ref.namespace}/${
            ref.name
          } on cluster ${ref.cluster} to ${replicas} replicas`,
        );
        const result = await scaleInstance({
          cluster,
          instance: { namespace: ref.namespace, name: ref.name },
          replicas,
          requester: initiator.name,
          dryRun,
          onProgress: message => ctx.logger.info(message),
        });
        const changes = result.changes.map(
          change =>
            `${change.ref}: ${change.paths.join(', ') || change.action}`,
        );
        for (const change of changes) ctx.logger.info(change);
        for (const check of result.postChecks)
          ctx.logger.info(
            `${check.ok ? 'ok' : 'FAILED'}: ${check.name}: ${check.figures}`,
          );
        ctx.logger.info(
          dryRun
            ? `Would scale from ${result.from} to ${result.to} replicas; nothing was written`
            : `Scaled from ${result.from} to ${result.to} replicas in ${result.durationMs} ms`,
        );
        ctx.output('from', result.from);
        ctx.output('to', result.to);
        ctx.output('changes', changes);
        await event.success({
          meta: { from: result.from, to: result.to, changes },
        });
      } catch (error) {
        await event.fail({ error: toError(error) });
        throw error;
      }
    },
  });
}
