// A small client for the sandbox's kube-apiserver: requests, server-side apply and watches with a resync.
import fs from 'node:fs';
import https from 'node:https';
import { parse } from 'yaml';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    deletionTimestamp?: string;
    ownerReferences?: OwnerReference[];
    [key: string]: unknown;
  };
  spec?: any;
  status?: any;
  data?: Record<string, string>;
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface KubeResponse {
  status: number;
  body: any;
}

export const OPERATOR_GROUP_VERSION = 'redis.redis.opstreelabs.in/v1beta2';
const FIELD_MANAGER = 'redis-sandbox';

/** Collection paths of the kinds the sandbox reads and writes. */
const RESOURCES: Record<string, { groupVersion: string; plural: string }> = {
  Pod: { groupVersion: 'v1', plural: 'pods' },
  Service: { groupVersion: 'v1', plural: 'services' },
  Secret: { groupVersion: 'v1', plural: 'secrets' },
  ConfigMap: { groupVersion: 'v1', plural: 'configmaps' },
  PersistentVolumeClaim: {
    groupVersion: 'v1',
    plural: 'persistentvolumeclaims',
  },
  Event: { groupVersion: 'v1', plural: 'events' },
  Node: { groupVersion: 'v1', plural: 'nodes' },
  Namespace: { groupVersion: 'v1', plural: 'namespaces' },
  StatefulSet: { groupVersion: 'apps/v1', plural: 'statefulsets' },
  Job: { groupVersion: 'batch/v1', plural: 'jobs' },
  PodDisruptionBudget: {
    groupVersion: 'policy/v1',
    plural: 'poddisruptionbudgets',
  },
  Redis: { groupVersion: OPERATOR_GROUP_VERSION, plural: 'redis' },
  RedisReplication: {
    groupVersion: OPERATOR_GROUP_VERSION,
    plural: 'redisreplications',
  },
  RedisSentinel: {
    groupVersion: OPERATOR_GROUP_VERSION,
    plural: 'redissentinels',
  },
  RedisCluster: {
    groupVersion: OPERATOR_GROUP_VERSION,
    plural: 'redisclusters',
  },
};

/** `/api/v1/namespaces/ns/pods`, or the cluster-wide collection when `namespace` is undefined. */
export function collectionPath(kind: string, namespace?: string): string {
  const resource = RESOURCES[kind];
  if (!resource) throw new Error(`redis-sandbox does not handle kind ${kind}`);
  const prefix =
    resource.groupVersion === 'v1'
      ? '/api/v1'
      : `/apis/${resource.groupVersion}`;
  return namespace
    ? `${prefix}/namespaces/${namespace}/${resource.plural}`
    : `${prefix}/${resource.plural}`;
}

export function objectPath(
  kind: string,
  name: string,
  namespace?: string,
): string {
  return `${collectionPath(kind, namespace)}/${encodeURIComponent(name)}`;
}

export class KubeError extends Error {
  constructor(readonly what: string, readonly response: KubeResponse) {
    super(
      `${what}: HTTP ${response.status}: ${
        response.body?.message ?? JSON.stringify(response.body)
      }`,
    );
  }
}

/** The kube-apiserver of a kubeconfig that uses a bearer token and an embedded CA, as k8s-testenv writes it. */
export class KubeClient {
  private readonly agent: https.Agent;

  constructor(
    readonly server: string,
    ca: Buffer,
    private readonly token: string,
  ) {
    this.agent = new https.Agent({ ca, keepAlive: true, maxSockets: 32 });
  }

  static fromKubeconfig(file: string): KubeClient {
    const config = parse(fs.readFileSync(file, 'utf8'));
    const context = config.contexts?.find(
      (entry: any) => entry.name === config['current-context'],
    )?.context;
    const cluster = config.clusters?.find(
      (entry: any) => entry.name === context?.cluster,
    )?.cluster;
    const user = config.users?.find(
      (entry: any) => entry.name === context?.user,
    )?.user;
    if (
      !cluster?.server ||
      !cluster['certificate-authority-data'] ||
      !user?.token
    ) {
      throw new Error(
        `${file}: the sandbox needs a current context with a server, certificate-authority-data and a token user (as tools/k8s-testenv writes it)`,
      );
    }
    return new KubeClient(
      cluster.server,
      Buffer.from(cluster['certificate-authority-data'], 'base64'),
      user.token,
    );
  }

  close(): void {
    this.agent.destroy();
  }

