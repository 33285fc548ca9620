// Clusters from the Backstage `kubernetes:` config block or from a kubeconfig, as @kubernetes/client-node clients.
import type { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  HttpMethod,
  KubeConfig,
  KubernetesObjectApi,
  type KubernetesObject as ClientObject,
  type ResponseContext,
} from '@kubernetes/client-node';
import { kubernetesError, objectRequest } from './kubernetesErrors';

/** Token file of the pod's own service account, used when a config cluster names no token. */
export const IN_CLUSTER_TOKEN_FILE =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * An object as the API server's JSON has it: the API's own field names (`from`, `continue`),
 * timestamps as strings, and every field kept, also those the client's typed models do not know.
 */
export interface ApiObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/** Options of a write: dryRun=All when `dryRun`, and the field manager that owns what is written. */
export interface WriteOptions {
  fieldManager: string;
  dryRun?: boolean;
}

/** One Kubernetes cluster the portal or the CLI may talk to. */
export interface KubernetesCluster {
  /** The cluster's name in the config (or the kubeconfig context name). */
  name: string;
  /** URL of its API server, for messages. */
  server: string;
  kubeConfig: KubeConfig;
  /**
   * Generic client for reads and deletes of any kind; it answers with the API server's JSON as is
   * (an ApiObject, whatever its declared types say). It is created once per cluster, so its discovery
   * cache (one GET per apiVersion) is shared by every caller. Its create, patch and replace are left
   * out: they serialize through the typed models, which drop fields they spell differently
   * (NetworkPolicy `from` is `_from`) or do not know. Write with `apply` and `create`.
   */
  objects: Omit<KubernetesObjectApi, 'create' | 'patch' | 'replace'>;
  /**
   * Lists objects of one kind by label selector, following `continue` pages. Errors are
   * Backstage errors naming the verb and resource (403) or the missing CRD (404).
   */
  list<T extends ApiObject = ApiObject>(request: {
    apiVersion: string;
    kind: string;
    namespace?: string;
    labelSelector?: string;
    fieldSelector?: string;
  }): Promise<T[]>;
  /**
   * Server-side apply of `object` exactly as given; `force` takes over fields another field manager
   * owns. Resolves to the object as the server stored it (or would, in a dry run). Errors as for list.
   */
  apply(
    object: ApiObject,
    options: WriteOptions & { force?: boolean },
  ): Promise<ApiObject>;
  /** Creates `object` exactly as given; one that exists already fails with a ConflictError. */
  create(object: ApiObject, options: WriteOptions): Promise<ApiObject>;
}

export interface ClusterAccess {
  clusterNames(): string[];
  /** The named cluster; without a name the only (or, for a kubeconfig, the current) one. */
  getCluster(name?: string): KubernetesCluster;
}

/** One page size for lists: large enough that an instance's objects come back in one request. */
const LIST_PAGE_SIZE = 500;

/** The content type of a server-side apply; JSON is YAML, so the object goes as JSON. */
const APPLY_PATCH_CONTENT_TYPE = 'application/apply-patch+yaml';

interface ApiObjectList<T> {
  metadata?: { continue?: string };
  items: T[];
}

/**
 * The client's generic object API (its auth, discovery cache and transport) without its typed
 * models: `send` writes bodies as JSON exactly as given, and every response is parsed as the API
 * server wrote it, for built-in kinds and custom resources alike.
 */
class PlainJsonObjectApi extends KubernetesObjectApi {
  static forKubeConfig(kubeConfig: KubeConfig): PlainJsonObjectApi {
    const api = kubeConfig.makeApiClient(PlainJsonObjectApi);
    api.setDefaultNamespace(kubeConfig);
    return api;
  }

  async send<T>(request: {
    method: HttpMethod;
    action: 'create' | 'patch' | 'list';
    target: ApiObject;
    query?: Record<string, string | undefined>;
    body?: ApiObject;
    contentType?: string;
  }): Promise<T> {
    const { apiVersion, kind, metadata } = request.target;
    // specUriPath fills in defaults on what it is given, so it gets the identity only, never the body.
    const path = await this.specUriPath(
      {
        apiVersion,
        kind,
        metadata: { name: metadata?.name, namespace: metadata?.namespace },
      },
      request.action,
    );
    const context = this.configuration.baseServer.makeRequestContext(
      path,
      request.method,
    );
    context.setHeaderParam('Accept', 'application/json');
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) context.setQueryParam(name, value);
    }
    if (request.body !== undefined) {
      context.setHeaderParam(
        'Content-Type',
        request.contentType ?? 'application/json',
      );
      context.setBody(JSON.stringify(request.body));
    }
    const response: unknown = await this.requestPromise(context);
    return response as T;
  }

  protected async processResponse<T extends ClientObject>(
    response: ResponseContext,
    type?: string,
  ): Promise<T> {
    // Errors keep the client's ApiException; only successful bodies skip the typed models.
    if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
      return super.processResponse<T>(response, type);
    }
    return JSON.parse(await response.body.text());
  }
}

