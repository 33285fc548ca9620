import type { AuditorService } from '@backstage/backend-plugin-api';
import {
  RESIZE_OPERATION,
  redisInstanceUpdatePermission,
} from '@odin/plugin-redis-common';
import { resizeInstance } from '@odin/plugin-redis-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ENTITY_REF_DESCRIPTION,
  logChanges,
  logChecks,
  runOperation,
  type OperationAccessOptions,
} from './operationAccess';

const QUANTITY_NOTE = 'a Kubernetes quantity';

/**
 * `redis:resize`: the CPU and memory of a replication or sentinel instance's data pods (`cpu`, `memory`: their new
 * limits; each request keeps its share), or the volume size of a replication or sentinel instance
 * (`storage`, grow only, never with `cpu` or `memory`). Its recorded order is applied again with the
 * new size. CPU and memory restart one pod at a time, replicas first and the master last after a
 * switchover that loses no write; storage needs a StorageClass that allows volume expansion and
 * restarts nothing. In a scaffolder dry run, only the server dry run: the changes, nothing written.
 * The initiator needs `redis.instance.update` on the entity; every run is the audit event
 * `redis-operation` and an entry of the instance's operation history.
 *
 * @public
 */
export function createRedisResizeAction(
  options: OperationAccessOptions & { auditor: AuditorService },
) {
  return createTemplateAction({
    id: 'redis:resize',
    description:
      "Resizes a Redis instance: the data pods' CPU and memory (a restart of one pod at a time, replicas first, the master last after a switchover), or its storage (grow only, on its own)",
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          entityRef: z.string().describe(ENTITY_REF_DESCRIPTION),
          cpu: z
            .string()
            .optional()
            .describe(
              `The data pods' new CPU limit, ${QUANTITY_NOTE} (e.g. "2" or "1500m")`,
            ),
          memory: z
            .string()
            .optional()
            .describe(
              `The data pods' new memory limit, ${QUANTITY_NOTE} (e.g. "4Gi"); maxmemory follows it`,
            ),
          storage: z
            .string()
            .optional()
            .describe(
              `Each data pod's new volume size, ${QUANTITY_NOTE} in Mi, Gi or Ti (e.g. "20Gi"); larger only, and never with cpu or memory`,
            ),
        }),
      output: z =>
        z.object({
          kind: z
            .enum(['resources', 'storage'])
            .describe('What was resized: CPU and memory, or storage'),
          restarted: z
            .array(z.string())
            .describe('The pods restarted, in order (none for storage)'),
          changes: z
            .array(z.string())
            .describe('The objects changed, as "Kind namespace/name: paths"'),
        }),
    },
    async handler(ctx) {
      const dryRun = ctx.isDryRun ?? false;
      const { cpu, memory, storage } = ctx.input;
      await runOperation(
        options,
        ctx,
        {
          what: 'resize',
          severityLevel: dryRun ? 'low' : 'medium',
          permissions: [redisInstanceUpdatePermission],
          meta: {
            operation: RESIZE_OPERATION,
            actionType: dryRun ? 'dry-run' : 'apply',
            cpu,
            memory,
            storage,
          },
        },
        async (cluster, { ref, initiator }) => {
          ctx.logger.info(
            `${dryRun ? 'Dry run of a resize' : 'Resizing'} of ${
              ref.namespace
            }/${ref.name} on cluster ${ref.cluster}`,
          );
          const result = await resizeInstance({
            cluster,
            instance: { namespace: ref.namespace, name: ref.name },
            cpu,
            memory,
            storage,
            requester: initiator.name,
            dryRun,
            onProgress: message => ctx.logger.info(message),
          });
          const changes = logChanges(ctx.logger, result.changes);
          logChecks(ctx.logger, [
            ...result.preconditions,
            ...result.postChecks,
          ]);
          const restarted = result.restarts.map(restart => restart.pod);
          ctx.logger.info(
            dryRun
              ? `Would resize ${JSON.stringify(
                  result.from,
                )} to ${JSON.stringify(result.to)}; nothing was written`
              : `Resized in ${result.durationMs} ms${
                  restarted.length ? `; restarted ${restarted.join(', ')}` : ''
                }`,
          );
          ctx.output('kind', result.kind);
          ctx.output('restarted', restarted);
          ctx.output('changes', changes);
          return { kind: result.kind, restarted, changes };
        },
      );
    },
  });
}
