import { test, expect, type Page } from '@playwright/test';
import {
  fact,
  needsSandbox,
  openOrderTemplate,
  redisCard,
  screenshotForDocs,
  signIn,
} from './support';

// The template's flavour step is the RedisOrder field: sections, inline issues from redis-common's
// validator, and beside them a live preview of the objects, the cost and the connection.
const NAME = 'e2e-sentinel';

const costTotal = (page: Page) =>
  page
    .getByRole('complementary', { name: 'Preview' })
    .getByText(/^\d+(\.\d+)? USD a month$/);

test('a developer orders a sentinel Redis through the order form, its preview and its checks', async ({
  page,
}) => {
  test.skip(...needsSandbox);
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signIn(page);
  await openOrderTemplate(page);

  await page.getByLabel('Instance name').fill(NAME);
  await page.getByLabel('Owner').fill('platform');
  await page
    .getByRole('option', { name: /platform/ })
    .first()
    .click();
  // The portal knows one cluster, so the picker has chosen it.
  await expect(
    page.getByRole('button', { name: /Cluster/ }).filter({ hasText: 'local' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page.getByRole('heading', { name: 'General settings' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();

  // Standalone first: one Redis, no sentinel objects.
  const preview = page.getByRole('complementary', { name: 'Preview' });
  await expect(
    preview.getByRole('tab', { name: `Redis ${NAME}`, exact: true }),
  ).toBeVisible();
  await expect(
    preview.getByRole('tab', { name: /^RedisSentinel / }),
  ).toHaveCount(0);
  await expect(costTotal(page)).toBeVisible();
  const standaloneCost = await costTotal(page).textContent();

  // The radio's input is visually hidden (react-aria): click its label, as a user does.
  await page
    .getByRole('radiogroup', { name: 'Deployment mode' })
    .getByText('sentinel', { exact: true })
    .click();
  await expect(page.getByRole('radio', { name: 'sentinel' })).toBeChecked();
  await expect(
    preview.getByRole('tab', { name: `RedisReplication ${NAME}` }),
  ).toBeVisible();
  await expect(
    preview.getByRole('tab', { name: `RedisSentinel ${NAME}` }),
  ).toBeVisible();
  await expect(
    preview.getByRole('tab', { name: `Redis ${NAME}`, exact: true }),
  ).toHaveCount(0);
  await expect(costTotal(page)).not.toHaveText(standaloneCost!);
  await expect(
    preview.getByText(/Connect through the sentinels/),
  ).toBeVisible();
  await preview.getByRole('tab', { name: `RedisSentinel ${NAME}` }).click();
  await expect(
    preview.getByRole('tabpanel', { name: `RedisSentinel ${NAME}` }),
  ).toContainText('kind: RedisSentinel');
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshotForDocs(page, 'order-form');

  // A quorum above the 3 sentinels: the error shows at the field, and Review does not go on.
  const highAvailability = page.getByRole('button', {
    name: /^High availability/,
  });
  if ((await highAvailability.getAttribute('aria-expanded')) !== 'true')
    await highAvailability.click();
  const quorum = page.getByRole('textbox', { name: 'Quorum' });
  await quorum.fill('4');
  await expect(quorum).toHaveAttribute('aria-invalid', 'true');
  await expect(quorum).toHaveAccessibleDescription(
    /quorum 4 can never be reached with 3 sentinels; use at most 3/,
  );
  await expect(
    page.getByRole('button', { name: /^High availability.*Errors: 1/ }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();
  // The step's validation ran (the form lists the error by its path) and kept the flavour step.
  await expect(
    page.getByText(/sentinel\.quorum: quorum 4 can never be reached/).first(),
  ).toBeVisible();
  await expect(quorum).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create' })).toHaveCount(0);

  await quorum.fill('2');
  await expect(quorum).not.toHaveAttribute('aria-invalid');
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(NAME).first()).toBeVisible();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task renders and applies the order; "Wait until ready" stays on, so its output links to the
  // entity once every pod of the order is ready.
  const entityLink = page.getByRole('link', {
    name: /Open in the catalog/,
  });
  await expect(entityLink).toBeVisible({ timeout: 90_000 });
  await entityLink.click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/resource/${NAME}$`),
  );
  // The entity provider lists the sandbox every 30 s; until then the page says the entity is missing.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText('Entity not found')).toHaveCount(0);
    await expect(redisCard(page)).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 70_000, intervals: [2_000] });
  await expect(fact(redisCard(page), 'Mode')).toHaveText('Sentinel');
  await expect(
    page.getByRole('link', { name: 'platform' }).first(),
  ).toBeVisible();
});
