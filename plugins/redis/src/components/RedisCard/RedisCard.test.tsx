import { screen } from '@testing-library/react';
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
import { RedisCard } from './RedisCard';

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

function renderCard(target: Entity = entity, refreshIntervalMs?: number) {
  const discoveryApi = mockApis.discovery({ baseUrl: 'http://localhost:7007' });
  const redisClient = new RedisClient({
    discoveryApi,
    fetchApi: mockApis.fetch(),
  });
  return renderInTestApp(
    <EntityProvider entity={target}>
      <RedisCard refreshIntervalMs={refreshIntervalMs} />
    </EntityProvider>,
    { apis: [[redisApiRef, redisClient]] },
  );
}

describe('RedisCard', () => {
  it('asks for the annotation when the entity names no instance', async () => {
    renderCard({ ...entity, metadata: { name: 'orders' } });
    expect(
      await screen.findByText('odin.dev/redis-instance', { exact: false }),
    ).toBeInTheDocument();
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
  });

  it('loads the status of the entity from the backend', async () => {
    server.use(
      http.get(STATUS_URL, () => HttpResponse.json(replicationStatus())),
    );
    renderCard();
    expect(await screen.findByText('Healthy')).toBeInTheDocument();
    expect(screen.getByText('orders-0 in eu-west-1a')).toBeInTheDocument();
  });

  it('explains a 403 from the backend', async () => {
    server.use(
      http.get(STATUS_URL, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'not allowed' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    renderCard();
    expect(
      await screen.findByText('You may not see this Redis instance'),
    ).toBeInTheDocument();
  });

  it('says so when the backend cannot be reached', async () => {
    server.use(http.get(STATUS_URL, () => HttpResponse.error()));
    renderCard();
    expect(
      await screen.findByText('The Redis backend cannot be reached'),
    ).toBeInTheDocument();
  });

  it('keeps the last good status on screen when a refresh fails', async () => {
    let calls = 0;
    server.use(
      http.get(STATUS_URL, () => {
        calls++;
        return calls === 1
          ? HttpResponse.json(replicationStatus())
          : HttpResponse.json(
              { error: { name: 'Error', message: 'upstream timeout' } },
              { status: 500 },
            );
      }),
    );
    renderCard(entity, 1_000);
    expect(await screen.findByText('Healthy')).toBeInTheDocument();
    expect(
      await screen.findByText('Could not refresh', {}, { timeout: 3_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('Healthy')).toBeInTheDocument();
    expect(screen.getByText('orders-0 in eu-west-1a')).toBeInTheDocument();
  });
});
