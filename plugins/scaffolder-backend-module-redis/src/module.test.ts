import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  scaffolderActionsExtensionPoint,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPortalBackend } from '@internal/redis-test-utils/portalBackend';
import scaffolderModuleRedis from './index';

describe('scaffolderModuleRedis', () => {
  it('registers the order actions and every day-2 operation with the scaffolder', async () => {
    const actions: TemplateAction<any, any, any>[] = [];
    // Stands in for the scaffolder plugin: it only provides the extension point modules add actions to.
    const fakeScaffolder = createBackendPlugin({
      pluginId: 'scaffolder',
      register(reg) {
        reg.registerExtensionPoint(scaffolderActionsExtensionPoint, {
          addActions: (...added) => actions.push(...added),
        });
        reg.registerInit({ deps: {}, async init() {} });
      },
    });
    await startTestBackend({
      features: [
        fakeScaffolder,
        scaffolderModuleRedis,
        mockServices.rootConfig.factory({
          data: { kubernetes: { clusterLocatorMethods: [] } },
        }),
      ],
    });
    expect(actions.map(action => action.id)).toEqual([
      'redis:render',
      'redis:apply',
      'redis:test-failover',
      'redis:scale',
      'redis:delete',
      'redis:restore',
      'redis:rotate-password',
      'redis:resize',
    ]);
    // A test failover and a password rotation act on Redis itself, which a dry run cannot; the others'
    // dry runs are the server's.
    expect(
      actions.map(action => [action.id, action.supportsDryRun ?? false]),
    ).toEqual([
      ['redis:render', true],
      ['redis:apply', true],
      ['redis:test-failover', false],
      ['redis:scale', true],
      ['redis:delete', true],
      ['redis:restore', true],
      ['redis:rotate-password', false],
      ['redis:resize', true],
    ]);
  });

  it("adds the permissions the actions check to the scaffolder's, beside the scaffolder's own", async () => {
    const workingDirectory = fs.mkdtempSync(
      path.join(os.tmpdir(), 'scaffolder-permissions-'),
    );
    const backend = await startPortalBackend({
      workingDirectory,
      kubernetes: { clusterLocatorMethods: [] },
    });
    try {
      // What the permission backend and policy UIs read from each plugin.
      const response = await fetch(
        `${backend.baseUrl}/api/scaffolder/.well-known/backstage/permissions/metadata`,
      );
      const { permissions } = (await response.json()) as {
        permissions: { name: string }[];
      };
      expect(permissions).toEqual(
        expect.arrayContaining([
          {
            type: 'basic',
            name: 'redis.instance.admin',
            attributes: { action: 'update' },
          },
          expect.objectContaining({
            type: 'resource',
            name: 'redis.instance.update',
            resourceType: 'catalog-entity',
          }),
          expect.objectContaining({
            type: 'resource',
            name: 'redis.instance.delete',
            resourceType: 'catalog-entity',
          }),
          expect.objectContaining({ name: 'scaffolder.task.create' }),
        ]),
      );
    } finally {
      await backend.stop();
      fs.rmSync(workingDirectory, { recursive: true, force: true });
    }
  });
});
