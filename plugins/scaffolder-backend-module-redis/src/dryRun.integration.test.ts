// The Redis template through the real scaffolder's dry-run and task APIs: every spec example is accepted as written.
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  instanceSchema,
  renderManifests,
  validateInstance,
} from '@odin/plugin-redis-common';
import { flavourExamples, orderFor } from '@internal/redis-test-utils';
import { clusterAccessFromKubeconfig } from '@odin/plugin-redis-node';
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
  runTaskAs,
  startPortalBackend,
  type PortalBackend,
} from '@internal/redis-test-utils/portalBackend';

const examples = flavourExamples(
  Object.keys(instanceSchema.properties.flavour.properties),
);
/** The spec's production example exactly as written, the deprecated `replicaCount` included. */
const productionSentinel = orderFor(
  examples.find(example => example.title.startsWith('Production Sentinel'))!
    .flavour,
);
/** The one example redis-common refuses on purpose: TLS through additionalConfig would break the operator. */
const refusedOnPurpose = (flavour: Record<string, unknown>) =>
  Object.keys((flavour.additionalConfig as object | undefined) ?? {}).includes(
    'tls-port',
  );
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
/** Where redis:render writes each object: `manifests/NN-kind-name.yaml`, in apply order. */
const manifestPaths = (
  objects: { kind: string; metadata: { name: string } }[],
) =>
  objects.map(
    (object, index) =>
      `manifests/${String(index + 1).padStart(
        2,
        '0',
      )}-${object.kind.toLowerCase()}-${object.metadata.name}.yaml`,
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
    expect(Object.keys(files).sort()).toEqual(manifestPaths(objects).sort());
    expect(manifestPaths(objects).map(file => parse(files[file]))).toEqual(
      objects,
    );

    expect(body.steps.map(step => step.action)).toEqual([
      'redis:render',
      'redis:apply',
    ]);
    expect(messages(body)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Beginning step Render manifests'),
        `Rendered ${objects.length} objects of orders-cache into manifests/`,
        // The example's replicaCount, as written: a warning, not a refusal.
        '/flavour/replicaCount: replicaCount is deprecated; write replica.count instead',
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
});

/** The spec's examples as written, with the owner and cluster the first step asks for. */
const exampleCases = examples.map(
  example =>
    [
      `${example.title} (line ${example.line})`,
      orderFor(example.flavour),
    ] as const,
);

const acceptedCases = exampleCases.filter(
  ([, order]) => !refusedOnPurpose(order.flavour),
);
const refusedCases = exampleCases.filter(([, order]) =>
  refusedOnPurpose(order.flavour),
);

describe('every configuration example of the spec, as written, through the scaffolder API', () => {
  let backend: PortalBackend;
  let taskDirectory: string;

  beforeAll(async () => {
    taskDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffolder-tasks-'));
    backend = await startPortalBackend({
      workingDirectory: taskDirectory,
      kubernetes: { clusterLocatorMethods: [] },
      entities: [
        {
          ...template,
          metadata: { ...template.metadata, namespace: 'default' },
        },
      ],
    });
  });

  afterAll(async () => {
    await backend.stop();
    fs.rmSync(taskDirectory, { recursive: true, force: true });
  });

  it('finds the examples, and only the TLS snippet is refused on purpose', () => {
    expect(exampleCases.length).toBeGreaterThanOrEqual(20);
    expect(refusedCases.map(([title]) => title)).toEqual([
      expect.stringMatching(/^TLS Encryption/),
    ]);
  });

  it.each(acceptedCases)(
    'dry run of %s: the parameters pass, the actions apply the defaults and render',
    async (_, order) => {
      const response = await postDryRun(backend, order, 'eks-prod');
      const text = await response.text();
      expect({ status: response.status, text }).toEqual({
        status: 200,
        text: expect.anything(),
      });
      const body = JSON.parse(text) as DryRunResponse;
      const objects = renderManifests(validateInstance(order).config!);
      const files = fileContents(body);
      expect(Object.keys(files).sort()).toEqual(manifestPaths(objects).sort());
      expect(manifestPaths(objects).map(file => parse(files[file]))).toEqual(
        objects,
      );
      expect(messages(body)).toEqual(
        expect.arrayContaining([
          `Rendered ${objects.length} objects of orders-cache into manifests/`,
        ]),
      );
    },
  );

  it.each(refusedCases)(
    'dry run of %s: the parameters pass, then redis:render refuses it, naming each setting',
    async (_, order) => {
      const response = await postDryRun(backend, order, 'eks-prod');
      expect(response.status).toBe(400);
      // Not the parameter check's `{ errors: [...] }`: the action's InputError with JSON pointers.
      expect(await response.json()).toEqual({
        error: expect.objectContaining({
          name: 'InputError',
          message: expect.stringContaining(
            'The Redis instance is invalid:\n/flavour/additionalConfig/tls-port: ',
          ),
        }),
        request: expect.anything(),
        response: { statusCode: 400 },
      });
    },
  );

  it.each(acceptedCases)(
    'task creation for %s: the task is created and renders',
    async (_, order) => {
      const steps = await createTask(backend, order);
      const objects = renderManifests(validateInstance(order).config!);
      expect(steps.render).toEqual({
        status: 'completed',
        messages: expect.arrayContaining([
          `Rendered ${objects.length} objects of orders-cache into manifests/`,
        ]),
      });
      // No cluster is configured here, so the real apply stops at once, having written nothing.
      expect(steps.apply).toEqual({
        status: 'failed',
        messages: expect.arrayContaining([expect.stringContaining('eks-prod')]),
      });
    },
  );

  it.each(refusedCases)(
    'task creation for %s: the task is created, its render step refuses it',
    async (_, order) => {
      const steps = await createTask(backend, order);
      expect(steps.render).toEqual({
        status: 'failed',
        messages: expect.arrayContaining([
          expect.stringContaining('/flavour/additionalConfig/tls-port: '),
        ]),
      });
      expect(steps.apply?.status).toBe('skipped');
    },
  );
});

/** Runs the template as the mock user (what requests without a token act as) and returns its steps. */
async function createTask(
  backend: PortalBackend,
  order: Record<string, unknown>,
) {
  const { steps } = await runTaskAs(
    backend,
    mockCredentials.user().principal.userEntityRef,
    {
      templateRef: 'template:default/redis',
      values: {
        ...order,
        owner: 'group:default/platform',
        cluster: 'eks-prod',
      },
    },
  );
  return steps;
}

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
    const cluster = await clusterAccessFromKubeconfig({
      path: testCluster.kubeconfigPath,
    }).getCluster();
    const rendered = new Set(objects.map(o => `${o.apiVersion}|${o.kind}`));
    for (const [apiVersion, kind] of [
      ['v1', 'Secret'],
      ...[...rendered].map(key => key.split('|')),
    ]) {
      for (const ns of [namespace, monitoringNamespace]) {
        const items = await cluster.list({ apiVersion, kind, namespace: ns });
        expect({ kind, ns, items }).toEqual({ kind, ns, items: [] });
      }
    }
    expect(fs.readdirSync(workingDirectory)).toEqual([]);
  });
});
