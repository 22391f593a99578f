import { test, expect, USERS, currentPath, expectPageReady, gotoPage, signIn } from './fixtures';

test('signing out ends the session', async ({ page }) => {
  await signIn(page, USERS.solo);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Dashboard', exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  await expectPageReady(page, { axe: false });

  await gotoPage(page, '/', { axe: false });
  expect(currentPath(page)).toBe('/login');
});
