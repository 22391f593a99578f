// The vendor console's licenses: an admin issues a license to Globex, suspends it, and the
// Globex owner sees it suspended on their next page load. The license is revoked at the end,
// so reruns and the other project each add one revoked license and change nothing else.
import { test, expect, USERS, gotoPage, mainHeading, signIn, signOutQuietly } from './fixtures';

test.describe('vendor licenses', () => {
  test.slow();
  test('an admin issues and suspends a license; the customer sees it', async ({ page }) => {
    await signIn(page, USERS.admin);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Licenses', exact: true }).click();
    await expect(mainHeading(page)).toHaveText('Licenses');
    await expect(page.getByTestId('product-key').first()).toContainText('Northwind');

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
    await row.getByRole('button', { name: `Suspend ${key}`, exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The license was suspended.' })).toBeVisible();

    await signOutQuietly(page);
    await signIn(page, USERS.globexOwner);
    await gotoPage(page, `/licenses?q=${encodeURIComponent(key)}`);
    const customerRow = page.getByRole('row').filter({ hasText: key });
    await expect(customerRow).toContainText('Suspended');

    await signOutQuietly(page);
    await signIn(page, USERS.admin);
    await gotoPage(page, `/vendor/licenses?q=${encodeURIComponent(key)}`, { axe: false });
    await page.getByRole('button', { name: `Revoke ${key}`, exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The license was revoked.' })).toBeVisible();
  });
});
