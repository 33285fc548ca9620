import { test, expect } from '@playwright/test';
import {
  applyOrder,
  fact,
  needsSandbox,
  openRedisEntity,
  screenshotForDocs,
  signIn,
} from './support';

// A Redis Cluster of 3 shards with 1 replica each, ordered with the CLI: the sandbox runs its six
// redis-server processes, spreads the 16384 slots over the leaders and has each follower replicate one.
const NAME = 'e2e-cluster';
const small = {
  requests: { cpu: '25m', memory: '32Mi' },
  limits: { cpu: '100m', memory: '64Mi' },
};
const clusterOrder = {
  name: NAME,
  root: { clusterModeEnabled: true },
  flavour: {
    namespace: 'redis',
    deploymentMode: 'cluster',
    cluster: { numShards: 3, replicasPerShard: 1 },
    master: { resources: small },
    replica: { resources: small },
  },
};

test('the Redis tab of a cluster instance shows every slot ok and its shards', async ({
  page,
}) => {
  test.skip(...needsSandbox);
  test.setTimeout(150_000);
  await applyOrder(clusterOrder, test.info().outputPath('cluster.order.json'));

  await page.setViewportSize({ width: 1440, height: 1000 });
  await signIn(page);
  await openRedisEntity(page, NAME);
  await page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name: 'Redis' })
    .click();
  await expect(page).toHaveURL(new RegExp(`/resource/${NAME}/redis$`));

  const overview = page.getByRole('region', { name: 'Overview' });
  await expect(overview.getByText('Healthy', { exact: true })).toBeVisible();
  await expect(fact(overview, 'Mode')).toHaveText('Cluster');

  const cluster = page.getByRole('region', { name: 'Cluster', exact: true });
  await expect(fact(cluster, 'Cluster state')).toHaveText('ok');
  await expect(
    cluster.getByRole('img', {
      name: '16384 slots ok, 0 possibly failing, 0 failed, 0 unassigned, of 16384',
    }),
  ).toBeVisible();
  await expect(fact(cluster, 'Slot coverage')).toContainText('16384 ok');
  await expect(fact(cluster, 'Shards serving slots')).toHaveText('3');
  await expect(fact(cluster, 'Known nodes')).toHaveText('6');

  // One row per shard: a leader, its follower, its slot ranges, no flags; the slots add up to 16384.
  const shardRows = cluster
    .getByRole('grid', { name: 'Cluster shards' })
    .getByRole('rowgroup')
    .nth(1)
    .getByRole('row');
  await expect(shardRows).toHaveCount(3);
  let slots = 0;
  const masters = new Set<string>();
  for (const row of await shardRows.all()) {
    const cells = row.getByRole('gridcell');
    const master = (await row.getByRole('rowheader').textContent())!;
    expect(master).toMatch(new RegExp(`^${NAME}-leader-[0-2]$`));
    masters.add(master);
    await expect(cells.nth(0)).toHaveText(
      new RegExp(`^${NAME}-follower-[0-2]$`),
    );
    const slotText = (await cells.nth(1).textContent())!;
    expect(slotText).toMatch(/^\d+ \(\d+-\d+(, \d+-\d+)*\)$/);
    slots += Number(slotText.split(' ')[0]);
    await expect(cells.nth(2)).toHaveText('none');
  }
  expect(masters.size).toBe(3);
  expect(slots).toBe(16384);

  // Every pod in the nodes table: three masters, three replicas, all ready.
  const nodeRows = page
    .getByRole('grid', { name: 'Redis nodes' })
    .getByRole('rowgroup')
    .nth(1)
    .getByRole('row');
  await expect(nodeRows).toHaveCount(6);
  await expect(
    nodeRows.filter({ has: page.getByRole('gridcell', { name: 'master' }) }),
  ).toHaveCount(3);
  await expect(
    nodeRows.filter({ has: page.getByRole('gridcell', { name: 'replica' }) }),
  ).toHaveCount(3);
  await expect(
    nodeRows.filter({ has: page.getByRole('gridcell', { name: 'Ready' }) }),
  ).toHaveCount(6);
  await screenshotForDocs(page, 'redis-tab', { fullPage: true });
});
