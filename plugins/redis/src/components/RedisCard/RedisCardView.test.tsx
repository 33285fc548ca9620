import { screen, within } from '@testing-library/react';
import { actingUser } from '../../__testUtils__/actingUser';
import { httpError } from '../../__testUtils__/httpError';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  clusterStatus,
  degradedStatus,
  partialStatus,
  replicationStatus,
  sentinelStatus,
  waitingStatus,
} from '../../__fixtures__/statuses';
import { RedisCardView } from './RedisCardView';

describe('RedisCardView', () => {
  it('shows a skeleton while the first status loads', () => {
    renderInTestApp(<RedisCardView loading />);
    const skeleton = screen.getByRole('group', {
      name: 'Loading the Redis status',
    });
    expect(skeleton).toHaveAttribute('aria-busy', 'true');
    // The labels are in place already, so the values replace the skeleton without a shift.
    expect(within(skeleton).getByText('Endpoint')).toBeInTheDocument();
    expect(screen.queryByText('Healthy')).not.toBeInTheDocument();
  });

  it('shows a healthy replication instance', async () => {
    const user = actingUser();
    renderInTestApp(
      <RedisCardView
        loading={false}
        status={replicationStatus()}
        updatedAt={new Date()}
      />,
    );
    expect(await screen.findByText('Healthy')).toBeInTheDocument();
    expect(screen.getByText('Replication')).toBeInTheDocument();
    expect(screen.getByText('7.2.4')).toBeInTheDocument();
    expect(screen.getByText('orders-0 in eu-west-1a')).toBeInTheDocument();
    expect(
      screen.getByText('120 B behind, last ack 1s ago'),
    ).toBeInTheDocument();
    expect(screen.getByText('7h 58m ago, 12.0 MiB')).toBeInTheDocument();
    expect(screen.queryByText('Stale')).not.toBeInTheDocument();
    expect(screen.getByText(/^Updated \ds ago$/)).toBeInTheDocument();

    const endpoint = 'orders-master.shop.svc.cluster.local:6379';
    expect(screen.getByText(endpoint)).toBeInTheDocument();
    const writeText = jest.spyOn(navigator.clipboard, 'writeText');
    await user.click(screen.getByRole('button', { name: 'Copy endpoint' }));
    expect(writeText).toHaveBeenCalledWith(endpoint);
    expect(screen.getByRole('status')).toHaveTextContent(
      'Copied to the clipboard',
    );
  });

  it('says in words why an instance is degraded, and flags stale backups', async () => {
    renderInTestApp(
      <RedisCardView loading={false} status={degradedStatus()} />,
    );
    expect(await screen.findByText('Degraded')).toBeInTheDocument();
    const reasons = screen.getByRole('region', { name: 'Why' });
    expect(
      within(reasons).getByText(
        'orders-1 is 5242880 bytes behind, last ack 14 s ago',
      ),
    ).toBeInTheDocument();
    expect(within(reasons).getAllByRole('listitem')).toHaveLength(2);
    expect(
      screen.getByText('5.0 MiB behind, last ack 14s ago'),
    ).toBeInTheDocument();
    expect(screen.getByText('Stale')).toBeInTheDocument();
    // Health is text with a shape beside it, not a colour alone.
    const badge = screen.getByText('Degraded').parentElement!;
    expect(badge.querySelector('svg[data-tone="warning"]')).not.toBeNull();
  });

  it('shows the sentinel quorum and whether the sentinels agree', async () => {
    const { unmount } = renderInTestApp(
      <RedisCardView loading={false} status={sentinelStatus()} />,
    );
    expect(await screen.findByText('Quorum 2')).toBeInTheDocument();
    expect(
      screen.getByText('All sentinels agree on the master'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('cache-sentinel.shop.svc.cluster.local:26379'),
    ).toBeInTheDocument();
    unmount();

    renderInTestApp(
      <RedisCardView
        loading={false}
        status={sentinelStatus({ agree: false })}
      />,
    );
    expect(
      await screen.findByText('The sentinels disagree about the master'),
    ).toBeInTheDocument();
  });

  it('shows cluster slots instead of a single master', async () => {
    renderInTestApp(
      <RedisCardView loading={false} status={clusterStatus({ pfail: 100 })} />,
    );
    expect(
      await screen.findByText('16284 of 16384 slots ok'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Master')).not.toBeInTheDocument();
    expect(screen.getByText('Not configured')).toBeInTheDocument();
    expect(
      screen.getByText('ledger-leader.payments.svc.cluster.local:6379'),
    ).toBeInTheDocument();
  });

  it('lists a few replicas and points to the tab for the rest', async () => {
    renderInTestApp(
      <RedisCardView loading={false} status={clusterStatus({ shards: 8 })} />,
    );
    expect(
      await screen.findByText('and 3 more on the Redis tab'),
    ).toBeInTheDocument();
  });

  it('says an ordered instance is waiting for its pods', async () => {
    renderInTestApp(<RedisCardView loading={false} status={waitingStatus()} />);
    expect(
      await screen.findByText('Ordered, waiting for pods'),
    ).toBeInTheDocument();
    expect(screen.getByText('orders: 0 of 2 pods ready')).toBeInTheDocument();
    expect(
      screen.getByText(
        'FailedScheduling on Pod/orders-0: 0/3 nodes are available: 3 Insufficient memory.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('No master')).not.toBeInTheDocument();
    // The endpoint is known from the order already.
    expect(
      screen.getByText('orders-master.shop.svc.cluster.local:6379'),
    ).toBeInTheDocument();
  });

  it('shows a failed section while the others still show', async () => {
    renderInTestApp(<RedisCardView loading={false} status={partialStatus()} />);
    expect(
      await screen.findByText(
        'Backups could not be read: S3 ListObjectsV2 failed: AccessDenied',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('orders-0 in eu-west-1a')).toBeInTheDocument();
  });

  it('shows that Redis could not be probed, keeping the rest', async () => {
    const status = replicationStatus();
    status.redis = { status: 'error', message: 'connect ETIMEDOUT' };
    renderInTestApp(<RedisCardView loading={false} status={status} />);
    expect(
      await screen.findAllByText('Redis could not be read: connect ETIMEDOUT'),
    ).toHaveLength(2);
    expect(screen.getByText('7h 58m ago, 12.0 MiB')).toBeInTheDocument();
  });

  it('explains a 403 without offering a retry', async () => {
    renderInTestApp(
      <RedisCardView
        loading={false}
        error={httpError(403, 'not allowed')}
        onRetry={jest.fn()}
      />,
    );
    expect(
      await screen.findByText('You may not see this Redis instance'),
    ).toBeInTheDocument();
    expect(screen.getByText(/redis\.instance\.read/)).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Retry' }),
    ).not.toBeInTheDocument();
  });

  it('says the backend is unreachable and retries on request', async () => {
    const user = actingUser();
    const onRetry = jest.fn();
    renderInTestApp(
      <RedisCardView
        loading={false}
        error={new TypeError('Failed to fetch')}
        onRetry={onRetry}
      />,
    );
    expect(
      await screen.findByText('The Redis backend cannot be reached'),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('shows any other error with its message', async () => {
    renderInTestApp(
      <RedisCardView
        loading={false}
        error={httpError(500, 'Request failed with 500 Internal Server Error')}
      />,
    );
    expect(
      await screen.findByText('The Redis status could not be loaded'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Request failed with 500 Internal Server Error'),
    ).toBeInTheDocument();
  });

  it('keeps the last good status after a failed refresh, with a dismissible notice', async () => {
    const user = actingUser();
    renderInTestApp(
      <RedisCardView
        loading={false}
        status={replicationStatus()}
        updatedAt={new Date(Date.now() - 30_000)}
        error={httpError(503, 'Service Unavailable')}
      />,
    );
    expect(await screen.findByText('Could not refresh')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Showing the status from 30s ago. The last attempt failed: Service Unavailable',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('orders-0 in eu-west-1a')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText('Could not refresh')).not.toBeInTheDocument();
    expect(screen.getByText('orders-0 in eu-west-1a')).toBeInTheDocument();
  });
});
