/* eslint-disable no-console */
// Prints how many API requests an apply of the spec's production sentinel example costs against
// k8s-testenv's real kube-apiserver (first apply, re-apply, dry runs, a prune), and how long a
// re-apply takes against one GET measured in the same run. Asserts nothing.
import { clusterAccessFromTokens } from '../src/cluster/kubeconfigAccess';
import type { ApiRequest } from '../src/cluster/clusterAccess';
import { applyInstance } from '../src/apply/applyInstance';
import {
  productionSentinelFlavour,
  resolvedInstance,
} from '../src/__testUtils__/instances';
import {
  createNamespace,
  kubeRequest,
  startTestCluster,
} from '../src/integration/testEnvironment';

function median(samples: number[]): number {
  return [...samples].sort((a, b) => a - b)[samples.length >> 1];
}

async function medianMs(runs: number, run: () => Promise<unknown>) {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function main() {
  const testCluster = await startTestCluster();
  const namespace = await createNamespace(testCluster, 'bench-redis');
  const monitoring = await createNamespace(testCluster, 'bench-monitoring');
  // The StorageClass the example names; the apply checks that it exists.
  await kubeRequest(
    testCluster,
    'POST',
    '/apis/storage.k8s.io/v1/storageclasses',
    {
      body: {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'gp3-encrypted' },
        provisioner: 'ebs.csi.aws.com',
      },
    },
  );
  const requests: ApiRequest[] = [];
  const cluster = await clusterAccessFromTokens(
    [
      {
        name: 'bench',
        server: testCluster.server,
        token: testCluster.adminToken,
        caData: testCluster.caData,
      },
    ],
    { onRequest: request => requests.push(request) },
  ).getCluster();
  const flavour = {
    ...productionSentinelFlavour,
    namespace,
    metrics: {
      ...productionSentinelFlavour.metrics,
      serviceMonitor: {
        ...productionSentinelFlavour.metrics.serviceMonitor,
        namespace: monitoring,
      },
    },
  };
  const config = resolvedInstance(flavour);
  const withoutMetrics = resolvedInstance({
    ...flavour,
    metrics: { enabled: false },
  });

  const rows: [string, number, string][] = [];
  const count = async (name: string, run: () => Promise<unknown>) => {
    requests.length = 0;
    await run();
    const byVerb = new Map<string, number>();
    for (const { method, path } of requests) {
      const verb = /[?&]dryRun=All/.test(path) ? `${method} (dry run)` : method;
      byVerb.set(verb, (byVerb.get(verb) ?? 0) + 1);
    }
    rows.push([
      name,
      requests.length,
      [...byVerb].map(([verb, n]) => `${n} ${verb}`).join(', '),
    ]);
  };
  const objects = (await applyInstance({ cluster, config, dryRun: true }))
    .objects.length;
  await count('first apply', () => applyInstance({ cluster, config }));
  await count('re-apply, nothing changed', () =>
    applyInstance({ cluster, config }),
  );
  await count('dry run (diff), nothing changed', () =>
    applyInstance({ cluster, config, dryRun: true }),
  );
  await count('apply with metrics off (prunes 2)', () =>
    applyInstance({ cluster, config: withoutMetrics }),
  );

  const reapply = await medianMs(10, () => applyInstance({ cluster, config }));
  const get = await medianMs(10, () =>
    cluster.get({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'orders-cache-applyset', namespace },
    }),
  );

  console.log(
    `\nredis-node: API requests of the production sentinel example (${objects} rendered objects, plus the password Secret and the ApplySet parent; no readiness polls)`,
  );
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, total, detail] of rows) {
    console.log(
      `  ${name.padEnd(width)}  ${String(total).padStart(3)}  ${detail}`,
    );
  }
  console.log(
    `  re-apply wall time p50 ${reapply.toFixed(1)} ms = ${(
      reapply / get
    ).toFixed(1)}× one GET (${get.toFixed(2)} ms, same run)`,
  );
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
