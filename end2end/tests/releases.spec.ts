import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  test,
  expect,
  USERS,
  gotoPage,
  mainHeading,
  signIn,
  destructive,
} from './fixtures';

test('a customer sees eligible and ineligible releases and downloads a verified file', async ({ page }) => {
  await signIn(page, USERS.solo);
  await gotoPage(page, '/releases');
  await expect(mainHeading(page)).toHaveText('Releases');

  const releases = page.getByTestId('release');
  await expect(releases.first()).toBeVisible();
  const ineligible = releases.filter({ hasText: 'Not eligible: your license includes the stable channel, not beta' });
  await expect(ineligible).toHaveCount(1);
  await expect(ineligible.getByRole('link', { name: /^Download / })).toHaveCount(0);

  const latest = releases.filter({ has: page.getByTestId('latest') }).first();
  await expect(latest.getByTestId('eligibility')).toHaveText('Eligible');
  const expected = (await latest.getByTestId('sha256').first().textContent())!.trim();
  const link = latest.getByRole('link', { name: /^Download / }).first();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const bytes = await readFile((await download.path())!);
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(expected);
});

test('an expired license explains why newer releases are out of reach', async ({ page }) => {
  await signIn(page, USERS.solo);
  await gotoPage(page, '/licenses?status=expired', { axe: false });
  const first = page.getByRole('link', { name: /^KP-/ }).first();
  const href = await first.getAttribute('href');
  await gotoPage(page, `${href}/releases`);
  await expect(page.getByTestId('eligibility').filter({ hasText: /^Not eligible: your license ended on \d{4}-\d{2}-\d{2}; this release is from \d{4}-\d{2}-\d{2}$/ }).first()).toBeVisible();
});

test('a viewer sees releases without download buttons', async ({ page }) => {
  await signIn(page, USERS.viewer);
  await gotoPage(page, '/releases');
  await expect(page.getByTestId('release').first()).toBeVisible();
  await expect(page.getByRole('link', { name: /^Download / })).toHaveCount(0);
});

test('vendor staff list every release, drafts and yank buttons included', async ({ page }) => {
  await signIn(page, USERS.admin);
  await gotoPage(page, '/vendor/releases');
  const rows = page.getByTestId('vendor-release');
  await expect(rows.filter({ hasText: '2.5.0-beta.1' })).toHaveCount(1);
  await expect(destructive(page, { prefix: 'Yank ' }).first()).toBeVisible();
});
