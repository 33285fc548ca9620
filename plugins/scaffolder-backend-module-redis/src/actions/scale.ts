import type { AuditorService } from '@backstage/backend-plugin-api';
import {
  SCALE_OPERATION,
  redisInstanceUpdatePermission,
} from '@odin/plugin-redis-common';
import { scaleInstance } from '@odin/plugin-redis-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ENTITY_REF_DESCRIPTION,
  logChanges,
  logChecks,
  runOperation,
  type OperationAccessOptions,
} from './operationAccess';

/**
 * `redis:scale`: sets the replicas of a replication or sentinel instance (`replicas`), or the shards
 * and replicas per shard of a cluster instance (`shards`, `replicasPerShard`); an input that does
 * not fit the instance's mode is refused, naming it. Its recorded order (the ApplySet parent keeps
 * it) is applied again with the count changed, so every object keeps what the order set; then every
 * replica's link must be up and the sentinels must name the master (in cluster mode: all 16384
 * slots ok and the keys kept). A cluster scale-in of shards needs a recent successful backup and
 * memory headroom on the remaining masters. In a scaffolder dry run, only the server dry run: the changes, nothing written. The
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
      'Sets the replicas of a replication or sentinel Redis instance, or the shards and replicas per shard of a cluster instance: its recorded order applied again with the new counts, then every replica link (and in cluster mode every slot) checked',
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          entityRef: z.string().describe(ENTITY_REF_DESCRIPTION),
          replicas: z
            .number()
            .int()
            .min(0)
            .optional()
            .describe(
              'Replication and sentinel mode: the replicas of the master afterwards',
            ),
          shards: z
            .number()
            .int()
            .optional()
            .describe(
              'Cluster mode: the shards afterwards (at least 3); default unchanged',
            ),
          replicasPerShard: z
            .number()
            .int()
            .optional()
            .describe(
              'Cluster mode: the replicas of each shard afterwards; default unchanged',
            ),
        }),
      output: z =>
        z.object({
          from: z
            .number()
            .describe('The replicas before (cluster mode: the shards)'),
          to: z
            .number()
            .describe('The replicas after (cluster mode: the shards)'),
          replicasPerShard: z
            .number()
            .optional()
            .describe('Cluster mode: the replicas per shard after'),
          changes: z
            .array(z.string())
            .describe('The objects changed, as "Kind namespace/name: paths"'),
        }),
    },
    async handler(ctx) {
      const dryRun = ctx.isDryRun ?? false;
      const { replicas, shards, replicasPerShard } = ctx.input;
      const asked = [
        replicas !== undefined && `${replicas} replicas`,
        shards !== undefined && `${shards} shards`,
        replicasPerShard !== undefined &&
          `${replicasPerShard} replicas per shard`,
      ]
        .filter(Boolean)
        .join(' and ');
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
            shards,
            replicasPerShard,
          },
        },
        async (cluster, { ref, initiator }) => {
          ctx.logger.info(
            `${dryRun ? 'Dry run of a scale' : 'Scaling'} of ${ref.namespace}/${
              ref.name
            } on cluster ${ref.cluster} to ${asked || 'no count given'}`,
          );
          const result = await scaleInstance({
            cluster,
            instance: { namespace: ref.namespace, name: ref.name },
            replicas,
            shards,
            replicasPerShard,
            requester: initiator.name,
            dryRun,
            onProgress: message => ctx.logger.info(message),
          });
          const changes = logChanges(ctx.logger, result.changes);
          logChecks(ctx.logger, [
            ...(result.preconditions ?? []),
            ...result.postChecks,
          ]);
          ctx.logger.info(
            dryRun
              ? `Would scale from ${result.counts}; nothing was written`
              : `Scaled from ${result.counts} in ${result.durationMs} ms`,
          );
          ctx.output('from', result.from);
          ctx.output('to', result.to);
          if (result.cluster)
            ctx.output('replicasPerShard', result.cluster.to.replicasPerShard);
          ctx.output('changes', changes);
          return { from: result.from, to: result.to, changes };
        },
      );
    },
  });
}
