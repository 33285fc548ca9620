import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { replicationStatus } from '../../__fixtures__/statuses';
import { redisEntity } from '../../__testUtils__/entities';
import {
  forbiddenResponse,
  renderOnEntityPage,
  setupRedisBackend,
  STATUS_URL,
} from '../../__testUtils__/redisBackend';
import { RedisTab } from './RedisTab';

const server = setupRedisBackend();

describe('RedisTab', () => {
  it('asks for the annotation when the entity names no instance', async () => {
    renderOnEntityPage(<RedisTab />, {
      ...redisEntity,
      metadata: { name: 'orders' },
    });
    expect(await screen.findByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(
      screen.getByText('odin.dev/redis-instance', { exact: false }),
    ).toBeInTheDocument();
  });

  it('explains a 403 from the backend', async () => {
    server.use(http.get(STATUS_URL, forbiddenResponse));
    renderOnEntityPage(<RedisTab />);
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
    renderOnEntityPage(<RedisTab refreshIntervalMs={1_000} />);
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
