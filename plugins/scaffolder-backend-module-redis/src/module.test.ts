import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  scaffolderActionsExtensionPoint,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import scaffolderModuleRedis from './index';

describe('scaffolderModuleRedis', () => {
  it('registers redis:render and redis:apply with the scaffolder', async () => {
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
    ]);
    expect(actions.every(action => action.supportsDryRun)).toBe(true);
  });
});
