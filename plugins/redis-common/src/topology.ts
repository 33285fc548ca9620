// Which pods an instance consists of: shared by validation, rendering, connection info and cost.
import { statefulSetName } from './operatorNames';
import type { ResolvedInstance } from './schema/types';
import type { RedisMode } from './status/types';

/** @public */
export type PodRole = 'redis' | 'leader' | 'follower' | 'sentinel';

/** @public */
export interface PodGroup {
  role: PodRole;
  /** The StatefulSet the operator creates for the group; its pods carry `app: <statefulSet>`. */
  statefulSet: string;
  pods: number;
  /** minAvailable of the group's PodDisruptionBudget; undefined when it gets none. */
  minAvailable?: number;
}

/** @public */
export interface RedisTopology {
  /** The operator kind that holds the data pods. */
  dataKind: 'Redis' | 'RedisReplication' | 'RedisCluster';
  sentinel: boolean;
  groups: PodGroup[];
}

/** Smallest number of members that still forms a majority. */
export function majorityOf(members: number): number {
  return Math.floor(members / 2) + 1;
}

/** @public */
export function redisTopology(config: ResolvedInstance): RedisTopology {
  const { flavour } = config;
  const pdb = flavour.podDisruptionBudget;
  const minAvailable = pdb.enabled ? pdb.minAvailable : undefined;
  if (flavour.deploymentMode === 'cluster') {
    const leaders = flavour.cluster.numShards;
    const followers = leaders * flavour.cluster.replicasPerShard;
    const total = leaders + followers;
    // The operator keeps one PDB per role, so the instance-wide minimum is split in proportion.
    const share = (pods: number) =>
      minAvailable === undefined
        ? undefined
        : Math.ceil((pods * minAvailable) / total);
    return {
      dataKind: 'RedisCluster',
      sentinel: false,
      groups: [
        {
          role: 'leader',
          statefulSet: statefulSetName(config.name, 'leader'),
          pods: leaders,
          minAvailable: share(leaders),
        },
        {
          role: 'follower',
          statefulSet: statefulSetName(config.name, 'follower'),
          pods: followers,
          minAvailable: share(followers),
        },
      ],
    };
  }
  const redisPods = 1 + flavour.replica.count;
  if (flavour.deploymentMode === 'sentinel') {
    const sentinels = flavour.sentinel.replicas;
    return {
      dataKind: 'RedisReplication',
      sentinel: true,
      groups: [
        {
          role: 'redis',
          statefulSet: statefulSetName(config.name, 'redis'),
          pods: redisPods,
          minAvailable,
        },
        // Sentinels keep a voting majority through drains.
        {
          role: 'sentinel',
          statefulSet: statefulSetName(config.name, 'sentinel'),
          pods: sentinels,
          minAvailable: majorityOf(sentinels),
        },
      ],
    };
  }
  if (redisPods === 1) {
    return {
      dataKind: 'Redis',
      sentinel: false,
      groups: [
        {
          role: 'redis',
          statefulSet: statefulSetName(config.name, 'redis'),
          pods: 1,
        },
      ],
    };
  }
  return {
    dataKind: 'RedisReplication',
    sentinel: false,
    groups: [
      {
        role: 'redis',
        statefulSet: statefulSetName(config.name, 'redis'),
        pods: redisPods,
        minAvailable,
      },
    ],
  };
}

/**
 * What an instance is made of, in the terms its operator kinds tell: the data kind, and whether sentinels watch it.
 *
 * @public
 */
export type TopologyKinds = Pick<RedisTopology, 'dataKind' | 'sentinel'>;

/**
 * What the operator kinds present on a cluster say an instance runs as; undefined without a data
 * kind. `embeddedSentinel`: the RedisReplication itself asks for sentinels (`spec.sentinel.size`).
 *
 * @public
 */
export function liveTopology(
  kinds: Iterable<string>,
  embeddedSentinel = false,
): TopologyKinds | undefined {
  const present = new Set(kinds);
  if (present.has('RedisCluster'))
    return { dataKind: 'RedisCluster', sentinel: false };
  if (present.has('RedisReplication')) {
    return {
      dataKind: 'RedisReplication',
      sentinel: present.has('RedisSentinel') || embeddedSentinel,
    };
  }
  if (present.has('Redis')) return { dataKind: 'Redis', sentinel: false };
  return undefined;
}

/**
 * The mode the status names a topology by.
 *
 * @public
 */
export function topologyMode(topology: TopologyKinds): RedisMode {
  if (topology.dataKind === 'RedisCluster') return 'cluster';
  if (topology.dataKind === 'Redis') return 'standalone';
  return topology.sentinel ? 'sentinel' : 'replication';
}
