// The vendor console's licenses: an admin issues a license to Globex, suspends it, and the
// Globex owner sees it suspended on their next page load. The license is revoked at the end,
// so reruns and the other project each add one revoked license and change nothing else.
import { createHash } from 'node:crypto';
import {
  test,
  expect,
  USERS,
  expectPageReady,
  gotoPage,
  mainHeading,
  signIn,
  signOutQuietly,
  confirmAction,
} from './fixtures';

test.describe('vendor licenses', () => {
  test.slow();
  test('an admin issues and suspends a license; the customer sees it', async ({ page }) => {
    await signIn(page, USERS.admin);
    // "Licensing" leads to the licenses, with Products beside them as a tab.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Licensing', exact: true }).click();
    await expect(mainHeading(page)).toHaveText('Licenses');
    await expect(page.getByTestId('product-key').filter({ hasText: 'Northwind Studio' })).toBeVisible();

    const form = page.getByRole('form', { name: 'Issue a license' });
    await form.getByLabel('Product', { exact: true }).selectOption({ label: 'Northwind Studio' });
    await form.getByLabel('Organization', { exact: true }).selectOption({ label: 'Globex Ltd' });
    await form.getByLabel('Allowed activations (blank: unlimited)').fill('2');
    await form.getByLabel('Metadata (one key=value per line)').fill('issued_by=e2e');
    await form.getByRole('button', { name: 'Issue license', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'License issued.' })).toBeVisible();

    // Newest first: the license just issued heads the table.
    const row = page.getByTestId('vendor-license').first();
    await expect(row).toContainText('Globex Ltd');
    const key = (await row.getByRole('link').first().innerText()).trim();
    expect(key).toMatch(/^KP-/);
    await confirmAction(row, `Suspend ${key}`);
    await expect(page.getByRole('status').filter({ hasText: 'The license was suspended.' })).toBeVisible();

    await signOutQuietly(page);
    await signIn(page, USERS.globexOwner);
    await gotoPage(page, `/licenses?q=${encodeURIComponent(key)}`);
    const customerRow = page.getByRole('row').filter({ hasText: key });
    await expect(customerRow).toContainText('Suspended');

    await signOutQuietly(page);
    await signIn(page, USERS.admin);
    await gotoPage(page, `/vendor/licenses?q=${encodeURIComponent(key)}`, { axe: false });
    await confirmAction(page, `Revoke ${key}`);
    await expect(page.getByRole('status').filter({ hasText: 'The license was revoked.' })).toBeVisible();
  });
});

test.describe('machines', () => {
  test.slow();
  test('an owner deactivates a machine from the license page after confirming; the seat is free', async ({
    page,
    request,
  }, testInfo) => {
    // A license of its own, so the demo data the other specs read stays as it was.
    await signIn(page, USERS.admin);
    await gotoPage(page, '/vendor/licenses', { axe: false });
    const form = page.getByRole('form', { name: 'Issue a license' });
    await form.getByLabel('Product', { exact: true }).selectOption({ label: 'Northwind Studio' });
    await form.getByLabel('Organization', { exact: true }).selectOption({ label: 'Acme Corp' });
    await form.getByLabel('Allowed activations (blank: unlimited)').fill('1');
    await form.getByRole('button', { name: 'Issue license', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'License issued.' })).toBeVisible();
    const key = (await page.getByTestId('vendor-license').first().getByRole('link').first().innerText()).trim();

    // The application on a customer's machine activates it through the licensing API.
    const hostname = `e2e-${testInfo.project.name}-${Date.now()}`;
    const fingerprint = createHash('sha256').update(hostname).digest('hex');
    const activated = await request.post('/api/v1/activations', {
      data: { license_key: key, fingerprint, hostname, os: 'linux' },
    });
    expect(activated.ok(), await activated.text()).toBeTruthy();

    await signOutQuietly(page);
    await signIn(page, USERS.owner);
    await gotoPage(page, `/licenses?q=${encodeURIComponent(key)}`, { axe: false });
    await page.getByRole('link', { name: key, exact: true }).click();
    await expectPageReady(page);
    const machine = page.getByRole('row').filter({ hasText: hostname });
    await expect(machine).toBeVisible();
    await machine.getByText('Deactivate', { exact: true }).click();
    await expect(machine).toContainText('counts against the license');
    await machine.getByRole('button', { name: `Confirm: Deactivate ${hostname}`, exact: true }).click();
    await expect(page.getByRole('row').filter({ hasText: hostname })).toHaveCount(0);

    // The seat is free: another machine activates on the one-seat license.
    const again = await request.post('/api/v1/activations', {
      data: { license_key: key, fingerprint: createHash('sha256').update(`${hostname}-2`).digest('hex'), hostname: `${hostname}-2`, os: 'linux' },
    });
    expect(again.ok(), await again.text()).toBeTruthy();

    await signOutQuietly(page);
    await signIn(page, USERS.admin);
    await gotoPage(page, `/vendor/licenses?q=${encodeURIComponent(key)}`, { axe: false });
    await confirmAction(page, `Revoke ${key}`);
    await expect(page.getByRole('status').filter({ hasText: 'The license was revoked.' })).toBeVisible();
  });
});
