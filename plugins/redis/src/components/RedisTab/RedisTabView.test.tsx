import { useState } from 'react';
import { Route, Routes } from 'react-router-dom';
import { act, screen, waitFor, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { RedisStatus } from '@odin/plugin-redis-common';
import type { LagSample } from '../../hooks/useReplicationLagHistory';
import {
  clusterStatus,
  degradedStatus,
  failoverRun,
  partialStatus,
  replicationStatus,
  sentinelStatus,
  sentinelWithOperations,
  waitingStatus,
} from '../../__fixtures__/statuses';
import { actingUser } from '../../__testUtils__/actingUser';
import { httpError } from '../../__testUtils__/httpError';
import { scaffolderTemplateRouteRef } from '../../routes';
import { formatClockTime } from '../../status/format';
import { RedisTabView } from './RedisTabView';

function region(name: string) {
  return screen.getByRole('region', { name });
}

type ApiMocks = NonNullable<Parameters<typeof renderInTestApp>[1]>['apis'];

/** Where the app's scaffolder serves a template's page. */
const TEMPLATE_PATH = '/create/templates/:namespace/:templateName';

/**
 * Renders the tab where the entity page puts it (a `redis/*` route under the entity's), with the
 * scaffolder's template page bound, and returns a function that refreshes it with another status, as
 * the container does.
 */
function renderTab(
  status: RedisStatus,
  options: {
    apis?: ApiMocks;
    lagHistory?: LagSample[];
    /** The permission hook caches decisions per entity for the test file: a new one asks again. */
    entityRef?: string;
  } = {},
) {
  const {
    apis = [],
    lagHistory,
    entityRef = 'resource:default/cache',
  } = options;
  let refresh: (next: RedisStatus) => void = () => {};
  function Refreshing() {
    const [current, setCurrent] = useState(status);
    refresh = setCurrent;
    return (
      <RedisTabView
        loading={false}
        status={current}
        updatedAt={new Date()}
        lagHistory={lagHistory}
        entityRef={entityRef}
      />
    );
  }
  renderInTestApp(
    <Routes>
      <Route path="redis/*" element={<Refreshing />} />
    </Routes>,
    {
      mountPath: '/catalog/:namespace/:kind/:name/*',
      initialRouteEntries: ['/catalog/default/resource/cache/redis'],
      mountedRoutes: { [TEMPLATE_PATH]: scaffolderTemplateRouteRef },
      apis,
    },
  );
  return (next: RedisStatus) => act(() => refresh(next));
}

describe('RedisTabView', () => {
  it('shows a skeleton of the summary and the nodes while loading', () => {
    renderInTestApp(<RedisTabView loading />);
    const skeleton = screen.getByRole('group', {
      name: 'Loading the Redis status',
    });
    expect(skeleton).toHaveAttribute('aria-busy', 'true');
    expect(
      within(skeleton).getByRole('region', { name: 'Overview' }),
    ).toBeInTheDocument();
    expect(
      within(skeleton).getByRole('region', { name: 'Nodes' }),
    ).toBeInTheDocument();
  });

  it('explains a 403', async () => {
    renderInTestApp(
      <RedisTabView loading={false} error={httpError(403, 'not allowed')} />,
    );
    expect(
      await screen.findByText('You may not see this Redis instance'),
    ).toBeInTheDocument();
  });

  it('says the backend is unreachable, with a retry', async () => {
    const onRetry = jest.fn();
    const user = actingUser();
    renderInTestApp(
      <RedisTabView
        loading={false}
        error={httpError(503, 'Service Unavailable')}
        onRetry={onRetry}
      />,
    );
    expect(
      await screen.findByText('The Redis backend cannot be reached'),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalled();
  });

  it('shows a healthy instance: summary, nodes, backups, events and connection', async () => {
    renderTab(replicationStatus());
    const overview = await screen.findByRole('region', { name: 'Overview' });
    expect(within(overview).getByText('Healthy')).toBeInTheDocument();
    expect(within(overview).getByText('Replication')).toBeInTheDocument();
    expect(
      within(overview).getByText('orders-0 in eu-west-1a'),
    ).toBeInTheDocument();
    const kubernetes = within(overview).getByRole('link', {
      name: 'Pods, logs and events on the Kubernetes tab',
    });
    expect(kubernetes).toHaveAttribute(
      'href',
      '/catalog/default/resource/cache/kubernetes',
    );

    const nodes = within(region('Nodes')).getByRole('grid', {
      name: 'Redis nodes',
    });
    const replica = within(nodes).getByRole('row', { name: /orders-1/ });
    expect(within(replica).getByText('replica')).toBeInTheDocument();
    expect(within(replica).getByText('Ready')).toBeInTheDocument();
    expect(within(replica).getByText('eu-west-1b')).toBeInTheDocument();
    expect(within(replica).getByText('ip-10-0-2-20')).toBeInTheDocument();
    expect(within(replica).getByText('1d')).toBeInTheDocument();
    expect(within(replica).getByText('198 MiB / 1.0 GiB')).toBeInTheDocument();
    expect(within(replica).getByText('120 B, 1s')).toBeInTheDocument();
    expect(
      within(replica).getByText((4_999_880).toLocaleString()),
    ).toBeInTheDocument();

    const backups = region('Backups');
    expect(within(backups).getByText('Within schedule')).toBeInTheDocument();
    expect(
      within(backups).getByText(
        '14 objects, 160 MiB in s3://odin-redis-backups/shop/orders/',
      ),
    ).toBeInTheDocument();
    const runs = within(backups).getByRole('grid', { name: 'Backup runs' });
    const failed = within(runs).getByRole('row', {
      name: /orders-backup-29498560/,
    });
    expect(within(failed).getByText('Failed')).toBeInTheDocument();
    expect(within(failed).getByText('3m')).toBeInTheDocument();
    expect(
      within(failed).getByText('BackoffLimitExceeded'),
    ).toBeInTheDocument();
    const succeeded = within(runs).getByRole('row', {
      name: /orders-backup-29500000/,
    });
    expect(within(succeeded).getByText('1 (12.0 MiB)')).toBeInTheDocument();
    expect(within(succeeded).getByText('1m 10s')).toBeInTheDocument();

    const events = region('Recent Kubernetes events');
    expect(within(events).getByText('SuccessfulCreate')).toBeInTheDocument();

    const connect = region('Connect');
    expect(
      within(connect).getByText('orders-master.shop.svc.cluster.local:6379'),
    ).toBeInTheDocument();
    expect(
      within(connect).getByText('orders-replica.shop.svc.cluster.local:6379'),
    ).toBeInTheDocument();
    expect(within(connect).getByText('REDIS_HOST')).toBeInTheDocument();
  });

  it('shows client snippets per language, switchable from the keyboard', async () => {
    const user = actingUser();
    renderTab(replicationStatus());
    const connect = await screen.findByRole('region', { name: 'Connect' });
    const languages = within(connect).getByRole('tablist', {
      name: 'Client language',
    });
    expect(
      within(languages)
        .getAllByRole('tab')
        .map(tab => tab.textContent),
    ).toEqual(['Node.js', 'Python', 'Java', 'Go']);
    expect(within(connect).getByRole('tabpanel')).toHaveTextContent(
      "require('ioredis')",
    );
    await user.click(within(languages).getByRole('tab', { name: 'Node.js' }));
    await user.keyboard('{ArrowRight}');
    await user.keyboard('{Enter}');
    expect(
      within(connect).getByRole('tab', { name: 'Python' }),
    ).toHaveAttribute('aria-selected', 'true');
    expect(within(connect).getByRole('tabpanel')).toHaveTextContent(
      'import redis',
    );
    expect(
      within(connect).getByRole('button', { name: 'Copy Python snippet' }),
    ).toBeInTheDocument();
  });

  it('says in words why an instance is degraded, and flags stale backups', async () => {
    renderTab(degradedStatus());
    const overview = await screen.findByRole('region', { name: 'Overview' });
    expect(within(overview).getByText('Degraded')).toBeInTheDocument();
    expect(
      within(overview).getByText(
        'orders-1 is 5242880 bytes behind, last ack 14 s ago',
      ),
    ).toBeInTheDocument();
    expect(
      within(region('Backups')).getByText(
        'Stale: older than the schedule allows',
      ),
    ).toBeInTheDocument();
  });

  it('shows the sentinel panel with each sentinel’s view of the master', async () => {
    renderTab(sentinelStatus({ agree: false }));
    const sentinel = await screen.findByRole('region', { name: 'Sentinel' });
    expect(within(sentinel).getByText('myMaster')).toBeInTheDocument();
    expect(
      within(sentinel).getAllByText('cache-0 (10.2.0.10:6379)'),
    ).toHaveLength(3);
    expect(within(sentinel).getByText('Quorum reachable')).toBeInTheDocument();
    expect(within(sentinel).getByText('3')).toBeInTheDocument();
    expect(
      within(sentinel).getByText('The sentinels disagree about the master'),
    ).toBeInTheDocument();
    const table = within(sentinel).getByRole('grid', { name: 'Sentinels' });
    const odd = within(table).getByRole('row', { name: /cache-sentinel-2/ });
    expect(
      within(odd).getByText('cache-1 (10.2.0.11:6379)'),
    ).toBeInTheDocument();
    expect(odd.querySelector('svg[data-tone="warning"]')).not.toBeNull();
    expect(
      within(sentinel).getByText(
        'cache-2 (10.2.0.12:6379): slave; link to the master up',
      ),
    ).toBeInTheDocument();
    // Sentinel pods are listed among the nodes with the role they answer with.
    const nodes = within(region('Nodes')).getByRole('grid', {
      name: 'Redis nodes',
    });
    const sentinelRow = within(nodes).getByRole('row', {
      name: /cache-sentinel-0/,
    });
    expect(within(sentinelRow).getByText('sentinel')).toBeInTheDocument();
  });

  it('shows the cluster panel with slot coverage and shards', async () => {
    renderTab(clusterStatus({ pfail: 100 }));
    const cluster = await screen.findByRole('region', { name: 'Cluster' });
    expect(
      within(cluster).getByRole('img', {
        name: '16284 slots ok, 100 possibly failing, 0 failed, 0 unassigned, of 16384',
      }),
    ).toBeInTheDocument();
    expect(
      within(cluster).getByText('16284 ok · 100 possibly failing'),
    ).toBeInTheDocument();
    const shards = within(cluster).getByRole('grid', {
      name: 'Cluster shards',
    });
    const last = within(shards).getByRole('row', { name: /ledger-leader-2/ });
    expect(within(last).getByText('ledger-follower-2')).toBeInTheDocument();
    expect(within(last).getByText('5462 (10922-16383)')).toBeInTheDocument();
    expect(
      within(last).getByText('ledger-leader-2 (fail?)'),
    ).toBeInTheDocument();
    expect(within(cluster).queryByText('Master group')).not.toBeInTheDocument();
    expect(
      within(region('Backups')).getByText(
        'This instance has no backup CronJob.',
      ),
    ).toBeInTheDocument();
  });

  it('says an ordered instance is waiting for its pods', async () => {
    renderTab(waitingStatus());
    expect(
      await screen.findByText('Ordered, waiting for pods'),
    ).toBeInTheDocument();
    expect(screen.getByText('orders: 0 of 2 pods ready')).toBeInTheDocument();
    const nodes = within(region('Nodes')).getByRole('grid', {
      name: 'Redis nodes',
    });
    const pending = within(nodes).getByRole('row', { name: /orders-0/ });
    expect(
      within(pending).getByText('Not ready (Pending)'),
    ).toBeInTheDocument();
    expect(within(pending).getByText('not probed')).toBeInTheDocument();
  });

  it('shows a failed section while the others still show', async () => {
    renderTab(partialStatus());
    const backups = await screen.findByRole('region', { name: 'Backups' });
    expect(
      within(backups).getByText('Backups could not be read'),
    ).toBeInTheDocument();
    expect(
      within(backups).getByText('S3 ListObjectsV2 failed: AccessDenied'),
    ).toBeInTheDocument();
    expect(
      within(region('Nodes')).getByRole('row', { name: /orders-1/ }),
    ).toBeInTheDocument();
  });

  it('keeps showing the pods when Redis could not be probed', async () => {
    const status = replicationStatus();
    status.redis = { status: 'error', message: 'connect ETIMEDOUT' };
    renderTab(status);
    const nodes = await screen.findByRole('region', { name: 'Nodes' });
    expect(
      within(nodes).getByText('Redis could not be read'),
    ).toBeInTheDocument();
    const row = within(nodes).getByRole('row', { name: /orders-1/ });
    expect(within(row).getByText('not probed')).toBeInTheDocument();
    expect(within(row).getByText('Ready')).toBeInTheDocument();
  });

  it('notes when the operator’s role label lags behind Redis after a failover', async () => {
    const status = replicationStatus();
    if (status.redis.status === 'ok') {
      status.redis.data.masterPod = 'orders-1';
      status.redis.data.nodes['orders-1'] = {
        role: 'master',
        replicationOffset: 10,
      };
      status.redis.data.nodes['orders-0'] = {
        role: 'replica',
        master: 'orders-1',
        masterLinkUp: true,
      };
    }
    renderTab(status);
    const nodes = await screen.findByRole('region', { name: 'Nodes' });
    const row = within(nodes).getByRole('row', { name: /orders-1/ });
    expect(within(row).getByText('master')).toBeInTheDocument();
    expect(within(row).getByText('label says replica')).toBeInTheDocument();
  });

  it('draws the replication lag collected while the tab is open', async () => {
    const samples: LagSample[] = [0, 10, 20].map((second, index) => ({
      at: Date.parse(
        `2026-03-02T10:00:${String(second).padStart(2, '0')}.000Z`,
      ),
      lagBytes: { 'orders-1': [100, 2048, 120][index] },
    }));
    renderTab(replicationStatus(), { lagHistory: samples });
    const lag = await screen.findByRole('region', { name: 'Replication lag' });
    expect(
      within(lag).getByRole('img', {
        name: 'Replication lag over the last 20s',
      }),
    ).toBeInTheDocument();
    expect(
      within(lag).getByText('orders-1: 120 B now, at most 2.0 KiB'),
    ).toBeInTheDocument();
    expect(lag.querySelector('path[data-pod="orders-1"]')).toHaveAttribute(
      'd',
      expect.stringMatching(/^M/),
    );
  });

  it('explains an empty lag chart', async () => {
    renderTab(replicationStatus(), { lagHistory: [] });
    const lag = await screen.findByRole('region', { name: 'Replication lag' });
    expect(
      within(lag).getByText(
        'Collecting samples; the chart fills in while this tab stays open.',
      ),
    ).toBeInTheDocument();
  });

  it('keeps the last good status after a failed refresh, with a notice', async () => {
    renderInTestApp(
      <RedisTabView
        loading={false}
        status={replicationStatus()}
        updatedAt={new Date(Date.now() - 20_000)}
        error={new Error('upstream timeout')}
      />,
    );
    expect(await screen.findByText('Could not refresh')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Showing the status from 20s ago. The last attempt failed: upstream timeout',
      ),
    ).toBeInTheDocument();
    expect(region('Nodes')).toBeInTheDocument();
  });

  it('keeps rows by pod name across a refresh', async () => {
    const refresh = renderTab(replicationStatus());
    const before = await screen.findByRole('row', { name: /orders-1/ });

    const next = replicationStatus();
    next.generatedAt = '2026-03-02T10:00:10.000Z';
    if (next.kubernetes.status === 'ok')
      next.kubernetes.data.pods['orders-1'].restarts = 7;
    refresh(next);
    const after = screen.getByRole('row', { name: /orders-1/ });
    expect(after).toBe(before);
    expect(within(after).getByText('7')).toBeInTheDocument();
  });

  it('keeps a pod’s dialog open across a refresh, showing the new values', async () => {
    const user = actingUser();
    const refresh = renderTab(replicationStatus());
    await user.click(
      await screen.findByRole('button', { name: 'Details of orders-1' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Pod orders-1' });
    expect(
      within(dialog).getByText('orders-orders-1: 8Gi, Bound'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('orders-0')).toBeInTheDocument();

    const next = replicationStatus();
    next.generatedAt = '2026-03-02T10:00:10.000Z';
    if (next.redis.status === 'ok')
      next.redis.data.nodes['orders-1'].replication = {
        state: 'online',
        lagBytes: 4096,
        secondsSinceAck: 2,
      };
    refresh(next);
    const still = screen.getByRole('dialog', { name: 'Pod orders-1' });
    expect(within(still).getByText('4.0 KiB, 2s')).toBeInTheDocument();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('opens a pod’s details from the keyboard', async () => {
    const user = actingUser();
    renderTab(replicationStatus());
    await screen.findByRole('button', { name: 'Details of orders-0' });
    // From the filter, Tab enters the grid, whose focus lands on the first row.
    await user.click(
      screen.getByRole('searchbox', { name: 'Filter by pod, node or zone' }),
    );
    await user.tab();
    expect(document.activeElement).toBe(
      screen.getByRole('row', { name: /orders-0/ }),
    );
    await user.keyboard('{Enter}');
    expect(
      await screen.findByRole('dialog', { name: 'Pod orders-0' }),
    ).toBeInTheDocument();
  });

  it('renders a 3,000-pod cluster a page at a time, with a filter', async () => {
    const user = actingUser();
    const started = performance.now();
    renderTab(clusterStatus({ shards: 1500 }));
    const nodes = await screen.findByRole('region', { name: 'Nodes' });
    const grid = within(nodes).getByRole('grid', { name: 'Redis nodes' });
    // One header row and the first page.
    expect(within(grid).getAllByRole('row')).toHaveLength(26);
    expect(within(nodes).getByText('1–25 of 3000')).toBeInTheDocument();
    expect(performance.now() - started).toBeLessThan(10_000);

    await user.click(
      within(nodes).getByRole('button', { name: 'Next table page' }),
    );
    expect(within(nodes).getByText('26–50 of 3000')).toBeInTheDocument();

    await user.paste(
      within(nodes).getByRole('searchbox', {
        name: 'Filter by pod, node or zone',
      }),
      'ledger-leader-1499',
    );
    expect(within(grid).getAllByRole('row')).toHaveLength(2);
    expect(
      within(grid).getByRole('row', { name: /ledger-leader-1499/ }),
    ).toBeInTheDocument();

    const shards = within(region('Cluster')).getByRole('grid', {
      name: 'Cluster shards',
    });
    expect(within(shards).getAllByRole('row')).toHaveLength(26);
  }, 30_000);

  describe('operations', () => {
    const FAILOVER_HREF = `/create/templates/default/redis-test-failover?formData=${encodeURIComponent(
      '{"entityRef":"resource:default/cache"}',
    )}`;

    it('lists the runs newest first, with who ran them and the outcome', async () => {
      renderTab(sentinelWithOperations());
      const panel = await screen.findByRole('region', { name: 'Operations' });
      const runs = within(panel).getByRole('grid', { name: 'Operation runs' });
      const [, newest, older] = within(runs).getAllByRole('row');
      expect(within(newest).getByText('5m ago')).toHaveAttribute(
        'datetime',
        '2026-03-02T09:55:00.000Z',
      );
      expect(within(newest).getByText('test-failover')).toBeInTheDocument();
      expect(
        within(newest).getByText('user:default/alice'),
      ).toBeInTheDocument();
      expect(within(newest).getByText('Succeeded')).toBeInTheDocument();
      expect(newest.querySelector('svg[data-tone="ok"]')).not.toBeNull();
      expect(
        within(newest).getByText('The master moved from cache-0 to cache-1'),
      ).toBeInTheDocument();
      expect(within(older).getByText('30m ago')).toBeInTheDocument();
      expect(within(older).getByText('user:default/bob')).toBeInTheDocument();
      expect(within(older).getByText('Refused')).toBeInTheDocument();
      expect(older.querySelector('svg[data-tone="warning"]')).not.toBeNull();
      expect(within(panel).queryByRole('status')).not.toBeInTheDocument();
    });

    it('offers a test failover of a sentinel instance, prefilled with its entity', async () => {
      renderTab(sentinelWithOperations());
      const panel = await screen.findByRole('region', { name: 'Operations' });
      const link = within(panel).getByRole('link', { name: 'Test failover' });
      expect(link).toHaveAttribute('href', FAILOVER_HREF);
      expect(link).toHaveAccessibleDescription(
        'Fails the master over to a replica and checks the new master. At most once an hour.',
      );
    });

    it('says who holds the lock since when, and disables the test failover until then', async () => {
      const since = '2026-03-02T09:59:00.000Z';
      const expiresAt = '2026-03-02T10:01:00.000Z';
      renderTab(
        sentinelWithOperations({
          running: {
            holder: 'user:default/alice',
            operation: 'test-failover',
            since,
            expiresAt,
          },
        }),
      );
      const panel = await screen.findByRole('region', { name: 'Operations' });
      const notice = within(panel).getByRole('status');
      expect(notice).toHaveTextContent(
        'An operation is running: the instance is locked',
      );
      expect(notice).toHaveTextContent(
        `test-failover by user:default/alice since ${formatClockTime(
          since,
        )} (until ${formatClockTime(
          expiresAt,
        )}). Other operations wait until it finishes.`,
      );
      const link = within(panel).getByRole('link', { name: 'Test failover' });
      expect(link).toHaveAttribute('aria-disabled', 'true');
      expect(link).not.toHaveAttribute('href');
      expect(link).toHaveAccessibleDescription(
        'Not while test-failover is running.',
      );
    });

    it('says when a lock has expired, and lets the next operation start', async () => {
      renderTab(
        sentinelWithOperations({
          running: {
            holder: 'user:default/alice',
            operation: 'test-failover',
            since: '2026-03-02T09:50:00.000Z',
            expiresAt: '2026-03-02T09:52:00.000Z',
          },
        }),
      );
      const panel = await screen.findByRole('region', { name: 'Operations' });
      expect(within(panel).getByRole('status')).toHaveTextContent(
        'An operation’s lock has expired',
      );
      expect(
        within(panel).getByRole('link', { name: 'Test failover' }),
      ).toHaveAttribute('href', FAILOVER_HREF);
    });

    it('says so when nothing has run yet', async () => {
      renderTab(sentinelWithOperations({ history: [] }));
      const panel = await screen.findByRole('region', { name: 'Operations' });
      expect(
        within(panel).getByText('No operations have run on this instance yet.'),
      ).toBeInTheDocument();
      expect(within(panel).queryByRole('grid')).not.toBeInTheDocument();
    });

    it('shows why the operations could not be read, and still offers the action', async () => {
      const status = sentinelStatus();
      status.operations = {
        status: 'error',
        message: 'configmaps "cache-operations" is forbidden',
      };
      renderTab(status);
      const panel = await screen.findByRole('region', { name: 'Operations' });
      expect(
        within(panel).getByText('Operations could not be read'),
      ).toBeInTheDocument();
      expect(
        within(panel).getByText('configmaps "cache-operations" is forbidden'),
      ).toBeInTheDocument();
      expect(
        within(panel).getByRole('link', { name: 'Test failover' }),
      ).toHaveAttribute('href', FAILOVER_HREF);
    });

    it('pages a long history', async () => {
      const user = actingUser();
      const history = Array.from({ length: 30 }, (_, index) =>
        failoverRun(index + 1),
      );
      renderTab(sentinelWithOperations({ history }));
      const panel = await screen.findByRole('region', { name: 'Operations' });
      const runs = within(panel).getByRole('grid', { name: 'Operation runs' });
      expect(within(runs).getAllByRole('row')).toHaveLength(26);
      expect(within(panel).getByText('1–25 of 30')).toBeInTheDocument();
      await user.click(
        within(panel).getByRole('button', { name: 'Next table page' }),
      );
      expect(within(runs).getAllByRole('row')).toHaveLength(6);
      expect(within(runs).getByText('30m ago')).toBeInTheDocument();
    });

    it('offers the operations of the mode: no test failover in replication mode', async () => {
      const status = replicationStatus();
      status.operations = { status: 'ok', data: { history: [] } };
      renderTab(status);
      const panel = await screen.findByRole('region', { name: 'Operations' });
      expect(
        within(panel)
          .getAllByRole('link')
          .map(link => link.textContent),
      ).toEqual([
        'Scale',
        'Resize',
        'Rotate password',
        'Restore a backup',
        'Delete',
      ]);
      expect(
        within(panel).getByRole('link', { name: 'Scale' }),
      ).toHaveAttribute(
        'href',
        `/create/templates/default/redis-scale?formData=${encodeURIComponent(
          '{"entityRef":"resource:default/cache","mode":"replicas"}',
        )}`,
      );
    });

    it('disables what the user may not run, naming the permission its action checks', async () => {
      const asked: string[] = [];
      renderTab(sentinelWithOperations(), {
        entityRef: 'resource:default/locked-down',
        apis: [
          mockApis.permission({
            authorize: request => {
              asked.push(
                `${request.permission.name} ${
                  'resourceRef' in request ? request.resourceRef : ''
                }`,
              );
              return request.permission.name === 'redis.instance.delete'
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW;
            },
          }),
        ],
      });
      const panel = await screen.findByRole('region', { name: 'Operations' });
      const remove = within(panel).getByRole('link', { name: 'Delete' });
      // The permission backend answers asynchronously, batched; until then every link waits.
      await waitFor(
        () =>
          expect(remove).toHaveAccessibleDescription(
            'You lack redis.instance.delete on this entity.',
          ),
        { timeout: 10_000 },
      );
      expect(remove).toHaveAttribute('aria-disabled', 'true');
      expect(remove).not.toHaveAttribute('href');
      expect(
        within(panel).getByRole('link', { name: 'Scale' }),
      ).not.toHaveAttribute('aria-disabled');
      expect(
        within(panel).getByText(
          'The portal’s permission policy decides who may run each operation; ask the instance’s owners.',
        ),
      ).toBeInTheDocument();
      expect(new Set(asked)).toEqual(
        new Set([
          'redis.instance.update resource:default/locked-down',
          'redis.instance.delete resource:default/locked-down',
        ]),
      );
    }, 30_000);

    it('offers no test failover where the app has no template page', async () => {
      renderInTestApp(
        <RedisTabView
          loading={false}
          status={sentinelWithOperations()}
          entityRef="resource:default/cache"
        />,
      );
      const panel = await screen.findByRole('region', { name: 'Operations' });
      expect(
        within(panel).getByRole('grid', { name: 'Operation runs' }),
      ).toBeInTheDocument();
      expect(within(panel).queryByRole('link')).not.toBeInTheDocument();
    });

    it('shows no panel for a status from a backend that does not report operations', async () => {
      renderTab(sentinelStatus());
      await screen.findByRole('region', { name: 'Sentinel' });
      expect(
        screen.queryByRole('region', { name: 'Operations' }),
      ).not.toBeInTheDocument();
      expect(
        screen.queryByRole('link', { name: 'Test failover' }),
      ).not.toBeInTheDocument();
    });
  });
});