function kubernetesCluster(
  name: string,
  kubeConfig: KubeConfig,
): KubernetesCluster {
  const objects = PlainJsonObjectApi.forKubeConfig(kubeConfig);
  const server =
    kubeConfig.getCurrentCluster()?.server ?? '(no server configured)';
  const dryRunQuery = (dryRun?: boolean) => (dryRun ? 'All' : undefined);
  return {
    name,
    server,
    kubeConfig,
    objects,
    async list<T extends ApiObject>(request: {
      apiVersion: string;
      kind: string;
      namespace?: string;
      labelSelector?: string;
      fieldSelector?: string;
    }): Promise<T[]> {
      const { apiVersion, kind, namespace, labelSelector, fieldSelector } =
        request;
      const items: T[] = [];
      let continueToken: string | undefined;
      do {
        const page = await objects
          .send<ApiObjectList<T>>({
            method: HttpMethod.GET,
            action: 'list',
            target: { apiVersion, kind, metadata: { namespace } },
            query: {
              labelSelector,
              fieldSelector,
              limit: String(LIST_PAGE_SIZE),
              continue: continueToken,
            },
          })
          .catch(error => {
            throw kubernetesError(error, {
              verb: 'list',
              apiVersion,
              kind,
              namespace,
              cluster: name,
              server,
            });
          });
        items.push(...page.items);
        continueToken = page.metadata?.continue || undefined;
      } while (continueToken);
      return items;
    },
    async apply(object, options) {
      try {
        return await objects.send<ApiObject>({
          method: HttpMethod.PATCH,
          action: 'patch',
          target: object,
          query: {
            fieldManager: options.fieldManager,
            dryRun: dryRunQuery(options.dryRun),
            force: options.force ? 'true' : undefined,
          },
          body: object,
          contentType: APPLY_PATCH_CONTENT_TYPE,
        });
      } catch (error) {
        throw kubernetesError(
          error,
          objectRequest(object, 'patch', { name, server }),
        );
      }
    },
    async create(object, options) {
      try {
        return await objects.send<ApiObject>({
          method: HttpMethod.POST,
          action: 'create',
          target: object,
          query: {
            fieldManager: options.fieldManager,
            dryRun: dryRunQuery(options.dryRun),
          },
          body: object,
        });
      } catch (error) {
        throw kubernetesError(
          error,
          objectRequest(object, 'create', { name, server }),
        );
      }
    },
  };
}

function clusterAccess(
  clusters: Map<string, KubernetesCluster>,
  defaultName?: string,
): ClusterAccess {
  return {
    clusterNames: () => [...clusters.keys()],
    getCluster(name) {
      const wanted =
        name ??
        defaultName ??
        (clusters.size === 1 ? [...clusters.keys()][0] : undefined);
      if (wanted === undefined) {
        throw new InputError(
          `Name a cluster: ${
            clusters.size === 0
              ? 'none is configured'
              : `one of ${[...clusters.keys()].join(', ')}`
          }`,
        );
      }
      const cluster = clusters.get(wanted);
      if (!cluster) {
        const known = [...clusters.keys()];
        throw new NotFoundError(
          `Kubernetes cluster "${wanted}" is not configured; ${
            known.length
              ? `known clusters: ${known.join(', ')}`
              : 'no clusters are configured under kubernetes.clusterLocatorMethods'
          }`,
        );
      }
      return cluster;
    },
  };
}

/**
 * Clusters from the `kubernetes.clusterLocatorMethods` entries of type `config`, the block the
 * Backstage Kubernetes plugin reads, so an adopter configures each cluster once. Supports
 * `authProvider: serviceAccount` with `serviceAccountToken` (or the pod's own token when none is
 * given), and `caData`, `caFile` or `skipTLSVerify`.
 */
export function clusterAccessFromConfig(config: Config): ClusterAccess {
  const clusters = new Map<string, KubernetesCluster>();
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  for (const method of methods) {
    if (method.getString('type') !== 'config') continue;
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      const name = cluster.getString('name');
      const authProvider = cluster.getString('authProvider');
      if (authProvider !== 'serviceAccount') {
        throw new InputError(
          `Kubernetes cluster "${name}" uses authProvider "${authProvider}"; the Redis portal supports only "serviceAccount"`,
        );
      }
      const token = cluster.getOptionalString('serviceAccountToken');
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromOptions({
        clusters: [
          {
            name,
            server: cluster.getString('url'),
            caData: cluster.getOptionalString('caData'),
            caFile: cluster.getOptionalString('caFile'),
            skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
          },
        ],
        users: [
          token
            ? { name, token }
            : // The token file is re-read when it rotates, as projected service account tokens do.
              {
                name,
                authProvider: {
                  name: 'tokenFile',
                  config: { tokenFile: IN_CLUSTER_TOKEN_FILE },
                },
              },
        ],
        contexts: [{ name, cluster: name, user: name }],
        currentContext: name,
      });
      clusters.set(name, kubernetesCluster(name, kubeConfig));
    }
  }
  return clusterAccess(clusters);
}

/**
 * Clusters from a kubeconfig file (default: $KUBECONFIG or ~/.kube/config), one per context,
 * named after the context; `context` overrides the file's current context.
 */
export function clusterAccessFromKubeconfig(
  options: { path?: string; context?: string } = {},
): ClusterAccess {
  const base = new KubeConfig();
  if (options.path) base.loadFromFile(options.path);
  else base.loadFromDefault();
  const clusters = new Map<string, KubernetesCluster>();
  for (const context of base.getContexts()) {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: base.getClusters(),
      users: base.getUsers(),
      contexts: base.getContexts(),
      currentContext: context.name,
    });
    clusters.set(context.name, kubernetesCluster(context.name, kubeConfig));
  }
  const current = options.context ?? base.getCurrentContext();
  if (options.context && !clusters.has(options.context)) {
    throw new NotFoundError(
      `Context "${options.context}" is not in the kubeconfig; contexts: ${
        [...clusters.keys()].join(', ') || 'none'
      }`,
    );
  }
  return clusterAccess(clusters, current || undefined);
}
