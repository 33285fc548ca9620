import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ownerAnnotations,
  authSecretRef,
  connectionInfo,
  redisInstanceAnnotations,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import {
  applyInstance,
  type ClusterAccess,
  type KubernetesPluginClusterAccess,
} from '@odin/plugin-redis-node';
import { examples } from './apply.examples';
import { instanceFields, validatedInstance } from './instanceInput';

/** The annotations that tie a catalog entity to the instance (read by the Kubernetes and Redis plugins). */
export function instanceAnnotations(
  config: ResolvedInstance,
  cluster: string,
): Record<string, string> {
  return redisInstanceAnnotations({
    name: config.name,
    namespace: config.flavour.namespace,
    cluster,
  });
}

/** The `odin.dev/owner` annotation of the custom resource, where the catalog entity provider reads the owner. */
function ownerAnnotationsInput(
  owner: string | undefined,
): Record<string, string> | undefined {
  if (owner === undefined) return undefined;
  const result = ownerAnnotations(owner);
  if ('problem' in result) throw new InputError(`owner: ${result.problem}`);
  return result.annotations;
}

/**
 * `redis:apply`: server-side applies a Redis instance to a configured cluster. In a scaffolder dry run
 * it asks the API server to validate everything (dryRun=All) and reports the diff, writing nothing.
 * Through the Kubernetes plugin, every request is made on behalf of the task's initiator, so the
 * plugin's `kubernetes.proxy` permission is checked against that user.
 */
export function createRedisApplyAction(options: {
  clusters: ClusterAccess | KubernetesPluginClusterAccess;
}) {
  return createTemplateAction({
    id: 'redis:apply',
    description:
      'Validates, renders and server-side applies a Redis instance to a Kubernetes cluster (dry run first, then apply, prune and wait)',
    examples,
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          ...instanceFields(z),
          cluster: z
            .string()
            .describe(
              "Cluster name, as Backstage's Kubernetes plugin lists it (GET /api/kubernetes/clusters)",
            ),
          owner: z
            .string()
            .optional()
            .describe(
              'Owner entity ref (payments means group:default/payments); stamped on the custom resource as odin.dev/owner, which the catalog entity provider reads',
            ),
          wait: z
            .boolean()
            .optional()
            .describe(
              'Wait until the pods are ready (up to 10 minutes); default true',
            ),
          force: z
            .boolean()
            .optional()
            .describe(
              'Allow changing deploymentMode of a live instance and take over conflicting fields; default false',
            ),
          createNamespace: z
            .boolean()
            .optional()
            .describe(
              'Create the namespace (labelled odin.dev/created-by) when it does not exist; it is never pruned. Default false',
            ),
        }),
      output: z =>
        z.object({
          objects: z
            .array(z.string())
            .describe(
              'Applied objects as "Kind namespace/name", in apply order',
            ),
          pruned: z
            .array(z.string())
            .describe(
              'Objects of the instance deleted because the new render omits them',
            ),
          connection: z
            .record(z.unknown())
            .describe(
              'Endpoints, env variable names and client snippets; no password',
            ),
          secretName: z
            .string()
            .optional()
            .describe(
              'Secret holding the password (never the password itself)',
            ),
          annotations: z
            .record(z.string())
            .describe('Annotations for the catalog entity of the instance'),
        }),
    },
    async handler(ctx) {
      const config = validatedInstance(ctx.input, ctx.logger);
      const annotations = ownerAnnotationsInput(ctx.input.owner);
      const dryRun = ctx.isDryRun ?? false;
      const clusterName = ctx.input.cluster;
      ctx.output(
        'connection',
        JSON.parse(JSON.stringify(connectionInfo(config))),
      );
      ctx.output('annotations', instanceAnnotations(config, clusterName));
      const secret = authSecretRef(config);
      if (secret) ctx.output('secretName', secret.name);

      const { clusters } = options;
      const access =
        'onBehalfOf' in clusters
          ? clusters.onBehalfOf(await ctx.getInitiatorCredentials())
          : clusters;
      if (
        dryRun &&
        !(await access.listClusters()).some(c => c.name === clusterName)
      ) {
        // The portal's preview must work before any cluster is configured; a real apply still fails.
        ctx.logger.warn(
          `Cluster ${clusterName} is not configured (kubernetes.clusterLocatorMethods); skipped the server-side dry run`,
        );
        ctx.output('objects', []);
        ctx.output('pruned', []);
        return;
      }
      const cluster = await access.getCluster(clusterName);
      ctx.logger.info(
        `${dryRun ? 'Dry run of' : 'Applying'} ${config.name} (${
          config.flavour.deploymentMode
        }) to namespace ${config.flavour.namespace} on cluster ${cluster.name}`,
      );
      const result = await applyInstance({
        cluster,
        config,
        dryRun,
        force: ctx.input.force ?? false,
        createNamespace: ctx.input.createNamespace ?? false,
        annotations,
        // The scaffolder checks input against the schema but does not fill in defaults.
        wait: !dryRun && (ctx.input.wait ?? true),
        onProgress: message => ctx.logger.info(message),
        signal: ctx.signal,
      });
      for (const object of result.objects) {
        const changes = object.changes.map(change => change.path).join(', ');
        ctx.logger.info(
          `${object.ref}: ${object.action}${changes ? ` (${changes})` : ''}`,
        );
      }
      for (const ref of result.pruned)
        ctx.logger.info(`${ref}: ${dryRun ? 'would be pruned' : 'pruned'}`);
      ctx.output(
        'objects',
        result.objects.map(object => object.ref),
      );
      ctx.output('pruned', result.pruned);
    },
  });
}
