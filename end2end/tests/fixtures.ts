// Shared helpers for every spec: navigation that checks hydration, an axe audit, sign-in.
//
// Every spec runs in two projects (playwright.config.ts): `no-js` (server-rendered HTML and plain
// form posts only) and `hydrated` (the WASM bundle must load and mark
// `<html data-hydrated="true">`, see docs/ui-contract.md).
import { test as base, expect, type Locator, type Page, type Response } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export { expect };

/** Password of every demo user (`keyport seed-demo`). */
export const DEMO_PASSWORD = 'keyport-demo';

/** Demo logins, docs/ui-contract.md. */
export const USERS = {
  admin: 'admin@vendor.example',
  owner: 'owner@acme.example',
  member: 'member@acme.example',
  viewer: 'viewer@acme.example',
  solo: 'solo@example.com',
  globexOwner: 'owner@globex.example',
} as const;

const HYDRATION_TIMEOUT_MS = 10_000;

/**
 * `test` with guards that fail a test on any uncaught exception in the page (a WASM panic) and,
 * with JavaScript on, on anything the page's Content-Security-Policy refused (every frame's
 * `securitypolicyviolation` events). Without JavaScript no event can be listened to: there the
 * server logs the browsers' reports (`/csp-report`) and scripts/test.sh fails on any.
 */
export const test = base.extend<{ failOnPageErrors: void; failOnCspViolations: void }>({
  failOnPageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await use();
      expect(errors, 'uncaught errors in the page').toEqual([]);
    },
    { auto: true },
  ],
  failOnCspViolations: [
    async ({ page }, use, testInfo) => {
      const violations: string[] = [];
      if (testInfo.project.use.javaScriptEnabled !== false) {
        await page.exposeBinding('__kpCspViolation', (_source, text: string) => {
          violations.push(text);
        });
        await page.addInitScript(() => {
          document.addEventListener('securitypolicyviolation', (e) => {
            const report = (window as unknown as { __kpCspViolation: (t: string) => void })
              .__kpCspViolation;
            report(`${e.violatedDirective} blocked ${e.blockedURI} on ${e.documentURI}`);
          });
        });
      }
      await use();
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

/** True in the `hydrated` project, false in `no-js`. */
export function isHydratedRun(): boolean {
  return test.info().project.use.javaScriptEnabled !== false;
}

/** In the hydrated project, waits until the client has hydrated the current page. */
export async function expectHydrated(page: Page): Promise<void> {
  if (!isHydratedRun()) return;
  await expect(page.locator('html'), `${page.url()} hydrates`).toHaveAttribute(
    'data-hydrated',
    'true',
    { timeout: HYDRATION_TIMEOUT_MS },
  );
}

/**
 * Fails on any axe violation (WCAG 2 A and AA rules) of impact serious or critical.
 *
 * axe runs as a script in the page, which the no-js project forbids; there the audit runs on a
 * copy of the page's HTML in a scratch context that allows Playwright's scripts but, through a
 * Content-Security-Policy, none of the page's own.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const { target, close } = await auditablePage(page);
  try {
    const results = await new AxeBuilder({ page: target }).withTags(['wcag2a', 'wcag2aa']).analyze();
    const blocking = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${violation.impact} ${violation.id}: ${violation.help} ` +
          `(${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
      );
    expect(blocking, `accessibility of ${page.url()}`).toEqual([]);
  } finally {
    await close();
  }
}

async function auditablePage(page: Page): Promise<{ target: Page; close: () => Promise<void> }> {
  if (isHydratedRun()) return { target: page, close: async () => {} };
  const browser = page.context().browser();
  if (browser === null) throw new Error('the page has no browser to open an audit context in');
  const url = page.url();
  const html = await page.content();
  const context = await browser.newContext({ javaScriptEnabled: true });
  const copy = await context.newPage();
  await copy.route('**/*', async (route) => {
    const request = route.request();
    if (request.isNavigationRequest() && request.frame() === copy.mainFrame()) {
      await route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        headers: { 'content-security-policy': "script-src 'none'" },
        body: html,
      });
    } else if (['script', 'xhr', 'fetch', 'websocket'].includes(request.resourceType())) {
      await route.abort();
    } else {
      await route.continue();
    }
  });
  await copy.goto(url);
  return { target: copy, close: () => context.close() };
}

/** Checks a page the test has just arrived on: hydrated (hydrated project) and accessible. */
export async function expectPageReady(page: Page, options: { axe?: boolean } = {}): Promise<void> {
  await expectHydrated(page);
  if (options.axe ?? true) await expectAccessible(page);
}

