// The bundled diff, apply and dry-run as child processes: against the k8s-testenv API server, and
// against a real scaffolder backend with the Redis module started in this test.
import { mockCredentials } from '@backstage/backend-test-utils';
import { instanceSchema } from '@odin/plugin-redis-common';
import { flavourExamples, orderFor } from '@internal/redis-test-utils';
import { clusterAccessFromKubeconfig } from '@odin/plugin-redis-node';
import {
  redisTemplatePath,
  startPortalBackend,
  type PortalBackend,
} from '@internal/redis-test-utils/portalBackend';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- the k8s-testenv helper is no workspace package
import {
  createNamespace,
  START_TIMEOUT_MS,
  startTestCluster,
  type TestCluster,
} from '../../../tools/k8s-testenv/testCluster';
import { CliCopy } from './__testUtils__/cliOperations';

// bin/redis-flavour on its own copy of the bundles.
const cli = new CliCopy('redis-flavour-remote-');

function writeOrder(name: string, order: unknown): string {
  const file = path.join(cli.workDir, name);
  fs.writeFileSync(file, stringify(order));
  return file;
}

beforeAll(() => {
  cli.build();
}, 120_000);

afterAll(() => {
  cli.remove();
});

describe('diff and apply against the k8s-testenv API server', () => {
  let testCluster: TestCluster;

  beforeAll(async () => {
    testCluster = await startTestCluster();
  }, START_TIMEOUT_MS);

  it('dry-runs, diffs, applies, and diffs again with no differences', async () => {
    const namespace = await createNamespace(testCluster, 'cli-apply');
    const file = writeOrder('orders-cache.yaml', {
      name: 'orders-cache',
      root: { clusterModeEnabled: false },
      flavour: {
        namespace,
        deploymentMode: 'sentinel',
        replica: { count: 2 },
        sentinel: { enabled: true, replicas: 3, quorum: 2 },
      },
    });
    const kubeconfig = ['--kubeconfig', testCluster.kubeconfigPath];
    const cluster = await clusterAccessFromKubeconfig({
      path: testCluster.kubeconfigPath,
    }).getCluster();
    // Listed items of core kinds carry no kind, so it is taken from the request.
    const stored = async () => {
      const names: string[] = [];
      for (const [apiVersion, kind] of [
        ['v1', 'Secret'],
        ['redis.redis.opstreelabs.in/v1beta2', 'RedisReplication'],
      ]) {
        for (const object of await cluster.list({
          apiVersion,
          kind,
          namespace,
        }))
          names.push(`${kind} ${object.metadata?.name}`);
      }
      return names;
    };

    const dryRun = await cli.run(['apply', file, ...kubeconfig, '--dry-run']);
    expect(dryRun).toMatchObject({ status: 0 });
    expect(dryRun.stdout).toContain('3 to create, 0 to update');
    expect(dryRun.stdout).toContain('nothing was written');
    const before = await cli.run(['diff', file, ...kubeconfig]);
    expect(before).toMatchObject({ status: 1 });
    expect(before.stdout).toContain(
      `+ RedisReplication ${namespace}/orders-cache\n`,
    );
    expect(await stored()).toEqual([]);

    const applied = await cli.run(['apply', file, ...kubeconfig]);
    expect(applied).toMatchObject({ status: 0 });
    expect(applied.stdout).toContain(
      `  created RedisReplication ${namespace}/orders-cache`,
    );
    expect(applied.stderr).toContain('Server dry run of 3 objects');
    expect((await stored()).sort()).toEqual([
      'RedisReplication orders-cache',
      'Secret orders-cache-auth',
    ]);
    const [secret] = await cluster.list<{ data?: Record<string, string> }>({
      apiVersion: 'v1',
      kind: 'Secret',
      namespace,
    });
    const password = Buffer.from(secret.data!.password, 'base64').toString();
    expect(applied.stdout + applied.stderr).not.toContain(password);

    expect(await cli.run(['diff', file, ...kubeconfig])).toMatchObject({
      status: 0,
      stdout: '0 to create, 0 to update, 3 unchanged, 0 to prune\n',
    });
  });

  it('creates the namespace on request, then diffs a field the order no longer sets as removed and prunes by the ApplySet', async () => {
    const namespace = `cli-new-${Date.now().toString(36)}`;
    const order = (flavour: Record<string, unknown>) =>
      writeOrder('created.yaml', {
        name: 'orders-cache',
        root: { clusterModeEnabled: false },
        flavour: { namespace, ...flavour },
      });
    const kubeconfig = ['--kubeconfig', testCluster.kubeconfigPath];
    const metricsOn = order({
      metrics: { enabled: true },
      networkPolicy: { enabled: true },
    });

    const refused = await cli.run(['apply', metricsOn, ...kubeconfig]);
    expect(refused.status).toBe(4);
    const preview = await cli.run([
      'apply',
      metricsOn,
      ...kubeconfig,
      '--create-namespace',
      '--dry-run',
    ]);
    expect(preview).toMatchObject({ status: 0 });
    expect(preview.stdout).toContain(`+ Namespace ${namespace}`);
    const created = await cli.run([
      'apply',
      metricsOn,
      ...kubeconfig,
      '--create-namespace',
    ]);
    expect(created).toMatchObject({ status: 0 });
    expect(created.stdout).toContain(`  created Namespace ${namespace}`);

    const metricsOff = order({
      metrics: { enabled: false },
      networkPolicy: { enabled: false },
    });
    const diff = await cli.run(['diff', metricsOff, ...kubeconfig]);
    expect(diff.status).toBe(1);
    expect(diff.stdout).toContain(`~ Redis ${namespace}/orders-cache\n`);
    expect(diff.stdout).toMatch(
      / {4}\/spec\/redisExporter: - .* \(removed\)\n/,
    );
    expect(diff.stdout).toContain(
      `- NetworkPolicy ${namespace}/orders-cache-redis\n`,
    );

    const applied = await cli.run(['apply', metricsOff, ...kubeconfig]);
    expect(applied.stdout).toContain(
      `  pruned NetworkPolicy ${namespace}/orders-cache-redis`,
    );
    expect(await cli.run(['diff', metricsOff, ...kubeconfig])).toMatchObject({
      status: 0,
    });
    // The namespace is no member of the ApplySet: it stays, labelled as the portal's.
    const cluster = await clusterAccessFromKubeconfig({
      path: testCluster.kubeconfigPath,
    }).getCluster();
    const stored = await cluster.get({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    expect(stored?.metadata?.labels).toMatchObject({
      'odin.dev/created-by': 'odin-redis',
    });
  });

  it('exits 4 when the namespace does not exist, naming it', async () => {
    const file = writeOrder('nowhere.yaml', {
      name: 'orders-cache',
      flavour: { namespace: `missing-${Date.now().toString(36)}` },
    });
    const result = await cli.run([
      'diff',
      file,
      '--kubeconfig',
      testCluster.kubeconfigPath,
    ]);
    expect(result.status).toBe(4);
    expect(result.stderr).toMatch(/^redis-flavour: .*missing-/m);
  });
});

describe('dry-run through a real scaffolder backend', () => {
  const productionSentinelExample = orderFor(
    flavourExamples(
      Object.keys(instanceSchema.properties.flavour.properties),
    ).find(example => example.title.startsWith('Production Sentinel'))!.flavour,
  );
  let backend: PortalBackend;
  let portalDir: string;

  beforeAll(async () => {
    portalDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-flavour-portal-'));
    backend = await startPortalBackend({
      workingDirectory: portalDir,
      kubernetes: { clusterLocatorMethods: [] },
    });
  });

  afterAll(async () => {
    await backend.stop();
    fs.rmSync(portalDir, { recursive: true, force: true });
  });

  // The bundle is built outside the repository here, so it cannot find the template by itself.
  const flags = () => [
    '--template',
    redisTemplatePath,
    '--backstage-url',
    backend.baseUrl,
    '--owner',
    'group:default/platform',
    '--cluster',
    'eks-prod',
  ];

  it('prints the log on stderr and the rendered files on stdout', async () => {
    // The spec's example as written: the template requires nothing a default fills in.
    const file = writeOrder('production.yaml', productionSentinelExample);
    const result = await cli.run(['dry-run', file, ...flags()], {
      BACKSTAGE_TOKEN: mockCredentials.user.token(),
    });
    expect(result).toMatchObject({ status: 0 });
    expect(result.stdout).toContain(
      '# manifests/01-configmap-orders-cache-config.yaml\napiVersion: v1\nkind: ConfigMap\n',
    );
    expect(result.stdout).toContain(
      '# manifests/03-redisreplication-orders-cache.yaml\n',
    );
    expect(result.stdout).toMatch(
      /# manifests\/\d+-redissentinel-orders-cache\.yaml\n/,
    );
    expect(result.stderr).toContain('Beginning step Render manifests');
    expect(result.stderr).toContain(
      'warn: Cluster eks-prod is not configured (kubernetes.clusterLocatorMethods); skipped the server-side dry run',
    );
    // eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
    expect(result.stderr).not.toMatch(/\u001b\[/);
    expect(fs.readdirSync(portalDir)).toEqual([]);
  });

  it("exits 1 with the template form's errors for values it refuses", async () => {
    // A template whose form, unlike the generated one, requires replica.count although it has a default.
    const strict = parse(fs.readFileSync(redisTemplatePath, 'utf8'));
    strict.spec.parameters[2].properties.flavour.properties.replica.required = [
      'count',
      'resources',
    ];
    const strictTemplate = path.join(cli.workDir, 'strict-template.yaml');
    fs.writeFileSync(strictTemplate, stringify(strict));
    const result = await cli.run([
      'dry-run',
      writeOrder('example.yaml', productionSentinelExample),
      ...flags(),
      '--template',
      strictTemplate,
    ]);
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'warning: /flavour/replicaCount: replicaCount is deprecated; write replica.count instead\n' +
        'flavour.replica: requires property "count"\n' +
        "The template's form refused the values; nothing was run.\n",
    });
  });

  it('exits 4 for a token the portal rejects, or a portal that cannot be reached', async () => {
    const file = writeOrder('small.yaml', {
      name: 'orders-cache',
      flavour: { namespace: 'redis-prod' },
    });
    const rejected = await cli.run([
      'dry-run',
      file,
      ...flags(),
      '--token',
      'not-a-token',
    ]);
    expect(rejected.status).toBe(4);
    expect(rejected.stderr).toMatch(
      /^redis-flavour: the portal's dry run failed: AuthenticationError: /,
    );
    const unreachable = await cli.run([
      'dry-run',
      file,
      '--template',
      redisTemplatePath,
      '--backstage-url',
      'http://127.0.0.1:9',
    ]);
    expect(unreachable.status).toBe(4);
    expect(unreachable.stderr).toMatch(
      /^redis-flavour: cannot reach the portal at http:\/\/127\.0\.0\.1:9: /,
    );
  });
});