  request(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<KubeResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const request = https.request(
        `${this.server}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            Authorization: `Bearer ${this.token}`,
            Accept: 'application/json',
            'User-Agent': 'redis-sandbox',
            ...(payload === undefined ? {} : { 'Content-Type': contentType }),
          },
          timeout: 30_000,
        },
        response => {
          const chunks: Buffer[] = [];
          response.on('data', chunk => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // some errors answer plain text
            }
            resolve({ status: response.statusCode ?? 0, body: parsed });
          });
        },
      );
      request.on('timeout', () =>
        request.destroy(new Error(`${method} ${path} timed out`)),
      );
      request.on('error', reject);
      if (payload !== undefined) request.write(payload);
      request.end();
    });
  }

  /** Fails with the server's message unless the status is one of `expected`. */
  async expect(
    what: string,
    response: Promise<KubeResponse>,
    ...expected: number[]
  ): Promise<KubeResponse> {
    const result = await response;
    if (!expected.includes(result.status)) throw new KubeError(what, result);
    return result;
  }

  /** Server-side apply of a whole object as the sandbox's field manager; it owns what it writes. */
  async apply(object: KubeObject): Promise<KubeObject> {
    const { kind, metadata } = object;
    const result = await this.expect(
      `apply ${kind} ${metadata.namespace ?? ''}/${metadata.name}`,
      this.request(
        'PATCH',
        `${objectPath(
          kind!,
          metadata.name,
          metadata.namespace,
        )}?fieldManager=${FIELD_MANAGER}&force=true`,
        object,
        'application/apply-patch+yaml',
      ),
      200,
      201,
    );
    return result.body;
  }

  /** A merge patch of the status subresource, as a controller or the kubelet reports status. */
  async patchStatus(
    kind: string,
    name: string,
    namespace: string | undefined,
    status: unknown,
  ): Promise<void> {
    await this.expect(
      `set status of ${kind} ${namespace ?? ''}/${name}`,
      this.request(
        'PATCH',
        `${objectPath(kind, name, namespace)}/status`,
        { status },
        'application/merge-patch+json',
      ),
      200,
    );
  }

  async mergePatch(
    kind: string,
    name: string,
    namespace: string | undefined,
    patch: unknown,
  ): Promise<void> {
    await this.expect(
      `patch ${kind} ${namespace ?? ''}/${name}`,
      this.request(
        'PATCH',
        objectPath(kind, name, namespace),
        patch,
        'application/merge-patch+json',
      ),
      200,
      404,
    );
  }

  /** Deletes an object; `gracePeriodSeconds` 0 is the kubelet's final deletion of a pod whose containers are gone. */
  async remove(
    kind: string,
    name: string,
    namespace?: string,
    gracePeriodSeconds?: number,
  ): Promise<void> {
    const query =
      gracePeriodSeconds === undefined
        ? ''
        : `?gracePeriodSeconds=${gracePeriodSeconds}`;
    await this.expect(
      `delete ${kind} ${namespace ?? ''}/${name}`,
      this.request('DELETE', `${objectPath(kind, name, namespace)}${query}`),
      200,
      202,
      404,
    );
  }

  async list(
    kind: string,
    namespace?: string,
    labelSelector?: string,
  ): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const query = labelSelector
      ? `?labelSelector=${encodeURIComponent(labelSelector)}`
      : '';
    const result = await this.expect(
      `list ${kind}`,
      this.request('GET', `${collectionPath(kind, namespace)}${query}`),
      200,
    );
    return {
      items: result.body.items.map((item: KubeObject) => ({
        ...item,
        kind,
      })),
      resourceVersion: result.body.metadata.resourceVersion,
    };
  }

  /**
   * Lists, then watches from the list's resourceVersion. When the watch ends or fails (the server closes
   * watches after a while, or was restarted), it lists again: `onSync` gets the full set, so a consumer
   * resyncs rather than trusting the events it may have missed.
   */
  watch(
    kind: string,
    namespace: string | undefined,
    labelSelector: string | undefined,
    handlers: {
      onSync(items: KubeObject[]): void;
      onEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject): void;
      onError(error: Error): void;
    },
  ): { stop(): void } {
    let stopped = false;
    let current: ReturnType<typeof https.request> | undefined;
    const selector = labelSelector
      ? `&labelSelector=${encodeURIComponent(labelSelector)}`
      : '';

    const stream = (resourceVersion: string) =>
      new Promise<void>(resolve => {
        current = https.request(
          `${this.server}${collectionPath(
            kind,
            namespace,
          )}?watch=1&allowWatchBookmarks=true&resourceVersion=${resourceVersion}${selector}`,
          {
            agent: this.agent,
            headers: {
              Authorization: `Bearer ${this.token}`,
              Accept: 'application/json',
              'User-Agent': 'redis-sandbox',
            },
          },
          response => {
            if (response.statusCode !== 200) {
              response.resume();
              resolve();
              return;
            }
            let buffered = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => {
              buffered += chunk;
              let newline = buffered.indexOf('\n');
              while (newline >= 0) {
                const line = buffered.slice(0, newline);
                buffered = buffered.slice(newline + 1);
                newline = buffered.indexOf('\n');
                if (!line.trim()) continue;
                const event = JSON.parse(line);
                if (event.type === 'ERROR') {
                  // 410 Gone and friends: the resourceVersion is too old; list again
                  response.destroy();
                  return;
                }
                if (event.type === 'BOOKMARK') continue;
                handlers.onEvent(event.type, { ...event.object, kind });
              }
            });
            response.on('end', resolve);
            response.on('close', resolve);
            response.on('error', () => resolve());
          },
        );
        current.on('error', () => resolve());
        current.end();
      });

    (async () => {
      let delayMs = 200;
      while (!stopped) {
        try {
          const listed = await this.list(kind, namespace, labelSelector);
          if (stopped) return;
          handlers.onSync(listed.items);
          delayMs = 200;
          await stream(listed.resourceVersion);
        } catch (error) {
          if (!stopped) handlers.onError(error as Error);
          delayMs = Math.min(delayMs * 2, 5_000);
        }
        const wait = delayMs;
        if (!stopped) await new Promise(r => setTimeout(r, wait));
      }
    })();

    return {
      stop() {
        stopped = true;
        current?.destroy();
      },
    };
  }
}
