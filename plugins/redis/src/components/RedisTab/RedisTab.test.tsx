import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { RedisClient, redisApiRef } from '../../api';
import { replicationStatus } from '../../__fixtures__/statuses';
import { RedisTab } from './RedisTab';

const STATUS_URL =
  'http://localhost:7007/api/redis/entities/resource/default/orders/status';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'orders',
    annotations: { 'odin.dev/redis-instance': 'shop/orders' },
  },
  spec: { type: 'redis', owner: 'group:default/shop' },
};

const server = setupServer();
registerMswTestHooks(server);

function renderTab(target: Entity = entity, refreshIntervalMs?: number) {
  const redisClient = new RedisClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: mockApis.fetch(),
  });
  return renderInTestApp(
    <EntityProvider entity={target}>
      <RedisTab refreshIntervalMs={refreshIntervalMs} />
    </EntityProvider>,
    { apis: [[redisApiRef, redisClient]] },
  );
}

describe('RedisTab', () => {
  it('asks for the annotation when the entity names no instance', async () => {
    renderTab({ ...entity, metadata: { name: 'orders' } });
    expect(await screen.findByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(
      screen.getByText('odin.dev/redis-instance', { exact: false }),
    ).toBeInTheDocument();
  });

  it('explains a 403 from the backend', async () => {
    server.use(
      http.get(STATUS_URL, () =>
        HttpResponse.json(
          { error: { name: 'NotAllowedError', message: 'not allowed' } },
          { status: 403 },
        ),
      ),
    );
    renderTab();
    expect(
      await screen.findByText('You may not see this Redis instance'),
    ).toBeInTheDocument();
  });

  it('loads the status and charts the lag of successive refreshes', async () => {
    let calls = 0;
    server.use(
      http.get(STATUS_URL, () => {
        const status = replicationStatus();
        status.generatedAt = new Date(
          Date.UTC(2026, 2, 2, 10, 0, calls * 10),
        ).toISOString();
        if (status.redis.status === 'ok')
          status.redis.data.nodes['orders-1'].replication!.lagBytes =
            100 * ++calls;
        return HttpResponse.json(status);
      }),
    );
    renderTab(entity, 1_000);
    expect(
      await screen.findByRole('row', { name: /orders-1/ }),
    ).toBeInTheDocument();
    const lag = screen.getByRole('region', { name: 'Replication lag' });
    expect(
      within(lag).getByText(
        'Collecting samples; the chart fills in while this tab stays open.',
      ),
    ).toBeInTheDocument();
    expect(
      await within(lag).findByRole(
        'img',
        { name: 'Replication lag over the last 10s' },
        { timeout: 3_000 },
      ),
    ).toBeInTheDocument();
    expect(
      within(lag).getByText('orders-1: 200 B now, at most 200 B'),
    ).toBeInTheDocument();
  });
});
