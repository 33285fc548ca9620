// The day-2 operations whose form shows the server dry run before the user confirms: for each, the input
// it takes, the permission its action checks, and its library call with `dryRun`.
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  DELETE_OPERATION,
  RESIZE_OPERATION,
  RESTORE_OPERATION,
  ROTATE_PASSWORD_OPERATION,
  SCALE_OPERATION,
  TEST_FAILOVER_OPERATION,
  redisInstanceDeletePermission,
  redisInstanceUpdatePermission,
  type OperationDryRun,
} from '@odin/plugin-redis-common';
import {
  deleteInstance,
  previewPasswordRotation,
  previewTestFailover,
  resizeInstance,
  restoreInstance,
  scaleInstance,
  type BackupStoreOptions,
  type KubernetesCluster,
} from '@odin/plugin-redis-node';
import { z } from 'zod';

export interface DryRunContext {
  cluster: KubernetesCluster;
  instance: { namespace: string; name: string };
  requester: string;
  /** How the portal reaches the backup bucket, as the status reads it. */
  s3: BackupStoreOptions;
}

interface PreviewedOperation<Input> {
  input: z.ZodType<Input>;
  permission: ResourcePermission<'catalog-entity'>;
  dryRun(context: DryRunContext, input: Input): Promise<OperationDryRun>;
}

const count = z.number().int().min(0);

const scale: PreviewedOperation<{
  replicas?: number;
  shards?: number;
  replicasPerShard?: number;
}> = {
  // Which of them fit the instance's mode is the library's to say, naming the input.
  input: z.object({
    replicas: count.optional(),
    shards: count.optional(),
    replicasPerShard: count.optional(),
  }),
  permission: redisInstanceUpdatePermission,
  async dryRun({ cluster, instance, requester }, input) {
    const result = await scaleInstance({
      cluster,
      instance,
      ...input,
      requester,
      dryRun: true,
    });
    return {
      summary: `Scaling from ${result.counts}`,
      changes: result.changes,
    };
  },
};

const quantity = z.string().min(1).max(32);

const resize: PreviewedOperation<{
  cpu?: string;
  memory?: string;
  storage?: string;
}> = {
  // The library reads the quantities and refuses storage with cpu or memory, naming the inputs.
  input: z.object({
    cpu: quantity.optional(),
    memory: quantity.optional(),
    storage: quantity.optional(),
  }),
  permission: redisInstanceUpdatePermission,
  async dryRun({ cluster, instance, requester }, input) {
    const result = await resizeInstance({
      cluster,
      instance,
      ...input,
      requester,
      dryRun: true,
    });
    const sizes = (side: typeof result.from) =>
      result.kind === 'storage'
        ? side.storage ?? '?'
        : `cpu ${side.resources?.limits?.cpu ?? '?'}, memory ${
            side.resources?.limits?.memory ?? '?'
          }`;
    return {
      summary:
        result.kind === 'storage'
          ? `Growing each volume from ${sizes(result.from)} to ${sizes(
              result.to,
            )}; nothing restarts`
          : `Resizing the data pods from ${sizes(result.from)} to ${sizes(
              result.to,
            )}, restarting them one at a time, the master last`,
      changes: result.changes,
    };
  },
};

const restore: PreviewedOperation<{ backup: string; targetName: string }> = {
  input: z.object({
    backup: z.string().min(1).max(512),
    targetName: z.string().min(1).max(63),
  }),
  permission: redisInstanceUpdatePermission,
  async dryRun({ cluster, instance, requester, s3 }, input) {
    const result = await restoreInstance({
      cluster,
      source: instance,
      backup: input.backup,
      target: { name: input.targetName },
      requester,
      s3,
      dryRun: true,
    });
    const { backup } = result;
    const keys = backup.database ? `${backup.database.keys} keys, ` : '';
    return {
      summary: `Restoring ${backup.key} (${keys}${backup.sizeBytes} bytes, RDB version ${backup.rdbVersion}) into a new instance ${result.target.namespace}/${result.target.name}`,
      changes: result.objects.map(ref => ({
        ref,
        action: 'create',
        paths: [],
      })),
    };
  },
};

const deletion: PreviewedOperation<{
  confirmName: string;
  keepVolumes?: boolean;
  skipFinalBackup?: boolean;
}> = {
  input: z.object({
    confirmName: z.string().min(1).max(63),
    keepVolumes: z.boolean().optional(),
    skipFinalBackup: z.boolean().optional(),
  }),
  permission: redisInstanceDeletePermission,
  async dryRun({ cluster, instance, requester, s3 }, input) {
    const result = await deleteInstance({
      cluster,
      instance,
      ...input,
      requester,
      s3,
      dryRun: true,
    });
    const backup = result.finalBackup
      ? `after a final backup to s3://${result.finalBackup.bucket}/${result.finalBackup.prefix}, verified first`
      : 'without a final backup';
    return {
      summary: `Deleting ${instance.namespace}/${
        instance.name
      } ${backup}; kept: ${result.kept.join(', ')}`,
      changes: result.deleted.map(ref => ({
        ref,
        action: 'delete',
        paths: [],
      })),
    };
  },
};

const testFailover: PreviewedOperation<{
  replica?: string;
  override?: boolean;
}> = {
  input: z.object({
    replica: z.string().min(1).max(253).optional(),
    override: z.boolean().optional(),
  }),
  permission: redisInstanceUpdatePermission,
  async dryRun({ cluster, instance }, input) {
    const preview = await previewTestFailover({ cluster, instance, ...input });
    return { summary: preview.summary, changes: preview.changes };
  },
};

const rotatePassword: PreviewedOperation<{ graceSeconds: number }> = {
  // The library says which grace periods it takes, naming the input.
  input: z.object({ graceSeconds: z.number().int() }),
  permission: redisInstanceUpdatePermission,
  async dryRun({ cluster, instance }, input) {
    const preview = await previewPasswordRotation({
      cluster,
      instance,
      ...input,
    });
    return { summary: preview.summary, changes: preview.changes };
  },
};

/** By operation name, as the templates' `RedisOperationPreview` fields name them. */
export const OPERATION_DRY_RUNS: Record<string, PreviewedOperation<any>> = {
  [SCALE_OPERATION]: scale,
  [RESIZE_OPERATION]: resize,
  [RESTORE_OPERATION]: restore,
  [DELETE_OPERATION]: deletion,
  [TEST_FAILOVER_OPERATION]: testFailover,
  [ROTATE_PASSWORD_OPERATION]: rotatePassword,
};
