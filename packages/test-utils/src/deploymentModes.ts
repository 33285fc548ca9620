// The flavour settings of each deployment mode, for tests that run a case per mode.
export const MODES = {
  standalone: { deploymentMode: 'standalone' },
  'standalone with replicas': {
    deploymentMode: 'standalone',
    replica: { count: 2 },
  },
  sentinel: {
    deploymentMode: 'sentinel',
    replica: { count: 2 },
    sentinel: { enabled: true },
  },
  cluster: {
    deploymentMode: 'cluster',
    cluster: { numShards: 3, replicasPerShard: 1 },
  },
} as const;

export type ModeName = keyof typeof MODES;
