// Clusters from the Backstage `kubernetes:` config block or from a kubeconfig, as @kubernetes/client-node clients.
import type { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  KubeConfig,
  KubernetesObjectApi,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { kubernetesError } from './kubernetesErrors';

/** Token file of the pod's own service account, used when a config cluster names no token. */
export const IN_CLUSTER_TOKEN_FILE =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** One Kubernetes cluster the portal or the CLI may talk to. */
export interface KubernetesCluster {
  /** The cluster's name in the config (or the kubeconfig context name). */
  name: string;
  kubeConfig: KubeConfig;
  /**
   * Generic client for any kind. It is created once per cluster, so its discovery cache
   * (one GET per apiVersion) is shared by every caller.
   */
  objects: KubernetesObjectApi;
  /**
   * Lists objects of one kind by label selector, following `continue` pages. Errors are
   * Backstage errors naming the verb and resource (403) or the missing CRD (404).
   */
  list<T extends KubernetesObject = KubernetesObject>(request: {
    apiVersion: string;
    kind: string;
    namespace?: string;
    labelSelector?: string;
    fieldSelector?: string;
  }): Promise<T[]>;
}

export interface ClusterAccess {
  clusterNames(): string[];
  /** The named cluster; without a name the only (or, for a kubeconfig, the current) one. */
  getCluster(name?: string): KubernetesCluster;
}

/** One page size for lists: large enough that an instance's objects come back in one request. */
const LIST_PAGE_SIZE = 500;

function kubernetesCluster(
  name: string,
  kubeConfig: KubeConfig,
): KubernetesCluster {
  const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
  return {
    name,
    kubeConfig,
    objects,
    async list<T extends KubernetesObject>(request: {
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
          .list<T>(
            apiVersion,
            kind,
            namespace,
            undefined,
            undefined,
            undefined,
            fieldSelector,
            labelSelector,
            LIST_PAGE_SIZE,
            continueToken,
          )
          .catch(error => {
            throw kubernetesError(error, {
              verb: 'list',
              apiVersion,
              kind,
              namespace,
              cluster: name,
            });
          });
        items.push(...page.items);
        continueToken = page.metadata?._continue || undefined;
      } while (continueToken);
      return items;
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
