// Validated instances for the apply tests.
import {
  validateInstance,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';

/** The flavour spec's "Production Sentinel with Multi-AZ" example, as written there. */
export const productionSentinelFlavour = {
  namespace: 'redis-prod',
  deploymentMode: 'sentinel',
  replicaCount: 2,
  master: {
    resources: {
      requests: { cpu: '1000m', memory: '2Gi' },
      limits: { cpu: '2000m', memory: '4Gi' },
    },
  },
  replica: {
    resources: {
      requests: { cpu: '1000m', memory: '2Gi' },
      limits: { cpu: '2000m', memory: '4Gi' },
    },
  },
  persistence: {
    enabled: true,
    storageClass: 'gp3-encrypted',
    size: '50Gi',
    aof: { enabled: true },
  },
  sentinel: { enabled: true, replicas: 3, quorum: 2 },
  antiAffinity: 'required',
  topologySpreadConstraints: [
    {
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'DoNotSchedule',
    },
  ],
  metrics: {
    enabled: true,
    serviceMonitor: { enabled: true, interval: '30s' },
  },
  backup: {
    enabled: true,
    schedule: '0 2 * * *',
    s3Bucket: 'my-redis-backups',
    s3Region: 'us-east-1',
    retention: 30,
  },
  podDisruptionBudget: { enabled: true, minAvailable: 2 },
};

export function resolvedInstance(
  flavour: Record<string, unknown>,
  root: Record<string, unknown> = {},
  name = 'orders-cache',
): ResolvedInstance {
  const result = validateInstance({
    name,
    root: { clusterModeEnabled: flavour.deploymentMode === 'cluster', ...root },
    flavour,
  });
  if (!result.config) {
    throw new Error(
      `invalid test instance: ${result.errors
        .map(e => `${e.pointer}: ${e.message}`)
        .join('; ')}`,
    );
  }
  return result.config;
}
