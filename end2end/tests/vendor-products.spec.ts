// The vendor console's products and organizations pages: an admin creates a hidden product
// and shows it, and creates an organization; both pages pass the axe audit. Names carry the
// project and a timestamp, as the demo database is shared by both projects and by reruns.
import { test, expect, USERS, gotoPage, mainHeading, signIn } from './fixtures';

test.describe('vendor products and organizations', () => {
  test.slow();
  test('an admin creates a hidden product, then shows it', async ({ page }, info) => {
    const name = `E2E Product ${info.project.name} ${Date.now()}`;
    await signIn(page, USERS.admin);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Licensing', exact: true })
      .click();
    await page.getByRole('navigation', { name: 'Licensing' }).getByRole('link', { name: 'Products', exact: true }).click();
    await expect(mainHeading(page)).toHaveText('Products');
    await expect(page.getByLabel(/^Name of Northwind/).first()).toBeVisible();

    const form = page.getByRole('form', { name: 'Create a product' });
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('Visibility', { exact: true }).selectOption('hidden');
    await form.getByRole('button', { name: 'Create product', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Product created.' })).toBeVisible();

    const row = page.getByTestId('vendor-product').filter({ hasText: name });
    await expect(row.getByTestId('product-visibility')).toHaveText('Hidden');
    await row.getByRole('button', { name: `Show ${name}`, exact: true }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'The product is visible to customers.' }),
    ).toBeVisible();
    await expect(
      page.getByTestId('vendor-product').filter({ hasText: name }).getByTestId('product-visibility'),
    ).toHaveText('Visible');
    await gotoPage(page, '/vendor/products');
  });

  test('an admin creates an organization and sees it with its cap', async ({ page }, info) => {
    const name = `E2E Org ${info.project.name} ${Date.now()}`;
    await signIn(page, USERS.admin);
    await gotoPage(page, '/vendor/organizations');
    await expect(mainHeading(page)).toHaveText('Organizations');
    const form = page.getByRole('form', { name: 'Create an organization' });
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('Allowed users (blank: unlimited)').fill('4');
    await form.getByRole('button', { name: 'Create organization', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Organization created.' })).toBeVisible();
    await expect(page.getByRole('region', { name })).toContainText('0 of 4 users');
    await gotoPage(page, '/vendor/organizations');
  });
});
