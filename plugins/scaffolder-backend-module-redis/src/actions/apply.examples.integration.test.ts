// The examples of redis:apply run through the action against the k8s-testenv API server.
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { OPERATOR_API_VERSION } from '@odin/plugin-redis-common';
import { clusterAccessFromTokens } from '@odin/plugin-redis-node';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- the k8s-testenv helper is no workspace package
import {
  createNamespace,
  kubeRequest,
  START_TIMEOUT_MS,
  startTestCluster,
  type TestCluster,
} from '../../../../tools/k8s-testenv/testCluster';
import { exampleSteps, type ExampleStep } from '../__testUtils__/exampleSteps';
import { createRedisApplyAction } from './apply';
import { examples } from './apply.examples';

jest.setTimeout(60_000);

let testCluster: TestCluster;

beforeAll(async () => {
  testCluster = await startTestCluster();
}, START_TIMEOUT_MS);

/** redis:apply with the test cluster as `eks-prod`, the cluster the examples name; every permission granted. */
function applyAction() {
  return createRedisApplyAction({
    clusters: clusterAccessFromTokens([
      {
        name: 'eks-prod',
        server: testCluster.server,
        token: testCluster.adminToken,
        caData: testCluster.caData,
      },
    ]),
    catalog: catalogServiceMock(),
    permissions: mockServices.permissions(),
    auditor: mockServices.auditor.mock(),
    auth: mockServices.auth(),
  });
}

/** Runs one step through the action, as the scaffolder's task runner or (`isDryRun`) its dry-run runner would. */
async function run(step: ExampleStep, isDryRun = false) {
  const action = applyAction();
  expect(step.action).toBe(action.id);
  const logger = mockServices.logger.mock();
  const ctx = Object.assign(
    createMockActionContext({ input: step.input as any, logger }),
    { isDryRun },
  );
  await action.handler(ctx as any);
  return {
    warnings: logger.warn.mock.calls,
    outputs: Object.fromEntries((ctx.output as jest.Mock).mock.calls),
  };
}

/** The only step of an example. */
function onlyStep(steps: ExampleStep[]): ExampleStep {
  expect(steps).toHaveLength(1);
  return steps[0];
}

const customResource = (namespace: string, plural: string) =>
  kubeRequest(
    testCluster,
    'GET',
    `/apis/${OPERATOR_API_VERSION}/namespaces/${namespace}/${plural}/orders-cache`,
  );

describe('the examples of redis:apply', () => {
  it(`${examples[0].description}: in a scaffolder dry run, checked by the API server and writing nothing`, async () => {
    const namespace = await createNamespace(testCluster, 'apply-example');
    const step = onlyStep(
      exampleSteps(examples[0], {
        name: 'orders-cache',
        root: { clusterModeEnabled: false },
        flavour: { namespace },
        cluster: 'eks-prod',
      }),
    );

    const { warnings, outputs } = await run(step, true);

    expect(warnings).toEqual([]);
    expect(outputs.objects).toEqual([
      `ConfigMap ${namespace}/orders-cache-config`,
      `Redis ${namespace}/orders-cache`,
    ]);
    expect((await customResource(namespace, 'redis')).status).toBe(404);
  });

  it(`${examples[1].description}: applied as written, in a namespace of its own`, async () => {
    const namespace = await createNamespace(testCluster, 'apply-example');
    const step = onlyStep(exampleSteps(examples[1]));
    const inNamespace = (input: Record<string, unknown>) => ({
      ...input,
      flavour: { ...(input.flavour as object), namespace },
    });
    // The live standalone instance the example switches.
    await run({
      action: step.action,
      input: inNamespace({
        name: step.input.name,
        flavour: {},
        cluster: step.input.cluster,
        wait: false,
      }),
    });
    expect((await customResource(namespace, 'redis')).status).toBe(200);

    const { warnings, outputs } = await run({
      ...step,
      input: inNamespace(step.input),
    });

    expect(warnings).toEqual([]);
    expect(outputs).toMatchObject({
      objects: [
        `ConfigMap ${namespace}/orders-cache-config`,
        `RedisReplication ${namespace}/orders-cache`,
        `RedisSentinel ${namespace}/orders-cache`,
      ],
      pruned: [`Redis ${namespace}/orders-cache`],
    });
    expect(
      (await customResource(namespace, 'redisreplications')).body,
    ).toMatchObject({ spec: { clusterSize: 3 } });
    expect((await customResource(namespace, 'redis')).status).toBe(404);
  });
});
