import type { ResolvedInstance } from '../schema/types';
import { renderBackup } from './backup';
import {
  instanceLabels,
  objectNames,
  type KubernetesObject,
} from './conventions';
import { renderCustomResources } from './customResources';
import { renderMonitoring } from './monitoring';
import { renderNetworkPolicy } from './networkPolicy';
import { redisConfText } from './redisConf';

function redisConfigMap(config: ResolvedInstance): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: objectNames(config.name).redisConfig,
      namespace: config.flavour.namespace,
      labels: instanceLabels(config.name, config.flavour.namespace),
    },
    // The operator mounts this key at /etc/redis/external.conf.d and includes it last.
    data: { 'redis-additional.conf': redisConfText(config) },
  };
}

/**
 * Renders the Kubernetes objects of a validated instance (validateInstance(...).config), in apply order:
 * ConfigMaps, operator custom resources, NetworkPolicy, monitoring, backup CronJob. Pure and deterministic;
 * the password is only ever referenced by Secret name.
 *
 * @public
 */
export function renderManifests(config: ResolvedInstance): KubernetesObject[] {
  const backup = renderBackup(config);
  const objects: (KubernetesObject | undefined)[] = [
    redisConfigMap(config),
    backup.scripts,
    ...renderCustomResources(config),
    renderNetworkPolicy(config),
    ...renderMonitoring(config),
    backup.cronJob,
  ];
  return objects.filter(
    (object): object is KubernetesObject => object !== undefined,
  );
}
