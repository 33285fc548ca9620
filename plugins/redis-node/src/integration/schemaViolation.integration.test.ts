// A rendered object the Opstree CRD schema rejects: the apply stops in its dry run with our clear message.
import { InputError } from '@backstage/errors';
import * as redisCommon from '@odin/plugin-redis-common';
import { applyInstance } from '../apply/applyInstance';
import type { KubernetesCluster } from '../cluster/clusterAccess';
import {
  adminCluster,
  fullInstance,
  readStored,
  createNamespace,
  START_TIMEOUT_MS,
  type TestCluster,
} from './testEnvironment';

// Only renderManifests changes: each test hands it a broken Redis object to return.
jest.mock('@odin/plugin-redis-common', () => {
  const actual = jest.requireActual('@odin/plugin-redis-common');
  return { ...actual, renderManifests: jest.fn(actual.renderManifests) };
});

jest.setTimeout(60_000);

const { renderManifests } = jest.requireActual<typeof redisCommon>(
  '@odin/plugin-redis-common',
);

let testCluster: TestCluster;
let cluster: KubernetesCluster;

beforeAll(async () => {
  ({ testCluster, cluster } = await adminCluster());
}, START_TIMEOUT_MS);

it.each([
  {
    // The apiserver's validation answers 422 Invalid.
    violation: 'a required field is missing',
    breakKubernetesConfig: ({
      image: _image,
      ...rest
    }: Record<string, unknown>) => rest,
    serverSays: /spec\.kubernetesConfig\.image: Required value/,
  },
  {
    // Server-side apply's typed merge rejects this before validation, with HTTP 500.
    violation: 'a field has the wrong type',
    breakKubernetesConfig: (kubernetesConfig: Record<string, unknown>) => ({
      ...kubernetesConfig,
      image: 42,
    }),
    serverSays: /\.spec\.kubernetesConfig\.image: expected string/,
  },
])(
  'rejects a Redis object where $violation in the dry run, names the field, and writes nothing',
  async ({ breakKubernetesConfig, serverSays }) => {
    const config = fullInstance('standalone', {
      namespace: await createNamespace(testCluster, 'redis'),
      monitoringNamespace: await createNamespace(testCluster, 'monitoring'),
    });
    const rendered = renderManifests(config);
    jest.mocked(redisCommon.renderManifests).mockReturnValue(
      rendered.map(object => {
        if (object.kind !== 'Redis') return object;
        const spec = object.spec as Record<string, Record<string, unknown>>;
        return {
          ...object,
          spec: {
            ...spec,
            kubernetesConfig: breakKubernetesConfig(spec.kubernetesConfig),
          },
        };
      }),
    );

    const failure = applyInstance({ cluster, config });

    await expect(failure).rejects.toBeInstanceOf(InputError);
    await expect(failure).rejects.toThrow(
      `The API server rejected 1 of ${rendered.length} objects in the dry run; nothing was applied`,
    );
    await expect(failure).rejects.toThrow(
      `- Redis ${config.flavour.namespace}/${config.name}: The API server rejected Redis "${config.name}"`,
    );
    await expect(failure).rejects.toThrow(serverSays);
    for (const object of rendered) {
      expect(await readStored(testCluster, object)).toBeUndefined();
    }
  },
);
