import {
  test,
  expect,
  USERS,
  gotoPage,
  listLicenses,
  mainHeading,
  signIn,
  signOutQuietly,
} from './fixtures';

test.describe('license visibility', () => {
  test('a license linked only to a group the member is not in stays hidden', async ({ page }) => {
    await signIn(page, USERS.owner);
    const ownerRows = await listLicenses(page, (row) => row.groups === 'Design');
    const design = ownerRows.find((row) => row.groups === 'Design');
    expect(design, 'the owner sees a license linked only to "Design"').toBeDefined();
    expect(design!.key).not.toBe('');

    // The owner can open it...
    const ownerView = await gotoPage(page, design!.href);
    expect(ownerView.status()).toBe(200);
    await expect(page.getByTestId('license-key')).toHaveText(design!.key);

    // ...the member can neither list it nor open it.
    await signOutQuietly(page);
    await signIn(page, USERS.member);
    const memberRows = await listLicenses(page);
    expect(memberRows.length, 'the member sees some licenses').toBeGreaterThan(0);
    expect(memberRows.map((row) => row.key)).not.toContain(design!.key);

    const memberView = await gotoPage(page, design!.href);
    expect(memberView.status()).toBe(404);
    await expect(mainHeading(page)).toHaveText('Not found');
    await expect(page.getByText(design!.key)).toHaveCount(0);
  });

  test("another organization's license is not found", async ({ page }) => {
    await signIn(page, USERS.globexOwner);
    const [globexLicense] = await listLicenses(page, () => true);
    expect(globexLicense, 'Globex has a license').toBeDefined();
    const globexView = await gotoPage(page, globexLicense.href);
    expect(globexView.status()).toBe(200);

    await signOutQuietly(page);
    await signIn(page, USERS.owner);
    const acmeView = await gotoPage(page, globexLicense.href);
    expect(acmeView.status()).toBe(404);
    await expect(mainHeading(page)).toHaveText('Not found');
    await expect(page.getByText(globexLicense.key)).toHaveCount(0);
  });
});
