// A phone user can reach and read every page (issue 15, item 1). At 390 x 844 the header shows
// the brand and a "Menu" button (a <details>, so it opens without JavaScript); no page of any
// role scrolls sideways (a table scrolls in its own box, the page does not). On a desktop the
// navigation sits in the header and there is no button.
import { test, expect, USERS, gotoPage, listLicenses, signIn } from './fixtures';
import type { Page } from '@playwright/test';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 768 };

/** By how many pixels the page scrolls sideways (0 when it fits the screen). */
async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
}

function menuButton(page: Page) {
  return page.locator('header.top details.menu > summary');
}

function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

const ROLES = [
  ['an Owner', USERS.owner],
  ['a member', USERS.member],
  ['a customer without an organization', USERS.solo],
  ['a vendor admin', USERS.admin],
] as const;

for (const [role, email] of ROLES) {
  test(`every page of ${role} fits a phone, and the menu reaches each`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize(PHONE);
    await signIn(page, email);

    // The navigation is folded away until the menu button opens it.
    await expect(menuButton(page)).toBeVisible();
    await expect(mainNav(page)).toBeHidden();
    await menuButton(page).click();
    await expect(mainNav(page)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
    expect(await sidewaysScroll(page), 'the open menu fits').toBeLessThanOrEqual(0);

    // Every page the navigation offers, plus the pages one reaches from a list.
    const paths: string[] = await mainNav(page)
      .getByRole('link')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(paths.length, 'the menu offers pages').toBeGreaterThanOrEqual(3);
    if (email !== USERS.admin) {
      const [license] = await listLicenses(page, () => true);
      expect(license, 'a license to open').toBeDefined();
      paths.push(license.href);
    }
    if (email === USERS.owner) {
      await gotoPage(page, '/org/groups', { axe: false });
      const group = await page.locator('main a[href^="/org/groups/"]').first().getAttribute('href');
      expect(group, 'a group to open').toBeTruthy();
      paths.push(group!);
    }
    // A section's other pages are its tabs (components/nav.rs): visit those too.
    const seen = new Set<string>();
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i];
      if (seen.has(path)) continue;
      seen.add(path);
      await gotoPage(page, path, { axe: false });
      expect(await sidewaysScroll(page), `${path} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
      const tabs = await page
        .locator('main nav.tabs a')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
      paths.push(...tabs);
    }
    expect(seen.size, 'pages visited').toBeGreaterThanOrEqual(email === USERS.admin ? 13 : 3);
  });
}

test('a page opened from the phone menu shows with the menu closed', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await signIn(page, USERS.owner);
  await menuButton(page).click();
  await mainNav(page).getByRole('link', { name: 'Licenses', exact: true }).click();
  // Hydrated, a client-side navigation: the header stays and its menu must close itself.
  await page.waitForURL((url) => url.pathname === '/licenses');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Licenses');
  await expect(mainNav(page)).toBeHidden();
  await expect(menuButton(page)).toBeVisible();
});

test('on a desktop the navigation is in the header, without a menu button', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  // The vendor console has the most pages; its sections fit one row.
  for (const email of [USERS.admin, USERS.owner]) {
    await signIn(page, email);
    await expect(menuButton(page)).toBeHidden();
    await expect(mainNav(page)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
    expect(await sidewaysScroll(page), `${email}'s header fits 1366 px`).toBeLessThanOrEqual(0);
    // Grouped into a few sections, the links sit on one row.
    const rows = await mainNav(page)
      .getByRole('link')
      .evaluateAll((links) => new Set(links.map((a) => Math.round(a.getBoundingClientRect().top))).size);
    expect(rows, `${email}'s navigation is one row`).toBe(1);
    await page.context().clearCookies();
  }
});
