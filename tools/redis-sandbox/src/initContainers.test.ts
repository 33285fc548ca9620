import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KubeObject } from './kube';
import { runOnHost, withInitContainers } from './initContainers';

const statefulSet = (claims: string[]): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'shop', namespace: 'ns' },
  spec: {
    template: { spec: { containers: [{ name: 'shop' }] } },
    volumeClaimTemplates: claims.map(name => ({ metadata: { name } })),
  },
});

const owner = (initContainer?: Record<string, unknown>): KubeObject => ({
  apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
  kind: 'Redis',
  metadata: { name: 'shop', namespace: 'ns' },
  spec: { initContainer },
});

describe('withInitContainers', () => {
  it('adds the operator init container only when enabled, with the data claim at /data', () => {
    const init = {
      enabled: true,
      image: 'amazon/aws-cli:2.22.0',
      command: ['sh', '-c', 'true'],
      env: [{ name: 'A', value: '1' }],
    };
    expect(
      withInitContainers(statefulSet(['shop']), owner(init)).spec.template.spec
        .initContainers,
    ).toEqual([
      {
        name: 'initshop',
        image: 'amazon/aws-cli:2.22.0',
        imagePullPolicy: undefined,
        command: ['sh', '-c', 'true'],
        args: undefined,
        env: [{ name: 'A', value: '1' }],
        resources: {},
        securityContext: undefined,
        volumeMounts: [{ name: 'shop', mountPath: '/data' }],
      },
    ]);
    expect(
      withInitContainers(statefulSet([]), owner(init)).spec.template.spec
        .initContainers[0].volumeMounts,
    ).toEqual([]);
    expect(
      withInitContainers(
        statefulSet(['shop']),
        owner({ ...init, enabled: false }),
      ).spec.template.spec.initContainers,
    ).toBeUndefined();
  });
});

describe('runOnHost', () => {
  it('runs the command with its env, the mount path mapped to the local directory', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-init-'));
    try {
      const result = await runOnHost(
        {
          name: 'initshop',
          command: [
            'sh',
            '-c',
            'echo "$GREETING" > "$DATA_DIR/out"; cat /data/out',
          ],
          env: [
            { name: 'GREETING', value: 'hello' },
            { name: 'DATA_DIR', value: '/data' },
          ],
          volumeMounts: [{ name: 'shop', mountPath: '/data' }],
        },
        {
          volumes: new Map([['shop', dir]]),
          envValue: entry => entry.value,
          signal: new AbortController().signal,
        },
      );
      // The argument is mapped only where it starts with the mount path; the env value is mapped.
      expect(result.container).toBe('initshop');
      expect(fs.readFileSync(path.join(dir, 'out'), 'utf8')).toBe('hello\n');
      expect(result.exitCode).toBe(1);
      expect(result.output).toContain('/data/out');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
