// How much data Redis may hold (maxmemory): derived from the data pods' memory limit unless the order sets it.
import { parseQuantity } from './quantity';
import type { ResolvedInstance } from './schema/types';

/**
 * The spec's sizing rule is "memory limit = dataset × 1.3": the other 30% is for replication
 * buffers, copy-on-write while a snapshot or AOF rewrite forks, and fragmentation.
 *
 * @public
 */
export const MEMORY_LIMIT_PER_DATASET = 1.3;

const MIB = 2 ** 20;
const REDIS_MEMORY = /^([0-9]+)(b|k|kb|m|mb|g|gb)?$/i;
const REDIS_MEMORY_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 2 ** 10,
  m: 1e6,
  mb: 2 ** 20,
  g: 1e9,
  gb: 2 ** 30,
};

/**
 * Bytes of a redis.conf memory value ("1gb", "512mb", "100000000"); undefined for anything else.
 *
 * @public
 */
export function parseRedisMemory(value: string): number | undefined {
  const match = REDIS_MEMORY.exec(value.trim());
  if (!match) return undefined;
  return Number(match[1]) * REDIS_MEMORY_UNITS[(match[2] ?? '').toLowerCase()];
}

/** @public */
export interface Maxmemory {
  /** What redis.conf says, e.g. "1575mb". */
  value: string;
  bytes: number;
  /** The smallest memory limit among the data pods, which every pod's maxmemory must fit in. */
  limitBytes: number;
  /** `derived` from the limit, or written in `additionalConfig`. */
  source: 'derived' | 'additionalConfig';
}

/**
 * The data pods' smallest memory limit. Cluster leaders and followers share one redis.conf and a
 * follower becomes a leader on failover, so the smaller of the two counts; in the other modes every
 * data pod gets master.resources.
 */
export function dataPodMemoryLimit(config: ResolvedInstance): number {
  const { flavour } = config;
  const limits = [flavour.master.resources.limits.memory];
  if (
    flavour.deploymentMode === 'cluster' &&
    flavour.cluster.replicasPerShard > 0
  )
    limits.push(flavour.replica.resources.limits.memory);
  return Math.min(...limits.map(limit => parseQuantity(limit) ?? 0));
}

/** The maxmemory the data pods' memory limit allows: the limit ÷ 1.3, in whole MiB. */
export function derivedMaxmemory(config: ResolvedInstance): Maxmemory {
  const limitBytes = dataPodMemoryLimit(config);
  const mebibytes = Math.max(
    1,
    Math.floor(limitBytes / MEMORY_LIMIT_PER_DATASET / MIB),
  );
  return {
    value: `${mebibytes}mb`,
    bytes: mebibytes * MIB,
    limitBytes,
    source: 'derived',
  };
}

/**
 * The instance's maxmemory: `additionalConfig.maxmemory` when set (and readable), else the derived one.
 *
 * @public
 */
export function instanceMaxmemory(config: ResolvedInstance): Maxmemory {
  const derived = derivedMaxmemory(config);
  const explicit = config.flavour.additionalConfig?.maxmemory;
  const explicitBytes =
    explicit === undefined ? undefined : parseRedisMemory(explicit);
  if (explicit === undefined || explicitBytes === undefined) return derived;
  return {
    value: explicit,
    bytes: explicitBytes,
    limitBytes: derived.limitBytes,
    source: 'additionalConfig',
  };
}
