// The Redis template through the real scaffolder's dry-run API: the manifests come back, nothing is written.
import {
  instanceSchema,
  renderManifests,
  validateInstance,
} from '@odin/plugin-redis-common';
// eslint-disable-next-line @backstage/no-forbidden-package-imports -- redis-common's reader of the spec's examples, reused rather than copied
import {
  flavourExamples,
  orderFor,
} from '@odin/plugin-redis-common/src/__testUtils__/specExamples';
import {
  clusterAccessFromKubeconfig,
  PRUNABLE_KINDS,
} from '@odin/plugin-redis-node';
import { setupServer } from 'msw/node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- the k8s-testenv helper is no workspace package
import {
  createNamespace,
  START_TIMEOUT_MS,
  startTestCluster,
  type TestCluster,
} from '../../../tools/k8s-testenv/testCluster';
import {
  redisTemplatePath,
  startPortalBackend,
  type PortalBackend,
} from './__testUtils__/portalBackend';

const productionSentinelExample = orderFor(
  flavourExamples(
    Object.keys(instanceSchema.properties.flavour.properties),
  ).find(example => example.title.startsWith('Production Sentinel'))!.flavour,
);
/**
 * The example as the portal's form submits it: the form has no field for the deprecated
 * `replicaCount`, only `replica.count`, which the template's schema requires once `replica` is given.
 */
const { replicaCount, ...productionSentinelFlavour } =
  productionSentinelExample.flavour;
const productionSentinel: typeof productionSentinelExample = {
  ...productionSentinelExample,
  flavour: {
    ...productionSentinelFlavour,
    replica: {
      ...(productionSentinelFlavour.replica as object),
      count: replicaCount,
    },
  },
};
const template = parse(fs.readFileSync(redisTemplatePath, 'utf8'));

interface DryRunResponse {
  log: { body: { message: string; stepId?: string; status?: string } }[];
  directoryContents: { path: string; base64Content: string }[];
  output: Record<string, unknown>;
  steps: { id: string; name: string; action: string }[];
}

function postDryRun(
  backend: PortalBackend,
  order: Record<string, unknown>,
  cluster: string,
) {
  return fetch(`${backend.baseUrl}/api/scaffolder/v2/dry-run`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      template,
      values: { ...order, owner: 'group:default/platform', cluster },
      directoryContents: [],
    }),
  });
}

async function dryRun(
  backend: PortalBackend,
  order: Record<string, unknown>,
  cluster: string,
) {
  const response = await postDryRun(backend, order, cluster);
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`dry run answered HTTP ${response.status}: ${text}`);
  return { text, body: JSON.parse(text) as DryRunResponse };
}

/** The returned workspace files by path, decoded. */
const fileContents = (body: DryRunResponse): Record<string, string> =>
  Object.fromEntries(
    body.directoryContents.map(file => [
      file.path,
      Buffer.from(file.base64Content, 'base64').toString('utf8'),
    ]),
  );
