// How applications reach an instance: endpoints, environment variable names and client snippets per mode.
import type { DeploymentMode, ResolvedInstance } from './schema/types';
import {
  REDIS_PORT,
  SENTINEL_MASTER_NAME,
  SENTINEL_PORT,
  authSecretRef,
  type SecretReference,
} from './render/conventions';
import { redisTopology } from './topology';
import {
  instanceServices,
  statefulSetName,
  statefulSetServices,
} from './operatorNames';

/** @public */
export type ClientLanguage = 'node' | 'python' | 'java' | 'go';

/**
 * A Service the operator makes of `service.type` for clients outside the cluster.
 *
 * @public
 */
export interface ExternalEndpoint {
  service: string;
  type: 'LoadBalancer' | 'NodePort';
  /** The Service port; a NodePort's node port is allocated by Kubernetes and shows on the Service. */
  port: number;
  /** Whether writes through it reach the master; false where it also reaches read-only replicas. */
  writes: boolean;
  note: string;
}

/** @public */
export interface ConnectionInfo {
  mode: DeploymentMode;
  /** In-cluster DNS name clients connect to first (the sentinel Service in sentinel mode). */
  host: string;
  port: number;
  /** Service for reads from replicas, when the mode offers one. */
  readHost?: string;
  /** Sentinel master group name (sentinel mode only). */
  sentinelMasterName?: string;
  /** Where the password lives; never the password itself. */
  passwordSecret?: SecretReference;
  /**
   * Endpoints for clients outside the cluster, with `service.type` LoadBalancer or NodePort. The
   * operator gives that type to its `-additional` Services only (and, for a cluster on NodePort,
   * to one Service per pod); the in-cluster `host` stays ClusterIP.
   */
  external?: ExternalEndpoint[];
  /** Environment variables the snippets read; values are for the application's Deployment. */
  env: { name: string; value?: string; fromSecret?: SecretReference }[];
  snippets: Record<ClientLanguage, string>;
}

function snippetsFor(
  mode: DeploymentMode,
  hostVar: string,
): Record<ClientLanguage, string> {
  if (mode === 'sentinel') {
    return {
      node: `const Redis = require('ioredis');

// ioredis asks the sentinels for the current master and follows failovers.
const redis = new Redis({
  sentinels: [{ host: process.env.${hostVar}, port: Number(process.env.REDIS_SENTINEL_PORT) }],
  name: process.env.REDIS_SENTINEL_MASTER,
  password: process.env.REDIS_PASSWORD,
  sentinelPassword: process.env.REDIS_PASSWORD,
});`,
      python: `import os
from redis.sentinel import Sentinel

sentinel = Sentinel(
    [(os.environ["${hostVar}"], int(os.environ["REDIS_SENTINEL_PORT"]))],
    sentinel_kwargs={"password": os.environ.get("REDIS_PASSWORD")},
    password=os.environ.get("REDIS_PASSWORD"),
)
master = sentinel.master_for(os.environ["REDIS_SENTINEL_MASTER"], decode_responses=True)
replica = sentinel.slave_for(os.environ["REDIS_SENTINEL_MASTER"], decode_responses=True)`,
      java: `import java.util.Set;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;

Set<String> sentinels = Set.of(System.getenv("${hostVar}") + ":" + System.getenv("REDIS_SENTINEL_PORT"));
JedisSentinelPool pool = new JedisSentinelPool(
    System.getenv("REDIS_SENTINEL_MASTER"), sentinels, System.getenv("REDIS_PASSWORD"));
try (Jedis jedis = pool.getResource()) {
    jedis.ping();
}`,
      go: `import (
	"os"

	"github.com/redis/go-redis/v9"
)

rdb := redis.NewFailoverClient(&redis.FailoverOptions{
	MasterName:       os.Getenv("REDIS_SENTINEL_MASTER"),
	SentinelAddrs:    []string{os.Getenv("${hostVar}") + ":" + os.Getenv("REDIS_SENTINEL_PORT")},
	SentinelPassword: os.Getenv("REDIS_PASSWORD"),
	Password:         os.Getenv("REDIS_PASSWORD"),
})`,
    };
  }
  if (mode === 'cluster') {
    return {
      node: `const Redis = require('ioredis');

// Any node is enough to discover the cluster; keys that must share a slot need a {hash tag}.
const cluster = new Redis.Cluster(
  [{ host: process.env.${hostVar}, port: Number(process.env.REDIS_PORT) }],
  { redisOptions: { password: process.env.REDIS_PASSWORD } },
);`,
      python: `import os
from redis.cluster import RedisCluster

rc = RedisCluster(
    host=os.environ["${hostVar}"],
    port=int(os.environ["REDIS_PORT"]),
    password=os.environ.get("REDIS_PASSWORD"),
    decode_responses=True,
)`,
      java: `import java.util.Set;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

JedisCluster cluster = new JedisCluster(
    Set.of(new HostAndPort(System.getenv("${hostVar}"), Integer.parseInt(System.getenv("REDIS_PORT")))),
    DefaultJedisClientConfig.builder().password(System.getenv("REDIS_PASSWORD")).build());`,
      go: `import (
	"os"

	"github.com/redis/go-redis/v9"
)

rdb := redis.NewClusterClient(&redis.ClusterOptions{
	Addrs:    []string{os.Getenv("${hostVar}") + ":" + os.Getenv("REDIS_PORT")},
	Password: os.Getenv("REDIS_PASSWORD"),
})`,
    };
  }
  return {
    node: `const Redis = require('ioredis');

const redis = new Redis({
  host: process.env.${hostVar},
  port: Number(process.env.REDIS_PORT),
  password: process.env.REDIS_PASSWORD,
});`,
    python: `import os
import redis

r = redis.Redis(
    host=os.environ["${hostVar}"],
    port=int(os.environ["REDIS_PORT"]),
    password=os.environ.get("REDIS_PASSWORD"),
    decode_responses=True,
)`,
    java: `import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

JedisPool pool = new JedisPool(new JedisPoolConfig(),
    System.getenv("${hostVar}"), Integer.parseInt(System.getenv("REDIS_PORT")),
    2000, System.getenv("REDIS_PASSWORD"));`,
    go: `import (
	"os"

	"github.com/redis/go-redis/v9"
)

rdb := redis.NewClient(&redis.Options{
	Addr:     os.Getenv("${hostVar}") + ":" + os.Getenv("REDIS_PORT"),
	Password: os.Getenv("REDIS_PASSWORD"),
})`,
  };
}

