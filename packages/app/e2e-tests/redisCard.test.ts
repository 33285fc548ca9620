import { test, expect, type Response } from '@playwright/test';
import {
  fact,
  killPod,
  masterPods,
  needsSandbox,
  openRedisEntity,
  redisCard,
  screenshotForDocs,
  signIn,
} from './support';

// The example Redis, inventory-cache (make test applies it): sentinel mode, 1 master, 2 replicas and
// 3 sentinels with quorum 2, each a real redis-server or sentinel process under the sandbox.
const NAMESPACE = 'redis';
const INSTANCE = 'inventory-cache';
const DATA_PODS = [0, 1, 2].map(index => `${INSTANCE}-${index}`);
/** How often the card asks for the status (its default); the backend caches it as long. */
const REFRESH_MS = 10_000;

const isStatusResponse = (response: Response) =>
  /\/api\/redis\/entities\/resource\/default\/inventory-cache\/status$/.test(
    response.url(),
  ) && response.ok();

test('the Redis card shows a live sentinel instance and follows a failover of its master', async ({
  page,
}) => {
  test.skip(...needsSandbox);
  test.setTimeout(150_000);
  // Wide enough that the card's lines do not wrap (the README shows it).
  await page.setViewportSize({ width: 1680, height: 1000 });
  await signIn(page);
  await openRedisEntity(page, INSTANCE);
  const card = redisCard(page);

  // A drill of an earlier run may still be settling: the old master rejoins after the kubelet's back-off.
  await expect(card.getByText('Healthy', { exact: true })).toBeVisible({
    timeout: 60_000,
  });
  await expect(fact(card, 'Mode')).toHaveText('Sentinel');
  const masterText = fact(card, 'Master');
  await expect(masterText).toHaveText(
    /^inventory-cache-[0-2] in eu-west-1[abc]$/,
  );
  const master = (await masterText.textContent())!.split(' ')[0];
  const replicas = DATA_PODS.filter(pod => pod !== master);
  const replicaLines = fact(card, 'Replicas').getByRole('listitem');
  await expect(replicaLines).toHaveCount(2);
  for (const replica of replicas) {
    await expect(replicaLines.filter({ hasText: replica })).toHaveText(
      new RegExp(
        `^${replica} \\d+(\\.\\d+)? (B|KiB|MiB) behind, last ack \\d+s ago$`,
      ),
    );
  }
  const sentinel = fact(card, 'Sentinel');
  await expect(sentinel).toContainText('Quorum 2');
  await expect(sentinel).toContainText('All sentinels agree on the master');
  await expect(card.getByText(/^Updated \d+s ago$/)).toBeVisible();
  await screenshotForDocs(card, 'redis-card');

  // Kill the master a little after a refresh, so the first refresh after Sentinel's failover (about
  // 6 s: down-after 5 s, then the election) comes before the old master restarts (the 10 s back-off)
  // and heals the instance again.
  const refreshed = await page.waitForResponse(isStatusResponse, {
    timeout: REFRESH_MS + 5_000,
  });
  await refreshed.finished();
  await page.waitForTimeout(2_000);
  const killedAt = Date.now();
  await killPod(NAMESPACE, master);

  // Sentinel's failover, as the sandbox sees it (it moves the redis-role label within a second).
  let newMaster: string | undefined;
  await expect
    .poll(
      async () => {
        // The killed pod keeps its label until it answers again.
        newMaster = (await masterPods(NAMESPACE, INSTANCE)).find(pod =>
          replicas.includes(pod),
        );
        return newMaster !== undefined;
      },
      { timeout: 30_000, intervals: [250] },
    )
    .toBe(true);
  const failoverAt = Date.now();
  test.info().annotations.push({
    type: 'failover',
    description: `${master} killed; ${newMaster} master after ${(
      (failoverAt - killedAt) /
      1000
    ).toFixed(1)} s`,
  });

  // Within one refresh of the card: the new master, and the instance degraded (the old master is down).
  await expect(async () => {
    await expect(card.getByText('Degraded', { exact: true })).toBeVisible({
      timeout: 200,
    });
    await expect(masterText).toHaveText(
      new RegExp(`^${newMaster} in eu-west-1[abc]$`),
      { timeout: 200 },
    );
  }).toPass({ timeout: REFRESH_MS + 3_000, intervals: [250] });
  test.info().annotations.push({
    type: 'card',
    description: `new master and Degraded shown ${(
      (Date.now() - failoverAt) /
      1000
    ).toFixed(1)} s after the failover`,
  });
  // The killed master is listed with the replicas, as not answering.
  await expect(
    fact(card, 'Replicas').getByRole('listitem').filter({ hasText: master }),
  ).toHaveText(`${master} does not answer`);
});
