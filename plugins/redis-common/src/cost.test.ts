import { observedOrders } from './__testUtils__/operatorReference';
import {
  PRICE_LOAD_BALANCER_MONTH,
  estimateMonthlyCost,
  loadBalancerServices,
} from './cost';
import { flavourSchema } from './schema/flavourSchema';
import { flavourExamples, orderFor } from '@internal/redis-test-utils';
import { validateInstance } from './validate/validateInstance';

const examples = flavourExamples(
  Object.keys(flavourSchema.properties.flavour.properties),
);
const example = (title: string) => {
  const found = examples.find(e => e.title === title);
  if (!found) throw new Error(`no spec example "${title}"`);
  return validateInstance(orderFor(found.flavour)).config!;
};

describe('estimateMonthlyCost', () => {
  // The "Cost Estimate" ranges the spec gives for its configuration examples.
  it.each([
    ['Minimal Development Configuration (Default)', 30, 50],
    ['Custom Storage for Development', 25, 40],
    ['Production Sentinel with Multi-AZ', 300, 400],
    ['Redis Cluster Mode (Horizontal Scaling)', 600, 800],
  ])('puts "%s" within $%d-%d', (title, low, high) => {
    const { monthlyTotal } = estimateMonthlyCost(example(title));
    expect(monthlyTotal).toBeGreaterThanOrEqual(low);
    expect(monthlyTotal).toBeLessThanOrEqual(high);
  });

  it('adds $16-20 for the load balancer example', () => {
    const withLb = estimateMonthlyCost(
      example('External Access via Network Load Balancer'),
    );
    const without = estimateMonthlyCost(
      example('Minimal Development Configuration (Default)'),
    );
    const extra = withLb.monthlyTotal - without.monthlyTotal;
    expect(extra).toBeGreaterThanOrEqual(16);
    expect(extra).toBeLessThanOrEqual(20);
  });

  it('itemises compute, storage and backups and adds them up', () => {
    const estimate = estimateMonthlyCost(
      example('Production Sentinel with Multi-AZ'),
    );
    expect(estimate.items.map(i => i.item)).toEqual([
      'compute',
      'storage',
      'backups',
    ]);
    const sum = estimate.items.reduce((total, item) => total + item.monthly, 0);
    expect(estimate.monthlyTotal).toBeCloseTo(sum, 2);
  });

  it('grows with shards and backup frequency', () => {
    const cluster = (numShards: number) =>
      validateInstance({
        name: 'c',
        root: { clusterModeEnabled: true },
        flavour: {
          deploymentMode: 'cluster',
          cluster: { numShards, replicasPerShard: 1 },
        },
      }).config!;
    expect(estimateMonthlyCost(cluster(6)).monthlyTotal).toBeGreaterThan(
      estimateMonthlyCost(cluster(3)).monthlyTotal * 1.9,
    );
    const backups = (schedule: string) =>
      estimateMonthlyCost(
        validateInstance({
          name: 'c',
          flavour: { backup: { enabled: true, s3Bucket: 'bkp', schedule } },
        }).config!,
      ).items.find(i => i.item === 'backups')!.monthly;
    expect(backups('0 */6 * * *')).toBeCloseTo(backups('@daily') * 4, 1);
  });

  it('counts a load balancer for every -additional Service the operator makes one of', () => {
    const loadBalancers = (
      flavour: Record<string, unknown>,
      root: Record<string, unknown> = {},
    ) =>
      estimateMonthlyCost(
        validateInstance({
          name: 'c',
          root,
          flavour: { ...flavour, service: { type: 'LoadBalancer' } },
        }).config!,
      ).items.find(i => i.item === 'loadBalancer')!;
    expect(loadBalancers({}).detail).toBe(
      '1 Network Load Balancer(s): c-additional',
    );
    expect(loadBalancers({ replica: { count: 2 } }).detail).toBe(
      '1 Network Load Balancer(s): c-additional',
    );
    const sentinel = loadBalancers({
      deploymentMode: 'sentinel',
      replica: { count: 2 },
      sentinel: { enabled: true },
    });
    expect(sentinel.detail).toBe(
      '2 Network Load Balancer(s): c-additional, c-sentinel-additional',
    );
    expect(sentinel.monthly).toBeCloseTo(2 * PRICE_LOAD_BALANCER_MONTH, 2);
    expect(
      loadBalancers(
        {
          deploymentMode: 'cluster',
          cluster: { numShards: 3, replicasPerShard: 1 },
        },
        { clusterModeEnabled: true },
      ).detail,
    ).toBe(
      '2 Network Load Balancer(s): c-leader-additional, c-follower-additional',
    );
  });

  it('says how much data the memory holds (maxmemory) and sizes backups by it', () => {
    const estimate = estimateMonthlyCost(
      validateInstance({
        name: 'c',
        flavour: {
          master: {
            resources: {
              requests: { cpu: '1', memory: '4Gi' },
              limits: { cpu: '1', memory: '4Gi' },
            },
          },
          backup: { enabled: true, s3Bucket: 'bkp', retention: 10 },
        },
      }).config!,
    );
    expect(estimate.maxmemory).toEqual({
      value: '3150mb',
      bytes: 3150 * 2 ** 20,
      limitBytes: 4 * 2 ** 30,
      source: 'derived',
    });
    expect(estimate.items[0].detail).toContain(
      'each data pod holds up to 3150 MiB of data (maxmemory)',
    );
    expect(estimate.items.find(i => i.item === 'backups')!.detail).toBe(
      'about 31 GiB kept in S3',
    );
  });

  it.each(observedOrders().map(observed => [observed.name, observed]))(
    '%s: counts the LoadBalancer Services the operator made',
    (_, observed) => {
      expect(
        loadBalancerServices(validateInstance(observed.order).config!),
      ).toEqual(
        observed.objects
          .filter(
            object =>
              object.kind === 'Service' && object.spec?.type === 'LoadBalancer',
          )
          .map(service => service.metadata.name),
      );
    },
  );
});
