// Clusters as Backstage's Kubernetes plugin offers them: listed by GET /clusters, reached through its proxy.
import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type {
  ApiTransport,
  ClusterAccess,
  ClusterSummary,
  KubernetesCluster,
} from './clusterAccess';
import { createKubernetesCluster, pickCluster } from './clusterAccess';
import { sendHttp } from './httpTransport';
import type { RetryPolicy } from './retry';

/** The header that names the cluster a proxied request is for. */
const CLUSTER_HEADER = 'Backstage-Kubernetes-Cluster';
/** Prefix of the headers that carry a user's own Kubernetes token, e.g. `...-oidc-okta` or `...-google`. */
const USER_TOKEN_HEADER = 'Backstage-Kubernetes-Authorization';

/** Auth providers whose credential is the signed-in user's token; the plugin's own credentials cannot use them. */
const USER_TOKEN_PROVIDERS = new Set(['oidc', 'google', 'aks']);

/** How long the cluster list is reused before GET /clusters is asked again. */
const CLUSTER_LIST_TTL_MS = 60_000;

/**
 * A user's Kubernetes tokens, as the frontend gets them from the Kubernetes auth providers API:
 * keyed `oidc.<tokenProvider>`, `google` or `aks` (the frontend's provider names).
 *
 * @public
 */
export type KubernetesUserTokens = Record<string, string>;

/**
 * Clusters through the Kubernetes plugin, reached with the plugin's own credentials or on a user's behalf.
 *
 * @public
 */
export interface KubernetesPluginClusterAccess extends ClusterAccess {
  /**
   * The same clusters on the user's behalf: the Kubernetes plugin checks `kubernetes.proxy`
   * against the user, and clusters whose auth provider is oidc, google or aks use `userTokens`.
   */
  onBehalfOf(
    credentials: BackstageCredentials,
    userTokens?: KubernetesUserTokens,
  ): ClusterAccess;
}

/**
 * Whether the plugin's own credentials can reach the cluster, i.e. no user token is needed.
 *
 * @public
 */
export function isServerSideCluster(cluster: ClusterSummary): boolean {
  return !USER_TOKEN_PROVIDERS.has(cluster.authProvider ?? '');
}

/** The proxy's headers for a user token: `oidc.okta` becomes `...-Authorization-oidc-okta`. */
function userTokenHeaders(
  cluster: ClusterSummary,
  userTokens: KubernetesUserTokens | undefined,
): Record<string, string> {
  const provider = cluster.authProvider ?? '';
  if (!USER_TOKEN_PROVIDERS.has(provider)) return {};
  const key =
    provider === 'oidc' ? `oidc.${cluster.oidcTokenProvider ?? ''}` : provider;
  const token = userTokens?.[key];
  if (!token) {
    throw new InputError(
      `Kubernetes cluster "${cluster.name}" uses authProvider "${provider}", which needs the signed-in user's own token (${key}). ` +
        `The portal has it only for status reads from the Redis page, where the browser sends it; applies, prunes and the catalog's entity provider ` +
        `need a cluster with a server-side auth provider (aws, serviceAccount, googleServiceAccount, azure)`,
    );
  }
  const suffix = key.replace('.', '-');
  return { [`${USER_TOKEN_HEADER}-${suffix}`]: token };
}

/**
 * Clusters of Backstage's Kubernetes plugin (`@backstage/plugin-kubernetes-backend`, which must be
 * installed and configured): every cluster locator and auth provider it has, its TLS and SSRF
 * checks and its audit, with no Kubernetes configuration of our own. Requests carry a plugin
 * request token for `kubernetes`, issued for the plugin itself or, with `onBehalfOf`, for a user.
 *
 * @public
 */
export function clusterAccessThroughKubernetesPlugin(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  retry?: Partial<RetryPolicy>;
}): KubernetesPluginClusterAccess {
  const { discovery, auth } = options;
  let listed: { at: number; clusters: Promise<ClusterSummary[]> } | undefined;

  async function token(credentials?: BackstageCredentials): Promise<string> {
    const { token: value } = await auth.getPluginRequestToken({
      onBehalfOf: credentials ?? (await auth.getOwnServiceCredentials()),
      targetPluginId: 'kubernetes',
    });
    return value;
  }

  async function fetchClusters(): Promise<ClusterSummary[]> {
    const base = new URL(await discovery.getBaseUrl('kubernetes'));
    const response = await sendHttp(
      base,
      {
        method: 'GET',
        path: '/clusters',
        headers: { Accept: 'application/json' },
      },
      { headers: { Authorization: `Bearer ${await token()}` } },
      AbortSignal.timeout(30_000),
    );
    if (response.status !== 200) {
      let reason = response.body;
      try {
        reason = JSON.parse(response.body).error?.message ?? reason;
      } catch {
        // Not a Backstage error response: the text as it came.
      }
      throw new ServiceUnavailableError(
        `Could not list the clusters of the Kubernetes plugin (GET ${base}/clusters answered ${response.status}): ${reason}`,
      );
    }
    const { items } = JSON.parse(response.body) as { items: ClusterSummary[] };
    return items.map(({ name, authProvider, oidcTokenProvider }) => ({
      name,
      authProvider,
      oidcTokenProvider,
    }));
  }

  async function clusters(refresh = false): Promise<ClusterSummary[]> {
    if (refresh || !listed || Date.now() - listed.at > CLUSTER_LIST_TTL_MS) {
      const attempt = { at: Date.now(), clusters: fetchClusters() };
      listed = attempt;
      // A failed list is not kept: the next call asks again.
      attempt.clusters.catch(() => {
        if (listed === attempt) listed = undefined;
      });
    }
    return listed.clusters;
  }

  async function summary(name: string | undefined): Promise<ClusterSummary> {
    let known = await clusters();
    const wanted = pickCluster(
      known.map(c => c.name),
      name,
      "the Kubernetes plugin's kubernetes.clusterLocatorMethods",
    );
    let found = known.find(c => c.name === wanted);
    if (!found) {
      known = await clusters(true);
      found = known.find(c => c.name === wanted);
    }
    if (!found) {
      throw new NotFoundError(
        `Kubernetes cluster "${wanted}" is not configured in the Kubernetes plugin; known clusters: ${
          known.map(c => c.name).join(', ') || 'none'
        }`,
      );
    }
    return found;
  }

  function access(
    credentials?: BackstageCredentials,
    userTokens?: KubernetesUserTokens,
  ): ClusterAccess {
    return {
      listClusters: () => clusters(),
      async getCluster(name): Promise<KubernetesCluster> {
        const cluster = await summary(name);
        const extraHeaders = userTokenHeaders(cluster, userTokens);
        const transport: ApiTransport = async (request, signal) => {
          const base = new URL(
            `${await discovery.getBaseUrl('kubernetes')}/proxy`,
          );
          return sendHttp(
            base,
            request,
            {
              headers: {
                Authorization: `Bearer ${await token(credentials)}`,
                [CLUSTER_HEADER]: cluster.name,
                ...extraHeaders,
              },
            },
            signal,
          );
        };
        return createKubernetesCluster({
          name: cluster.name,
          server: "the Kubernetes plugin's proxy",
          transport,
          retry: options.retry,
        });
      },
    };
  }

  return {
    ...access(),
    onBehalfOf: (credentials, userTokens) => access(credentials, userTokens),
  };
}
