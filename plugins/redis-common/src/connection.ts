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

export type ClientLanguage = 'node' | 'python' | 'java' | 'go';

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

/** Connection details of a resolved instance; `clusterDomain` is the cluster's DNS suffix. */
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
    const host = dns(`${name}-sentinel`);
    return {
      mode,
      host,
      port: SENTINEL_PORT,
      readHost: dns(`${name}-replica`),
      sentinelMasterName: SENTINEL_MASTER_NAME,
      passwordSecret,
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
  let service = replicated ? `${name}-master` : name;
  if (mode === 'cluster') service = `${name}-leader`;
  const host = dns(service);
  const hostVar = mode === 'cluster' ? 'REDIS_CLUSTER_HOST' : 'REDIS_HOST';
  return {
    mode,
    host,
    port: REDIS_PORT,
    readHost: replicated ? dns(`${name}-replica`) : undefined,
    passwordSecret,
    env: [
      { name: hostVar, value: host },
      { name: 'REDIS_PORT', value: String(REDIS_PORT) },
      ...password,
    ],
    snippets: snippetsFor(mode, hostVar),
  };
}
