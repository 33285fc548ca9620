// Property tests: random documents never crash the engine; valid ones render schema-conformant objects.
import fc from 'fast-check';
import { objectProblems } from './__testUtils__/objectProblems';
import { canonicalQuantity, parseQuantity } from './quantity';
import { renderManifests } from './render/renderManifests';
import { validateInstance } from './validate/validateInstance';

const quantity = fc.oneof(
  fc.constantFrom('100m', '250m', '500m', '1000m', '2', '1.5', '0'),
  fc.constantFrom('128Mi', '512Mi', '1Gi', '2Gi', '4Gi', '16Gi', 'lots'),
);
const resources = fc.record(
  {
    limits: fc.record(
      { cpu: quantity, memory: quantity },
      { requiredKeys: [] },
    ),
    requests: fc.record(
      { cpu: quantity, memory: quantity },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);
const flavour = fc.record(
  {
    namespace: fc.constantFrom('redis', 'shop', 'Bad_NS', 'a'.repeat(64)),
    deploymentMode: fc.constantFrom('standalone', 'sentinel', 'cluster', 'ha'),
    replica: fc.record(
      { count: fc.integer({ min: -1, max: 6 }), resources },
      { requiredKeys: [] },
    ),
    replicaCount: fc.integer({ min: 0, max: 6 }),
    cluster: fc.record(
      {
        numShards: fc.integer({ min: 2, max: 12 }),
        replicasPerShard: fc.integer({ min: 0, max: 6 }),
      },
      { requiredKeys: [] },
    ),
    sentinel: fc.record(
      {
        enabled: fc.boolean(),
        replicas: fc.constantFrom(3, 4, 5, 7),
        quorum: fc.integer({ min: 0, max: 8 }),
        resources,
      },
      { requiredKeys: [] },
    ),
    master: fc.record({ resources }, { requiredKeys: [] }),
    persistence: fc.record(
      {
        enabled: fc.boolean(),
        size: fc.constantFrom('5Gi', '50Gi', 'big'),
        storageClass: fc.constantFrom('gp3', 'gp3-encrypted'),
        aof: fc.record(
          {
            enabled: fc.boolean(),
            fsyncPolicy: fc.constantFrom(
              'always',
              'everysec',
              'no',
              'sometimes',
            ),
          },
          { requiredKeys: [] },
        ),
        rdb: fc.record(
          {
            enabled: fc.boolean(),
            saveInterval: fc.constantFrom(
              '',
              '900 1',
              '900 1 300 10 60 10000',
              '0 1',
              '900',
            ),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
    podDisruptionBudget: fc.record(
      { enabled: fc.boolean(), minAvailable: fc.integer({ min: -1, max: 10 }) },
      { requiredKeys: [] },
    ),
    antiAffinity: fc.constantFrom('soft', 'required', 'strict'),
    metrics: fc.record(
      {
        enabled: fc.boolean(),
        serviceMonitor: fc.record(
          {
            enabled: fc.boolean(),
            interval: fc.constantFrom('30s', '1m', 'often'),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
    backup: fc.record(
      {
        enabled: fc.boolean(),
        s3Bucket: fc.constantFrom('my-redis-backups', 'Bad..Bucket', 'ab'),
        schedule: fc.constantFrom(
          '0 2 * * *',
          '@daily',
          '*/15 * * * *',
          '61 * * * *',
          'daily',
        ),
        retention: fc.integer({ min: 0, max: 400 }),
      },
      { requiredKeys: [] },
    ),
    networkPolicy: fc.record(
      {
        enabled: fc.boolean(),
        allowedNamespaces: fc.array(fc.constantFrom('app', 'web', '*'), {
          maxLength: 3,
        }),
      },
      { requiredKeys: [] },
    ),
    service: fc.record(
      {
        type: fc.constantFrom(
          'ClusterIP',
          'LoadBalancer',
          'NodePort',
          'Ingress',
        ),
      },
      { requiredKeys: [] },
    ),
    tolerations: fc.array(
      fc.record(
        {
          key: fc.constantFrom('redis', 'spot', ''),
          operator: fc.constantFrom('Equal', 'Exists'),
          value: fc.constantFrom('true', ''),
          effect: fc.constantFrom('NoSchedule', 'NoExecute'),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 2 },
    ),
    topologySpreadConstraints: fc.array(
      fc.record({
        maxSkew: fc.integer({ min: 0, max: 2 }),
        topologyKey: fc.constantFrom(
          'topology.kubernetes.io/zone',
          'kubernetes.io/hostname',
        ),
        whenUnsatisfiable: fc.constantFrom('DoNotSchedule', 'ScheduleAnyway'),
      }),
      { maxLength: 2 },
    ),
    additionalConfig: fc.dictionary(
      fc.constantFrom('maxmemory-policy', 'timeout', 'port', 'tcp-keepalive'),
      fc.constantFrom('allkeys-lru', '0', '300'),
    ),
    updateStrategy: fc.record(
      { type: fc.constantFrom('RollingUpdate', 'OnDelete') },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);
const order = fc.record(
  {
    name: fc.constantFrom(
      'cache',
      'orders-db',
      'x',
      'Bad Name',
      'a'.repeat(42),
      'a'.repeat(43),
    ),
    root: fc.record(
      {
        clusterModeEnabled: fc.boolean(),
        version: fc.constantFrom('7.0', '7.2', '8.2', '5.0'),
        authentication: fc.record(
          { enabled: fc.boolean() },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
    flavour,
  },
  { requiredKeys: ['name'] },
);

/** A CPU amount (in millicores) written in any notation the schema accepts. */
const cpuQuantity = (millicores: number) =>
  fc.constantFrom(
    `${millicores}m`,
    `${millicores / 1000}`,
    `${millicores}e-3`,
    `${millicores * 1000}u`,
  );
/** A memory amount (in MiB) written in any notation the schema accepts. */
const memoryQuantity = (mebibytes: number) =>
  fc.constantFrom(
    `${mebibytes}Mi`,
    `${mebibytes / 1024}Gi`,
    `${mebibytes * 1024}Ki`,
    `${mebibytes * 2 ** 20}`,
    `${(mebibytes * 2 ** 20) / 1000}k`,
  );
/** A volume size (in MiB) written in any notation the schema accepts for persistence.size. */
const storageSize = (mebibytes: number) =>
  fc.constantFrom(
    `${mebibytes}Mi`,
    `${mebibytes / 1024}Gi`,
    `${mebibytes / 2 ** 20}Ti`,
  );
const anyNotationResources = fc
  .record({
    cpuLimit: fc.integer({ min: 100, max: 16_000 }),
    cpuShare: fc.double({ min: 0.1, max: 1, noNaN: true }),
    memoryLimit: fc.integer({ min: 256, max: 65_536 }),
    memoryShare: fc.double({ min: 0.1, max: 1, noNaN: true }),
  })
  .chain(({ cpuLimit, cpuShare, memoryLimit, memoryShare }) =>
    fc.record({
      limits: fc.record({
        cpu: cpuQuantity(cpuLimit),
        memory: memoryQuantity(memoryLimit),
      }),
      requests: fc.record({
        cpu: cpuQuantity(Math.max(1, Math.floor(cpuLimit * cpuShare))),
        memory: memoryQuantity(
          Math.max(1, Math.floor(memoryLimit * memoryShare)),
        ),
      }),
    }),
  );

/** Every quantity of a rendered object: resource requests and limits, and claim sizes. */
function renderedQuantities(node: unknown, path = ''): [string, string][] {
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) => {
    const here = `${path}/${key}`;
    if (/\/resources\/(requests|limits)\/[^/]+$/.test(here))
      return [[here, String(value)] as [string, string]];
    return renderedQuantities(value, here);
  });
}

const runs = { numRuns: 300 };
// Hundreds of runs each: generous, so a machine busy with the integration suites does not fail them.
const PROPERTY_TEST_TIMEOUT_MS = 60_000;

describe('properties', () => {
  it(
    'never throws on arbitrary JSON and always answers with pointers',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.jsonValue(),
            fc.record({
              name: fc.jsonValue(),
              root: fc.jsonValue(),
              flavour: fc.jsonValue(),
            }),
          ),
          input => {
            const result = validateInstance(input);
            expect(result.valid).toBe(result.errors.length === 0);
            for (const issue of [...result.errors, ...result.warnings]) {
              expect(
                issue.pointer === '' || issue.pointer.startsWith('/'),
              ).toBe(true);
              expect(issue.message).not.toBe('');
            }
          },
        ),
        runs,
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );

  it(
    'renders CRD- and schema-conformant objects for every valid document, and nothing for invalid ones',
    () => {
      let valid = 0;
      fc.assert(
        fc.property(order, input => {
          const result = validateInstance(input);
          const pointersInDocument = result.errors.every(error =>
            /^\/(name|root|flavour)(\/|$)/.test(error.pointer),
          );
          expect({
            valid: result.valid,
            hasConfig: !!result.config,
            hasErrors: result.errors.length > 0,
            pointersInDocument,
          }).toEqual(
            result.valid
              ? {
                  valid: true,
                  hasConfig: true,
                  hasErrors: false,
                  pointersInDocument: true,
                }
              : {
                  valid: false,
                  hasConfig: false,
                  hasErrors: true,
                  pointersInDocument: true,
                },
          );
          if (!result.config) return;
          valid++;
          const objects = renderManifests(result.config);
          expect(objects.flatMap(objectProblems)).toEqual([]);
          expect(
            new Set(
              objects.map(
                o => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`,
              ),
            ).size,
          ).toBe(objects.length);
        }),
        runs,
      );
      // The generator must reach the renderer often enough for the property to mean something.
      expect(valid).toBeGreaterThan(10);
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );

  it(
    'renders every quantity in the canonical form the API server stores, whatever the order wrote',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom('standalone', 'replicated', 'sentinel', 'cluster'),
          anyNotationResources,
          anyNotationResources,
          anyNotationResources,
          storageSize(5 * 1024),
          (mode, master, replica, sentinelResources, size) => {
            const result = validateInstance({
              name: 'cache',
              root: { clusterModeEnabled: mode === 'cluster' },
              flavour: {
                deploymentMode: mode === 'replicated' ? 'standalone' : mode,
                master: { resources: master },
                replica:
                  mode === 'cluster'
                    ? { resources: replica }
                    : {
                        count: mode === 'standalone' ? 0 : 2,
                        resources: replica,
                      },
                sentinel: {
                  enabled: mode === 'sentinel',
                  resources: sentinelResources,
                },
                persistence: { enabled: true, size },
                metrics: { enabled: true, serviceMonitor: { enabled: true } },
                backup: {
                  enabled: true,
                  s3Bucket: 'my-redis-backups',
                  s3Region: 'us-east-1',
                },
              },
            });
            expect(result.errors).toEqual([]);
            const quantities = renderManifests(result.config!).flatMap(object =>
              renderedQuantities(object, object.kind),
            );
            expect(quantities.length).toBeGreaterThan(4);
            for (const [where, text] of quantities) {
              expect([where, canonicalQuantity(text)]).toEqual([where, text]);
            }
            const ordered = [
              master.limits.cpu,
              master.limits.memory,
              master.requests.cpu,
              master.requests.memory,
              size,
            ].map(q => canonicalQuantity(q));
            const rendered = new Set(quantities.map(([, q]) => q));
            for (const orderedQuantity of ordered) {
              expect(rendered).toContain(orderedQuantity);
              expect(parseQuantity(orderedQuantity!)).toBeGreaterThan(0);
            }
          },
        ),
        runs,
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );

  it(
    'never lets a planted password reach any output',
    () => {
      const password = 'Pl4nted-S3cret-9f2c';
      const plantings: ((doc: any) => void)[] = [
        doc =>
          (doc.root = {
            ...doc.root,
            authentication: { enabled: true, password },
          }),
        doc =>
          (doc.root = { ...doc.root, authentication: { authToken: password } }),
        doc =>
          (doc.flavour = {
            ...doc.flavour,
            additionalConfig: { requirepass: password },
          }),
        doc =>
          (doc.flavour = {
            ...doc.flavour,
            additionalConfig: { masterauth: password },
          }),
        doc => (doc.flavour = { ...doc.flavour, password }),
        doc => (doc.flavour = { ...doc.flavour, namespace: password }),
        doc =>
          (doc.flavour = { ...doc.flavour, backup: { s3Bucket: password } }),
      ];
      fc.assert(
        fc.property(order, fc.nat(plantings.length - 1), (input, index) => {
          const doc: any = JSON.parse(JSON.stringify(input));
          plantings[index](doc);
          const result = validateInstance(doc);
          const output = JSON.stringify([
            result,
            result.config ? renderManifests(result.config) : [],
          ]);
          expect(output).not.toContain(password);
        }),
        runs,
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );
});
