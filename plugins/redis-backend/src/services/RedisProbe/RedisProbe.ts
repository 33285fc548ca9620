// Asks each Redis and Sentinel process of an instance for its view, with short timeouts and bounded concurrency.
import { withRedis, type RedisAuth } from '@odin/plugin-redis-node';
import type Redis from 'ioredis';
import pLimit from 'p-limit';

export interface RedisTarget {
  pod: string;
  host: string;
  port: number;
}

export interface RedisProbeRequest {
  dataNodes: RedisTarget[];
  sentinels: RedisTarget[];
  sentinelMasterName: string;
  clusterMode: boolean;
  dataAuth: RedisAuth;
  sentinelAuth: RedisAuth;
}

export interface NodeObservation {
  target: RedisTarget;
  info?: string;
  error?: string;
}

export interface SentinelObservation {
  target: RedisTarget;
  master?: string[];
  replicas?: string[][];
  sentinels?: string[][];
  quorum?: { ok: boolean; message: string };
  error?: string;
}

export type ClusterObservation =
  | { pod: string; info: string; nodes: string }
  | { error: string };

export interface RedisObservations {
  nodes: NodeObservation[];
  sentinels: SentinelObservation[];
  cluster?: ClusterObservation;
}

export interface RedisProbeOptions {
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  concurrency: number;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class RedisProbe {
  constructor(private readonly options: RedisProbeOptions) {}

  async probe(request: RedisProbeRequest): Promise<RedisObservations> {
    const limit = pLimit(this.options.concurrency);
    const nodes = Promise.all(
      request.dataNodes.map(target =>
        limit(() => this.observeNode(target, request.dataAuth)),
      ),
    );
    const sentinels = Promise.all(
      request.sentinels.map(target =>
        limit(() =>
          this.observeSentinel(
            target,
            request.sentinelMasterName,
            request.sentinelAuth,
          ),
        ),
      ),
    );
    const cluster = request.clusterMode
      ? this.observeCluster(request.dataNodes, request.dataAuth)
      : Promise.resolve(undefined);
    return {
      nodes: await nodes,
      sentinels: await sentinels,
      cluster: await cluster,
    };
  }

  private withConnection<T>(
    target: RedisTarget,
    auth: RedisAuth,
    use: (client: Redis) => Promise<T>,
  ): Promise<T> {
    return withRedis(target, auth, this.options, use);
  }

  private async observeNode(
    target: RedisTarget,
    auth: RedisAuth,
  ): Promise<NodeObservation> {
    try {
      const info = await this.withConnection(target, auth, client =>
        client.call('INFO', 'replication', 'persistence', 'memory', 'server'),
      );
      return { target, info: String(info) };
    } catch (error) {
      return { target, error: errorMessage(error) };
    }
  }

  /** The first node that answers gives the cluster view; the others would tell the same story. */
  private async observeCluster(
    nodes: RedisTarget[],
    auth: RedisAuth,
  ): Promise<ClusterObservation> {
    let lastError = 'no Redis pod with an IP address';
    for (const target of nodes) {
      try {
        return await this.withConnection(target, auth, async client => {
          const [info, view] = await Promise.all([
            client.call('CLUSTER', 'INFO'),
            client.call('CLUSTER', 'NODES'),
          ]);
          return { pod: target.pod, info: String(info), nodes: String(view) };
        });
      } catch (error) {
        lastError = `${target.pod}: ${errorMessage(error)}`;
      }
    }
    return { error: lastError };
  }

  private async observeSentinel(
    target: RedisTarget,
    masterName: string,
    auth: RedisAuth,
  ): Promise<SentinelObservation> {
    try {
      return await this.withConnection(target, auth, async client => {
        const [master, replicas, sentinels, quorum] = await Promise.all([
          client.call('SENTINEL', 'MASTER', masterName) as Promise<string[]>,
          client.call('SENTINEL', 'REPLICAS', masterName) as Promise<
            string[][]
          >,
          client.call('SENTINEL', 'SENTINELS', masterName) as Promise<
            string[][]
          >,
          // CKQUORUM answers with an error reply when the quorum cannot be reached; that is a finding, not a failure.
          (
            client.call('SENTINEL', 'CKQUORUM', masterName) as Promise<string>
          ).then(
            message => ({ ok: true, message }),
            error => ({ ok: false, message: errorMessage(error) }),
          ),
        ]);
        return { target, master, replicas, sentinels, quorum };
      });
    } catch (error) {
      return { target, error: errorMessage(error) };
    }
  }
}
