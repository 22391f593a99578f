import {
  test,
  expect,
  USERS,
  DEMO_PASSWORD,
  currentPath,
  dataRows,
  expectPageReady,
  gotoPage,
  mainHeading,
  signIn,
} from './fixtures';
import type { Page } from '@playwright/test';

/** The `<dt>` -> `<dd>` pairs of the page, first occurrence of each term. */
async function definitions(page: Page): Promise<Map<string, string>> {
  const terms = await page.getByRole('term').allInnerTexts();
  const values = await page.getByRole('definition').allInnerTexts();
  expect(values.length, 'every <dt> has its <dd>').toBe(terms.length);
  const map = new Map<string, string>();
  terms.forEach((term, i) => {
    if (!map.has(term.trim())) map.set(term.trim(), values[i].trim());
  });
  return map;
}

function count(value: string | undefined): number {
  expect(value, 'a count').toMatch(/^\d[\d,]*$/);
  return Number(value!.replaceAll(',', ''));
}

test.describe('sign in', () => {
  test('the owner sees the organization dashboard', async ({ page }) => {
    await signIn(page, USERS.owner);
    expect(currentPath(page)).toBe('/');
    await expect(mainHeading(page)).toHaveText('Acme Corp');
    await expect(page.getByRole('heading', { level: 2, name: 'Licenses by status' })).toBeVisible();
    const dl = await definitions(page);
    const statuses = ['Active', 'Suspended', 'Revoked', 'Expired'].map((s) => count(dl.get(s)));
    count(dl.get('Expiring within 30 days'));
    expect(statuses.reduce((a, b) => a + b, 0), 'Acme has licenses').toBeGreaterThan(0);
  });

  for (const email of [USERS.member, USERS.viewer, USERS.solo]) {
    test(`${email} sees their licenses`, async ({ page }) => {
      await signIn(page, email);
      expect(currentPath(page)).toBe('/');
      await expect(mainHeading(page)).toHaveText('Your licenses');
      const table = page
        .getByRole('table')
        .filter({ has: page.getByRole('columnheader', { name: 'Key', exact: true }) })
        .first();
      expect(await dataRows(table).count(), 'at least one license row').toBeGreaterThan(0);
    });
  }

  test('vendor staff see the vendor dashboard', async ({ page }) => {
    await signIn(page, USERS.admin);
    expect(currentPath(page)).toBe('/vendor');
    await expect(mainHeading(page)).toHaveText('Vendor dashboard');
    await expect(page.getByRole('term').filter({ hasText: /^Customers$/ })).toBeVisible();
    count((await definitions(page)).get('Customers'));
  });

  test('a wrong password is refused with an alert', async ({ page }) => {
    await gotoPage(page, '/login');
    await page.getByLabel('Email', { exact: true }).fill(USERS.globexOwner);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText('The email or password is not correct.');
    expect(currentPath(page)).toBe('/login');
    await expectPageReady(page);
    // The email typed stays and the wrong password is gone: only the password is typed again.
    await expect(page.getByLabel('Email', { exact: true })).toHaveValue(USERS.globexOwner);
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('a visitor without a session is sent to the sign-in page', async ({ page }) => {
    await gotoPage(page, '/');
    expect(currentPath(page)).toBe('/login');
    await expect(mainHeading(page)).toHaveText('Sign in');
  });
});
