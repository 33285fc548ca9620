import type { AuditorService } from '@backstage/backend-plugin-api';
import {
  ROTATE_PASSWORD_OPERATION,
  redisInstanceUpdatePermission,
} from '@odin/plugin-redis-common';
import { rotatePassword } from '@odin/plugin-redis-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ENTITY_REF_DESCRIPTION,
  logChecks,
  runOperation,
  type OperationAccessOptions,
} from './operationAccess';

/**
 * `redis:rotate-password`: rotates the Redis password of an instance in any mode (standalone and cluster
 * with persistence). A new
 * generated password is added beside the old on every data node and sentinel, the instance's password
 * Secret is updated, every pod is restarted one at a time (replicas, then the master after a
 * switchover that loses no write, then the sentinels, if any; in cluster mode each leader after a
 * CLUSTER FAILOVER to its replica, failed back afterwards), and after `graceSeconds` the old password is
 * removed; afterwards every process must refuse it. The password is never in the log, the output, the
 * audit event or the history. The initiator needs `redis.instance.update` on the entity; every run is
 * the audit event `redis-operation` and an entry of the instance's operation history.
 *
 * @public
 */
export function createRedisRotatePasswordAction(
  options: OperationAccessOptions & { auditor: AuditorService },
) {
  return createTemplateAction({
    id: 'redis:rotate-password',
    description:
      "Rotates a Redis instance's password, in any mode: the new one beside the old, the Secret, rolling restarts, then the old one removed after a grace period",
    supportsDryRun: false,
    schema: {
      input: z =>
        z.object({
          entityRef: z.string().describe(ENTITY_REF_DESCRIPTION),
          graceSeconds: z
            .number()
            .int()
            .min(0)
            .max(3600)
            .describe(
              'How long the old password stays valid after every pod restarted, for clients to switch (0 to 3600 s)',
            ),
        }),
      output: z =>
        z.object({
          secret: z
            .string()
            .describe('The Secret that holds the new password, as "name/key"'),
          restarted: z
            .array(z.string())
            .describe('The pods restarted, in order'),
          durationMs: z.number().describe('The whole rotation, grace included'),
        }),
    },
    async handler(ctx) {
      const { graceSeconds } = ctx.input;
      await runOperation(
        options,
        ctx,
        {
          what: 'rotate the password of',
          severityLevel: 'high',
          permissions: [redisInstanceUpdatePermission],
          meta: { operation: ROTATE_PASSWORD_OPERATION, graceSeconds },
        },
        async (cluster, { ref, initiator }) => {
          ctx.logger.info(
            `Rotating the password of ${ref.namespace}/${ref.name} on cluster ${ref.cluster}, keeping the old one for ${graceSeconds} s after the restarts`,
          );
          const result = await rotatePassword({
            cluster,
            instance: { namespace: ref.namespace, name: ref.name },
            requester: initiator.name,
            graceSeconds,
            onProgress: message => ctx.logger.info(message),
          });
          logChecks(ctx.logger, result.postChecks);
          const secret = `${result.secret.name}/${result.secret.key}`;
          const restarted = result.restarts.map(restart => restart.pod);
          ctx.logger.info(
            `Rotated the password in Secret ${secret} in ${
              result.durationMs
            } ms${
              result.switchover
                ? `; the master moved from ${result.switchover.oldMaster.pod} to ${result.switchover.newMaster.pod}`
                : ''
            }`,
          );
          ctx.output('secret', secret);
          ctx.output('restarted', restarted);
          ctx.output('durationMs', result.durationMs);
          return { secret, restarted, durationMs: result.durationMs };
        },
      );
    },
  });
}
