import {
  test,
  expect,
  USERS,
  expectPageReady,
  isHydratedRun,
  listLicenses,
  mainHeading,
  signIn,
} from './fixtures';

test('a license shows its key and its machines', async ({ page }) => {
  await signIn(page, USERS.owner);
  const [first] = await listLicenses(page, () => true);
  expect(first, 'the owner has a license').toBeDefined();

  await page.getByRole('link', { name: first.key, exact: true }).first().click();
  await page.waitForURL((url) => url.pathname === new URL(first.href, url).pathname);
  await expectPageReady(page, { axe: false });

  await expect(mainHeading(page)).not.toHaveText('');
  await expect(mainHeading(page)).not.toHaveText('Not found');
  await expect(page.getByTestId('license-key')).toHaveText(first.key);
  // Hydrated, "Copy key" copies; without JavaScript it could not, so it is not offered, and one
  // click selects the whole key instead.
  const key = page.getByTestId('license-key');
  expect(await key.evaluate((el) => getComputedStyle(el).userSelect)).toBe('all');
  if (isHydratedRun()) {
    await page.getByRole('button', { name: 'Copy key', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Copied.' })).toBeVisible();
  } else {
    await expect(page.getByRole('button', { name: 'Copy key', exact: true })).toHaveCount(0);
    await key.click();
    expect(await page.evaluate(() => String(window.getSelection()))).toBe(first.key);
  }
  for (const header of ['Hostname', 'OS', 'Fingerprint', 'Mode', 'Activated', 'Last seen']) {
    await expect(page.getByRole('columnheader', { name: header, exact: true })).toBeVisible();
  }
  await expectPageReady(page);
});
