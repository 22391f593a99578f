// Branding: staff change the primary colour, see it in the preview before publishing, publish,
// and a customer's portal shows it. The published branding is put back to Keyport's default
// at the end (the demo database is shared by both projects, which run one after the other).
import {
  test,
  expect,
  USERS,
  gotoPage,
  signIn,
  signOutQuietly,
  expectPageReady,
  isHydratedRun,
  mainHeading,
  confirmAction,
  destructive,
} from './fixtures';
import type { Page } from '@playwright/test';

const COLOUR = '#7c3aed';
const COLOUR_RGB = 'rgb(124, 58, 237)';
const DEFAULT_RGB = 'rgb(29, 78, 216)';

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
    // The customer dashboard, over the account's own licenses, in the draft's colours.
    const dashboard = page.frameLocator('[data-testid="preview-dashboard"]');
    await expect(dashboard.getByRole('heading', { level: 1 })).toHaveText('Your customers (preview)');
    await expect(dashboard.locator('header .brand')).toHaveText('Northwind Portal');

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
    await expect(page).toHaveTitle('Sign in · Northwind Portal');
    await signIn(page, USERS.solo);
    expect(await primaryOf(page)).toBe(COLOUR);
    await expect(page.locator('header .brand')).toHaveText('Northwind Portal');
    // The portal's name in every title, also after a client-side navigation.
    await expect(page).toHaveTitle(/ · Northwind Portal$/);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Licenses', exact: true }).click();
    await expect(mainHeading(page)).toHaveText('Licenses');
    await expect(page).toHaveTitle('Licenses · Northwind Portal');
    // An address that is no page: the portal's name, header and colours too.
    const missing = await gotoPage(page, '/no-such-page');
    expect(missing.status()).toBe(404);
    await expect(page).toHaveTitle('Not found · Northwind Portal');
    await expect(page.locator('header .brand')).toHaveText('Northwind Portal');
    await expect(page.getByRole('link', { name: 'Go to your dashboard' })).toHaveCSS('color', COLOUR_RGB);
  } finally {
    await signOutQuietly(page);
    await signIn(page, USERS.admin);
    await saveDraft(page, '', '');
    await publish(page);
  }
  await signOutQuietly(page);
  await gotoPage(page, '/login', { axe: false });
  expect(await primaryOf(page)).toBe('#1d4ed8');
  // Without a portal name the vendor account's name stands in.
  await expect(page).toHaveTitle('Sign in · Northwind Software');
});

test('what staff type shows in the preview at once when hydrated, and only on save without JavaScript', async ({
  page,
}) => {
  test.slow();
  await signIn(page, USERS.admin);
  await saveDraft(page, '', '');
  await publish(page);
  await gotoPage(page, '/vendor/settings/branding');
  const login = page.frameLocator('[data-testid="preview-login"]');
  const dashboard = page.frameLocator('[data-testid="preview-dashboard"]');
  const signInButton = login.getByRole('button', { name: 'Sign in' });
  await expect(signInButton).toHaveCSS('background-color', DEFAULT_RGB);
  await expect(dashboard.getByRole('heading', { level: 1 })).toBeVisible();
  if (isHydratedRun()) {
    // The panes are real pages that hydrate too; write into them once they have.
    await expect(login.locator('html[data-hydrated="true"]')).toHaveCount(1);
    await expect(dashboard.locator('html[data-hydrated="true"]')).toHaveCount(1);
  }
  const form = page.getByRole('form', { name: 'Branding draft' });
  const primary = form.getByLabel('Primary colour', { exact: true });
  await primary.fill(COLOUR);
  await form.getByLabel('Portal name', { exact: true }).fill('Typed Portal');
  if (isHydratedRun()) {
    await expect(signInButton).toHaveCSS('background-color', COLOUR_RGB);
    await expect(login.getByText('Typed Portal')).toBeVisible();
    await expect(dashboard.locator('header .brand')).toHaveText('Typed Portal');
    await expect(page.getByTestId('preview-unsaved')).toContainText('Save the draft to keep it');
    // A half-typed colour never reaches the panes: they keep the saved draft's.
    await primary.fill('#7c3');
    await expect(signInButton).toHaveCSS('background-color', DEFAULT_RGB);
  } else {
    await expect(signInButton).toHaveCSS('background-color', DEFAULT_RGB);
    await expect(login.getByText('Typed Portal')).toHaveCount(0);
    await expect(page.getByTestId('preview-unsaved')).toHaveText('');
  }
  // Typing saved nothing: leaving the page keeps the draft as customers see it.
  await gotoPage(page, '/vendor/settings/branding', { axe: false });
  await expect(page.getByTestId('branding-state')).toContainText('is what customers see');
  await expect(login.getByText('Typed Portal')).toHaveCount(0);
  await signOutQuietly(page);
});

