// Notifications: staff suspend a Globex license; its owner sees the unread count in the
// header, reads the notice at /notifications and marks everything read; the owner changes
// their own channels on the profile page and goes back to the vendor's defaults; staff see
// the defaults with the commerce events "Coming soon". The license is revoked at the end, so
// each run adds one revoked license and leaves the owner's preferences as they were.
import {
  test,
  expect,
  USERS,
  gotoPage,
  mainHeading,
  signIn,
  signOutQuietly,
  confirmAction,
} from './fixtures';

test('a suspension reaches the owner in the portal; preferences are theirs to change', async ({ page }) => {
  test.slow();
  await signIn(page, USERS.admin);
  await gotoPage(page, '/vendor/licenses', { axe: false });
  const form = page.getByRole('form', { name: 'Issue a license' });
  await form.getByLabel('Product', { exact: true }).selectOption({ label: 'Northwind Studio' });
  await form.getByLabel('Organization', { exact: true }).selectOption({ label: 'Globex Ltd' });
  await form.getByRole('button', { name: 'Issue license', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'License issued.' })).toBeVisible();
  const key = (await page.getByTestId('vendor-license').first().getByRole('link').first().innerText()).trim();
  await confirmAction(page, `Suspend ${key}`);
  await expect(page.getByRole('status').filter({ hasText: 'The license was suspended.' })).toBeVisible();

  await gotoPage(page, '/vendor/settings/notifications');
  await expect(mainHeading(page)).toHaveText('Notification settings');
  await expect(page.getByRole('row').filter({ hasText: 'Offer sent' })).toContainText('Coming soon');
  await expect(page.getByRole('row').filter({ hasText: 'License expired, suspended or revoked' })).toContainText('Delivered');

  await signOutQuietly(page);
  await signIn(page, USERS.globexOwner);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByTestId('unread-count')).toBeVisible();
  await nav.getByRole('link', { name: /Notifications/ }).click();
  await expect(mainHeading(page)).toHaveText('Notifications');
  await gotoPage(page, '/notifications');
  const notice = page.getByTestId('notification').filter({ hasText: key.slice(0, 8) }).first();
  await expect(notice).toContainText('License suspended: Northwind Studio');
  await expect(notice.getByRole('link', { name: 'Open' })).toHaveAttribute('href', /^\/licenses\//);
  await page.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.getByTestId('unread-summary')).toHaveText('No unread notifications.');
  await expect(nav.getByTestId('unread-count')).toHaveCount(0);

  await gotoPage(page, '/profile');
  const prefs = page.getByRole('form', { name: 'Notification preferences' });
  const portal = prefs.getByLabel('License expired, suspended or revoked: in the portal');
  await expect(portal).toBeChecked();
  await portal.uncheck();
  await prefs.getByRole('button', { name: 'Save notification preferences' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Notification preferences saved.' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'License expired, suspended or revoked' });
  await expect(row).toContainText('Your choice');
  await expect(row.getByLabel('License expired, suspended or revoked: in the portal')).not.toBeChecked();
  await page.getByRole('button', { name: "Use the vendor's defaults" }).click();
  await expect(page.getByRole('status').filter({ hasText: "follow the vendor's defaults again" })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'License expired, suspended or revoked' })).toContainText(
    "The vendor's default",
  );

  await signOutQuietly(page);
  await signIn(page, USERS.admin);
  await gotoPage(page, `/vendor/licenses?q=${encodeURIComponent(key)}`, { axe: false });
  await confirmAction(page, `Revoke ${key}`);
  await expect(page.getByRole('status').filter({ hasText: 'The license was revoked.' })).toBeVisible();
});
