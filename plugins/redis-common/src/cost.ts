// Monthly cost estimate of an instance on EKS; every price it uses is an exported, documented constant.
import { externalEndpoints } from './connection';
import { instanceMaxmemory, type Maxmemory } from './maxmemory';
import { parseQuantity } from './quantity';
import {
  EXPORTER_RESOURCES,
  NODE_CONF_VOLUME_SIZE,
} from './render/conventions';
import type { ResolvedInstance, ResourceRequirements } from './schema/types';
import { redisTopology } from './topology';
import { cronRunsPerDay } from './validate/cron';

/** @public */
export const HOURS_PER_MONTH = 730;
/**
 * On-demand compute in us-east-1, priced per vCPU and per GiB like Fargate ($0.04048/vCPU-h, $0.004445/GiB-h).
 *
 * @public
 */
export const PRICE_PER_VCPU_MONTH = 0.04048 * HOURS_PER_MONTH;
/** @public */
export const PRICE_PER_GIB_MEMORY_MONTH = 0.004445 * HOURS_PER_MONTH;
/**
 * Share of node capacity pods can actually use. Pods are sized by their limits (Redis must be able to
 * grow to them); "required" anti-affinity keeps one Redis pod per node, which leaves more capacity idle.
 *
 * @public
 */
export const NODE_PACKING_EFFICIENCY = { soft: 0.95, required: 0.75 } as const;
/**
 * EBS gp3 per GiB-month; used for every StorageClass.
 *
 * @public
 */
export const PRICE_PER_GIB_EBS_MONTH = 0.08;
/**
 * S3 Standard per GiB-month.
 *
 * @public
 */
export const PRICE_PER_GIB_S3_MONTH = 0.023;
/**
 * Network Load Balancer hourly charge (capacity units excluded).
 *
 * @public
 */
export const PRICE_LOAD_BALANCER_MONTH = 0.0225 * HOURS_PER_MONTH;

const GIB = 2 ** 30;
const MIB = 2 ** 20;

/**
 * The operator's Services of `service.type: LoadBalancer`, one Network Load Balancer each.
 *
 * @public
 */
export function loadBalancerServices(config: ResolvedInstance): string[] {
  return (externalEndpoints(config) ?? [])
    .filter(endpoint => endpoint.type === 'LoadBalancer')
    .map(endpoint => endpoint.service);
}

/** @public */
export interface CostItem {
  item: 'compute' | 'storage' | 'loadBalancer' | 'backups';
  monthly: number;
  detail: string;
}

/** @public */
export interface CostEstimate {
  currency: 'USD';
  monthlyTotal: number;
  items: CostItem[];
  /** What the memory paid for holds: each data pod's maxmemory. */
  maxmemory: Maxmemory;
}

const cents = (value: number) => Math.round(value * 100) / 100;

function podFootprint(resources: ResourceRequirements): number {
  const cpu = parseQuantity(resources.limits.cpu) ?? 0;
  const memory = (parseQuantity(resources.limits.memory) ?? 0) / GIB;
  return cpu * PRICE_PER_VCPU_MONTH + memory * PRICE_PER_GIB_MEMORY_MONTH;
}

/**
 * Estimated monthly cost of a resolved instance: compute, EBS volumes, load balancer and S3 backups.
 *
 * @public
 */
export function estimateMonthlyCost(config: ResolvedInstance): CostEstimate {
  const { flavour } = config;
  const topology = redisTopology(config);
  const exporter = flavour.metrics.enabled
    ? podFootprint(EXPORTER_RESOURCES)
    : 0;
  let compute = 0;
  let dataPods = 0;
  let masters = 1;
  for (const group of topology.groups) {
    if (group.role === 'sentinel') {
      compute += group.pods * podFootprint(flavour.sentinel.resources);
      continue;
    }
    dataPods += group.pods;
    const resources =
      group.role === 'follower'
        ? flavour.replica.resources
        : flavour.master.resources;
    compute += group.pods * (podFootprint(resources) + exporter);
    if (group.role === 'leader') masters = group.pods;
  }
  compute /= NODE_PACKING_EFFICIENCY[flavour.antiAffinity];
  const maxmemory = instanceMaxmemory(config);
  const items: CostItem[] = [
    {
      item: 'compute',
      monthly: cents(compute),
      detail: `${topology.groups
        .map(g => `${g.pods} ${g.role}`)
        .join(', ')} pod(s) at their limits, ${Math.round(
        NODE_PACKING_EFFICIENCY[flavour.antiAffinity] * 100,
      )}% node packing; each data pod holds up to ${Math.floor(
        maxmemory.bytes / MIB,
      )} MiB of data (maxmemory)`,
    },
  ];
  if (flavour.persistence.enabled) {
    const perPod =
      (parseQuantity(flavour.persistence.size) ?? 0) / GIB +
      (topology.dataKind === 'RedisCluster'
        ? (parseQuantity(NODE_CONF_VOLUME_SIZE) ?? 0) / GIB
        : 0);
    items.push({
      item: 'storage',
      monthly: cents(dataPods * perPod * PRICE_PER_GIB_EBS_MONTH),
      detail: `${dataPods} × ${Math.round(perPod * 100) / 100} GiB EBS`,
    });
  }
  const loadBalancers = loadBalancerServices(config);
  if (loadBalancers.length > 0) {
    items.push({
      item: 'loadBalancer',
      monthly: cents(loadBalancers.length * PRICE_LOAD_BALANCER_MONTH),
      detail: `${
        loadBalancers.length
      } Network Load Balancer(s): ${loadBalancers.join(', ')}`,
    });
  }
  if (flavour.backup.enabled) {
    // An RDB is at most the dataset, which maxmemory caps.
    const dumpGib = (masters * maxmemory.bytes) / GIB;
    const kept =
      dumpGib *
      cronRunsPerDay(flavour.backup.schedule) *
      flavour.backup.retention;
    items.push({
      item: 'backups',
      monthly: cents(kept * PRICE_PER_GIB_S3_MONTH),
      detail: `about ${Math.round(kept)} GiB kept in S3`,
    });
  }
  return {
    currency: 'USD',
    monthlyTotal: cents(items.reduce((sum, item) => sum + item.monthly, 0)),
    items,
    maxmemory,
  };
}
