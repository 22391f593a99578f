// Pages that load on demand (app/src/routes.rs): their WASM modules come from the server when
// a page first needs them. JavaScript only: without it there is nothing to load (the no-js
// project ignores this file, playwright.config.ts).
import { test as base } from '@playwright/test';
import { test, expect, USERS, gotoPage, mainHeading, signIn } from './fixtures';

/** A mark on the page's `window`, which a full page load would wipe. */
async function markWindow(page: import('@playwright/test').Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __kpMark: number }).__kpMark = 1;
  });
}

async function windowMarked(page: import('@playwright/test').Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __kpMark?: number }).__kpMark === 1);
}

test.describe('lazy routes', () => {
  test('links between lazy pages load their modules without reloading the page', async ({ page }) => {
    await signIn(page, USERS.owner);
    await markWindow(page);
    const fetched: string[] = [];
    page.on('request', (request) => {
      const name = new URL(request.url()).pathname.split('/').pop() ?? '';
      if (name.endsWith('.wasm')) fetched.push(name);
    });

    for (const [link, path, heading] of [
      // "Organization" leads to its first page; its other pages are its tabs.
      ['Organization', '/org/users', 'Users'],
      ['Groups', '/org/groups', 'Groups'],
      ['Profile', '/profile', 'Profile'],
      ['Releases', '/releases', 'Releases'],
      ['Licenses', '/licenses', 'Licenses'],
    ] as const) {
      await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
      await page.waitForURL((url) => url.pathname === path);
      await expect(mainHeading(page), `${path} after a click`).toHaveText(heading);
    }
    expect(await windowMarked(page), 'no full page load between the pages').toBe(true);
    // The main module came with the first page; the lazy pages brought their own.
    expect(fetched.some((name) => name.startsWith('split_')), 'route modules fetched').toBe(true);
    expect(fetched, 'the main module is not fetched again').not.toContain('keyport_bg.wasm');
  });

  test('a lazy page opened directly preloads its modules and hydrates', async ({ page }) => {
    await signIn(page, USERS.owner);
    const response = await gotoPage(page, '/org/groups');
    const html = await response.text();
    const preload = /<link[^>]* href="\/pkg\/[0-9a-f]+\/split_org_pages_\d+\.wasm" rel="preload"/;
    expect(html, 'the server preloads the page\'s route module').toMatch(preload);
    // Every time: Leptos' own links came with only about two pages in three.
    for (let i = 0; i < 8; i++) {
      const again = await (await page.request.get('/org/groups')).text();
      expect(again, `the preload links of load ${i + 2}`).toMatch(preload);
    }
    await expect(mainHeading(page)).toHaveText('Groups');
    // Hydrated: a client-side link works from here.
    await markWindow(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Activity', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/org/activity');
    expect(await windowMarked(page)).toBe(true);
  });

  test("a customer's dashboard and license list load no other page's module", async ({ page }) => {
    const fetched: string[] = [];
    page.on('request', (request) => {
      const name = new URL(request.url()).pathname.split('/').pop() ?? '';
      if (name.startsWith('split_')) fetched.push(name.replace(/_\d+\.wasm$/, ''));
    });
    await signIn(page, USERS.member);
    fetched.length = 0;
    await gotoPage(page, '/', { axe: false });
    await gotoPage(page, '/licenses', { axe: false });
    expect([...new Set(fetched)].sort()).toEqual(['split_dashboard_pages', 'split_license_list_pages']);
  });
});

// The plain Playwright `test`: the failed load below panics in the page on purpose, which the
// shared fixture would count as an error.
base('a route module that fails to load loads the page in full once, which then works', async ({ page }) => {
  await page.goto('/login');
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await page.getByLabel('Email', { exact: true }).fill(USERS.viewer);
  await page.getByLabel('Password', { exact: true }).fill('keyport-demo');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');

  // As after a deploy that removed this page's build: the profile's module is gone.
  await page.route(/\/split_account_pages_\d+\.wasm$/, (route) => route.fulfill({ status: 404 }));
  await markWindow(page);
  const loads: string[] = [];
  page.on('load', () => loads.push(page.url()));

  await page.getByRole('navigation').getByRole('link', { name: 'Profile', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/profile');
  await expect.poll(() => loads.length, { message: 'one full page load' }).toBe(1);
  await expect(mainHeading(page)).toHaveText('Profile');
  expect(await windowMarked(page), 'a fresh page').toBe(false);
  // The module still fails after the reload: no second reload, and the server-rendered page
  // stays usable (its links are plain links). A second reload of /profile would show here.
  await page.getByRole('navigation').getByRole('link', { name: 'Licenses', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/licenses');
  await expect(mainHeading(page)).toHaveText('Licenses');
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  expect(loads.map((url) => new URL(url).pathname), 'reloaded once only').toEqual([
    '/profile',
    '/licenses',
  ]);
});