const POD_ADDRESSES =
  'pod IPs, which clients inside the VPC reach with the EKS VPC CNI';

/** The Services the operator makes of `service.type` LoadBalancer or NodePort; undefined for ClusterIP. */
export function externalEndpoints(
  config: ResolvedInstance,
): ExternalEndpoint[] | undefined {
  const type = config.flavour.service.type;
  if (type !== 'LoadBalancer' && type !== 'NodePort') return undefined;
  const topology = redisTopology(config);
  const endpoint = (
    service: string,
    port: number,
    writes: boolean,
    note: string,
  ): ExternalEndpoint => ({ service, type, port, writes, note });
  const groups = topology.groups.filter(group => group.pods > 0);
  if (topology.dataKind === 'RedisCluster') {
    const seeds = groups.map(group =>
      endpoint(
        statefulSetServices.additional(group.statefulSet),
        REDIS_PORT,
        group.role === 'leader',
        group.role === 'leader'
          ? `a seed for cluster-aware clients, which then connect to the nodes' ${
              type === 'NodePort'
                ? 'per-pod Services below (each node announces its node address and node port)'
                : POD_ADDRESSES
            }`
          : 'reaches the replica nodes only: a seed for reads',
      ),
    );
    if (type !== 'NodePort') return seeds;
    // With NodePort the operator makes one Service per pod, which the node announces to clients.
    const pods = groups.flatMap(group =>
      Array.from({ length: group.pods }, (_, index) =>
        endpoint(
          `${group.statefulSet}-${index}`,
          REDIS_PORT,
          group.role === 'leader',
          group.role === 'leader'
            ? 'one master node; cluster-aware clients follow MOVED redirects between them'
            : 'one replica node: reads; writes are redirected to its master',
        ),
      ),
    );
    return [...seeds, ...pods];
  }
  return groups.map(group => {
    if (group.role === 'sentinel')
      return endpoint(
        statefulSetServices.additional(group.statefulSet),
        SENTINEL_PORT,
        true,
        `the way to write from outside: ask the sentinels for master group ${SENTINEL_MASTER_NAME} and connect to the master they name (its ${POD_ADDRESSES})`,
      );
    if (group.pods === 1)
      return endpoint(
        statefulSetServices.additional(group.statefulSet),
        REDIS_PORT,
        true,
        'the one Redis pod',
      );
    return endpoint(
      statefulSetServices.additional(group.statefulSet),
      REDIS_PORT,
      false,
      topology.sentinel
        ? 'reaches the master and the read-only replicas alike: for reads only; write through the sentinels'
        : `reaches the master and the read-only replicas alike, so writes fail with READONLY on a replica: for reads only. Write from inside the cluster through ${instanceServices.master(
            config.name,
          )}, or use sentinel mode`,
    );
  });
}

/**
 * Connection details of a resolved instance; `clusterDomain` is the cluster's DNS suffix.
 *
 * @public
 */
export function connectionInfo(
  config: ResolvedInstance,
  clusterDomain = 'cluster.local',
): ConnectionInfo {
  const { name, flavour } = config;
  const dns = (service: string) =>
    `${service}.${flavour.namespace}.svc.${clusterDomain}`;
  const passwordSecret = authSecretRef(config);
  const password = passwordSecret
    ? [{ name: 'REDIS_PASSWORD', fromSecret: passwordSecret }]
    : [];
  const mode = flavour.deploymentMode;
  if (mode === 'sentinel') {
    const host = dns(instanceServices.sentinel(name));
    return {
      mode,
      host,
      port: SENTINEL_PORT,
      readHost: dns(instanceServices.replica(name)),
      sentinelMasterName: SENTINEL_MASTER_NAME,
      passwordSecret,
      external: externalEndpoints(config),
      env: [
        { name: 'REDIS_SENTINEL_HOST', value: host },
        { name: 'REDIS_SENTINEL_PORT', value: String(SENTINEL_PORT) },
        { name: 'REDIS_SENTINEL_MASTER', value: SENTINEL_MASTER_NAME },
        ...password,
      ],
      snippets: snippetsFor(mode, 'REDIS_SENTINEL_HOST'),
    };
  }
  const replicated = redisTopology(config).dataKind === 'RedisReplication';
  let service = replicated
    ? instanceServices.master(name)
    : statefulSetName(name, 'redis');
  if (mode === 'cluster') service = instanceServices.leader(name);
  const host = dns(service);
  const hostVar = mode === 'cluster' ? 'REDIS_CLUSTER_HOST' : 'REDIS_HOST';
  return {
    mode,
    host,
    port: REDIS_PORT,
    readHost: replicated ? dns(instanceServices.replica(name)) : undefined,
    passwordSecret,
    external: externalEndpoints(config),
    env: [
      { name: hostVar, value: host },
      { name: 'REDIS_PORT', value: String(REDIS_PORT) },
      ...password,
    ],
    snippets: snippetsFor(mode, hostVar),
  };
}
