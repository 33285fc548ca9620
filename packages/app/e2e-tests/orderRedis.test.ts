import { test, expect } from '@playwright/test';
import { openOrderTemplate } from './support';

// Orders a Redis from the template's form: rendered, applied to the sandbox cluster "local"
// (tools/k8s-testenv, configured by make test), run by the sandbox's stand-in operator until its pods
// are ready, and discovered into the catalog by the entity provider.
test('a developer orders a Redis from the template and finds it in the catalog', async ({
  page,
}) => {
  test.skip(
    !process.env.PORTAL_SANDBOX_CLUSTER,
    'needs the sandbox cluster: run through make test',
  );
  test.setTimeout(180_000);
  const name = 'e2e-orders';

  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Create' }),
  ).toBeVisible();
  await openOrderTemplate(page);

  await page.getByLabel('Instance name').fill(name);
  // Not the entity provider's default owner (platform), so the owner on the entity proves the round trip.
  await page.getByLabel('Owner').fill('payments');
  await page
    .getByRole('option', { name: /payments/ })
    .first()
    .click();
  // The cluster picker lists the clusters the portal knows; the only one, the sandbox, is preselected.
  await expect(page.getByRole('button', { name: /Cluster/ })).toHaveText(
    /local/,
  );
  // "Wait until ready" stays on: the sandbox (tools/redis-sandbox) runs the pods, so the apply step
  // only finishes, and the template's output only shows, once every pod of the order is ready.
  await expect(page.getByLabel('Wait until ready')).toBeChecked();
  // Every other setting keeps the default the form shows.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page.getByRole('heading', { name: 'General settings' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('textbox', { name: 'Namespace' })).toHaveValue(
    'redis',
  );
  await page.getByRole('button', { name: 'Review' }).click();

  await expect(page.getByText(name).first()).toBeVisible();
  await page.getByRole('button', { name: 'Create' }).click();

  await expect(
    page.getByText('Render manifests', { exact: true }),
  ).toBeVisible();
  await expect(page.getByText(`password in Secret ${name}-auth`)).toBeVisible({
    timeout: 60_000,
  });
  await expect(
    page.getByText(`Applied Redis redis/${name}`).first(),
  ).toBeVisible();
  // The wait's last progress line: every wanted pod is ready.
  await expect(
    page.getByText(new RegExp(`${name}: pods ready (\\d+)/\\1 `)).first(),
  ).toBeVisible();

  // The entity provider lists the sandbox every 30 s; the page shows the name even while the
  // entity is missing, so wait for its About card's owner: the one chosen in the form, carried by
  // the custom resource's annotation.
  await expect(async () => {
    await page.goto(`/catalog/default/resource/${name}`);
    await expect(page.getByText('Entity not found')).toHaveCount(0);
    await expect(
      page.getByRole('link', { name: 'payments' }).first(),
    ).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 100_000 });
});
