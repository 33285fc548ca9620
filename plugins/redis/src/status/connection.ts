// Connection details of an instance, derived from its status through the same rules as the order form.
import {
  applyDefaults,
  connectionInfo,
  type ConnectionInfo,
  type DeploymentMode,
  type RedisMode,
  type RedisStatus,
} from '@odin/plugin-redis-common';

const DEPLOYMENT_MODE: Record<RedisMode, DeploymentMode> = {
  standalone: 'standalone',
  replication: 'standalone',
  sentinel: 'sentinel',
  cluster: 'cluster',
};

/**
 * The endpoints, environment and client snippets of the instance. The status carries the name,
 * namespace and mode; the rest (replica count, shards) only changes which Services exist, and the
 * mode already tells that. Undefined while the mode is unknown.
 */
export function instanceConnection(
  status: RedisStatus,
): ConnectionInfo | undefined {
  if (!status.mode) return undefined;
  const { name, namespace } = status.instance;
  const config = applyDefaults({
    name,
    root: { clusterModeEnabled: status.mode === 'cluster' },
    flavour: {
      namespace,
      deploymentMode: DEPLOYMENT_MODE[status.mode],
      // Replication is standalone with replicas: it gets the -master and -replica Services.
      replica: { count: status.mode === 'standalone' ? 0 : 1 },
    },
  });
  return connectionInfo(config);
}
