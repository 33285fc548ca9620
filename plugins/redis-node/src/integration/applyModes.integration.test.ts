// Every deployment mode with every optional object, against the real kube-apiserver: dry run, apply, re-apply.
import { authSecretRef, renderManifests } from '@odin/plugin-redis-common';
import { applyInstance } from '../apply/applyInstance';
import type { KubernetesCluster } from '../cluster/clusterAccess';
import {
  adminCluster,
  fullInstance,
  MODES,
  readStored,
  type ModeName,
  createNamespace,
  START_TIMEOUT_MS,
  type TestCluster,
} from './testEnvironment';

jest.setTimeout(60_000);

let testCluster: TestCluster;
let cluster: KubernetesCluster;

beforeAll(async () => {
  ({ testCluster, cluster } = await adminCluster());
}, START_TIMEOUT_MS);

describe.each(Object.keys(MODES) as ModeName[])('%s', mode => {
  let config: ReturnType<typeof fullInstance>;

  beforeAll(async () => {
    config = fullInstance(mode, {
      namespace: await createNamespace(testCluster, 'redis'),
      monitoringNamespace: await createNamespace(testCluster, 'monitoring'),
    });
  });

  it('renders every optional object (the test covers them all)', () => {
    const kinds = renderManifests(config).map(object => object.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'ConfigMap',
        'NetworkPolicy',
        'ServiceMonitor',
        'PrometheusRule',
        'CronJob',
      ]),
    );
  });

  it('passes a dry run that writes nothing', async () => {
    const result = await applyInstance({ cluster, config, dryRun: true });

    expect(result.dryRun).toBe(true);
    expect(result.objects.map(object => object.action)).toEqual(
      renderManifests(config).map(() => 'create'),
    );
    expect(result.secret?.action).toBe('create');
    for (const object of renderManifests(config)) {
      expect(await readStored(testCluster, object)).toBeUndefined();
    }
    const secret = authSecretRef(config)!;
    expect(
      await readStored(testCluster, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: secret.name, namespace: config.flavour.namespace },
      }),
    ).toBeUndefined();
  });

  it('applies every object and the server keeps each field as sent', async () => {
    const result = await applyInstance({ cluster, config });

    expect(result.objects.map(object => object.action)).toEqual(
      renderManifests(config).map(() => 'create'),
    );
    for (const rendered of renderManifests(config)) {
      const stored = await readStored(testCluster, rendered);
      // Subset match: server defaults may add fields, but none we sent may be pruned or changed.
      expect({
        ref: `${rendered.kind} ${rendered.metadata.name}`,
        stored,
      }).toMatchObject({
        ref: `${rendered.kind} ${rendered.metadata.name}`,
        stored: rendered,
      });
    }
    const secret = authSecretRef(config)!;
    const storedSecret = await readStored(testCluster, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: secret.name, namespace: config.flavour.namespace },
    });
    expect(Object.keys(storedSecret?.data ?? {})).toEqual([secret.key]);
  });

  it('re-applies as unchanged and keeps the password', async () => {
    const secret = authSecretRef(config)!;
    const secretIdentity = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: secret.name, namespace: config.flavour.namespace },
    };
    const passwordBefore = (await readStored(testCluster, secretIdentity))
      ?.data;

    const result = await applyInstance({ cluster, config });

    expect(
      result.objects.filter(object => object.action !== 'unchanged'),
    ).toEqual([]);
    expect(result.pruned).toEqual([]);
    expect(result.secret?.action).toBe('keep');
    expect((await readStored(testCluster, secretIdentity))?.data).toEqual(
      passwordBefore,
    );
  });
});
