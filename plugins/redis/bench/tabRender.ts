/* eslint-disable no-console */
// Prints how long the Redis tab of the built app (packages/app/dist) takes to show a 3,000-pod cluster
// (500 shards × 5 replicas, the backend bench's size) in Debian's Chromium: from the click on the tab, and
// from a navigation straight to it, until the nodes table shows its first page and the page answers
// again; then one page turn of that table. The app runs without a backend: Playwright serves dist and
// answers the few API calls the entity page makes, the status with the generated document. The goal is
// ≤ 500 ms to interactive. Asserts nothing.
// eslint-disable-next-line @backstage/no-undeclared-imports -- the repository's Playwright (a root devDependency), as the e2e tests use it
import { chromium, type BrowserContext, type Route } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syntheticClusterStatus } from './lib/statusDocument';

const GOAL_MS = 500;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SHARDS = 500;
const REPLICAS_PER_SHARD = 5;
/** backend.baseUrl of the built config: the app asks its APIs there. */
const ORIGIN = 'http://localhost:7007';
const ENTITY_PATH = '/catalog/default/resource/big';
const dist = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  'packages',
  'app',
  'dist',
);

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    namespace: 'default',
    name: 'big',
    uid: '00000000-0000-4000-8000-000000000000',
    etag: 'bench',
    description: 'Redis instance shop/big on cluster local',
    annotations: {
      'odin.dev/redis-instance': 'shop/big',
      'odin.dev/redis-cluster': 'local',
      'backstage.io/kubernetes-id': 'big',
      'backstage.io/kubernetes-namespace': 'shop',
    },
  },
  spec: {
    type: 'redis',
    owner: 'group:default/platform',
    lifecycle: 'production',
  },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/platform' }],
};
const entityRef = 'resource:default/big';

/** A token the app can read (it decodes the payload for the expiry); nothing verifies it here. */
function guestToken(): string {
  const part = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ typ: 'vnd.backstage.user', alg: 'ES256' })}.${part({
    iss: `${ORIGIN}/api/auth`,
    sub: 'user:development/guest',
    aud: 'backstage',
    iat: now,
    exp: now + 3600,
  })}.c2lnbmF0dXJl`;
}

const json = (route: Route, body: unknown, status = 200) =>
  route.fulfill({
    status,
    contentType: 'application/json',
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function serveApp(context: BrowserContext, statusBody: string) {
  const token = guestToken();
  await context.route(`${ORIGIN}/**`, async route => {
    const request = route.request();
    const url = new URL(request.url());
    const api = url.pathname;
    if (api === '/api/auth/guest/refresh')
      return json(route, {
        profile: {},
        backstageIdentity: {
          token,
          identity: {
            type: 'user',
            userEntityRef: 'user:development/guest',
            ownershipEntityRefs: ['user:development/guest'],
          },
          expiresInSeconds: 3600,
        },
      });
    if (api === '/api/catalog/entities/by-name/resource/default/big')
      return json(route, entity);
    if (api === '/api/catalog/entities/by-name/resource/default/big/ancestry')
      return json(route, {
        rootEntityRef: entityRef,
        items: [{ entity, parentEntityRefs: [] }],
      });
    if (api === '/api/catalog/entities/by-refs') {
      const refs: string[] = request.postDataJSON()?.entityRefs ?? [];
      return json(route, {
        items: refs.map(ref => (ref === entityRef ? entity : null)),
      });
    }
    if (api === '/api/permission/authorize') {
      const items: { id: string }[] = request.postDataJSON()?.items ?? [];
      return json(route, {
        items: items.map(item => ({ id: item.id, result: 'ALLOW' })),
      });
    }
    if (api === '/api/redis/entities/resource/default/big/status')
      return json(route, statusBody);
    if (api.startsWith('/api/') || api.startsWith('/.backstage/'))
      return json(
        route,
        { error: { name: 'NotFoundError', message: 'not in the bench' } },
        404,
      );
    const file = path.join(dist, api);
    if (
      api.startsWith('/static/') &&
      file.startsWith(dist) &&
      fs.existsSync(file)
    )
      return route.fulfill({ path: file });
    return route.fulfill({ path: path.join(dist, 'index.html') });
  });
}

/**
 * Runs in the page: resolves with the milliseconds from `start` until the nodes table has a full first
 * page (25 pod rows below its header), a frame has been drawn with it, and a task runs after that frame.
 */
