import type { AuditorService } from '@backstage/backend-plugin-api';
import {
  SCALE_OPERATION,
  redisInstanceUpdatePermission,
} from '@odin/plugin-redis-common';
import { scaleInstance } from '@odin/plugin-redis-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ENTITY_REF_DESCRIPTION,
  runOperation,
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
          entityRef: z.string().describe(ENTITY_REF_DESCRIPTION),
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
      const dryRun = ctx.isDryRun ?? false;
      const { replicas } = ctx.input;
      await runOperation(
        options,
        ctx,
        {
          what: 'scale',
          severityLevel: dryRun ? 'low' : 'medium',
          permissions: [redisInstanceUpdatePermission],
          meta: {
            operation: SCALE_OPERATION,
            actionType: dryRun ? 'dry-run' : 'apply',
            replicas,
          },
        },
        async (cluster, { ref, initiator }) => {
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
          return { from: result.from, to: result.to, changes };
        },
      );
    },
  });
}