/** The log lines without the colour codes and the `info: ` level prefix the task logger adds. */
const messages = (body: DryRunResponse) =>
  body.log.map(entry =>
    entry.body.message
      // eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
      .replace(/\u001b\[\d+m/g, '')
      .replace(/^(info|warn|error): /, ''),
  );

/** The ways a dry run could reveal a password: a Secret manifest, Secret data, or Redis auth settings. */
function expectNoPassword(text: string, body: DryRunResponse) {
  expect(Object.values(fileContents(body)).join('\n')).not.toMatch(
    /^kind: Secret$/m,
  );
  expect(text).not.toMatch(/stringData|requirepass|masterauth/);
}

let workingDirectory: string;

beforeEach(() => {
  workingDirectory = fs.mkdtempSync(
    path.join(os.tmpdir(), 'scaffolder-dry-run-'),
  );
});

afterEach(() => {
  fs.rmSync(workingDirectory, { recursive: true, force: true });
});

describe('dry run of the Redis template with no cluster configured', () => {
  // Any request that leaves for somewhere other than the backend itself would be a write attempt.
  const outbound: string[] = [];
  const server = setupServer();
  let backend: PortalBackend;

  beforeAll(() => {
    server.listen({
      onUnhandledRequest(request) {
        if (new URL(request.url).hostname !== 'localhost')
          outbound.push(`${request.method} ${request.url}`);
      },
    });
  });

  afterAll(() => server.close());

  beforeEach(async () => {
    backend = await startPortalBackend({
      workingDirectory,
      kubernetes: { clusterLocatorMethods: [] },
    });
  });

  afterEach(() => backend.stop());

  it('returns the manifests and a link to the entity, logs render and apply, and writes nothing', async () => {
    const { text, body } = await dryRun(
      backend,
      productionSentinel,
      'eks-prod',
    );

    const objects = renderManifests(
      validateInstance(productionSentinel).config!,
    );
    const files = fileContents(body);
    const manifestPaths = objects.map(
      (object, index) =>
        `manifests/${String(index + 1).padStart(
          2,
          '0',
        )}-${object.kind.toLowerCase()}-${object.metadata.name}.yaml`,
    );
    expect(Object.keys(files).sort()).toEqual(manifestPaths.sort());
    expect(manifestPaths.map(file => parse(files[file]))).toEqual(objects);

    expect(body.steps.map(step => step.action)).toEqual([
      'redis:render',
      'redis:apply',
    ]);
    expect(messages(body)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Beginning step Render manifests'),
        `Rendered ${objects.length} objects of orders-cache into manifests/`,
        expect.stringContaining('Beginning step Apply to the cluster'),
        expect.stringContaining('Running redis:apply in dry-run mode'),
        'Cluster eks-prod is not configured (kubernetes.clusterLocatorMethods); skipped the server-side dry run',
        expect.stringContaining('Finished step Apply to the cluster'),
      ]),
    );
    expect(body.output.links).toEqual([
      expect.objectContaining({ entityRef: 'resource:default/orders-cache' }),
    ]);
    expect(body.output.text).toEqual([
      expect.objectContaining({
        title: 'Connection',
        content: expect.stringContaining(
          'password in Secret `orders-cache-auth`',
        ),
      }),
      {
        title: 'Capacity and cost',
        // The spec example's 4Gi limit ÷ 1.3.
        content: expect.stringMatching(
          /^Each data pod holds up to `3150mb` of data \(maxmemory, .*\)\. Estimated cost: [0-9.]+ USD a month\.$/,
        ),
      },
    ]);
    expectNoPassword(text, body);

    expect(outbound).toEqual([]);
    // The dry-run workspace and the uploaded template contents are gone once the response is sent.
    expect(fs.readdirSync(workingDirectory)).toEqual([]);
  });

  it('answers 400 for the example as written: the template requires replica.count', async () => {
    const response = await postDryRun(
      backend,
      productionSentinelExample,
      'eks-prod',
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [
        expect.objectContaining({
          property: 'instance.flavour.replica',
          message: 'requires property "count"',
        }),
      ],
    });
    expect(fs.readdirSync(workingDirectory)).toEqual([]);
  });
});

describe('dry run of the Redis template against the k8s-testenv API server', () => {
  let testCluster: TestCluster;
  let backend: PortalBackend;

  beforeAll(async () => {
    testCluster = await startTestCluster();
  }, START_TIMEOUT_MS);

  beforeEach(async () => {
    backend = await startPortalBackend({
      workingDirectory,
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'testenv',
                url: testCluster.server,
                authProvider: 'serviceAccount',
                serviceAccountToken: testCluster.adminToken,
                caData: testCluster.caData,
              },
            ],
          },
        ],
      },
    });
  });

  afterEach(() => backend.stop());

  it('runs the server dry run of every object and leaves the namespaces empty', async () => {
    const namespace = await createNamespace(testCluster, 'dry-run');
    const monitoringNamespace = await createNamespace(
      testCluster,
      'dry-run-monitoring',
    );
    const order = {
      ...productionSentinel,
      flavour: {
        ...productionSentinel.flavour,
        namespace,
        metrics: {
          ...(productionSentinel.flavour.metrics as object),
          serviceMonitor: {
            enabled: true,
            interval: '30s',
            namespace: monitoringNamespace,
          },
        },
      },
    };
    const objects = renderManifests(validateInstance(order).config!);

    const { text, body } = await dryRun(backend, order, 'testenv');

    expect(messages(body)).toEqual(
      expect.arrayContaining([
        `Dry run of orders-cache (sentinel) to namespace ${namespace} on cluster testenv`,
        `Server dry run of ${objects.length} objects on cluster testenv`,
        `Dry run passed: ${objects.length} to create, 0 to update, 0 unchanged, 0 to prune`,
      ]),
    );
    expect(Object.keys(fileContents(body))).toHaveLength(objects.length);
    expectNoPassword(text, body);

    // The server accepted everything in the dry run and stored nothing, not even the password Secret.
    const cluster = clusterAccessFromKubeconfig({
      path: testCluster.kubeconfigPath,
    }).getCluster();
    for (const { apiVersion, kind } of [
      { apiVersion: 'v1', kind: 'Secret' },
      ...PRUNABLE_KINDS,
    ]) {
      for (const ns of [namespace, monitoringNamespace]) {
        const items = await cluster.list({ apiVersion, kind, namespace: ns });
        expect({ kind, ns, items }).toEqual({ kind, ns, items: [] });
      }
    }
    expect(fs.readdirSync(workingDirectory)).toEqual([]);
  });
});
