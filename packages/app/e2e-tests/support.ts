// Shared steps of the Redis browser tests: signing in, the sandbox cluster (tools/k8s-testenv with the
// redis-sandbox controller, as make test starts them), applying orders with the project's CLI, waiting
// for the entity provider, and the README's screenshots.
import { expect, type Locator, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
const k8sStateDir =
  process.env.K8S_STATE_DIR ?? path.join(repoRoot, '.cache', 'k8s');

/** Skips the test unless make test (or an equivalent run) gave the portal the sandbox cluster. */
export const needsSandbox = [
  !process.env.PORTAL_SANDBOX_CLUSTER,
  'needs the sandbox cluster: run through make test',
] as const;

export async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog' }),
  ).toBeVisible();
}

/**
 * Opens the order template's form. Right after the portal starts, the catalog may not have read the
 * template's location yet (the page then says 404 and does not ask again), so it is opened again until
 * its first field shows.
 */
export async function openOrderTemplate(page: Page) {
  await expect(async () => {
    await page.goto('/create/templates/default/redis');
    await expect(page.getByLabel('Instance name')).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 120_000 });
}

/**
 * With SCREENSHOTS=1, writes docs/images/<name>.png (the README shows them); otherwise does nothing, so
 * make test leaves the committed images alone.
 */
export async function screenshotForDocs(
  target: Page | Locator,
  name: string,
  options: { fullPage?: boolean } = {},
) {
  if (process.env.SCREENSHOTS !== '1') return;
  const file = path.join(repoRoot, 'docs', 'images', `${name}.png`);
  if (!('mainFrame' in target)) {
    await target.screenshot({ path: file, animations: 'disabled' });
    return;
  }
  const viewport = target.viewportSize();
  if (options.fullPage && viewport) {
    // As tall as the page, rather than fullPage: the fixed sidebar then runs down the whole image.
    const height = await target.evaluate(
      () => document.documentElement.scrollHeight,
    );
    await target.setViewportSize({ width: viewport.width, height });
    await target.screenshot({ path: file, animations: 'disabled' });
    await target.setViewportSize(viewport);
  } else await target.screenshot({ path: file, animations: 'disabled' });
}

/** `redis-flavour apply FILE --wait`: the order is applied to the sandbox and its pods are ready. */
export async function applyOrder(
  order: unknown,
  file: string,
  timeoutSeconds = 120,
) {
  fs.writeFileSync(file, JSON.stringify(order, null, 2));
  await run(
    process.execPath,
    [
      path.join(repoRoot, 'packages', 'cli', 'bin', 'redis-flavour'),
      'apply',
      file,
      '--kubeconfig',
      path.join(k8sStateDir, 'kubeconfig'),
      '--owner',
      'group:default/platform',
      '--wait',
      '--timeout',
      String(timeoutSeconds),
    ],
    { cwd: repoRoot, timeout: (timeoutSeconds + 30) * 1000 },
  );
}

/** SIGKILLs the Redis process behind a sandbox pod (`make sandbox-kill`). */
export async function killPod(namespace: string, pod: string) {
  await run(process.execPath, [
    path.join(repoRoot, 'tools', 'redis-sandbox', 'bin', 'redis-sandbox'),
    'kill',
    `${namespace}/${pod}`,
  ]);
}

/** The pods of an instance whose `redis-role` label is `master`, as the sandbox keeps that label. */
export async function masterPods(
  namespace: string,
  instance: string,
): Promise<string[]> {
  const env = fs.readFileSync(path.join(k8sStateDir, 'env.sh'), 'utf8');
  const server = /K8S_TESTENV_SERVER='([^']+)'/.exec(env)?.[1];
  if (!server)
    throw new Error(`no K8S_TESTENV_SERVER in ${k8sStateDir}/env.sh`);
  const url = new URL(
    `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(
      `app.kubernetes.io/instance=${instance},redis-role=master`,
    )}`,
    server,
  );
  const body = await new Promise<string>((resolve, reject) => {
    const request = https.get(
      url,
      {
        ca: fs.readFileSync(path.join(k8sStateDir, 'pki', 'ca.crt')),
        headers: {
          authorization: `Bearer ${fs
            .readFileSync(path.join(k8sStateDir, 'admin-token'), 'utf8')
            .trim()}`,
        },
        timeout: 5000,
      },
      response => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', chunk => (text += chunk));
        response.on('end', () =>
          response.statusCode === 200
            ? resolve(text)
            : reject(new Error(`GET ${url}: HTTP ${response.statusCode}`)),
        );
      },
    );
    request.on('error', reject);
    request.on('timeout', () => request.destroy(new Error('timed out')));
  });
  return (JSON.parse(body).items as { metadata: { name: string } }[]).map(
    pod => pod.metadata.name,
  );
}

/**
 * Opens an entity page of a Redis instance, reloading until the entity provider (every 30 s) has put
 * the entity into the catalog and its Redis card shows.
 */
export async function openRedisEntity(
  page: Page,
  name: string,
  timeout = 100_000,
) {
  await expect(async () => {
    await page.goto(`/catalog/default/resource/${name}`);
    await expect(page.getByText('Entity not found')).toHaveCount(0);
    await expect(redisCard(page)).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout, intervals: [2_000] });
}

/** The Redis card of the entity overview. */
export function redisCard(page: Page): Locator {
  return page
    .getByRole('article')
    .filter({ has: page.getByRole('heading', { name: 'Redis', level: 3 }) });
}

/** The value next to a label in the card's or tab's facts (a description list). */
export function fact(scope: Locator, label: string): Locator {
  return scope
    .locator('dt')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .locator('xpath=following-sibling::dd[1]');
}
