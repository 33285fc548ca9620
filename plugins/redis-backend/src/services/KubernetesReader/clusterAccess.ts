// Kubernetes clients for the clusters named in the Backstage `kubernetes` config (the instance annotation names one).
import type { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { KubeConfig } from '@kubernetes/client-node';

export interface ClusterAccess {
  /** A client configuration for the named cluster; throws NotFoundError for an unknown name. */
  kubeConfig(clusterName: string): KubeConfig;
}

/** Clusters listed under `kubernetes.clusterLocatorMethods[type=config].clusters`, authenticated by token. */
export class ConfiguredClusterAccess implements ClusterAccess {
  private readonly configs = new Map<string, KubeConfig>();

  constructor(private readonly clusters: Config[]) {}

  static fromConfig(config: Config): ConfiguredClusterAccess {
    const locators = config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
    const clusters = locators
      .filter(locator => locator.getString('type') === 'config')
      .flatMap(locator => locator.getOptionalConfigArray('clusters') ?? []);
    return new ConfiguredClusterAccess(clusters);
  }

  kubeConfig(clusterName: string): KubeConfig {
    const cached = this.configs.get(clusterName);
    if (cached) return cached;
    const cluster = this.clusters.find(entry => entry.getString('name') === clusterName);
    if (!cluster) throw new NotFoundError(`Kubernetes cluster "${clusterName}" is not configured`);
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromClusterAndUser(
      {
        name: clusterName,
        server: cluster.getString('url'),
        caData: cluster.getOptionalString('caData'),
        caFile: cluster.getOptionalString('caFile'),
        skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
      },
      { name: 'backstage', token: cluster.getOptionalString('serviceAccountToken') },
    );
    this.configs.set(clusterName, kubeConfig);
    return kubeConfig;
  }
}
