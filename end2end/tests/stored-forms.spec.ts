// Forms show what is stored after every action (issue 15, item 3), hydrated and without
// JavaScript: a reset or a discard shows the stored values at once, the next "Save" keeps
// them, and a notice belongs to the action that caused it. Every test leaves the demo data as
// it found it (both projects share one database, one test after the other).
import { test, expect, USERS, confirmAction, gotoPage, isHydratedRun, signIn } from './fixtures';
import type { Locator, Page } from '@playwright/test';

function status(page: Page, text: string | RegExp): Locator {
  return page.getByRole('status').filter({ hasText: text });
}

test('after "Reset to defaults" the permission matrix shows the defaults, and Save keeps them', async ({
  page,
}) => {
  await signIn(page, USERS.admin);
  await gotoPage(page, '/vendor/settings/portal', { axe: false });
  const matrix = page.getByRole('form', { name: 'Permission matrix' });
  // A permission a role has by default (the demo starts from the defaults).
  const label = await matrix.locator('input[type=checkbox]:checked').first().getAttribute('aria-label');
  expect(label).toBeTruthy();
  const box = () => page.getByRole('form', { name: 'Permission matrix' }).getByRole('checkbox', { name: label!, exact: true });

  await box().uncheck();
  await matrix.getByRole('button', { name: 'Save permission matrix' }).click();
  await expect(status(page, 'Permission matrix saved.')).toBeVisible();
  await expect(box()).not.toBeChecked();

  // Tick it again in the form without saving: the reset must still show what is stored.
  await box().check();
  await box().uncheck();
  await confirmAction(page, 'Reset to defaults');
  await expect(status(page, 'Permission matrix reset to the defaults.')).toBeVisible();
  await expect(box()).toBeChecked();

  // Saving the form as it now reads keeps the defaults.
  await page.getByRole('button', { name: 'Save permission matrix' }).click();
  await expect(status(page, 'Permission matrix saved.')).toBeVisible();
  await expect(box()).toBeChecked();
  await gotoPage(page, '/vendor/settings/portal', { axe: false });
  await expect(box()).toBeChecked();
});

test('after "Discard draft" the branding fields show the published branding', async ({ page }) => {
  await signIn(page, USERS.admin);
  await gotoPage(page, '/vendor/settings/branding', { axe: false });
  const name = () =>
    page.getByRole('form', { name: 'Branding draft' }).getByLabel('Portal name', { exact: true });
  const published = await name().inputValue();

  await name().fill('A draft to discard');
  await page.getByRole('button', { name: 'Save draft', exact: true }).click();
  await expect(status(page, 'Draft saved.')).toBeVisible();
  await expect(name()).toHaveValue('A draft to discard');

  await confirmAction(page, 'Discard draft');
  await expect(status(page, 'Draft discarded.')).toBeVisible();
  await expect(name()).toHaveValue(published);
  await expect(page.getByTestId('branding-state')).toHaveText('The draft is what customers see.');
});

test('a refused colour is not shown beside the notice of an earlier action', async ({ page }) => {
  await signIn(page, USERS.admin);
  await gotoPage(page, '/vendor/settings/branding', { axe: false });
  // Discarding an unchanged draft changes nothing customers see.
  await confirmAction(page, 'Discard draft');
  await expect(status(page, 'Draft discarded.')).toBeVisible();

  const form = page.getByRole('form', { name: 'Branding draft' });
  await form.getByLabel('Primary colour', { exact: true }).fill('#ffff00');
  await form.getByRole('button', { name: 'Save draft', exact: true }).click();
  await expect(page.getByText(/1\.03:1/)).toBeVisible();
  await expect(status(page, 'Draft discarded.')).toHaveCount(0);
  // Hydrated, what was typed stays for correcting. (Without JavaScript the refusal is a new
  // page that shows the stored draft: docs/decisions.md, "Forms show what is stored".)
  if (isHydratedRun()) {
    await expect(form.getByLabel('Primary colour', { exact: true })).toHaveValue('#ffff00');
  }
});

test('"Use the vendor\'s defaults" shows the default notification channels at once', async ({ page }) => {
  await signIn(page, USERS.owner);
  await gotoPage(page, '/profile', { axe: false });
  const form = () => page.getByRole('form', { name: 'Notification preferences' });
  const label = await form().locator('input[type=checkbox]:checked').first().getAttribute('aria-label');
  expect(label).toBeTruthy();
  const box = () => form().getByRole('checkbox', { name: label!, exact: true });

  await box().uncheck();
  await form().getByRole('button', { name: 'Save notification preferences' }).click();
  await expect(status(page, 'Notification preferences saved.')).toBeVisible();
  await expect(box()).not.toBeChecked();

  await page.getByRole('button', { name: "Use the vendor's defaults" }).click();
  await expect(status(page, "Notification preferences follow the vendor's defaults again.")).toBeVisible();
  await expect(box()).toBeChecked();
});

test('a form that succeeded is empty again for the next entry', async ({ page }) => {
  await signIn(page, USERS.owner);
  await gotoPage(page, '/org/users', { axe: false });
  const invite = () => page.getByRole('form', { name: 'Invite a user' });
  const email = `stored-forms-${Date.now()}@acme.example`;
  await invite().getByLabel('Email', { exact: true }).fill(email);
  await invite().getByLabel('First name', { exact: true }).fill('Ines');
  await invite().getByLabel('Last name', { exact: true }).fill('Invited');
  await invite().getByRole('button', { name: 'Send invitation' }).click();
  await expect(status(page, 'Invitation sent.')).toBeVisible();
  for (const field of ['Email', 'First name', 'Last name']) {
    await expect(invite().getByLabel(field, { exact: true }), field).toHaveValue('');
  }
  // Put the demo data back: delete the invited person again (they are listed by name).
  await gotoPage(page, `/org/users?q=${encodeURIComponent(email)}`, { axe: false });
  await confirmAction(page, 'Delete Ines Invited');
  await expect(status(page, 'User deleted.')).toBeVisible();
});
