import { test, expect, DEMO_PASSWORD, USERS, gotoPage, mainHeading, signIn } from './fixtures';
import type { Locator, Page } from '@playwright/test';

/** The text of the elements an input's `aria-describedby` points at. */
async function describedText(page: Page, input: Locator): Promise<string> {
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts: string[] = [];
  for (const id of ids) texts.push((await page.locator(`[id="${id}"]`).innerText()).trim());
  return texts.join(' ');
}

async function saveFirstName(page: Page, firstName: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Profile details' });
  await form.getByLabel('First name', { exact: true }).fill(firstName);
  // A name alone needs no password (only a new email does).
  await expect(form.getByLabel('Current password', { exact: true })).toHaveValue('');
  await form.getByRole('button', { name: 'Save profile', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Profile saved.' })).toBeVisible();
}

// Only viewer@acme.example is changed here, and put back; the projects run one at a time
// (workers: 1), so the two runs never edit it together.
test.describe('profile', () => {
  test('a changed first name is saved and kept', async ({ page }, testInfo) => {
    await signIn(page, USERS.viewer);
    await gotoPage(page, '/profile');
    await expect(mainHeading(page)).toHaveText('Profile');
    const firstName = page
      .getByRole('form', { name: 'Profile details' })
      .getByLabel('First name', { exact: true });
    const original = await firstName.inputValue();
    const changed = `Vera ${testInfo.project.name} ${Date.now().toString(36)}`;
    expect(changed).not.toBe(original);

    try {
      await saveFirstName(page, changed);
      await gotoPage(page, '/profile');
      await expect(firstName).toHaveValue(changed);
    } finally {
      await gotoPage(page, '/profile', { axe: false });
      await saveFirstName(page, original);
    }
    await gotoPage(page, '/profile', { axe: false });
    await expect(firstName).toHaveValue(original);
  });

  test('a too short new password is refused next to the field', async ({ page }) => {
    await signIn(page, USERS.viewer);
    await gotoPage(page, '/profile');
    const form = page.getByRole('form', { name: 'Change password' });
    const before = await describedText(page, form.getByLabel('New password', { exact: true }));

    await form.getByLabel('Current password', { exact: true }).fill(DEMO_PASSWORD);
    await form.getByLabel('New password', { exact: true }).fill('short');
    await form.getByRole('button', { name: 'Change password', exact: true }).click();

    const newPassword = form.getByLabel('New password', { exact: true });
    await expect
      .poll(() => describedText(page, newPassword), { message: 'a field error on "New password"' })
      .not.toBe(before);
    expect(await describedText(page, newPassword)).not.toBe('');
    await expect(page.getByText('Password changed.')).toHaveCount(0);
  });
});
