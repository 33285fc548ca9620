// One Kubernetes cluster as the portal and the CLI use it: typed verbs over one way of sending requests.
import { InputError } from '@backstage/errors';
import {
  isMissingObject,
  kubernetesError,
  objectRequest,
} from './kubernetesErrors';
import { resourcePath } from './resources';
import { sendWithRetries, type RetryPolicy } from './retry';

/**
 * An object as the API server's JSON has it: the API's own field names (`from`, `continue`),
 * timestamps as strings, and every field kept.
 *
 * @public
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
    resourceVersion?: string;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/**
 * The apiVersion, kind, name and (for namespaced kinds) namespace of one object.
 *
 * @public
 */
export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

/**
 * Options of a write: dryRun=All when `dryRun`, and the field manager that owns what is written.
 *
 * @public
 */
export interface WriteOptions {
  fieldManager: string;
  dryRun?: boolean;
}

/**
 * One request to the API server, by path; the transport adds where it goes and who asks.
 *
 * @public
 */
export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. `/api/v1/namespaces/ns/configmaps?labelSelector=a%3Db`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** The API server's answer, whatever its status. */
export interface ApiResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: string;
}

/** Sends one request: straight to the API server (a kubeconfig), or through the Kubernetes plugin's proxy. */
export type ApiTransport = (
  request: ApiRequest,
  signal: AbortSignal,
) => Promise<ApiResponse>;

/**
 * One Kubernetes cluster the portal or the CLI may talk to.
 *
 * @public
 */
export interface KubernetesCluster {
  /** The cluster's name in the Kubernetes plugin (or the kubeconfig context name). */
  name: string;
  /** Where its API server is, for messages: a URL, or the proxy that reaches it. */
  server: string;
  /** Reads one object; undefined when it does not exist. A kind the cluster does not serve is a NotFoundError. */
  get<T = ApiObject>(identity: ObjectIdentity): Promise<T | undefined>;
  /** Lists objects of one kind by label or field selector, following `continue` pages. */
  list<T extends ApiObject = ApiObject>(request: {
    apiVersion: string;
    kind: string;
    namespace?: string;
    labelSelector?: string;
    fieldSelector?: string;
  }): Promise<T[]>;
  /**
   * Server-side apply of `object` exactly as given; `force` takes over fields another field manager
   * owns. Resolves to the object as the server stored it (or would, in a dry run).
   */
  apply(
    object: ApiObject,
    options: WriteOptions & { force?: boolean },
  ): Promise<ApiObject>;
  /** Creates `object` exactly as given; one that exists already fails with a ConflictError. */
  create(object: ApiObject, options: WriteOptions): Promise<ApiObject>;
  /**
   * Replaces `object` exactly as given (PUT). With `metadata.resourceVersion` it is a compare-and-swap:
   * an object changed since that version fails with a ConflictError. Never retried.
   */
  update(object: ApiObject, options: WriteOptions): Promise<ApiObject>;
  /** Deletes one object (dependents in the background); false when it was already gone. */
  delete(
    identity: ObjectIdentity,
    options?: { dryRun?: boolean },
  ): Promise<boolean>;
}

/**
 * A cluster the Kubernetes plugin (or the kubeconfig) offers, and how it authenticates.
 *
 * @public
 */
export interface ClusterSummary {
  name: string;
  /** `serviceAccount`, `aws`, `oidc`, ...; a kubeconfig context has none. */
  authProvider?: string;
  /** For `oidc`: which token provider the user's token comes from. */
  oidcTokenProvider?: string;
}

/** @public */
export interface ClusterAccess {
  /** The clusters that can be used now. */
  listClusters(): Promise<ClusterSummary[]>;
  /**
   * The named cluster; without a name the only (or, for a kubeconfig, the current) one. An unknown
   * name is a NotFoundError naming the known clusters.
   */
  getCluster(name?: string): Promise<KubernetesCluster>;
}

/** One page size for lists: large enough that an instance's objects come back in one request. */
const LIST_PAGE_SIZE = 500;

/** The content type of a server-side apply; JSON is YAML, so the object goes as JSON. */
const APPLY_PATCH_CONTENT_TYPE = 'application/apply-patch+yaml';

