import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
  AuditorServiceEventSeverityLevel,
  AuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, toError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ownerAnnotations,
  authSecretRef,
  connectionInfo,
  redisInstanceAdminPermission,
  redisInstanceAnnotations,
  REDIS_OWNER_KEY,
  type ResolvedInstance,
  type PortalAccess,
} from '@odin/plugin-redis-common';
import {
  applyInstance,
  type ApplyInstanceResult,
  type ClusterAccess,
  type KubernetesPluginClusterAccess,
} from '@odin/plugin-redis-node';
import { examples } from './apply.examples';
import { instanceFields, validatedInstance } from './instanceInput';
import {
  decideOwnership,
  initiatorOf,
  type OwnershipDecision,
} from './ownership';

/**
 * The annotations that tie a catalog entity to the instance (read by the Kubernetes and Redis plugins).
 *
 * @public
 */
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

/** A dry run writes nothing; a forced apply takes over fields other managers own. */
function severityOf(
  dryRun: boolean,
  force: boolean,
): AuditorServiceEventSeverityLevel {
  if (dryRun) return 'low';
  return force ? 'high' : 'medium';
}

type AuditMeta = NonNullable<AuditorServiceCreateEventOptions['meta']>;

/** For the audit: the live owners, and the overrides the order needed and whether they were granted. */
function decisionMeta(decision: OwnershipDecision | undefined): AuditMeta {
  if (!decision) return {};
  return {
    live: decision.live?.map(({ ref, owner }) => ({ ref, owner })),
    ...(decision.overrides.length > 0 && {
      overrides: decision.overrides,
      permission: redisInstanceAdminPermission.name,
      granted: decision.allowed,
    }),
  };
}

/** For the audit: what the apply changed or would change, by reference; change paths, never values. */
function resultMeta(result: ApplyInstanceResult): AuditMeta {
  return {
    objects: result.objects.map(({ ref, action, changes }) => ({
      ref,
      action,
      changes: changes.map(change => change.path),
    })),
    pruned: result.pruned,
    secret: result.secret && {
      name: result.secret.name,
      action: result.secret.action,
    },
    namespace: result.namespace && { ...result.namespace },
  };
}

/**
 * `redis:apply`: server-side applies a Redis instance to a configured cluster. In a scaffolder dry run
 * it asks the API server to validate everything (dryRun=All) and reports the diff, writing nothing.
 * Through the Kubernetes plugin, every request is made on behalf of the task's initiator, so the
 * plugin's `kubernetes.proxy` permission is checked against that user. Before anything is written
 * (in a dry run too) the order must pass the ownership check (`decideOwnership`), and every run is
 * recorded as the audit event `redis-apply`.
 *
 * @public
 */
export function createRedisApplyAction(options: {
  clusters: ClusterAccess | KubernetesPluginClusterAccess;
  catalog: CatalogService;
  permissions: PermissionsService;
  auditor: AuditorService;
  auth: AuthService;
  /** The portal's own access, admitted by the network policy of every order that enables one. */
  portal?: PortalAccess;
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
      const config = validatedInstance(ctx.input, ctx.logger, options.portal);
      const annotations = ownerAnnotationsInput(ctx.input.owner);
      const ordered = annotations?.[REDIS_OWNER_KEY];
      const dryRun = ctx.isDryRun ?? false;
      const force = ctx.input.force ?? false;
      const clusterName = ctx.input.cluster;
      ctx.output(
        'connection',
        JSON.parse(JSON.stringify(connectionInfo(config))),
      );
      ctx.output('annotations', instanceAnnotations(config, clusterName));
      const secret = authSecretRef(config);
      if (secret) ctx.output('secretName', secret.name);

      const credentials = await ctx.getInitiatorCredentials();
      const initiator = initiatorOf(options.auth, credentials);
      const event = await options.auditor.createEvent({
        eventId: 'redis-apply',
        severityLevel: severityOf(dryRun, force),
        meta: {
          actionType: dryRun ? 'dry-run' : 'apply',
          initiator: initiator.name,
          taskId: ctx.task.id,
          instance: {
            name: config.name,
            namespace: config.flavour.namespace,
            cluster: clusterName,
          },
          owner: ordered,
          force,
        },
      });
      let decision: OwnershipDecision | undefined;
      let result: ApplyInstanceResult | undefined;
      try {
        const { clusters } = options;
        const access =
          'onBehalfOf' in clusters
            ? clusters.onBehalfOf(credentials)
            : clusters;
        // The portal's preview must work before any cluster is configured; a real apply still fails.
        const reachable =
          !dryRun ||
          (await access.listClusters()).some(c => c.name === clusterName);
        const cluster = reachable
          ? await access.getCluster(clusterName)
          : undefined;
        decision = await decideOwnership({
          cluster,
          config,
          clusterName,
          ordered,
          force,
          initiator,
          credentials,
          catalog: options.catalog,
          permissions: options.permissions,
        });
        if (!decision.allowed)
          throw new NotAllowedError(decision.overrides.join('\n'));
        for (const override of decision.overrides) {
          ctx.logger.info(
            `${initiator.name} holds ${redisInstanceAdminPermission.name}: ${override}`,
          );
        }
        if (!cluster) {
          ctx.logger.warn(
            `Cluster ${clusterName} is not configured (kubernetes.clusterLocatorMethods); skipped the server-side dry run`,
          );
          ctx.output('objects', []);
          ctx.output('pruned', []);
        } else {
          ctx.logger.info(
            `${dryRun ? 'Dry run of' : 'Applying'} ${config.name} (${
              config.flavour.deploymentMode
            }) to namespace ${config.flavour.namespace} on cluster ${
              cluster.name
            }`,
          );
          result = await applyInstance({
            cluster,
            config,
            dryRun,
            force,
            createNamespace: ctx.input.createNamespace ?? false,
            annotations,
            // The scaffolder checks input against the schema but does not fill in defaults.
            wait: !dryRun && (ctx.input.wait ?? true),
            onProgress: message => ctx.logger.info(message),
            signal: ctx.signal,
          });
          for (const object of result.objects) {
            const changes = object.changes
              .map(change => change.path)
              .join(', ');
            ctx.logger.info(
              `${object.ref}: ${object.action}${
                changes ? ` (${changes})` : ''
              }`,
            );
          }
          for (const ref of result.pruned)
            ctx.logger.info(`${ref}: ${dryRun ? 'would be pruned' : 'pruned'}`);
          ctx.output(
            'objects',
            result.objects.map(object => object.ref),
          );
          ctx.output('pruned', result.pruned);
        }
      } catch (error) {
        await event.fail({
          error: toError(error),
          meta: decisionMeta(decision),
        });
        throw error;
      }
      await event.success({
        meta: {
          ...decisionMeta(decision),
          ...(result
            ? resultMeta(result)
            : { skipped: `cluster ${clusterName} is not configured` }),
        },
      });
    },
  });
}
