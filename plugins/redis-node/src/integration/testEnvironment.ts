// Shared by the integration tests: the testenv apiserver, an instance per deployment mode, raw reads.
// Test code outside __testUtils__, never part of the build: the repository's test helpers are a devDependency.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { MODES, type ModeName } from '@internal/redis-test-utils';
import {
  validateInstance,
  type ResolvedInstance,
} from '@odin/plugin-redis-common';
import type {
  KubernetesCluster,
  ObjectIdentity,
} from '../cluster/clusterAccess';
import { clusterAccessFromKubeconfig } from '../cluster/kubeconfigAccess';
import { resourcePath } from '../cluster/resources';
// tools/k8s-testenv is deliberately not a workspace package; this file is the one place that reaches it.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  expectStatus,
  kubeRequest,
  startTestCluster,
  type TestCluster,
} from '../../../../tools/k8s-testenv/testCluster';

// eslint-disable-next-line @backstage/no-relative-monorepo-imports
export * from '../../../../tools/k8s-testenv/testCluster';

export { MODES, type ModeName };

/** Where an instance's objects go: its namespace and the Prometheus namespace (both unique per test). */
export interface Placement {
  namespace: string;
  monitoringNamespace: string;
}

/** An instance of `mode` with metrics, ServiceMonitor + PrometheusRule, backup and NetworkPolicy on. */
export function fullInstance(
  mode: ModeName,
  placement: Placement,
  overrides: Record<string, unknown> = {},
  name = 'orders-cache',
): ResolvedInstance {
  const flavour: Record<string, unknown> = {
    ...MODES[mode],
    namespace: placement.namespace,
    metrics: {
      enabled: true,
      serviceMonitor: {
        enabled: true,
        namespace: placement.monitoringNamespace,
      },
    },
    backup: {
      enabled: true,
      schedule: '0 2 * * *',
      s3Bucket: 'orders-backups',
      s3Region: 'eu-west-1',
      retention: 7,
    },
    networkPolicy: { enabled: true },
    ...overrides,
  };
  const result = validateInstance({
    name,
    root: { clusterModeEnabled: flavour.deploymentMode === 'cluster' },
    flavour,
  });
  if (!result.config) {
    throw new Error(
      `invalid test instance: ${result.errors
        .map(issue => `${issue.pointer}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  return result.config;
}

/** The testenv apiserver and a client for it as its admin. */
export async function adminCluster(): Promise<{
  testCluster: TestCluster;
  cluster: KubernetesCluster;
}> {
  const testCluster = await startTestCluster();
  const cluster = await clusterAccessFromKubeconfig({
    path: testCluster.kubeconfigPath,
  }).getCluster();
  return { testCluster, cluster };
}

/** The object's REST path, e.g. /apis/batch/v1/namespaces/redis/cronjobs/orders-cache-backup. */
export function objectPath(object: ObjectIdentity): string {
  return resourcePath({
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.metadata.namespace,
    name: object.metadata.name,
  });
}

/** The stored object as the server serialises it (raw JSON, no client model), or undefined on 404. */
export async function readStored(
  testCluster: TestCluster,
  object: ObjectIdentity,
): Promise<Record<string, any> | undefined> {
  const response = expectStatus(
    await kubeRequest(testCluster, 'GET', objectPath(object)),
    `GET ${object.kind} ${object.metadata.namespace}/${object.metadata.name}`,
    200,
    404,
  );
  return response.status === 404 ? undefined : response.body;
}
