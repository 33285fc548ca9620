import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'fs';
import os from 'os';
import path from 'path';
import YAML from 'yaml';
import { createRedisRenderAction } from './render';

function workspace() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'redis-render-'));
}

describe('redis:render', () => {
  const action = createRedisRenderAction();

  it('writes one file per object in apply order and outputs connection info and cost', async () => {
    const workspacePath = workspace();
    const ctx = createMockActionContext({
      workspacePath,
      input: {
        name: 'orders-cache',
        root: {},
        flavour: {
          namespace: 'redis',
          deploymentMode: 'sentinel',
          replicaCount: 2,
          sentinel: { enabled: true },
        },
      },
    });
    await action.handler(ctx as any);

    const files = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'files',
    )[1] as string[];
    expect(files[0]).toBe('manifests/01-configmap-orders-cache-config.yaml');
    expect(files).toContain('manifests/02-redisreplication-orders-cache.yaml');
    const replication = YAML.parse(
      fs.readFileSync(path.join(workspacePath, files[1]), 'utf8'),
    );
    expect(replication).toMatchObject({
      kind: 'RedisReplication',
      metadata: { name: 'orders-cache', namespace: 'redis' },
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'connection',
      expect.objectContaining({
        mode: 'sentinel',
        sentinelMasterName: 'mymaster',
      }),
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'cost',
      expect.objectContaining({
        currency: 'USD',
        monthlyTotal: expect.any(Number),
      }),
    );
  });

  it('writes all objects into one multi-document file when asked', async () => {
    const workspacePath = workspace();
    const ctx = createMockActionContext({
      workspacePath,
      input: {
        name: 'orders-cache',
        flavour: { namespace: 'redis' },
        targetPath: 'k8s',
        layout: 'single-file',
      },
    });
    await action.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('files', ['k8s/redis.yaml']);
    const documents = YAML.parseAllDocuments(
      fs.readFileSync(path.join(workspacePath, 'k8s/redis.yaml'), 'utf8'),
    );
    expect(documents.map(d => d.toJS().kind)).toEqual(['ConfigMap', 'Redis']);
  });

  it('quotes label values that kubectl, reading YAML 1.1, would take for booleans', async () => {
    const workspacePath = workspace();
    const ctx = createMockActionContext({
      workspacePath,
      input: {
        name: 'orders-cache',
        flavour: {
          namespace: 'redis',
          nodeSelector: { 'example.com/spot': 'no' },
        },
      },
    });
    await action.handler(ctx as any);
    const redis = fs.readFileSync(
      path.join(workspacePath, 'manifests/02-redis-orders-cache.yaml'),
      'utf8',
    );
    expect(redis).toContain('example.com/spot: "no"');
  });

  it('rejects invalid input with one "<pointer>: <message>" line per error and writes nothing', async () => {
    const workspacePath = workspace();
    const ctx = createMockActionContext({
      workspacePath,
      input: {
        name: 'orders-cache',
        flavour: {
          namespace: 'Not_Valid',
          deploymentMode: 'sentinel',
          sentinel: { replicas: 'three' },
        },
      },
    });
    const failure = action.handler(ctx as any);
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(
      /The Redis instance is invalid:\n\/flavour\/namespace: .+\n\/flavour\/sentinel\/replicas: must be a whole number/,
    );
    expect(fs.readdirSync(workspacePath)).toEqual([]);
  });

  it('refuses a target path outside the workspace', async () => {
    const ctx = createMockActionContext({
      workspacePath: workspace(),
      input: {
        name: 'orders-cache',
        flavour: { namespace: 'redis' },
        targetPath: '../outside',
      },
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(/outside/);
  });
});
