// The live processes of a replication or sentinel instance, as day-2 operations see them: where each
// listens (from its pods), how to sign in (from the Secrets its custom resources name), and what each
// Redis and Sentinel answers.
import { NotFoundError, isError } from '@backstage/errors';
import {
  OPERATOR_API_VERSION,
  instanceLabelSelector,
  redisAccessRefs,
  type RedisAccessRefs,
  type SecretKeyRef,
} from '@odin/plugin-redis-common';
import Redis from 'ioredis';
import type { ApiObject, KubernetesCluster } from '../cluster/clusterAccess';
import type { NodeView, SentinelView } from './failoverChecks';
import type { InvolvedObject } from './operationHistory';
import type { OperationTarget } from './operationLock';

export interface CustomResource extends ApiObject {
  metadata: ApiObject['metadata'] & { name: string; uid?: string };
  spec?: Record<string, any>;
}

export interface PodObject extends ApiObject {
  status?: { podIP?: string };
}

/**
 * How to sign in to a Redis or Sentinel process.
 *
 * @public
 */
export interface RedisAuth {
  password?: string;
  /** PEM of the CA that signed the server certificates; TLS is off when `tls` is absent. */
  tls?: { ca?: string };
}

/**
 * The timeouts of one connection to a Redis or Sentinel process.
 *
 * @public
 */
export interface RedisTimeouts {
  connectTimeoutMs: number;
  commandTimeoutMs: number;
}

export function errorMessage(error: unknown): string {
  return isError(error) ? error.message : String(error);
}

/**
 * One connection to a Redis or Sentinel process, for `use`, then closed: no retries, no offline
 * queue, every failure a rejected command.
 *
 * @public
 */
export async function withRedis<T>(
  target: { host: string; port: number },
  auth: RedisAuth,
  timeouts: RedisTimeouts,
  use: (client: Redis) => Promise<T>,
): Promise<T> {
  const client = new Redis({
    host: target.host,
    port: target.port,
    password: auth.password,
    // Pods are reached by IP, which their certificates do not name: verify the chain, not the host name.
    tls: auth.tls
      ? { ca: auth.tls.ca, checkServerIdentity: () => undefined }
      : undefined,
    lazyConnect: true,
    connectTimeout: timeouts.connectTimeoutMs,
    commandTimeout: timeouts.commandTimeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableReadyCheck: false,
    enableOfflineQueue: false,
  });
  // Failures surface through the rejected commands; without a listener ioredis prints them.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

export function hostPort(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  return {
    host: address.slice(0, colon),
    port: Number(address.slice(colon + 1)),
  };
}

export async function secretValue(
  cluster: KubernetesCluster,
  namespace: string,
  ref: { name: string; key: string },
): Promise<string> {
  const secret = await cluster.get<{ data?: Record<string, string> }>({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: ref.name, namespace },
  });
  const encoded = secret?.data?.[ref.key];
  if (encoded === undefined) {
    throw new NotFoundError(
      `Secret "${ref.name}" in namespace "${namespace}" has no key "${ref.key}", which the custom resource names for the password`,
    );
  }
  return Buffer.from(encoded, 'base64').toString('utf8');
}

export async function authOf(
  cluster: KubernetesCluster,
  namespace: string,
  password: SecretKeyRef | undefined,
  access: RedisAccessRefs,
): Promise<RedisAuth> {
  return {
    password: password
      ? await secretValue(cluster, namespace, password)
      : undefined,
    tls: access.tls
      ? {
          ca: await secretValue(cluster, namespace, {
            name: access.tls.secretName,
            key: access.tls.caKey,
          }),
        }
      : undefined,
  };
}

/** The instance as the failover sees it: its custom resources, where its processes are, and how to sign in. */
export interface InstancePlan {
  involvedObject: InvolvedObject;
  masterName: string;
  expectedSentinels?: number;
  sentinelPort: number;
  dataPort: number;
  dataAuth: RedisAuth;
  sentinelAuth: RedisAuth;
}

export async function observeSentinel(
  pod: string,
  address: string | undefined,
  plan: InstancePlan,
  timeoutMs: number,
  withQuorum: boolean,
): Promise<SentinelView> {
  if (!address) return { pod, error: 'no address' };
  try {
    return await withRedis(
      hostPort(address),
      plan.sentinelAuth,
      { connectTimeoutMs: timeoutMs, commandTimeoutMs: timeoutMs },
      async client => {
        const master = (await client.call(
          'SENTINEL',
          'GET-MASTER-ADDR-BY-NAME',
          plan.masterName,
        )) as string[] | null;
        // CKQUORUM answers an error reply when the quorum cannot be reached: a finding, not a failure.
        const quorum = withQuorum
          ? await (
              client.call(
                'SENTINEL',
                'CKQUORUM',
                plan.masterName,
              ) as Promise<string>
            ).then(
              message => ({ ok: true, message: String(message) }),
              error => ({ ok: false, message: errorMessage(error) }),
            )
          : undefined;
        return {
          pod,
          address,
          master: master ? `${master[0]}:${master[1]}` : undefined,
          quorum,
        };
      },
    );
  } catch (error) {
    return { pod, address, error: errorMessage(error) };
  }
}

