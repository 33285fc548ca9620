// Clusters from a kubeconfig, for the CLI: each context's server, CA and user, exec credential plugins included.
import { NotFoundError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';
import https from 'node:https';
import type {
  ApiRequest,
  ClusterAccess,
  KubernetesCluster,
} from './clusterAccess';
import { createKubernetesCluster, pickCluster } from './clusterAccess';
import { sendHttp } from './httpTransport';

/**
 * The kubeconfig's credentials for one request: the Authorization header (a token, or what an
 * exec plugin such as `aws eks get-token` printed; client-node caches it until it expires) and
 * the TLS material. Asked again for every request, so an expired exec token is renewed.
 */
async function credentialsOf(kubeConfig: KubeConfig) {
  const options: https.RequestOptions = { headers: {} };
  await kubeConfig.applyToHTTPSOptions(options);
  return options;
}

function contextCluster(
  contextName: string,
  kubeConfig: KubeConfig,
  onRequest: ((request: ApiRequest) => void) | undefined,
): KubernetesCluster {
  const server =
    kubeConfig.getCurrentCluster()?.server ?? '(no server configured)';
  let agent: https.Agent | undefined;
  return createKubernetesCluster({
    name: contextName,
    server,
    onRequest,
    async transport(request, signal) {
      const options = await credentialsOf(kubeConfig);
      // One agent per context, so connections (and TLS sessions) are reused across requests.
      agent ??= new https.Agent({
        keepAlive: true,
        ca: options.ca,
        cert: options.cert,
        key: options.key,
        rejectUnauthorized: options.rejectUnauthorized,
        servername: options.servername,
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(options.headers ?? {})) {
        if (value !== undefined) headers[name] = String(value);
      }
      if (options.auth) {
        headers.Authorization = `Basic ${Buffer.from(options.auth).toString(
          'base64',
        )}`;
      }
      return sendHttp(
        new URL(server),
        request,
        { headers, agent: server.startsWith('https:') ? agent : undefined },
        signal,
      );
    },
  });
}

/**
 * Clusters from a kubeconfig (default: $KUBECONFIG or ~/.kube/config), one per context, named after
 * the context; `context` overrides the file's current context. `kubeConfig` passes one already loaded.
 *
 * @public
 */
export function clusterAccessFromKubeconfig(
  options: {
    path?: string;
    context?: string;
    kubeConfig?: KubeConfig;
    /** Called for every request sent, retries included, e.g. to count them. */
    onRequest?: (request: ApiRequest) => void;
  } = {},
): ClusterAccess {
  const base = options.kubeConfig ?? new KubeConfig();
  if (!options.kubeConfig) {
    if (options.path) base.loadFromFile(options.path);
    else base.loadFromDefault();
  }
  const clusters = new Map<string, KubernetesCluster>();
  for (const context of base.getContexts()) {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: base.getClusters(),
      users: base.getUsers(),
      contexts: base.getContexts(),
      currentContext: context.name,
    });
    clusters.set(
      context.name,
      contextCluster(context.name, kubeConfig, options.onRequest),
    );
  }
  if (options.context && !clusters.has(options.context)) {
    throw new NotFoundError(
      `Context "${options.context}" is not in the kubeconfig; contexts: ${
        [...clusters.keys()].join(', ') || 'none'
      }`,
    );
  }
  const current = options.context ?? (base.getCurrentContext() || undefined);
  return {
    async listClusters() {
      return [...clusters.keys()].map(name => ({ name }));
    },
    async getCluster(name) {
      const wanted = pickCluster(
        [...clusters.keys()],
        name ?? current,
        'the kubeconfig',
      );
      const cluster = clusters.get(wanted);
      if (!cluster) {
        throw new NotFoundError(
          `Context "${wanted}" is not in the kubeconfig; contexts: ${
            [...clusters.keys()].join(', ') || 'none'
          }`,
        );
      }
      return cluster;
    },
  };
}

/**
 * Clusters reached straight with a bearer token each, named as given: for tools and tests that
 * know an API server's URL, token and CA without a kubeconfig file.
 *
 * @public
 */
export function clusterAccessFromTokens(
  clusters: {
    name: string;
    server: string;
    token: string;
    caData?: string;
    skipTLSVerify?: boolean;
  }[],
  options: { onRequest?: (request: ApiRequest) => void } = {},
): ClusterAccess {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: clusters.map(({ name, server, caData, skipTLSVerify }) => ({
      name,
      server,
      caData,
      skipTLSVerify: skipTLSVerify ?? false,
    })),
    users: clusters.map(({ name, token }) => ({ name, token })),
    contexts: clusters.map(({ name }) => ({ name, cluster: name, user: name })),
    currentContext: clusters.length === 1 ? clusters[0].name : '',
  });
  return clusterAccessFromKubeconfig({ kubeConfig, ...options });
}
