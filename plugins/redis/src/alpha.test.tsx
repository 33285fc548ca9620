import {
  createFrontendPlugin,
  createRouteRef,
  createSubRouteRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import {
  kubernetesApiRef,
  kubernetesAuthProvidersApiRef,
} from '@backstage/plugin-kubernetes-react';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import {
  replicationStatus,
  sentinelWithOperations,
} from './__fixtures__/statuses';
import { plainEntity, redisEntity } from './__testUtils__/entities';
import {
  kubernetesClusters,
  mockRedisApi,
  setupRedisBackend,
} from './__testUtils__/redisBackend';
import redisPlugin from './alpha';
import { redisApiRef } from './api';
import { redisClusterPickerFormField } from './components/RedisClusterPicker';
import { redisOrderFormField } from './components/RedisOrderField';

const server = setupRedisBackend();

const card = redisPlugin.getExtension('entity-card:redis/status');
const content = redisPlugin.getExtension('entity-content:redis/redis');

describe('the new frontend system plugin', () => {
  it('shows the card, fetched through its own API extension', async () => {
    server.use(
      http.get(
        'http://example.com/api/redis/entities/resource/default/orders/status',
        () => HttpResponse.json(replicationStatus()),
      ),
    );

    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: redisEntity }),
        redisPlugin.getExtension('api:redis'),
        card,
      ],
      apis: [
        mockApis.discovery(),
        mockApis.fetch(),
        [
          kubernetesApiRef,
          kubernetesClusters({ local: { authProvider: 'serviceAccount' } }),
        ],
        [
          kubernetesAuthProvidersApiRef,
          {
            decorateRequestBodyForAuth: async (_provider, body) => body,
            getCredentials: async () => ({}),
          },
        ],
      ],
    });

    expect(await screen.findByText('Healthy')).toBeInTheDocument();
    expect(screen.getByText('Replication')).toBeInTheDocument();
  });

  it('shows the Redis tab for an entity that names an instance', async () => {
    const redisApi = mockRedisApi();
    renderTestApp({
      extensions: [createTestEntityPage({ entity: redisEntity }), content],
      apis: [[redisApiRef, redisApi]],
    });

    expect(
      await screen.findByRole('grid', { name: 'Redis nodes' }),
    ).toBeInTheDocument();
    expect(redisApi.getStatus).toHaveBeenCalledWith(
      { kind: 'Resource', namespace: 'default', name: 'orders' },
      expect.anything(),
    );
  });

  it('adds neither card nor tab to an entity without the annotation', async () => {
    const redisApi = mockRedisApi();
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: plainEntity }),
        card,
        content,
      ],
      apis: [[redisApiRef, redisApi]],
    });

    expect(await screen.findByTestId('empty-entity-page')).toBeInTheDocument();
    expect(redisApi.getStatus).not.toHaveBeenCalled();
  });

  it('refreshes as often as the extension config says', async () => {
    const redisApi = mockRedisApi();
    renderTestApp({
      extensions: [createTestEntityPage({ entity: redisEntity }), card],
      apis: [[redisApiRef, redisApi]],
      config: {
        app: {
          extensions: [
            {
              'entity-card:redis/status': {
                config: { refreshIntervalMs: 1000 },
              },
            },
          ],
        },
      },
    });

    expect(await screen.findByText('Healthy')).toBeInTheDocument();
    // The default interval is 10 s; a second request within 3 s comes from the config.
    await waitFor(() => expect(redisApi.getStatus).toHaveBeenCalledTimes(2), {
      timeout: 3000,
    });
  });

  it('refuses a refresh interval below one second', () => {
    expect(() =>
      createExtensionTester(content, {
        config: { refreshIntervalMs: 10 },
      }).reactElement(),
    ).toThrow(/refreshIntervalMs/);
  });

  it('loads the order form fields only when asked', async () => {
    const orderLoader = createExtensionTester(
      redisPlugin.getExtension('scaffolder-form-field:redis/order'),
    ).get(FormFieldBlueprint.dataRefs.formFieldLoader);
    const clusterLoader = createExtensionTester(
      redisPlugin.getExtension('scaffolder-form-field:redis/cluster-picker'),
    ).get(FormFieldBlueprint.dataRefs.formFieldLoader);

    await expect(orderLoader()).resolves.toBe(redisOrderFormField);
    await expect(clusterLoader()).resolves.toBe(redisClusterPickerFormField);
  });

  it('links the test failover to the scaffolder’s template page, unbound', async () => {
    // The routes a scaffolder plugin offers, under the ids the real one has (`scaffolder.*`).
    const templatesRoot = createRouteRef();
    const scaffolder = createFrontendPlugin({
      pluginId: 'scaffolder',
      routes: {
        root: templatesRoot,
        selectedTemplate: createSubRouteRef({
          path: '/templates/:namespace/:templateName',
          parent: templatesRoot,
        }),
      },
      extensions: [
        PageBlueprint.make({
          params: {
            path: '/create',
            routeRef: templatesRoot,
            loader: async () => <div />,
          },
        }),
      ],
    });
    const redisApi = mockRedisApi();
    redisApi.getStatus.mockResolvedValue(sentinelWithOperations());
    renderTestApp({
      features: [redisPlugin, scaffolder],
      extensions: [createTestEntityPage({ entity: redisEntity })],
      apis: [[redisApiRef, redisApi]],
    });

    expect(
      await screen.findByRole('link', { name: 'Test failover' }),
    ).toHaveAttribute(
      'href',
      `/create/templates/default/redis-test-failover?formData=${encodeURIComponent(
        '{"entityRef":"resource:default/orders"}',
      )}`,
    );
  });
});
