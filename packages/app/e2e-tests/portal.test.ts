import { test, expect } from '@playwright/test';

test('guest signs in, finds the example Redis in the catalog and opens its page', async ({
  page,
}) => {
  await page.goto('/');

  await page.getByRole('button', { name: 'Enter' }).click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(nav.getByRole('link', { name: 'Catalog' })).toBeVisible();

  await page.goto('/catalog?filters[kind]=resource&filters[type]=redis');
  const entityLink = page.getByRole('link', {
    name: 'Inventory cache (Redis)',
  });
  await expect(entityLink).toBeVisible();

  await entityLink.click();
  await expect(page).toHaveURL(/\/catalog\/default\/resource\/inventory-cache/);
  await expect(
    page.getByRole('heading', { name: 'Inventory cache (Redis)' }),
  ).toBeVisible();
  await expect(
    page
      .getByText('group:platform')
      .or(page.getByRole('link', { name: 'platform' }))
      .first(),
  ).toBeVisible();
});