function untilNodesInteractive(start: number): Promise<number> {
  return new Promise(resolve => {
    const check = () => {
      const grid = document.querySelector(
        '[role="grid"][aria-label="Redis nodes"]',
      );
      if (grid && grid.querySelectorAll('[role="row"]').length >= 26)
        requestAnimationFrame(() =>
          setTimeout(() => resolve(performance.now() - start), 0),
        );
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    console.log(
      'tab render: skipped, no packages/app/dist (run `yarn workspace app build` first)',
    );
    return;
  }
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    console.log(`tab render: skipped, no Chromium at ${executablePath}`);
    return;
  }
  const statusBody = JSON.stringify(
    syntheticClusterStatus(SHARDS, REPLICAS_PER_SHARD),
  );
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const chromiumVersion = browser.version();
  const fromClick: number[] = [];
  const statusArrived: number[] = [];
  const secondVisit: number[] = [];
  const fromNavigation: number[] = [];
  const pageTurn: number[] = [];
  try {
    // One warm-up run, then RUNS measured ones; each in a fresh context (empty cache and storage).
    for (let run = 0; run <= RUNS; run++) {
      const context = await browser.newContext({
        viewport: { width: 1440, height: 1000 },
      });
      await serveApp(context, statusBody);
      await context.addInitScript(
        `window.untilNodesInteractive = ${untilNodesInteractive.toString()};`,
      );
      const page = await context.newPage();
      await page.goto(`${ORIGIN}/`);
      await page.getByRole('button', { name: 'Enter' }).click();
      await page
        .getByRole('link', { name: 'Catalog' })
        .first()
        .waitFor({ timeout: 30_000 });

      // From the overview (its card already showing the instance) by a click on the tab.
      await page.goto(`${ORIGIN}${ENTITY_PATH}`);
      await page
        .getByRole('article')
        .filter({ hasText: 'Healthy' })
        .getByText('Cluster slots')
        .waitFor({ timeout: 30_000 });
      const clickMs = await page.evaluate(async () => {
        const link = [...document.querySelectorAll('a')].find(anchor =>
          anchor.getAttribute('href')?.endsWith('/resource/big/redis'),
        );
        if (!link) throw new Error('no link to the Redis tab');
        const start = performance.now();
        link.click();
        const total: number = await (window as any).untilNodesInteractive(
          start,
        );
        // When the tab's own request for the status had its answer, for the split below.
        const answered = performance
          .getEntriesByType('resource')
          .filter(entry => entry.name.endsWith('/resource/default/big/status'))
          .map(entry => (entry as PerformanceResourceTiming).responseEnd)
          .filter(end => end > start);
        return {
          total,
          statusAt: answered.length > 0 ? Math.min(...answered) - start : NaN,
        };
      });

      // Again, the tab's code loaded now: back to the overview, then the tab once more.
      await page
        .getByRole('navigation', { name: 'Content navigation' })
        .getByRole('link', { name: 'Overview' })
        .click();
      await page.getByText('Cluster slots').waitFor();
      const againMs = await page.evaluate(async () => {
        const link = [...document.querySelectorAll('a')].find(anchor =>
          anchor.getAttribute('href')?.endsWith('/resource/big/redis'),
        )!;
        const start = performance.now();
        link.click();
        return (await (window as any).untilNodesInteractive(start)) as number;
      });

      // Responsive: the next page of 25 pods.
      const turnMs = await page.evaluate(async () => {
        const grid = document.querySelector(
          '[role="grid"][aria-label="Redis nodes"]',
        )!;
        const first = () =>
          grid.querySelectorAll('[role="row"]')[1]?.textContent ?? '';
        const before = first();
        const next = grid
          .closest('[role="region"]')!
          .querySelector<HTMLButtonElement>(
            'button[aria-label="Next table page"]',
          );
        if (!next) throw new Error('no next page button in the nodes panel');
        const start = performance.now();
        next.click();
        return await new Promise<number>(resolve => {
          const check = () => {
            if (first() !== before)
              requestAnimationFrame(() =>
                setTimeout(() => resolve(performance.now() - start), 0),
              );
            else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        });
      });

      // Straight to the tab: from the start of the navigation (the app loads, signs in again, asks the
      // catalog and the status) to the same point.
      await page.goto(`${ORIGIN}${ENTITY_PATH}/redis`, {
        waitUntil: 'commit',
      });
      const navigationMs = await page.evaluate(() =>
        (window as any).untilNodesInteractive(0),
      );
      if (run > 0) {
        fromClick.push(clickMs.total);
        statusArrived.push(clickMs.statusAt);
        secondVisit.push(againMs);
        pageTurn.push(turnMs);
        fromNavigation.push(navigationMs);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }

  console.log(
    `node ${process.version}, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map(load => load.toFixed(2))
      .join(' ')}; Chromium ${chromiumVersion}`,
  );
  console.log(
    `Redis tab, ${SHARDS} shards × ${REPLICAS_PER_SHARD} replicas (${
      SHARDS * (1 + REPLICAS_PER_SHARD)
    } pods, status ${(Buffer.byteLength(statusBody) / 1024).toFixed(
      0,
    )} KiB), p50 of ${RUNS} runs after a warm-up:`,
  );
  const line = (label: string, samples: number[], goal?: boolean) =>
    console.log(
      `  ${label.padEnd(44)} p50 ${median(samples)
        .toFixed(0)
        .padStart(5)} ms  (${samples
        .map(sample => sample.toFixed(0))
        .join(', ')})${
        goal
          ? `  goal ≤ ${GOAL_MS} ms: ${
              median(samples) <= GOAL_MS ? 'met' : 'MISSED'
            }`
          : ''
      }`,
    );
  line('click on the tab → nodes table interactive', fromClick, true);
  line('  of which until the status had arrived', statusArrived);
  line("again, the tab's code already loaded", secondVisit);
  line('next page of the nodes table', pageTurn);
  line('navigation to the tab → nodes table interactive', fromNavigation);
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
