// The day-2 operations whose form shows the server dry run before the user confirms: for each, the input
// it takes, the permission its action checks, and its library call with `dryRun`.
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  SCALE_OPERATION,
  redisInstanceUpdatePermission,
  type OperationDryRun,
} from '@odin/plugin-redis-common';
import { scaleInstance, type KubernetesCluster } from '@odin/plugin-redis-node';
import { z } from 'zod';

interface DryRunContext {
  cluster: KubernetesCluster;
  instance: { namespace: string; name: string };
  requester: string;
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

/** By operation name, as the templates' `RedisOperationPreview` fields name them. */
export const OPERATION_DRY_RUNS: Record<string, PreviewedOperation<any>> = {
  [SCALE_OPERATION]: scale,
};
