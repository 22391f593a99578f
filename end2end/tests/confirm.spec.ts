// Destructive actions ask first (issue 15, item 2): the action's button opens a confirmation
// that says what will happen and whether it can be undone, nothing is sent before its second
// button, and both steps work without JavaScript (a native disclosure).
import {
  test,
  expect,
  USERS,
  confirmAction,
  destructive,
  gotoPage,
  signIn,
} from './fixtures';

test('disabling a person asks first, says what happens, and can be undone', async ({ page }) => {
  await signIn(page, USERS.owner);
  await gotoPage(page, '/org/users?q=designer');
  const row = page.getByRole('row').filter({ hasText: 'designer@acme.example' });
  await expect(row).toContainText('Active');

  // The first button only asks.
  await destructive(row, { label: 'Disable Dana Designer' }).click();
  await expect(row).toContainText('Dana Designer is signed out everywhere and cannot sign in until enabled');
  await expect(row.getByText('You can enable them again.')).toBeVisible();
  await gotoPage(page, '/org/users?q=designer', { axe: false });
  await expect(page.getByRole('row').filter({ hasText: 'designer@acme.example' })).toContainText('Active');

  try {
    await confirmAction(page.getByRole('row').filter({ hasText: 'designer@acme.example' }), 'Disable Dana Designer');
    await expect(page.getByRole('status').filter({ hasText: 'User disabled' })).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: 'designer@acme.example' })).toContainText('Disabled');
  } finally {
    // Enabling asks nothing: it takes nothing away.
    await gotoPage(page, '/org/users?q=designer', { axe: false });
    const enable = page.getByRole('button', { name: 'Enable Dana Designer', exact: true });
    if (await enable.count()) {
      await enable.click();
      await expect(page.getByRole('status').filter({ hasText: 'User enabled.' })).toBeVisible();
    }
  }
  await expect(page.getByRole('row').filter({ hasText: 'designer@acme.example' })).toContainText('Active');
});

test('every destructive action of the organization pages sits behind a confirmation', async ({ page }) => {
  await signIn(page, USERS.owner);
  await gotoPage(page, '/org/users', { axe: false });
  // No button deletes or disables at once.
  await expect(page.getByRole('button', { name: /^(Delete|Disable) / })).toHaveCount(0);
  expect(await destructive(page, { prefix: 'Delete ' }).count()).toBeGreaterThan(0);
  expect(await destructive(page, { prefix: 'Disable ' }).count()).toBeGreaterThan(0);

  await gotoPage(page, '/org/groups', { axe: false });
  await expect(page.getByRole('button', { name: /^(Remove|Unlink|Delete) / })).toHaveCount(0);
  expect(await destructive(page, { prefix: 'Remove ' }).count()).toBeGreaterThan(0);
});
