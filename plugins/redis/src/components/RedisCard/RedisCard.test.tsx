import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { replicationStatus } from '../../__fixtures__/statuses';
import { redisEntity } from '../../__testUtils__/entities';
import {
  forbiddenResponse,
  renderOnEntityPage,
  setupRedisBackend,
  STATUS_URL,
} from '../../__testUtils__/redisBackend';
import { RedisCard } from './RedisCard';

const server = setupRedisBackend();

describe('RedisCard', () => {
  it('asks for the annotation when the entity names no instance', async () => {
    renderOnEntityPage(<RedisCard />, {
      ...redisEntity,
      metadata: { name: 'orders' },
    });
    expect(
      await screen.findByText('odin.dev/redis-instance', { exact: false }),
    ).toBeInTheDocument();
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
  });

  it('loads the status of the entity from the backend', async () => {
    server.use(
      http.get(STATUS_URL, () => HttpResponse.json(replicationStatus())),
    );
    renderOnEntityPage(<RedisCard />);
    expect(await screen.findByText('Healthy')).toBeInTheDocument();
    expect(screen.getByText('orders-0 in eu-west-1a')).toBeInTheDocument();
  });

  it('explains a 403 from the backend', async () => {
    server.use(http.get(STATUS_URL, forbiddenResponse));
    renderOnEntityPage(<RedisCard />);
    expect(
      await screen.findByText('You may not see this Redis instance'),
    ).toBeInTheDocument();
  });

  it('says so when the backend cannot be reached', async () => {
    server.use(http.get(STATUS_URL, () => HttpResponse.error()));
    renderOnEntityPage(<RedisCard />);
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
    renderOnEntityPage(<RedisCard refreshIntervalMs={1_000} />);
    expect(await screen.findByText('Healthy')).toBeInTheDocument();
    expect(
      await screen.findByText('Could not refresh', {}, { timeout: 3_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('Healthy')).toBeInTheDocument();
    expect(screen.getByText('orders-0 in eu-west-1a')).toBeInTheDocument();
  });
});
