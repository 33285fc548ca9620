import type {
  AuditorService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  RESTORE_OPERATION,
  redisInstanceUpdatePermission,
} from '@odin/plugin-redis-common';
import { restoreInstance, type RestoreOptions } from '@odin/plugin-redis-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ENTITY_REF_DESCRIPTION,
  logChecks,
  runOperation,
  type OperationAccessOptions,
} from './operationAccess';

/**
 * How the restore reaches the backup bucket: the settings the status API reads (`redis.status.s3`);
 * without an endpoint, the AWS SDK's own (AWS, or `AWS_ENDPOINT_URL`), credentials from its default chain.
 */
export function restoreS3Options(
  config: RootConfigService,
): RestoreOptions['s3'] {
  const s3 = config.getOptionalConfig('redis.status.s3');
  return {
    endpoint: s3?.getOptionalString('endpoint'),
    forcePathStyle: s3?.getOptionalBoolean('forcePathStyle') ?? false,
    timeoutMs: s3?.getOptionalNumber('timeoutMs'),
    maxObjects: s3?.getOptionalNumber('maxObjects'),
  };
}

/**
 * `redis:restore`: restores a backup of an instance (`entityRef`, the source) into a NEW instance
 * `targetName` in the same namespace, never in place. The source's recorded order is applied under the
 * new name, with its owner stamped as on the source, and an init container that loads the chosen RDB
 * (`backup`: an object name, its key, or `latest`) into each empty data volume; afterwards every data
 * pod must hold the dump's key count. In cluster mode (`backup`: a stamp, an object name, or `latest`)
 * the new cluster starts empty and every key of every shard's dump is RESTOREd into it. Refused before
 * anything is written: a target name that exists, a backup that is not there, empty or (cluster mode)
 * not covering every slot, an RDB version the target's Redis cannot read, a dataset above its
 * maxmemory, a held lock. In a scaffolder dry run,
 * only the checks and the server dry run. The initiator needs `redis.instance.update` on the source;
 * every run is the audit event `redis-operation` and an entry of both instances' histories.
 *
 * @public
 */
export function createRedisRestoreAction(
  options: OperationAccessOptions & {
    auditor: AuditorService;
    s3: RestoreOptions['s3'];
  },
) {
  return createTemplateAction({
    id: 'redis:restore',
    description:
      'Restores a backup of a Redis instance into a new instance (never in place): the source order under a new name, loaded from the chosen RDB, then its key count checked against the dump',
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(`${ENTITY_REF_DESCRIPTION}, whose backup is restored`),
          backup: z
            .string()
            .min(1)
            .describe(
              'The backup: an object name such as 20261201T020000Z.rdb, its full key, or latest; in cluster mode also its stamp (20261201T020000Z)',
            ),
          targetName: z
            .string()
            .min(1)
            .describe(
              'The new instance, in the same namespace; a name no instance has',
            ),
        }),
      output: z =>
        z.object({
          target: z.string().describe('The new instance, as namespace/name'),
          backup: z.string().describe('The object key restored'),
          keys: z
            .number()
            .describe("The key count of the dump's first database"),
          durationMs: z
            .number()
            .describe('From the start to every post-check passing'),
        }),
    },
    async handler(ctx) {
      const dryRun = ctx.isDryRun ?? false;
      const { backup, targetName } = ctx.input;
      await runOperation(
        options,
        ctx,
        {
          what: 'restore a backup of',
          severityLevel: dryRun ? 'low' : 'medium',
          permissions: [redisInstanceUpdatePermission],
          meta: {
            operation: RESTORE_OPERATION,
            actionType: dryRun ? 'dry-run' : 'apply',
            backup,
            targetName,
          },
        },
        async (cluster, { ref, initiator }) => {
          ctx.logger.info(
            `${
              dryRun ? 'Dry run of a restore' : 'Restoring'
            } of backup ${backup} of ${ref.namespace}/${ref.name} on cluster ${
              ref.cluster
            } into a new instance ${targetName}`,
          );
          const result = await restoreInstance({
            cluster,
            source: { namespace: ref.namespace, name: ref.name },
            backup,
            target: { name: targetName },
            requester: initiator.name,
            s3: options.s3,
            dryRun,
            onProgress: message => ctx.logger.info(message),
          });
          logChecks(ctx.logger, [...result.preChecks, ...result.postChecks]);
          const target = `${result.target.namespace}/${result.target.name}`;
          ctx.logger.info(
            dryRun
              ? `Would create ${target} from ${
                  result.backup.key
                }: ${result.objects.join(', ')}; nothing was written`
              : `Restored ${result.backup.key} into ${target} in ${result.durationMs} ms`,
          );
          const keys = result.backup.database?.keys ?? 0;
          ctx.output('target', target);
          ctx.output('backup', result.backup.key);
          ctx.output('keys', keys);
          ctx.output('durationMs', result.durationMs);
          return { target, backup: result.backup.key, keys };
        },
      );
    },
  });
}