function withQuery(
  path: string,
  query: Record<string, string | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.set(name, value);
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function identityOf(object: ApiObject): ObjectIdentity {
  const { apiVersion, kind, metadata } = object;
  if (!apiVersion || !kind || !metadata?.name) {
    throw new InputError(
      'An object to write needs apiVersion, kind and metadata.name',
    );
  }
  return {
    apiVersion,
    kind,
    metadata: { name: metadata.name, namespace: metadata.namespace },
  };
}

/**
 * A cluster whose requests go through `transport`, each with a timeout; reads and server-side
 * applies (idempotent) are retried on 429, 5xx and dropped connections, honouring Retry-After.
 * Errors are Backstage errors naming the verb, the object and the cluster.
 */
export function createKubernetesCluster(options: {
  name: string;
  server: string;
  transport: ApiTransport;
  retry?: Partial<RetryPolicy>;
  /** Called once per request sent, retries included; for request counts. */
  onRequest?: (request: ApiRequest) => void;
}): KubernetesCluster {
  const { name, server, transport } = options;
  const where = { name, server };

  async function send(
    request: Omit<ApiRequest, 'headers'> & { contentType?: string },
    idempotent: boolean,
  ): Promise<ApiResponse> {
    const apiRequest: ApiRequest = {
      method: request.method,
      path: request.path,
      body: request.body,
      headers: {
        Accept: 'application/json',
        ...(request.body !== undefined
          ? { 'Content-Type': request.contentType ?? 'application/json' }
          : {}),
      },
    };
    return sendWithRetries(
      signal => {
        options.onRequest?.(apiRequest);
        return transport(apiRequest, signal);
      },
      { idempotent, policy: options.retry },
    );
  }

  async function write(
    object: ApiObject,
    verb: 'patch' | 'create' | 'update',
    query: Record<string, string | undefined>,
  ): Promise<ApiObject> {
    const identity = identityOf(object);
    const target = {
      apiVersion: identity.apiVersion,
      kind: identity.kind,
      namespace: identity.metadata.namespace,
    };
    const request = objectRequest(object, verb, where);
    let response: ApiResponse;
    try {
      const objectPath = withQuery(
        resourcePath({ ...target, name: identity.metadata.name }),
        query,
      );
      response = await send(
        verb === 'create'
          ? {
              method: 'POST',
              path: withQuery(resourcePath(target), query),
              body: JSON.stringify(object),
            }
          : {
              method: verb === 'patch' ? 'PATCH' : 'PUT',
              path: objectPath,
              body: JSON.stringify(object),
              contentType:
                verb === 'patch' ? APPLY_PATCH_CONTENT_TYPE : undefined,
            },
        // An apply sends the whole desired state; sending it twice ends the same. A create does not,
        // nor does an update, whose resourceVersion no longer matches once it succeeded.
        verb === 'patch',
      );
    } catch (error) {
      throw kubernetesError(error, request);
    }
    if (response.status < 200 || response.status > 299) {
      throw kubernetesError(response, request);
    }
    return JSON.parse(response.body);
  }

  return {
    name,
    server,
    async get<T>(identity: ObjectIdentity) {
      const request = objectRequest(identity, 'get', where);
      let response: ApiResponse;
      try {
        response = await send(
          {
            method: 'GET',
            path: resourcePath({
              apiVersion: identity.apiVersion,
              kind: identity.kind,
              namespace: identity.metadata.namespace,
              name: identity.metadata.name,
            }),
          },
          true,
        );
      } catch (error) {
        throw kubernetesError(error, request);
      }
      if (response.status === 200) return JSON.parse(response.body) as T;
      if (isMissingObject(response)) return undefined;
      throw kubernetesError(response, request);
    },
    async list<T extends ApiObject>(request: {
      apiVersion: string;
      kind: string;
      namespace?: string;
      labelSelector?: string;
      fieldSelector?: string;
    }): Promise<T[]> {
      const { apiVersion, kind, namespace, labelSelector, fieldSelector } =
        request;
      const described = {
        verb: 'list' as const,
        apiVersion,
        kind,
        namespace,
        cluster: name,
        server,
      };
      const items: T[] = [];
      let continueToken: string | undefined;
      do {
        let response: ApiResponse;
        try {
          response = await send(
            {
              method: 'GET',
              path: withQuery(resourcePath({ apiVersion, kind, namespace }), {
                labelSelector,
                fieldSelector,
                limit: String(LIST_PAGE_SIZE),
                continue: continueToken,
              }),
            },
            true,
          );
        } catch (error) {
          throw kubernetesError(error, described);
        }
        if (response.status !== 200) throw kubernetesError(response, described);
        const page: { metadata?: { continue?: string }; items: T[] } =
          JSON.parse(response.body);
        items.push(...page.items);
        continueToken = page.metadata?.continue || undefined;
      } while (continueToken);
      return items;
    },
    apply(object, writeOptions) {
      return write(object, 'patch', {
        fieldManager: writeOptions.fieldManager,
        dryRun: writeOptions.dryRun ? 'All' : undefined,
        force: writeOptions.force ? 'true' : undefined,
      });
    },
    create(object, writeOptions) {
      return write(object, 'create', {
        fieldManager: writeOptions.fieldManager,
        dryRun: writeOptions.dryRun ? 'All' : undefined,
      });
    },
    update(object, writeOptions) {
      return write(object, 'update', {
        fieldManager: writeOptions.fieldManager,
        dryRun: writeOptions.dryRun ? 'All' : undefined,
      });
    },
    async delete(identity, deleteOptions) {
      const request = objectRequest(identity, 'delete', where);
      let response: ApiResponse;
      try {
        response = await send(
          {
            method: 'DELETE',
            path: withQuery(
              resourcePath({
                apiVersion: identity.apiVersion,
                kind: identity.kind,
                namespace: identity.metadata.namespace,
                name: identity.metadata.name,
              }),
              {
                dryRun: deleteOptions?.dryRun ? 'All' : undefined,
                propagationPolicy: 'Background',
              },
            ),
          },
          // Deleting twice ends the same: the second answers 404, which is success here.
          true,
        );
      } catch (error) {
        throw kubernetesError(error, request);
      }
      if (response.status >= 200 && response.status <= 299) return true;
      if (isMissingObject(response)) return false;
      throw kubernetesError(response, request);
    },
  };
}

/** Picks the cluster a request names, or the default, with errors naming the known clusters. */
export function pickCluster(
  known: string[],
  wanted: string | undefined,
  where: string,
): string {
  const name = wanted ?? (known.length === 1 ? known[0] : undefined);
  if (name === undefined) {
    throw new InputError(
      `Name a cluster: ${
        known.length === 0
          ? `none is configured in ${where}`
          : `one of ${known.join(', ')}`
      }`,
    );
  }
  return name;
}