// A valid 1x1 PNG, written here (no fixture file, no download); the last byte makes this
// run's image distinct (viewers ignore bytes after IEND).
function pngBytes(): Buffer {
  const base = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
    'base64',
  );
  return Buffer.concat([base, Buffer.from([Date.now() % 251])]);
}

async function uploadLogo(page: Page, name: string, buffer: Buffer, mimeType: string): Promise<void> {
  await gotoPage(page, '/vendor/settings/branding', { axe: false });
  const form = page.getByRole('form', { name: 'Upload logo' });
  await form.getByLabel('Logo image').setInputFiles({ name, mimeType, buffer });
  await form.getByRole('button', { name: 'Upload logo' }).click();
}

async function removeLogoAndPublish(page: Page): Promise<void> {
  await gotoPage(page, '/vendor/settings/branding', { axe: false });
  if (await destructive(page, { label: 'Remove logo' }).count()) {
    await confirmAction(page, 'Remove logo');
    await expect(page.getByRole('status').filter({ hasText: 'Logo removed' })).toBeVisible();
  }
  await publish(page);
}

/** The logo is there and its image really loaded (a broken image has no natural width). */
async function expectLogoLoaded(logo: ReturnType<Page['getByTestId']>): Promise<void> {
  await expect(logo).toBeVisible();
  await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
}

test('a logo is checked, previewed, then published to customers', async ({ page }) => {
  test.slow();
  await signIn(page, USERS.admin);
  await removeLogoAndPublish(page);
  try {
    // An SVG renamed .png is refused by its content, with the reason.
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await uploadLogo(page, 'logo.png', svg, 'image/png');
    await expect(page.getByRole('alert').filter({ hasText: 'SVG or HTML' })).toBeVisible();
    await expect(page.getByTestId('draft-logo')).toHaveCount(0);

    await uploadLogo(page, 'logo.png', pngBytes(), 'image/png');
    await expect(page.getByRole('status').filter({ hasText: 'Logo uploaded to the draft.' })).toBeVisible();
    await expectPageReady(page);
    await expectLogoLoaded(page.getByTestId('draft-logo'));
    const preview = page.frameLocator('[data-testid="preview-login"]');
    await expectLogoLoaded(preview.getByTestId('brand-logo'));

    // Customers do not see the draft's logo.
    await signOutQuietly(page);
    await gotoPage(page, '/login', { axe: false });
    await expect(page.getByTestId('brand-logo')).toHaveCount(0);

    await signIn(page, USERS.admin);
    await gotoPage(page, '/vendor/settings/branding', { axe: false });
    await publish(page);

    await signOutQuietly(page);
    await gotoPage(page, '/login');
    await expectLogoLoaded(page.getByTestId('brand-logo'));
    await signIn(page, USERS.solo);
    await expectLogoLoaded(page.locator('header').getByTestId('brand-logo'));
  } finally {
    await signOutQuietly(page);
    await signIn(page, USERS.admin);
    await removeLogoAndPublish(page);
  }
});
