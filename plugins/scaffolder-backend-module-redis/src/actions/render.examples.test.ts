import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'fs';
import os from 'os';
import path from 'path';
import YAML from 'yaml';
import { exampleSteps } from '../__testUtils__/exampleSteps';
import { createRedisRenderAction } from './render';
import { examples } from './render.examples';

/** The template's form values for a standalone instance in namespace redis. */
const formValues = {
  name: 'orders-cache',
  root: { clusterModeEnabled: false },
  flavour: { namespace: 'redis' },
};

/** The kinds of every object written into the workspace, file by file in apply order. */
function writtenKinds(workspacePath: string, files: string[]): string[] {
  return files.flatMap(file =>
    YAML.parseAllDocuments(
      fs.readFileSync(path.join(workspacePath, file), 'utf8'),
    ).map(document => document.toJS().kind),
  );
}

describe('the examples of redis:render', () => {
  const action = createRedisRenderAction();

  it.each([
    {
      example: examples[0],
      files: [
        'manifests/01-configmap-orders-cache-config.yaml',
        'manifests/02-redis-orders-cache.yaml',
      ],
      kinds: ['ConfigMap', 'Redis'],
    },
    {
      example: examples[1],
      files: ['k8s/redis.yaml'],
      kinds: ['ConfigMap', 'RedisReplication', 'RedisSentinel'],
    },
  ])(
    'run as written, without warnings: $example.description',
    async ({ example, files, kinds }) => {
      const [step, ...others] = exampleSteps(example, formValues);
      expect({ action: step.action, others }).toEqual({
        action: action.id,
        others: [],
      });
      const workspacePath = fs.mkdtempSync(
        path.join(os.tmpdir(), 'redis-render-example-'),
      );
      const logger = mockServices.logger.mock();
      const ctx = createMockActionContext({
        workspacePath,
        input: step.input as any,
        logger,
      });
      await action.handler(ctx as any);

      expect(logger.warn).not.toHaveBeenCalled();
      expect(ctx.output).toHaveBeenCalledWith('files', files);
      expect(writtenKinds(workspacePath, files)).toEqual(kinds);
    },
  );
});
