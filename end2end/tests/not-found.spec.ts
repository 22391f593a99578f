import { test, expect, gotoPage, mainHeading } from './fixtures';

test('an unknown address is a 404 page', async ({ page }) => {
  const response = await gotoPage(page, '/no-such-page');
  expect(response.status()).toBe(404);
  await expect(mainHeading(page)).toHaveText('Not found');
});
