// The vendor console: allowed actions change what customers see; view as customer is
// read-only with a banner. Every setting changed here is put back in `finally` (the demo
// database is shared by both projects, which run one after the other).
import {
  test,
  expect,
  USERS,
  DEMO_PASSWORD,
  gotoPage,
  mainHeading,
  signIn,
  signOutQuietly,
  expectPageReady,
} from './fixtures';
import type { Page } from '@playwright/test';

async function setAction(page: Page, id: string, enabled: boolean): Promise<void> {
  await gotoPage(page, '/vendor/settings/portal', { axe: false });
  const form = page.getByRole('form', { name: 'Allowed customer actions' });
  await form.getByLabel(`Enable ${id}`, { exact: true }).setChecked(enabled);
  await form.getByRole('button', { name: 'Save allowed actions', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Allowed actions saved.' })).toBeVisible();
}

async function setPortalEnabled(page: Page, enabled: boolean): Promise<void> {
  await gotoPage(page, '/vendor/settings/portal', { axe: false });
  const form = page.getByRole('form', { name: 'Portal modes' });
  await form.getByLabel('Portal enabled', { exact: true }).setChecked(enabled);
  await form.getByRole('button', { name: 'Save modes', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Portal modes saved.' })).toBeVisible();
}

/** Signs staff in from `/login?staff=1`, the link of the "portal unavailable" page. */
async function staffSignIn(page: Page): Promise<void> {
  await gotoPage(page, '/login?staff=1', { axe: false });
  await expect(mainHeading(page)).toHaveText('Vendor staff sign-in');
  await page.getByLabel('Email', { exact: true }).fill(USERS.admin);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
  await expectPageReady(page, { axe: false });
}

test.describe('vendor console', () => {
  // Several sign-ins per test: on a loaded machine they need more than the default 30 s.
  test.slow();
  test('staff see the portal settings; a disabled action disappears for customers', async ({
    page,
  }) => {
    await signIn(page, USERS.admin);
    await gotoPage(page, '/vendor/settings/portal');
    await expect(mainHeading(page)).toHaveText('Portal settings');
    await expect(page.getByRole('heading', { name: 'Permission matrix' })).toBeVisible();
    await expect(page.getByTestId('role-summaries')).toContainText('Viewer');

    try {
      await setAction(page, 'licenses.view', false);
      await expect(
        page
          .getByRole('form', { name: 'Allowed customer actions' })
          .getByLabel('Enable licenses.view', { exact: true }),
      ).not.toBeChecked();

      await signOutQuietly(page);
      await signIn(page, USERS.solo);
      const nav = page.getByRole('navigation', { name: 'Main' });
      await expect(nav.getByRole('link', { name: 'Dashboard', exact: true })).toBeVisible();
      await expect(nav.getByRole('link', { name: 'Licenses', exact: true })).toHaveCount(0);
      await expect(nav.getByRole('link', { name: 'Settings', exact: true })).toHaveCount(0);
    } finally {
      await signOutQuietly(page);
      await signIn(page, USERS.admin);
      await setAction(page, 'licenses.view', true);
    }
    await signOutQuietly(page);
    await signIn(page, USERS.solo);
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Licenses', exact: true }),
    ).toBeVisible();
  });

  test('view as customer shows their dashboard with a banner and refuses a change', async ({
    page,
  }) => {
    await signIn(page, USERS.admin);
    await gotoPage(page, '/vendor/view-as');
    await expect(mainHeading(page)).toHaveText('View as customer');
    const picker = page.getByRole('form', { name: 'Choose a customer' });
    const select = picker.getByLabel('Customer user', { exact: true });
    const member = await select.locator('option', { hasText: USERS.member }).getAttribute('value');
    await select.selectOption(member ?? '');
    await picker.getByRole('button', { name: 'View portal as this user', exact: true }).click();

    await page.waitForURL((url) => url.pathname === '/');
    await expectPageReady(page);
    const banner = page.getByTestId('view-as-banner');
    await expect(banner).toContainText('Viewing as Max Member');
    await expect(mainHeading(page)).toHaveText('Your licenses');

    await gotoPage(page, '/profile', { axe: false });
    const form = page.getByRole('form', { name: 'Profile details' });
    await form.getByLabel('First name', { exact: true }).fill('Changed by staff');
    await form.getByLabel('Current password', { exact: true }).fill(DEMO_PASSWORD);
    await form.getByRole('button', { name: 'Save profile', exact: true }).click();
    await expect(
      page.getByText(/viewing as a customer is read-only|You do not have permission to do that/).first(),
    ).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Profile saved.' })).toHaveCount(0);

    await page.getByRole('button', { name: 'End view as customer', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/vendor/view-as');
    await expectPageReady(page);
    await expect(page.getByTestId('view-as-banner')).toHaveCount(0);
    await expect(page.getByRole('status')).toHaveText('You are back in the vendor console.');

    // The member's name is unchanged.
    await signOutQuietly(page);
    await signIn(page, USERS.member);
    await gotoPage(page, '/profile', { axe: false });
    await expect(
      page.getByRole('form', { name: 'Profile details' }).getByLabel('First name', { exact: true }),
    ).toHaveValue('Max');
  });

  // Viewing as a customer shows that customer's own navigation (issue 15, item 4): the sections
  // they may open, not the staff's.
  test("view as customer shows the viewed customer's navigation", async ({ page }) => {
    const viewAs = async (email: string) => {
      await gotoPage(page, '/vendor/view-as', { axe: false });
      const picker = page.getByRole('form', { name: 'Choose a customer' });
      const select = picker.getByLabel('Customer user', { exact: true });
      const value = await select.locator('option', { hasText: `<${email}>` }).getAttribute('value');
      await select.selectOption(value ?? '');
      await picker.getByRole('button', { name: 'View portal as this user', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await expect(page.getByTestId('view-as-banner')).toBeVisible();
    };
    const end = async () => {
      await page.getByRole('button', { name: 'End view as customer', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/vendor/view-as');
    };
    const nav = page.getByRole('navigation', { name: 'Main' });
    await signIn(page, USERS.admin);

    await viewAs(USERS.owner);
    await expect(nav.getByRole('link', { name: 'Organization', exact: true })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Settings', exact: true })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: 'Licensing', exact: true })).toHaveCount(0);
    await end();

    await viewAs(USERS.solo);
    await expect(nav.getByRole('link', { name: 'Licenses', exact: true })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Organization', exact: true })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: 'Settings', exact: true })).toHaveCount(0);
    await end();
    await expect(nav.getByRole('link', { name: 'Settings', exact: true })).toBeVisible();
  });

  test('with the portal off visitors get the branded unavailable page and staff still sign in', async ({
    page,
  }) => {
    await signIn(page, USERS.admin);
    try {
      await setPortalEnabled(page, false);
      await signOutQuietly(page);
      await gotoPage(page, '/');
      expect(new URL(page.url()).pathname).toBe('/unavailable');
      await expect(mainHeading(page)).toHaveText('The portal is unavailable');
      await expect(page.getByTestId('portal-unavailable')).toContainText('unavailable at the moment');
      await expect(page.getByRole('link', { name: 'Vendor staff sign-in' })).toHaveAttribute(
        'href',
        '/login?staff=1',
      );
      await staffSignIn(page);
      expect(new URL(page.url()).pathname).toBe('/vendor');
    } finally {
      await signOutQuietly(page);
      await staffSignIn(page);
      await setPortalEnabled(page, true);
    }
    await signOutQuietly(page);
    await signIn(page, USERS.solo);
  });

  test('the audit log lists events and offers a CSV export', async ({ page }) => {
    await signIn(page, USERS.admin);
    await gotoPage(page, '/vendor/audit?action=auth.login');
    await expect(mainHeading(page)).toHaveText('Audit log');
    await expect(page.getByRole('cell', { name: 'auth.login' }).first()).toBeVisible();
    await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      '/vendor/audit.csv?action=auth.login',
    );
  });
});

test('a custom domain with a scheme is refused next to the field', async ({ page }) => {
  await signIn(page, USERS.admin);
  await gotoPage(page, '/vendor/settings/domain');
  await expect(mainHeading(page)).toHaveText('Custom domain');
  const form = page.getByRole('form', { name: 'Custom domain' });
  await form.getByLabel('Domain', { exact: true }).fill('https://portal.example.com');
  await form.getByRole('button', { name: 'Save domain', exact: true }).click();
  await expect(page.getByText(/no https:\/\/, path or port/)).toBeVisible();
});
