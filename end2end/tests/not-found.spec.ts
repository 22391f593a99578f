import { test, expect, USERS, currentPath, gotoPage, mainHeading, signIn } from './fixtures';

test('an unknown address is a 404 page', async ({ page }) => {
  const response = await gotoPage(page, '/no-such-page');
  expect(response.status()).toBe(404);
  await expect(mainHeading(page)).toHaveText('Not found');
});

// The 404 page is outside the signed-in layout: following its link enters the layout from the
// browser (with JavaScript, a client-side navigation), which loads the dashboard in full for
// whoever is signed in.
test('the 404 page leads a signed-in user to their dashboard', async ({ page }) => {
  await signIn(page, USERS.owner);
  await gotoPage(page, '/no-such-page');
  await page.getByRole('link', { name: 'Go to your dashboard' }).click();
  await expect(mainHeading(page)).toHaveText('Acme Corp');
  expect(currentPath(page)).toBe('/');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Licenses by status' })).toBeVisible();
});
