// Branding: staff change the primary colour, see it in the preview before publishing, publish,
// and a customer's portal shows it. The published branding is put back to Keyport's default
// at the end (the demo database is shared by both projects, which run one after the other).
import { test, expect, USERS, gotoPage, signIn, signOutQuietly, expectPageReady } from './fixtures';
import type { Page } from '@playwright/test';

const COLOUR = '#7c3aed';
const COLOUR_RGB = 'rgb(124, 58, 237)';

async function primaryOf(page: Page): Promise<string> {
  return page.evaluate(() =>
    getComputedStyle(document.documentElement).getPropertyValue('--kp-primary').trim(),
  );
}

async function saveDraft(page: Page, primary: string, portalName: string): Promise<void> {
  await gotoPage(page, '/vendor/settings/branding', { axe: false });
  const form = page.getByRole('form', { name: 'Branding draft' });
  await form.getByLabel('Primary colour', { exact: true }).fill(primary);
  await form.getByLabel('Portal name', { exact: true }).fill(portalName);
  await form.getByRole('button', { name: 'Save draft', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();
}

async function publish(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Branding published.' })).toBeVisible();
}

test('a branded primary colour is previewed, then published to customers', async ({ page }) => {
  // Many sign-ins and page loads: give it three times the usual time.
  test.slow();
  await signIn(page, USERS.admin);
  // Start from Keyport's default whatever an earlier run left behind.
  await saveDraft(page, '', '');
  await publish(page);
  await gotoPage(page, '/vendor/settings/branding');
  try {
    // A colour that fails WCAG AA is refused with its measured ratio.
    const form = page.getByRole('form', { name: 'Branding draft' });
    await form.getByLabel('Primary colour', { exact: true }).fill('#ffff00');
    await form.getByRole('button', { name: 'Save draft', exact: true }).click();
    await expect(page.getByText(/1\.03:1/)).toBeVisible();

    await saveDraft(page, COLOUR, 'Northwind Portal');
    await expectPageReady(page);
    await expect(page.getByTestId('branding-state')).toContainText('do not see yet');
    const preview = page.frameLocator('[data-testid="preview-login"]');
    await expect(preview.getByText('Northwind Portal')).toBeVisible();
    await expect(preview.getByRole('button', { name: 'Sign in' })).toHaveCSS(
      'background-color',
      COLOUR_RGB,
    );

    // Customers do not see the draft.
    await signOutQuietly(page);
    await gotoPage(page, '/login', { axe: false });
    expect(await primaryOf(page)).toBe('#1d4ed8');

    await signIn(page, USERS.admin);
    await gotoPage(page, '/vendor/settings/branding', { axe: false });
    await publish(page);

    await signOutQuietly(page);
    await gotoPage(page, '/login');
    expect(await primaryOf(page)).toBe(COLOUR);
    await signIn(page, USERS.solo);
    expect(await primaryOf(page)).toBe(COLOUR);
    await expect(page.locator('header .brand')).toHaveText('Northwind Portal');
  } finally {
    await signOutQuietly(page);
    await signIn(page, USERS.admin);
    await saveDraft(page, '', '');
    await publish(page);
  }
  await signOutQuietly(page);
  await gotoPage(page, '/login', { axe: false });
  expect(await primaryOf(page)).toBe('#1d4ed8');
});
