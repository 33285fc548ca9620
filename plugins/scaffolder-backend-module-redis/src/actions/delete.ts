import type { AuditorService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  DELETE_OPERATION,
  redisInstanceDeletePermission,
  type InstanceRef,
} from '@odin/plugin-redis-common';
import {
  deleteInstance,
  instanceFromEntity,
  isFromEntityProvider,
  type BackupStoreSettings,
} from '@odin/plugin-redis-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ENTITY_REF_DESCRIPTION,
  runOperation,
  type OperationAccessOptions,
} from './operationAccess';

/** Whether `entity` is still the entity provider's entity of `ref`, as the checks admitted it. */
function stillAdmitted(entity: Entity, ref: InstanceRef): boolean {
  try {
    const named = instanceFromEntity(entity);
    return (
      isFromEntityProvider(entity, named) &&
      named.cluster === ref.cluster &&
      named.namespace === ref.namespace &&
      named.name === ref.name
    );
  } catch {
    return false;
  }
}

/**
 * `redis:delete`: deletes an instance after a final backup. `confirmName` must be the instance's
 * name. A backup Job from the instance's CronJob runs first, and its objects must be in S3, non-empty,
 * before anything is deleted; an instance without a backup is refused unless `skipFinalBackup`. The
 * claims stay unless `keepVolumes` is false (the operator's `storage.keepAfterDelete`). Then the
 * custom resources and every object the ApplySet parent records are deleted, the parent last, and the
 * instance's catalog entity is removed at once (the entity provider would drop it on its next run).
 * In a scaffolder dry run: what would be deleted and kept, each delete dry-run by the server. The
 * initiator needs `redis.instance.delete` on the entity; every run is the audit event
 * `redis-operation` and an entry of the instance's operation history, which stays.
 *
 * @public
 */
export function createRedisDeleteAction(
  options: OperationAccessOptions & {
    auditor: AuditorService;
    s3: BackupStoreSettings;
  },
) {
  return createTemplateAction({
    id: 'redis:delete',
    description:
      'Deletes a Redis instance after a final backup verified in S3: the typed name confirmed, the volumes kept unless asked otherwise, and its catalog entity removed',
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          entityRef: z.string().describe(ENTITY_REF_DESCRIPTION),
          confirmName: z
            .string()
            .describe("The instance's name, typed again to confirm the delete"),
          keepVolumes: z
            .boolean()
            .default(true)
            .describe(
              "Keep the data volumes (PersistentVolumeClaims) after the delete: the operator's storage.keepAfterDelete",
            ),
          skipFinalBackup: z
            .boolean()
            .default(false)
            .describe(
              'Delete without a final backup; an instance without backups is refused unless this is set',
            ),
        }),
      output: z =>
        z.object({
          finalBackup: z
            .array(z.string())
            .describe(
              'The final backup objects, verified in S3, as s3://bucket/key (empty when skipped)',
            ),
          deleted: z
            .array(z.string())
            .describe(
              'What was (or would be) deleted, as "Kind namespace/name"',
            ),
          kept: z.array(z.string()).describe('What stays, and why'),
        }),
    },
    async handler(ctx) {
      const dryRun = ctx.isDryRun ?? false;
      const { confirmName, keepVolumes, skipFinalBackup } = ctx.input;
      await runOperation(
        options,
        ctx,
        {
          what: 'delete',
          severityLevel: dryRun ? 'low' : 'high',
          permissions: [redisInstanceDeletePermission],
          meta: {
            operation: DELETE_OPERATION,
            actionType: dryRun ? 'dry-run' : 'delete',
            keepVolumes,
            skipFinalBackup,
          },
        },
        async (cluster, { ref, initiator, entityRef }) => {
          ctx.logger.info(
            `${dryRun ? 'Dry run of a delete' : 'Deleting'} of ${
              ref.namespace
            }/${ref.name} on cluster ${ref.cluster}${
              skipFinalBackup
                ? ', without a final backup'
                : ', after a final backup'
            }; volumes ${keepVolumes ? 'kept' : 'deleted'}`,
          );
          const result = await deleteInstance({
            cluster,
            instance: { namespace: ref.namespace, name: ref.name },
            confirmName,
            keepVolumes,
            skipFinalBackup,
            requester: initiator.name,
            s3: options.s3,
            dryRun,
            onProgress: message => ctx.logger.info(message),
          });
          const finalBackup = (result.finalBackup?.objects ?? []).map(
            object => `s3://${result.finalBackup!.bucket}/${object.key}`,
          );
          const deleted = [...result.deleted, `catalog entity ${entityRef}`];
          if (!dryRun) {
            // The user may delete the instance, not necessarily catalog entities: the module removes the
            // entity the entity provider registered, as the provider itself would on its next run.
            const credentials = await options.auth.getOwnServiceCredentials();
            const entity = await options.catalog.getEntityByRef(entityRef, {
              credentials,
            });
            // Only the entity the checks admitted: still the provider's, and still naming this instance.
            if (entity?.metadata.uid && stillAdmitted(entity, ref))
              await options.catalog.removeEntityByUid(entity.metadata.uid, {
                credentials,
              });
          }
          for (const entry of deleted)
            ctx.logger.info(`${dryRun ? 'Would delete' : 'Deleted'} ${entry}`);
          for (const entry of result.kept)
            ctx.logger.info(`${dryRun ? 'Would keep' : 'Kept'} ${entry}`);
          ctx.logger.info(
            dryRun
              ? `${
                  result.finalBackup
                    ? `A final backup would go to s3://${result.finalBackup.bucket}/${result.finalBackup.prefix} first`
                    : 'No final backup (skipFinalBackup)'
                }; nothing was written`
              : `Deleted in ${result.durationMs} ms${
                  finalBackup.length
                    ? ` after the final backup ${finalBackup.join(', ')}`
                    : ''
                }`,
          );
          ctx.output('finalBackup', finalBackup);
          ctx.output('deleted', deleted);
          ctx.output('kept', result.kept);
          return { finalBackup, deleted, kept: result.kept };
        },
      );
    },
  });
}
