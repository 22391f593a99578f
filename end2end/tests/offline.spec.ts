import { test, expect, USERS, gotoPage, mainHeading, signIn, expectPageReady } from './fixtures';

// The full journey (a request made by `keyport-activate`, uploaded, its response accepted by
// the CLI) runs in sdk/tests/round_trip.rs against a real server; here: the page itself.
test.describe('offline activation page', () => {
  test('a member with the permission finds the page and a bad file is refused with its reason', async ({
    page,
  }) => {
    await signIn(page, USERS.member);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Offline activation', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/offline/activate');
    await expectPageReady(page);
    await expect(mainHeading(page)).toHaveText('Offline activation');
    const form = page.getByRole('form', { name: 'Offline activation' });
    await expect(form.getByLabel('Activation request file', { exact: true })).toBeVisible();
    await form.getByLabel('Or paste the text of the file', { exact: true }).fill('<html>not a request</html>');
    await form.getByRole('button', { name: 'Activate and download the response', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.has('error'));
    await expectPageReady(page);
    await expect(page.getByRole('alert')).toContainText(
      'this is not a Keyport file: the line "-----BEGIN KEYPORT ACTIVATION REQUEST-----" is missing',
    );
  });

  test('a viewer has no link and the page refuses them', async ({ page }) => {
    await signIn(page, USERS.viewer);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Offline activation', exact: true })).toHaveCount(0);
    await gotoPage(page, '/offline/deactivate');
    await expect(page.getByRole('alert')).toHaveText('You do not have access to this page.');
    await expect(page.getByRole('form', { name: 'Offline deactivation' })).toHaveCount(0);
  });
});
