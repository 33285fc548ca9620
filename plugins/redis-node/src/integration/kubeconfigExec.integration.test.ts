// A kubeconfig whose user is an exec credential plugin, as `aws eks get-token` is, against the real kube-apiserver.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyInstance } from '../apply/applyInstance';
import { clusterAccessFromKubeconfig } from '../cluster/kubeconfigAccess';
import {
  createNamespace,
  fullInstance,
  startTestCluster,
  START_TIMEOUT_MS,
  type TestCluster,
} from './testEnvironment';

jest.setTimeout(START_TIMEOUT_MS);

let testCluster: TestCluster;
let dir: string;

beforeAll(async () => {
  testCluster = await startTestCluster();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redis-exec-'));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * A kubeconfig whose user runs `script` for a token. The script prints an ExecCredential, as the
 * aws CLI does, and appends a line to `calls` each time it runs.
 */
function execKubeconfig(script: string): { file: string; calls: string } {
  const calls = path.join(dir, `${path.basename(script)}.calls`);
  const file = path.join(dir, `${path.basename(script)}.kubeconfig`);
  // JSON is YAML: the kubeconfig is written as JSON.
  fs.writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'eks-test',
          cluster: {
            server: testCluster.server,
            'certificate-authority-data': testCluster.caData,
          },
        },
      ],
      users: [
        {
          name: 'aws',
          user: {
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1beta1',
              command: script,
              args: ['eks', 'get-token', '--cluster-name', 'eks-test'],
              env: [{ name: 'CALLS_FILE', value: calls }],
              interactiveMode: 'Never',
            },
          },
        },
      ],
      contexts: [
        { name: 'eks-test', context: { cluster: 'eks-test', user: 'aws' } },
      ],
      'current-context': 'eks-test',
    }),
  );
  return { file, calls };
}

function writeScript(name: string, token: string): string {
  const script = path.join(dir, name);
  const expires = new Date(Date.now() + 10 * 60_000).toISOString();
  fs.writeFileSync(
    script,
    `#!/bin/sh
echo "$@" >> "$CALLS_FILE"
cat <<JSON
{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{},"status":{"expirationTimestamp":"${expires}","token":"${token}"}}
JSON
`,
    { mode: 0o755 },
  );
  return script;
}

describe('a kubeconfig with an exec credential plugin', () => {
  it('runs the plugin for the token, reuses it until it expires, and applies with it', async () => {
    const namespace = await createNamespace(testCluster, 'redis-exec');
    const { file, calls } = execKubeconfig(
      writeScript('aws-good', testCluster.adminToken),
    );
    const cluster = await clusterAccessFromKubeconfig({
      path: file,
    }).getCluster();
    const config = fullInstance('standalone', {
      namespace,
      monitoringNamespace: await createNamespace(testCluster, 'monitoring'),
    });

    const result = await applyInstance({ cluster, config });

    expect(cluster.name).toBe('eks-test');
    expect(result.objects.every(object => object.action === 'create')).toBe(
      true,
    );
    const runs = fs.readFileSync(calls, 'utf8').trim().split('\n');
    // One run for the whole apply: the token is cached until its expirationTimestamp.
    expect(runs).toEqual(['eks get-token --cluster-name eks-test']);
  });

  it('names the cluster when the token the plugin prints is refused', async () => {
    const namespace = await createNamespace(testCluster, 'redis-exec');
    const { file } = execKubeconfig(writeScript('aws-bad', 'not-a-token'));
    const cluster = await clusterAccessFromKubeconfig({
      path: file,
    }).getCluster();

    await expect(
      applyInstance({
        cluster,
        config: fullInstance('standalone', {
          namespace,
          monitoringNamespace: namespace,
        }),
      }),
    ).rejects.toThrow(
      'Cluster "eks-test" rejected the credentials used for it (401)',
    );
  });
});