export async function observeNode(
  pod: string,
  address: string | undefined,
  roleLabel: string | undefined,
  plan: InstancePlan,
  timeoutMs: number,
): Promise<NodeView> {
  if (!address) return { pod, roleLabel, error: 'no address' };
  try {
    const info = await withRedis(
      hostPort(address),
      plan.dataAuth,
      { connectTimeoutMs: timeoutMs, commandTimeoutMs: timeoutMs },
      client => client.call('INFO', 'replication'),
    );
    return { pod, address, roleLabel, info: String(info) };
  } catch (error) {
    return { pod, address, roleLabel, error: errorMessage(error) };
  }
}

export interface Observation {
  sentinels: SentinelView[];
  nodes: NodeView[];
}

export async function observe(
  cluster: KubernetesCluster,
  instance: OperationTarget,
  plan: InstancePlan,
  timeoutMs: number,
  withQuorum: boolean,
): Promise<Observation> {
  const pods = await cluster.list<PodObject>({
    apiVersion: 'v1',
    kind: 'Pod',
    namespace: instance.namespace,
    labelSelector: instanceLabelSelector(instance),
  });
  const byName = [...pods].sort((a, b) =>
    (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
  );
  const isSentinel = (pod: PodObject) =>
    pod.metadata?.labels?.role === 'sentinel';
  const address = (pod: PodObject, port: number) =>
    pod.status?.podIP ? `${pod.status.podIP}:${port}` : undefined;
  const [sentinels, nodes] = await Promise.all([
    Promise.all(
      byName
        .filter(isSentinel)
        .map(pod =>
          observeSentinel(
            pod.metadata?.name ?? '',
            address(pod, plan.sentinelPort),
            plan,
            timeoutMs,
            withQuorum,
          ),
        ),
    ),
    Promise.all(
      byName
        .filter(pod => !isSentinel(pod))
        .map(pod =>
          observeNode(
            pod.metadata?.name ?? '',
            address(pod, plan.dataPort),
            pod.metadata?.labels?.['redis-role'],
            plan,
            timeoutMs,
          ),
        ),
    ),
  ]);
  return { sentinels, nodes };
}

export const sleep = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, ms));

/**
 * Where an instance's processes listen and how to sign in to them, from its RedisReplication (and
 * RedisSentinel, in sentinel mode): passwords and the CA read from the Secrets they name.
 */
export async function instancePlan(
  cluster: KubernetesCluster,
  instance: OperationTarget,
  resources: {
    replication: CustomResource;
    sentinel?: CustomResource;
    involvedObject: InvolvedObject;
  },
): Promise<InstancePlan> {
  const { replication, sentinel, involvedObject } = resources;
  const access = redisAccessRefs([
    { ...replication, kind: 'RedisReplication' },
    ...(sentinel ? [{ ...sentinel, kind: 'RedisSentinel' }] : []),
  ]);
  return {
    involvedObject,
    masterName: access.sentinelMasterName,
    expectedSentinels:
      Number(sentinel?.spec?.clusterSize ?? replication.spec?.sentinel?.size) ||
      undefined,
    sentinelPort: access.sentinelPort,
    dataPort: access.dataPort,
    dataAuth: await authOf(
      cluster,
      instance.namespace,
      access.dataPassword,
      access,
    ),
    sentinelAuth: await authOf(
      cluster,
      instance.namespace,
      access.sentinelPassword,
      access,
    ),
  };
}

export function definedOnly<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

/** The instance's RedisReplication and RedisSentinel, each undefined when there is none. */
export async function readReplicationResources(
  cluster: KubernetesCluster,
  instance: OperationTarget,
): Promise<{ replication?: CustomResource; sentinel?: CustomResource }> {
  const get = (kind: string) =>
    cluster.get<CustomResource>({
      apiVersion: OPERATOR_API_VERSION,
      kind,
      metadata: { name: instance.name, namespace: instance.namespace },
    });
  const [replication, sentinel] = await Promise.all([
    get('RedisReplication'),
    get('RedisSentinel'),
  ]);
  return { replication, sentinel };
}

/** The RedisReplication as the Event of a run names it. */
export function involvedObjectOf(replication: CustomResource): InvolvedObject {
  return {
    apiVersion: OPERATOR_API_VERSION,
    kind: 'RedisReplication',
    name: replication.metadata.name,
    uid: replication.metadata.uid,
  };
}
