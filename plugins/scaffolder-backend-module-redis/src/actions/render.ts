import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  connectionInfo,
  estimateMonthlyCost,
  formatManifest,
  formatManifestStream,
  manifestFileName,
  renderManifests,
  type PortalAccess,
} from '@odin/plugin-redis-common';
import fs from 'fs/promises';
import path from 'path';
import { examples } from './render.examples';
import { instanceFields, validatedInstance } from './instanceInput';

/**
 * `redis:render`: validates an instance and writes its Kubernetes manifests into the task workspace.
 *
 * @public
 */
export function createRedisRenderAction(
  options: {
    /** The portal's own access, admitted by the network policy of every order that enables one. */
    portal?: PortalAccess;
  } = {},
) {
  return createTemplateAction({
    id: 'redis:render',
    description:
      'Validates a Redis instance ({ name, root, flavour }) and writes its Kubernetes manifests into the workspace, in apply order',
    examples,
    supportsDryRun: true,
    schema: {
      input: z =>
        z.object({
          ...instanceFields(z),
          targetPath: z
            .string()
            .optional()
            .describe(
              'Workspace directory for the manifests; default manifests',
            ),
          layout: z
            .enum(['file-per-object', 'single-file'])
            .optional()
            .describe(
              'One file per object (NN-kind-name.yaml, the default), or all in one multi-document redis.yaml',
            ),
        }),
      output: z =>
        z.object({
          files: z
            .array(z.string())
            .describe(
              'Written files, relative to the workspace, in apply order',
            ),
          connection: z
            .record(z.unknown())
            .describe(
              'Endpoints, env variable names and client snippets; no password',
            ),
          cost: z
            .record(z.unknown())
            .describe('Estimated monthly cost in USD, itemised'),
        }),
    },
    async handler(ctx) {
      const config = validatedInstance(ctx.input, ctx.logger, options.portal);
      const objects = renderManifests(config);
      // The scaffolder checks input against the schema but does not fill in defaults.
      const targetPath = ctx.input.targetPath ?? 'manifests';
      const directory = resolveSafeChildPath(ctx.workspacePath, targetPath);
      await fs.mkdir(directory, { recursive: true });

      const documents =
        (ctx.input.layout ?? 'file-per-object') === 'single-file'
          ? [
              {
                file: 'redis.yaml',
                text: formatManifestStream(objects, 'yaml'),
              },
            ]
          : objects.map((object, index) => ({
              file: manifestFileName(object, index, objects.length, 'yaml'),
              text: formatManifest(object, 'yaml'),
            }));
      const files: string[] = [];
      for (const { file, text } of documents) {
        await fs.writeFile(path.join(directory, file), text);
        files.push(path.posix.join(targetPath, file));
      }
      const cost = estimateMonthlyCost(config);
      ctx.logger.info(
        `Rendered ${objects.length} objects of ${config.name} into ${targetPath}/`,
      );
      ctx.logger.info(
        `Estimated cost: ${cost.monthlyTotal} ${cost.currency}/month; each data pod holds up to ${cost.maxmemory.value} (maxmemory)`,
      );
      ctx.output('files', files);
      ctx.output(
        'connection',
        JSON.parse(JSON.stringify(connectionInfo(config))),
      );
      ctx.output('cost', JSON.parse(JSON.stringify(cost)));
    },
  });
}