/**
 * Opens `path` (relative to the base URL), waits for hydration and runs the axe audit.
 * Returns the response of the navigation, for its status.
 */
export async function gotoPage(
  page: Page,
  path: string,
  options: { axe?: boolean } = {},
): Promise<Response> {
  const response = await page.goto(path);
  expect(response, `a response for ${path}`).not.toBeNull();
  await expectPageReady(page, options);
  return response!;
}

/** Path of the current page, without the query. */
export function currentPath(page: Page): string {
  return new URL(page.url()).pathname;
}

/** Signs in through the login form and waits for the landing page (`/` or `/vendor`). */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await gotoPage(page, '/login');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
  await expectPageReady(page);
}

/** Forgets the session (cookies) so the next `signIn` can be someone else. */
export async function signOutQuietly(page: Page): Promise<void> {
  await page.context().clearCookies();
}

/** The `<h1>` of the page. */
export function mainHeading(page: Page): Locator {
  return page.getByRole('heading', { level: 1 });
}

export interface LicenseRow {
  key: string;
  href: string;
  groups: string;
}

/** The licenses table of `/licenses` (the one with a "Key" column). */
function licensesTable(page: Page): Locator {
  return page
    .getByRole('table')
    .filter({ has: page.getByRole('columnheader', { name: 'Key', exact: true }) })
    .first();
}

/** Data rows of a table (rows that hold cells, not the header row). */
export function dataRows(table: Locator): Locator {
  return table.getByRole('row').filter({ has: table.page().getByRole('cell') });
}

/** Reads the rows of the `/licenses` page currently shown. */
async function readLicenseRows(page: Page): Promise<LicenseRow[]> {
  const table = licensesTable(page);
  const headers = (await table.getByRole('columnheader').allInnerTexts()).map((h) => h.trim());
  const keyColumn = headers.indexOf('Key');
  const groupsColumn = headers.indexOf('Groups');
  expect(keyColumn, `a Key column in ${headers.join(', ')}`).toBeGreaterThanOrEqual(0);
  expect(groupsColumn, `a Groups column in ${headers.join(', ')}`).toBeGreaterThanOrEqual(0);

  const rows: LicenseRow[] = [];
  const rowLocators = await dataRows(table).all();
  for (const row of rowLocators) {
    const cells = row.getByRole('cell').or(row.getByRole('rowheader'));
    const keyLink = cells.nth(keyColumn).getByRole('link');
    rows.push({
      key: (await keyLink.innerText()).trim(),
      href: (await keyLink.getAttribute('href')) ?? '',
      groups: (await cells.nth(groupsColumn).innerText()).trim(),
    });
  }
  return rows;
}

/**
 * Every license the signed-in user sees on `/licenses`, following "Next page" links.
 * Stops early when `stop` returns true for a row.
 */
export async function listLicenses(
  page: Page,
  stop: (row: LicenseRow) => boolean = () => false,
): Promise<LicenseRow[]> {
  const all: LicenseRow[] = [];
  await gotoPage(page, '/licenses');
  await expect(mainHeading(page)).toHaveText('Licenses');
  for (let pageNumber = 0; pageNumber < 50; pageNumber++) {
    const rows = await readLicenseRows(page);
    all.push(...rows);
    if (rows.some(stop)) break;
    const next = page.getByRole('link', { name: 'Next page', exact: true });
    if ((await next.count()) === 0) break;
    const href = await next.getAttribute('href');
    expect(href, 'the "Next page" link has an address').toBeTruthy();
    await gotoPage(page, href!, { axe: false });
  }
  return all;
}

/**
 * The first button of a destructive action (components/confirm.rs): a disclosure's summary
 * named like "Delete Design" (`label`), or whose name starts with `prefix`. Nothing is sent
 * until the second button (see `confirmAction`).
 */
export function destructive(scope: Page | Locator, name: { label: string } | { prefix: string }): Locator {
  const css = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return 'label' in name
    ? scope.locator(`summary[aria-label="${css(name.label)}"]`)
    : scope.locator(`summary[aria-label^="${css(name.prefix)}"]`);
}

/**
 * Opens a destructive action's confirmation, checks that it says whether it can be undone,
 * and confirms it.
 */
export async function confirmAction(scope: Page | Locator, label: string): Promise<void> {
  const summary = destructive(scope, { label }).first();
  await summary.click();
  const details = summary.locator('xpath=..');
  await expect(details.locator('p strong')).toBeVisible();
  await details.getByRole('button', { name: `Confirm: ${label}`, exact: true }).click();
}
